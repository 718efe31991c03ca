import { CloudServiceError, NetworkError, TimeoutError } from '../../src/core/errors';
import { Transport } from '../../src/core/transport';
import { getThrough, parseTestAnswer as parse, refusedUrl, useLoopbackServers } from '../_helpers/loopback-server';
import { rejectionOf } from '../_helpers/rejection';

/** A clock whose sleeps are recorded and return at once. */
function recordingClock(): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  const sleeps: number[] = [];
  return { now: () => Date.parse('2026-01-01T00:00:00Z'), sleep: async (ms) => void sleeps.push(ms), sleeps };
}

describe('Transport', () => {
  const servers = useLoopbackServers();

  it('retries a retryable answer, preparing (re-signing) the request again for every attempt', async () => {
    const server = await servers.scripted((n) => (n < 2 ? { status: 503, body: '{}' } : { status: 200, body: '{"ok":true}' }));
    const clock = recordingClock();
    const attempts: number[] = [];
    const transport = new Transport({ retry: { baseDelayMs: 100, maxDelayMs: 1000 } }, { clock, random: () => 0.5 });
    const value = await transport.call({
      cloud: 'test',
      operation: 'Op',
      parse,
      prepare: (attempt) => {
        attempts.push(attempt);
        return { method: 'GET', url: `${server.url}/x?sig=${attempt}` };
      },
    });
    expect(value).toEqual({ ok: true });
    expect(attempts).toEqual([1, 2, 3]);
    expect(server.seen.map((r) => r.url.searchParams.get('sig'))).toEqual(['1', '2', '3']);
    // Full jitter at random()=0.5: half of 100 * 2^(n-1).
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after maxAttempts and says how many attempts were made', async () => {
    const server = await servers.scripted(() => ({ status: 503, body: '{}' }));
    const transport = new Transport({ retry: { maxAttempts: 3, baseDelayMs: 1 } }, { clock: recordingClock() });
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('gave up after 3 attempts');
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry an error that is not retryable', async () => {
    const server = await servers.scripted(() => ({ status: 400, body: '{}' }));
    const transport = new Transport({}, { clock: recordingClock() });
    await expect(getThrough(transport, server.url, parse)).rejects.toThrow('HTTP 400');
    expect(server.seen).toHaveLength(1);
  });

  it('honours a Retry-After hint longer than the backoff', async () => {
    const server = await servers.scripted((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: '{}' } : { status: 200, body: '1' }));
    const clock = recordingClock();
    const transport = new Transport({ retry: { baseDelayMs: 10 } }, { clock, random: () => 0 });
    await getThrough(transport, server.url, parse);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('times out a request that gets no answer, as a TimeoutError, and retries it', async () => {
    const server = await servers.scripted((n) => (n === 0 ? 'hang' : { status: 200, body: '"late"' }));
    const transport = new Transport({ timeoutMs: 100, retry: { baseDelayMs: 1 } });
    expect(await getThrough(transport, server.url, parse)).toBe('late');
    const once = new Transport({ timeoutMs: 100, retry: { maxAttempts: 1 } });
    const hanging = await servers.scripted(() => 'hang');
    const err = await rejectionOf(getThrough(once, hanging.url, parse));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe('HEADROOM_TIMEOUT');
    expect(err.message).toContain('no answer within 100 ms');
  });

  it('maps a refused connection to a NetworkError without the signed query', async () => {
    const url = `${await refusedUrl()}/iaas/?access_key_id=AKID&signature=SECRETSIG`;
    const transport = new Transport({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const err = await rejectionOf(getThrough(transport, url, parse));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('gave up after 2 attempts');
    expect(err.message).not.toContain('SECRETSIG');
    expect(err.message).not.toContain('AKID');
    expect(err.cause).toBeUndefined();
  });

  it('does not follow a redirect, which would carry the signature elsewhere', async () => {
    const server = await servers.scripted(() => ({ status: 302, headers: { location: 'http://127.0.0.2:1/steal?x=1' } }));
    const transport = new Transport();
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('redirects are not followed');
    expect(err.message).toContain('http://127.0.0.2:1/steal');
    expect(err.message).not.toContain('x=1');
    expect(server.seen).toHaveLength(1);
  });
});
