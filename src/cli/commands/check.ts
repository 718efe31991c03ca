import * as path from 'node:path';
import { failOnWarningsRequested } from '../../policy/fail-on-warnings';
import { CheckExitCode, checkVerdict, readGateReport } from '../../policy/gate-report';
import { renderMarkdown } from '../../policy/markdown-report';
import { REPORT_DIR_NAME, REPORT_FILES } from '../../policy/report-files';
import { CliCommand, parseFlags } from '../command';

/**
 * `cdktf-headroom check`: reads the gate report that `cdktf synth` wrote, prints its
 * Markdown summary, and exits with the pipeline contract:
 *
 * - 0: pass (warnings allowed, unless failing on warnings)
 * - 1: warnings, when failing on warnings (`--fail-on-warnings`, `HEADROOM_FAIL_ON_WARNINGS`,
 *   or a gate that was failing on warnings at synth)
 * - 2: violations, a synth that did not finish, or no readable report (fail closed)
 *
 * A closed pipe (`check | head -1`) ends the output, not the verdict: the exit code stays.
 */
export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check [--outdir DIR | --report FILE] [--fail-on-warnings]',
  summary:
    'Read the gate report of the last synth (DIR/headroom/report.json, DIR defaults to CDKTF_OUTDIR or cdktf.out), print its Markdown summary, and exit 0 on pass, 1 on warnings when failing on warnings, 2 on violations, an unfinished synth or a missing report.',
  async run(args, io) {
    ignoreClosedStdout();
    const f = parseFlags(args, ['outdir', 'report'], ['fail-on-warnings']);
    if (f.outdir !== undefined && f.report !== undefined) throw new Error('give --outdir or --report, not both');
    const file = f.report ?? path.join(f.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out', REPORT_DIR_NAME, REPORT_FILES.json);
    let report;
    try {
      report = readGateReport(file);
    } catch (err) {
      io.err(`cdktf-headroom check: ${(err as Error).message}\n`);
      io.out(`result: exit ${CheckExitCode.VIOLATIONS} (no readable gate report)\n`);
      return CheckExitCode.VIOLATIONS;
    }
    const failOnWarnings = f['fail-on-warnings'] === 'true' || failOnWarningsRequested();
    const { code, reason } = checkVerdict(report, { failOnWarnings });
    io.out(renderMarkdown(report));
    const s = report.summary;
    io.out(`\nresult: exit ${code} (${reason}; ${s.passed} passed, ${s.warnings} warning(s), ${s.suppressed} suppressed) from ${file}, synth run ${report.run.id}\n`);
    return code;
  },
};

/**
 * Lets a reader that stops early (`check | head -1`) close the pipe: the rest of the
 * output is dropped, and the exit code is still the verdict, not an `EPIPE` crash.
 */
function ignoreClosedStdout(): void {
  if (process.stdout.listeners('error').some((l) => l === onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
}
