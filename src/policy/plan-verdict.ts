import { InputError } from '../core/errors';
import { CheckExitCode, checkGateReport, CheckReportOptions } from './check-report';
import { GateReport } from './gate-report';
import { HeadroomRecord } from './headroom-record';
import { accountPlan, PlanItem, PlanProblem } from './plan-accounting';
import { MAKE_PLAN_JSON, PlanFile, readPlanFile } from './plan-file';
import { PLAN_RUN_VARIABLE, PLAN_STACK_VARIABLE } from './plan-run-variable';
import { fmt } from './message-format';

/** The verdict of `check --plan` on one headroom of the plan's stack. */
export interface PlanHeadroomVerdict {
  /** Construct path of the stack. */
  readonly stack: string;
  /** The headroom's name. */
  readonly name: string;
  /** `pass`, or `fail` (does not fit, or cannot be counted: fail closed). */
  readonly status: 'pass' | 'fail';
  /** What others use, as the synth observed it (null when it could not be read). */
  readonly usedByOthers: number | null;
  /** What the stack held at synth (null when it could not be read). */
  readonly held: number | null;
  /** The quota (null when it could not be read). */
  readonly limit: number | null;
  /** What the plan adds (creates, growth, the new half of a create-before-destroy replacement). */
  readonly adds: number;
  /** What the plan frees (deletes, shrinking, the old half of a replacement). */
  readonly frees: number;
  /** What fits beside others and the stack's holding: `limit - usedByOthers - held`, at least 0 (null when unknown). */
  readonly room: number | null;
  /** What is left after the plan: `limit - usedByOthers - held - adds + frees`, negative when over (null when unknown). */
  readonly leftAfter: number | null;
  /** The counted resource instances. */
  readonly items: readonly PlanItem[];
  /** What could not be counted (each fails the headroom). */
  readonly problems: readonly PlanProblem[];
  /** What was found and, when it failed, what to do. */
  readonly message: string;
}

/** What `check --plan` judged: the plan, the report it belongs to, and one verdict per headroom. */
export interface PlanCheck {
  /** The plan JSON that was read. */
  readonly planFile: string;
  /** The plan's `format_version`. */
  readonly formatVersion: string;
  /** The synth run the plan and the report belong to. */
  readonly runId: string;
  /** Construct path of the plan's stack. */
  readonly stack: string;
  /** One verdict per headroom of the stack, in report order. */
  readonly headrooms: readonly PlanHeadroomVerdict[];
  /** `pass` when every headroom passes. */
  readonly status: 'pass' | 'fail';
}

/** Judges each headroom of `plan.stack` in `report` against the plan; throws an `InputError` for a plan of another run or stack. */
export function judgePlan(report: GateReport, plan: PlanFile, planFile: string, reportFile: string): PlanCheck {
  if (plan.runId === undefined || plan.stack === undefined) {
    throw new InputError(
      `${planFile} has no root variables ${PLAN_RUN_VARIABLE} and ${PLAN_STACK_VARIABLE}, so it is not a plan of a stack that a cdktf-headroom gate synthesized (every stack with a Gate gets them). Synthesize with this cdktf-headroom, then plan again. ${MAKE_PLAN_JSON}`,
    );
  }
  if (plan.runId !== report.run.id) {
    throw new InputError(
      `${planFile} is a plan of synth run ${plan.runId}, but ${reportFile} is of synth run ${report.run.id}: the plan must belong to the synth whose report is read. Run \`cdktf synth\`, then plan the stack it wrote again. ${MAKE_PLAN_JSON}`,
    );
  }
  if (report.headrooms === undefined) {
    throw new InputError(
      `${reportFile} records no headrooms: it was written by a cdktf-headroom without \`check --plan\`. Synthesize again with this version, then plan again.`,
    );
  }
  const stack = plan.stack;
  const headrooms = report.headrooms.filter((h) => h.stack === stack).map((h) => judgeHeadroom(h, plan));
  return {
    planFile,
    formatVersion: plan.formatVersion,
    runId: plan.runId,
    stack,
    headrooms,
    status: headrooms.some((h) => h.status === 'fail') ? 'fail' : 'pass',
  };
}

function judgeHeadroom(h: HeadroomRecord, plan: PlanFile): PlanHeadroomVerdict {
  const account = accountPlan(h, plan.changes);
  const base = { stack: h.stack, name: h.name, usedByOthers: h.usedByOthers, held: h.held, limit: h.limit, adds: account.adds, frees: account.frees };
  const { items, problems } = account;
  const judged = (status: 'pass' | 'fail', room: number | null, leftAfter: number | null, message: string): PlanHeadroomVerdict => ({
    ...base,
    status,
    room,
    leftAfter,
    items,
    problems,
    message,
  });
  if (h.error !== undefined || h.usedByOthers === null || h.held === null || h.limit === null) {
    return judged(
      'fail',
      null,
      null,
      `the synth could not read ${h.name}, so the plan cannot be judged and fails closed: ${h.error ?? 'no numbers were recorded'}. Fix the lookup, synthesize and plan again.`,
    );
  }
  const room = Math.max(0, h.limit - h.usedByOthers - h.held);
  const leftAfter = h.limit - h.usedByOthers - h.held - account.adds + account.frees;
  const numbers = `others use ${fmt(h.usedByOthers)}, the stack holds ${fmt(h.held)}, limit ${fmt(h.limit)}`;
  if (problems.length > 0) {
    return judged(
      'fail',
      room,
      leftAfter,
      `${problems.length} planned change(s) cannot be counted, so ${h.name} fails closed: ${problems.map((p) => p.message).join(' ')}`,
    );
  }
  const adds = account.adds;
  const what = adds === 0 ? 'the plan adds nothing' : `the plan adds ${fmt(adds)}`;
  const freed = account.frees > 0 ? ` and frees ${fmt(account.frees)}` : '';
  if (adds > room) {
    return judged(
      'fail',
      room,
      leftAfter,
      `${what}${freed}, but only ${fmt(room)} fit (${numbers}). Plan at most ${fmt(room)} (size with the headroom), free ${fmt(adds - room)} first, or raise the quota to at least ${fmt(h.usedByOthers + h.held + adds)}.`,
    );
  }
  return judged('pass', room, leftAfter, `${what}${freed}; ${fmt(room)} fit (${numbers}); ${fmt(leftAfter)} left after the plan.`);
}

/** Options of {@link checkPlan}: those of the report check, and the plan JSON. */
export interface CheckPlanOptions extends CheckReportOptions {
  /** The plan JSON (`terraform show -json plan.tfplan > plan.json`). */
  readonly plan: string;
}

/** The outcome of `cdktf-headroom check --plan`: the exit code, why, the report, and the plan's verdict when it could be judged. */
export interface PlanCheckOutcome {
  /** 0, 1 or 2: the report's verdict, and 2 when a headroom fails the plan or the plan cannot be judged. */
  readonly code: number;
  /** Why, in words. */
  readonly reason: string;
  /** The report file that was read (or looked for). */
  readonly file: string;
  /** The report, when it could be read. */
  readonly report?: GateReport;
  /** The plan's verdict, when the plan could be judged. */
  readonly plan?: PlanCheck;
  /** Why the report or the plan could not be read or judged: the verdict is then 2 (fail closed). */
  readonly error?: string;
}

/**
 * The decision of `cdktf-headroom check --plan`, without its printing: reads the report
 * (as {@link checkGateReport}) and the plan, checks that the plan belongs to the report's
 * synth, and judges what the plan adds to each headroom of its stack. Exit 2 when the
 * report or the plan cannot be read, the plan is of another synth, or a headroom fails;
 * else the report's own verdict.
 */
export function checkPlan(options: CheckPlanOptions): PlanCheckOutcome {
  const r = checkGateReport(options);
  if (!r.report) return { code: r.code, reason: r.reason, file: r.file, error: r.error };
  let plan: PlanCheck;
  try {
    plan = judgePlan(r.report, readPlanFile(options.plan), options.plan, r.file);
  } catch (err) {
    return { code: CheckExitCode.VIOLATIONS, reason: 'the plan cannot be judged', file: r.file, report: r.report, error: (err as Error).message };
  }
  const failing = plan.headrooms.filter((h) => h.status === 'fail');
  const planReason = failing.length > 0 ? `the plan does not fit ${failing.map((h) => h.name).join(', ')}` : undefined;
  if (failing.length > 0) {
    return {
      code: CheckExitCode.VIOLATIONS,
      reason: [planReason, r.code === CheckExitCode.PASS ? undefined : r.reason].filter(Boolean).join('; '),
      file: r.file,
      report: r.report,
      plan,
    };
  }
  return {
    code: r.code,
    reason: r.code === CheckExitCode.PASS ? `pass; the plan fits ${plan.headrooms.length} headroom(s)` : r.reason,
    file: r.file,
    report: r.report,
    plan,
  };
}
