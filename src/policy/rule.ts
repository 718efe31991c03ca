import { HeadroomError } from '../core/errors';
import { Headroom, HeadroomProps } from './headroom';
import { firstSourceFailure, ILookupSource, sourcePath } from './lookup-source';
import { NumberInput } from './number-input';
import { atLeastRule } from './rules/at-least';
import { atMostRule } from './rules/at-most';
import { customRule, CustomCheckResult } from './rules/custom';
import { FitsOptions, fitsRule } from './rules/fits';
import { RuleKind, RuleLevel, RuleOptions, RuleOutcome, RuleSpec } from './rules/rule-kind';
import { UtilizationOptions, utilizationRule } from './rules/utilization';
import { RunwayOptions, runwayRule } from './rules/runway';

// Each kind of rule is a pure function in rules/ (one file per kind) that checks its
// arguments and builds a RuleSpec; Rule is the one class an app sees, its factories the
// front of those functions.
export type { FindingError, RuleKind, RuleLevel, RuleOptions, RuleOutcome, RuleReading } from './rules/rule-kind';
export type { FitsOptions } from './rules/fits';
export type { UtilizationOptions } from './rules/utilization';
export type { CustomCheckResult } from './rules/custom';
export type { RunwayOptions } from './rules/runway';

/** Brand of a Rule: shared by every copy of this library in an app (see `Rule.isRule`). */
const RULE_SYMBOL = Symbol.for('cdktf-headroom/Rule');

/**
 * A check a {@link Gate} runs at synth: bounds, fits-in-headroom, utilization bands, or
 * a custom predicate. Make rules with the static factories; each has an id (unique within
 * its gate, used by suppressions and reports), a level, and optional lookup sources that
 * make it fail closed.
 *
 * Values may be plain numbers or functions (`() => bw.maxMbps`); functions are read when
 * the gate is checked. A rule whose source lookup failed, or that throws, is a violation.
 *
 * @example
 * Rule.fits('qingcloud-instances', headroom, { need: count });
 * Rule.atMost('eip-peak-mbps', () => bw.maxMbps, 80, { level: 'warning', source: bw });
 * Rule.atLeast('hss-idle-quota', () => hss.idleQuotaFor('hss.version.enterprise'), newHosts, { source: hss });
 * Rule.utilization('vcpus', { used: usage.totals.vcpusCount, limit: 200 }, { warnAt: 0.8, failAt: 0.9 });
 */
export class Rule {
  /**
   * Passes while `value <= max`.
   * @example Rule.atMost('eip-peak-mbps', () => bw.maxMbps, 80, { level: 'warning', source: bw })
   */
  static atMost(id: string, value: NumberInput, max: NumberInput, options: RuleOptions = {}): Rule {
    return new Rule(atMostRule(id, value, max, options));
  }

  /**
   * Passes while `value >= min`.
   * @example Rule.atLeast('hss-idle-quota', () => hss.idleQuotaFor('hss.version.enterprise'), newHosts, { source: hss })
   */
  static atLeast(id: string, value: NumberInput, min: NumberInput, options: RuleOptions = {}): Rule {
    return new Rule(atLeastRule(id, value, min, options));
  }

  /**
   * Passes while what the stack creates fits in the headroom, given in one of two forms:
   * `{ need }`, an addition on top of everything used now (`need <= available`), or
   * `{ total }`, what the stack will hold in all (`total <= mayHold`, where `mayHold` is
   * `limit - (used - held)`). Prefer `total` with the headroom's `held` set to the
   * stack's own share: a deployed stack that re-synthesizes then passes with what it runs,
   * where `need` would count its running resources twice. The rule reads the headroom's
   * sources too, so a failed lookup behind it fails the rule.
   * @example Rule.fits('qingcloud-instances', instances, { total: workers })
   * @example Rule.fits('qingcloud-volumes', volumes, { need: 2 })
   */
  static fits(id: string, headroom: Headroom | HeadroomProps, options: FitsOptions): Rule {
    return new Rule(fitsRule(id, headroom, options));
  }

  /**
   * Fails as a warning at or above `warnAt`, as an error at or above `failAt` (fractions
   * of the limit: 0.8 is 80%). A zero limit counts as full.
   * @example Rule.utilization('vcpus', { used: usage.totals.vcpusCount, limit: 200 }, { warnAt: 0.8, failAt: 0.9 })
   */
  static utilization(id: string, usage: Headroom | HeadroomProps, options: UtilizationOptions): Rule {
    return new Rule(utilizationRule(id, usage, options));
  }

  /**
   * Fails when, at the rate usage has grown, the quota runs out sooner than `minDays` days
   * from now. It fits a trend (the Theil–Sen line, which one wild reading cannot move) to
   * the headroom's history: the headroom read at each recorded live answer of its source
   * lookup in the last `window` days (default 30), from the last step (a batch deleted) on,
   * against the latest limit. Too little history (fewer than 5 points, or less than 3 days)
   * is a warning that says what it has and needs, never a pass; flat or falling usage passes
   * with "no exhaustion in sight". The finding carries the points, the rate per day and the
   * projected date. The headroom needs `used` as a function and exactly one lookup construct
   * as its source. See docs/runway.md.
   * @example Rule.runway('instances-runway', Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage }), { minDays: 14 })
   */
  static runway(id: string, headroom: Headroom | HeadroomProps, options: RunwayOptions): Rule {
    return new Rule(runwayRule(id, headroom, options));
  }

  /**
   * A rule from your own predicate: it returns `true` (pass), `false` (fail), or a
   * {@link CustomCheckResult} with the values to report. A predicate that throws fails
   * closed.
   * @example
   * Rule.custom('one-region', () => regions.size === 1, { fix: 'Deploy every worker to one region.' })
   */
  static custom(id: string, predicate: () => boolean | CustomCheckResult, options: RuleOptions = {}): Rule {
    return new Rule(customRule(id, predicate, options));
  }

  /** The rule's id: unique within its gate; suppressions and reports name rules by it. */
  public readonly id: string;
  /** The kind of rule. */
  public readonly kind: RuleKind;
  /** The most severe level it fails with. */
  public readonly level: RuleLevel;
  /** One line: what the rule checks. */
  public readonly description: string;
  /** The lookups it reads; a failed one fails the rule. */
  public readonly sources: readonly ILookupSource[];
  /**
   * The headroom a `fits`, `utilization` or `runway` rule reads: the gate report records it (its
   * numbers, consumers and claims) for `cdktf-headroom check --plan`.
   * @default undefined for the other kinds
   */
  public readonly headroom?: Headroom;
  private readonly spec: RuleSpec;

  /** Whether `x` is a Rule (works across copies of this library; never use `instanceof`). */
  static isRule(x: unknown): x is Rule {
    return typeof x === 'object' && x !== null && RULE_SYMBOL in x;
  }

  private constructor(spec: RuleSpec) {
    Object.defineProperty(this, RULE_SYMBOL, { value: true });
    this.spec = spec;
    this.id = spec.id;
    this.kind = spec.kind;
    this.level = spec.level;
    this.description = spec.description;
    this.sources = spec.sources;
    if (spec.headroom) this.headroom = spec.headroom;
  }

  /** Construct paths of the rule's sources. */
  get sourcePaths(): string[] {
    return this.sources.map(sourcePath);
  }

  /**
   * Checks the rule now. Never throws: a failed source lookup, or an error while
   * checking, gives a failed outcome at level `error` carrying that error (fail closed).
   */
  evaluate(): RuleOutcome {
    const failure = firstSourceFailure(this.sources);
    if (failure) {
      return failedClosed(
        `lookup ${failure.source} failed, so the rule cannot be checked and fails closed: ${sentence(failure.error.message)} Fix the lookup (credentials, endpoint, ids) and synthesize again.`,
        failure.error,
      );
    }
    try {
      return this.spec.check();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      return failedClosed(`the rule could not be checked and fails closed: ${sentence(error.message)}${this.spec.fix ? ` ${this.spec.fix}` : ''}`, error);
    }
  }
}

function failedClosed(message: string, error: Error): RuleOutcome {
  const raw = (error as unknown as { code?: unknown }).code;
  const code = error instanceof HeadroomError ? error.code : typeof raw === 'string' ? raw : 'UNKNOWN';
  return {
    passed: false,
    level: 'error',
    observed: null,
    bound: null,
    values: {},
    message,
    error: { code, name: error.name, message: error.message },
  };
}

/** Text as a sentence: ends with a period unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}
