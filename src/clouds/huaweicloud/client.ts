import { Clock, systemClock } from '../../core/clock';
import { rfc3986 } from '../../core/encoding';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails, PaginationError } from '../../core/errors';
import { fetchAllPages } from '../../core/pagination';
import { redactSecrets } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpRequest, HttpResponse, requestIdOf, Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { defaultHssEndpoint, HuaweiCloudAuth, isHuaweiToken } from './credentials';
import { HUAWEI_MAX_CLOCK_SKEW_MS, huaweiCanonicalQuery, signHuaweiRequest } from './signer';
import {
  fromWireCounts,
  fromWireQuota,
  fromWireStatistics,
  HSS_MAX_OFFSET,
  HssQuota,
  QuotaDetailQuery,
  QuotaDetailResult,
  time,
  toWireQuery,
  WireHuaweiError,
  WireListQuotasDetailResponse,
} from './types';

/** Default rows per page: the API's maximum `limit`, so most projects take one request. */
export const HSS_DEFAULT_PAGE_SIZE = 200;

/** How to build a {@link HuaweiCloudHssClient}. */
export interface HuaweiCloudHssClientOptions extends TransportOptions {
  /** An AK/SK pair (optionally temporary) or an `X-Auth-Token` (see `resolveHuaweiCloudCredentials`). */
  readonly credentials: HuaweiCloudAuth;
  /** Project id (`project_id` in the path; also sent as `X-Project-Id` with AK/SK). */
  readonly projectId: string;
  /**
   * Region id, e.g. `cn-north-4`; gives the default endpoint.
   * @default none: `endpoint` is then required
   */
  readonly region?: string;
  /**
   * HSS endpoint (scheme and host, optionally a path prefix).
   * @default `https://hss.{region}.myhuaweicloud.com` (`.eu` for eu-west-101)
   */
  readonly endpoint?: string;
  /**
   * Pages in flight at once after the first.
   * @default 8
   */
  readonly pageConcurrency?: number;
}

/**
 * Async client for Huawei Cloud Host Security Service (HSS) v5: signed (or token)
 * requests, retries, typed errors and every page.
 *
 * @example
 * const c = resolveHuaweiCloudCredentials();
 * const client = new HuaweiCloudHssClient({ credentials: c.auth, projectId: c.projectId!, region: c.region });
 * const detail = await client.listQuotasDetail({ version: 'hss.version.enterprise' });
 */
export class HuaweiCloudHssClient {
  private readonly transport: Transport;
  private readonly endpoint: URL;
  private readonly clock: Clock;
  private readonly options: Omit<HuaweiCloudHssClientOptions, 'credentials'>;
  /** Held in private fields: printing or serializing the client never shows them. */
  readonly #credentials: HuaweiCloudAuth;
  readonly #secrets: string[];

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: HuaweiCloudHssClientOptions, deps: TransportDeps = {}) {
    const { credentials, ...rest } = options;
    this.#credentials = credentials;
    this.options = rest;
    const endpoint = options.endpoint ?? (options.region ? defaultHssEndpoint(options.region) : undefined);
    if (!endpoint) throw new TypeError('HuaweiCloudHssClient: give a region or an endpoint.');
    this.endpoint = new URL(endpoint);
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint.href, 'HuaweiCloudHssClient: endpoint');
    const a = credentials as Partial<{ accessKey: string; secretKey: string; securityToken: string; authToken: string }>;
    this.#secrets = [a.accessKey, a.secretKey, a.securityToken, a.authToken].filter((s): s is string => !!s);
  }

  /**
   * `ListQuotasDetail` (`GET /v5/{project_id}/billing/quotas-detail`): every quota of every
   * page, with HSS's counters taken from its answer (not recomputed).
   */
  async listQuotasDetail(query: QuotaDetailQuery = {}): Promise<QuotaDetailResult> {
    return this.transport.operation(() => this.quotasDetail(query));
  }

  private async quotasDetail(query: QuotaDetailQuery): Promise<QuotaDetailResult> {
    const filters = toWireQuery(query);
    let first: WireListQuotasDetailResponse | undefined;
    const all = await fetchAllPages<HssQuota>({
      describe: 'Huawei Cloud HSS ListQuotasDetail',
      pageSize: query.pageSize ?? HSS_DEFAULT_PAGE_SIZE,
      concurrency: this.options.pageConcurrency,
      key: (q) => q.resourceId || JSON.stringify(q),
      fetchPage: async (offset, limit) => {
        const body = await this.get<WireListQuotasDetailResponse>('ListQuotasDetail', ['billing', 'quotas-detail'], { ...filters, offset, limit });
        const bad = (m: string): CloudServiceError => this.malformed('ListQuotasDetail', m, body);
        if (body.data_list !== undefined && body.data_list !== null && !Array.isArray(body.data_list)) throw bad(`data_list is ${JSON.stringify(body.data_list)}, not a list`);
        const rows = (body.data_list ?? []).map((r) => fromWireQuota(r, bad));
        const total = body.total_num ?? rows.length;
        if (offset === 0) {
          first = body;
          const lastOffset = rows.length > 0 ? Math.floor((total - 1) / rows.length) * rows.length : 0;
          if (lastOffset > HSS_MAX_OFFSET) {
            throw new PaginationError(
              `Huawei Cloud HSS ListQuotasDetail: ${total} quotas match, and reading them all in pages of ${rows.length} needs offset ${lastOffset}, ` +
                `past the API's maximum of ${HSS_MAX_OFFSET}; narrow the query with filters or raise pageSize.`,
            );
          }
        }
        return { rows, total };
      },
    });
    const bad = (m: string): CloudServiceError => this.malformed('ListQuotasDetail', m, first);
    const counts = fromWireCounts(first!, bad);
    return {
      ...counts,
      totalNum: all.total,
      quotaStatistics: fromWireStatistics(first!.quota_statistics_list, bad),
      createTime: time(first!.create_time, 'create_time', bad),
      quotas: all.rows,
    };
  }

  /**
   * Sends one authenticated GET to `/v5/{project_id}/<segments>` and returns its JSON
   * body when the status is 2xx. Re-signed on every attempt.
   */
  async get<T>(operation: string, segments: string[], query: Record<string, string | number>): Promise<T> {
    return this.transport.call<T>({
      cloud: 'huaweicloud',
      operation,
      prepare: () => this.prepare(segments, query),
      parse: (res) => this.parse<T>(operation, res),
      requestId: (headers) => headers['x-request-id'] || undefined,
      secrets: this.#secrets,
    });
  }

  private prepare(segments: string[], query: Record<string, string | number>): HttpRequest {
    const base = this.endpoint.pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    const parts = [...base, 'v5', this.options.projectId, ...segments];
    const path = `/${parts.join('/')}`;
    const wirePath = `/${parts.map(rfc3986).join('/')}`;
    const auth = this.#credentials;
    if (isHuaweiToken(auth)) {
      const q = huaweiCanonicalQuery(query);
      return { method: 'GET', url: `${this.endpoint.origin}${wirePath}${q ? `?${q}` : ''}`, headers: { 'X-Auth-Token': auth.authToken } };
    }
    const signed = signHuaweiRequest(
      { method: 'GET', path, query, headers: { Host: this.endpoint.host, 'X-Project-Id': this.options.projectId } },
      auth,
      new Date(this.clock.now()),
    );
    const q = signed.canonicalQuery;
    return { method: 'GET', url: `${this.endpoint.origin}${wirePath}${q ? `?${q}` : ''}`, headers: signed.headers };
  }

  private parse<T>(operation: string, res: HttpResponse): T {
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    const wire = (isObject ? body : {}) as WireHuaweiError;
    const requestId = stringOr(wire.request_id) ?? res.headers['x-request-id'];
    const details = { cloud: 'huaweicloud', operation, status: res.status, requestId };
    const rid = requestId ? ` (request id ${requestId})` : '';
    if (res.status >= 200 && res.status < 300) {
      if (isObject) return body as T;
      // A cut or foreign body at 2xx: retried, since a truncated answer is usually transient.
      throw new CloudServiceError(
        `Huawei Cloud HSS ${operation}: HTTP ${res.status} with a body that is not a Huawei Cloud answer (${JSON.stringify(res.body.slice(0, 80))})${rid}; ` +
          'if this persists, check the endpoint URL.',
        { ...details, retryable: true },
      );
    }
    const cloudCode = stringOr(wire.error_code) ?? stringOr(wire.code) ?? stringOr(wire.error?.code);
    const rawMessage = stringOr(wire.error_msg) ?? stringOr(wire.message) ?? stringOr(wire.error?.message);
    const cloudMessage = rawMessage === undefined ? undefined : redactSecrets(rawMessage, this.#secrets);
    const d: Omit<CloudServiceErrorDetails, 'retryable'> = { ...details, cloudCode, cloudMessage };
    const head = `Huawei Cloud HSS ${operation} failed with HTTP ${res.status}${cloudCode ? ` ${cloudCode}` : ''} (${cloudMessage || 'no message'})${rid}`;
    if (res.status === 401) return this.unauthorized(head, d, res) as never;
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.clock.now());
    if (res.status === 429 || cloudCode === 'APIGW.0308' || cloudCode === 'APIG.0308') {
      throw new CloudServiceError(`${head}: throttled (the API's request rate limit was reached); retried with backoff and fewer requests at once.`, {
        ...d, retryable: true, retryAfterMs, throttled: true,
      });
    }
    if (res.status >= 500) {
      throw new CloudServiceError(`${head}: a server error; retried.`, { ...d, retryable: true, retryAfterMs });
    }
    if (res.status === 403) {
      throw new CloudServiceError(`${head}: permission denied. Check that the user has HSS read permission (e.g. HSS ReadOnlyAccess) in project ${this.options.projectId}.`, { ...d, retryable: false });
    }
    if (res.status === 400) {
      throw new CloudServiceError(`${head}: HSS refused the query. Check the project id and filters.`, { ...d, retryable: false });
    }
    if (res.status === 404) {
      throw new CloudServiceError(`${head}: no such API at ${this.endpoint.origin}. Check the endpoint and region.`, { ...d, retryable: false });
    }
    throw new CloudServiceError(`${head}.`, { ...d, retryable: false });
  }

  /** A 401, never retried, with its likely cause: the signature, the key, the token or the clock. */
  private unauthorized(head: string, d: Omit<CloudServiceErrorDetails, 'retryable'>, res: HttpResponse): never {
    const msg = (d.cloudMessage ?? '').toLowerCase();
    if (isHuaweiToken(this.#credentials)) {
      let cause = 'the X-Auth-Token is the likely cause: it is expired (tokens last 24 hours), malformed, or for another account or region';
      if (/expire/.test(msg)) cause = 'the X-Auth-Token has expired (tokens last 24 hours)';
      else if (/not found/.test(msg)) cause = 'no X-Auth-Token reached the API';
      throw new CloudCredentialsError(
        `${head}: ${cause}. Not retried. Get a new token (IAM POST /v3/auth/tokens, header X-Subject-Token) scoped to this project, or use an AK/SK pair.`,
        d,
      );
    }
    const lockNote = ' Not retried: more than five failed AK/SK attempts in a row lock the key for five minutes.';
    const serverDate = res.headers.date ? Date.parse(res.headers.date) : NaN;
    const skew = Number.isNaN(serverDate) ? 0 : this.clock.now() - serverDate;
    let cause: string;
    if (Math.abs(skew) > HUAWEI_MAX_CLOCK_SKEW_MS) {
      const minutes = Math.round(Math.abs(skew) / 60_000);
      cause =
        `the clock is the likely cause: this machine's clock is ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} Huawei Cloud's ` +
        "(the answer's Date header), and X-Sdk-Date may be at most 15 minutes off. Sync this machine's clock (NTP)";
    } else if (/ak not exist|secretkey failed/.test(msg)) {
      cause = 'the access key is the likely cause: Huawei Cloud does not know this AK. Check the access key (HW_ACCESS_KEY or the credentials prop)';
    } else if (/reach the limit|forbidden/.test(msg)) {
      cause = 'the access key is locked after repeated failed attempts. Fix the secret key, then wait five minutes before trying again';
    } else if (/security token|securitytoken|decrypt token/.test(msg)) {
      cause = 'the security token is the likely cause: temporary credentials need their X-Security-Token, and it must be current';
    } else if (/signature/.test(msg)) {
      cause =
        'the signature is the likely cause: it did not match, so the secret key does not belong to the access key (or has stray spaces), ' +
        'or something between here and Huawei Cloud changed the request. Check the secret key';
    } else {
      cause = 'the signature, the key or the clock (X-Sdk-Date more than 15 minutes off) is wrong. Check the key pair and the clock';
    }
    throw new CloudCredentialsError(`${head}: ${cause}.${lockNote}`, d);
  }

  private malformed(operation: string, message: string, body?: unknown): CloudServiceError {
    const wire = body as { request_id?: unknown } | undefined;
    const requestId = requestIdOf(body) ?? stringOr(wire?.request_id);
    return new CloudServiceError(`Huawei Cloud HSS ${operation}: malformed answer: ${message}${requestId ? ` (request id ${requestId})` : ''}.`, {
      cloud: 'huaweicloud', operation, status: 200, retryable: false, requestId,
    });
  }
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}
