import { PlanClaim, PlanConsumer, PlanQuantity } from './plan-consumers';

/**
 * One entry of a plan's `resource_changes` (`terraform show -json`), as the accounting
 * reads it: one resource instance (every count and for_each instance has its own entry,
 * and so has a deposed object).
 */
export interface PlanResourceChange {
  /** Its full address, with module path and instance key: `module.net["a"].qingcloud_eip.main[0]`. */
  readonly address: string;
  /** `managed` (a resource) or `data` (a data source, never counted). */
  readonly mode: string;
  /** The resource type, e.g. `qingcloud_instance`. */
  readonly type: string;
  /** The change's actions: `["create"]`, `["delete","create"]`, `["no-op"]`, ... */
  readonly actions: readonly string[];
  /** The object before the change (null for a create). */
  readonly before: unknown;
  /** The object after the change (null for a delete); unknown attributes are absent or null. */
  readonly after: unknown;
  /** Which attributes of `after` are unknown until apply: `true` at their place. */
  readonly afterUnknown: unknown;
}

/** What a headroom counts in a plan: its consumers by type and its claims by address. */
export interface PlanCounting {
  /** What counts by resource type. */
  readonly counts: readonly PlanConsumer[];
  /** What the stack claims, by address. */
  readonly claims: readonly PlanClaim[];
}

/** One resource instance the plan changes that counts toward a headroom. */
export interface PlanItem {
  /** Its address in the plan. */
  readonly address: string;
  /** The plan's actions for it, joined by `,` (`create`, `delete,create`, ...). */
  readonly actions: string;
  /** How much it adds. */
  readonly adds: number;
  /** How much it frees. */
  readonly frees: number;
  /** Whether it counted because the stack claims it, or as a consumer of its type. */
  readonly matchedBy: 'claim' | 'consumer';
  /** True when a value unknown until apply counted at its declared upper bound. */
  readonly bounded: boolean;
}

/** A planned change the accounting could not count, so the headroom fails closed. */
export interface PlanProblem {
  /** The resource instance's address. */
  readonly address: string;
  /** The attribute it could not read, when one was the reason. */
  readonly attribute?: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** What a plan adds to and frees of one headroom. */
export interface PlanAccount {
  /** Everything that comes into existence (creates, growth, the new half of a create-before-destroy replacement). */
  readonly adds: number;
  /** Everything that goes (deletes, shrinking, the old half of a create-before-destroy replacement). */
  readonly frees: number;
  /** The counted instances, in plan order. */
  readonly items: readonly PlanItem[];
  /** What could not be counted; any problem fails the headroom closed. */
  readonly problems: readonly PlanProblem[];
}

type Reading = { readonly value: number; readonly bounded: boolean } | { readonly problem: PlanProblem };

/** The address without instance keys (`module.a["x"].t.n[0]` → `module.a.t.n`): the resource as configured. */
export function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|[^\]"]*)\]/g, '');
}

/**
 * Accounts what a plan adds to and frees of one headroom.
 *
 * Each managed resource instance counts once: by the first claim whose address is its own
 * (with or without the instance key), else by the first consumer of its type. Per action:
 * `create` adds, `delete` frees, `update` and `["delete","create"]` (a replacement that
 * destroys first) add or free the difference between after and before,
 * `["create","delete"]` (create before destroy) adds the new quantity and frees the old,
 * since both exist for a while; `no-op`, `read` and `forget` count nothing. A value that is
 * unknown until apply counts at the declared upper bound, or is a problem: never 0.
 */
export function accountPlan(counting: PlanCounting, changes: readonly PlanResourceChange[]): PlanAccount {
  const items: PlanItem[] = [];
  const problems: PlanProblem[] = [];
  let adds = 0;
  let frees = 0;
  for (const change of changes) {
    if (change.mode !== 'managed') continue;
    const claim = counting.claims.find((c) => c.address === change.address || c.address === configAddress(change.address));
    const consumer = claim ? undefined : counting.counts.find((c) => c.resourceType === change.type);
    const quantity = claim?.quantity ?? consumer?.quantity;
    if (quantity === undefined) continue;
    const outcome = accountChange(change, quantity);
    if ('problem' in outcome) {
      problems.push(outcome.problem);
      continue;
    }
    if (outcome.adds === 0 && outcome.frees === 0) continue;
    adds += outcome.adds;
    frees += outcome.frees;
    items.push({
      address: change.address,
      actions: change.actions.join(','),
      adds: outcome.adds,
      frees: outcome.frees,
      matchedBy: claim ? 'claim' : 'consumer',
      bounded: outcome.bounded,
    });
  }
  return { adds, frees, items, problems };
}

type ChangeOutcome = { readonly adds: number; readonly frees: number; readonly bounded: boolean } | { readonly problem: PlanProblem };

function accountChange(change: PlanResourceChange, q: PlanQuantity): ChangeOutcome {
  const actions = change.actions.join(',');
  const after = (): Reading => read(q, change.after, change.afterUnknown, change.address, 'after');
  const before = (): Reading => read(q, change.before, undefined, change.address, 'before');
  switch (actions) {
    case 'no-op':
    case 'read':
    case 'forget':
      return { adds: 0, frees: 0, bounded: false };
    case 'create':
      return combine(after(), undefined, (a) => ({ adds: a, frees: 0 }));
    case 'delete':
      return combine(undefined, before(), (_a, b) => ({ adds: 0, frees: b }));
    case 'update':
    case 'delete,create':
      return combine(after(), before(), (a, b) => ({ adds: Math.max(0, a - b), frees: Math.max(0, b - a) }));
    case 'create,delete':
      return combine(after(), before(), (a, b) => ({ adds: a, frees: b }));
    default:
      return {
        problem: {
          address: change.address,
          message: `${change.address}: the plan's actions ${JSON.stringify(change.actions)} are not ones cdktf-headroom knows how to count (create, delete, update, replace, no-op, read, forget), so the headroom fails closed. Use a Terraform version whose plan JSON uses those actions.`,
        },
      };
  }
}

function combine(a: Reading | undefined, b: Reading | undefined, f: (after: number, before: number) => { adds: number; frees: number }): ChangeOutcome {
  if (a && 'problem' in a) return a;
  if (b && 'problem' in b) return b;
  const r = f(a?.value ?? 0, b?.value ?? 0);
  return { ...r, bounded: a?.bounded === true };
}

/** Reads one quantity from a planned object (`after`, with its unknowns) or a prior one (`before`). */
function read(q: PlanQuantity, values: unknown, unknowns: unknown, address: string, side: 'before' | 'after'): Reading {
  if (q.kind === 'fixed') return { value: q.value, bounded: false };
  const path = q.attribute.split('.');
  if (isUnknown(unknowns, path)) {
    if (q.kind === 'match') return { value: 1, bounded: true };
    if (q.upTo !== undefined) return { value: q.upTo, bounded: true };
    return problem(
      address,
      q.attribute,
      `${address}: ${q.attribute} is unknown until apply (after_unknown), and an unknown is never read as 0, so the headroom fails closed. Declare the most it can be (upTo on the consumer or the claim), or give the attribute a value known at plan time.`,
    );
  }
  const v = valueAt(values, path);
  if (v === undefined || v === null) {
    if (q.kind === 'attribute' && q.ifAbsent !== undefined) return { value: q.ifAbsent, bounded: false };
    return problem(
      address,
      q.attribute,
      `${address}: the plan's ${side} object has no ${q.attribute}, and the headroom counts it, so it fails closed. Set ${q.attribute} on the resource, or count another attribute.`,
    );
  }
  if (q.kind === 'match') return { value: v === q.equals ? 1 : 0, bounded: false };
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    return problem(
      address,
      q.attribute,
      `${address}: ${q.attribute} is ${JSON.stringify(v)} in the plan's ${side} object, not a number of at least 0, so the headroom fails closed. Count an attribute that holds a number.`,
    );
  }
  return { value: v, bounded: false };
}

function problem(address: string, attribute: string, message: string): Reading {
  return { problem: { address, attribute, message } };
}

/** Whether the unknowns mark `path` (or an object above it) as unknown. */
function isUnknown(unknowns: unknown, path: readonly string[]): boolean {
  let cur = unknowns;
  for (const seg of path) {
    if (cur === true) return true;
    if (typeof cur !== 'object' || cur === null) return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur === true;
}

/** The value at a dotted path (array indexes as digits), or undefined. */
function valueAt(values: unknown, path: readonly string[]): unknown {
  let cur = values;
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
