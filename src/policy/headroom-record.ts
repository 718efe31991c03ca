import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';
import { InputError } from '../core/errors';
import { FrameworkModule } from '../core/framework';
import { Headroom } from './headroom';
import { PlanClaim, PlanConsumer } from './plan-consumers';

/**
 * One headroom of a stack, as the gate report records it for `cdktf-headroom check
 * --plan`: the numbers the synth observed, and what counts toward it in a plan.
 *
 * A headroom is named by its stack and its name (`Headroom.of({ name })`): two different
 * headrooms with one name in one stack are an error when the rules are added.
 */
export interface HeadroomRecord {
  /** Construct path of the stack whose gates read it. */
  readonly stack: string;
  /** The headroom's name. */
  readonly name: string;
  /** What others use: `used - held`, or null when it could not be read (see `error`). */
  readonly usedByOthers: number | null;
  /** What the stack itself holds of `used`, or null when it could not be read. */
  readonly held: number | null;
  /** The quota, or null when it could not be read. */
  readonly limit: number | null;
  /**
   * Why the numbers could not be read (a failed lookup, a bad value); `check --plan`
   * then fails closed for this headroom.
   * @default absent when the numbers were read
   */
  readonly error?: string;
  /** What counts toward it by resource type. */
  readonly counts: readonly PlanConsumer[];
  /** The resources the stack claims for it, by address. */
  readonly claims: readonly PlanClaim[];
  /**
   * What it counts, for reservations (`check --plan --reserve`): headrooms of any stack
   * with the same quota id share their reservations.
   * @default absent in reports written before reservations: such a headroom cannot be reserved
   */
  readonly quota?: HeadroomQuota;
}

/**
 * What a headroom counts, as reservations name it: the lookups its numbers come from
 * (their stable keys: cloud and API, endpoint, account fingerprint, query) and the counter
 * (its `counter` prop, else its consumers). Two stacks, of any repositories, whose
 * headrooms have the same of both count the same quota and share its reservations.
 */
export interface HeadroomQuota {
  /** A short id of `lookups` and `counter`: `q-` and 24 hex digits of their SHA-256. */
  readonly id: string;
  /** The lookups' stable keys, sorted (empty when the headroom has no lookup source). */
  readonly lookups: readonly string[];
  /** What is counted: the `counter` prop, the consumers' types and quantities, or (not shared) `stack <path> headroom <name>`. */
  readonly counter: string;
  /** False when the headroom is its stack's own: no lookup source or nothing counted by type, and no `counter` given. */
  readonly shared: boolean;
}

/** The quota a headroom counts (see {@link HeadroomQuota}); never throws. */
export function headroomQuota(h: Headroom, stack: string): HeadroomQuota {
  const lookups = [...new Set(h.sources.map(keyOf).filter((k): k is string => k !== undefined))].sort();
  const consumers = h.counts.map((c) => JSON.stringify([c.resourceType, c.quantity])).sort();
  const shared = h.counter !== undefined || (lookups.length > 0 && consumers.length > 0);
  const counter = h.counter ?? (shared ? consumers.join(' + ') : `stack ${stack} headroom ${h.name}`);
  const id = `q-${createHash('sha256').update(JSON.stringify({ lookups, counter })).digest('hex').slice(0, 24)}`;
  return { id, lookups, counter, shared };
}

function keyOf(source: Headroom['sources'][number]): string | undefined {
  try {
    const key = source.lookupKey;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The record of a headroom read by a gate of `stack`; never throws (a failure is its `error`). */
export function headroomRecord(fw: FrameworkModule, h: Headroom, stack: IConstruct): HeadroomRecord {
  const base = { stack: stack.node.path, name: h.name, counts: h.counts, quota: headroomQuota(h, stack.node.path) };
  let claims: PlanClaim[];
  try {
    claims = h.claims.map((c) => ({ address: claimAddress(fw, c.resource, stack, h.name), quantity: c.quantity }));
  } catch (err) {
    return { ...base, usedByOthers: null, held: null, limit: null, error: (err as Error).message, claims: [] };
  }
  try {
    return { ...base, usedByOthers: h.usedByOthers, held: h.held, limit: h.limit, claims };
  } catch (err) {
    return { ...base, usedByOthers: null, held: null, limit: null, error: (err as Error).message, claims };
  }
}

/** The Terraform address of a claimed resource (`type.name`), which must be in `stack`. */
function claimAddress(fw: FrameworkModule, r: IConstruct | string, stack: IConstruct, name: string): string {
  if (typeof r === 'string') return r;
  if (fw.TerraformStack.of(r) !== stack) {
    throw new InputError(
      `headroom ${name} claims ${r.node.path}, which is not in stack ${stack.node.path}, whose gate reads the headroom. A plan is of one stack: claim resources of the gate's stack.`,
    );
  }
  const x = r as unknown as { terraformResourceType: string; friendlyUniqueId: string };
  return `${x.terraformResourceType}.${x.friendlyUniqueId}`;
}
