import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../core/errors';
import { checkGateReport } from '../../policy/check-report';
import { renderHtml } from '../../policy/html-report';
import { renderMarkdown } from '../../policy/markdown-report';
import { REPORT_FILES } from '../../policy/report-files';
import { CliCommand } from '../command';

/** What `check --format` prints on stdout. */
const FORMATS = ['markdown', 'summary', 'json', 'html'] as const;
type CheckFormat = (typeof FORMATS)[number];

const OPTIONS = {
  outdir: { type: 'string' },
  report: { type: 'string' },
  format: { type: 'string' },
  'fail-on-warnings': { type: 'boolean' },
} as const;

/**
 * `cdktf-headroom check`: reads the gate report that `cdktf synth` wrote, prints it (the
 * Markdown summary unless `--format` says otherwise) and where the HTML report is, and
 * exits with the pipeline contract:
 *
 * - 0: pass (warnings allowed, unless failing on warnings)
 * - 1: warnings, when failing on warnings (`--fail-on-warnings`, `HEADROOM_FAIL_ON_WARNINGS`,
 *   or a gate that was failing on warnings at synth)
 * - 2: violations, a synth that did not finish, or no readable report (fail closed)
 *
 * A closed pipe (`check | head -1`) ends the output, not the verdict: the exit code stays.
 *
 * `--format`: `markdown` (default), `summary` (only the HTML report's path and the result
 * line), `json` or `html` (the report as that document alone on stdout, for piping; the
 * path and the result line go to stderr).
 */
export const checkCommand: CliCommand = {
  name: 'check',
  usage: 'check [--outdir DIR | --report FILE] [--fail-on-warnings] [--format markdown|summary|json|html]',
  summary:
    'Read the gate report of the last synth (DIR/headroom/report.json, DIR defaults to CDKTF_OUTDIR or cdktf.out), print it (--format, default markdown) and where report.html is, and exit 0 on pass, 1 on warnings when failing on warnings, 2 on violations, an unfinished synth or a missing report.',
  options: [
    { name: 'outdir', type: 'string', description: 'the synth output folder; default CDKTF_OUTDIR, else cdktf.out' },
    { name: 'report', type: 'string', description: 'the report file itself, instead of --outdir' },
    { name: 'format', type: 'string', description: 'what to print: markdown (default), summary, json or html' },
    { name: 'fail-on-warnings', type: 'boolean', description: 'exit 1 on warnings (also HEADROOM_FAIL_ON_WARNINGS=1)' },
  ],
  examples: ['npx cdktf synth; npx cdktf-headroom check --fail-on-warnings', 'cdktf-headroom check --report=cdktf.out/headroom/report.json --format=json'],
  async run(args, io) {
    ignoreClosedStdout();
    const f = parseCheckArgs(args);
    if (f.outdir !== undefined && f.report !== undefined) throw new InputError('give --outdir or --report, not both');
    const format = checkFormat(f.format);
    const { code, reason, file, report, error } = checkGateReport({ report: f.report, outdir: f.outdir, failOnWarnings: f['fail-on-warnings'] });
    // A document on stdout (json, html) stays alone there: the lines about it go to stderr.
    const note = format === 'json' || format === 'html' ? io.err : io.out;
    if (!report) {
      io.err(`cdktf-headroom check: ${error}\n`);
      note(`result: exit ${code} (${reason})\n`);
      return code;
    }
    if (format === 'markdown') io.out(`${renderMarkdown(report)}\n`);
    else if (format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'html') io.out(renderHtml(report));
    const html = path.resolve(path.dirname(file), REPORT_FILES.html);
    note(fs.existsSync(html) ? `html report: ${html}\n` : `html report: none (no ${REPORT_FILES.html} beside ${file}; \`cdktf synth\` writes it)\n`);
    const s = report.summary;
    note(
      `result: exit ${code} (${reason}; ${s.passed} passed, ${s.warnings} warning(s), ${s.suppressed} suppressed) from ${file}, synth run ${report.run.id}\n`,
    );
    return code;
  },
};

/** The flags of `check`, read with `node:util` `parseArgs`; an unknown flag or a stray argument is an `InputError` naming the allowed ones. */
function parseCheckArgs(args: string[]): { outdir?: string; report?: string; format?: string; 'fail-on-warnings'?: boolean } {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const allowed = '--outdir DIR, --report FILE, --format FORMAT, --fail-on-warnings';
    throw new InputError(`${(err as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '')}; allowed: ${allowed}`);
  }
}

function checkFormat(value: string | undefined): CheckFormat {
  if (value === undefined) return 'markdown';
  if ((FORMATS as readonly string[]).includes(value)) return value as CheckFormat;
  throw new InputError(`--format ${JSON.stringify(value)} is not a format check prints; use one of ${FORMATS.join(', ')} (default markdown).`);
}

/**
 * Lets a reader that stops early (`check | head -1`) close the pipe: the rest of the
 * output is dropped, and the exit code is still the verdict, not an `EPIPE` crash.
 */
function ignoreClosedStdout(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}

function onStdoutError(err: NodeJS.ErrnoException): void {
  if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
}
