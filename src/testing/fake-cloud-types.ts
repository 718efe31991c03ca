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
