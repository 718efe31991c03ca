import { ContextSlot } from './async-context';
import * as fs from 'node:fs';

/** What the transport knows of one lookup while it runs: for the "still waiting" line. */
export interface LookupActivity {
  /** What is looked up, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** The highest attempt number reached by any of its requests so far (0 before the first). */
  attempt: number;
  /** Attempts allowed per request. */
  maxAttempts: number;
  /** Whether it has finished (answered or failed). */
  done: boolean;
}

/** Counters of everything the transport sent in this thread. */
export interface TransportCounters {
  /** HTTP requests sent (attempts, retries included). */
  requests: number;
  /** Attempts after the first (retries). */
  retries: number;
}

const lookupActivity = new ContextSlot<LookupActivity>('lookup activity');

/** Counters since the thread started; read a difference around a batch. */
export const transportCounters: TransportCounters = { requests: 0, retries: 0 };

/** Runs `fn` as the lookup `activity`: the transport updates its attempt numbers. */
export function runAsLookup<T>(activity: LookupActivity, fn: () => Promise<T>): Promise<T> {
  return lookupActivity.run(activity, fn);
}

/** Notes that an attempt of a request of the running lookup starts. */
export function noteAttempt(attempt: number, maxAttempts: number): void {
  transportCounters.requests++;
  if (attempt > 1) transportCounters.retries++;
  const a = lookupActivity.get();
  if (a) {
    a.attempt = Math.max(a.attempt, attempt);
    a.maxAttempts = maxAttempts;
  }
}

/** Environment variable that turns on one stderr line per request. */
export const DEBUG_ENV = 'HEADROOM_DEBUG';

/** One request, as `HEADROOM_DEBUG=1` logs it: never a query string, a header or a body. */
export interface RequestLogLine {
  readonly method: string;
  readonly host: string;
  readonly operation: string;
  /** HTTP status, or what happened instead (`timeout`, `ECONNRESET`). */
  readonly status: number | string;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly ms: number;
}

/** Writes a request's log line to stderr when `HEADROOM_DEBUG=1`. */
export function logRequest(line: RequestLogLine): void {
  if (process.env[DEBUG_ENV] !== '1') return;
  writeStderr(
    `cdktf-headroom: ${line.method} ${line.host} ${line.operation} -> ${line.status} ` +
      `(attempt ${line.attempt} of ${line.maxAttempts}, ${Math.round(line.ms)} ms)`,
  );
}

/**
 * Writes one line to stderr at once, even from the lookup worker while the main thread
 * is blocked (a worker's `process.stderr` is relayed by the main thread, which would
 * hold the line until the batch ends).
 */
export function writeStderr(line: string): void {
  writeLine(2, line);
}

/**
 * Writes one line to stdout at once, as {@link writeStderr} does to stderr: for news that is
 * not a problem. `cdktf synth` and `cdktn synth` show an app's stdout as it is, and every
 * chunk of its stderr as a red `[ERROR]` log entry.
 */
export function writeStdout(line: string): void {
  writeLine(1, line);
}

function writeLine(fd: 1 | 2, line: string): void {
  try {
    fs.writeSync(fd, `${line}\n`);
  } catch {
    // closed: nothing to tell
  }
}
