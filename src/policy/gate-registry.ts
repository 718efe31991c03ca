import * as path from 'node:path';
import { IConstruct } from 'constructs';
import { GateViolationError } from '../core/errors';
import { frameworkOf } from '../core/framework';
import { perConstructTree } from '../core/per-app';
import { escapeControl } from '../core/text';
import { renderSynthStop, renderUnenforcedViolations, violationName } from './console-report';
import { Finding } from './finding';
import { buildGateReport, GateEvaluation, GateReport, ReportNotice } from './gate-report';
import { REPORT_FILES } from './report-files';
import { Suppressions } from './suppressions';
import { RunContent, SynthRun } from './synth-run';

/** Environment variable naming the repository-relative source file for SARIF results' physical location. */
export const SOURCE_FILE_ENV = 'HEADROOM_SOURCE_FILE';
/** cdktf context key naming the repository-relative source file for SARIF results' physical location. */
export const SOURCE_FILE_CONTEXT = 'headroom:sourceFile';

/** What the registry needs of a gate: its construct node and a way to check it. */
export interface RegisteredGate extends IConstruct {
  /** Checks every rule of the gate now (never throws). */
  evaluate(nowMs?: number): GateEvaluation;
  /** The ids of the gate's rules. */
  readonly ruleIds: readonly string[];
}

/** The outcome of checking every gate of an app and writing the reports. */
export interface AppGateCheck {
  /** Each gate's evaluation. */
  readonly evaluations: ReadonlyMap<RegisteredGate, GateEvaluation>;
  /** The report built from them. */
  readonly report: GateReport;
  /** Where the reports were written, or undefined when the tree has no App (no output folder). */
  readonly reportDir?: string;
  /** Why writing the reports failed, when it did. */
  readonly writeError?: Error;
}

/**
 * The gates of one cdktf app (one per construct tree root), and the app's reports.
 *
 * Reports cover every gate of every stack, so any gate's validation checks them all and
 * writes the files, as part of the app's {@link SynthRun}: the run replaced an earlier
 * synth's reports when the library first took part, and marks them finished only when
 * `app.synth()` returns. When synth ends, however it ends, the registry checks the gates
 * once more for the final reports, and when the gates stopped it, prints one block per
 * violation to stderr and gives a short error in place of cdktf's validation error; when
 * synth finished, it prints one line per violation of a gate that does not enforce at synth.
 */
export class GateRegistry {
  private static readonly forTree = perConstructTree((root) => new GateRegistry(root));

  /** The registry of the app `scope` belongs to (created on first use). */
  static of(scope: IConstruct): GateRegistry {
    return GateRegistry.forTree(scope);
  }

  /** Absolute path of the report folder, or undefined when the tree has no App. */
  public readonly reportDir?: string;
  private readonly gates: RegisteredGate[] = [];
  private readonly run?: SynthRun;
  /** The lines gate validations gave cdktf, as cdktf prints them (`[path] line`). */
  private readonly validationLines = new Set<string>();

  private constructor(private readonly root: IConstruct) {
    this.run = SynthRun.of(root);
    if (this.run) {
      this.reportDir = this.run.reportDir;
      this.run.onSynthEnd = (error) => this.synthEnded(error);
    }
  }

  /** Adds a gate (gates register themselves when created). */
  register(gate: RegisteredGate): void {
    this.gates.push(gate);
  }

  /** Every gate of the app, in creation order. */
  get all(): readonly RegisteredGate[] {
    return [...this.gates];
  }

  /** Records a line a gate's validation gave cdktf, so the registry knows cdktf's error holds only gate violations. */
  noteValidationLine(gate: IConstruct, line: string): void {
    this.validationLines.add(`[${gate.node.path}] ${line}`);
  }

  /** Checks every gate of the app, builds the report and writes the report files (the run is not finished yet). Never throws. */
  checkAll(nowMs: number = Date.now()): AppGateCheck {
    const { evaluations, content } = this.evaluateAll(nowMs);
    let writeError: Error | undefined;
    let report: GateReport | undefined;
    if (this.run) {
      try {
        report = this.run.update(content);
      } catch (err) {
        writeError = err instanceof Error ? err : new Error(String(err));
      }
    }
    report ??= buildGateReport(
      content.evaluations,
      new Date(nowMs).toISOString(),
      this.run?.record ?? { id: '(no app)', startedAt: new Date(nowMs).toISOString(), finished: false },
      content.notices,
    );
    return { evaluations, report, reportDir: this.reportDir, writeError };
  }

  private evaluateAll(nowMs: number): { evaluations: Map<RegisteredGate, GateEvaluation>; content: RunContent } {
    const evaluations = new Map<RegisteredGate, GateEvaluation>();
    for (const gate of this.gates) evaluations.set(gate, gate.evaluate(nowMs));
    const sourceFile = this.root.node.tryGetContext(SOURCE_FILE_CONTEXT) ?? process.env[SOURCE_FILE_ENV];
    return {
      evaluations,
      content: {
        evaluations: [...evaluations.values()],
        notices: this.notices(),
        sarif: { sourceFile: typeof sourceFile === 'string' && sourceFile ? sourceFile : undefined },
      },
    };
  }

  /** Suppressions naming a rule id that no gate of the app has: they suppress nothing, which is probably a typo. */
  private notices(): ReportNotice[] {
    if (this.gates.length === 0) return [];
    const ids = new Set(this.gates.flatMap((g) => g.ruleIds));
    const known = [...ids].sort();
    return Suppressions.declaredInApp(this.root)
      .filter((s) => !ids.has(s.ruleId))
      .map((s) => ({
        level: 'warning' as const,
        code: 'unknown-suppression',
        scope: s.scope,
        message: `The suppression of rule "${s.ruleId}" on ${s.scope} names no rule of any gate in this app, so it suppresses nothing (rule ids: ${known.join(', ') || 'none'}). Fix the id or remove the suppression.`,
      }));
  }

  /**
   * When `app.synth()` ends: the final check of every gate. When the gates stopped the
   * synth, prints one block per violation to stderr and, if cdktf's validation error
   * holds nothing but gate violations, gives a short error to throw in its place. When
   * synth finished, prints one line per violation that a gate left to the plan or the
   * check step (`enforceAtSynth: false`): a failing rule is never silent.
   */
  private synthEnded(error: unknown): { content: RunContent; error?: unknown } {
    const { content } = this.evaluateAll(Date.now());
    if (error === undefined) {
      const unenforced = content.evaluations
        .filter((e) => !e.gate.enforceAtSynth)
        .flatMap((e) => e.findings.filter((f) => f.blocking).map((finding) => ({ finding, enforceAtPlan: e.gate.enforceAtPlan })));
      if (unenforced.length > 0) process.stderr.write(escapeControl(renderUnenforcedViolations(unenforced), { lines: true }));
      return { content };
    }
    const stopping: Finding[] = content.evaluations.filter((e) => e.gate.enforceAtSynth).flatMap((e) => e.findings.filter((f) => f.blocking));
    if (stopping.length === 0 || !this.isGateValidationError(error)) return { content };
    const reportFile = this.reportDir ? path.join(this.reportDir, REPORT_FILES.markdown) : undefined;
    const framework = this.frameworkName();
    process.stderr.write(escapeControl(renderSynthStop(stopping, reportFile, framework), { lines: true }));
    return {
      content,
      error: this.onlyGateLines(error, stopping) ? GateViolationError.brief(stopping.map(violationName), reportFile, framework) : undefined,
    };
  }

  /** `cdktf` or `cdktn`: the framework the app is made of, as its synth command is spelled. */
  private frameworkName(): string {
    try {
      return frameworkOf(this.root).name;
    } catch {
      return 'cdktf';
    }
  }

  /** Whether `error` is cdktf's validation failure and lists at least one gate line. */
  private isGateValidationError(error: unknown): boolean {
    const message = error instanceof Error ? error.message : '';
    return message.startsWith('Validation failed') && [...this.validationLines].some((l) => message.includes(l));
  }

  /**
   * Whether cdktf's validation error lists nothing but what the blocks printed: the
   * gates' own lines, and the failures of the lookups that the failing rules read.
   */
  private onlyGateLines(error: unknown, stopping: readonly Finding[]): boolean {
    const body = (error as Error).message
      .replace(/^Validation failed with the following errors:\n/, '')
      .replace(/\n+If you wish to ignore these validations[\s\S]*$/, '');
    const sources = new Set(stopping.flatMap((f) => f.sources));
    const entries = body.split(/\n(?= {2}\[)/).map((e) => e.replace(/^ {2}/, ''));
    return entries.every((e) => this.validationLines.has(e) || sources.has(/^\[([^\]]+)\] /.exec(e)?.[1] ?? ''));
  }
}
