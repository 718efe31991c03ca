import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeadroomError, InputError } from '../../core/errors';
import { openLookupRecordStore } from '../../lookups/record/open-store';
import { parseDurationMs, projectSettingSources } from '../../lookups/settings';
import { checkGateReport } from '../../policy/check-report';
import { renderHtml } from '../../policy/html-report';
import { renderMarkdown } from '../../policy/markdown-report';
import { packageVersion } from '../../policy/gate-report';
import { renderPlanHtml, renderPlanJunit, renderPlanMarkdown, renderPlanSarif } from '../../policy/plan-report';
import { PlanReservation, reservePlan } from '../../policy/plan-reserve';
import { checkPlan, PlanCheckOutcome } from '../../policy/plan-verdict';
import { REPORT_FILES } from '../../policy/report-files';
import { CliCommand, parseCommandArgs, REPORT_LOCATION_OPTIONS } from '../command';

/** What `check --format` prints on stdout. */
const FORMATS = ['markdown', 'summary', 'json', 'html'] as const;
/** What `check --plan --format` prints on stdout: the report's formats, and JUnit and SARIF of the plan's verdict. */
const PLAN_FORMATS = [...FORMATS, 'junit', 'sarif'] as const;
type CheckFormat = (typeof PLAN_FORMATS)[number];

type CheckFlags = {
  outdir?: string;
  report?: string;
  plan?: string;
  format?: string;
  'fail-on-warnings'?: boolean;
  reserve?: boolean;
  run?: string;
  ttl?: string;
};

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
 *
 * `--plan PLAN.json --reserve [--run ID] [--ttl 1h]`: also reserves what the plan adds in the
 * lookup record, judged against the other runs' live reservations (docs/reservations.md);
 * exit 2 when they hold the headroom, or when the record cannot be used (fail closed).
 */
export const checkCommand: CliCommand = {
  name: 'check',
  usage:
    'check [--outdir DIR | --report FILE] [--plan PLAN.json [--reserve [--run ID] [--ttl 1h]]] [--fail-on-warnings] [--format markdown|summary|json|html|junit|sarif]',
  summary:
    'Read the gate report of the last synth (DIR/headroom/report.json, DIR defaults to CDKTF_OUTDIR or cdktf.out), print it (--format, default markdown) and where report.html is, and exit 0 on pass, 1 on warnings when failing on warnings, 2 on violations, an unfinished synth or a missing report. With --plan, also judge what a saved plan (terraform show -json) adds per headroom: 2 when it does not fit or is not of this synth.',
  options: [
    ...REPORT_LOCATION_OPTIONS,
    {
      name: 'plan',
      type: 'string',
      value: 'FILE',
      description:
        'also judge a saved plan (terraform show -json plan.tfplan > plan.json) of a stack of this synth: what it adds and frees per headroom; exit 2 when it does not fit',
    },
    {
      name: 'reserve',
      type: 'boolean',
      description:
        "with --plan: judge the plan against the headroom less other runs' live reservations in the lookup record (HEADROOM_LOOKUP_RECORD_URL, else the record file) and, when it fits, reserve what it adds for this run (docs/reservations.md); exit 2 when it does not fit or the record fails",
    },
    { name: 'run', type: 'string', value: 'ID', description: 'with --reserve: the run the reservation is of; default the synth run of the report' },
    { name: 'ttl', type: 'string', value: 'DURATION', description: 'with --reserve: how long the reservation lives (90s, 15m, 1h, 1d); default 1h' },
    {
      name: 'format',
      type: 'string',
      value: 'FORMAT',
      description: 'what to print: markdown (default), summary, json or html; with --plan also junit or sarif',
    },
    { name: 'fail-on-warnings', type: 'boolean', description: 'exit 1 on warnings (also HEADROOM_FAIL_ON_WARNINGS=1)' },
  ],
  examples: [
    'npx cdktf synth; npx cdktf-headroom check --fail-on-warnings',
    'cdktf-headroom check --report=cdktf.out/headroom/report.json --format=json',
    'cdktf-headroom check --plan cdktf.out/stacks/app/plan.json',
    'HEADROOM_LOOKUP_RECORD_URL=postgres://ci@db/headroom cdktf-headroom check --plan cdktf.out/stacks/app/plan.json --reserve',
  ],
  async run(args, io) {
    ignoreClosedStdout();
    const f = parseCheckArgs(args);
    if (f.outdir !== undefined && f.report !== undefined) throw new InputError('give --outdir or --report, not both');
    const format = checkFormat(f.format, f.plan !== undefined);
    if (f.plan === undefined && f.reserve) throw new InputError('--reserve reserves what a plan adds: give the plan with --plan PLAN.json');
    if (!f.reserve && (f.run !== undefined || f.ttl !== undefined))
      throw new InputError('--run and --ttl go with --reserve (check --plan PLAN.json --reserve)');
    if (f.plan !== undefined) return await runPlanCheck(f.plan, f, format, io);
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

/** `check --plan`: the plan's verdict in the format asked for, then the result line. */
async function runPlanCheck(planFile: string, f: CheckFlags, format: CheckFormat, io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const ttlMs = f.ttl === undefined ? undefined : parseDurationMs(f.ttl, '--ttl', 'the reservation time');
  if (ttlMs !== undefined && ttlMs < 1000)
    throw new InputError(`--ttl ${JSON.stringify(f.ttl)}: a reservation lives at least 1s; give e.g. 15m or 1h (default 1h).`);
  if (f.run !== undefined && (f.run.trim() === '' || f.run.length > 200 || /\p{Cc}/u.test(f.run)))
    throw new InputError(`--run ${JSON.stringify(f.run)} is not a run id: give 1 to 200 characters without control characters, e.g. the CI job id.`);
  let outcome: PlanCheckOutcome = checkPlan({ plan: planFile, report: f.report, outdir: f.outdir, failOnWarnings: f['fail-on-warnings'] });
  let reservation: PlanReservation | undefined;
  if (f.reserve && outcome.plan && outcome.code === 0) {
    try {
      reservation = await reservePlan(outcome.plan, outcome.report!, openLookupRecordStore(projectSettingSources(process.cwd())), { run: f.run, ttlMs });
      if (!reservation.reserved) {
        const held = reservation.headrooms.filter((h) => !h.fits).map((h) => h.name);
        outcome = { ...outcome, code: 2, reason: `the plan fits, but other runs' reservations hold ${held.join(', ')}: nothing reserved` };
      } else outcome = { ...outcome, reason: `${outcome.reason}; reserved for run ${reservation.run}` };
    } catch (err) {
      // Fail closed: a record that cannot be used reserves nothing, and the check does not pass.
      if (!(err instanceof HeadroomError)) throw err;
      outcome = { ...outcome, code: 2, reason: 'nothing reserved', error: (err as Error).message };
    }
  }
  if (outcome.plan && outcome.error) io.err(`cdktf-headroom check: ${outcome.error}\n`);
  const document = format !== 'markdown' && format !== 'summary';
  const note = document ? io.err : io.out;
  if (!outcome.plan) {
    io.err(`cdktf-headroom check: ${outcome.error}\n`);
    note(`result: exit ${outcome.code} (${outcome.reason})\n`);
    return outcome.code;
  }
  const plan = outcome.plan;
  if (format === 'markdown') io.out(`${renderMarkdown(outcome.report!)}\n${renderPlanMarkdown(plan)}\n`);
  else if (format === 'json')
    io.out(
      `${JSON.stringify({ exitCode: outcome.code, reason: outcome.reason, report: outcome.file, ...plan, ...(reservation ? { reservation } : {}) }, null, 2)}\n`,
    );
  else if (format === 'html') io.out(renderPlanHtml(plan));
  else if (format === 'junit') io.out(renderPlanJunit(plan));
  else if (format === 'sarif') io.out(`${JSON.stringify(renderPlanSarif(plan, packageVersion()), null, 2)}\n`);
  for (const h of plan.headrooms) note(`${h.status === 'pass' ? 'pass' : 'FAIL'} ${h.name}: ${h.message}\n`);
  if (f.reserve && !reservation && !outcome.error) note('reserve: nothing reserved (the check does not pass)\n');
  if (reservation && reservation.headrooms.length === 0)
    note(`reserve: the plan adds to no headroom; run ${reservation.run} holds nothing for stack ${reservation.stack} in ${reservation.store}\n`);
  for (const h of reservation?.headrooms ?? []) note(`${reservation!.reserved ? 'reserved' : h.fits ? 'not reserved' : 'REFUSED'} ${h.message}\n`);
  note(`result: exit ${outcome.code} (${outcome.reason}) from ${planFile} and ${outcome.file}, synth run ${plan.runId}\n`);
  return outcome.code;
}

/** The flags of `check`; an unknown flag or a stray argument is an `InputError` naming the allowed ones. */
function parseCheckArgs(args: string[]): CheckFlags {
  return parseCommandArgs(checkCommand.options, args).values as CheckFlags;
}

function checkFormat(value: string | undefined, plan: boolean): CheckFormat {
  if (value === undefined) return 'markdown';
  const allowed: readonly string[] = plan ? PLAN_FORMATS : FORMATS;
  if (allowed.includes(value)) return value as CheckFormat;
  throw new InputError(
    `--format ${JSON.stringify(value)} is not a format check${plan ? ' --plan' : ''} prints; use one of ${allowed.join(', ')} (default markdown)${plan ? '' : "; junit and sarif with --plan (the synth writes the report's own junit.xml and report.sarif)"}.`,
  );
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
