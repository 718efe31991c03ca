import { CloudAnswer, CloudClientOptions, CloudConnection } from '../../core/cloud-api';
import { InputError } from '../../core/errors';
import { TransportDeps } from '../../core/transport';
import { BANDWIDTH_USAGE_PAGING, DESCRIBE_BANDWIDTH_USAGE, UCLOUD_API, UCloudCall, UCloudCallContext } from './api';
import { UCloudKeys } from './credentials';
import { ucloudEndpoint } from './endpoint';
import { BandwidthUsageResult, summarizeEips, UCLOUD_PAGE_SIZE } from './schema';
import { UCloudParamValue } from './signer';
import { BandwidthUsageQuery } from './types';

export { UCLOUD_DEFAULT_ENDPOINT } from './endpoint';
export { ucloudError } from './errors';

/** EIPs asked for per `DescribeBandwidthUsage` page by default (see {@link UCLOUD_PAGE_SIZE}). */
export const UCLOUD_DEFAULT_PAGE_SIZE = UCLOUD_PAGE_SIZE.default;

/** The largest `Limit` `DescribeBandwidthUsage` documents. */
export const UCLOUD_MAX_PAGE_SIZE = UCLOUD_PAGE_SIZE.max;

/** A UCloud answer with `RetCode` 0, before its shape is checked: what {@link UCloudClient.call} returns. */
export type UCloudAnswer = CloudAnswer;

/** How to build a {@link UCloudClient}. */
export interface UCloudClientOptions extends CloudClientOptions<UCloudKeys> {
  /**
   * Region sent with every call, unless a query names its own.
   * @default none: queries must name one
   */
  readonly region?: string;
  /**
   * Project sent with every call, unless a query names its own.
   * @default none (the account's default project)
   */
  readonly projectId?: string;
}

/**
 * Async client for the UCloud API: signed requests, retries and every page.
 *
 * Requests are sent as the Go SDK sends them: `POST` with an
 * `application/x-www-form-urlencoded` body. UCloud accepts GET too, but a POST keeps
 * the public key, the signature and long `EIPIds.N` lists out of URLs (and so out of
 * proxy and server access logs, and clear of URL length limits), and a form body is
 * re-signed on every retry exactly as sent.
 *
 * @example
 * const client = new UCloudClient({ credentials: resolveUCloudCredentials(), region: 'cn-bj2' });
 * const usage = await client.describeBandwidthUsage({ eipIds: ['eip-abc'] });
 */
export class UCloudClient {
  /** Holds the keys in a private field: printing or serializing the client never shows them. */
  readonly #api: CloudConnection<UCloudKeys, UCloudCall, UCloudCallContext, UCloudClientOptions>;

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: UCloudClientOptions, deps: TransportDeps = {}) {
    this.#api = new CloudConnection(UCLOUD_API, options, ucloudEndpoint(options.endpoint), deps);
  }

  /** `DescribeBandwidthUsage`: every page, typed, with the total and the peak in Mbps, under one deadline. */
  async describeBandwidthUsage(query: BandwidthUsageQuery = {}): Promise<BandwidthUsageResult> {
    return this.#api.operation(async () => {
      const region = query.region ?? this.#api.settings.region;
      if (!region) {
        throw new InputError(
          'UCloud DescribeBandwidthUsage: region must be a UCloud region such as "cn-bj2"; got none. Pass `region` in the query or the client options.',
        );
      }
      const projectId = query.projectId ?? this.#api.settings.projectId;
      const base: Record<string, UCloudParamValue> = { Region: region, ProjectId: projectId, BeginTime: query.beginTime, EndTime: query.endTime };
      // The API page lists the parameter as `EIPIds.N` while its own example sends
      // `EIP.0=`; the official SDKs (Go, Python, JS) send `EIPIds.0`, `EIPIds.1`, ...
      // (0-based, as every UCloud array), and so do we.
      (query.eipIds ?? []).forEach((id, i) => (base[`EIPIds.${i}`] = id));
      const all = await this.#api.allPages(BANDWIDTH_USAGE_PAGING, query, (offset, limit) =>
        this.call(DESCRIBE_BANDWIDTH_USAGE, { ...base, Limit: limit, OffSet: offset }, { projectId }),
      );
      return { eips: all.rows, ...summarizeEips(all.rows), totalCount: all.total };
    });
  }

  /**
   * Sends one signed action call and returns its body when `RetCode` is 0 (its shape not
   * yet checked), with what errors about it need to say. `context.projectId` only words
   * the error for `RetCode` 292.
   */
  async call(action: string, params: Record<string, UCloudParamValue>, context: { projectId?: string } = {}): Promise<UCloudAnswer> {
    return this.#api.call(action, { ...params, Action: action }, context);
  }
}
