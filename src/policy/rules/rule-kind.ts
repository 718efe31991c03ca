// What every kind of rule shares: the public types of a rule and its outcome, the spec a
// kind builds for the `Rule` front, and the checks of the arguments every kind takes.
import { Validator } from '../../core/validate';
import { Headroom, HeadroomProps } from '../headroom';
import { ILookupSource, isLookupSource, sourceList } from '../lookup-source';
import type { RunwayEvidence } from '../trend';

/** The error behind a rule that failed closed: its lookup failed, or the rule threw. */
export interface FindingError {
  /** Stable code: `HEADROOM_CLOUD`, `HEADROOM_CREDENTIALS`, ... or `UNKNOWN`. */
  readonly code: string;
  /** Error class name, e.g. `CloudServiceError`. */
  readonly name: string;
  /** The error's message (never a secret). */
  readonly message: string;
}

/** How bad a failed rule is: `error` fails synth (and plan); `warning` is reported, and fails only when asked. */
export type RuleLevel = 'error' | 'warning';

/** The kinds of rule: see the {@link Rule} factories. */
export type RuleKind = 'at-most' | 'at-least' | 'fits' | 'utilization' | 'runway' | 'custom';

/** Options every rule takes. */
export interface RuleOptions {
  /**
   * Severity when the rule fails.
   * @default 'error'
   */
  readonly level?: RuleLevel;
  /**
   * The lookup construct(s) the rule's numbers come from. When one failed, the rule is a
   * violation at level `error` whatever its level (fail closed), with the lookup's error.
   * @default none (for `fits` and `utilization`: the headroom's sources, plus these)
   */
  readonly source?: ILookupSource | readonly ILookupSource[];
  /**
   * What to do when the rule fails, ending its message.
   * @default a hint for the kind of rule, e.g. "Bring it down to 80 or less, ..."
   */
  readonly fix?: string;
  /**
   * One line for reports: what the rule checks.
   * @default generated from the rule, e.g. "at most 80"
   */
  readonly description?: string;
}

/**
 * What a rule read and concluded, shared by the rule's {@link RuleOutcome} and the report's
 * {@link Finding}: the severity, the numbers, the message, and why it failed closed.
 */
export interface RuleReading {
  /** Severity: of the failure, or for a pass the severity the rule fails with. */
  readonly level: RuleLevel;
  /** The value the rule observed (a number, or `"Infinity"`), or null when it could not be read. */
  readonly observed: number | string | null;
  /** The bound it was held to, or null when there is none. */
  readonly bound: number | string | null;
  /** Every number the rule read, by name (`used`, `limit`, `available`, `need`, ...). */
  readonly values: Readonly<Record<string, number | string>>;
  /** What was found and, when it failed, what to do. */
  readonly message: string;
  /** Why the rule failed closed, when it did. */
  readonly error?: FindingError;
  /**
   * A runway rule's evidence: the history it read (the points), the trend's rate per day,
   * the projected date (see docs/runway.md).
   * @default absent for the other kinds
   */
  readonly runway?: RunwayEvidence;
}

/** What one check of a rule found, before suppressions are applied. */
export interface RuleOutcome extends RuleReading {
  /** Whether the rule passed. */
  readonly passed: boolean;
}

/**
 * The arguments every kind takes, checked: what {@link ruleBase} returns.
 * @internal
 */
export interface RuleBase {
  /** The rule's id, checked against the id pattern. */
  readonly id: string;
  /** The level it fails with. */
  readonly level: RuleLevel;
  /** The lookups given in `options.source`. */
  readonly sources: readonly ILookupSource[];
  /**
   * The rule's `fix`, also appended when the rule throws.
   * @default none
   */
  readonly fix?: string;
}

/**
 * What a kind of rule builds from its arguments, already checked; the `Rule` front holds
 * it and calls `check` when the gate evaluates the rule.
 *
 * Why a spec rather than a subclass: each kind is then a pure function of its arguments
 * (one file each under `policy/rules/`), and `Rule` stays the one class an app sees.
 * @internal
 */
export interface RuleSpec extends RuleBase {
  /** The kind of rule. */
  readonly kind: RuleKind;
  /** One line for reports: what the rule checks. */
  readonly description: string;
  /**
   * The headroom a `fits`, `utilization` or `runway` rule reads.
   * @default none for the other kinds
   */
  readonly headroom?: Headroom;
  /** Reads the rule's numbers and judges them; may throw (the front then fails closed). */
  readonly check: () => RuleOutcome;
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * How errors name a factory call: `Rule.atMost("eip-peak-mbps")`.
 * @internal
 */
export function ruleWhere(factory: string, id: unknown): string {
  return `Rule.${factory}(${JSON.stringify(id)})`;
}

/**
 * Checks the id and the options every kind takes (level, fix, description, source), and
 * throws an `InputError` naming `where` and the field otherwise.
 * @internal
 */
export function ruleBase(where: string, id: unknown, options: RuleOptions): RuleBase {
  const v: Validator = new Validator(where);
  if (typeof id !== 'string' || !RULE_ID.test(id)) {
    v.fail('id', id, 'letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters', 'For example "qingcloud-instances".');
  }
  if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object');
  const level = options.level === undefined ? 'error' : v.oneOf('level', options.level, ['error', 'warning'] as const);
  if (options.fix !== undefined) v.nonEmptyString('fix', options.fix);
  if (options.description !== undefined) v.nonEmptyString('description', options.description);
  const sources = sourceList(options.source);
  sources.forEach((s, i) => {
    if (!isLookupSource(s)) v.fail(`source[${i}]`, typeof s, 'a lookup construct (an object with lookupError), such as a ProjectResourceStat');
  });
  return { id, level, sources, fix: options.fix };
}

/**
 * A headroom as given to `fits` or `utilization`: a {@link Headroom}, or its props (named
 * after the rule).
 * @internal
 */
export function toHeadroom(h: Headroom | HeadroomProps, id: string): Headroom {
  return Headroom.isHeadroom(h) ? h : Headroom.of({ name: id, ...h });
}
