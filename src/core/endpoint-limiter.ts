/**
 * Requests in flight to one endpoint, limited by a number that adapts to the endpoint's
 * answers, and the endpoint's retry budget.
 *
 * The idea is AWS SDK's adaptive retry mode and retry quota, applied to concurrency:
 * - a throttling answer shrinks the limit to 90% of what was in flight when it came back
 *   (what the endpoint just showed it takes), never below 1;
 * - every success grows it by 1/limit (about one more request per round trip), up to the
 *   caller's `maxConcurrency`;
 * - a retry spends from a budget of {@link RETRY_BUDGET} tokens (5 per retry, 10 after a
 *   timeout); a first-attempt success gives 1 back, a success after retries gives back
 *   what they cost. An empty budget means no more retries to this endpoint until
 *   successes (or time: the whole budget over {@link RETRY_BUDGET_REFILL_MS}) refill it, so
 *   a broken endpoint is not hammered by every lookup at once.
 *
 * One limiter per endpoint and process (the lookup worker runs every lookup of a synth),
 * whatever the number of clients.
 */
export class EndpointLimiter {
  private limitValue: number;
  private inFlightCount = 0;
  private readonly waiting: Waiter[] = [];
  private tokens = RETRY_BUDGET;
  private tokensAt: number | undefined;

  constructor(initialLimit: number) {
    this.limitValue = initialLimit;
  }

  /** The limit in force (whole requests). */
  get limit(): number {
    return Math.max(1, Math.floor(this.limitValue));
  }

  /** Requests in flight now. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Retry tokens left. */
  get retryTokens(): number {
    return this.tokens;
  }

  /**
   * Waits for a free slot (at most `waitMs`; `Infinity` waits for one), then holds it until `release`.
   * @param cap the caller's own maximum in flight (its `maxConcurrency`)
   * @returns false when `waitMs` passed first
   */
  acquire(cap: number, waitMs: number): Promise<boolean> {
    if (this.waiting.length === 0 && this.admits(cap)) {
      this.inFlightCount++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { cap, resolve, timer: undefined };
      if (Number.isFinite(waitMs)) {
        waiter.timer = setTimeout(
          () => {
            const i = this.waiting.indexOf(waiter);
            if (i >= 0) this.waiting.splice(i, 1);
            resolve(false);
          },
          Math.max(0, waitMs),
        );
      }
      this.waiting.push(waiter);
    });
  }

  /**
   * Gives a slot back, with what the endpoint answered: `throttled` shrinks the limit,
   * `success` grows it (up to `cap`), `other` leaves it.
   */
  release(outcome: 'success' | 'throttled' | 'other', cap: number): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    if (outcome === 'throttled') {
      this.limitValue = Math.max(1, Math.min(this.limitValue, Math.floor(Math.max(1, this.inFlightCount) * 0.9)));
    } else if (outcome === 'success') {
      this.limitValue = Math.min(Math.max(cap, 1), this.limitValue + 1 / Math.max(1, this.limitValue));
    }
    this.wake();
  }

  /** Takes the tokens of one retry and returns their number; undefined when the budget cannot pay for it. */
  takeRetry(afterTimeout: boolean, nowMs: number): number | undefined {
    const cost = afterTimeout ? TIMEOUT_RETRY_COST : RETRY_COST;
    this.refill(nowMs);
    if (this.tokens < cost) return undefined;
    this.tokens -= cost;
    return cost;
  }

  /** Gives tokens back after a success: what its retries cost, or 1 for a first-attempt success. */
  refund(spent: number): void {
    this.tokens = Math.min(RETRY_BUDGET, this.tokens + (spent > 0 ? spent : 1));
  }

  /** Adds what time gave back since the last look (`nowMs` from the caller's clock). */
  private refill(nowMs: number): void {
    if (this.tokensAt !== undefined && nowMs > this.tokensAt) {
      this.tokens = Math.min(RETRY_BUDGET, this.tokens + ((nowMs - this.tokensAt) * RETRY_BUDGET) / RETRY_BUDGET_REFILL_MS);
    }
    this.tokensAt = nowMs;
  }

  private admits(cap: number): boolean {
    return this.inFlightCount < Math.min(this.limit, Math.max(1, cap));
  }

  private wake(): void {
    for (let i = 0; i < this.waiting.length;) {
      const w = this.waiting[i];
      if (!this.admits(w.cap)) {
        if (this.inFlightCount >= this.limit) return;
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      clearTimeout(w.timer);
      this.inFlightCount++;
      w.resolve(true);
    }
  }
}

interface Waiter {
  readonly cap: number;
  readonly resolve: (ok: boolean) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Retry tokens per endpoint (AWS SDK's retry quota). */
export const RETRY_BUDGET = 500;
/** Time in which an empty retry budget refills by itself. */
export const RETRY_BUDGET_REFILL_MS = 10_000;
const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;

const limiters = new Map<string, EndpointLimiter>();

/**
 * The limiter of an endpoint (`key`: the cloud and the origin), made on first use with
 * `initialLimit`.
 */
export function endpointLimiter(key: string, initialLimit: number): EndpointLimiter {
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new EndpointLimiter(initialLimit);
    limiters.set(key, limiter);
  }
  return limiter;
}
