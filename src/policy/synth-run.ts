import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { IConstruct } from 'constructs';
import { GateViolationError, HeadroomError } from '../core/errors';
import { anyFramework, CDKTF_OUTDIR_ENV } from '../core/framework';
import { onFirstLookup } from '../lookups/batch/on-first-lookup';
import { buildGateReport, GateEvaluation, GateReport, GateRun, ReportNotice } from './gate-report';
import { REPORT_DIR_NAME, removeReportFiles, writeReportFiles } from './report-files';
import { SarifOptions } from './sarif-report';

/** What a run writes: the gates' evaluations and the notices of the app, as last checked. */
export interface RunContent {
  /** Each gate's evaluation, in creation order. */
  readonly evaluations: readonly GateEvaluation[];
  /** Report-level warnings (for example a suppression naming no rule). */
  readonly notices: readonly ReportNotice[];
  /** Options of the SARIF report. */
  readonly sarif?: SarifOptions;
}

/**
 * One synth of one app, as the reports see it: an id, when the library first took part,
 * and whether the synth finished.
 *
 * Why: a pipeline reads the reports after `cdktf synth`, whatever became of it, and must
 * never read a pass that an earlier run wrote or that a run which then failed wrote. So
 * a run is begun the moment the library takes part in a synth (when it is loaded under
 * `cdktf synth`, or at the first lookup or gate of an App), which replaces the previous
 * reports with an unfinished one; the reports are rewritten, still unfinished, whenever
 * the gates are checked; and only when `app.synth()` returns are they marked finished.
 * Under `cdktf synth`, the app process failing afterwards (an exception, a non-zero
 * exit) marks them unfinished again, with the reason.
 * @internal
 */
export class SynthRun {
  private static readonly byRoot = new WeakMap<IConstruct, SynthRun>();
  /** The run begun when the library was loaded under `cdktf synth`, until an App claims it. */
  private static pending?: SynthRun;
  /** Runs of this process that the exit hook looks after (only under `cdktf synth`). */
  private static readonly watched: SynthRun[] = [];
  private static uncaught?: string;

  /**
   * Begins the run of a `cdktf synth` when the library is set up in its app process
   * (`CDKTF_OUTDIR` is set; see {@link takePartInSynths}), before any construct exists, and
   * watches the process for failures after synth. Does nothing elsewhere.
   */
  static beginAtLoad(env: NodeJS.ProcessEnv = process.env): void {
    const outdir = env[CDKTF_OUTDIR_ENV];
    if (!outdir || SynthRun.pending) return;
    SynthRun.pending = new SynthRun(path.resolve(outdir, REPORT_DIR_NAME));
    SynthRun.pending.unclaimed = true;
    process.on('uncaughtExceptionMonitor', (err) => {
      SynthRun.uncaught ??= describeError(err);
    });
    process.on('exit', (code) => {
      for (const run of SynthRun.watched) run.atExit(code);
    });
  }

  /** The run of the app `scope` belongs to, begun on first use; undefined when the tree has no App. */
  static of(scope: IConstruct): SynthRun | undefined {
    const root = scope.node.root;
    let run = SynthRun.byRoot.get(root);
    if (!run && anyFramework().module.App.isApp(root)) {
      const app = root as SynthesizingApp;
      const dir = path.resolve(app.outdir, REPORT_DIR_NAME);
      const pending = SynthRun.pending;
      if (pending && pending.reportDir === dir) {
        SynthRun.pending = undefined;
        pending.unclaimed = false;
        run = pending;
      } else {
        run = new SynthRun(dir);
      }
      SynthRun.byRoot.set(root, run);
      wrapSynth(app, run);
    }
    return run;
  }

  /** Id of the run: unique per synth, written into every report. */
  public readonly id: string;
  /** When the library first took part (ISO 8601). */
  public readonly startedAt: string;
  private state: 'running' | 'finished' | 'failed' = 'running';
  /** True for the run begun at load until an App claims it. */
  private unclaimed = false;
  /**
   * Set by the app's gate registry: checks every gate when `app.synth()` ends (however it
   * ends), and may give a shorter error to throw in place of the synth's own.
   */
  onSynthEnd?: (error: unknown) => { readonly content: RunContent; readonly error?: unknown };
  private error?: string;
  private content?: RunContent;

  private constructor(
    /** Absolute path of the report folder. */
    public readonly reportDir: string,
  ) {
    this.startedAt = new Date().toISOString();
    this.id = `${this.startedAt.replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(4).toString('hex')}`;
    if (process.env[CDKTF_OUTDIR_ENV]) SynthRun.watched.push(this);
    try {
      removeReportFiles(reportDir);
      this.write();
    } catch {
      // Left for the write when the gates are checked to fail on, with the folder named.
    }
  }

  /** The run as the reports record it. */
  get record(): GateRun {
    return {
      id: this.id,
      startedAt: this.startedAt,
      finished: this.state === 'finished',
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Whether `app.synth()` has returned (or thrown) in this run. */
  get ended(): boolean {
    return this.state !== 'running';
  }

  /** Writes the reports of the gates as just checked; the run is still going. Throws when they cannot be written. */
  update(content: RunContent): GateReport {
    this.content = content;
    return this.write();
  }

  /** Keeps the content the next write uses, without writing. */
  setContent(content: RunContent): void {
    this.content = content;
  }

  /**
   * Ends the run: finished when `error` is undefined, else failed with its reason. An app
   * that never declared a gate leaves no report (as before it declared one), unless it failed.
   * Throws when the reports cannot be written.
   */
  end(error?: unknown): GateReport | undefined {
    this.state = error === undefined ? 'finished' : 'failed';
    this.error = error === undefined ? undefined : describeError(error);
    if (this.state === 'finished' && (this.content?.evaluations.length ?? 0) === 0) {
      removeReportFiles(this.reportDir, { folder: true });
      return undefined;
    }
    return this.write();
  }

  private atExit(code: number): void {
    if (this.state === 'failed' || (this.state === 'finished' && code === 0)) return;
    if (this.unclaimed && code === 0) {
      // Loaded under `cdktf synth`, but no App ever used a lookup or a gate: nothing to report.
      try {
        removeReportFiles(this.reportDir, { folder: true });
      } catch {
        // The process is ending.
      }
      return;
    }
    const why = SynthRun.uncaught ?? (code !== 0 ? `the app process exited with code ${code}` : 'the app process exited before app.synth() finished');
    this.error = this.state === 'finished' ? `the app failed after app.synth() returned: ${why}` : why;
    this.state = 'failed';
    try {
      this.write();
    } catch {
      // Nothing left to tell: the process is ending.
    }
  }

  private write(): GateReport {
    const report = buildGateReport(this.content?.evaluations ?? [], new Date().toISOString(), this.record, this.content?.notices ?? []);
    writeReportFiles(this.reportDir, report, this.content?.sarif ?? {});
    return report;
  }
}

/**
 * Makes this App instance end the run when `synth()` ends, however it ends: the gates are
 * checked and the reports written, finished or not. When synth failed, its error is kept
 * (or the gate registry's shorter one; a report-writing error is not allowed to hide
 * it); when synth succeeded but the reports could not be written, synth fails, since a
 * pipeline's check step needs them.
 */
/** What the run uses of a cdktf or cdktn `App`. */
interface SynthesizingApp extends IConstruct {
  readonly outdir: string;
  synth(): void;
}

function wrapSynth(app: SynthesizingApp, run: SynthRun): void {
  const original = app.synth;
  app.synth = function synthAndEndRun(this: SynthesizingApp): void {
    let error: unknown;
    let failed = false;
    try {
      original.call(this);
    } catch (err) {
      error = err;
      failed = true;
    }
    const ended = run.onSynthEnd?.(error);
    if (ended) run.setContent(ended.content);
    let writeError: unknown;
    try {
      run.end(failed ? (ended?.error ?? error ?? new Error('synth failed')) : undefined);
    } catch (err) {
      writeError = err;
    }
    if (failed) {
      const thrown = ended?.error ?? error;
      if (ended?.error !== undefined && process.env[CDKTF_OUTDIR_ENV]) reportUncaughtWithoutSource(ended.error);
      throw thrown; // app.synth() failed: the error is below (gate violations: one block each, above)
    }
    if (writeError) {
      throw new HeadroomError(
        'HEADROOM_INPUT',
        `cdktf-headroom: synth finished but the gate reports could not be written to ${run.reportDir}: ${(writeError as Error).message}. The pipeline's check step needs them; make the synth output folder writable.`,
      );
    }
  };
}

/**
 * Under `cdktf synth` / `cdktn synth`, when the gates' one-line error is about to leave
 * `app.synth()`: if nothing catches it, it is printed as that one line (name, code,
 * message) and the process exits 1, instead of Node's report, which shows the library's
 * `throw` line with a caret and the error's fields before the message (and the CLIs show
 * the app's stderr twice). Any other uncaught error is left to Node, as if this listener
 * were not there.
 */
function reportUncaughtWithoutSource(gateError: unknown): void {
  if (!(gateError instanceof GateViolationError)) return;
  const onUncaught = (err: unknown): void => {
    process.removeListener('uncaughtException', onUncaught);
    if (err !== gateError) {
      process.nextTick(() => {
        throw err; // not the gates' error: Node reports it
      });
      return;
    }
    process.stderr.write(`${gateError.name} (${gateError.code}): ${gateError.message}\n`);
    process.exitCode = 1;
  };
  process.on('uncaughtException', onUncaught);
}

/** One line for a report: the error's name and message, without stack traces (first 300 characters). */
function describeError(err: unknown): string {
  const e = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split(/\nObject creation stack:|\n\s+at /)[0];
  const line = e.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

let takingPart = false;

/**
 * Has this process's synths keep their runs: an App's run begins at its first lookup (told
 * by lookups' first-lookup hook) or its first gate (gate-registry.ts), and under `cdktf
 * synth` (`CDKTF_OUTDIR` set) the run begins now, before any construct, and the process is
 * watched for failures after synth. Calling it again does nothing more.
 *
 * Why a call and not a module's side effect: loading policy/ adds no process handler; the
 * library's setup step (`registry/prepare.ts`) takes this one, when the package entry is
 * loaded.
 * @internal
 */
export function takePartInSynths(env: NodeJS.ProcessEnv = process.env): void {
  if (takingPart) return;
  takingPart = true;
  SynthRun.beginAtLoad(env);
  onFirstLookup((root) => SynthRun.of(root));
}
