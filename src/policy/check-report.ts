import * as path from 'node:path';
import { failOnWarningsRequested } from './fail-on-warnings';
import { GateReport, readGateReport } from './gate-report';
import { REPORT_DIR_NAME, REPORT_FILES } from './report-files';

/** Exit codes of `cdktf-headroom check` (and {@link exitCodeFor}). */
export const CheckExitCode = {
  /** Every rule passed, or failed only as a warning (not failing on warnings), or is suppressed. */
  PASS: 0,
  /** Warnings, and failing on warnings was asked for (flag, environment, or a gate's own setting). */
  WARNINGS: 1,
  /** At least one error-level violation (a failed rule, a failed lookup, a rule that threw), a synth that did not finish, or no readable report. */
  VIOLATIONS: 2,
} as const;

/** Options of {@link exitCodeFor}. */
export interface ExitCodeOptions {
  /**
   * Treat warnings as failures (exit 1).
   * @default false: warnings fail only when a gate itself was failing on warnings at synth
   */
  readonly failOnWarnings?: boolean;
}

/**
 * The exit-code contract of `cdktf-headroom check`: 2 when any error-level violation is
 * left (not suppressed) or the synth did not finish; else 1 when warnings are left and
 * failing on warnings was asked (by `options`, or by a gate at synth); else 0.
 */
export function exitCodeFor(report: GateReport, options: ExitCodeOptions = {}): number {
  return checkVerdict(report, options).code;
}

/** The verdict of `cdktf-headroom check` on a report: the exit code and why, in words. */
export interface CheckVerdict {
  /** 0, 1 or 2: see {@link CheckExitCode}. */
  readonly code: number;
  /** Why, e.g. `1 violation(s)` or `the last synth did not finish: CloudCredentialsError: ...`. */
  readonly reason: string;
}

/** The exit code of `cdktf-headroom check` for a report, and why (see {@link exitCodeFor}). */
export function checkVerdict(report: GateReport, options: ExitCodeOptions = {}): CheckVerdict {
  const { errors, warnings } = report.summary;
  const unfinished = report.run.finished
    ? undefined
    : `the last synth did not finish: ${report.run.error?.replace(/\.$/, '') ?? 'no reason was recorded (it stopped before app.synth() ended, or was killed)'}`;
  if (errors > 0) return { code: CheckExitCode.VIOLATIONS, reason: [`${errors} violation(s)`, unfinished].filter(Boolean).join('; ') };
  if (unfinished) return { code: CheckExitCode.VIOLATIONS, reason: unfinished };
  const blockingWarnings = report.findings.some((f) => f.status === 'fail' && f.level === 'warning' && f.blocking);
  if (warnings > 0 && (options.failOnWarnings || blockingWarnings))
    return { code: CheckExitCode.WARNINGS, reason: `${warnings} warning(s), failing on warnings` };
  return { code: CheckExitCode.PASS, reason: 'pass' };
}

/** What {@link checkGateReport} is asked to judge, as `cdktf-headroom check` gets it from its flags. */
export interface CheckReportOptions {
  /**
   * The report file itself (`--report`).
   * @default OUTDIR/headroom/report.json
   */
  readonly report?: string;
  /**
   * The synth output folder (`--outdir`), when `report` is not given.
   * @default the environment's `CDKTF_OUTDIR`, else `cdktf.out`
   */
  readonly outdir?: string;
  /**
   * Exit 1 on warnings (`--fail-on-warnings`). The environment variable
   * `HEADROOM_FAIL_ON_WARNINGS` in `env`, or a gate that was failing on warnings at synth,
   * turns it on too.
   * @default false
   */
  readonly failOnWarnings?: boolean;
  /**
   * The environment to read `CDKTF_OUTDIR` and `HEADROOM_FAIL_ON_WARNINGS` from.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** The verdict of `cdktf-headroom check`: the exit code, why, which file decided it, and the report when it could be read. */
export interface ReportCheck extends CheckVerdict {
  /** The report file that was read (or looked for). */
  readonly file: string;
  /** The report, when it could be read. */
  readonly report?: GateReport;
  /** Why no report could be read, when none could: the verdict is then 2 (fail closed). */
  readonly error?: string;
}

/**
 * The decision of `cdktf-headroom check`, without its printing: finds the report file,
 * reads it, and gives the exit code of the pipeline contract (see {@link CheckExitCode}):
 * 2 when no report can be read (fail closed), else {@link checkVerdict} with failing on
 * warnings asked by the option or the environment.
 */
export function checkGateReport(options: CheckReportOptions = {}): ReportCheck {
  const env = options.env ?? process.env;
  const file = options.report ?? path.join(options.outdir ?? env.CDKTF_OUTDIR ?? 'cdktf.out', REPORT_DIR_NAME, REPORT_FILES.json);
  let report: GateReport;
  try {
    report = readGateReport(file);
  } catch (err) {
    return { code: CheckExitCode.VIOLATIONS, reason: 'no readable gate report', file, error: (err as Error).message };
  }
  const failOnWarnings = options.failOnWarnings === true || failOnWarningsRequested(undefined, env);
  return { ...checkVerdict(report, { failOnWarnings }), file, report };
}
