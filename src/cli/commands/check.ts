import * as path from 'node:path';
import { InputError } from '../../core/errors';
import { failOnWarningsRequested } from '../../policy/fail-on-warnings';
import { CheckExitCode, exitCodeFor, readGateReport } from '../../policy/gate-report';
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
 * - 2: violations, or no readable report (fail closed)
 */
export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check [--outdir DIR | --report FILE] [--fail-on-warnings]',
  summary:
    'Read the gate report of the last synth (DIR/headroom/report.json, DIR defaults to CDKTF_OUTDIR or cdktf.out), print its Markdown summary, and exit 0 on pass, 1 on warnings when failing on warnings, 2 on violations or a missing report.',
  async run(args, io) {
    const f = parseFlags(args, ['outdir', 'report'], ['fail-on-warnings']);
    if (f.outdir !== undefined && f.report !== undefined) throw new InputError('give --outdir or --report, not both');
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
    const code = exitCodeFor(report, { failOnWarnings });
    io.out(renderMarkdown(report));
    const s = report.summary;
    const why = code === CheckExitCode.VIOLATIONS ? `${s.errors} violation(s)` : code === CheckExitCode.WARNINGS ? `${s.warnings} warning(s), failing on warnings` : 'pass';
    io.out(`\nresult: exit ${code} (${why}; ${s.passed} passed, ${s.warnings} warning(s), ${s.suppressed} suppressed) from ${file}\n`);
    return code;
  },
};
