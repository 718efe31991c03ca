import { Clock, systemClock } from '../../core/clock';
import { decodeAnswer } from '../../core/decode';
import { InputError } from '../../core/errors';
import { fetchAllPages } from '../../core/pagination';
import { Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { ucloudEndpoint } from './endpoint';
import { readUCloudAnswer, UCloudAnswer } from './errors';
import { bandwidthUsagePage, BandwidthUsageResult, EipBandwidth, summarizeEips, UCLOUD_PAGE_SIZE } from './schema';
import { signUCloudRequest, UCloudKeys, UCloudParamValue } from './signer';
import { BandwidthUsageQuery } from './types';

export { UCLOUD_DEFAULT_ENDPOINT } from './endpoint';
export { ucloudError } from './errors';

/** EIPs asked for per `DescribeBandwidthUsage` page by default (see {@link UCLOUD_PAGE_SIZE}). */
export const UCLOUD_DEFAULT_PAGE_SIZE = UCLOUD_PAGE_SIZE.default;

/** The largest `Limit` `DescribeBandwidthUsage` documents. */
export const UCLOUD_MAX_PAGE_SIZE = UCLOUD_PAGE_SIZE.max;

/** How to build a {@link UCloudClient}. */
export interface UCloudClientOptions extends TransportOptions {
  /** The key pair (see `resolveUCloudCredentials` for the usual chain). */
  readonly credentials: UCloudKeys;
  /**
   * API endpoint.
   * @default 'https://api.ucloud.cn/'
   */
  readonly endpoint?: string;
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
  /**
   * Pages in flight at once after the first.
   * @default 8
   */
  readonly pageConcurrency?: number;
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
  private readonly transport: Transport;
  private readonly endpoint: string;
  private readonly clock: Clock;

  private readonly options: Omit<UCloudClientOptions, 'credentials'>;
  /** Held in a private field: printing or serializing the client never shows it. */
  readonly #credentials: UCloudKeys;

  /** @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback */
  constructor(options: UCloudClientOptions, deps: TransportDeps = {}) {
    const { credentials, ...rest } = options;
    this.#credentials = credentials;
    this.options = rest;
    this.endpoint = new URL(ucloudEndpoint(options.endpoint)).toString();
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint, 'UCloudClient: endpoint');
  }

  /** `DescribeBandwidthUsage`: every page, typed, with the total and the peak in Mbps, under one deadline. */
  async describeBandwidthUsage(query: BandwidthUsageQuery = {}): Promise<BandwidthUsageResult> {
    return this.transport.operation(() => this.bandwidthUsage(query));
  }

  private async bandwidthUsage(query: BandwidthUsageQuery): Promise<BandwidthUsageResult> {
    const region = query.region ?? this.options.region;
    if (!region) {
      throw new InputError(
        'UCloud DescribeBandwidthUsage: region must be a UCloud region such as "cn-bj2"; got none. Pass `region` in the query or the client options.',
      );
    }
    const projectId = query.projectId ?? this.options.projectId;
    const base: Record<string, UCloudParamValue> = { Region: region, ProjectId: projectId, BeginTime: query.beginTime, EndTime: query.endTime };
    // The API page lists the parameter as `EIPIds.N` while its own example sends
    // `EIP.0=`; the official SDKs (Go, Python, JS) send `EIPIds.0`, `EIPIds.1`, ...
    // (0-based, as every UCloud array), and so do we.
    (query.eipIds ?? []).forEach((id, i) => (base[`EIPIds.${i}`] = id));
    const all = await fetchAllPages<EipBandwidth>({
      describe: 'UCloud DescribeBandwidthUsage',
      pageSize: query.pageSize ?? UCLOUD_PAGE_SIZE.default,
      pageRange: UCLOUD_PAGE_SIZE,
      maxRows: query.maxRows,
      // The API table calls TotalCount "the number of elements in EIPSet": it may count the
      // page only, so pages are read on while they come back full.
      total: 'atLeast',
      concurrency: this.options.pageConcurrency,
      key: (row) => row.eipId,
      fetchPage: async (offset, limit) => {
        const answer = await this.call('DescribeBandwidthUsage', { ...base, Limit: limit, OffSet: offset }, { projectId });
        // One copy of UCloud's docs spells the key " EIPSet"; the answer is read as documented.
        const page = decodeAnswer(bandwidthUsagePage, answer.body, answer.ctx);
        return { rows: page.eips, total: page.totalCount };
      },
    });
    return { eips: all.rows, ...summarizeEips(all.rows), totalCount: all.total };
  }

  /**
   * Sends one signed action call and returns its body when `RetCode` is 0 (its shape not
   * yet checked), with what errors about it need to say. `context.projectId` only words
   * the error for `RetCode` 292.
   */
  async call(action: string, params: Record<string, UCloudParamValue>, context: { projectId?: string } = {}): Promise<UCloudAnswer> {
    return this.transport.call<UCloudAnswer>({
      cloud: 'ucloud',
      operation: action,
      prepare: () => ({
        method: 'POST',
        url: this.endpoint,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: signUCloudRequest({ ...params, Action: action }, this.#credentials).encoded,
      }),
      parse: (res) => readUCloudAnswer(action, res, [this.#credentials.privateKey, this.#credentials.publicKey], this.clock.now(), context),
      requestId: (headers) => headers['x-ucloud-request-uuid'] || undefined,
      secrets: [this.#credentials.publicKey, this.#credentials.privateKey],
    });
  }
}
