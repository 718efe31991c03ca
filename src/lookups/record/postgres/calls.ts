// The operations a shared (PostgreSQL) lookup record sends to the lookup worker thread,
// where its async driver runs, and their replies. Plain data: they cross postMessage (the
// bridge carries them as they are, lookups/worker/bridge.ts).
import { SerializedError } from '../../../core/errors';
import type { LookupRecord } from '../entry';
import type { Reservation, ReservationOutcome, ReservationRequest } from '../reservations';
import type { StoreFetch, StoreFetched } from '../store';
import type { PostgresRecordTarget } from './target';

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
  | { readonly op: 'merge'; readonly target: PostgresRecordTarget; readonly records: readonly LookupRecord[]; readonly retentionMs: number }
  | { readonly op: 'history'; readonly target: PostgresRecordTarget; readonly key: string }
  | { readonly op: 'remove'; readonly target: PostgresRecordTarget; readonly keys: readonly string[] }
  | { readonly op: 'clear'; readonly target: PostgresRecordTarget }
  | {
      readonly op: 'fetch';
      readonly target: PostgresRecordTarget;
      readonly lookups: readonly StoreFetch[];
      readonly leaseMs: number;
      readonly retentionMs: number;
    }
  | { readonly op: 'reserve'; readonly target: PostgresRecordTarget; readonly request: ReservationRequest }
  | { readonly op: 'release'; readonly target: PostgresRecordTarget; readonly run: string; readonly stack?: string }
  | { readonly op: 'reservations'; readonly target: PostgresRecordTarget };

/** The name of a {@link RecordCall}'s operation. @internal */
export type RecordOp = RecordCall['op'];

/**
 * What each operation answers, by its name: every field present, so the store reads a
 * reply without defaults (a reply of the wrong shape is a bug of the worker, not a value).
 * @internal
 */
export interface RecordResults {
  readonly init: { readonly version: number };
  readonly read: { readonly rows: RecordRow[] };
  readonly list: { readonly rows: RecordRow[] };
  readonly merge: { readonly count: number };
  readonly history: { readonly rows: RecordRow[] };
  readonly remove: { readonly rows: RecordRow[] };
  readonly clear: { readonly count: number };
  readonly fetch: { readonly fetched: StoreFetched[] };
  readonly reserve: { readonly reservation: ReservationOutcome };
  readonly release: { readonly reservations: Reservation[] };
  readonly reservations: { readonly reservations: Reservation[] };
}

/** What the worker answers to a {@link RecordCall} of operation `O`: its result, or the error it failed with. @internal */
export type RecordReply<O extends RecordOp = RecordOp> = ({ readonly ok: true } & RecordResults[O]) | { readonly ok: false; readonly error: SerializedError };
