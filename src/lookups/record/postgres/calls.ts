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

/** What the worker answers to a {@link RecordCall}. @internal */
export type RecordReply =
  | {
      readonly ok: true;
      readonly rows?: RecordRow[];
      readonly count?: number;
      readonly fetched?: StoreFetched[];
      readonly version?: number;
      readonly reservation?: ReservationOutcome;
      readonly reservations?: Reservation[];
    }
  | { readonly ok: false; readonly error: SerializedError };
