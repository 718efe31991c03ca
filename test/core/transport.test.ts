import { CloudServiceError, NetworkError, TimeoutError } from '../../src/core/errors';
import { HttpResponse, Transport } from '../../src/core/transport';
import { LoopbackServer, startLoopbackServer } from '../_helpers/loopback-server';
import { rejectionOf } from '../_helpers/rejection';

/** A clock whose sleeps are recorded and return at once. */
function recordingClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  const sleeps: number[] = [];
  return { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: async (ms) => void sleeps.push(ms), sleeps };
}

/** Parses a JSON answer: 2xx is a value, 503/429 are retryable cloud errors, others are not. */
function parse(res: HttpResponse): unknown {
  if (res.status < 300) return JSON.parse(res.body);
  throw new CloudServiceError(`HTTP ${res.status}`, {
    cloud: 'test',
    operation: 'Op',
    status: res.status,
    retryable: res.status === 503 || res.status === 429,
    retryAfterMs: res.headers['retry-after'] ? Number(res.headers['retry-after']) * 1000 : undefined,
  });
}

describe('Transport', () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries a retryable answer, preparing (re-signing) the request again for every attempt', async () => {
    server = await startLoopbackServer((n) => (n < 2 ? { status: 503, body: '{}' } : { status: 200, body: '{"ok":true}' }));
    const clock = recordingClock();
    const attempts: number[] = [];
    const transport = new Transport({ retry: { baseDelayMs: 100, maxDelayMs: 1000 } }, { clock, random: () => 0.5 });
    const value = await transport.call({
      cloud: 'test',
      operation: 'Op',
      parse,
      prepare: (attempt) => {
        attempts.push(attempt);
        return { method: 'GET', url: `${server!.url}/x?sig=${attempt}` };
      },
    });
    expect(value).toEqual({ ok: true });
    expect(attempts).toEqual([1, 2, 3]);
    expect(server.seen.map((r) => r.url.searchParams.get('sig'))).toEqual(['1', '2', '3']);
    // Full jitter at random()=0.5: half of 100 * 2^(n-1).
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after maxAttempts and says how many attempts were made', async () => {
    server = await startLoopbackServer(() => ({ status: 503, body: '{}' }));
    const transport = new Transport({ retry: { maxAttempts: 3, baseDelayMs: 1 } }, { clock: recordingClock() });
    const err = await rejectionOf(transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: server!.url }) }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('gave up after 3 attempts');
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry an error that is not retryable', async () => {
    server = await startLoopbackServer(() => ({ status: 400, body: '{}' }));
    const transport = new Transport({}, { clock: recordingClock() });
    await expect(transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: server!.url }) })).rejects.toThrow('HTTP 400');
    expect(server.seen).toHaveLength(1);
  });

  it('honours a Retry-After hint longer than the backoff', async () => {
    server = await startLoopbackServer((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: '{}' } : { status: 200, body: '1' }));
    const clock = recordingClock();
    const transport = new Transport({ retry: { baseDelayMs: 10 } }, { clock, random: () => 0 });
    await transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: server!.url }) });
    expect(clock.sleeps).toEqual([2000]);
  });

  it('times out a request that gets no answer, as a TimeoutError, and retries it', async () => {
    server = await startLoopbackServer((n) => (n === 0 ? 'hang' : { status: 200, body: '"late"' }));
    const transport = new Transport({ timeoutMs: 100, retry: { baseDelayMs: 1 } });
    expect(await transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: server!.url }) })).toBe('late');
    const once = new Transport({ timeoutMs: 100, retry: { maxAttempts: 1 } });
    const s2 = await startLoopbackServer(() => 'hang');
    const err = await rejectionOf(once.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: s2.url }) }));
    await s2.close();
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe('HEADROOM_TIMEOUT');
    expect(err.message).toContain('no answer within 100 ms');
  });

  it('maps a refused connection to a NetworkError without the signed query', async () => {
    const closed = await startLoopbackServer(() => ({ status: 200 }));
    const url = `${closed.url}/iaas/?access_key_id=AKID&signature=SECRETSIG`;
    await closed.close();
    const transport = new Transport({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const err = await rejectionOf(transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url }) }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('gave up after 2 attempts');
    expect(err.message).not.toContain('SECRETSIG');
    expect(err.message).not.toContain('AKID');
    expect(err.cause).toBeUndefined();
  });

  it('does not follow a redirect, which would carry the signature elsewhere', async () => {
    server = await startLoopbackServer(() => ({ status: 302, headers: { location: 'http://127.0.0.2:1/steal?x=1' } }));
    const transport = new Transport();
    const err = await rejectionOf(transport.call({ cloud: 'test', operation: 'Op', parse, prepare: () => ({ method: 'GET', url: server!.url }) }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('redirects are not followed');
    expect(err.message).toContain('http://127.0.0.2:1/steal');
    expect(err.message).not.toContain('x=1');
    expect(server.seen).toHaveLength(1);
  });
});
