import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LookupRecordError } from '../../core/errors';
import { isSymlink, LookupRecordLockOptions, RecordFileLock } from './file-lock';
import { checkRecordEntry, LookupRecord } from './entry';
import { writeRecordJson } from './file-json';
import { addToHistory, HistoryPointJson, RecordHistoryLimits } from './history';

/** Format version of the lookup record file this library reads and writes. */
export const LOOKUP_RECORD_VERSION = 1;

/** The file's JSON shape. */
interface RecordFileJson {
  readonly comment?: string;
  readonly version: number;
  readonly records: Record<string, { kind: string; cloud: string; fetchedAt: string; value: unknown }>;
  /** Each key's history, oldest point first (see history.ts); absent when there is none. Older versions of the library ignore it. */
  readonly history?: Record<string, HistoryPointJson[]>;
}

/** The file as read: the entries (checked), and the history as written (its points are checked when asked for). */
interface RecordFileContents {
  readonly records: Map<string, LookupRecord>;
  readonly history: Map<string, HistoryPointJson[]>;
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
    return this.readContents().records;
  }

  /**
   * The history of one lookup key, oldest point first: every live answer recorded for it
   * (within the file's bounds, {@link RecordHistoryLimits}). Each point is read through the
   * entry check; a point it refuses is left out.
   * @throws LookupRecordError when the file is unusable (as {@link LookupRecordFile.read})
   */
  history(key: string): LookupRecord[] {
    return historyOf(key, this.readContents().history.get(key) ?? []);
  }

  private readContents(): RecordFileContents {
    const text = this.readText();
    return text === undefined ? { records: new Map(), history: new Map() } : this.parse(text);
  }

  /**
   * The file's text, or undefined when there is none. Opened without blocking and checked
   * on the open descriptor (so nothing can be swapped in between): a FIFO would block the
   * synth forever, a device that never ends would fill memory.
   */
  private readText(): string | undefined {
    const fail = (what: string): never => {
      throw new LookupRecordError(
        `The lookup record ${this.file} ${what}. The record must be a regular file (or a symlink to one); ` +
          'point HEADROOM_LOOKUP_RECORD_FILE (or cdktf context headroom:lookupRecordFile) at one, or remove what is there. It was left as it is.',
      );
    };
    let fd: number;
    try {
      fd = fs.openSync(this.file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined; // no file yet (or a symlink to one not written yet)
      if (code === 'EISDIR') fail('is a directory');
      throw new LookupRecordError(`The lookup record ${this.file} cannot be read (${code ?? (err as Error).message}). Check its permissions.`);
    }
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) fail(`is ${kindOf(stat)}, not a regular file`);
      if (stat.size > MAX_RECORD_FILE_BYTES) {
        fail(`is ${stat.size} bytes, more than the ${MAX_RECORD_FILE_BYTES / 1024 / 1024} MiB a lookup record can be`);
      }
      // Read to the cap at most, even if the file grows meanwhile.
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_RECORD_FILE_BYTES + 1 - total));
        const n = fs.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        chunks.push(buf.subarray(0, n));
        total += n;
        if (total > MAX_RECORD_FILE_BYTES) fail(`grew past the ${MAX_RECORD_FILE_BYTES / 1024 / 1024} MiB a lookup record can be while it was read`);
      }
      return Buffer.concat(chunks, total).toString('utf8');
    } catch (err) {
      if (err instanceof LookupRecordError) throw err;
      throw new LookupRecordError(
        `The lookup record ${this.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). Check its permissions.`,
      );
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
    return this.update((current, history) => {
      for (const r of records) {
        const old = current.get(r.key);
        if (!old || old.invalid || Date.parse(old.fetchedAt) <= Date.parse(r.fetchedAt)) current.set(r.key, r);
      }
      // Each answer is also a point of its key's history (only a valid one; bounded, oldest dropped first).
      addToHistory(history, records, this.historyLimits);
      return true;
    });
  }

  /** Removes the records with these keys; returns the ones removed. */
  remove(keys: readonly string[]): LookupRecord[] {
    const removed: LookupRecord[] = [];
    this.update((current) => {
      // The history stays: its points were real answers (clear removes it, with the file).
      for (const k of keys) {
        const r = current.get(k);
        if (r) {
          removed.push(r);
          current.delete(k);
        }
      }
      return removed.length > 0;
    });
    return removed;
  }

  /**
   * Deletes the file, whatever it holds (also one that is not valid JSON); returns how
   * many records it held, or undefined when they could not be counted.
   */
  clear(): number | undefined {
    return this.lock.hold(() => {
      let count: number | undefined;
      try {
        count = this.read().size;
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

  /** Read, change and write back under the lock; `change` returns whether to write. */
  private update(change: (current: Map<string, LookupRecord>, history: Map<string, HistoryPointJson[]>) => boolean): Map<string, LookupRecord> {
    return this.lock.hold(() => {
      const { records, history } = this.readContents();
      if (change(records, history)) this.write(records, history);
      return records;
    });
  }

  private write(records: Map<string, LookupRecord>, history: Map<string, HistoryPointJson[]>): void {
    const sorted = [...records.values()].sort((a, b) => compareKeys(a.key, b.key));
    const historyKeys = [...history.keys()].sort(compareKeys);
    const json: RecordFileJson = {
      comment: COMMENT,
      version: LOOKUP_RECORD_VERSION,
      records: Object.fromEntries(sorted.map((r) => [r.key, { kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value }])),
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

  private parse(text: string): RecordFileContents {
    const restart = `delete it with \`npx cdktf-headroom records clear --file ${this.file}\` and synthesize in live mode to record every lookup again.`;
    const fix = `It was left as it is. Fix it by hand, or ${restart}`;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new LookupRecordError(`The lookup record ${this.file} is not valid JSON (${(err as Error).message}). ${fix}`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      throw new LookupRecordError(
        `The lookup record ${this.file} is not a cdktf-headroom record: expected an object with "version" and "records"; got ${describe(json)}. ${fix}`,
      );
    }
    const { version, records, history } = json as Partial<RecordFileJson>;
    if (version !== LOOKUP_RECORD_VERSION) {
      throw new LookupRecordError(
        `The lookup record ${this.file} has format version ${describe(version)}; this version of cdktf-headroom reads version ${LOOKUP_RECORD_VERSION} only. ` +
          `It was left as it is. Use the cdktf-headroom version that wrote it, or ${restart}`,
      );
    }
    if (!records || typeof records !== 'object' || Array.isArray(records)) {
      throw new LookupRecordError(`The lookup record ${this.file} has no "records" object; got ${describe(records)}. ${fix}`);
    }
    if (history !== undefined && (!history || typeof history !== 'object' || Array.isArray(history))) {
      throw new LookupRecordError(`The lookup record ${this.file} has a "history" that is not an object of points by key; got ${describe(history)}. ${fix}`);
    }
    const out = new Map<string, LookupRecord>();
    const now = Date.now();
    for (const [key, r] of Object.entries(records)) out.set(key, checkRecordEntry(key, r, now));
    const points = new Map<string, HistoryPointJson[]>();
    // A key's points that are not a list are no history (left out, and not written back).
    for (const [key, list] of Object.entries(history ?? {})) if (Array.isArray(list)) points.set(key, list as HistoryPointJson[]);
    return { records: out, history: points };
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
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
