import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../core/errors';
import { Finding } from './finding';
import { parseJsonInput, readInputFile } from './json-input';
import { HeadroomRecord } from './headroom-record';

/** Version of the JSON report's layout; bumped on any incompatible change. */
export const GATE_REPORT_SCHEMA_VERSION = 2;

/**
 * Overall verdict: `fail` (violations), `unfinished` (no violation, but the synth did not
 * finish, so nothing can pass), `warn` (warnings only) or `pass`. A gate's own status is
 * never `unfinished`.
 */
export type GateReportStatus = 'pass' | 'warn' | 'fail' | 'unfinished';

/** The synth run a report belongs to. */
export interface GateRun {
  /** Unique id of the run: each synth of an app has its own. */
  readonly id: string;
  /** When the library first took part in the synth (ISO 8601). */
  readonly startedAt: string;
  /**
   * Whether the synth finished: `app.synth()` returned and (under `cdktf synth`) the app
   * process did not fail afterwards. A report of an unfinished synth never passes.
   */
  readonly finished: boolean;
  /** Why it did not finish, when known (the error's name and message). */
  readonly error?: string;
}

/** A warning about the app's gate setup, not about a rule's verdict (for example a suppression that names no rule). */
export interface ReportNotice {
  /** Always `warning`: notices never change the exit code. */
  readonly level: 'warning';
  /** Stable code: `unknown-suppression`. */
  readonly code: string;
  /** Construct path it concerns. */
  readonly scope: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** Counts over every finding of the app. */
export interface GateReportSummary {
  /** Rules checked (one finding each). */
  readonly rules: number;
  /** Rules that passed. */
  readonly passed: number;
  /** Error-level violations (not suppressed). */
  readonly errors: number;
  /** Warning-level failures (not suppressed). */
  readonly warnings: number;
  /** Failures covered by a suppression. */
  readonly suppressed: number;
  /** Failures that fail the pipeline: errors, plus warnings of gates failing on warnings. */
  readonly blocking: number;
  /** Overall verdict. */
  readonly status: GateReportStatus;
}

/** One gate, as the report lists it. */
export interface GateSummary {
  /** Construct path of the gate. */
  readonly path: string;
  /** Construct path of its stack. */
  readonly stack: string;
  /** Whether the gate also fails `terraform plan` (a `null_resource` with preconditions). */
  readonly enforceAtPlan: boolean;
  /** Whether the gate fails `cdktf synth`. */
  readonly enforceAtSynth: boolean;
  /** Whether its warnings fail the pipeline. */
  readonly failOnWarnings: boolean;
  /** Its own verdict. */
  readonly status: GateReportStatus;
}

/**
 * The JSON report (`cdktf.out/headroom/report.json`): every gate and every rule of the
 * app, pass or fail, with the values each rule saw. The other reports are rendered from it.
 */
export interface GateReport {
  /** Always `cdktf-headroom`. */
  readonly tool: 'cdktf-headroom';
  /** Version of cdktf-headroom that wrote it. */
  readonly version: string;
  /** Layout version: {@link GATE_REPORT_SCHEMA_VERSION}. */
  readonly schemaVersion: number;
  /** When it was written (ISO 8601). */
  readonly generatedAt: string;
  /** The synth run it belongs to, and whether that synth finished. */
  readonly run: GateRun;
  /** Counts and the overall verdict. */
  readonly summary: GateReportSummary;
  /** Every gate. */
  readonly gates: readonly GateSummary[];
  /** Every rule of every gate, in gate order then rule order. */
  readonly findings: readonly Finding[];
  /** Warnings about the setup (they never change the exit code). */
  readonly notices: readonly ReportNotice[];
  /**
   * Every headroom the gates' rules read, once per stack and name, with what counts
   * toward it in a plan: what `cdktf-headroom check --plan` judges a plan against.
   * @default absent in reports of cdktf-headroom versions before `check --plan`
   */
  readonly headrooms?: readonly HeadroomRecord[];
}

/** One gate's part of a report, as a gate gives it. */
export interface GateEvaluation {
  /** The gate, less its verdict. */
  readonly gate: Omit<GateSummary, 'status'>;
  /** Its findings. */
  readonly findings: readonly Finding[];
  /**
   * The headrooms its rules read.
   * @default none
   */
  readonly headrooms?: readonly HeadroomRecord[];
}

/** Builds the report of one synth run of an app from its gates' evaluations. */
export function buildGateReport(evaluations: readonly GateEvaluation[], generatedAt: string, run: GateRun, notices: readonly ReportNotice[] = []): GateReport {
  const findings = evaluations.flatMap((e) => e.findings);
  return {
    tool: 'cdktf-headroom',
    version: packageVersion(),
    schemaVersion: GATE_REPORT_SCHEMA_VERSION,
    generatedAt,
    run,
    summary: summarize(findings, run),
    gates: evaluations.map((e) => ({ ...e.gate, status: summarize(e.findings).status })),
    findings,
    notices,
    headrooms: distinctHeadrooms(evaluations.flatMap((e) => e.headrooms ?? [])),
  };
}

/** The headrooms once each by stack and name (two gates of a stack may read one headroom). */
function distinctHeadrooms(records: readonly HeadroomRecord[]): HeadroomRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = JSON.stringify([r.stack, r.name]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Counts findings and gives the verdict; with `run`, a run that did not finish is `unfinished` unless it has violations. */
export function summarize(findings: readonly Finding[], run?: GateRun): GateReportSummary {
  const count = (p: (f: Finding) => boolean): number => findings.filter(p).length;
  const errors = count((f) => f.status === 'fail' && f.level === 'error');
  const warnings = count((f) => f.status === 'fail' && f.level === 'warning');
  return {
    rules: findings.length,
    passed: count((f) => f.status === 'pass'),
    errors,
    warnings,
    suppressed: count((f) => f.status === 'suppressed'),
    blocking: count((f) => f.blocking),
    status: errors > 0 ? 'fail' : run && !run.finished ? 'unfinished' : warnings > 0 ? 'warn' : 'pass',
  };
}

/**
 * Reads and checks a JSON report. Throws an `InputError` saying what is wrong and how to
 * get a report when the file is missing, is not JSON, or is not a cdktf-headroom report
 * of a known layout.
 */
export function readGateReport(file: string): GateReport {
  const text = readInputFile(
    file,
    (reason) =>
      `no gate report at ${file} (${reason}). Run \`cdktf synth\` first; it writes the report when the app declares a Gate. ` +
      'A synth that stopped before its gates were checked leaves none, which counts as a failure.',
  );
  return parseGateReport(text, file);
}

/** Parses and checks the text of a JSON report; `where` names it in errors. */
export function parseGateReport(text: string, where: string): GateReport {
  const data = parseJsonInput(
    text,
    (reason) => `${where} is not JSON (${reason}); expected a cdktf-headroom gate report. Run \`cdktf synth\` again to rewrite it.`,
  );
  const r = data as Partial<GateReport> | null;
  if (typeof r !== 'object' || r === null || r.tool !== 'cdktf-headroom') {
    throw new InputError(`${where} is not a cdktf-headroom gate report (no "tool": "cdktf-headroom"). Point --report at cdktf.out/headroom/report.json.`);
  }
  if (r.schemaVersion !== GATE_REPORT_SCHEMA_VERSION) {
    throw new InputError(
      `${where} has report layout ${JSON.stringify(r.schemaVersion)}; this cdktf-headroom reads layout ${GATE_REPORT_SCHEMA_VERSION}. Use the same cdktf-headroom version for synth and check.`,
    );
  }
  const run = r.run as Partial<GateRun> | undefined;
  if (
    !Array.isArray(r.findings) ||
    !Array.isArray(r.gates) ||
    typeof r.summary !== 'object' ||
    r.summary === null ||
    typeof run !== 'object' ||
    run === null ||
    typeof run.id !== 'string' ||
    typeof run.finished !== 'boolean'
  ) {
    throw new InputError(`${where} is incomplete (findings, gates, summary or run missing). Run \`cdktf synth\` again to rewrite it.`);
  }
  // The verdict is recomputed from the findings and the run, so an edited summary cannot turn a failure into a pass.
  return { ...(r as GateReport), notices: Array.isArray(r.notices) ? r.notices : [], summary: summarize(r.findings, run as GateRun) };
}

let version: string | undefined;

/** The version of this package, from its package.json. */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
