import * as path from 'node:path';
import { App } from 'cdktf';
import { IConstruct } from 'constructs';
import { HeadroomError } from '../core/errors';
import { buildGateReport, GateEvaluation, GateReport } from './gate-report';
import { REPORT_DIR_NAME, removeReportFiles, writeReportFiles } from './report-files';

/** Environment variable naming the repository-relative source file for SARIF results' physical location. */
export const SOURCE_FILE_ENV = 'HEADROOM_SOURCE_FILE';
/** cdktf context key naming the repository-relative source file for SARIF results' physical location. */
export const SOURCE_FILE_CONTEXT = 'headroom:sourceFile';

/** What the registry needs of a gate: its construct node and a way to check it. */
export interface RegisteredGate extends IConstruct {
  /** Checks every rule of the gate now (never throws). */
  evaluate(nowMs?: number): GateEvaluation;
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
 * writes the files. Two more hooks make the reports robust: on creation the registry
 * removes reports an earlier synth left in the output folder (a synth that stops early
 * must not leave a stale passing report), and it wraps this App instance's `synth()` so
 * the reports are written however synth ends, including when it stops before validation
 * (for example on a failed lookup's output) or runs with `skipValidation`.
 */
export class GateRegistry {
  private static readonly registries = new WeakMap<IConstruct, GateRegistry>();

  /** The registry of the app `scope` belongs to (created on first use). */
  static of(scope: IConstruct): GateRegistry {
    const root = scope.node.root;
    let registry = GateRegistry.registries.get(root);
    if (!registry) {
      registry = new GateRegistry(root);
      GateRegistry.registries.set(root, registry);
    }
    return registry;
  }

  /** Absolute path of the report folder, or undefined when the tree has no App. */
  public readonly reportDir?: string;
  private readonly gates: RegisteredGate[] = [];

  private constructor(private readonly root: IConstruct) {
    if (App.isApp(root)) {
      this.reportDir = path.resolve(root.outdir, REPORT_DIR_NAME);
      try {
        removeReportFiles(this.reportDir);
      } catch {
        // Left for the write at synth to fail on, with the folder named.
      }
      wrapSynth(root, this);
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

  /** Checks every gate of the app, builds the report and writes the report files. Never throws. */
  checkAll(nowMs: number = Date.now()): AppGateCheck {
    const evaluations = new Map<RegisteredGate, GateEvaluation>();
    for (const gate of this.gates) evaluations.set(gate, gate.evaluate(nowMs));
    const report = buildGateReport([...evaluations.values()], new Date(nowMs).toISOString());
    let writeError: Error | undefined;
    if (this.reportDir) {
      try {
        const sourceFile = this.root.node.tryGetContext(SOURCE_FILE_CONTEXT) ?? process.env[SOURCE_FILE_ENV];
        writeReportFiles(this.reportDir, report, { sourceFile: typeof sourceFile === 'string' && sourceFile ? sourceFile : undefined });
      } catch (err) {
        writeError = err instanceof Error ? err : new Error(String(err));
      }
    }
    return { evaluations, report, reportDir: this.reportDir, writeError };
  }
}

const wrapped = new WeakSet<App>();

/**
 * Makes this App instance write the gate reports when `synth()` ends, however it ends.
 * When synth failed, its error is kept (a report-writing error is not allowed to hide it);
 * when synth succeeded but the reports could not be written, synth fails, since a
 * pipeline's check step needs them.
 */
function wrapSynth(app: App, registry: GateRegistry): void {
  if (wrapped.has(app)) return;
  wrapped.add(app);
  const original = app.synth;
  (app as { synth: () => void }).synth = function synthAndWriteGateReports(this: App): void {
    let failed = true;
    try {
      original.call(this);
      failed = false;
    } finally {
      const check = registry.checkAll();
      if (!failed && check.writeError) {
        // eslint-disable-next-line no-unsafe-finally
        throw new HeadroomError('HEADROOM_REPORT', `cdktf-headroom: synth finished but the gate reports could not be written to ${check.reportDir}: ${check.writeError.message}`, { cause: check.writeError });
      }
    }
  };
}
