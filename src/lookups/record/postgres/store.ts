import { deserializeError, LookupRecordError } from '../../../core/errors';
import { LookupRequest } from '../../request';
import { callStoreOnWorkerSync } from '../../worker/bridge';
import { checkRecordEntry, LookupRecord } from '../entry';
import { Reservation, ReservationOutcome, ReservationRequest } from '../reservations';
import { LookupRecordStore, StoreFetch, StoreFetched } from '../store';
import { RecordCall, RecordReply, RecordResults, RecordRow } from './calls';
import { closeConnections } from './connection';
import { runRecordCall } from './operations';
import { PostgresRecordTarget } from './target';

/** How long the PostgreSQL record keeps a point of a lookup's history unless told otherwise: 400 days. */
export const DEFAULT_HISTORY_RETENTION_MS = 400 * 86_400_000;

/**
 * The lookup record in a PostgreSQL database shared by a fleet of synths, chosen by
 * `HEADROOM_LOOKUP_RECORD_URL` (or cdktf context `headroom:lookupRecordUrl`).
 *
 * Same meaning as the file: same keys, the entry fetched last wins, failures never
 * recorded, entries checked when read, nothing secret stored. The I/O runs on the lookup
 * worker thread (the driver, `pg`, is async and loaded there only when a URL is set)
 * while this thread blocks. The tables are created on first use and carry a schema
 * version; every write is one statement, so a dropped connection leaves nothing
 * half-written. In `cached` mode one synth of the fleet asks the cloud for a question
 * while the others wait for its answer (see {@link PostgresRecordStore.fetch}).
 */
export class PostgresRecordStore implements LookupRecordStore {
  constructor(
    /** The database (see `postgresRecordTarget`); its URL may hold a password, so it stays in here and on the worker. */
    private readonly target: PostgresRecordTarget,
    /**
     * How long a synth may hold a question's lease while it asks the cloud; others wait
     * at most this long for its answer, then ask themselves.
     */
    readonly leaseMs: number,
    /**
     * How long a point of a lookup's history is kept (`HEADROOM_LOOKUP_HISTORY_RETENTION`):
     * older points of a key are deleted when the key gets a new one.
     * @default 400 days
     */
    readonly historyRetentionMs: number = DEFAULT_HISTORY_RETENTION_MS,
  ) {}

  get location(): string {
    return this.target.location;
  }

  /** The database is there once it can be reached: the tables are created on first use. */
  exists(): boolean {
    return true;
  }

  /** Connects, creates the tables if they are missing and checks their schema version; returns the version. */
  init(): number {
    return this.call({ op: 'init', target: this.target }).version;
  }

  recordsFor(requests: readonly LookupRequest[]): Map<string, LookupRecord> {
    const keys = requests.filter((r) => !r.anyAccount).map((r) => r.key);
    const kinds = [...new Set(requests.filter((r) => r.anyAccount).map((r) => r.kind))];
    return this.checked(this.call({ op: 'read', target: this.target, keys, kinds }).rows);
  }

  list(): LookupRecord[] {
    const records = [...this.checked(this.call({ op: 'list', target: this.target }).rows).values()];
    return records.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  merge(records: readonly LookupRecord[]): number {
    if (records.length === 0) return 0;
    return this.call({ op: 'merge', target: this.target, records, retentionMs: this.historyRetentionMs }).count;
  }

  history(key: string): LookupRecord[] {
    const rows = this.call({ op: 'history', target: this.target, key }).rows;
    const now = Date.now();
    return rows.map((row) => checkRecordEntry(row.key, row, now)).filter((r) => r.invalid === undefined);
  }

  remove(keys: readonly string[]): LookupRecord[] {
    if (keys.length === 0) return [];
    return [...this.checked(this.call({ op: 'remove', target: this.target, keys }).rows).values()];
  }

  clear(): number | undefined {
    return this.call({ op: 'clear', target: this.target }).count;
  }

  /**
   * Asks the cloud and records each answer. For a `cached` lookup (`maxAgeMs` set), the
   * fleet asks once: a synth takes the question's lease (a row with an expiry), asks,
   * records and releases it in one statement; the others wait (woken by NOTIFY) and read
   * the answer. A lease whose holder died runs out and is taken over; after waiting a
   * whole lease a synth asks the cloud itself.
   */
  fetch(lookups: readonly StoreFetch[]): StoreFetched[] {
    return this.call({ op: 'fetch', target: this.target, lookups, leaseMs: this.leaseMs, retentionMs: this.historyRetentionMs }).fetched;
  }

  /**
   * Judges and reserves in one transaction holding an advisory lock per quota (sorted), on
   * the database's clock; a connection lost before the COMMIT reserves nothing.
   */
  reserve(request: ReservationRequest): ReservationOutcome {
    return this.call({ op: 'reserve', target: this.target, request }).reservation;
  }

  /**
   * {@link PostgresRecordStore.reserve} on this thread, for an async caller (the CLI's
   * `check --plan --reserve`): the same transaction, without starting the lookup worker
   * thread (a check asks no cloud); the connection is closed when it is done.
   */
  async reserveAsync(request: ReservationRequest): Promise<ReservationOutcome> {
    try {
      const reply = await runRecordCall({ op: 'reserve', target: this.target, request }, () => {
        throw new LookupRecordError('a reservation asks no cloud');
      });
      if (!reply.ok) throw deserializeError(reply.error);
      return reply.reservation;
    } finally {
      await closeConnections();
    }
  }

  release(run: string, stack?: string): Reservation[] {
    return this.call({ op: 'release', target: this.target, run, ...(stack !== undefined ? { stack } : {}) }).reservations;
  }

  reservations(): Reservation[] {
    return this.call({ op: 'reservations', target: this.target }).reservations;
  }

  private call<C extends RecordCall>(call: C): RecordResults[C['op']] {
    const reply = callStoreOnWorkerSync(call) as RecordReply<C['op']>;
    if (!reply.ok) throw deserializeError(reply.error);
    return reply;
  }

  /**
   * Rows as records, each through the check every store reads entries with: a malformed
   * entry is kept, marked invalid (`records list` shows it so), and never used.
   */
  private checked(rows: readonly RecordRow[]): Map<string, LookupRecord> {
    return new Map(rows.map((row) => [row.key, checkRecordEntry(row.key, row)]));
  }
}
