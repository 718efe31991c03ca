// What every lookup record store is: the interface the engine and the records CLI use, and
// what a store is asked to fetch and answers. The stores: file-store.ts (the default) and
// postgres/store.ts (a database shared by a fleet).
import { LookupRecordError } from '../../core/errors';
import { LookupOutcome, LookupRequest } from '../request';
import { LookupRecord } from './entry';
import { Reservation, ReservationOutcome, ReservationRequest } from './reservations';

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

/**
 * Where lookups are recorded: a file beside the app (`FileRecordStore`, the default) or a
 * PostgreSQL database shared by a fleet of pipelines (`PostgresRecordStore`).
 *
 * Both keep the same meaning: the same keys, one entry per key, the entry fetched last
 * wins, failures are never recorded, entries are checked when read, nothing secret is
 * stored. Every method is synchronous (synth is): a store that needs async I/O runs it on
 * the lookup worker thread while this thread blocks, as lookups do.
 */
export interface LookupRecordStore {
  /** Where the record is, for messages: the file's path, or the database (host, port, name; never a password). */
  readonly location: string;
  /** Whether the record exists yet (a file that was written; a database is always there once reachable). */
  exists(): boolean;
  /**
   * The records that may answer these requests (keyed by key): the one with each key, and
   * for a request whose key leaves the account out, every record of its kind. A store may
   * return more (a file returns all of it, read once and kept).
   * @throws LookupRecordError when the record cannot be read or holds a malformed entry
   */
  recordsFor(requests: readonly LookupRequest[]): Map<string, LookupRecord>;
  /** Every record, sorted by key (the order `records list` numbers them in). */
  list(): LookupRecord[];
  /**
   * Adds records, keeping for each key the one fetched last; each valid record is also a
   * point of its key's history (see {@link LookupRecordStore.history}). Returns how many were given.
   */
  merge(records: readonly LookupRecord[]): number;
  /**
   * The history of one lookup key, oldest point first: every answer recorded for it (the
   * engine records live answers only; offline and cached synths add nothing), within the
   * store's bounds (the file: points and bytes per key; PostgreSQL: its retention). Each
   * point is read through the entry check; one it refuses is left out.
   */
  history(key: string): LookupRecord[];
  /** Removes the records with these keys; returns the ones removed. */
  remove(keys: readonly string[]): LookupRecord[];
  /** Removes every record; returns how many there were, or undefined when they could not be counted. */
  clear(): number | undefined;
  /**
   * For a store shared by several synths: has these lookups asked of the cloud once for the
   * whole fleet, and each answer recorded. The PostgreSQL store has it (a `cached` lookup
   * is asked by one synth while the others wait for its answer). Without it (the file),
   * the engine asks the cloud itself, in one batch on the lookup worker, and records the
   * answers that succeeded with {@link LookupRecordStore.merge}.
   * @default none: the engine asks the cloud and merges
   */
  fetch?(lookups: readonly StoreFetch[]): StoreFetched[];
  /**
   * Judges a plan's additions against the headroom less the other runs' live reservations
   * and, when every headroom fits, records them as the run's reservation for the stack
   * (replacing its earlier one), all under one lock: of concurrent requests, exactly those
   * that fit are reserved (`check --plan --reserve`, docs/reservations.md).
   * @default none: the store holds no reservations
   * @throws LookupRecordError when the store cannot be read or written (nothing is reserved)
   */
  reserve?(request: ReservationRequest): ReservationOutcome;
  /**
   * {@link LookupRecordStore.reserve} for an async caller: the PostgreSQL store runs it on
   * the caller's thread, without the lookup worker thread a synchronous call needs.
   * @default none: callers use `reserve`
   */
  reserveAsync?(request: ReservationRequest): Promise<ReservationOutcome>;
  /**
   * Ends a run's reservations (of one stack, or all of the run's); returns the ones ended, live or expired.
   * @default none: the store holds no reservations
   */
  release?(run: string, stack?: string): Reservation[];
  /**
   * The live reservations (not expired on the store's clock), by quota and age.
   * @default none: the store holds no reservations
   */
  reservations?(): Reservation[];
}

/**
 * A store read as another is, but never written (what `cdktf-headroom lookup` uses unless
 * told to record, so a debugging lookup leaves the app's record as it was): it has no
 * `fetch`, and the engine, which asks the cloud, records nothing in it. Writing through it
 * is a bug, and throws.
 * @internal
 */
export class ReadOnlyRecordStore implements LookupRecordStore {
  constructor(private readonly inner: LookupRecordStore) {}

  get location(): string {
    return this.inner.location;
  }

  exists(): boolean {
    return this.inner.exists();
  }

  recordsFor(requests: readonly LookupRequest[]): Map<string, LookupRecord> {
    return this.inner.recordsFor(requests);
  }

  list(): LookupRecord[] {
    return this.inner.list();
  }

  history(key: string): LookupRecord[] {
    return this.inner.history(key);
  }

  merge(): number {
    return this.refuse();
  }

  remove(): LookupRecord[] {
    return this.refuse();
  }

  clear(): number | undefined {
    return this.refuse();
  }

  private refuse(): never {
    throw new LookupRecordError(`the lookup record ${this.inner.location} is open read-only here, and was not changed.`);
  }
}

/**
 * Copies every record of `from` into `to` (the record fetched last wins per key, as in a
 * synth's write): a committed file seeds a shared database, or a job takes an offline
 * snapshot of one. Entries are checked as they are read from `from`.
 * @returns how many records were copied
 */
export function copyLookupRecords(from: LookupRecordStore, to: LookupRecordStore): number {
  const records = from.list();
  if (records.length === 0) return 0;
  return to.merge(records);
}
