import { Clock, systemClock } from '../../core/clock';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails, InputError } from '../../core/errors';
import { fetchAllPages } from '../../core/pagination';
import { redactSecrets } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpResponse, requestIdOf, Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { signUCloudRequest, UCloudKeys, UCloudParamValue } from './signer';
import {
  BandwidthUsageQuery,
  BandwidthUsageResult,
  EipBandwidth,
  fromWireEip,
  summarizeEips,
  WireDescribeBandwidthUsageResponse,
  WireUCloudResponse,
} from './types';

/** UCloud's public API endpoint (the same for every region: the region is a parameter). */
export const UCLOUD_DEFAULT_ENDPOINT = 'https://api.ucloud.cn/';

/**
 * EIPs asked for per `DescribeBandwidthUsage` page by default.
 *
 * The API's own default is 20; 100 (the page size UCloud's Terraform provider uses for
 * EIP listings) reads a region of a few hundred EIPs in a handful of requests, while
 * keeping each answer small (about 60 bytes per EIP).
 */
export const UCLOUD_DEFAULT_PAGE_SIZE = 100;

/** The largest `Limit` `DescribeBandwidthUsage` documents. */
export const UCLOUD_MAX_PAGE_SIZE = 10_000_000;

/** The header carrying UCloud's request id. */
const REQUEST_ID_HEADER = 'x-ucloud-request-uuid';

/** HTTP statuses the official SDKs retry. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

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
    this.endpoint = new URL(options.endpoint ?? UCLOUD_DEFAULT_ENDPOINT).toString();
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint, 'UCloudClient: endpoint');
  }

  /** `DescribeBandwidthUsage`: every page, typed, with the total and the peak in Mbps. */
  async describeBandwidthUsage(query: BandwidthUsageQuery = {}): Promise<BandwidthUsageResult> {
    return this.transport.operation(() => this.bandwidthUsage(query));
  }

  private async bandwidthUsage(query: BandwidthUsageQuery): Promise<BandwidthUsageResult> {
    const region = query.region ?? this.options.region;
    if (!region) {
      throw new InputError('UCloud DescribeBandwidthUsage: region must be a UCloud region such as "cn-bj2"; got none. Pass `region` in the query or the client options.');
    }
    const projectId = query.projectId ?? this.options.projectId;
    const base: Record<string, UCloudParamValue> = { Region: region, ProjectId: projectId, BeginTime: query.beginTime, EndTime: query.endTime };
    // The API page lists the parameter as `EIPIds.N` while its own example sends
    // `EIP.0=`; the official SDKs (Go, Python, JS) send `EIPIds.0`, `EIPIds.1`, ...
    // (0-based, as every UCloud array), and so do we.
    (query.eipIds ?? []).forEach((id, i) => (base[`EIPIds.${i}`] = id));
    const all = await fetchAllPages<EipBandwidth>({
      describe: 'UCloud DescribeBandwidthUsage',
      pageSize: query.pageSize ?? UCLOUD_DEFAULT_PAGE_SIZE,
      concurrency: this.options.pageConcurrency,
      key: (row) => row.eipId,
      fetchPage: async (offset, limit) => {
        const body = await this.call<WireDescribeBandwidthUsageResponse>('DescribeBandwidthUsage', { ...base, Limit: limit, OffSet: offset }, { projectId });
        // UCloud leaves EIPSet out when there is no EIP. (One copy of its docs spells the key " EIPSet".)
        const set = body.EIPSet ?? (body as unknown as Record<string, WireDescribeBandwidthUsageResponse['EIPSet']>)[' EIPSet'] ?? [];
        if (!Array.isArray(set)) throw this.malformed('DescribeBandwidthUsage', `EIPSet is ${typeof set}, not an array`, body);
        const rows = set.map((r) => fromWireEip(r, (m) => this.malformed('DescribeBandwidthUsage', m, body)));
        return { rows, total: body.TotalCount === undefined ? rows.length : Number(body.TotalCount) };
      },
    });
    return { eips: all.rows, ...summarizeEips(all.rows), totalCount: all.total };
  }

  /**
   * Sends one signed action call and returns its body when `RetCode` is 0.
   * `context.projectId` only words the error for `RetCode` 292.
   */
  async call<T extends WireUCloudResponse>(action: string, params: Record<string, UCloudParamValue>, context: { projectId?: string } = {}): Promise<T> {
    return this.transport.call<T>({
      cloud: 'ucloud',
      operation: action,
      prepare: () => ({
        method: 'POST',
        url: this.endpoint,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: signUCloudRequest({ ...params, Action: action }, this.#credentials).encoded,
      }),
      parse: (res) => this.parse<T>(action, res, context),
      requestId: (headers) => headers[REQUEST_ID_HEADER] || undefined,
      secrets: [this.#credentials.publicKey, this.#credentials.privateKey],
    });
  }

  private parse<T extends WireUCloudResponse>(action: string, res: HttpResponse, context: { projectId?: string }): T {
    const requestId = res.headers[REQUEST_ID_HEADER] || undefined;
    const details = { cloud: 'ucloud', operation: action, status: res.status, requestId };
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.clock.now());
    let body: { RetCode?: unknown; Message?: unknown } | undefined;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    if (!body || typeof body !== 'object' || typeof body.RetCode !== 'number') {
      const retryable = RETRYABLE_STATUSES.has(res.status);
      throw new CloudServiceError(
        `UCloud ${action}: HTTP ${res.status} with a body that is not a UCloud answer (${JSON.stringify(res.body.slice(0, 80))})` +
          (retryable ? '' : '; check the endpoint URL.') + idNote(requestId),
        { ...details, retryable, retryAfterMs, ...(res.status === 429 ? { throttled: true } : {}) },
      );
    }
    if (body.RetCode === 0 && res.status < 300) return body as T;
    const cloudMessage = redactSecrets(String(body.Message ?? ''), [this.#credentials.privateKey, this.#credentials.publicKey]);
    throw ucloudError({ ...details, cloudCode: String(body.RetCode), cloudMessage }, res.status, retryAfterMs, context);
  }

  private malformed(action: string, message: string, body?: unknown): CloudServiceError {
    const requestId = requestIdOf(body);
    return new CloudServiceError(`UCloud ${action}: malformed answer: ${message}${idNote(requestId)}.`, {
      cloud: 'ucloud', operation: action, status: 200, retryable: false, requestId,
    });
  }
}

function idNote(requestId: string | undefined): string {
  return requestId ? ` (request id ${requestId})` : '';
}

/**
 * Maps a non-zero `RetCode` to a typed error, per UCloud's common error-code table.
 *
 * Retried: HTTP 429/502/503/504 (as the Go and Python SDKs), `RetCode` 110 (gateway
 * timeout), 150 (service unavailable), 153 (throttled) and codes of 2000 and up
 * (service errors; the Go SDK's rule). The SDKs do not retry 110/150/153, but UCloud's
 * own table calls them transient. Everything else is the caller's to fix.
 */
export function ucloudError(
  d: Omit<CloudServiceErrorDetails, 'retryable'>,
  status: number,
  retryAfterMs: number | undefined,
  context: { projectId?: string } = {},
): CloudServiceError {
  const code = Number(d.cloudCode);
  const head = `UCloud ${d.operation} failed with RetCode ${d.cloudCode} (${d.cloudMessage || 'no message'})${idNote(d.requestId)}`;
  const fail = (fix: string): CloudServiceError => new CloudServiceError(`${head}: ${fix}`, { ...d, retryable: false });
  const retry = (what: string, throttled = false): CloudServiceError =>
    new CloudServiceError(`${head}: ${what}; retried${throttled ? ' with fewer requests at once' : ''}.`, { ...d, retryable: true, retryAfterMs, ...(throttled ? { throttled } : {}) });
  if (RETRYABLE_STATUSES.has(status)) return retry(`HTTP ${status}`, status === 429);
  switch (code) {
    case 110:
      return retry('the API gateway timed out waiting for the service');
    case 150:
      return retry('the service is temporarily unavailable');
    case 153:
      return retry('throttled: too many API requests', true);
    case 170:
      return new CloudCredentialsError(
        `${head}: the request reached UCloud without a Signature. Check that the endpoint is UCloud's API (or a proxy that forwards every parameter).`, d);
    case 171:
      return new CloudCredentialsError(
        `${head}: the signature does not match: the private key is not the one of this public key, or a value was changed on the way. ` +
          'Check UCLOUD_PRIVATE_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey, without surrounding spaces.', d);
    case 172:
      return new CloudCredentialsError(
        `${head}: UCloud knows no user with this public key. Check UCLOUD_PUBLIC_KEY (or the credentials prop) against https://console.ucloud.cn/uapi/apikey; ` +
          'UCloud also answers 172 when special characters in a GET request were not percent-encoded.', d);
    case 174:
      return new CloudCredentialsError(`${head}: the security token does not exist or has expired. Get new temporary credentials.`, d);
    case 160:
    case 161:
      return fail(`the endpoint did not accept the action ${d.operation}. Check that the endpoint is UCloud's API (default https://api.ucloud.cn/).`);
    case 292:
      return fail(
        `project ${context.projectId ? JSON.stringify(context.projectId) : '(default)'} does not exist or is not visible to this key. ` +
          'Check projectId / UCLOUD_PROJECT_ID (GetProjectList lists your projects, as org-xxxxxx ids), or leave it out to use the default project ' +
          '(sub-accounts must name one).');
    case 293:
      return fail('this account has no permission in that region or zone. Check the region, or ask the account owner to grant it.');
    case 294:
      return fail("UCloud refused this machine's source IP. Add it to the API key's IP allow-list in the console.");
    case 295:
      return fail('the account security lock refused the call. Unlock API access in the console, or use another key.');
    case 299:
      return fail(`IAM denied ${d.operation}. Grant the sub-account a policy that allows UNet ${d.operation} in this project.`);
    default:
      if (code >= 2000) return retry('a service error');
      return fail(status >= 400 ? `HTTP ${status}; not retried.` : 'the request was refused; check the query parameters. Not retried.');
  }
}
