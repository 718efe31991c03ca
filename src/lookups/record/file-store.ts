// The default lookup record store: the record file beside the app.
import { LookupRecordFile } from './file';
import { LookupRecord } from './entry';
import { ReservationFile } from './file-reservations';
import { Reservation, ReservationOutcome, ReservationRequest } from './reservations';
import { LookupRecordStore } from './store';

/**
 * The lookup record in a file (see {@link LookupRecordFile}): the default store. The
 * file is read once per store and kept; every write re-reads and merges under the file's
 * lock, so concurrent synths on one machine never lose each other's records. It stores
 * only: the engine asks the cloud and hands it the answers to {@link FileRecordStore.merge}.
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

  history(key: string): LookupRecord[] {
    return this.file.history(key);
  }

  merge(records: readonly LookupRecord[]): number {
    // Not read back: a merge parses only the entries it keeps; the next read reads the file again.
    this.records = undefined;
    this.file.add(records);
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

  /** Judges and reserves under the record file's lock, in `<record>.reservations.json` (see {@link ReservationFile}). */
  reserve(request: ReservationRequest): ReservationOutcome {
    return this.reservationFile.reserve(request);
  }

  release(run: string, stack?: string): Reservation[] {
    return this.reservationFile.release(run, stack);
  }

  reservations(): Reservation[] {
    return this.reservationFile.list();
  }

  private get reservationFile(): ReservationFile {
    return new ReservationFile(this.file.file);
  }
}
