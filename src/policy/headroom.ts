import { InputError } from '../core/errors';
import { Validator } from '../core/validate';
import { firstSourceFailure, ILookupSource, isLookupSource, sourceList } from './lookup-source';
import { checkNumberInput, NumberInput, readNumber } from './number-input';

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
}

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
    return new Headroom(name, used, limit, sources);
  }

  private constructor(
    /** What the quota is of, as shown in messages. */
    public readonly name: string,
    private readonly usedInput: NumberInput,
    private readonly limitInput: NumberInput,
    /** The lookups the numbers come from. */
    public readonly sources: readonly ILookupSource[],
  ) {
    Object.defineProperty(this, HEADROOM_SYMBOL, { value: true });
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
