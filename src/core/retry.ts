/**
 * How a failed request is retried: a bounded number of attempts with exponential
 * backoff and full jitter.
 */
export interface RetryPolicy {
  /**
   * Attempts in all, the first included.
   * @default 4
   */
  readonly maxAttempts: number;
  /**
   * Backoff base: attempt n (from 1) waits a random time in [0, base * 2^(n-1)).
   * @default 200
   */
  readonly baseDelayMs: number;
  /**
   * Upper bound of one wait, including a wait the cloud asked for.
   * @default 20000
   */
  readonly maxDelayMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 20_000 };

/**
 * The wait before retry number `retry` (1 = the first retry).
 *
 * Full jitter spreads clients that failed together; a wait the cloud asked for
 * (`Retry-After`) is honoured when it is longer, within `maxDelayMs`.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number, hintMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.min(policy.maxDelayMs, Math.max(jittered, hintMs ?? 0));
}

/** Parses an HTTP `Retry-After` header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date names its day and month ("Thu, 01 Jan 2026 00:00:07 GMT"); anything
  // else (a negative number, a bare year) is not one, whatever Date.parse makes of it.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
