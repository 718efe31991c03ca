import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudServiceError } from '../../src/core/errors';
import { HttpResponse, Transport } from '../../src/core/transport';

/** A request a {@link LoopbackServer} received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
}

/** An HTTP server of the test's own on 127.0.0.1. */
export interface RawServer {
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** A scripted HTTP server on 127.0.0.1, for transport behaviours the fake cloud does not model. */
export interface LoopbackServer extends RawServer {
  readonly seen: SeenRequest[];
}

/** What a scripted server answers one request with; `'hang'` never answers. */
export type ScriptedAnswer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';

/**
 * Starts a server whose handler gets the raw request and response, and the request's
 * number (from 0): for answers a script cannot give (dripped bodies, resets, no answer).
 */
export async function startRawServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<RawServer> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    handler(req, res, n++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts a server that answers request n (from 0) with `script(n, request)`: a status,
 * headers and body, optionally after a delay. Returning `'hang'` never answers.
 */
export async function startLoopbackServer(script: (n: number, req: SeenRequest) => ScriptedAnswer): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  const raw = await startRawServer((req, res, n) => {
    const r: SeenRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers };
    seen.push(r);
    const out = script(n, r);
    if (out === 'hang') return;
    setTimeout(() => {
      res.writeHead(out.status, out.headers ?? { 'content-type': 'application/json' });
      res.end(out.body ?? '');
    }, out.delayMs ?? 0);
  });
  return {
    seen,
    url: raw.url,
    get requests() {
      return raw.requests;
    },
    close: () => raw.close(),
  };
}

/** Starts the servers of a describe block's tests: see {@link useLoopbackServers}. */
export interface LoopbackServers {
  /** A scripted server ({@link startLoopbackServer}), closed after the test. */
  scripted(script: (n: number, req: SeenRequest) => ScriptedAnswer): Promise<LoopbackServer>;
  /** A server with a raw handler ({@link startRawServer}), closed after the test. */
  raw(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void): Promise<RawServer>;
}

/**
 * The servers of a describe block's tests: call it in the block's body; every server a test
 * starts through it is closed after that test, whether it passed or failed.
 */
export function useLoopbackServers(): LoopbackServers {
  const open: RawServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const track = <S extends RawServer>(server: S): S => {
    open.push(server);
    return server;
  };
  return {
    scripted: async (script) => track(await startLoopbackServer(script)),
    raw: async (handler) => track(await startRawServer(handler)),
  };
}

/** The URL of a port on 127.0.0.1 that a server held and let go: a connection to it is refused. */
export async function refusedUrl(): Promise<string> {
  const closed = await startRawServer(() => undefined);
  await closed.close();
  return closed.url;
}

/**
 * Reads a test server's answer as a cloud's reader would: 2xx is the JSON value; anything
 * else a `CloudServiceError` of cloud `test`, retryable for 503 and 429, with the answer's
 * `x-request-id` and its `Retry-After` (seconds).
 */
export function parseTestAnswer(res: HttpResponse): unknown {
  if (res.status < 300) return JSON.parse(res.body);
  throw new CloudServiceError(`HTTP ${res.status}`, {
    cloud: 'test',
    operation: 'Op',
    status: res.status,
    retryable: res.status === 503 || res.status === 429,
    requestId: res.headers['x-request-id'],
    ...(res.headers['retry-after'] ? { retryAfterMs: Number(res.headers['retry-after']) * 1000 } : {}),
  });
}

/** One `GET` of `url` through `transport`, as operation `Op` of cloud `cloud`, its answer read by `parse`. */
export function getThrough<T>(transport: Transport, url: string, parse: (res: HttpResponse) => T, cloud = 'test'): Promise<T> {
  return transport.call({ cloud, operation: 'Op', parse, prepare: () => ({ method: 'GET', url }) });
}
