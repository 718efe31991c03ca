import * as path from 'node:path';
import { Construct, IConstruct } from 'constructs';
import { InputError } from '../core/errors';
import { FrameworkModule, frameworkOf } from '../core/framework';
import { Validator } from '../core/validate';
import { failOnWarningsRequested } from './fail-on-warnings';
import { Finding, FindingStatus } from './finding';
import { GateRegistry, RegisteredGate } from './gate-registry';
import { GateEvaluation } from './gate-report';
import { Headroom } from './headroom';
import { HeadroomRecord, headroomRecord } from './headroom-record';
import { sourceProvenance } from './lookup-source';
import { addPlanCheck, GateDependable, PlanCheckResource, ProtectableResource } from './plan-check';
import { PLAN_CHECK_RESOURCE_TYPES, PlanCheckResourceType, planConditions } from './plan-conditions';
import { addPlanRunVariables } from './plan-run-variable';
import { REPORT_FILES } from './report-files';
import { Rule } from './rule';
import { Suppressions } from './suppressions';
import { SynthRun } from './synth-run';

const GATE_SYMBOL = Symbol.for('cdktf-headroom/Gate');

/** Props of {@link Gate}. */
export interface GateProps {
  /**
   * The rules to check; more can be added with {@link Gate.addRule}. Rule ids must be
   * unique within the gate.
   * @default none
   */
  readonly rules?: readonly Rule[];
  /**
   * Also enforce at plan time: the gate synthesizes a resource (see
   * {@link GateProps.planCheckResource}) with one `lifecycle.precondition` per error rule,
   * over a local value that holds each rule's numbers and verdict, so `terraform plan` on
   * the synthesized stack stops too, showing the numbers and the rule's message. Make your
   * resources wait for it with {@link Gate.protect} or `dependsOn: [gate.dependable]`.
   * @default false
   */
  readonly enforceAtPlan?: boolean;
  /**
   * The resource type of the plan-time check (with `enforceAtPlan`): `terraform_data`,
   * built into Terraform 1.4 and later (and OpenTofu), which needs no provider to download
   * (`terraform init` works offline on a stack of built-in resources), or `null_resource`,
   * on an aliased `null` provider (hashicorp/null, as `@cdktf/provider-null` declares it)
   * for older Terraform.
   *
   * Either way the check has no attribute of its own: the observed values live in a local
   * value only, and Terraform checks preconditions on every plan, whether the resource
   * changes or not. So a re-synth with other (still passing) numbers plans no change
   * (`terraform plan -detailed-exitcode` exits 0), and a failing rule still fails the plan.
   * @default 'terraform_data'
   */
  readonly planCheckResource?: PlanCheckResourceType;
  /**
   * Fail `cdktf synth` (through construct validations) on violations. Turn it off to let
   * synth finish and leave enforcement to the plan (`enforceAtPlan`) and to the
   * `cdktf-headroom check` step that reads the reports.
   * @default true
   */
  readonly enforceAtSynth?: boolean;
  /**
   * Treat warnings as violations. Pipelines can also turn this on without code changes:
   * environment variable `HEADROOM_FAIL_ON_WARNINGS=1`, or cdktf context
   * `"headroom:failOnWarnings": true`; any of the three turns it on.
   * @default false, unless the environment variable or the context key asks for it
   */
  readonly failOnWarnings?: boolean;
}

/**
 * A gate: rules over looked-up values, checked when the app is synthesized.
 *
 * - **Levels.** An `error` rule that fails makes `cdktf synth` fail (through the
 *   construct's validation), with every violation of the stack listed at once. A
 *   `warning` is reported (and shown as a synth warning) and fails only when failing on
 *   warnings is asked for.
 * - **Fail closed.** A rule whose lookup failed, or that threw, is an error-level violation.
 * - **Suppressions.** {@link Suppressions} by rule id, with a reason and an optional expiry.
 * - **Plan time.** With `enforceAtPlan`, a `terraform_data` resource (or `null_resource`)
 *   with one precondition per error rule stops `terraform plan` as well, and changes nothing
 *   in a plan while the rules pass.
 * - **Reports.** Every synth writes `headroom/report.json`, `junit.xml`, `report.md` and
 *   `report.sarif` in the synth output folder (`cdktf.out`), covering every gate of the
 *   app, for `cdktf-headroom check` and CI.
 *
 * @example
 * const usage = new ProjectResourceStat(this, 'usage', { ... });
 * const headroom = Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage });
 * const count = Math.min(desired, headroom.availableOr(0)); // 0 when the lookup failed
 * const gate = new Gate(this, 'quota', {
 *   rules: [
 *     Rule.fits('qingcloud-instances', headroom, { need: count }),
 *     Rule.utilization('vcpus', { used: () => usage.totals.vcpusCount, limit: 200, source: usage }, { warnAt: 0.8, failAt: 0.9 }),
 *   ],
 *   enforceAtPlan: true,
 * });
 * gate.protect(...workers);
 */
export class Gate extends Construct implements RegisteredGate {
  /** Whether `x` is a Gate (works across copies of this library; never use `instanceof`). */
  static isGate(x: unknown): x is Gate {
    return typeof x === 'object' && x !== null && GATE_SYMBOL in x;
  }

  /** Whether the gate also stops `terraform plan`. */
  public readonly enforceAtPlan: boolean;
  /** Whether the gate fails `cdktf synth`. */
  public readonly enforceAtSynth: boolean;
  /** The resource type of the plan-time check (meaningful with `enforceAtPlan`). */
  public readonly planCheckResource: PlanCheckResourceType;
  /** Construct path of the gate's stack. */
  public readonly stackPath: string;
  private readonly failOnWarningsProp: boolean;
  private readonly ruleList: Rule[] = [];
  private readonly planCheck?: PlanCheckResource;
  private readonly planValues?: IConstruct & { readonly friendlyUniqueId: string };
  /** The app's framework (cdktf or cdktn): the plan check and dependencies are made of it. */
  private readonly fw: FrameworkModule;
  private readonly warned = new Set<string>();
  private readonly protectedResources = new WeakSet<IConstruct>();
  private readonly stack: IConstruct;

  constructor(scope: Construct, id: string, props: GateProps = {}) {
    super(scope, id);
    Object.defineProperty(this, GATE_SYMBOL, { value: true });
    const v: Validator = new Validator(this.node.path);
    if (typeof props !== 'object' || props === null) v.fail('props', props, 'an object such as { rules: [...] }');
    this.enforceAtPlan = optionalBoolean(v, 'enforceAtPlan', props.enforceAtPlan, false);
    this.enforceAtSynth = optionalBoolean(v, 'enforceAtSynth', props.enforceAtSynth, true);
    this.failOnWarningsProp = optionalBoolean(v, 'failOnWarnings', props.failOnWarnings, false);
    this.planCheckResource =
      props.planCheckResource === undefined ? 'terraform_data' : v.oneOf('planCheckResource', props.planCheckResource, PLAN_CHECK_RESOURCE_TYPES);
    this.fw = frameworkOf(this).module;
    const { Lazy } = this.fw;
    let stack: IConstruct;
    try {
      stack = this.fw.TerraformStack.of(this);
    } catch {
      throw new InputError(
        `${this.node.path}: a Gate must be created inside a TerraformStack (its rules are checked with the stack's validations); got scope ${JSON.stringify(scope.node.path || '(app root)')}. Create it with a stack, or a construct in one, as its scope.`,
      );
    }
    this.stackPath = stack.node.path;
    this.stack = stack;
    addPlanRunVariables(this.fw, stack, () => SynthRun.of(this)?.id ?? 'no-app');
    if (props.rules !== undefined) {
      if (!Array.isArray(props.rules))
        v.fail('rules', props.rules, 'an array of rules made with Rule.atMost, Rule.atLeast, Rule.fits, Rule.utilization or Rule.custom');
      this.addRule(...props.rules);
    }
    this.node.addValidation({ validate: () => this.validateGate() });
    GateRegistry.of(this).register(this);
    if (this.enforceAtPlan) {
      const planValues = new this.fw.TerraformLocal(this, 'plan-values', Lazy.anyValue({ produce: () => this.planConditions().values }));
      this.planValues = planValues;
      if (this.planCheckResource === 'terraform_data') {
        // No `input`: the values stay in the local value, so a change in anyone's usage
        // never makes the plan non-empty; the preconditions still read them on every plan.
        this.planCheck = new this.fw.DataResource(this, 'plan-check');
      } else {
        this.planCheck = addPlanCheck(this.fw, stack, this, 'plan-check');
      }
      this.planCheck.addOverride('lifecycle.precondition', Lazy.anyValue({ produce: () => this.preconditions() }));
    }
  }

  /** Adds rules. Throws an `InputError` for something that is not a rule, or for an id the gate already has. */
  addRule(...rules: Rule[]): this {
    rules.forEach((rule, i) => {
      if (!Rule.isRule(rule)) {
        new Validator(this.node.path).fail(
          `rules[${i}]`,
          typeof rule,
          'a rule made with Rule.atMost, Rule.atLeast, Rule.fits, Rule.utilization or Rule.custom',
        );
      }
      if (this.ruleList.some((r) => r.id === rule.id)) {
        throw new InputError(
          `${this.node.path}: rule id ${JSON.stringify(rule.id)} is used twice in this gate; ids must be unique within a gate (suppressions and reports name rules by id). Rename one.`,
        );
      }
      if (rule.headroom) this.checkHeadroomName(rule.headroom, rule.id);
      this.ruleList.push(rule);
    });
    return this;
  }

  /**
   * A headroom is named in the report by its stack and its name, for `check --plan`: two
   * different headrooms of one name in one stack would be one entry, so they are refused.
   */
  private checkHeadroomName(h: Headroom, ruleId: string): void {
    const gates = [this, ...GateRegistry.of(this).all.filter((g) => Gate.isGate(g) && g !== this && g.stackPath === this.stackPath)] as Gate[];
    const other = gates.flatMap((g) => g.ruleList).find((r) => r.headroom && r.headroom !== h && r.headroom.name === h.name);
    if (other) {
      throw new InputError(
        `${this.node.path}: rule ${JSON.stringify(ruleId)} reads a headroom named ${JSON.stringify(h.name)}, but rule ${JSON.stringify(other.id)} of this stack reads another headroom of that name; ` +
          'the report names headrooms by stack and name (for `cdktf-headroom check --plan`). Give each its own name (Headroom.of({ name })), or share one Headroom object between the rules.',
      );
    }
  }

  /** The distinct headrooms the gate's rules read, in rule order. */
  get headrooms(): readonly Headroom[] {
    return [...new Set(this.ruleList.flatMap((r) => (r.headroom ? [r.headroom] : [])))];
  }

  /** The ids of the gate's rules, in order. */
  get ruleIds(): readonly string[] {
    return this.ruleList.map((r) => r.id);
  }

  /** The gate's rules, in order. */
  get rules(): readonly Rule[] {
    return [...this.ruleList];
  }

  /**
   * Whether warnings fail: the `failOnWarnings` prop, the context key
   * `headroom:failOnWarnings`, or the environment variable `HEADROOM_FAIL_ON_WARNINGS`.
   */
  get failOnWarnings(): boolean {
    return this.failOnWarningsProp || failOnWarningsRequested(this);
  }

  /** Every rule checked now, with suppressions applied. */
  get findings(): readonly Finding[] {
    return this.evaluate().findings;
  }

  /** Whether nothing blocks: no unsuppressed error (nor warning, when failing on warnings). */
  get passed(): boolean {
    return !this.findings.some((f) => f.blocking);
  }

  /**
   * The plan-time check (`terraform_data`, or `null_resource`) to depend on: `dependsOn: [gate.dependable]`.
   * Throws an `InputError` when the gate was made without `enforceAtPlan`.
   */
  get dependable(): GateDependable {
    if (!this.planCheck) {
      throw new InputError(`${this.node.path}: this gate has no plan-time check to depend on; create it with enforceAtPlan: true.`);
    }
    return this.planCheck;
  }

  /**
   * Makes resources wait for the plan-time check (adds it to their `depends_on`), so
   * `terraform plan` stops at the gate before planning them. Resources must be in the
   * gate's stack. Needs `enforceAtPlan: true`.
   */
  protect(...resources: ProtectableResource[]): this {
    const check = this.dependable;
    const { TerraformResource, TerraformStack, dependable } = this.fw;
    for (const r of resources) {
      if (!TerraformResource.isTerraformResource(r)) {
        new Validator(this.node.path).fail(
          'protect()',
          Construct.isConstruct(r) ? (r as IConstruct).node.path : typeof r,
          'a Terraform resource (for a module or data source, use dependsOn: [gate.dependable])',
        );
      }
      if (TerraformStack.of(r) !== TerraformStack.of(this)) {
        throw new InputError(
          `${this.node.path}: cannot protect ${r.node.path}, which is in another stack; depends_on cannot cross stacks. Give that stack its own gate.`,
        );
      }
      if (this.protectedResources.has(r)) continue;
      this.protectedResources.add(r);
      r.dependsOn = [...(r.dependsOn ?? []), dependable(check)];
    }
    return this;
  }

  /** Checks every rule now, with suppressions applied (never throws). Used by the reports. */
  evaluate(nowMs: number = Date.now()): GateEvaluation {
    const failOnWarnings = this.failOnWarnings;
    return {
      gate: { path: this.node.path, stack: this.stackPath, enforceAtPlan: this.enforceAtPlan, enforceAtSynth: this.enforceAtSynth, failOnWarnings },
      findings: this.ruleList.map((rule) => this.check(rule, nowMs, failOnWarnings)),
      headrooms: this.headrooms.map((h): HeadroomRecord => headroomRecord(this.fw, h, this.stack)),
    };
  }

  private check(rule: Rule, nowMs: number, failOnWarnings: boolean): Finding {
    const outcome = rule.evaluate();
    const covering = outcome.passed
      ? undefined
      : Suppressions.lookup([this, ...(rule.sources.filter((s) => Construct.isConstruct(s)) as unknown as IConstruct[])], rule.id, nowMs);
    const status: FindingStatus = outcome.passed ? 'pass' : covering && !covering.expired ? 'suppressed' : 'fail';
    let message = outcome.message;
    if (covering?.expired) {
      const s = covering.suppression;
      message += ` A suppression on ${s.scope} ("${s.reason}") expired on ${s.expires}; fix the finding or renew the suppression with a later date.`;
    }
    return {
      ruleId: rule.id,
      kind: rule.kind,
      description: rule.description,
      gate: this.node.path,
      stack: this.stackPath,
      sources: rule.sourcePaths,
      ...provenanceOf(rule),
      status,
      level: outcome.level,
      blocking: status === 'fail' && (outcome.level === 'error' || failOnWarnings),
      observed: outcome.observed,
      bound: outcome.bound,
      values: outcome.values,
      message,
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.runway ? { runway: outcome.runway } : {}),
      ...(covering
        ? {
            suppression: {
              reason: covering.suppression.reason,
              scope: covering.suppression.scope,
              ...(covering.suppression.expires ? { expires: covering.suppression.expires } : {}),
              expired: covering.expired,
            },
          }
        : {}),
    };
  }

  /** The construct validation: checks every gate of the app, writes the reports, and lists this gate's violations. */
  private validateGate(): string[] {
    const registry = GateRegistry.of(this);
    const check = registry.checkAll();
    const evaluation = check.evaluations.get(this);
    const mine = evaluation?.findings ?? [];
    for (const f of mine) {
      if (f.status === 'fail' && !f.blocking) this.warnOnce(`${f.level} of rule "${f.ruleId}": ${f.message}`);
    }
    const lines: string[] = [];
    const sameStack = [...check.evaluations.values()].filter((e) => e.gate.stack === this.stackPath);
    if (this.enforceAtSynth) {
      for (const f of mine.filter((x) => x.blocking)) {
        lines.push(`${f.level === 'error' ? 'violation' : 'warning (failing on warnings)'} of rule "${f.ruleId}": ${f.message}`);
      }
      const firstFailing = sameStack.find((e) => e.gate.enforceAtSynth && e.findings.some((x) => x.blocking));
      if (lines.length > 0 && firstFailing === evaluation) {
        const elsewhere = [...check.evaluations.values()]
          .filter((e) => e.gate.stack !== this.stackPath && e.gate.enforceAtSynth)
          .flatMap((e) => e.findings.filter((x) => x.blocking));
        if (elsewhere.length > 0) {
          lines.push(`${elsewhere.length} more violation(s) in other stacks: ${elsewhere.map((x) => `${x.gate} rule "${x.ruleId}"`).join(', ')}.`);
        }
        if (check.reportDir)
          lines.push(
            `Every rule, pass or fail, is in ${path.join(check.reportDir, REPORT_FILES.markdown)} (and report.html, report.json, junit.xml, report.sarif).`,
          );
      }
    }
    for (const line of lines) registry.noteValidationLine(this, line);
    if (check.writeError && sameStack[0] === evaluation) {
      lines.push(
        `could not write the gate reports to ${check.reportDir}: ${check.writeError.message}. The pipeline's check step needs them; make the synth output folder writable.`,
      );
    }
    return lines;
  }

  /** The plan-time check's local value and preconditions (see {@link planConditions}). */
  private planConditions(): ReturnType<typeof planConditions> {
    const errorRules = new Set(this.ruleList.filter((r) => r.level === 'error').map((r) => r.id));
    return planConditions(this.evaluate().findings, errorRules, this.planValues!.friendlyUniqueId);
  }

  /** One precondition per error rule (and per blocking warning), for the plan-time check. */
  private preconditions(): readonly object[] | undefined {
    const list = this.planConditions().preconditions;
    return list.length > 0 ? list : undefined;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.fw.Annotations.of(this).addWarning(message);
  }
}

/** The finding's `provenance` field: present when a source of the rule can say where its numbers came from. */
function provenanceOf(rule: Rule): { provenance?: Finding['provenance'] } {
  const provenance = sourceProvenance(rule.sources);
  return provenance.length > 0 ? { provenance } : {};
}

function optionalBoolean(v: Validator, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') v.fail(field, value, 'true or false');
  return value;
}
