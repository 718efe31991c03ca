import { IConstruct } from 'constructs';

/** Environment variable that makes gates (and `cdktf-headroom check`) fail on warnings: `1`, `true`, `yes` or `on`. */
export const FAIL_ON_WARNINGS_ENV = 'HEADROOM_FAIL_ON_WARNINGS';

/** cdktf context key that makes gates fail on warnings (`true`), e.g. in cdktf.json `"context"`. */
export const FAIL_ON_WARNINGS_CONTEXT = 'headroom:failOnWarnings';

const OFF = new Set(['', '0', 'false', 'no', 'off']);

/**
 * Reads a yes/no setting from the environment or context. Unset and `0`/`false`/`no`/`off`
 * (any case) are off; any other value is on, so a typo fails closed (turns checking on).
 */
export function flagIsOn(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  // true and false read as their words, 'true' and 'false'.
  return !OFF.has(String(value).trim().toLowerCase());
}

/**
 * Whether failing on warnings was asked for: the context key
 * {@link FAIL_ON_WARNINGS_CONTEXT} on `scope` (when given), or the environment variable
 * {@link FAIL_ON_WARNINGS_ENV}.
 */
export function failOnWarningsRequested(scope?: IConstruct, env: NodeJS.ProcessEnv = process.env): boolean {
  if (scope && flagIsOn(scope.node.tryGetContext(FAIL_ON_WARNINGS_CONTEXT))) return true;
  return flagIsOn(env[FAIL_ON_WARNINGS_ENV]);
}
