// One shape for every cloud API: a cloud folder declares how its calls are signed, how its
// answers are read (its error table) and how an operation pages (`CloudApi`, `CloudPaging`);
// `CloudConnection` is the client plumbing built from that declaration, on the shared
// transport. Cloud-agnostic: it names no cloud.
import { Clock, systemClock } from './clock';
import { AnswerContext, DecodeError, decodeAnswer, Decoder } from './decode';
import { AllPages, fetchAllPages, PageSizeRange } from './pagination';
import { HttpRequest, HttpResponse, Transport, TransportDeps, TransportOptions } from './transport';

/**
 * A cloud's answer that is not an error, before its shape is checked: what every client's
 * raw call returns (`QingCloudAnswer`, `UCloudAnswer` and `HuaweiAnswer` are this type).
 */
export interface CloudAnswer {
  /** The parsed JSON body, its fields not yet checked. */
  readonly body: Record<string, unknown>;
  /** Where the answer came from (cloud, operation, request id), for the errors a check of its shape raises. */
  readonly ctx: AnswerContext;
}

/**
 * Options every cloud client takes (`QingCloudClientOptions`, `UCloudClientOptions` and
 * `HuaweiCloudHssClientOptions` extend it): the keys, the endpoint, how many pages are read
 * at once, and the transport's deadlines, retries and concurrency.
 *
 * @typeParam K - the cloud's keys (or token)
 */
export interface CloudClientOptions<K> extends TransportOptions {
  /** The keys (or token) the calls are signed with (the cloud's `resolve...Credentials` runs the usual chain). */
  readonly credentials: K;
  /**
   * API endpoint.
   * @default the cloud's public endpoint: 'https://api.qingcloud.com/iaas/', 'https://api.ucloud.cn/', HSS's of the region
   */
  readonly endpoint?: string;
  /**
   * Pages in flight at once after the first.
   * @default 8
   */
  readonly pageConcurrency?: number;
}

/**
 * A cloud API as its folder declares it (`clouds/<cloud>/api.ts`): the signer, the reader
 * of answers with the cloud's error table, where the request id is, and which parts of
 * the keys are secret.
 *
 * @typeParam K - the cloud's keys (or token)
 * @typeParam R - one request before signing, in the cloud's terms (action and parameters, or a path)
 * @typeParam C - what the error table needs to know besides the answer (a project id to name), or `undefined`
 */
export interface CloudApi<K, R, C> {
  /** The cloud, as errors and lookup kinds name it: `qingcloud`. */
  readonly cloud: string;
  /** The client class, for the endpoint check's errors: `QingCloudClient`. */
  readonly client: string;
  /** The header (lower case) whose value is the request id of an answer, for errors raised before a body is read. */
  readonly requestIdHeader: string;
  /** The values of the keys that no error may show. */
  secrets(keys: K): string[];
  /** Builds and signs one request; called again for every attempt, so each retry is re-signed. */
  sign(request: R, keys: K, endpoint: URL, now: Date): HttpRequest;
  /**
   * Reads one answer: its body when it is not an error, else throws the typed error of the
   * cloud's error table (whose `retryable` flag decides whether the transport tries again).
   */
  read(operation: string, res: HttpResponse, secrets: readonly string[], nowMs: number, context: C): CloudAnswer;
}

/**
 * The input of a lookup that a cloud's client answers (what a resolver gets): the client's
 * options, keys included, and the query. Plain data, sent to the lookup worker in memory.
 */
export interface ClientLookupInput<O, Q> {
  readonly client: O;
  readonly query: Q;
}

/** Page sizes of an operation: the one this library asks by default, and the range the API accepts. */
export interface CloudPageSize extends PageSizeRange {
  readonly default: number;
}

/**
 * How an offset/limit operation pages, as its cloud declares it: the page's declared shape,
 * where its rows and total are, and a row's identity.
 */
export interface CloudPaging<P, Row> {
  /** Names the call in errors, e.g. `QingCloud GetProjectResourceStat`. */
  readonly describe: string;
  /** Page sizes (`limit`). */
  readonly pageSize: CloudPageSize;
  /** The declared shape of one page's answer. */
  readonly page: Decoder<P>;
  /** The rows of a decoded page. */
  rows(page: P): readonly Row[];
  /** The total a decoded page claims. */
  total(page: P): number;
  /** A row's identity: a row seen twice is an error. */
  key(row: Row): string;
  /**
   * What the total counts (see `fetchAllPages`).
   * @default 'count'
   */
  readonly totalCounts?: 'count' | 'atLeast';
}

/** What the caller asks of a paged read. */
export interface PagedQuery {
  /** Rows per page; @default the paging's default */
  readonly pageSize?: number;
  /** Most rows read; @default DEFAULT_MAX_ROWS */
  readonly maxRows?: number;
}

/** A figure a client's result derives from its rows (a count, a sum, a peak), as stored and as the rows give it. */
export interface DerivedFigure {
  /** The result's field, e.g. `totalCount`. */
  readonly field: string;
  /** The value the stored result holds. */
  readonly stored: unknown;
  /** The value the rows give. */
  readonly fromRows: unknown;
  /** How the rows give it, for the error, e.g. `the number of rows`. */
  readonly rule: string;
}

/**
 * The decoder of a client's whole result in plain form, as the lookup record stores it:
 * the result's shape, then every figure it derives from its rows checked against the rows,
 * in the order given, so that a record whose totals were edited is not used.
 *
 * @param figures the derived figures of a decoded result
 * @throws DecodeError (from the decoder) naming the first figure that does not match its rows
 * @example
 * const result = recordedResult(resultShape, (r) => [{ field: 'totalCount', stored: r.totalCount, fromRows: r.rows.length, rule: 'the number of rows' }]);
 */
export function recordedResult<T>(shape: Decoder<T>, figures: (result: T) => readonly DerivedFigure[]): Decoder<T> {
  return (value, path, form) => {
    const result = shape(value, path, form);
    for (const f of figures(result)) {
      if (f.stored !== f.fromRows) throw new DecodeError(`${path}.${f.field}`, `${f.rule} (${String(f.fromRows)})`, String(f.stored));
    }
    return result;
  };
}

/**
 * The plumbing of a cloud's async client, built from its {@link CloudApi}: the transport
 * (retries, deadlines, the endpoint check), the clock, the keys (held in a private field:
 * printing or serializing never shows them), signed calls and every page of a listing.
 */
export class CloudConnection<K, R, C, O extends CloudClientOptions<K> = CloudClientOptions<K>> {
  /** The endpoint, as given (checked: plain http only to a loopback host or when allowed). */
  readonly endpoint: URL;
  /** The client's options, but its keys. */
  readonly settings: Omit<O, 'credentials'>;
  private readonly transport: Transport;
  private readonly clock: Clock;
  readonly #keys: K;

  /**
   * @param endpoint the endpoint the client's options (or its cloud's default) give
   * @throws InputError for transport options out of range, or a plain-http endpoint that is not loopback
   */
  constructor(
    private readonly api: CloudApi<K, R, C>,
    options: O,
    endpoint: string,
    deps: TransportDeps,
  ) {
    const { credentials, ...settings } = options;
    this.#keys = credentials;
    this.settings = settings;
    this.endpoint = new URL(endpoint);
    this.clock = deps.clock ?? systemClock;
    this.transport = new Transport(settings, deps);
    this.transport.checkEndpoint(this.endpoint.href, `${api.client}: endpoint`);
  }

  /** Runs `fn` under one deadline (an outer one already in force is kept). */
  operation<T>(fn: () => Promise<T>): Promise<T> {
    return this.transport.operation(fn);
  }

  /** Sends one signed call, retried as the transport decides, and returns its answer (shape not yet checked). */
  call(operation: string, request: R, context: C): Promise<CloudAnswer> {
    const { api } = this;
    const keys = this.#keys;
    const secrets = api.secrets(keys);
    return this.transport.call<CloudAnswer>({
      cloud: api.cloud,
      operation,
      prepare: () => api.sign(request, keys, this.endpoint, new Date(this.clock.now())),
      parse: (res) => api.read(operation, res, secrets, this.clock.now(), context),
      requestId: (headers) => headers[api.requestIdHeader] || undefined,
      secrets,
    });
  }

  /**
   * Every page of an offset/limit operation: `fetch` sends one page's call, each answer is
   * decoded against the paging's declared page shape, and `inspect` sees every decoded page.
   */
  async allPages<P, Row>(
    paging: CloudPaging<P, Row>,
    query: PagedQuery,
    fetch: (offset: number, limit: number) => Promise<CloudAnswer>,
    inspect?: (page: P, offset: number) => void,
  ): Promise<AllPages<Row>> {
    return fetchAllPages<Row>({
      describe: paging.describe,
      pageSize: query.pageSize ?? paging.pageSize.default,
      pageRange: paging.pageSize,
      maxRows: query.maxRows,
      total: paging.totalCounts,
      concurrency: this.settings.pageConcurrency,
      key: paging.key,
      fetchPage: async (offset, limit) => {
        const answer = await fetch(offset, limit);
        const page = decodeAnswer(paging.page, answer.body, answer.ctx);
        inspect?.(page, offset);
        return { rows: paging.rows(page), total: paging.total(page) };
      },
    });
  }
}
