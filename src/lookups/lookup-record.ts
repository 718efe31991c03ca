import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LookupRecordError } from '../core/errors';
import { checkRecordEntry } from './record-entry';
import { writeRecordJson } from './record-json';

/** Format version of the lookup record file this library reads and writes. */
export const LOOKUP_RECORD_VERSION = 1;

/** One recorded lookup: what was asked (the key), what came back, and when. */
export interface LookupRecord {
  /** The lookup's stable key: kind, endpoint, account fingerprint and query, never a credential. */
  readonly key: string;
  /** What was looked up, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** The cloud, e.g. `qingcloud` (the part of `kind` before the colon). */
  readonly cloud: string;
  /** When the value was fetched (ISO 8601). */
  readonly fetchedAt: string;
  /** The value the lookup returned. */
  readonly value: unknown;
  /** Why this entry cannot be used (see `record-entry.ts`); undefined when it is valid. Invalid entries are never used. */
  readonly invalid?: string;
}

/** How long to wait for another synth's lock, and when a lock counts as abandoned. */
export interface LookupRecordLockOptions {
  /**
   * Give up waiting for the lock after this many milliseconds.
   * @default 15000
   */
  readonly timeoutMs?: number;
  /**
   * A lock older than this is taken to be left by a crashed process and removed.
   * @default 60000
   */
  readonly staleMs?: number;
}

/** The file's JSON shape. */
interface RecordFileJson {
  readonly comment?: string;
  readonly version: number;
  readonly records: Record<string, { kind: string; cloud: string; fetchedAt: string; value: unknown }>;
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
  private readonly lockPath: string;

  constructor(
    /** Absolute path of the record file (it may be a symlink to one: it is read and written through the link, which is kept). */
    public readonly file: string,
    private readonly lock: LookupRecordLockOptions = {},
  ) {
    // A symlinked record (a shared one) is locked where its bytes are, so every link to it takes the same lock.
    this.lockPath = `${lockBase(file)}.lock`;
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
    const text = this.readText();
    return text === undefined ? new Map() : this.parse(text);
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
    return this.update((current) => {
      for (const r of records) {
        const old = current.get(r.key);
        if (!old || old.invalid || Date.parse(old.fetchedAt) <= Date.parse(r.fetchedAt)) current.set(r.key, r);
      }
      return true;
    });
  }

  /** Removes the records with these keys; returns the ones removed. */
  remove(keys: readonly string[]): LookupRecord[] {
    const removed: LookupRecord[] = [];
    this.update((current) => {
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
    return this.withLock(() => {
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
  private update(change: (current: Map<string, LookupRecord>) => boolean): Map<string, LookupRecord> {
    return this.withLock(() => {
      const current = this.read();
      if (change(current)) this.write(current);
      return current;
    });
  }

  private write(records: Map<string, LookupRecord>): void {
    const sorted = [...records.values()].sort((a, b) => compareKeys(a.key, b.key));
    const json: RecordFileJson = {
      comment: COMMENT,
      version: LOOKUP_RECORD_VERSION,
      records: Object.fromEntries(sorted.map((r) => [r.key, { kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value }])),
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

  private parse(text: string): Map<string, LookupRecord> {
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
    const { version, records } = json as Partial<RecordFileJson>;
    if (version !== LOOKUP_RECORD_VERSION) {
      throw new LookupRecordError(
        `The lookup record ${this.file} has format version ${describe(version)}; this version of cdktf-headroom reads version ${LOOKUP_RECORD_VERSION} only. ` +
          `It was left as it is. Use the cdktf-headroom version that wrote it, or ${restart}`,
      );
    }
    if (!records || typeof records !== 'object' || Array.isArray(records)) {
      throw new LookupRecordError(`The lookup record ${this.file} has no "records" object; got ${describe(records)}. ${fix}`);
    }
    const out = new Map<string, LookupRecord>();
    const now = Date.now();
    for (const [key, r] of Object.entries(records)) out.set(key, checkRecordEntry(key, r, now));
    return out;
  }

  private withLock<T>(fn: () => T): T {
    const timeoutMs = this.lock.timeoutMs ?? 15_000;
    const staleMs = this.lock.staleMs ?? 60_000;
    const started = Date.now();
    const token = `${process.pid}@${os.hostname()} ${randomBytes(6).toString('hex')}`;
    for (let attempt = 0; ; attempt++) {
      try {
        fs.writeFileSync(this.lockPath, token, { flag: 'wx' });
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') fs.mkdirSync(path.dirname(this.lockPath), { recursive: true });
        else if (code !== 'EEXIST') {
          throw new LookupRecordError(`The lookup record's lock ${this.lockPath} could not be created (${code}). Check that the directory is writable.`);
        } else if (this.breakIfStale(staleMs)) continue;
        else if (Date.now() - started > timeoutMs) {
          throw new LookupRecordError(
            `The lookup record ${this.file} stayed locked by another synth for ${timeoutMs} ms (lock file ${this.lockPath}). ` +
              'If no other synth is running, delete the lock file.',
          );
        }
        sleepSync(Math.min(50, 2 + attempt * 2));
      }
    }
    try {
      return fn();
    } finally {
      try {
        if (fs.readFileSync(this.lockPath, 'utf8') === token) fs.unlinkSync(this.lockPath);
      } catch {
        // already gone: taken for stale by another process; nothing to release
      }
    }
  }

  /** Removes a lock left by a dead process on this host, or one older than `staleMs`. */
  private breakIfStale(staleMs: number): boolean {
    let holder: string;
    let ageMs: number;
    try {
      holder = fs.readFileSync(this.lockPath, 'utf8');
      ageMs = Date.now() - fs.statSync(this.lockPath).mtimeMs;
    } catch {
      return true; // released meanwhile: try again at once
    }
    const m = /^(\d+)@(\S+) /.exec(holder);
    const deadHere = m !== null && m[2] === os.hostname() && !processAlive(Number(m[1]));
    if (!deadHere && ageMs < staleMs) return false;
    try {
      if (fs.readFileSync(this.lockPath, 'utf8') === holder) {
        fs.unlinkSync(this.lockPath);
        this.removeLeftovers(m ? Number(m[1]) : undefined, staleMs);
      }
    } catch {
      // someone else removed it first
    }
    return true;
  }

  /**
   * Removes the temporary files of writes that never finished: those of the process
   * whose lock was just taken over (it died, or held the lock past `staleMs`), and any
   * of a process that is not alive on this host and older than `staleMs`. A write killed
   * mid-way (`kill -9`) leaves one, up to the size of the record.
   */
  private removeLeftovers(holderPid: number | undefined, staleMs: number): void {
    const dir = path.dirname(this.file);
    const prefix = `.${path.basename(this.file)}.`;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
      if (!m) continue;
      const pid = Number(m[1]);
      const file = path.join(dir, name);
      try {
        const old = Date.now() - fs.statSync(file).mtimeMs >= staleMs;
        if (pid === holderPid || (pid !== process.pid && old && !processAlive(pid))) fs.rmSync(file, { force: true });
      } catch {
        // gone meanwhile
      }
    }
  }
}

/**
 * One entry as read from a record (the file's `records` object, or a database row), as a
 * {@link LookupRecord}, checked like a cloud's answer (see `record-entry.ts`): an entry
 * that fails is returned with `invalid` set, and is never used. Every store reads its
 * entries through this one check.
 */
export function checkedRecordEntry(key: string, entry: unknown): LookupRecord | undefined {
  return checkRecordEntry(key, entry);
}

/** The cloud of a lookup kind: `qingcloud` for `qingcloud:GetProjectResourceStat`. */
export function cloudOf(kind: string): string {
  const i = kind.indexOf(':');
  return i < 0 ? kind : kind.slice(0, i);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread for `ms` (synth is synchronous; this only runs while another synth holds the lock). */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function lockBase(file: string): string {
  if (!isSymlink(file)) return file;
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
