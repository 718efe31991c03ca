import { InputError } from './errors';

/**
 * Time as the library sees it: injected so signers and retries can be tested without
 * real waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The environment variable that moves the library's clock, **for tests only**: an ISO 8601
 * time (`2026-03-01T00:00:00Z`). When set, a live lookup's answer is stamped as fetched at
 * that time (so a test builds a lookup's history by synthesizing at chosen times, not by
 * sleeping), `cached` freshness is judged at that time, and runway rules project from it.
 * Never set it in a pipeline: the record would hold times that did not happen.
 */
export const TEST_NOW_ENV = 'HEADROOM_TEST_NOW';

/**
 * The time the library works at: {@link TEST_NOW_ENV} when it is set (tests), else now.
 * @throws InputError when the variable is set to something that is not an ISO 8601 time
 */
export function libraryNowMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TEST_NOW_ENV];
  if (raw === undefined || raw === '') return Date.now();
  const ms = /^\d{4}-\d\d-\d\dT/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    throw new InputError(
      `environment variable ${TEST_NOW_ENV} must be an ISO 8601 time such as "2026-03-01T00:00:00Z" (it moves the clock, for tests only); got ${JSON.stringify(raw)}. Unset it.`,
    );
  }
  return ms;
}

/** Whether {@link TEST_NOW_ENV} moves the clock. */
export function clockIsMoved(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[TEST_NOW_ENV] !== undefined && env[TEST_NOW_ENV] !== '';
}
