import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LookupRecordError } from '../../core/errors';
import { isSymlink, LookupRecordLockOptions, RecordFileLock } from './file-lock';
import { checkRecordEntry, entryFields, LookupRecord, RecordEntryFields } from './entry';
import { LOOKUP_RECORD_VERSION, noContents, ReadAt, recordContents, RecordFileContents, SCAN_FROM_BYTES, scannedContents } from './file-contents';
import { writeRecordJson } from './file-json';
import { addToHistory, HistoryPointJson, RecordHistoryLimits } from './history';

export { LOOKUP_RECORD_VERSION } from './file-contents';

/** The file's JSON shape. */
interface RecordFileJson {
  readonly comment?: string;
  readonly version: number;
  readonly records: Record<string, RecordEntryFields>;
  /** Each key's history, oldest point first (see history.ts); absent when there is none. Older versions of the library ignore it. */
  readonly history?: Record<string, HistoryPointJson[]>;
}

/**
 * The largest record file read. A record holds at most a few lookups of up to 100,000
 * rows each (tens of MiB); a file larger than this is not one, and reading it whole
 * would exhaust memory (a string cannot hold much more than 512 MiB anyway).
 */
export const MAX_RECORD_FILE_BYTES = 256 * 1024 * 1024;

/** What a file that is not a regular file is, for messages. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const COMMENT = 'Lookups recorded by cdktf-headroom at synth. Offline and cached modes read them. ' + 'List or reset them with `npx cdktf-headroom records`.';

/**
 * The lookup record: a JSON file beside the app holding the answer of every lookup that
 * succeeded, keyed by the lookup's stable key.
 *
 * Writes take a lock file (`<file>.lock`), re-read the file, merge, write a temporary
 * file in the same directory and rename it over the record, so concurrent synths never
 * lose each other's records and a reader never sees a half-written file. A file that is
 * not valid JSON or has another format version is a {@link LookupRecordError} and is
 * never overwritten.
 */
export class LookupRecordFile {
  private readonly lock: RecordFileLock;

  constructor(
    /** Absolute path of the record file (it may be a symlink to one: it is read and written through the link, which is kept). */
    public readonly file: string,
    lock: LookupRecordLockOptions = {},
    /** How much history the file keeps (see {@link RecordHistoryLimits}). */
    private readonly historyLimits: RecordHistoryLimits = {},
  ) {
    this.lock = new RecordFileLock(file, lock);
  }

  /** Whether the file exists. */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /**
   * Every record, by key; empty when the file does not exist.
   * @throws LookupRecordError when the file is unusable: not a regular file (a FIFO, a
   *   device, a directory), larger than {@link MAX_RECORD_FILE_BYTES}, unreadable, or not a record
   */
  read(): Map<string, LookupRecord> {
    return this.withContents('all', (contents) => {
      const now = Date.now();
      return new Map(contents.keys.map((key) => [key, checkRecordEntry(key, contents.entry(key), now)]));
    });
  }

  /**
   * The history of one lookup key, oldest point first: every live answer recorded for it
   * (within the file's bounds, {@link RecordHistoryLimits}). Each point is read through the
   * entry check; a point it refuses is left out.
   * @throws LookupRecordError when the file is unusable (as {@link LookupRecordFile.read})
   */
  history(key: string): LookupRecord[] {
    return this.withContents('some', (contents) => historyOf(key, contents.history.get(key) ?? []));
  }

  /**
   * Runs `use` on the file's contents (no contents when there is no file), read as `want`
   * says: `all` parses the file whole (every entry will be read); `some` (a merge, a
   * history) scans a large file in chunks and reads back only the parts asked for, the
   * file staying open meanwhile. Opened without blocking and checked on the open descriptor
   * (so nothing can be swapped in between): a FIFO would block the synth forever, a device
   * that never ends would fill memory.
   */
  private withContents<T>(want: 'all' | 'some', use: (contents: RecordFileContents) => T): T {
    const fail = (what: string): never => {
      throw new LookupRecordError(
        `The lookup record ${this.file} ${what}. The record must be a regular file (or a symlink to one); ` +
          'point HEADROOM_LOOKUP_RECORD_FILE (or cdktf context headroom:lookupRecordFile) at one, or remove what is there. It was left as it is.',
      );
    };
    const unreadable = (err: unknown): LookupRecordError =>
      new LookupRecordError(
        `The lookup record ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check its permissions.`,
      );
    let fd: number;
    try {
      fd = fs.openSync(this.file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return use(noContents()); // no file yet (or a symlink to one not written yet)
      if (code === 'EISDIR') fail('is a directory');
      throw new LookupRecordError(`The lookup record ${this.file} cannot be read (${code ?? (err as Error).message}). Check its permissions.`);
    }
    try {
      let size: number;
      try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) fail(`is ${kindOf(stat)}, not a regular file`);
        size = stat.size;
      } catch (err) {
        throw err instanceof LookupRecordError ? err : unreadable(err);
      }
      if (size > MAX_RECORD_FILE_BYTES) fail(`is ${size} bytes, more than the ${MAX_RECORD_FILE_BYTES / 1024 / 1024} MiB a lookup record can be`);
      const grew = `grew past the ${MAX_RECORD_FILE_BYTES / 1024 / 1024} MiB a lookup record can be while it was read`;
      // Read to the cap at most, even if the file grows meanwhile.
      const readAt: ReadAt = (into, length, position) => {
        if (position > MAX_RECORD_FILE_BYTES) fail(grew);
        try {
          return fs.readSync(fd, into, 0, length, position);
        } catch (err) {
          throw unreadable(err);
        }
      };
      // One buffer of the size the file has (one byte more, to see it grow), grown only if it grows meanwhile.
      const readAll = (): Buffer => {
        let buf = Buffer.allocUnsafe(size + 1);
        let total = 0;
        for (;;) {
          if (total === buf.length) {
            const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, MAX_RECORD_FILE_BYTES + 1));
            buf.copy(bigger, 0, 0, total);
            buf = bigger;
          }
          const n = readAt(buf.subarray(total), buf.length - total, total);
          if (n === 0) break;
          total += n;
          if (total > MAX_RECORD_FILE_BYTES) fail(grew);
        }
        return buf.subarray(0, total);
      };
      const contents = want === 'some' && size >= SCAN_FROM_BYTES ? scannedContents(this.file, readAt, readAll) : recordContents(this.file, readAll());
      return use(contents);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Where the file's bytes are: the file, or, for a symlink, the file it points to (written there, so the link stays). */
  private target(): string {
    if (!isSymlink(this.file)) return this.file;
    try {
      return fs.realpathSync(this.file);
    } catch (err) {
      // A link to a record not written yet: write where it points.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path.resolve(path.dirname(this.file), fs.readlinkSync(this.file));
      throw new LookupRecordError(
        `The lookup record ${this.file} is a symlink that cannot be followed (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); ` +
          'point it at a regular file, or remove it. It was left as it is.',
      );
    }
  }

  /** Every record, sorted by key (the order `records list` numbers them in). */
  list(): LookupRecord[] {
    return [...this.read().values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  /**
   * Adds records, keeping for each key the one fetched last (another synth may have
   * written a newer one meanwhile). Returns every record after the merge.
   */
  merge(records: readonly LookupRecord[]): Map<string, LookupRecord> {
    return this.mergeUnderLock(records, true)!;
  }

  /**
   * Adds records as {@link LookupRecordFile.merge} does, without reading back every record:
   * an entry this merge replaces is never parsed (a lookup of 100,000 rows is not built
   * twice to be dropped), and an entry it keeps is parsed only to be written back.
   * @internal
   */
  add(records: readonly LookupRecord[]): void {
    this.mergeUnderLock(records, false);
  }

  private mergeUnderLock(records: readonly LookupRecord[], readBack: boolean): Map<string, LookupRecord> | undefined {
    return this.lock.hold(() =>
      this.withContents('some', (contents) => {
        const now = Date.now();
        const given = new Map<string, LookupRecord>();
        const inFile = new Set(contents.keys);
        for (const r of records) {
          const old = given.get(r.key);
          if (old) {
            if (old.invalid || Date.parse(old.fetchedAt) <= Date.parse(r.fetchedAt)) given.set(r.key, r);
          } else if (!inFile.has(r.key) || replaces(contents, r, now)) {
            given.set(r.key, r);
          }
        }
        // Each answer is also a point of its key's history (only a valid one; bounded, oldest dropped first).
        addToHistory(contents.history, records, this.historyLimits);
        const kept = contents.keys.filter((k) => !given.has(k));
        this.write(
          [
            ...kept.map((k): [string, RecordEntryFields] => [k, entryFields(contents.entry(k))]),
            ...[...given].map(([k, r]): [string, RecordEntryFields] => [k, r]),
          ],
          contents.history,
        );
        if (!readBack) return undefined;
        const all = new Map<string, LookupRecord>();
        for (const k of contents.keys) all.set(k, given.get(k) ?? checkRecordEntry(k, contents.entry(k), now));
        for (const [k, r] of given) all.set(k, r);
        return all;
      }),
    );
  }

  /** Removes the records with these keys; returns the ones removed. */
  remove(keys: readonly string[]): LookupRecord[] {
    return this.lock.hold(() =>
      this.withContents('some', (contents) => {
        const now = Date.now();
        const gone = new Set(keys.filter((k) => contents.keys.includes(k)));
        const removed = [...gone].map((k) => checkRecordEntry(k, contents.entry(k), now));
        // The history stays: its points were real answers (clear removes it, with the file).
        if (removed.length > 0) {
          this.write(
            contents.keys.filter((k) => !gone.has(k)).map((k): [string, RecordEntryFields] => [k, entryFields(contents.entry(k))]),
            contents.history,
          );
        }
        return removed;
      }),
    );
  }

  /**
   * Deletes the file, whatever it holds (also one that is not valid JSON); returns how
   * many records it held, or undefined when they could not be counted.
   */
  clear(): number | undefined {
    return this.lock.hold(() => {
      let count: number | undefined;
      try {
        count = this.withContents('some', (contents) => contents.keys.length);
      } catch {
        count = undefined;
      }
      try {
        fs.unlinkSync(this.file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        return 0;
      }
      return count;
    });
  }

  /** Writes these entries (sorted by key) and this history, through a temporary file renamed over the record. */
  private write(entries: ReadonlyArray<[string, RecordEntryFields]>, history: Map<string, HistoryPointJson[]>): void {
    const sorted = [...entries].sort((a, b) => compareKeys(a[0], b[0]));
    const historyKeys = [...history.keys()].sort(compareKeys);
    const json: RecordFileJson = {
      comment: COMMENT,
      version: LOOKUP_RECORD_VERSION,
      records: Object.fromEntries(sorted.map(([key, r]) => [key, { kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value }])),
      ...(historyKeys.length > 0 ? { history: Object.fromEntries(historyKeys.map((k) => [k, history.get(k)!])) } : {}),
    };
    const target = this.target();
    const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const fd = fs.openSync(tmp, 'w', 0o644);
      try {
        // Written in chunks: a record of 100,000 rows never exists as one string.
        writeRecordJson(json, (chunk) => fs.writeSync(fd, chunk));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new LookupRecordError(
        `The lookup record ${this.file} could not be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check that its directory is writable.`,
      );
    }
  }
}

/**
 * Whether a record replaces the file's entry with its key: when the entry was fetched no
 * later (its fetchedAt is read alone: the entry's value is not parsed), or when it is not a
 * valid entry (then it is parsed and checked).
 */
function replaces(contents: RecordFileContents, r: LookupRecord, nowMs: number): boolean {
  const at = contents.fetchedAt(r.key);
  if ((typeof at === 'string' ? Date.parse(at) : NaN) <= Date.parse(r.fetchedAt)) return true;
  return checkRecordEntry(r.key, contents.entry(r.key), nowMs).invalid !== undefined;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A key's points as records, each through the entry check; the ones it refuses are left out. */
function historyOf(key: string, points: readonly HistoryPointJson[]): LookupRecord[] {
  const kind = key.split(' ')[0];
  const now = Date.now();
  const out: LookupRecord[] = [];
  for (const p of points) {
    const raw = p && typeof p === 'object' ? { kind, fetchedAt: p.fetchedAt, value: p.value } : p;
    const checked = checkRecordEntry(key, raw, now);
    if (checked.invalid === undefined) out.push(checked);
  }
  return out.sort((a, b) => Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt));
}
