// The lock of a lookup record file (`<file>.lock`): one synth writes at a time; a lock left
// by a crashed process is taken over, and the temporary files of its unfinished write removed.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LookupRecordError } from '../../core/errors';

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

/**
 * The lock file of one record file. A symlinked record (a shared one) is locked where its
 * bytes are, so every link to it takes the same lock.
 */
export class RecordFileLock {
  private readonly lockPath: string;

  constructor(
    /** The record file, as given (it may be a symlink). */
    private readonly file: string,
    private readonly options: LookupRecordLockOptions = {},
  ) {
    this.lockPath = `${lockBase(file)}.lock`;
  }

  /** Runs `fn` holding the lock: waits for another holder, takes over a stale lock, always releases. */
  hold<T>(fn: () => T): T {
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const staleMs = this.options.staleMs ?? 60_000;
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

/** Whether `file` is a symbolic link (false when it is not there). */
export function isSymlink(file: string): boolean {
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
