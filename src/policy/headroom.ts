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
}

/** A claim as the headroom keeps it: the resource (or its address) and its quantity. */
interface HeadroomClaim {
  readonly target: IConstruct | string;
  readonly quantity: PlanQuantity;
}

/** A Terraform address a stack can claim: `type.name`, optionally in modules and with an instance key. */
const CLAIM_ADDRESS = /^(module\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]+\])?\.)*[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]+\])?$/;

/** Brand of a Headroom: shared by every copy of this library in an app (see `Headroom.isHeadroom`). */
const HEADROOM_SYMBOL = Symbol.for('cdktf-headroom/Headroom');

/**
 * How much of a quota is left: `used` against `limit`, with `available` never negative.
 *
 * Use it to size what a stack creates (quota-aware provisioning) and to declare rules over
 * it (`Rule.fits`, `Rule.utilization`). `used` and `limit` may be functions, read each time
 * a value is asked for; plain numbers are checked when the headroom is made.
 *
 * @example
 * const usage = new ProjectResourceStat(this, 'usage', { ... });
 * const headroom = Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage });
 * const count = Math.min(desired, headroom.available);
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
   * at least 0 (or a function), or for a `source` that is not a lookup construct.
   */
  static of(props: HeadroomProps): Headroom {
    if (typeof props !== 'object' || props === null) {
      throw new InputError(`Headroom.of: props must be an object such as { used: 42, limit: 50 }; got ${String(props)}.`);
    }
    const name = props.name === undefined ? 'headroom' : new Validator('Headroom.of').nonEmptyString('name', props.name);
    const where = `Headroom.of(${name})`;
    const used = checkNumberInput(props.used, where, 'used', { min: 0 });
    const limit = checkNumberInput(props.limit, where, 'limit', { min: 0 });
    const sources = sourceList(props.source);
    sources.forEach((s, i) => {
      if (!isLookupSource(s))
        new Validator(where).fail(`source[${i}]`, typeof s, 'a lookup construct (an object with lookupError), such as a ProjectResourceStat');
    });
    if (props.counts !== undefined && !Array.isArray(props.counts))
      new Validator(where).fail('counts', props.counts, 'an array of consumers such as [Consumers.qingcloudInstances()]');
    const counts = (props.counts ?? []).map((c, i) => checkConsumer(where, `counts[${i}]`, c));
    return new Headroom(name, used, limit, sources, counts);
  }

  private constructor(
    /** What the quota is of, as shown in messages. */
    public readonly name: string,
    private readonly usedInput: NumberInput,
    private readonly limitInput: NumberInput,
    /** The lookups the numbers come from. */
    public readonly sources: readonly ILookupSource[],
    /** What counts toward it in a Terraform plan, by resource type. */
    public readonly counts: readonly PlanConsumer[] = [],
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

  /** How much more fits: `limit - used`, and 0 (never negative) when usage is at or over the limit. */
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

  /** Whether `need` more fit under the limit. */
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

  private throwIfSourceFailed(): void {
    const failure = firstSourceFailure(this.sources);
    if (failure) throw failure.error;
  }
}
