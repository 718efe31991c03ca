import type { IncomingHttpHeaders } from 'node:http';

/** The clouds the fake cloud speaks. */
export type FakeCloudName = 'qingcloud' | 'ucloud' | 'huaweicloud';

/** A request as a fake-cloud handler sees it. */
export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** Raw body text. */
  readonly body: string;
  /** Server time, in ms since the epoch (for signature freshness checks). */
  readonly now: number;
}

/** A response a handler returns. */
export interface FakeResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The injectable faults; each is the shape of a real outage in that cloud's own style. */
export type FakeFaultKind = 'throttle' | 'serverError' | 'badBody';

/** One cloud's part of the fake cloud. */
export interface FakeCloudHandler {
  readonly cloud: FakeCloudName;
  /** Whether this handler owns the request. */
  matches(req: FakeRequest): boolean;
  /** The API operation named by the request (for the log and fault filters). */
  operation(req: FakeRequest): string;
  /** Request parameters for the log, without signatures or keys. */
  loggedParams(req: FakeRequest): Record<string, string>;
  /** Answers a request the way the cloud does. */
  handle(req: FakeRequest): FakeResponse;
  /** A fault, shaped the way this cloud reports it. */
  fault(kind: FakeFaultKind, req: FakeRequest): FakeResponse;
  /** Forgets per-run state (e.g. failed-signature counters) on `/_fake/reset`. */
  reset?(): void;
  /** Where this cloud's paged answer keeps its parts, for the answer faults ({@link FakeAnswerFault}). */
  readonly answerShape?: FakeAnswerShape;
}

// ---------------------------------------------------------------------------------
// Answer faults: successful answers whose content lies (issue #10). Kept apart from the
// transport faults above (throttling, 5xx, bad bodies, latency).
// ---------------------------------------------------------------------------------

/** Where a cloud's paged answer keeps its parts (wire names). */
export interface FakeAnswerShape {
  /** The total over all pages, e.g. `total_count`. */
  readonly total: string;
  /** The page's rows, e.g. `data`. */
  readonly list: string;
  /** A row's unique id, e.g. `resource_group_id`. */
  readonly id: string;
  /** The field the `dropField` and `mistypeField` faults change when none is named (a row field, or a top-level one). */
  readonly field: string;
  /** The request parameters of the offset and the page size, e.g. `offset`, `limit`. */
  readonly offsetParam: string;
  readonly limitParam: string;
  /**
   * How the cloud words an error that is never retried (for the `cloudError` fault).
   * @default none: the `cloudError` fault leaves answers as they are
   */
  readonly error?: {
    readonly status: number;
    /** The code's field and value, e.g. `ret_code`, 1400. */
    readonly codeField: string;
    readonly code: string | number;
    /** The message's field, e.g. `message`. */
    readonly messageField: string;
  };
}

/**
 * One way a successful answer can lie, each a case that must fail closed:
 * - `dropField`: a documented field is left out (of every row, or of the body).
 * - `mistypeField`: a documented field has the wrong type (`"many"`), in the first row or the body.
 * - `dropTotal`: the total over all pages is left out.
 * - `endlessPages`: the total is 1,000,000,000 and every page is full of new rows, whatever the offset.
 * - `pageLengthTotal`: the total counts the page only (as UCloud's table words `TotalCount`).
 * - `listAsObject`: the rows come as an object instead of an array.
 *
 * And the hostile ones (issue #22), a cloud that attacks the reader:
 * - `echo`: the field holds a value of the request (`echo`: a parameter or header name,
 *   e.g. `signature`, `x-auth-token`, `authorization`), in the `encoding` given.
 * - `echoBody`: the body is plain text, not JSON: `prefix` characters, then the echoed value.
 * - `rawField`: the field holds the JSON text `raw` as it is (e.g. `1e309`).
 * - `nest`: the field holds arrays nested `depth` levels deep.
 * - `duplicateKey`: the body starts with the field a second time, holding the JSON text `raw`.
 * - `cloudError`: the answer is the cloud's own error (one it never retries), whose message
 *   is `text` repeated `repeat` times (control characters, megabytes).
 * - `oversize`: the field holds a string of `bytes` characters.
 * - `fullPagesPastTotal`: the total stays at `total` while every page comes back full of new rows.
 */
export type FakeAnswerFaultKind =
  | 'dropField'
  | 'mistypeField'
  | 'dropTotal'
  | 'endlessPages'
  | 'pageLengthTotal'
  | 'listAsObject'
  | 'echo'
  | 'echoBody'
  | 'rawField'
  | 'nest'
  | 'duplicateKey'
  | 'cloudError'
  | 'oversize'
  | 'fullPagesPastTotal';

/** An answer fault, applied to every successful paged answer until reset. */
export interface FakeAnswerFault {
  readonly kind: FakeAnswerFaultKind;
  /**
   * The wire field the fault changes (`dropField`, `mistypeField`, `echo`, `rawField`,
   * `nest`, `duplicateKey`, `oversize`).
   * @default the cloud's usual counter (`instance_count`, `CurBandwidth`, `used_num`); for
   *   `echo`, `rawField`, `duplicateKey` and `oversize` the total (`total_count`, `TotalCount`,
   *   `total_num`); for `nest` the list
   */
  readonly field?: string;
  /**
   * `echo`, `echoBody`: the request value to echo: a query or form parameter, or a header
   * (case-insensitive), or `Signature=` / `Access=` within the `Authorization` header.
   * @default 'signature'
   */
  readonly echo?: string;
  /**
   * `echo`, `echoBody`: how the echoed value is written.
   * @default 'plain'
   */
  readonly encoding?: 'plain' | 'url' | 'base64' | 'hex';
  /**
   * `echoBody`: characters before the echoed value.
   * @default 60
   */
  readonly prefix?: number;
  /**
   * `rawField`, `duplicateKey`: JSON text, written as it is.
   * @default '"raw"'
   */
  readonly raw?: string;
  /**
   * `nest`: levels of nesting.
   * @default 20000
   */
  readonly depth?: number;
  /**
   * `cloudError`: the error message (repeated `repeat` times).
   * @default 'refused'
   */
  readonly text?: string;
  /**
   * `cloudError`: how many times `text` is repeated.
   * @default 1
   */
  readonly repeat?: number;
  /**
   * `oversize`: the length of the string.
   * @default 1048576
   */
  readonly bytes?: number;
  /**
   * `fullPagesPastTotal`: the total every page claims.
   * @default 20
   */
  readonly total?: number;
}

/** Faults to inject into the next requests. Counters count down per matching request. */
export interface FakeFaults {
  /**
   * Only requests to this cloud are affected.
   * @default every cloud
   */
  readonly cloud?: FakeCloudName;
  /**
   * Answer the next N requests as throttled.
   * @default 0
   */
  readonly throttle?: number;
  /**
   * Answer the next N requests with a server error (5xx).
   * @default 0
   */
  readonly serverError?: number;
  /**
   * Answer the next N requests with a body that is not the cloud's JSON.
   * @default 0
   */
  readonly badBody?: number;
  /**
   * Delay every answer by this many milliseconds, until reset.
   * @default 0
   */
  readonly latencyMs?: number;
  /**
   * Throttle a request (the cloud's own throttling answer, at once) when this many
   * requests of its cloud are already in flight, until reset. Per cloud, as real APIs
   * limit per service.
   * @default no limit
   */
  readonly maxInFlight?: number;
  /**
   * Throttle requests beyond this many per second per cloud (a token bucket holding one
   * second's worth), until reset.
   * @default no limit
   */
  readonly requestsPerSecond?: number;
  /**
   * The `Retry-After` header (seconds) of throttling answers, until reset.
   * @default the cloud's own (Huawei Cloud sends 0; the others none)
   */
  readonly retryAfterSeconds?: number;
  /**
   * Make every successful paged answer lie in one way (see {@link FakeAnswerFault}), until reset.
   * @default none
   */
  readonly answer?: FakeAnswerFault;
}

/** One request the fake cloud received. */
export interface FakeRequestLogEntry {
  readonly cloud: FakeCloudName | 'unknown';
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** Parameters without signatures or keys. */
  readonly params: Record<string, string>;
  readonly status: number;
}
