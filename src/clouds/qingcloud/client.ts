import { Clock, systemClock } from '../../core/clock';
import { CloudCredentialsError, CloudServiceError, CloudServiceErrorDetails } from '../../core/errors';
import { fetchAllPages } from '../../core/pagination';
import { redactSecrets } from '../../core/redact';
import { parseRetryAfter } from '../../core/retry';
import { HttpResponse, requestIdOf, Transport, TransportDeps, TransportOptions } from '../../core/transport';
import { QingCloudKeys, signQingCloudRequest } from './signer';
import {
  fromWireRow,
  ProjectResourceStatQuery,
  ProjectResourceStatResult,
  ProjectResourceStatRow,
  sumCounters,
  WireProjectResourceStatResponse,
} from './types';

/** QingCloud's public IaaS endpoint. */
export const QINGCLOUD_DEFAULT_ENDPOINT = 'https://api.qingcloud.com/iaas/';

/** Default `limit` of `GetProjectResourceStat`, as its documentation gives it. */
export const QINGCLOUD_DEFAULT_PAGE_SIZE = 60;

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
    this.endpoint = new URL(options.endpoint ?? QINGCLOUD_DEFAULT_ENDPOINT);
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(rest, deps);
    this.transport.checkEndpoint(this.endpoint.href, 'QingCloudClient: endpoint');
  }

  /** `GetProjectResourceStat`, every page, typed and totalled. */
  async getProjectResourceStat(query: ProjectResourceStatQuery): Promise<ProjectResourceStatResult> {
    return this.transport.operation(() => this.projectResourceStat(query));
  }

  private async projectResourceStat(query: ProjectResourceStatQuery): Promise<ProjectResourceStatResult> {
    const zone = query.zone ?? this.options.zone;
    const base: Record<string, string> = { console_id: query.consoleId, project_id: query.projectId, owner: query.owner };
    if (zone) base.zone = zone;
    const all = await fetchAllPages<ProjectResourceStatRow>({
      describe: 'QingCloud GetProjectResourceStat',
      pageSize: query.pageSize ?? QINGCLOUD_DEFAULT_PAGE_SIZE,
      concurrency: this.options.pageConcurrency,
      key: (row) => row.resourceGroupId,
      fetchPage: async (offset, limit) => {
        const body = await this.call<WireProjectResourceStatResponse>('GetProjectResourceStat', { ...base, offset, limit });
        const rows = (body.data ?? []).map((r) => fromWireRow(r, (m) => this.malformed('GetProjectResourceStat', m, body)));
        return { rows, total: Number(body.total_count ?? rows.length) };
      },
    });
    return { rows: all.rows, totals: sumCounters(all.rows), totalCount: all.total };
  }

  /** Sends one signed action call and returns its body when `ret_code` is 0. */
  async call<T extends { ret_code: number }>(action: string, params: Record<string, string | number>): Promise<T> {
    return this.transport.call<T>({
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
      parse: (res) => this.parse<T>(action, res),
      requestId: (headers) => headers[REQUEST_ID_HEADER] || undefined,
      secrets: [this.#credentials.accessKeyId, this.#credentials.secretAccessKey],
    });
  }

  private parse<T extends { ret_code: number }>(action: string, res: HttpResponse): T {
    let body: { ret_code?: unknown; message?: unknown; request_id?: unknown } | undefined;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const requestId = qingCloudRequestId(res, body);
    const details = { cloud: 'qingcloud', operation: action, status: res.status, requestId };
    const rid = requestId ? ` (request id ${requestId})` : '';
    if (!body || typeof body !== 'object' || typeof body.ret_code !== 'number') {
      const retryable = res.status >= 500 || res.status === 429;
      throw new CloudServiceError(
        `QingCloud ${action}: HTTP ${res.status} with a body that is not a QingCloud answer (${JSON.stringify(res.body.slice(0, 80))})${rid}` +
          (retryable ? '' : '; check the endpoint URL.'),
        { ...details, retryable, retryAfterMs: parseRetryAfter(res.headers['retry-after'], this.clock.now()) },
      );
    }
    if (body.ret_code === 0 && res.status < 300) {
      if (requestId) Object.defineProperty(body, QINGCLOUD_REQUEST_ID, { value: requestId, enumerable: false });
      return body as T;
    }
    const cloudMessage = redactSecrets(String(body.message ?? ''), [this.#credentials.secretAccessKey, this.#credentials.accessKeyId]);
    throw qingCloudError({ ...details, cloudCode: String(body.ret_code), cloudMessage }, res, this.clock.now());
  }

  private malformed(action: string, message: string, body?: unknown): CloudServiceError {
    const requestId = requestIdOf(body) ?? (body as Record<symbol, string> | undefined)?.[QINGCLOUD_REQUEST_ID];
    return new CloudServiceError(`QingCloud ${action}: malformed answer: ${message}${requestId ? ` (request id ${requestId})` : ''}.`, {
      cloud: 'qingcloud', operation: action, status: 200, retryable: false, requestId,
    });
  }
}

/** The header QingCloud's API gateway puts its request id in. */
const REQUEST_ID_HEADER = 'x-request-id';
const QINGCLOUD_REQUEST_ID = Symbol('qingcloud request id');

/**
 * The request id of a QingCloud answer: the `request_id` field of the body when it has
 * one, else the `X-Request-Id` header. (The official SDKs read neither; both places are
 * where QingCloud's gateway and newer APIs put it.)
 */
function qingCloudRequestId(res: HttpResponse, body: { request_id?: unknown } | undefined): string | undefined {
  const fromBody = body && typeof body === 'object' && typeof body.request_id === 'string' && body.request_id !== '' ? body.request_id : undefined;
  return fromBody ?? (res.headers[REQUEST_ID_HEADER] || undefined);
}

/** Maps a non-zero `ret_code` to a typed error, per QingCloud's error-code table. */
function qingCloudError(d: Omit<CloudServiceErrorDetails, 'retryable'>, res: HttpResponse, nowMs: number): CloudServiceError {
  const head = `QingCloud ${d.operation} failed with ret_code ${d.cloudCode} (${d.cloudMessage || 'no message'})${d.requestId ? ` (request id ${d.requestId})` : ''}`;
  switch (d.cloudCode) {
    case '1200':
      return new CloudCredentialsError(`${head}: authentication failed: the access key id does not exist or the signature does not match. Check the access key pair.`, d);
    case '1300':
      return new CloudCredentialsError(`${head}: the request expired: its time_stamp was more than 60 s off QingCloud's clock. Sync this machine's clock (NTP).`, d);
    case '2500':
      return new CloudServiceError(
        `${head}: quota exceeded: a resource quota, or the daily API request quota, which resets at 00:00. Not retried; ask QingCloud to raise the quota or wait for the reset.`,
        { ...d, retryable: false },
      );
    case '5100':
      // ServerBusy: QingCloud's way of saying "too many requests now"; fewer are sent at once.
      return new CloudServiceError(`${head}: the server is busy (throttling); retried with fewer requests at once.`, {
        ...d, retryable: true, throttled: true, retryAfterMs: parseRetryAfter(res.headers['retry-after'], nowMs),
      });
    case '5000':
    case '5300':
      return new CloudServiceError(`${head}: a transient server error; retried.`, {
        ...d, retryable: true, retryAfterMs: parseRetryAfter(res.headers['retry-after'], nowMs),
      });
    default:
      return new CloudServiceError(`${head}.`, {
        ...d, retryable: res.status >= 500 || res.status === 429, throttled: res.status === 429,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], nowMs),
      });
  }
}
