import { Validator } from '../../core/validate';
import { jsonNumber } from '../message-format';
import { ruleBase, RuleOptions, RuleSpec, ruleWhere } from './rule-kind';

/** What a custom predicate may return instead of a plain boolean. */
export interface CustomCheckResult {
  /** Whether the check passed. */
  readonly pass: boolean;
  /**
   * The value observed, for reports.
   * @default none
   */
  readonly observed?: number | string;
  /**
   * The bound it was held to, for reports.
   * @default none
   */
  readonly bound?: number | string;
  /**
   * What was found (the rule's `fix` is appended when it fails).
   * @default "the check passed" / "the check failed"
   */
  readonly message?: string;
}

/**
 * The rule of `Rule.custom`: the app's own predicate, returning a boolean or a
 * {@link CustomCheckResult}; a result of another shape throws (and the rule fails closed).
 * @internal
 */
export function customRule(id: string, predicate: () => boolean | CustomCheckResult, options: RuleOptions): RuleSpec {
  const where = ruleWhere('custom', id);
  const base = ruleBase(where, id, options);
  if (typeof predicate !== 'function')
    new Validator(where).fail('predicate', typeof predicate, 'a function returning a boolean or { pass, observed?, bound?, message? }');
  return {
    ...base,
    kind: 'custom',
    description: options.description ?? `custom check ${id}`,
    check: () => {
      const result = predicate();
      const r: CustomCheckResult = typeof result === 'boolean' ? { pass: result } : result;
      if (typeof r !== 'object' || r === null || typeof r.pass !== 'boolean') {
        new Validator(where).fail('predicate result', r, 'a boolean or an object { pass: boolean, observed?, bound?, message? }');
      }
      const said = r.message ?? (r.pass ? 'the check passed.' : 'the check failed.');
      return {
        passed: r.pass,
        level: base.level,
        observed: reported(r.observed),
        bound: reported(r.bound),
        values: {},
        message: r.pass ? said : `${said} ${options.fix ?? 'Fix what the check tests, or suppress the rule with a reason.'}`,
      };
    },
  };
}

/** A value the predicate reported, for JSON: null when absent, numbers via `jsonNumber`, anything else as text. */
function reported(x: number | string | undefined): number | string | null {
  return x === undefined ? null : typeof x === 'number' ? jsonNumber(x) : String(x);
}
