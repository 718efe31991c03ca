import * as path from 'node:path';
import { failOnWarningsRequested } from './fail-on-warnings';
import { CheckExitCode, CheckVerdict, checkVerdict, GateReport, readGateReport } from './gate-report';
import { REPORT_DIR_NAME, REPORT_FILES } from './report-files';

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
