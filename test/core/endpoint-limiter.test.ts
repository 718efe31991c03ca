// Issue #17: the endpoint limiter's arithmetic on its own: how far a throttling answer
// shrinks the requests in flight, how successes grow them back, who gets a freed slot,
// and the retry budget (its costs, refunds and refill over time). The waits use jest's
// fake timers, the budget an explicit clock: nothing here waits for real.
import { EndpointLimiter, endpointLimiter, RETRY_BUDGET, RETRY_BUDGET_REFILL_MS } from '../../src/core/endpoint-limiter';

/** Whether a pending acquire has resolved yet, and with what. */
function track(p: Promise<boolean>): { settled: boolean; value?: boolean } {
  const s: { settled: boolean; value?: boolean } = { settled: false };
  void p.then((v) => ((s.settled = true), (s.value = v)));
  return s;
}

const flush = () => new Promise<void>((resolve) => jest.requireActual<typeof import('timers')>('timers').setImmediate(resolve));

/** Takes `n` slots, each of which must be free now (a test fails rather than waits). */
async function take(l: EndpointLimiter, n: number, cap = 100): Promise<void> {
  for (let i = 0; i < n; i++) {
    const slot = track(l.acquire(cap, Infinity));
    await flush();
    expect(slot).toEqual({ settled: true, value: true });
  }
}

/** One more request under `cap` waits while `l` is full for it, and goes as soon as one in flight is released. */
async function expectWaitsForARelease(l: EndpointLimiter, cap: number): Promise<void> {
  const next = track(l.acquire(cap, Infinity));
  await flush();
  expect(next.settled).toBe(false);
  l.release('other', cap);
  await flush();
  expect(next).toEqual({ settled: true, value: true });
}

describe('EndpointLimiter: requests in flight', () => {
  afterEach(() => jest.useRealTimers());

  it('starts at its initial limit and never reports less than 1', async () => {
    expect(new EndpointLimiter(10).limit).toBe(10);
    expect(new EndpointLimiter(2.7).limit).toBe(2);
    expect(new EndpointLimiter(0).limit).toBe(1);
    expect(new EndpointLimiter(-3).limit).toBe(1);
  });

  it('admits up to the limit at once; the next waits for a release', async () => {
    const l = new EndpointLimiter(3);
    await take(l, 3);
    expect(l.inFlight).toBe(3);
    await expectWaitsForARelease(l, 100);
    expect(l.inFlight).toBe(3);
    expect(l.limit).toBe(3);
  });

  it("admits no more than the caller's own cap, even under a higher limit", async () => {
    const l = new EndpointLimiter(10);
    await take(l, 2, 2);
    await expectWaitsForARelease(l, 2);
    expect(l.inFlight).toBe(2);
  });

  it('a cap below 1 still lets one request through', async () => {
    const l = new EndpointLimiter(10);
    await take(l, 1, 0);
    const second = track(l.acquire(0, Infinity));
    await flush();
    expect(second.settled).toBe(false);
  });

  it('a throttling answer shrinks the limit to 90% of what is still in flight, rounded down', async () => {
    const l = new EndpointLimiter(32);
    await take(l, 21);
    l.release('throttled', 32); // 20 in flight: 18
    expect(l.limit).toBe(18);
    expect(l.inFlight).toBe(20);
    l.release('throttled', 32); // 19 in flight: 17
    expect(l.limit).toBe(17);
  });

  it('never shrinks below 1, and never grows on a throttle', async () => {
    const l = new EndpointLimiter(4);
    await take(l, 1);
    l.release('throttled', 4); // nothing in flight: 90% of 1 is 0, floored at 1
    expect(l.limit).toBe(1);
    const m = new EndpointLimiter(5);
    await take(m, 5);
    m.release('other', 100);
    m.release('other', 100);
    expect(m.inFlight).toBe(3);
    m.release('throttled', 100); // 2 in flight: 1
    expect(m.limit).toBe(1);
    const n = new EndpointLimiter(2);
    await take(n, 2);
    n.release('throttled', 100); // 1 in flight: 90% of 1 floors to 0, kept at 1
    expect(n.limit).toBe(1);
  });

  it('each success grows the limit by 1/limit, up to the cap', async () => {
    const l = new EndpointLimiter(2);
    await take(l, 1);
    l.release('success', 4); // 2.5
    expect(l.limit).toBe(2);
    await take(l, 1);
    l.release('success', 4); // 2.9
    expect(l.limit).toBe(2);
    await take(l, 1);
    l.release('success', 4); // 3.2448...
    expect(l.limit).toBe(3);
    for (let i = 0; i < 20; i++) {
      await take(l, 1);
      l.release('success', 4);
    }
    expect(l.limit).toBe(4);
    expect(l.inFlight).toBe(0);
  });

  it('grows from below 1 by a whole request at most, and a cap below 1 counts as 1', async () => {
    const l = new EndpointLimiter(0.5);
    await take(l, 1);
    l.release('success', 10); // 0.5 + 1/max(1, 0.5) = 1.5
    expect(l.limit).toBe(1);
    await take(l, 1);
    l.release('success', 10); // 1.5 + 1/1.5 = 2.1666...
    expect(l.limit).toBe(2);
    const m = new EndpointLimiter(3);
    await take(m, 1);
    m.release('success', 0);
    expect(m.limit).toBe(1);
  });

  it('"other" answers (errors that are not throttling) do not grow the limit as successes do', async () => {
    const l = new EndpointLimiter(2);
    for (let i = 0; i < 5; i++) {
      await take(l, 1);
      l.release('other', 10);
    }
    expect(l.limit).toBe(2);
  });

  it('"other" leaves the limit alone, and a release with nothing in flight does not go negative', () => {
    const l = new EndpointLimiter(3);
    l.release('other', 3);
    expect(l.inFlight).toBe(0);
    expect(l.limit).toBe(3);
    l.release('throttled', 3);
    expect(l.inFlight).toBe(0);
    expect(l.limit).toBe(1);
  });

  it('hands freed slots to the waiters in order, as many as the limit allows', async () => {
    const l = new EndpointLimiter(2);
    await take(l, 2);
    const a = track(l.acquire(100, Infinity));
    const b = track(l.acquire(100, Infinity));
    const c = track(l.acquire(100, Infinity));
    // A newcomer queues behind them even when a slot is free at that moment.
    l.release('other', 100);
    const late = track(l.acquire(100, Infinity));
    await flush();
    expect([a.settled, b.settled, c.settled, late.settled]).toEqual([true, false, false, false]);
    l.release('other', 100);
    await flush();
    expect([b.settled, c.settled, late.settled]).toEqual([true, false, false]);
    l.release('other', 100);
    l.release('other', 100);
    await flush();
    expect([c.settled, late.settled]).toEqual([true, true]);
    expect(l.inFlight).toBe(2);
  });

  it('a waiter held by its own low cap does not block one behind it with room', async () => {
    const l = new EndpointLimiter(4);
    await take(l, 2, 100);
    const low = track(l.acquire(2, Infinity)); // 2 in flight, its cap is 2: waits
    const high = track(l.acquire(100, Infinity));
    await flush();
    // The queue was not empty when `high` came: it waited, and is let through on the next release.
    l.release('other', 100); // 1 in flight: `low` fits (1 < 2), then `high` (2 < 4)
    await flush();
    expect(low.settled).toBe(true);
    expect(high.settled).toBe(true);
    expect(l.inFlight).toBe(3);
    const over = track(l.acquire(2, Infinity));
    const more = track(l.acquire(100, Infinity));
    l.release('other', 100); // 2 in flight: `over` (cap 2) cannot go, `more` can (2 < 4)
    await flush();
    expect(over.settled).toBe(false);
    expect(more.settled).toBe(true);
    expect(l.inFlight).toBe(3);
  });

  it('a wait that runs out resolves false and gives up its place', async () => {
    jest.useFakeTimers();
    const l = new EndpointLimiter(1);
    await take(l, 1);
    const short = track(l.acquire(100, 50));
    const patient = track(l.acquire(100, Infinity));
    jest.advanceTimersByTime(49);
    await Promise.resolve();
    expect(short.settled).toBe(false);
    jest.advanceTimersByTime(1);
    await Promise.resolve();
    expect(short).toEqual({ settled: true, value: false });
    l.release('other', 100);
    await Promise.resolve();
    expect(patient).toEqual({ settled: true, value: true });
    expect(l.inFlight).toBe(1);
  });

  it('a wait with no time left (0 or less) runs out at once, unless a slot is free', async () => {
    jest.useFakeTimers();
    const l = new EndpointLimiter(1);
    const first = track(l.acquire(100, -5));
    await flush();
    expect(first).toEqual({ settled: true, value: true });
    const none = track(l.acquire(100, -5));
    jest.advanceTimersByTime(0);
    await Promise.resolve();
    expect(none).toEqual({ settled: true, value: false });
  });

  it('a slot that frees up before the wait runs out is taken, and the timer is cleared', async () => {
    jest.useFakeTimers();
    const l = new EndpointLimiter(1);
    await take(l, 1);
    const w = track(l.acquire(100, 1000));
    l.release('other', 100);
    await Promise.resolve();
    expect(w).toEqual({ settled: true, value: true });
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('EndpointLimiter: the retry budget', () => {
  const T0 = Date.parse('2026-01-01T00:00:00Z');

  it(`holds ${RETRY_BUDGET} tokens: a retry costs 5, a retry after a timeout 10`, () => {
    expect(RETRY_BUDGET).toBe(500);
    const l = new EndpointLimiter(4);
    expect(l.retryTokens).toBe(500);
    expect(l.takeRetry(false, T0)).toBe(5);
    expect(l.retryTokens).toBe(495);
    expect(l.takeRetry(true, T0)).toBe(10);
    expect(l.retryTokens).toBe(485);
  });

  it('pays for exactly 100 retries at one instant, then none', () => {
    const l = new EndpointLimiter(4);
    for (let i = 0; i < 100; i++) expect(l.takeRetry(false, T0)).toBe(5);
    expect(l.takeRetry(false, T0)).toBeUndefined();
    expect(l.retryTokens).toBe(0);
  });

  it('a timeout retry needs all of its 10 tokens', () => {
    const l = new EndpointLimiter(4);
    for (let i = 0; i < 99; i++) l.takeRetry(false, T0);
    expect(l.retryTokens).toBe(5);
    expect(l.takeRetry(true, T0)).toBeUndefined();
    expect(l.retryTokens).toBe(5);
    expect(l.takeRetry(false, T0)).toBe(5);
  });

  it(`refills the whole budget over ${RETRY_BUDGET_REFILL_MS} ms, in proportion`, () => {
    expect(RETRY_BUDGET_REFILL_MS).toBe(10_000);
    const l = new EndpointLimiter(4);
    for (let i = 0; i < 100; i++) l.takeRetry(false, T0);
    // 5 tokens take 100 ms to come back.
    expect(l.takeRetry(false, T0 + 99)).toBeUndefined();
    expect(l.retryTokens).toBeCloseTo(4.95, 10);
    // Counted from the last look: 1 ms later, 0.05 more makes the 5.
    expect(l.takeRetry(false, T0 + 100)).toBe(5);
    expect(l.retryTokens).toBeCloseTo(0, 10);
    expect(l.takeRetry(false, T0 + 200)).toBe(5);
    // Never beyond the budget, however long it rested.
    expect(l.takeRetry(false, T0 + 3_600_000)).toBe(5);
    expect(l.retryTokens).toBe(495);
  });

  it('a clock that goes back refills nothing', () => {
    const l = new EndpointLimiter(4);
    for (let i = 0; i < 100; i++) l.takeRetry(false, T0);
    expect(l.takeRetry(false, T0 - 5000)).toBeUndefined();
    expect(l.retryTokens).toBe(0);
    // Time is counted from the last look, even if that was the earlier clock reading.
    expect(l.takeRetry(false, T0 - 4900)).toBe(5);
  });

  it('the first look at the clock refills nothing', () => {
    const l = new EndpointLimiter(4);
    expect(l.takeRetry(false, 0)).toBe(5);
    expect(l.retryTokens).toBe(495);
  });

  it('a first-attempt success gives 1 token back, a success after retries what they cost, within the budget', () => {
    const l = new EndpointLimiter(4);
    l.refund(0);
    expect(l.retryTokens).toBe(500);
    for (let i = 0; i < 4; i++) l.takeRetry(false, T0);
    expect(l.retryTokens).toBe(480);
    l.refund(0);
    expect(l.retryTokens).toBe(481);
    l.refund(15);
    expect(l.retryTokens).toBe(496);
    l.refund(15);
    expect(l.retryTokens).toBe(500);
  });
});

describe('endpointLimiter', () => {
  it('is one limiter per key, made with the first initial limit', () => {
    const a = endpointLimiter('limiter-test https://a.example', 7);
    expect(a.limit).toBe(7);
    expect(endpointLimiter('limiter-test https://a.example', 3)).toBe(a);
    expect(endpointLimiter('limiter-test https://b.example', 3)).not.toBe(a);
    expect(endpointLimiter('limiter-test https://b.example', 3).limit).toBe(3);
  });
});
