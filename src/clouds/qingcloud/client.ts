import { CloudAnswer, CloudClientOptions, CloudConnection } from '../../core/cloud-api';
import { TransportDeps } from '../../core/transport';
import { GET_PROJECT_RESOURCE_STAT, PROJECT_RESOURCE_STAT_PAGING, QINGCLOUD_API, QingCloudCall } from './api';
import { QingCloudKeys } from './credentials';
import { qingCloudEndpoint } from './endpoint';
import { ProjectResourceStatResult, QINGCLOUD_PAGE_SIZE, sumCounters } from './schema';
import { ProjectResourceStatQuery } from './types';

export { QINGCLOUD_DEFAULT_ENDPOINT } from './endpoint';

/** Default `limit` of `GetProjectResourceStat`, as its documentation gives it. */
export const QINGCLOUD_DEFAULT_PAGE_SIZE = QINGCLOUD_PAGE_SIZE.default;

/** A QingCloud answer with `ret_code` 0, before its shape is checked: what {@link QingCloudClient.call} returns. */
export type QingCloudAnswer = CloudAnswer;

/** How to build a {@link QingCloudClient}. */
export interface QingCloudClientOptions extends CloudClientOptions<QingCloudKeys> {
  /**
   * Zone sent with every call, unless a query names its own.
   * @default no zone parameter
   */
  readonly zone?: string;
}

/**
 * Async client for the QingCloud IaaS API: signed requests, retries and every page.
 *
 * @example
 * const client = new QingCloudClient({ credentials: resolveQingCloudCredentials() });
 * const stat = await client.getProjectResourceStat({ consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
 */
export class QingCloudClient {
  /** Holds the keys in a private field: printing or serializing the client never shows them. */
  readonly #api: CloudConnection<QingCloudKeys, QingCloudCall, undefined, QingCloudClientOptions>;

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: QingCloudClientOptions, deps: TransportDeps = {}) {
    this.#api = new CloudConnection(QINGCLOUD_API, options, qingCloudEndpoint(options.endpoint), deps);
  }

  /** `GetProjectResourceStat`, every page, typed and totalled, under one deadline. */
  async getProjectResourceStat(query: ProjectResourceStatQuery): Promise<ProjectResourceStatResult> {
    return this.#api.operation(async () => {
      const zone = query.zone ?? this.#api.settings.zone;
      const base: Record<string, string> = { console_id: query.consoleId, project_id: query.projectId, owner: query.owner };
      if (zone) base.zone = zone;
      const all = await this.#api.allPages(PROJECT_RESOURCE_STAT_PAGING, query, (offset, limit) =>
        this.call(GET_PROJECT_RESOURCE_STAT, { ...base, offset, limit }),
      );
      return { rows: all.rows, totals: sumCounters(all.rows), totalCount: all.total };
    });
  }

  /**
   * Sends one signed action call and returns its body when `ret_code` is 0 (its shape
   * not yet checked), with what errors about it need to say.
   */
  async call(action: string, params: Record<string, string | number>): Promise<QingCloudAnswer> {
    return this.#api.call(action, { action, params }, undefined);
  }
}
