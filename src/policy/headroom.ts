import { IConstruct } from 'constructs';
import { InputError } from '../core/errors';
import { anyFramework } from '../core/framework';
import { Validator } from '../core/validate';
import { firstSourceFailure, ILookupSource, isLookupSource, sourceList } from './lookup-source';
import { checkNumberInput, NumberInput, readNumber } from './number-input';
import { checkConsumer, ClaimOptions, claimQuantity, PlanConsumer, PlanQuantity } from './plan-consumers';

/** Props of {@link Headroom.of}. */
export interface HeadroomProps {
  /** How much of the quota is in use, e.g. `usage.totals.instanceCount`. At least 0. */
  readonly used: NumberInput;
  /** The quota, e.g. `50`. At least 0. */
  readonly limit: NumberInput;
  /**
   * The part of `used` the stack itself already holds: its own resources, e.g. the
   * instance count of its resource group (`usage.resourceGroups(['rg-workers']).instanceCount`).
   * At least 0 and at most `used`; reading a headroom whose `held` is above `used` throws an
   * `InputError` naming both values.
   *
   * Why it matters: `used` counts the stack's own running resources too. A stack that sizes
   * by `available` (what is left after everything, its own resources included) shrinks by
   * what it already runs on the next synth, then grows back on the one after: it flaps near
   * its limit. With `held`, {@link Headroom.mayHold} is the total the stack may hold
   * (`limit - (used - held)`), which stays the same when the stack re-synthesizes with
   * unchanged surroundings. See docs/sizing.md.
   *
   * @default 0: right only for a stack that holds none of the quota yet (its first deploy,
   * or resources outside this quota). A deployed stack that omits it sizes by what is left
   * *after* its own resources, and flaps.
   */
  readonly held?: NumberInput;
  /**
   * The lookup construct(s) the numbers come from. When one failed, reading the headroom
   * throws that lookup's error, and rules over it fail closed.
   * @default none: only the numbers themselves are checked
   */
  readonly source?: ILookupSource | readonly ILookupSource[];
  /**
   * What the quota is of, for error messages, e.g. `'qingcloud instances'`.
   * @default 'headroom'
   */
  readonly name?: string;
  /**
   * What counts toward the headroom in a Terraform plan, by resource type: the built-in
   * {@link Consumers} of the three clouds' providers, or `Consumers.ofType(...)`.
   * `cdktf-headroom check --plan` accounts what the plan adds and frees of them (see
   * also {@link Headroom.claim}).
   * @default none: only claimed resources count
   */
  readonly counts?: readonly PlanConsumer[];
  /**
   * What the headroom counts, as the reservations of plan pipelines name it
   * (`cdktf-headroom check --plan --reserve`, docs/reservations.md): two headrooms with the
   * same lookups (`source`: cloud, endpoint, account, query) and the same counter share
   * their reservations, in any stack of any repository. Give one (e.g. `'instances'`) when
   * two repositories count one quota with different consumers.
   * @default what `counts` counts (each consumer's resource type and quantity) when the
   * headroom has both a `source` and `counts`; otherwise the headroom is its stack's own
   * (named by stack and name), and no other stack shares its reservations
   */
  readonly counter?: string;
}

/** A claim as the headroom keeps it: the resource (or its address) and its quantity. */
interface HeadroomClaim {
  readonly target: IConstruct | string;
  readonly quantity: PlanQuantity;
}

/** A Terraform address a stack can claim: `type.name`, optionally in modules and with an instance key. */
const CLAIM_ADDRESS = /^(module\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]+\])?\.)*[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]+\])?$/;

/** Throws an `InputError` when the stack's share is above what is used in all. */
function checkHeldWithinUsed(where: string, held: number, used: number): void {
  if (held > used) {
    throw new InputError(
      `${where}: held must be at most used (what the stack holds is part of what is used); got held ${held} and used ${used}. Read both from the same lookup answer, e.g. used: usage.totals.instanceCount and held: usage.resourceGroups(['rg-workers']).instanceCount.`,
    );
  }
}

/** Brand of a Headroom: shared by every copy of this library in an app (see `Headroom.isHeadroom`). */
const HEADROOM_SYMBOL = Symbol.for('cdktf-headroom/Headroom');

/**
 * How much of a quota is left: `used` against `limit`, and the stack's own share of `used`
 * (`held`), so that what the stack may hold in total is `limit - (used - held)`.
 *
 * Use it to size what a stack creates (quota-aware provisioning) and to declare rules over
 * it (`Rule.fits`, `Rule.utilization`). Size a stack's total by {@link Headroom.mayHold} with
 * `held` read from the lookup answer: re-synthesizing a deployed stack then sizes the same
 * (it converges). `used`, `limit` and `held` may be functions, read each time a value is
 * asked for; plain numbers are checked when the headroom is made.
 *
 * @example
 * const usage = new ProjectResourceStat(this, 'usage', { ... });
 * const instances = Headroom.of({
 *   name: 'qingcloud instances',
 *   used: usage.totals.instanceCount,
 *   held: usage.resourceGroups(['rg-workers']).instanceCount,
 *   limit: 50,
 *   source: usage,
 * });
 * const workers = Math.min(desired, instances.mayHoldOr(0));
 * Rule.fits('qingcloud-instances', instances, { total: workers });
 */
export class Headroom {
  /**
   * Whether `x` is a Headroom, made by this copy of the library or another one in the same
   * app (a brand shared through `Symbol.for`, as `Rule.isRule` and `Gate.isGate`); never
   * use `instanceof`, which is false for a headroom made by another copy.
   */
  static isHeadroom(x: unknown): x is Headroom {
    return typeof x === 'object' && x !== null && HEADROOM_SYMBOL in x;
  }

  /**
   * Makes a headroom. Throws an `InputError` for a value that is not a finite number of
   * at least 0 (or a function), for a plain `held` above a plain `used`, or for a `source`
   * that is not a lookup construct.
   */
  static of(props: HeadroomProps): Headroom {
    if (typeof props !== 'object' || props === null) {
      throw new InputError(`Headroom.of: props must be an object such as { used: 42, limit: 50 }; got ${String(props)}.`);
    }
    const name = props.name === undefined ? 'headroom' : new Validator('Headroom.of').nonEmptyString('name', props.name);
    const where = `Headroom.of(${name})`;
    const used = checkNumberInput(props.used, where, 'used', { min: 0 });
    const limit = checkNumberInput(props.limit, where, 'limit', { min: 0 });
    const held = props.held === undefined ? 0 : checkNumberInput(props.held, where, 'held', { min: 0 });
    if (typeof used === 'number' && typeof held === 'number') checkHeldWithinUsed(where, held, used);
    const sources = sourceList(props.source);
    sources.forEach((s, i) => {
      if (!isLookupSource(s))
        new Validator(where).fail(`source[${i}]`, typeof s, 'a lookup construct (an object with lookupError), such as a ProjectResourceStat');
    });
    if (props.counts !== undefined && !Array.isArray(props.counts))
      new Validator(where).fail('counts', props.counts, 'an array of consumers such as [Consumers.qingcloudInstances()]');
    const counts = (props.counts ?? []).map((c, i) => checkConsumer(where, `counts[${i}]`, c));
    const counter = new Validator(where).optionalString('counter', props.counter);
    return new Headroom(name, used, limit, held, sources, counts, counter);
  }

  private constructor(
    /** What the quota is of, as shown in messages. */
    public readonly name: string,
    private readonly usedInput: NumberInput,
    private readonly limitInput: NumberInput,
    private readonly heldInput: NumberInput,
    /** The lookups the numbers come from. */
    public readonly sources: readonly ILookupSource[],
    /** What counts toward it in a Terraform plan, by resource type. */
    public readonly counts: readonly PlanConsumer[] = [],
    /** What it counts, for reservations (see {@link HeadroomProps.counter}); undefined: derived from sources and counts. */
    public readonly counter?: string,
  ) {
    Object.defineProperty(this, HEADROOM_SYMBOL, { value: true });
  }

  private readonly claimList: HeadroomClaim[] = [];

  /**
   * Claims a resource of the stack for this headroom: `cdktf-headroom check --plan`
   * counts what the plan adds and frees of it (every count and for_each instance), with
   * a fixed quantity (`{ quantity: 1 }`, the default) or the number in one of its planned
   * attributes (`{ attribute: 'cpu', upTo: 16 }`). Give a Terraform resource of the stack,
   * or the address of a resource in a module (`'module.net.qingcloud_eip.main'`). A
   * resource counts once toward a headroom: a claim wins over a consumer of
   * {@link HeadroomProps.counts} that matches it too.
   * @example headroom.claim(bastion, { quantity: 1 });
   * @example vcpus.claim(worker, { attribute: 'cpu', upTo: 16 });
   */
  claim(resource: IConstruct | string, options: ClaimOptions = {}): this {
    const where = `Headroom(${this.name}).claim`;
    const v = new Validator(where);
    if (typeof resource === 'string') {
      if (!CLAIM_ADDRESS.test(resource))
        v.fail('resource', resource, 'a Terraform resource, or a resource address such as "qingcloud_instance.bastion" or "module.net.qingcloud_eip.main"');
    } else if (!anyFramework().module.TerraformResource.isTerraformResource(resource)) {
      v.fail('resource', typeof resource, 'a Terraform resource of the stack (or a resource address string)');
    }
    this.claimList.push({ target: resource, quantity: claimQuantity(where, options) });
    return this;
  }

  /** The resources claimed with {@link Headroom.claim}: a resource (or its address) and its quantity each. */
  get claims(): readonly { readonly resource: IConstruct | string; readonly quantity: PlanQuantity }[] {
    return this.claimList.map((c) => ({ resource: c.target, quantity: c.quantity }));
  }

  /**
   * Whether `used` is a function, read each time (a runway rule reads it at each point of
   * a lookup's history; a plain number would read the same at every point).
   * @internal
   */
  get usedIsRead(): boolean {
    return typeof this.usedInput === 'function';
  }

  /** How much is in use. @throws the error of a failed source lookup, or an `InputError` for a bad value. */
  get used(): number {
    this.throwIfSourceFailed();
    return readNumber(this.usedInput, `Headroom(${this.name})`, 'used', { min: 0 });
  }

  /** The quota. @throws like {@link Headroom.used}. */
  get limit(): number {
    this.throwIfSourceFailed();
    return readNumber(this.limitInput, `Headroom(${this.name})`, 'limit', { min: 0 });
  }

  /**
   * The part of {@link Headroom.used} the stack itself holds (its `held` prop; 0 when not given).
   * @throws like {@link Headroom.used}, and an `InputError` naming both values when it is above `used`.
   */
  get held(): number {
    const used = this.used;
    const held = readNumber(this.heldInput, `Headroom(${this.name})`, 'held', { min: 0 });
    checkHeldWithinUsed(`Headroom(${this.name})`, held, used);
    return held;
  }

  /** What others use: `used - held`, the part of the quota the stack cannot free. @throws like {@link Headroom.held}. */
  get usedByOthers(): number {
    return this.used - this.held;
  }

  /**
   * The total the stack may hold: `limit - usedByOthers`, and 0 (never negative) when others
   * use the whole quota or more. Size what a stack creates by it, `Math.min(desired,
   * headroom.mayHold)`: with `held` set to what the stack runs, the result stays the same
   * when the stack re-synthesizes with unchanged surroundings (it converges), where
   * `available` would shrink by what the stack already runs.
   * @throws like {@link Headroom.held}.
   */
  get mayHold(): number {
    return Math.max(0, this.limit - this.usedByOthers);
  }

  /**
   * How much more fits now: `limit - used`, and 0 (never negative) when usage is at or over
   * the limit. This is an addition on top of everything in use, the stack's own resources
   * included: to size a stack's total, use {@link Headroom.mayHold}.
   */
  get available(): number {
    return Math.max(0, this.limit - this.used);
  }

  /**
   * `used / limit` as a fraction (0.84 for 84%); above 1 when over the quota. A zero limit
   * counts as full: 1 when nothing is used, `Infinity` otherwise.
   */
  get utilization(): number {
    const limit = this.limit;
    const used = this.used;
    if (limit === 0) return used === 0 ? 1 : Number.POSITIVE_INFINITY;
    return used / limit;
  }

  /** Whether `need` more (an addition to what is used now) fit under the limit. */
  fits(need: number): boolean {
    return need <= this.available;
  }

  /**
   * {@link Headroom.available}, or `fallback` when it cannot be read (a failed lookup, a
   * bad value). Size resources with `availableOr(0)` to create nothing when the lookup
   * failed, and let a gate over the same headroom report the failure.
   */
  availableOr(fallback: number): number {
    try {
      return this.available;
    } catch {
      return fallback;
    }
  }

  /**
   * {@link Headroom.mayHold}, or `fallback` when it cannot be read (a failed lookup, a bad
   * value, `held` above `used`). Size resources with `Math.min(desired, headroom.mayHoldOr(0))`
   * to create nothing when the lookup failed, and let a gate over the same headroom report
   * the failure.
   */
  mayHoldOr(fallback: number): number {
    try {
      return this.mayHold;
    } catch {
      return fallback;
    }
  }

  private throwIfSourceFailed(): void {
    const failure = firstSourceFailure(this.sources);
    if (failure) throw failure.error;
  }
}
