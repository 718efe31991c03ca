import { Clock, systemClock } from '../../core/clock';
import { decodeAnswer } from '../../core/decode';
import { rfc3986 } from '../../core/encoding';
import { InputError, PaginationError } from '../../core/errors';
import { fetchAllPages } from '../../core/pagination';
import { HttpRequest, Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { HuaweiCloudAuth, isHuaweiToken } from './credentials';
import { defaultHssEndpoint } from './endpoint';
import { HuaweiAnswer, readHuaweiAnswer } from './errors';
import { HSS_PAGE_SIZE, HssQuota, QuotaDetailPage, quotaDetailPage, QuotaDetailResult } from './schema';
import { huaweiCanonicalQuery, signHuaweiRequest } from './signer';
import { HSS_MAX_OFFSET, QuotaDetailQuery, toWireQuery } from './types';

/** Default rows per page: the API's maximum `limit`, so most projects take one request. */
export const HSS_DEFAULT_PAGE_SIZE = HSS_PAGE_SIZE.default;

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
  readonly #answerContext: { secrets: string[]; token: boolean; projectId: string; origin: string };

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: HuaweiCloudHssClientOptions, deps: TransportDeps = {}) {
    const { credentials, ...rest } = options;
    this.#credentials = credentials;
    this.options = rest;
    const endpoint = options.endpoint ?? (options.region ? defaultHssEndpoint(options.region) : undefined);
    if (!endpoint) throw new InputError('HuaweiCloudHssClient: give a region (e.g. "cn-north-4") or an endpoint; got neither.');
    this.endpoint = new URL(endpoint);
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint.href, 'HuaweiCloudHssClient: endpoint');
    const a = credentials as Partial<{ accessKey: string; secretKey: string; securityToken: string; authToken: string }>;
    this.#answerContext = {
      secrets: [a.accessKey, a.secretKey, a.securityToken, a.authToken].filter((s): s is string => !!s),
      token: isHuaweiToken(credentials),
      projectId: options.projectId,
      origin: this.endpoint.origin,
    };
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
    let first: QuotaDetailPage | undefined;
    const all = await fetchAllPages<HssQuota>({
      describe: 'Huawei Cloud HSS ListQuotasDetail',
      pageSize: query.pageSize ?? HSS_PAGE_SIZE.default,
      pageRange: HSS_PAGE_SIZE,
      maxRows: query.maxRows,
      concurrency: this.options.pageConcurrency,
      key: (q) => q.resourceId,
      fetchPage: async (offset, limit) => {
        const answer = await this.get('ListQuotasDetail', ['billing', 'quotas-detail'], { ...filters, offset, limit });
        const page = decodeAnswer(quotaDetailPage, answer.body, answer.ctx);
        if (offset === 0) {
          first = page;
          const n = page.quotas.length;
          const lastOffset = n > 0 ? Math.floor((page.totalNum - 1) / n) * n : 0;
          if (lastOffset > HSS_MAX_OFFSET) {
            throw new PaginationError(
              `Huawei Cloud HSS ListQuotasDetail: ${page.totalNum} quotas match, and reading them all in pages of ${n} needs offset ${lastOffset}, ` +
                `past the API's maximum of ${HSS_MAX_OFFSET}; narrow the query with filters or raise pageSize.`,
            );
          }
        }
        return { rows: page.quotas, total: page.totalNum };
      },
    });
    const { quotas: _quotas, ...counts } = first!;
    return { ...counts, totalNum: all.total, quotas: all.rows };
  }

  /**
   * Sends one authenticated GET to `/v5/{project_id}/<segments>` and returns its JSON
   * body (its shape not yet checked) when the status is 2xx. Re-signed on every attempt.
   */
  async get(operation: string, segments: string[], query: Record<string, string | number>): Promise<HuaweiAnswer> {
    return this.transport.call<HuaweiAnswer>({
      cloud: 'huaweicloud',
      operation,
      prepare: () => this.prepare(segments, query),
      parse: (res) => readHuaweiAnswer(operation, res, this.#answerContext, this.clock.now()),
      requestId: (headers) => headers['x-request-id'] || undefined,
      secrets: this.#answerContext.secrets,
    });
  }

  private prepare(segments: string[], query: Record<string, string | number>): HttpRequest {
    const base = this.endpoint.pathname
      .split('/')
      .filter(Boolean)
      .map((s) => decodeURIComponent(s));
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
}
