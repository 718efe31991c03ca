import { CloudAnswer, CloudClientOptions, CloudConnection } from '../../core/cloud-api';
import { InputError, PaginationError } from '../../core/errors';
import { TransportDeps } from '../../core/transport';
import { HSS_API, HssCall, LIST_QUOTAS_DETAIL, QUOTA_DETAIL_PAGING } from './api';
import { HuaweiCloudAuth, isHuaweiToken } from './auth';
import { defaultHssEndpoint } from './endpoint';
import { HuaweiAnswerContext } from './errors';
import { HSS_PAGE_SIZE, QuotaDetailPage, QuotaDetailResult } from './schema';
import { HSS_MAX_OFFSET, QuotaDetailQuery, toWireQuery } from './types';

/** Default rows per page: the API's maximum `limit`, so most projects take one request. */
export const HSS_DEFAULT_PAGE_SIZE = HSS_PAGE_SIZE.default;

/** A 2xx HSS answer, before its shape is checked: what {@link HuaweiCloudHssClient.get} returns. */
export type HuaweiAnswer = CloudAnswer;

/** How to build a {@link HuaweiCloudHssClient}. */
export interface HuaweiCloudHssClientOptions extends CloudClientOptions<HuaweiCloudAuth> {
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
  /** Holds the keys or token in a private field: printing or serializing the client never shows them. */
  readonly #api: CloudConnection<HuaweiCloudAuth, HssCall, Omit<HuaweiAnswerContext, 'secrets'>, HuaweiCloudHssClientOptions>;
  readonly #answerContext: Omit<HuaweiAnswerContext, 'secrets'>;

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: HuaweiCloudHssClientOptions, deps: TransportDeps = {}) {
    const endpoint = options.endpoint ?? (options.region ? defaultHssEndpoint(options.region) : undefined);
    if (!endpoint) throw new InputError('HuaweiCloudHssClient: give a region (e.g. "cn-north-4") or an endpoint; got neither.');
    this.#api = new CloudConnection(HSS_API, options, endpoint, deps);
    this.#answerContext = { token: isHuaweiToken(options.credentials), projectId: options.projectId, origin: this.#api.endpoint.origin };
  }

  /**
   * `ListQuotasDetail` (`GET /v5/{project_id}/billing/quotas-detail`): every quota of every
   * page, with HSS's counters taken from its answer (not recomputed).
   */
  async listQuotasDetail(query: QuotaDetailQuery = {}): Promise<QuotaDetailResult> {
    return this.#api.operation(async () => {
      const filters = toWireQuery(query);
      const { operation, segments } = LIST_QUOTAS_DETAIL;
      let first: QuotaDetailPage | undefined;
      const all = await this.#api.allPages(
        QUOTA_DETAIL_PAGING,
        query,
        (offset, limit) => this.get(operation, [...segments], { ...filters, offset, limit }),
        (page, offset) => {
          if (offset !== 0) return;
          first = page;
          const n = page.quotas.length;
          const lastOffset = n > 0 ? Math.floor((page.totalNum - 1) / n) * n : 0;
          if (lastOffset > HSS_MAX_OFFSET) {
            throw new PaginationError(
              `Huawei Cloud HSS ListQuotasDetail: ${page.totalNum} quotas match, and reading them all in pages of ${n} needs offset ${lastOffset}, ` +
                `past the API's maximum of ${HSS_MAX_OFFSET}; narrow the query with filters or raise pageSize.`,
            );
          }
        },
      );
      const { quotas: _quotas, ...counts } = first!;
      return { ...counts, totalNum: all.total, quotas: all.rows };
    });
  }

  /**
   * Sends one authenticated GET to `/v5/{project_id}/<segments>` and returns its JSON
   * body (its shape not yet checked) when the status is 2xx. Re-signed on every attempt.
   */
  async get(operation: string, segments: string[], query: Record<string, string | number>): Promise<HuaweiAnswer> {
    return this.#api.call(operation, { projectId: this.#api.settings.projectId, segments, query }, this.#answerContext);
  }
}
