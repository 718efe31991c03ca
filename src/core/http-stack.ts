import type * as http from 'node:http';
import type * as https from 'node:https';
import type { Readable } from 'node:stream';
import type { AxiosStatic } from 'axios';
import { loopbackLookup } from './proxy';

// The HTTP client underneath the Transport: axios and the keep-alive agents every Transport
// shares, loaded on first use, and the helpers that read what axios gives back.

// Connections per host. A lookup batch sends the first page of every lookup at once, then
// all their other pages (up to 8 per lookup); the endpoint limiter (maxConcurrency)
// bounds what is in flight, and the socket pool must not be the tighter bound.
export const MAX_SOCKETS_PER_HOST = 256;

/** A body larger than this is not an API answer this library reads; the call fails, and is not retried. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** The code of a body cut off at {@link MAX_BODY_BYTES}. */
export const ANSWER_TOO_LARGE = 'ERR_HEADROOM_ANSWER_TOO_LARGE';

/** axios and the keep-alive agents every Transport shares. */
export interface HttpStack {
  readonly axios: AxiosStatic;
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  /** For plain http allowed because the endpoint is loopback: connects to loopback addresses only. */
  readonly loopbackAgent: http.Agent;
}

let httpStack: HttpStack | undefined;

/**
 * Loads the HTTP client (axios, and `node:http`/`node:https` for its keep-alive agents)
 * now, if it is not loaded yet, and returns axios.
 *
 * It is loaded on first use, not when this module is: a synth's main thread builds
 * constructs and never sends a request (the lookup worker does), so it should not pay
 * axios's load time (about 70 ms, mostly its dependencies). The lookup worker calls this
 * at boot, before its first batch arrives.
 */
export function loadHttpClient(): AxiosStatic {
  return loadHttpStack().axios;
}

/** axios and the shared agents, loaded on first use. */
export function loadHttpStack(): HttpStack {
  /* eslint-disable @typescript-eslint/no-require-imports */
  httpStack ??= {
    axios: require('axios') as AxiosStatic,
    httpAgent: new (require('node:http') as typeof http).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
    httpsAgent: new (require('node:https') as typeof https).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
    loopbackAgent: new (require('node:http') as typeof http).Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS_PER_HOST,
      lookup: loopbackLookup,
    } as http.AgentOptions),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return httpStack;
}

/** A proxy URL as axios takes it (http to the proxy; credentials decoded). */
export function axiosProxy(proxy: URL): { protocol: string; host: string; port: number; auth?: { username: string; password: string } } {
  return {
    protocol: 'http',
    host: proxy.hostname,
    port: Number(proxy.port || 80),
    ...(proxy.username ? { auth: { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) } } : {}),
  };
}

/** Response headers with lower-case names, lists joined. */
export function lowerCaseHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return headers;
}

/**
 * Reads a response body to its end, reporting the bytes so far; fails with code
 * {@link ANSWER_TOO_LARGE} past {@link MAX_BODY_BYTES}, and as a reset when the stream closes early.
 */
export function readBody(stream: Readable, progress: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      progress(bytes);
      if (bytes > MAX_BODY_BYTES) {
        const tooLarge = Object.assign(new Error('answer too large'), { code: ANSWER_TOO_LARGE });
        reject(tooLarge);
        stream.destroy(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
    stream.once('aborted', () => reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    stream.once('close', () => {
      if (!stream.readableEnded) reject(Object.assign(new Error('closed before the end'), { code: 'ECONNRESET' }));
    });
  });
}
