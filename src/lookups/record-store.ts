import { LookupRecordError, serializeError } from '../core/errors';
import { resolveBatchSync } from './bridge';
import { cloudOf, LookupRecord, LookupRecordFile } from './lookup-record';
import type { StoreFetch, StoreFetched } from './record-call';
import { LookupOutcome, LookupRequest } from './types';

/**
 * Where lookups are recorded: a file beside the app ({@link FileRecordStore}, the default)
 * or a PostgreSQL database shared by a fleet of pipelines (`PostgresRecordStore`).
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
  /** Adds records, keeping for each key the one fetched last. Returns how many were given. */
  merge(records: readonly LookupRecord[]): number;
  /** Removes the records with these keys; returns the ones removed. */
  remove(keys: readonly string[]): LookupRecord[];
  /** Removes every record; returns how many there were, or undefined when they could not be counted. */
  clear(): number | undefined;
  /**
   * Asks the cloud for these lookups (one concurrent batch on the lookup worker) and
   * records the answers that succeeded. An answer that cannot be recorded becomes a
   * {@link LookupRecordError} outcome.
   */
  fetch(lookups: readonly StoreFetch[]): StoreFetched[];
}

/**
 * The lookup record in a file (see {@link LookupRecordFile}): the default store. The
 * file is read once per store and kept; every write re-reads and merges under the file's
 * lock, so concurrent synths on one machine never lose each other's records.
 */
export class FileRecordStore implements LookupRecordStore {
  private records?: Map<string, LookupRecord>;

  constructor(
    /** The record file. */
    public readonly file: LookupRecordFile,
  ) {}

  get location(): string {
    return this.file.file;
  }

  exists(): boolean {
    return this.file.exists();
  }

  recordsFor(): Map<string, LookupRecord> {
    this.records ??= this.file.read();
    return this.records;
  }

  list(): LookupRecord[] {
    return this.file.list();
  }

  merge(records: readonly LookupRecord[]): number {
    this.records = this.file.merge(records);
    return records.length;
  }

  remove(keys: readonly string[]): LookupRecord[] {
    this.records = undefined;
    return this.file.remove(keys);
  }

  clear(): number | undefined {
    this.records = undefined;
    return this.file.clear();
  }

  fetch(lookups: readonly StoreFetch[]): StoreFetched[] {
    const outcomes = resolveBatchSync(lookups.map((l) => l.request));
    const succeeded: LookupRecord[] = [];
    outcomes.forEach((o, i) => {
      const { key, kind } = lookups[i].request;
      if (o.ok) succeeded.push({ key, kind, cloud: cloudOf(kind), fetchedAt: o.fetchedAt, value: o.value });
    });
    let recordError: LookupOutcome | undefined;
    if (succeeded.length > 0) {
      try {
        this.merge(succeeded);
      } catch (err) {
        const e = new LookupRecordError(`the cloud answered, but the answer could not be recorded: ${(err as Error).message}`);
        recordError = { ok: false, error: serializeError(e) };
      }
    }
    return outcomes.map((o) => ({
      outcome: o.ok && recordError ? recordError : o,
      fromRecord: false,
      queried: true,
      recorded: o.ok && !recordError,
    }));
  }
}

/**
 * A store read as another is, but never written: its `fetch` asks the cloud and records
 * nothing (what `cdktf-headroom lookup` uses unless told to record, so a debugging lookup
 * leaves the app's record as it was). Writing through it is a bug, and throws.
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

  merge(): number {
    return this.refuse();
  }

  remove(): LookupRecord[] {
    return this.refuse();
  }

  clear(): number | undefined {
    return this.refuse();
  }

  fetch(lookups: readonly StoreFetch[]): StoreFetched[] {
    return resolveBatchSync(lookups.map((l) => l.request)).map((outcome) => ({ outcome, fromRecord: false, queried: true, recorded: false }));
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
