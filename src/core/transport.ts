import type * as http from 'node:http';
import type * as https from 'node:https';
import type { AxiosInstance, AxiosStatic } from 'axios';
import { Clock, systemClock } from './clock';
import { CloudServiceError, HeadroomError, NetworkError, TimeoutError } from './errors';
import { describeUrl } from './redact';
import { backoffDelay, DEFAULT_RETRY_POLICY, RetryPolicy } from './retry';

/** One HTTP request, already signed. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The exact body bytes, as a string (signers hash exactly these). */
  readonly body?: string;
}

/** One HTTP answer, whatever its status. Header names are lower case. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** How the shared transport behaves. Plain data, so it can cross to the lookup worker. */
export interface TransportOptions {
  /**
   * Per-request timeout, in milliseconds.
   * @default 30000
   */
  readonly timeoutMs?: number;
  /**
   * Retry policy for throttling, 5xx, network errors and timeouts.
   * @default DEFAULT_RETRY_POLICY (4 attempts, 200 ms base, 20 s cap)
   */
  readonly retry?: Partial<RetryPolicy>;
}

/** What a cloud client hands the transport for one API call. */
export interface CallSpec<T> {
  /** Cloud name, for errors. */
  readonly cloud: string;
  /** API operation, for errors. */
  readonly operation: string;
  /** Builds and signs the request; called again for every attempt, so each retry is re-signed. */
  prepare(attempt: number): HttpRequest;
  /**
   * Turns an answer into a value, or throws a {@link CloudServiceError} whose `retryable`
   * flag (and `retryAfterMs` hint) decides whether the transport tries again.
   */
  parse(response: HttpResponse): T;
}

/** Test seams of {@link Transport}. */
export interface TransportDeps {
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
}

// Connections per host. A lookup batch sends the first page of every lookup at once, then
// all their other pages (up to 8 per lookup): with 30 lookups that is 120 requests, and a
// cap of 64 made the last 56 wait a whole extra round trip for a free socket.
const MAX_SOCKETS_PER_HOST = 256;

/** axios and the keep-alive agents every Transport shares. */
interface HttpStack {
  readonly axios: AxiosStatic;
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
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

function loadHttpStack(): HttpStack {
  /* eslint-disable @typescript-eslint/no-require-imports */
  httpStack ??= {
    axios: require('axios') as AxiosStatic,
    httpAgent: new (require('node:http') as typeof http).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
    httpsAgent: new (require('node:https') as typeof https).Agent({ keepAlive: true, maxSockets: MAX_SOCKETS_PER_HOST }),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return httpStack;
}

/**
 * The one HTTP path of the library: axios underneath, a timeout per request, retries
 * with backoff and jitter, no redirects, and typed errors.
 *
 * Every cloud client sends through it; a cloud brings only its signer and its answer
 * parser (see {@link CallSpec}).
 */
export class Transport {
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(options: TransportOptions = {}, deps: TransportDeps = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    const stack = loadHttpStack();
    this.http = stack.axios.create({
      maxRedirects: 0, // a redirect would carry signed credentials to another host
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      httpAgent: stack.httpAgent,
      httpsAgent: stack.httpsAgent,
      proxy: false,
    });
  }

  /** Sends the call, retrying retryable failures, and returns the parsed value. */
  async call<T>(spec: CallSpec<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.send(spec, attempt);
        return spec.parse(response);
      } catch (err) {
        const hint = err instanceof CloudServiceError ? err.retryAfterMs : undefined;
        if (!isRetryable(err) || attempt >= this.policy.maxAttempts) {
          throw attempt > 1 && err instanceof HeadroomError ? withAttempts(err, attempt, isRetryable(err)) : err;
        }
        await this.clock.sleep(backoffDelay(attempt, this.policy, this.random, hint));
      }
    }
  }

  private async send(spec: CallSpec<unknown>, attempt: number): Promise<HttpResponse> {
    const req = spec.prepare(attempt);
    const where = `${spec.cloud} ${spec.operation} (${req.method} ${describeUrl(req.url)})`;
    let res;
    try {
      res = await this.http.request<string>({
        method: req.method,
        url: req.url,
        headers: req.headers,
        data: req.body,
        timeout: this.timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
        throw new TimeoutError(`${where}: no answer within ${this.timeoutMs} ms. Raise timeoutMs or check the endpoint.`);
      }
      // The axios error holds the signed request; keep only its code, never the error itself.
      throw new NetworkError(`${where}: could not reach the endpoint (${code ?? 'network error'}). Check the endpoint URL and your network.`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) {
      if (v !== undefined && v !== null) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    if (res.status >= 300 && res.status < 400) {
      throw new CloudServiceError(
        `${where}: answered HTTP ${res.status} redirecting to ${describeUrl(headers.location ?? '')}; ` +
          'redirects are not followed because they would carry signed credentials. Set the endpoint to the final URL.',
        { cloud: spec.cloud, operation: spec.operation, status: res.status, retryable: false },
      );
    }
    return { status: res.status, headers, body: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
  }
}

/** Whether an error is worth another attempt: retryable cloud errors, network errors and timeouts. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof CloudServiceError) return err.retryable;
  return err instanceof NetworkError || err instanceof TimeoutError;
}

function withAttempts(err: HeadroomError, attempts: number, exhausted: boolean): HeadroomError {
  err.message = exhausted ? `${err.message} (gave up after ${attempts} attempts)` : `${err.message} (on attempt ${attempts})`;
  return err;
}
