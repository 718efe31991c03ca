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
}

/**
 * One way a successful answer can lie, each a case that must fail closed:
 * - `dropField`: a documented field is left out (of every row, or of the body).
 * - `mistypeField`: a documented field has the wrong type (`"many"`), in the first row or the body.
 * - `dropTotal`: the total over all pages is left out.
 * - `endlessPages`: the total is 1,000,000,000 and every page is full of new rows, whatever the offset.
 * - `pageLengthTotal`: the total counts the page only (as UCloud's table words `TotalCount`).
 * - `listAsObject`: the rows come as an object instead of an array.
 */
export type FakeAnswerFaultKind = 'dropField' | 'mistypeField' | 'dropTotal' | 'endlessPages' | 'pageLengthTotal' | 'listAsObject';

/** An answer fault, applied to every successful paged answer until reset. */
export interface FakeAnswerFault {
  readonly kind: FakeAnswerFaultKind;
  /**
   * The wire field `dropField` / `mistypeField` change.
   * @default the cloud's usual counter: `instance_count`, `CurBandwidth`, `used_num`
   */
  readonly field?: string;
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
