import { Finding } from './finding';

/**
 * The resource type of a gate's plan-time check: `null_resource` (provider
 * `hashicorp/null`, through `@cdktf/provider-null`) or Terraform's built-in
 * `terraform_data` (Terraform 1.4 and later, and OpenTofu), which needs no provider.
 */
export type PlanCheckResourceType = 'null_resource' | 'terraform_data';

/** The plan-check resource types a gate accepts. */
export const PLAN_CHECK_RESOURCE_TYPES: readonly PlanCheckResourceType[] = ['null_resource', 'terraform_data'];

/**
 * What `terraform plan` is shown of one rule: the two numbers it compares (for a rule
 * with no comparison, such as a custom rule or one that failed closed, the finding's
 * observed value and bound) and the gate's verdict, `ok` (false when the finding blocks).
 */
export interface PlanRuleValue {
  /** The value compared, or the finding's observed value. */
  readonly observed: number | string | null;
  /** What it is compared with, or the finding's bound. */
  readonly bound: number | string | null;
  /** The gate's verdict: false when the finding blocks. */
  readonly ok: boolean;
}

/** One `lifecycle.precondition` entry, as Terraform JSON syntax writes it. */
export interface PlanPrecondition {
  /** A Terraform expression over the gate's local value (never a literal: Terraform refuses those). */
  readonly condition: string;
  /** The rule's message, escaped for a Terraform template. */
  readonly error_message: string;
}

/** The local value and the preconditions of one gate's plan-time check. */
export interface PlanConditions {
  /** The gate's local value: one entry per rule with a precondition, by rule id. */
  readonly values: Readonly<Record<string, PlanRuleValue>>;
  /** One precondition per entry, in rule order; empty when no rule needs one. */
  readonly preconditions: readonly PlanPrecondition[];
}

type Comparison = { readonly op: '<=' | '>=' | '<'; readonly observed: number; readonly bound: number };

/**
 * The plan-time conditions of a gate's findings: one precondition per error rule and per
 * blocking warning, each referring to `local.<localName>`.
 *
 * Terraform refuses a condition that is a literal (`true`/`false`): it must refer to
 * something in the configuration. So each rule's numbers and verdict go into the gate's
 * local value, and the condition compares them (`observed <= bound` for `Rule.atMost`,
 * `>=` for `atLeast` and `fits` (`available >= need`, or `mayHold >= total`), `<` the fail threshold for `utilization`), so that a
 * failing plan shows both numbers beside the rule's message. Where the comparison would
 * not give the gate's verdict (a suppressed finding, a custom rule, a rule that failed
 * closed, a warning failing under `failOnWarnings`), the condition is the verdict, `ok`.
 */
export function planConditions(findings: readonly Finding[], errorRuleIds: ReadonlySet<string>, localName: string): PlanConditions {
  const values: Record<string, PlanRuleValue> = {};
  const preconditions: PlanPrecondition[] = [];
  for (const f of findings) {
    if (!errorRuleIds.has(f.ruleId) && !f.blocking) continue;
    const ok = !f.blocking;
    const ref = `local.${localName}[${JSON.stringify(f.ruleId)}]`;
    const c = comparison(f);
    if (c && compare(c) === ok) {
      values[f.ruleId] = { observed: c.observed, bound: c.bound, ok };
      preconditions.push({
        condition: `\${${ref}.observed ${c.op} ${ref}.bound}`,
        error_message: terraformMessage(`Gate ${f.gate}, rule ${f.ruleId}: ${f.message}`),
      });
    } else {
      values[f.ruleId] = { observed: f.observed, bound: f.bound, ok };
      preconditions.push({ condition: `\${${ref}.ok}`, error_message: terraformMessage(`Gate ${f.gate}, rule ${f.ruleId}: ${f.message}`) });
    }
  }
  return { values, preconditions };
}

/** The comparison a finding's rule passes on, from its kind and the numbers it read. */
function comparison(f: Finding): Comparison | undefined {
  if (f.status === 'suppressed') return undefined;
  const n = (name: string): number | undefined => {
    const v = f.values[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const make = (op: Comparison['op'], observed: number | undefined, bound: number | undefined): Comparison | undefined =>
    observed === undefined || bound === undefined ? undefined : { op, observed, bound };
  switch (f.kind) {
    case 'at-most':
      return make('<=', n('value'), n('max'));
    case 'at-least':
      return make('>=', n('value'), n('min'));
    case 'fits':
      // `{ total }`: what the stack may hold against its total; `{ need }`: what is available against the addition.
      return f.values.total !== undefined ? make('>=', n('mayHold'), n('total')) : make('>=', n('available'), n('need'));
    case 'utilization':
      return make('<', n('utilization'), n('failAt') ?? n('warnAt'));
    default:
      return undefined;
  }
}

function compare(c: Comparison): boolean {
  return c.op === '<=' ? c.observed <= c.bound : c.op === '>=' ? c.observed >= c.bound : c.observed < c.bound;
}

/**
 * A message for a Terraform precondition: a sentence ending in a period, with `${` and
 * `%{` escaped (Terraform would read them as template sequences).
 */
export function terraformMessage(text: string): string {
  const sentence = /[.?!]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
  return sentence.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}
