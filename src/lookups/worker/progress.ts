import { LookupActivity, transportCounters, writeStderr, writeStdout } from '../../core/activity';

/** Environment variable: milliseconds a batch may run before the "still waiting" line is printed. */
export const PROGRESS_AFTER_ENV = 'HEADROOM_PROGRESS_AFTER_MS';
/** When nothing else is set: a batch longer than this prints one line saying what it waits for. */
export const DEFAULT_PROGRESS_AFTER_MS = 2000;

/**
 * What a synth shows of one lookup batch on stderr, from the lookup worker:
 * - when the batch runs longer than {@link DEFAULT_PROGRESS_AFTER_MS} (or
 *   `HEADROOM_PROGRESS_AFTER_MS`), one line: how many lookups are pending, of which
 *   kinds, and the attempt each has reached;
 * - under `cdktf synth` or `cdktn synth` (`CDKTF_OUTDIR` set), one summary line at the end
 *   of the batch, on stdout: lookups, requests, retries and time. Success is news, not a
 *   problem: both CLIs show an app's stdout as it is, and its stderr as red `[ERROR]` lines.
 * Lines go straight to the file descriptor: the main thread is blocked while the batch
 * runs and would hold a worker's `process.stdout`/`process.stderr` writes until the end.
 */
export class BatchProgress {
  /** One activity record per lookup of the batch, updated by the transport. */
  readonly lookups: LookupActivity[];
  private readonly started = Date.now();
  private readonly requestsAtStart = transportCounters.requests;
  private readonly retriesAtStart = transportCounters.retries;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(kinds: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    this.lookups = kinds.map((kind) => ({ kind, attempt: 0, maxAttempts: 0, done: false }));
    const after = Number(env[PROGRESS_AFTER_ENV] ?? DEFAULT_PROGRESS_AFTER_MS);
    if (Number.isFinite(after) && after >= 0) {
      this.timer = setTimeout(() => this.printPending(), after);
      this.timer.unref?.();
    }
  }

  /** The "still waiting" line, as printed. */
  pendingLine(): string | undefined {
    const pending = this.lookups.filter((l) => !l.done);
    if (pending.length === 0) return undefined;
    const byKind = new Map<string, { count: number; attempt: number; maxAttempts: number }>();
    for (const l of pending) {
      const k = byKind.get(l.kind) ?? { count: 0, attempt: 0, maxAttempts: 0 };
      k.count++;
      k.attempt = Math.max(k.attempt, l.attempt);
      k.maxAttempts = Math.max(k.maxAttempts, l.maxAttempts);
      byKind.set(l.kind, k);
    }
    const parts = [...byKind].map(([kind, k]) => `${k.count} ${kind}${k.attempt > 0 ? ` (attempt ${k.attempt} of ${k.maxAttempts})` : ' (waiting to send)'}`);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    return `cdktf-headroom: still waiting after ${seconds} s for ${pending.length} of ${this.lookups.length} lookups: ${parts.join(', ')}`;
  }

  /** Stops the timer and prints the summary (on stdout) under `cdktf synth` or `cdktn synth`. */
  finish(env: NodeJS.ProcessEnv = process.env): void {
    if (this.timer) clearTimeout(this.timer);
    if (!env.CDKTF_OUTDIR) return;
    const requests = transportCounters.requests - this.requestsAtStart;
    const retries = transportCounters.retries - this.retriesAtStart;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    writeStdout(
      `cdktf-headroom: ${count(this.lookups.length, 'lookup', 'lookups')}, ${count(requests, 'request', 'requests')}, ${count(retries, 'retry', 'retries')}, ${seconds} s`,
    );
  }

  private printPending(): void {
    const line = this.pendingLine();
    if (line) writeStderr(line);
  }
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
