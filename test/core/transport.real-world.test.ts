// The transport under real-world conditions (issue #11): deadlines rather than idle
// timeouts, option checks, resets mid-answer, request ids, throttling and the retry budget,
// https only. Against small servers of the test's own on 127.0.0.1.
import { endpointLimiter } from '../../src/core/endpoint-limiter';
import { CloudServiceError, InputError, NetworkError, TimeoutError } from '../../src/core/errors';
import { HttpResponse, Transport } from '../../src/core/transport';
import { getThrough, parseTestAnswer as parse, refusedUrl, useLoopbackServers } from '../_helpers/loopback-server';
import { rejectionOf, thrownBy } from '../_helpers/rejection';

/** A clock whose sleeps return at once but move its time forward. */
function movingClock(start = Date.parse('2026-01-01T00:00:00Z')): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)), sleeps };
}

describe('deadlines, not idle timeouts', () => {
  const servers = useLoopbackServers();

  it('times out an answer that drips a byte at a time: timeoutMs bounds headers and body, with the request id', async () => {
    let timer: NodeJS.Timeout | undefined;
    const server = await servers.raw((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'drip-1' });
      timer = setInterval(() => res.write(' '), 40);
      res.on('close', () => clearInterval(timer));
    });
    const transport = new Transport({ timeoutMs: 300, retry: { maxAttempts: 1 } });
    const started = Date.now();
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    clearInterval(timer);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain('headers arrived but the whole answer did not within 300 ms');
    expect(err.message).toContain('request id drip-1');
    expect(err.requestId).toBe('drip-1');
    // An idle timeout would never fire: a byte arrives every 40 ms.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('ends a lookup whose server never answers at its deadline, across attempts, with a clear HEADROOM_TIMEOUT', async () => {
    const server = await servers.raw(() => undefined);
    const transport = new Transport({ deadlineMs: 400, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.code).toBe('HEADROOM_TIMEOUT');
    expect(err.message).toMatch(/no answer within \d+ ms|deadline of 400 ms passed/);
    expect(server.requests).toBeGreaterThanOrEqual(1);
  });

  it('counts backoff sleeps against the deadline, and stops before a sleep that would pass it', async () => {
    const server = await servers.raw((_req, res) => res.writeHead(503).end('{}'));
    const clock = movingClock();
    const transport = new Transport({ deadlineMs: 1000, retry: { maxAttempts: 10, baseDelayMs: 400, maxDelayMs: 5000 } }, { clock, random: () => 0.99 });
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toContain("the lookup's deadline of 1000 ms passed (the next attempt would start after it (in 792 ms); 2 attempts made)");
    expect(err.message).toContain('The last attempt failed with: HTTP 503');
    expect(clock.sleeps).toEqual([396]);
    expect(server.requests).toBe(2);
  });

  it('bounds every page of one operation by one deadline', async () => {
    const server = await servers.raw((_req, res) => setTimeout(() => res.writeHead(200).end('{"ok":true}'), 60));
    const transport = new Transport({ deadlineMs: 150 });
    const err = await rejectionOf(
      transport.operation(async () => {
        for (let page = 0; page < 10; page++) {
          await transport.call({ cloud: 'test', operation: 'Page', parse, prepare: () => ({ method: 'GET', url: `${server.url}/?page=${page}` }) });
        }
      }),
    );
    expect(err).toBeInstanceOf(TimeoutError);
    expect(server.requests).toBeLessThan(5);
  });
});

describe('transport options are checked at construction', () => {
  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs must be a whole number of milliseconds from 1 to 600000; got 0'],
    [{ timeoutMs: -1 }, 'timeoutMs must be a whole number of milliseconds from 1 to 600000; got -1'],
    [{ timeoutMs: 'abc' }, 'timeoutMs must be a whole number of milliseconds from 1 to 600000; got "abc"'],
    [{ deadlineMs: Infinity }, 'deadlineMs must be a whole number of milliseconds from 1 to 3600000; got Infinity'],
    [{ retry: { maxAttempts: NaN } }, 'retry.maxAttempts must be a whole number of attempts (the first included) from 1 to 20; got NaN'],
    [{ retry: { maxAttempts: 2.5 } }, 'retry.maxAttempts must be a whole number of attempts (the first included) from 1 to 20; got 2.5'],
    [{ retry: { baseDelayMs: NaN } }, 'retry.baseDelayMs must be a finite number of milliseconds from 0 to 600000; got NaN'],
    [{ retry: { maxDelayMs: -5 } }, 'retry.maxDelayMs must be a finite number of milliseconds from 0 to 600000; got -5'],
    [{ maxConcurrency: 0 }, 'maxConcurrency must be a whole number of requests from 1 to 1024; got 0'],
    [{ insecureAllowPlainHttp: 'yes' }, 'insecureAllowPlainHttp must be true or false; got "yes"'],
  ])('refuses %j', (options, message) => {
    const err = thrownBy(() => new Transport(options as never));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain(message);
  });

  it('a throttling server gets a bounded number of requests even when the options were NaN before: they are refused now', () => {
    expect(() => new Transport({ retry: { maxAttempts: NaN, baseDelayMs: NaN } })).toThrow(InputError);
  });
});

describe('errors say what happened', () => {
  const servers = useLoopbackServers();

  it('a reset after the answer began is a broken answer, not "could not reach", and carries the request id', async () => {
    const server = await servers.raw((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'cut-7', 'content-length': '1000' });
      res.write('{"ret_code":0,"data":[');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const transport = new Transport({ retry: { maxAttempts: 1 } });
    const err = await rejectionOf(getThrough(transport, server.url, parse));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('the connection broke while the answer was arriving');
    expect(err.message).toContain('after HTTP 200 and 22 bytes of body');
    expect(err.message).not.toContain('could not reach');
    expect(err.answerStarted).toBe(true);
    expect(err.requestId).toBe('cut-7');
  });

  it('a refused connection is still "could not reach"', async () => {
    const err = await rejectionOf(getThrough(new Transport({ retry: { maxAttempts: 1 } }), await refusedUrl(), parse));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toContain('could not reach the endpoint');
    expect(err.answerStarted).toBeUndefined();
  });

  it('redacts what a cloud echoes of the request: signature, key id, Authorization header, tokens', async () => {
    const server = await servers.raw((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ message: `bad request ${req.url} with Authorization: ${req.headers.authorization} and X-Auth-Token=${req.headers['x-auth-token']}` }),
      );
    });
    const transport = new Transport();
    const err = await rejectionOf(
      transport.call({
        cloud: 'test',
        operation: 'Op',
        secrets: ['AKIDSECRETKEYID'],
        prepare: () => ({
          method: 'GET',
          url: `${server.url}/?access_key_id=AKIDSECRETKEYID&signature=SIGabc%2B123`,
          headers: { Authorization: 'SDK-HMAC-SHA256 Access=AKIDSECRETKEYID, SignedHeaders=host, Signature=deadbeefcafe', 'X-Auth-Token': 'TOKENtoken123' },
        }),
        parse: (res) => {
          throw new CloudServiceError(`refused: ${JSON.parse(res.body).message}`, {
            cloud: 'test',
            operation: 'Op',
            status: res.status,
            retryable: false,
            cloudMessage: JSON.parse(res.body).message,
          });
        },
      }),
    );
    for (const text of [err.message, err.cloudMessage]) {
      expect(text).toContain('bad request');
      for (const secret of ['AKIDSECRETKEYID', 'SIGabc', 'deadbeefcafe', 'TOKENtoken123', 'SDK-HMAC-SHA256 Access']) expect(text).not.toContain(secret);
    }
  });

  it('plain http is refused unless the host is loopback or the user opts in', () => {
    const t = new Transport();
    expect(() => t.checkEndpoint('http://127.0.0.1:1/')).not.toThrow();
    expect(() => t.checkEndpoint('http://localhost:1/')).not.toThrow();
    expect(() => t.checkEndpoint('https://api.ucloud.cn/')).not.toThrow();
    const err = thrownBy(() => t.checkEndpoint('http://api.ucloud.cn/'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('plain http');
    expect(err.message).toContain('insecureAllowPlainHttp: true');
    expect(() => new Transport({ insecureAllowPlainHttp: true }).checkEndpoint('http://api.ucloud.cn/')).not.toThrow();
  });
});

describe('throttling-aware concurrency and the retry budget', () => {
  const servers = useLoopbackServers();

  it('shrinks the requests in flight to what a throttling endpoint takes, and every call succeeds', async () => {
    let inFlight = 0;
    let throttled = 0;
    const server = await servers.raw((_req, res) => {
      if (inFlight >= 4) {
        throttled++;
        res.writeHead(429, { 'retry-after': '0' }).end('{}');
        return;
      }
      inFlight++;
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('{"ok":true}');
      }, 15);
    });
    const transport = new Transport({ maxConcurrency: 32, retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 } });
    const calls = Array.from({ length: 60 }, (_, i) => getThrough(transport, `${server.url}/?i=${i}`, parse, 'throttle-test'));
    expect(await Promise.all(calls)).toHaveLength(60);
    expect(throttled).toBeGreaterThan(0);
    // Without the limiter, all 60 go at once and most are throttled again and again.
    expect(throttled).toBeLessThan(60);
    // The limit followed the endpoint down from 32 (it may have grown a little since the last throttle).
    expect(endpointLimiter(`throttle-test ${server.url}`, 32).limit).toBeLessThanOrEqual(8);
  });

  it('draws retries from a bounded budget per endpoint, so a broken endpoint is not hammered', async () => {
    const server = await servers.raw((_req, res) => res.writeHead(503).end('{}'));
    const clock = movingClock();
    const transport = new Transport({ retry: { maxAttempts: 4, baseDelayMs: 1 } }, { clock, random: () => 0 });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => getThrough(transport, server.url, parse, 'budget-test')));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // 100 first attempts and the budget's 100 retries: the injected clock does not move (the
    // backoff is 0), so time refills nothing. Without a budget, 4 attempts each make 400.
    expect(server.requests).toBe(200);
    const reasons = results.map((r) => ((r as PromiseRejectedResult).reason as Error).message);
    expect(reasons.some((m) => m.includes('the retry budget of') && m.includes('is spent'))).toBe(true);
  });

  it('honours Retry-After from a throttling answer', async () => {
    const server = await servers.raw((_req, res, n) => (n === 0 ? res.writeHead(429, { 'retry-after': '3' }).end('{}') : res.writeHead(200).end('1')));
    const clock = movingClock();
    const transport = new Transport({ retry: { baseDelayMs: 10 } }, { clock, random: () => 0 });
    const err429 = (res: HttpResponse): unknown => {
      if (res.status === 200) return JSON.parse(res.body);
      throw new CloudServiceError('throttled', {
        cloud: 'test',
        operation: 'Op',
        status: 429,
        retryable: true,
        throttled: true,
        retryAfterMs: Number(res.headers['retry-after']) * 1000,
      });
    };
    await getThrough(transport, server.url, err429, 'retry-after-test');
    expect(clock.sleeps).toEqual([3000]);
  });
});
