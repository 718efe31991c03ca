// The messages a shared (PostgreSQL) lookup record sends to the lookup worker thread,
// where its async driver runs, and their answers; and what a store is asked to fetch
// (StoreFetch) and answers (StoreFetched), which those messages carry. Plain data: they
// cross postMessage.
import { SerializedError } from '../../../core/errors';
import type { LookupRecord } from '../entry';
import type { PostgresRecordTarget } from './target';
import type { LookupOutcome, LookupRequest } from '../../request';

/** One lookup a store is asked to fetch from the cloud and record. */
export interface StoreFetch {
  /** The query. */
  readonly request: LookupRequest;
  /**
   * Set for a lookup that runs `cached`: a record younger than this (in milliseconds)
   * answers it. A store shared by several synths (PostgreSQL) lets one synth ask the cloud
   * while the others wait for its answer; a file store asks at once.
   * @default undefined: asked at once (a `live` lookup)
   */
  readonly maxAgeMs?: number;
}

/** What became of one {@link StoreFetch}. */
export interface StoreFetched {
  /** The answer, or why there is none (a cloud error, or an answer that could not be recorded). */
  readonly outcome: LookupOutcome;
  /** The answer came from the record (another synth's, recorded while this one waited), not from the cloud. */
  readonly fromRecord: boolean;
  /** This synth asked the cloud for it. */
  readonly queried: boolean;
  /** This synth recorded the answer. */
  readonly recorded: boolean;
}

/** A record row as the worker hands it back, before the main thread checks it. @internal */
export interface RecordRow {
  readonly key: string;
  readonly kind: unknown;
  readonly cloud: unknown;
  readonly fetchedAt: unknown;
  readonly value: unknown;
}

/** One operation on a shared lookup record, run on the lookup worker. @internal */
export type RecordCall =
  | { readonly op: 'init'; readonly target: PostgresRecordTarget }
  | { readonly op: 'read'; readonly target: PostgresRecordTarget; readonly keys: readonly string[]; readonly kinds: readonly string[] }
  | { readonly op: 'list'; readonly target: PostgresRecordTarget }
  | { readonly op: 'merge'; readonly target: PostgresRecordTarget; readonly records: readonly LookupRecord[] }
  | { readonly op: 'remove'; readonly target: PostgresRecordTarget; readonly keys: readonly string[] }
  | { readonly op: 'clear'; readonly target: PostgresRecordTarget }
  | { readonly op: 'fetch'; readonly target: PostgresRecordTarget; readonly lookups: readonly StoreFetch[]; readonly leaseMs: number };

/** What the worker answers to a {@link RecordCall}. @internal */
export type RecordReply =
  | { readonly ok: true; readonly rows?: RecordRow[]; readonly count?: number; readonly fetched?: StoreFetched[]; readonly version?: number }
  | { readonly ok: false; readonly error: SerializedError };

/** The message the lookup worker receives: a batch of lookups, or a record operation. @internal */
export type WorkerCall = LookupRequest[] | { readonly record: RecordCall };
