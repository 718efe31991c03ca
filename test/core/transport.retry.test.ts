// Issue #17: how the transport classifies a failed attempt and what it does next, pinned
// exactly: which answers count as throttling (and shrink the requests in flight), which
// are retried, what a retry costs from the endpoint's budget and what a success gives
// back, the exact waits, and the words added to the error. Real HTTP on 127.0.0.1, an
// injected clock: no test waits for a backoff.
import { endpointLimiter } from '../../src/core/endpoint-limiter';
import { CloudServiceError, InputError, NetworkError, TimeoutError } from '../../src/core/errors';
import { HttpResponse, isRetryable, Transport } from '../../src/core/transport';
import { getThrough, useLoopbackServers } from '../_helpers/loopback-server';
import { rejectionOf } from '../_helpers/rejection';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A clock whose sleeps are recorded and return at once, moving its time forward. */
function movingClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = T0;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)), sleeps };
}

/**
 * 2xx is the JSON value; anything else a CloudServiceError described by the answer's
 * headers: `x-retryable: no` (else retryable), `x-throttled: yes`, `x-after` (retryAfterMs).
 */
function parse(res: HttpResponse): unknown {
  if (res.status < 300) return JSON.parse(res.body);
  throw new CloudServiceError(`HTTP ${res.status}`, {
    cloud: 'test',
    operation: 'Op',
    status: res.status,
    retryable: res.headers['x-retryable'] !== 'no',
    ...(res.headers['x-throttled'] === 'yes' ? { throttled: true } : {}),
    ...(res.headers['x-after'] ? { retryAfterMs: Number(res.headers['x-after']) } : {}),
  });
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';
const OK: Answer = { status: 200, body: '{"ok":true}' };

describe('Transport: what a failed attempt counts as, and what follows', () => {
  let cloudN = 0;
  const servers = useLoopbackServers();

  /** Serves `answers` in turn (the last one again after that); returns the call's promise and the endpoint's limiter. */
  async function run(answers: Answer[], options: ConstructorParameters<typeof Transport>[0] = {}, clock = movingClock(), random = () => 0) {
    const server = await servers.scripted((n) => answers[Math.min(n, answers.length - 1)]);
    const cloud = `transport-retry-${++cloudN}`;
    const limiter = endpointLimiter(`${cloud} ${server.url}`, options.maxConcurrency ?? 8);
    const transport = new Transport({ maxConcurrency: 8, ...options }, { clock, random });
    const call = () => getThrough(transport, server.url, parse, cloud);
    return { call, limiter, clock, server };
  }

  describe('throttling', () => {
    it.each<[string, Answer, number]>([
      ['a 429', { status: 429 }, 2],
      ['an answer the cloud marks throttled (whatever its status)', { status: 503, headers: { 'x-throttled': 'yes' } }, 2],
      ['a plain 503', { status: 503 }, 8],
      ['a 500', { status: 500 }, 8],
    ])('%s: the limit of 8 in flight %s', async (_what, first, limitAfter) => {
      const r = await run([first, OK]);
      expect(await r.call()).toEqual({ ok: true });
      // Throttled: down to 1 (nothing else was in flight), then the success adds 1/1.
      // Not throttled: the limit stays at 8 (a success cannot grow it past maxConcurrency).
      expect(r.limiter.limit).toBe(limitAfter);
      expect(r.server.seen).toHaveLength(2);
    });

    it('a connection that breaks is retried but is not throttling', async () => {
      let n = 0;
      const server = await servers.scripted(() => (n++ === 0 ? 'hang' : OK));
      const cloud = `transport-retry-${++cloudN}`;
      const transport = new Transport({ maxConcurrency: 8, timeoutMs: 50 }, { clock: movingClock(), random: () => 0 });
      expect(await getThrough(transport, server.url, parse, cloud)).toEqual({ ok: true });
      expect(endpointLimiter(`${cloud} ${server.url}`, 8).limit).toBe(8);
    });
  });

  describe('which failures are tried again', () => {
    it('a retryable answer, up to maxAttempts exactly, then the error says how many were made', async () => {
      const r = await run([{ status: 503 }], { retry: { maxAttempts: 3 } });
      const err = await rejectionOf(r.call());
      expect(err).toBeInstanceOf(CloudServiceError);
      expect(err.message).toBe('HTTP 503 (gave up after 3 attempts)');
      expect(r.server.seen).toHaveLength(3);
    });

    it('with maxAttempts 1, a retryable answer is not retried and the message is untouched', async () => {
      const r = await run([{ status: 503 }], { retry: { maxAttempts: 1 } });
      const err = await rejectionOf(r.call());
      expect(err.message).toBe('HTTP 503');
      expect(r.server.seen).toHaveLength(1);
    });

    it('an answer that is not retryable, on the first attempt: no retry, the message as the cloud client wrote it', async () => {
      const r = await run([{ status: 400, headers: { 'x-retryable': 'no' } }]);
      const err = await rejectionOf(r.call());
      expect(err).toBeInstanceOf(CloudServiceError);
      expect(err.message).toBe('HTTP 400');
      expect(r.server.seen).toHaveLength(1);
      expect(r.clock.sleeps).toEqual([]);
    });

    it('an answer that is not retryable after a retry: stops there, saying on which attempt', async () => {
      const r = await run([{ status: 503 }, { status: 403, headers: { 'x-retryable': 'no' } }, OK]);
      const err = await rejectionOf(r.call());
      expect(err.message).toBe('HTTP 403 (on attempt 2)');
      expect(r.server.seen).toHaveLength(2);
    });

    it('a fault of the caller (not a HeadroomError) is neither retried nor reworded', async () => {
      const r = await run([{ status: 503 }, { status: 200, body: 'not json' }, OK]);
      const err = await rejectionOf(r.call());
      expect(err).toBeInstanceOf(SyntaxError);
      expect(err.message).not.toContain('attempt');
      expect(r.server.seen).toHaveLength(2);
    });
  });

  describe('the waits', () => {
    it('grow exponentially with full jitter', async () => {
      const r = await run(
        [{ status: 503 }, { status: 503 }, { status: 503 }, OK],
        { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 } },
        movingClock(),
        () => 0.5,
      );
      expect(await r.call()).toEqual({ ok: true });
      expect(r.clock.sleeps).toEqual([50, 100, 200]);
    });

    it("take the cloud's Retry-After when longer, within maxDelayMs", async () => {
      const r = await run([{ status: 429, headers: { 'x-after': '1500' } }, { status: 429, headers: { 'x-after': '60000' } }, OK], {
        retry: { baseDelayMs: 10, maxDelayMs: 5000 },
      });
      expect(await r.call()).toEqual({ ok: true });
      expect(r.clock.sleeps).toEqual([1500, 5000]);
    });

    it('a wait that would end exactly at the deadline is not started; a shorter one is', async () => {
      const at = await run([{ status: 503, headers: { 'x-after': '1000' } }, OK], { deadlineMs: 1000, retry: { baseDelayMs: 1, maxDelayMs: 5000 } });
      const err = await rejectionOf(at.call());
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.message).toContain("the lookup's deadline of 1000 ms passed (the next attempt would start after it (in 1000 ms); 1 attempt made).");
      expect(err.message).toContain('The last attempt failed with: HTTP 503');
      expect(at.clock.sleeps).toEqual([]);
      expect(at.server.seen).toHaveLength(1);
      const before = await run([{ status: 503, headers: { 'x-after': '600' } }, OK], { deadlineMs: 1000, retry: { baseDelayMs: 1, maxDelayMs: 5000 } });
      expect(await before.call()).toEqual({ ok: true });
      expect(before.clock.sleeps).toEqual([600]);
    });
  });

  describe('the retry budget of the endpoint', () => {
    it('a retry costs 5 tokens, which a later success gives back', async () => {
      const r = await run([{ status: 503 }, OK]);
      expect(await r.call()).toEqual({ ok: true });
      expect(r.limiter.retryTokens).toBe(500);
      const failing = await run([{ status: 503 }], { retry: { maxAttempts: 3 } });
      await rejectionOf(failing.call());
      expect(failing.limiter.retryTokens).toBe(490);
    });

    it('a success after retries gives back what they cost; a first-attempt success gives 1', async () => {
      const r = await run([{ status: 503 }, { status: 503 }, OK]);
      r.limiter.takeRetry(false, T0);
      r.limiter.takeRetry(false, T0);
      expect(r.limiter.retryTokens).toBe(490);
      expect(await r.call()).toEqual({ ok: true });
      expect(r.limiter.retryTokens).toBe(490);
      expect(await r.call()).toEqual({ ok: true });
      expect(r.limiter.retryTokens).toBe(491);
    });

    it('a retry after a timeout costs 10', async () => {
      const r = await run(['hang'], { timeoutMs: 30, retry: { maxAttempts: 2 } });
      const err = await rejectionOf(r.call());
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.message).toContain('(gave up after 2 attempts)');
      expect(r.limiter.retryTokens).toBe(490);
    });

    it('once spent, the failure is returned at once, saying why it was not retried', async () => {
      const r = await run([{ status: 503 }, OK]);
      for (let i = 0; i < 100; i++) r.limiter.takeRetry(false, T0);
      const err = await rejectionOf(r.call());
      expect(err).toBeInstanceOf(CloudServiceError);
      expect(err.message).toBe(`HTTP 503 (not retried: the retry budget of ${r.server.url} is spent, as many requests to it failed just now)`);
      expect(r.server.seen).toHaveLength(1);
      expect(r.clock.sleeps).toEqual([]);
    });
  });
});

describe('isRetryable', () => {
  const cloudError = (retryable: boolean) => new CloudServiceError('x', { cloud: 'c', operation: 'o', status: 503, retryable });

  it('follows a cloud error’s own flag', () => {
    expect(isRetryable(cloudError(true))).toBe(true);
    expect(isRetryable(cloudError(false))).toBe(false);
  });

  it('retries network errors and timeouts, nothing else', () => {
    expect(isRetryable(new NetworkError('reset'))).toBe(true);
    expect(isRetryable(new TimeoutError('slow'))).toBe(true);
    expect(isRetryable(new InputError('bad'))).toBe(false);
    expect(isRetryable(new TypeError('bug'))).toBe(false);
    expect(isRetryable(undefined)).toBe(false);
  });
});

describe('Transport: what an error keeps of the request', () => {
  const servers = useLoopbackServers();

  it("redacts the request's own secrets and the client's wherever a cloud echoes them, even bare", async () => {
    const server = await servers.scripted(() => ({ status: 403, body: '{}' }));
    const echo = 'the signature SIGabc+123 (sent as SIGabc%2B123), the token TOKENtoken123 and the key AKIDbare with SKsecret9 are refused';
    const call = (secrets?: string[]) =>
      rejectionOf(
        new Transport({}, { clock: movingClock() }).call({
          cloud: 'test',
          operation: 'Op',
          ...(secrets ? { secrets } : {}),
          prepare: () => ({
            method: 'GET',
            url: `${server.url}/?signature=SIGabc%2B123`,
            headers: { 'X-Auth-Token': 'TOKENtoken123', Authorization: 'HMAC Access=AKIDbare, Signature=f00d' },
          }),
          parse: (res) => {
            throw new CloudServiceError(`HTTP ${res.status}: ${echo}`, {
              cloud: 'test',
              operation: 'Op',
              status: res.status,
              retryable: false,
              cloudMessage: echo,
            });
          },
        }),
      );
    const withClientSecret = await call(['SKsecret9']);
    for (const text of [withClientSecret.message, withClientSecret.cloudMessage]) {
      expect(text).toBe(`${text.startsWith('HTTP') ? 'HTTP 403: ' : ''}the signature *** (sent as ***), the token *** and the key *** with *** are refused`);
    }
    const requestOnly = await call();
    expect(requestOnly.cloudMessage).toBe('the signature *** (sent as ***), the token *** and the key *** with SKsecret9 are refused');
  });

  it('passes on, untouched, what a parser throws that is not an Error', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: '{}' }));
    /** A call whose parser throws `fault`. */
    const failingParse = (fault: unknown) =>
      rejectionOf(
        new Transport({}, { clock: movingClock() }).call({
          cloud: 'test',
          operation: 'Op',
          prepare: () => ({ method: 'GET', url: server.url }),
          parse: () => {
            throw fault;
          },
        }),
      );
    const thrown = { reason: 'not an Error' };
    const err = await failingParse(thrown);
    expect(err).toBe(thrown);
    expect(err).toEqual({ reason: 'not an Error' });
    const frozen = Object.freeze(new Error('frozen fault'));
    const err2 = await failingParse(frozen);
    expect(err2).toBe(frozen);
  });
});
