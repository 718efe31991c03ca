// Retry arithmetic (issue #17's list): Retry-After in seconds and as an HTTP date, the
// delay cap, full jitter. Pure functions with an injected clock and random source.
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter } from '../../src/core/retry';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it('turns seconds into exact milliseconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', NOW)).toBe(7000);
  });

  it('takes fractional seconds, to the millisecond', () => {
    expect(parseRetryAfter('1.25', NOW)).toBe(1250);
    expect(parseRetryAfter('0.5', NOW)).toBe(500);
    expect(parseRetryAfter('2.0004', NOW)).toBe(2000);
  });

  it('turns an HTTP date into the milliseconds until then, and a past date into 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', NOW)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:02:00 GMT', NOW)).toBe(120_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', NOW)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    // Seconds followed by anything, or a fraction without digits, is not a number of seconds.
    expect(parseRetryAfter('5s', NOW)).toBeUndefined();
    expect(parseRetryAfter('120 ms', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.x', NOW)).toBeUndefined();
    // Dates that are not HTTP dates (ISO 8601, with or without a time) are refused,
    // though Date.parse would read them.
    expect(parseRetryAfter('2027-01-01', NOW)).toBeUndefined();
    expect(parseRetryAfter('2026-01-01T00:00:07Z', NOW)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 1000 };

  it('draws a full-jitter wait below base * 2^(retry-1)', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(0);
    expect(backoffDelay(1, policy, () => 0.5)).toBe(100);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0.999)).toBe(799);
  });

  it('caps the wait at maxDelayMs, however many retries', () => {
    expect(backoffDelay(4, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(30, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(30, policy, () => 1)).toBeLessThanOrEqual(1000);
  });

  it('honours a longer Retry-After hint, within the cap', () => {
    expect(backoffDelay(1, policy, () => 0, 700)).toBe(700);
    expect(backoffDelay(1, policy, () => 0, 60_000)).toBe(1000);
    expect(backoffDelay(3, policy, () => 0.999, 10)).toBe(799);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 20_000 });
  });
});
