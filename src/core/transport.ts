import type { Readable } from 'node:stream';
import type { AxiosInstance } from 'axios';
import { logRequest, noteAttempt } from './activity';
import { Clock, systemClock } from './clock';
import { currentDeadline, Deadline, withDeadline } from './deadline';
import { endpointLimiter } from './endpoint-limiter';
import { ANSWER_TOO_LARGE, axiosProxy, loadHttpStack, lowerCaseHeaders, MAX_BODY_BYTES, MAX_SOCKETS_PER_HOST, readBody } from './http-stack';
import { CloudServiceError, HeadroomError, InputError, NetworkError, TimeoutError } from './errors';
import { describeProxy, isLoopbackHost, NOT_LOOPBACK, proxyFor, ProxyTunnelError, tunnelAgent } from './proxy';
import { addScopeSecrets, describeUrl, redactErrorText, requestSecrets, withSecretScope } from './redact';
import { backoffDelay } from './retry';
import { ResolvedTransportOptions, resolveTransportOptions, TransportOptions } from './transport-options';

export { loadHttpClient } from './http-stack';
export { TransportOptions } from './transport-options';

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
   * flag (and `retryAfterMs` hint, and `throttled` flag) decides whether and how the
   * transport tries again.
   */
  parse(response: HttpResponse): T;
  /**
   * The request id of an answer, for errors raised after its headers arrived (a timeout
   * or a break during the body) and for {@link requestIdOf} on the parsed value.
   * @default the `X-Request-Id` header
   */
  requestId?(headers: Readonly<Record<string, string>>): string | undefined;
  /**
   * Secrets the cloud's answers must never show (the access key id, the secret); the
   * request's own signature, key parameters and credential headers are added by the
   * transport. Applied to the message and `cloudMessage` of every error of this call.
   * @default none besides the request's own
   */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

/** Test seams of {@link Transport}. */
export interface TransportDeps {
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: () => number;
}

/** After waiting this long for a slot, a request is signed again (signatures carry a time). */
const RESIGN_AFTER_WAIT_MS = 1000;

const REQUEST_ID = Symbol.for('cdktf-headroom.requestId');

/**
 * The request id of the answer a value was parsed from (set by {@link Transport.call}
 * on object values, as a hidden property), for errors raised while decoding it.
 */
export function requestIdOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<symbol, unknown>)[REQUEST_ID] as string | undefined) : undefined;
}

/** What one attempt ended with, besides a parsed value. */
type AttemptFailure = { readonly error: unknown; readonly throttled: boolean; readonly timedOut: boolean };

/**
 * The one HTTP path of the library: axios underneath, a deadline per attempt (headers and
 * body) and per lookup, an adaptive limit of requests in flight per endpoint, retries
 * with backoff and jitter from a bounded budget, proxies from the environment, https
 * only (plain http to loopback, or by an explicit insecure opt-in), no redirects, typed
 * errors with the cloud's request id, and redaction of anything secret a cloud echoes.
 *
 * Every cloud client sends through it; a cloud brings only its signer and its answer
 * parser (see {@link CallSpec}).
 */
export class Transport {
  private readonly http: AxiosInstance;
  private readonly options: ResolvedTransportOptions;
  private readonly clock: Clock;
  private readonly random: () => number;
  /** Origins {@link checkEndpoint} allowed (the check depends on the origin and the options only). */
  private readonly allowedOrigins = new Set<string>();

  /**
   * @throws InputError when an option is out of range (the message gives the range)
   */
  constructor(options: TransportOptions = {}, deps: TransportDeps = {}) {
    this.options = resolveTransportOptions(options);
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    const stack = loadHttpStack();
    this.http = stack.axios.create({
      maxRedirects: 0, // a redirect would carry signed credentials to another host
      validateStatus: () => true,
      responseType: 'stream',
      decompress: true,
      httpAgent: stack.httpAgent,
      httpsAgent: stack.httpsAgent,
      proxy: false,
    });
  }

  /** The options in force, defaults applied. */
  get settings(): ResolvedTransportOptions {
    return this.options;
  }

  /**
   * Checks that requests may be sent to `endpoint`: https, or plain http to a loopback
   * host, or plain http with `insecureAllowPlainHttp`.
   * @throws InputError for plain http to another host without the opt-in
   */
  checkEndpoint(endpoint: string, where = 'endpoint'): void {
    let u: URL;
    try {
      u = new URL(endpoint);
    } catch {
      throw new InputError(`${where} must be an https URL such as https://api.example.com/; got a value that is not a URL.`);
    }
    if (u.protocol === 'https:' || (u.protocol === 'http:' && (isLoopbackHost(u.hostname) || this.options.insecureAllowPlainHttp))) return;
    if (u.protocol !== 'http:') throw new InputError(`${where} must be an https URL; got a ${u.protocol}// URL (${describeUrl(endpoint)}).`);
    throw new InputError(
      `${where} ${describeUrl(endpoint)} is plain http: signed requests (key id and signature, or a token) would cross the network in clear text ` +
        'and the answer could be changed on the way, so it is refused. Use https://. Plain http is allowed to a loopback host, ' +
        'or, on a network you trust (such as a VPC-internal endpoint), with transport option insecureAllowPlainHttp: true ' +
        '(or HEADROOM_INSECURE_ALLOW_PLAIN_HTTP=1).',
    );
  }

  /**
   * Runs `fn` (one lookup: every page of it) under this transport's `deadlineMs`, unless
   * an outer operation's deadline is already in force.
   */
  operation<T>(fn: () => Promise<T>): Promise<T> {
    // The operation's secrets (every request's keys, tokens, signatures) are gathered as
    // requests are signed, and redacted from whatever it throws, wherever that was built.
    return withDeadline(this.options.deadlineMs, this.clock, () => withSecretScope(fn));
  }

  /** Sends the call, retrying retryable failures, and returns the parsed value. */
  call<T>(spec: CallSpec<T>): Promise<T> {
    return this.operation(() => this.attempts(spec));
  }

  private async attempts<T>(spec: CallSpec<T>): Promise<T> {
    const deadline = currentDeadline()!;
    const { retry, maxConcurrency } = this.options;
    let spent = 0;
    let last: AttemptFailure | undefined;
    for (let attempt = 1; ; attempt++) {
      let req = spec.prepare(attempt);
      // The URL is parsed once per attempt: the secrets, the endpoint check, the limiter and the send share it.
      let url = new URL(req.url);
      addScopeSecrets(requestSecrets(req, url));
      if (spec.secrets) addScopeSecrets(spec.secrets);
      if (!this.allowedOrigins.has(url.origin)) {
        this.checkEndpoint(req.url, `${spec.cloud} ${spec.operation}: endpoint`);
        this.allowedOrigins.add(url.origin);
      }
      const where = `${spec.cloud} ${spec.operation} (${req.method} ${url.origin}${url.pathname})`;
      const limiter = endpointLimiter(`${spec.cloud} ${url.origin}`, maxConcurrency);
      const waitStarted = this.clock.now();
      if (!(await limiter.acquire(maxConcurrency, deadline.started ? deadline.remainingMs() : Infinity))) {
        throw this.deadlinePassed(where, deadline, attempt, last, 'waiting for a free slot (maxConcurrency)');
      }
      deadline.start();
      if (this.clock.now() - waitStarted > RESIGN_AFTER_WAIT_MS) {
        req = spec.prepare(attempt);
        addScopeSecrets(requestSecrets(req));
        if (req.url !== url.href) url = new URL(req.url);
      }
      noteAttempt(attempt, retry.maxAttempts);
      let value: T;
      try {
        const res = await this.send(spec, req, url, where, Math.min(this.options.timeoutMs, Math.max(1, deadline.remainingMs())), attempt);
        value = spec.parse(res);
        const requestId = (spec.requestId ?? defaultRequestId)(res.headers);
        if (requestId && typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
          Object.defineProperty(value, REQUEST_ID, { value: requestId, enumerable: false });
        }
      } catch (err) {
        const throttled = err instanceof CloudServiceError && (err.throttled === true || err.status === 429);
        limiter.release(throttled ? 'throttled' : 'other', maxConcurrency);
        const error = redactErrorText(err, [...requestSecrets(req), ...(spec.secrets ?? [])]);
        last = { error, throttled, timedOut: err instanceof TimeoutError };
        if (!isRetryable(error) || attempt >= retry.maxAttempts) {
          throw attempt > 1 && error instanceof HeadroomError ? withAttempts(error, attempt, isRetryable(error)) : error;
        }
        const cost = limiter.takeRetry(last.timedOut, this.clock.now());
        if (cost === undefined) {
          throw note(error as Error, `(not retried: the retry budget of ${url.origin} is spent, as many requests to it failed just now)`);
        }
        spent += cost;
        const hint = error instanceof CloudServiceError ? error.retryAfterMs : undefined;
        const delay = backoffDelay(attempt, retry, this.random, hint);
        if (delay >= deadline.remainingMs()) {
          throw this.deadlinePassed(where, deadline, attempt, last, `the next attempt would start after it (in ${delay} ms)`);
        }
        await this.clock.sleep(delay);
        continue;
      }
      limiter.release('success', maxConcurrency);
      limiter.refund(spent);
      return value;
    }
  }

  private deadlinePassed(where: string, deadline: Deadline, attempts: number, last: AttemptFailure | undefined, when: string): TimeoutError {
    const lastNote = last ? ` The last attempt failed with: ${(last.error as Error).message}` : '';
    const requestId = last && (last.error as { requestId?: string }).requestId;
    return new TimeoutError(
      `${where}: the lookup's deadline of ${deadline.budgetMs} ms passed (${when}; ${attempts} attempt${attempts === 1 ? '' : 's'} made).${lastNote} ` +
        'Raise transport deadlineMs (or HEADROOM_LOOKUP_DEADLINE), or check the endpoint.',
      { requestId },
    );
  }

  private async send(spec: CallSpec<unknown>, req: HttpRequest, url: URL, where: string, timeoutMs: number, attempt: number): Promise<HttpResponse> {
    const proxy = proxyFor(url);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const started = this.clock.now();
    let status: number | undefined;
    let headers: Record<string, string> = {};
    let received = 0;
    const log = (outcome: number | string): void =>
      logRequest({
        method: req.method,
        host: url.host,
        operation: spec.operation,
        status: outcome,
        attempt,
        maxAttempts: this.options.retry.maxAttempts,
        ms: this.clock.now() - started,
      });
    const via = proxy ? ` through the proxy ${describeProxy(proxy)}` : '';
    // Plain http allowed only because the endpoint is this machine: the socket must go to a
    // loopback address, whatever the name resolves to (see loopbackLookup).
    const loopbackOnly = url.protocol === 'http:' && !proxy && !this.options.insecureAllowPlainHttp;
    try {
      const res = await this.http.request<Readable>({
        method: req.method,
        url: req.url,
        headers: req.headers,
        data: req.body,
        signal: controller.signal,
        ...(proxy && url.protocol === 'https:' ? { httpsAgent: tunnelAgent(proxy, MAX_SOCKETS_PER_HOST) } : {}),
        ...(proxy && url.protocol === 'http:' ? { proxy: axiosProxy(proxy) } : {}),
        ...(loopbackOnly ? { httpAgent: loadHttpStack().loopbackAgent } : {}),
      });
      status = res.status;
      headers = lowerCaseHeaders(res.headers);
      const body = await readBody(res.data, (n) => (received = n));
      log(status);
      if (status >= 300 && status < 400) {
        throw new CloudServiceError(
          `${where}: answered HTTP ${status} redirecting to ${describeUrl(headers.location ?? '')}; ` +
            'redirects are not followed because they would carry signed credentials. Set the endpoint to the final URL.',
          { cloud: spec.cloud, operation: spec.operation, status, retryable: false, requestId: (spec.requestId ?? defaultRequestId)(headers) },
        );
      }
      return { status, headers, body };
    } catch (err) {
      if (err instanceof CloudServiceError) throw err;
      const requestId = status === undefined ? undefined : (spec.requestId ?? defaultRequestId)(headers);
      const rid = requestId ? ` (request id ${requestId})` : '';
      if (timedOut) {
        log('timeout');
        throw new TimeoutError(
          status === undefined
            ? `${where}: no answer within ${timeoutMs} ms${via}. Raise timeoutMs or check the endpoint.`
            : `${where}: HTTP ${status} headers arrived but the whole answer did not within ${timeoutMs} ms (${received} bytes of body by then)${rid}. ` +
                'Raise timeoutMs or check the endpoint.',
          { requestId },
        );
      }
      // The axios error holds the signed request; keep only its code, never the error itself.
      const code = (err as { code?: string }).code ?? 'network error';
      log(code);
      if (code === ANSWER_TOO_LARGE) {
        throw new CloudServiceError(
          `${where}: the answer's body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB (HTTP ${status}), far more than any answer of this API; ` +
            `it was cut off and not retried${rid}. Check the endpoint URL, or lower pageSize.`,
          { cloud: spec.cloud, operation: spec.operation, status: status ?? 0, requestId, retryable: false },
        );
      }
      const cause = (err as { cause?: { code?: string } }).cause;
      if (code === 'HPE_HEADER_OVERFLOW' || cause?.code === 'HPE_HEADER_OVERFLOW') {
        throw new NetworkError(
          `${where}: the answer's headers are larger than Node.js accepts (16 KiB unless --max-http-header-size says otherwise); ` +
            'the endpoint was reached, its answer refused, and not retried. Check the endpoint URL (or the proxy in between).',
          { permanent: true },
        );
      }
      if (code === NOT_LOOPBACK || cause?.code === NOT_LOOPBACK) {
        throw new InputError(
          `${where}: plain http is allowed only to this machine, and ${url.hostname} ${(err as Error).message.replace(/^\S+ /, '')}; nothing was sent. ` +
            'Use https://, or, on a network you trust, transport option insecureAllowPlainHttp: true (or HEADROOM_INSECURE_ALLOW_PLAIN_HTTP=1).',
        );
      }
      if (status !== undefined) {
        throw new NetworkError(
          `${where}: the connection broke while the answer was arriving (${code} after HTTP ${status} and ${received} bytes of body)${rid}; ` +
            'the endpoint was reached, the answer was cut off.',
          { requestId, answerStarted: true },
        );
      }
      if (err instanceof ProxyTunnelError || (err as { cause?: unknown }).cause instanceof ProxyTunnelError) {
        const p = err instanceof ProxyTunnelError ? err : (err as { cause: ProxyTunnelError }).cause;
        if (p.status === 407) {
          throw new NetworkError(
            `${where}: ${p.message}: the proxy wants credentials, and ${proxy?.username ? 'refused the ones in the proxy URL' : 'the proxy URL has none'}; not retried. ` +
              'Put them in HTTPS_PROXY as http://user:password@proxy:port, or set NO_PROXY for this endpoint.',
            { permanent: true },
          );
        }
        throw new NetworkError(`${where}: ${p.message}. Check HTTPS_PROXY/HTTP_PROXY and NO_PROXY.`);
      }
      throw new NetworkError(`${where}: could not reach the endpoint${via} (${code}). Check the endpoint URL and your network.`);
    } finally {
      clearTimeout(timer);
    }
  }
}

function defaultRequestId(headers: Readonly<Record<string, string>>): string | undefined {
  return headers['x-request-id'] || undefined;
}

/** Whether an error is worth another attempt: retryable cloud errors, network errors that are not permanent, and timeouts. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof CloudServiceError) return err.retryable;
  if (err instanceof NetworkError) return err.permanent !== true;
  return err instanceof TimeoutError;
}

function note<E extends Error>(err: E, text: string): E {
  err.message = `${err.message} ${text}`;
  return err;
}

function withAttempts(err: HeadroomError, attempts: number, exhausted: boolean): HeadroomError {
  err.message = exhausted ? `${err.message} (gave up after ${attempts} attempts)` : `${err.message} (on attempt ${attempts})`;
  return err;
}
