import { Clock, systemClock } from '../../core/clock';
import { decodeAnswer } from '../../core/decode';
import { fetchAllPages } from '../../core/pagination';
import { Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { qingCloudEndpoint } from './endpoint';
import { QingCloudAnswer, readQingCloudAnswer } from './errors';
import { ProjectResourceStatResult, ProjectResourceStatRow, projectResourceStatPage, QINGCLOUD_PAGE_SIZE, sumCounters } from './schema';
import { QingCloudKeys, signQingCloudRequest } from './signer';
import { ProjectResourceStatQuery } from './types';

export { QINGCLOUD_DEFAULT_ENDPOINT } from './endpoint';

/** Default `limit` of `GetProjectResourceStat`, as its documentation gives it. */
export const QINGCLOUD_DEFAULT_PAGE_SIZE = QINGCLOUD_PAGE_SIZE.default;

/** How to build a {@link QingCloudClient}. */
export interface QingCloudClientOptions extends TransportOptions {
  /** The access key pair (see `resolveQingCloudCredentials` for the usual chain). */
  readonly credentials: QingCloudKeys;
  /**
   * API endpoint, path included.
   * @default 'https://api.qingcloud.com/iaas/'
   */
  readonly endpoint?: string;
  /**
   * Zone sent with every call, unless a query names its own.
   * @default no zone parameter
   */
  readonly zone?: string;
  /**
   * Pages in flight at once after the first.
   * @default 8
   */
  readonly pageConcurrency?: number;
}

/**
 * Async client for the QingCloud IaaS API: signed requests, retries and every page.
 *
 * @example
 * const client = new QingCloudClient({ credentials: resolveQingCloudCredentials() });
 * const stat = await client.getProjectResourceStat({ consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
 */
export class QingCloudClient {
  private readonly transport: Transport;
  private readonly endpoint: URL;
  private readonly clock: Clock;

  private readonly options: Omit<QingCloudClientOptions, 'credentials'>;
  /** Held in a private field: printing or serializing the client never shows it. */
  readonly #credentials: QingCloudKeys;

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: QingCloudClientOptions, deps: TransportDeps = {}) {
    const { credentials, ...rest } = options;
    this.#credentials = credentials;
    this.options = rest;
    this.endpoint = new URL(qingCloudEndpoint(options.endpoint));
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint.href, 'QingCloudClient: endpoint');
  }

  /** `GetProjectResourceStat`, every page, typed and totalled, under one deadline. */
  async getProjectResourceStat(query: ProjectResourceStatQuery): Promise<ProjectResourceStatResult> {
    return this.transport.operation(() => this.projectResourceStat(query));
  }

  private async projectResourceStat(query: ProjectResourceStatQuery): Promise<ProjectResourceStatResult> {
    const zone = query.zone ?? this.options.zone;
    const base: Record<string, string> = { console_id: query.consoleId, project_id: query.projectId, owner: query.owner };
    if (zone) base.zone = zone;
    const all = await fetchAllPages<ProjectResourceStatRow>({
      describe: 'QingCloud GetProjectResourceStat',
      pageSize: query.pageSize ?? QINGCLOUD_PAGE_SIZE.default,
      pageRange: QINGCLOUD_PAGE_SIZE,
      maxRows: query.maxRows,
      concurrency: this.options.pageConcurrency,
      key: (row) => row.resourceGroupId,
      fetchPage: async (offset, limit) => {
        const answer = await this.call('GetProjectResourceStat', { ...base, offset, limit });
        const page = decodeAnswer(projectResourceStatPage, answer.body, answer.ctx);
        return { rows: page.rows, total: page.totalCount };
      },
    });
    return { rows: all.rows, totals: sumCounters(all.rows), totalCount: all.total };
  }

  /**
   * Sends one signed action call and returns its body when `ret_code` is 0 (its shape
   * not yet checked), with what errors about it need to say.
   */
  async call(action: string, params: Record<string, string | number>): Promise<QingCloudAnswer> {
    return this.transport.call<QingCloudAnswer>({
      cloud: 'qingcloud',
      operation: action,
      prepare: () => {
        const signed = signQingCloudRequest(
          { method: 'GET', path: this.endpoint.pathname, params: { ...params, action, version: 1 } },
          this.#credentials,
          new Date(this.clock.now()),
        );
        return { method: 'GET', url: `${this.endpoint.origin}${this.endpoint.pathname}?${signed.signedQuery}` };
      },
      parse: (res) => readQingCloudAnswer(action, res, [this.#credentials.secretAccessKey, this.#credentials.accessKeyId], this.clock.now()),
      requestId: (headers) => headers['x-request-id'] || undefined,
      secrets: [this.#credentials.accessKeyId, this.#credentials.secretAccessKey],
    });
  }
}
