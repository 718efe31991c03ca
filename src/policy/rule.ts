import { HeadroomError } from '../core/errors';
import { Validator } from '../core/validate';
import { Headroom, HeadroomProps } from './headroom';
import { firstSourceFailure, ILookupSource, isLookupSource, sourceList, sourcePath } from './lookup-source';
import { checkNumberInput, NumberInput, readNumber } from './number-input';

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
export type RuleKind = 'at-most' | 'at-least' | 'fits' | 'utilization' | 'custom';

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
 * Options of {@link Rule.fits}: exactly one of `need` (an addition) and `total` (the
 * stack's total after the deployment).
 */
export interface FitsOptions extends RuleOptions {
  /**
   * How many more the stack is about to create, on top of everything used now (its own
   * running resources included). Passes while `need <= headroom.available`. At least 0.
   * Give `total` instead when you know what the stack will hold in all: a stack that
   * re-synthesizes with its resources running adds nothing, but `need: count` would count
   * them again.
   * @default none: give `need` or `total`
   */
  readonly need?: NumberInput;
  /**
   * What the stack will hold in all after the deployment (e.g. its worker count), its
   * running resources included. Passes while `total <= headroom.mayHold`
   * (`limit - (used - held)`), so the stack's running resources are never counted twice.
   * Set the headroom's `held` to what the stack runs now. At least 0.
   * @default none: give `need` or `total`
   */
  readonly total?: NumberInput;
}

/** Options of {@link Rule.utilization}: at least one threshold. */
export interface UtilizationOptions extends Omit<RuleOptions, 'level'> {
  /**
   * Fraction of the limit (0.8 for 80%) at or above which the rule fails as a warning.
   * @default no warning band
   */
  readonly warnAt?: number;
  /**
   * Fraction of the limit (0.9 for 90%) at or above which the rule fails as an error.
   * @default no error band
   */
  readonly failAt?: number;
}

/** What a custom predicate may return instead of a plain boolean. */
export interface CustomCheckResult {
  /** Whether the check passed. */
  readonly pass: boolean;
  /**
   * The value observed, for reports.
   * @default none
   */
  readonly observed?: number | string;
  /**
   * The bound it was held to, for reports.
   * @default none
   */
  readonly bound?: number | string;
  /**
   * What was found (the rule's `fix` is appended when it fails).
   * @default "the check passed" / "the check failed"
   */
  readonly message?: string;
}

/** What one check of a rule found, before suppressions are applied. */
export interface RuleOutcome {
  /** Whether the rule passed. */
  readonly passed: boolean;
  /** Severity: of the failure, or for a pass the severity the rule fails with. */
  readonly level: RuleLevel;
  /** The value observed, or null when it could not be read. */
  readonly observed: number | string | null;
  /** The bound, or null when there is none. */
  readonly bound: number | string | null;
  /** Every number read, by name. */
  readonly values: Readonly<Record<string, number | string>>;
  /** What was found and, when it failed, what to do. */
  readonly message: string;
  /** Why the rule failed closed, when it did. */
  readonly error?: FindingError;
}

interface RuleSpec {
  readonly id: string;
  readonly kind: RuleKind;
  readonly level: RuleLevel;
  readonly description: string;
  readonly sources: readonly ILookupSource[];
  readonly fix?: string;
  readonly headroom?: Headroom;
  readonly check: () => RuleOutcome;
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Brand of a Rule: shared by every copy of this library in an app (see `Rule.isRule`). */
const RULE_SYMBOL = Symbol.for('cdktf-headroom/Rule');

/**
 * Bounds of `atMost` and `atLeast` are at least 0: what rules read (counts, amounts,
 * Mbps, quota) is never negative, so a negative minimum always passes and a negative
 * maximum always fails; neither can be meant.
 */
const NON_NEGATIVE_BOUND = {
  min: 0,
  fix: 'A rule reads counts and amounts, which are never negative: a negative minimum would always pass and a negative maximum would always fail. Give 0 or more.',
} as const;

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
    const where = `Rule.atMost(${JSON.stringify(id)})`;
    const base = ruleBase(where, id, options);
    checkNumberInput(value, where, 'value');
    checkNumberInput(max, where, 'max', NON_NEGATIVE_BOUND);
    return new Rule({
      ...base,
      kind: 'at-most',
      description: options.description ?? `at most ${typeof max === 'number' ? fmt(max) : 'the bound'}`,
      check: () => {
        const v = readNumber(value, where, 'value');
        const m = readNumber(max, where, 'max', NON_NEGATIVE_BOUND);
        const passed = v <= m;
        return {
          passed,
          level: base.level,
          observed: jsonNumber(v),
          bound: jsonNumber(m),
          values: { value: jsonNumber(v), max: jsonNumber(m) },
          message: passed
            ? `${fmt(v)} is within the maximum ${fmt(m)}.`
            : `${fmt(v)} is above the maximum ${fmt(m)} by ${fmt(v - m)}. ${options.fix ?? `Bring it down to ${fmt(m)} or less, or raise the bound once the quota allows it.`}`,
        };
      },
    });
  }

  /**
   * Passes while `value >= min`.
   * @example Rule.atLeast('hss-idle-quota', () => hss.idleQuotaFor('hss.version.enterprise'), newHosts, { source: hss })
   */
  static atLeast(id: string, value: NumberInput, min: NumberInput, options: RuleOptions = {}): Rule {
    const where = `Rule.atLeast(${JSON.stringify(id)})`;
    const base = ruleBase(where, id, options);
    checkNumberInput(value, where, 'value');
    checkNumberInput(min, where, 'min', NON_NEGATIVE_BOUND);
    return new Rule({
      ...base,
      kind: 'at-least',
      description: options.description ?? `at least ${typeof min === 'number' ? fmt(min) : 'the bound'}`,
      check: () => {
        const v = readNumber(value, where, 'value');
        const m = readNumber(min, where, 'min', NON_NEGATIVE_BOUND);
        const passed = v >= m;
        return {
          passed,
          level: base.level,
          observed: jsonNumber(v),
          bound: jsonNumber(m),
          values: { value: jsonNumber(v), min: jsonNumber(m) },
          message: passed
            ? `${fmt(v)} meets the minimum ${fmt(m)}.`
            : `${fmt(v)} is below the minimum ${fmt(m)} by ${fmt(m - v)}. ${options.fix ?? `Free or buy ${fmt(m - v)} more, or lower what the stack needs to ${fmt(v)}.`}`,
        };
      },
    });
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
    const where = `Rule.fits(${JSON.stringify(id)})`;
    const v = new Validator(where);
    if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object with need or total, such as { total: 3 }');
    const base = ruleBase(where, id, options);
    if ((options.need === undefined) === (options.total === undefined)) {
      v.fail(
        'need/total',
        { need: options.need, total: options.total },
        'exactly one of need (how many more the stack adds) and total (what the stack holds in all after the deployment)',
        "Give { total: count } with the headroom's held set to what the stack runs now, or { need: count } for an addition.",
      );
    }
    const h = toHeadroom(headroom, id);
    if (options.total !== undefined) {
      const total = checkNumberInput(options.total, where, 'total', { min: 0 });
      return new Rule({
        ...base,
        kind: 'fits',
        headroom: h,
        sources: [...h.sources, ...base.sources],
        description: options.description ?? `a total of ${typeof total === 'number' ? fmt(total) : "the stack's total"} fits in ${h.name}`,
        check: () => checkTotal(where, base.level, h, total, options.fix),
      });
    }
    checkNumberInput(options.need, where, 'need', { min: 0 });
    const need = options.need!;
    return new Rule({
      ...base,
      kind: 'fits',
      headroom: h,
      sources: [...h.sources, ...base.sources],
      description: options.description ?? `${typeof need === 'number' ? fmt(need) : 'the need'} more fit in ${h.name}`,
      check: () => {
        const used = h.used;
        const limit = h.limit;
        const held = h.held;
        const usedByOthers = used - held;
        const available = Math.max(0, limit - used);
        const n = readNumber(need, where, 'need', { min: 0 });
        const passed = n <= available;
        // The stack's share is told apart only when it holds some: "42 of 50 used: 32 by others, 10 held by the stack".
        const inUse = `${fmt(used)} of ${fmt(limit)} used${held > 0 ? `: ${fmt(usedByOthers)} by others, ${fmt(held)} held by the stack` : ''}`;
        const twice = held > 0 ? ' If need counts resources the stack already runs, give { total } (what the stack holds in all) instead.' : '';
        return {
          passed,
          level: base.level,
          observed: jsonNumber(available),
          bound: jsonNumber(n),
          values: { used, held, usedByOthers, limit, available, need: n },
          message: passed
            ? `${fmt(n)} fit: ${fmt(available)} available (${inUse}).`
            : `needs ${fmt(n)} but only ${fmt(available)} fit (${inUse}). ${options.fix ?? `Create at most ${fmt(available)} more, free ${fmt(n - available)}, or raise the quota to at least ${fmt(used + n)}.${twice}`}`,
        };
      },
    });
  }

  /**
   * Fails as a warning at or above `warnAt`, as an error at or above `failAt` (fractions
   * of the limit: 0.8 is 80%). A zero limit counts as full.
   * @example Rule.utilization('vcpus', { used: usage.totals.vcpusCount, limit: 200 }, { warnAt: 0.8, failAt: 0.9 })
   */
  static utilization(id: string, usage: Headroom | HeadroomProps, options: UtilizationOptions): Rule {
    const where = `Rule.utilization(${JSON.stringify(id)})`;
    const v: Validator = new Validator(where);
    if (typeof options !== 'object' || options === null)
      v.fail('options', options, 'an object with warnAt and/or failAt, such as { warnAt: 0.8, failAt: 0.9 }');
    const { warnAt, failAt } = options;
    if (warnAt === undefined && failAt === undefined) v.fail('warnAt/failAt', undefined, 'set: give warnAt, failAt or both, as fractions such as 0.8 for 80%');
    for (const [field, t] of [
      ['warnAt', warnAt],
      ['failAt', failAt],
    ] as const) {
      if (t !== undefined && (typeof t !== 'number' || !(t > 0 && t <= 1))) {
        v.fail(field, t, 'a fraction greater than 0 and at most 1 (0.8 for 80%)');
      }
    }
    if (warnAt !== undefined && failAt !== undefined && warnAt >= failAt) {
      v.fail('warnAt', warnAt, `below failAt (${failAt})`);
    }
    const level: RuleLevel = failAt !== undefined ? 'error' : 'warning';
    const base = ruleBase(where, id, { ...options, level });
    const h = toHeadroom(usage, id);
    const bands = [warnAt !== undefined ? `warn at ${pct(warnAt)}` : undefined, failAt !== undefined ? `fail at ${pct(failAt)}` : undefined];
    return new Rule({
      ...base,
      kind: 'utilization',
      headroom: h,
      sources: [...h.sources, ...base.sources],
      description: options.description ?? `${h.name} utilization: ${bands.filter(Boolean).join(', ')}`,
      check: () => {
        const used = h.used;
        const limit = h.limit;
        const u = limit === 0 ? (used === 0 ? 1 : Number.POSITIVE_INFINITY) : used / limit;
        const values: Record<string, number | string> = { used, limit, utilization: jsonNumber(u) };
        if (warnAt !== undefined) values.warnAt = warnAt;
        if (failAt !== undefined) values.failAt = failAt;
        const crossed: [RuleLevel, number] | undefined =
          failAt !== undefined && u >= failAt ? ['error', failAt] : warnAt !== undefined && u >= warnAt ? ['warning', warnAt] : undefined;
        if (!crossed) {
          const lowest = (warnAt ?? failAt)!;
          return {
            passed: true,
            level,
            observed: jsonNumber(u),
            bound: lowest,
            values,
            message: `${pct(u)} used (${fmt(used)} of ${fmt(limit)}), below ${pct(lowest)}.`,
          };
        }
        const [lvl, t] = crossed;
        const hint =
          limit === 0 ? `The quota is 0: raise it above ${fmt(used / t)}.` : `Bring use below ${fmt(t * limit)}, or raise the quota above ${fmt(used / t)}.`;
        return {
          passed: false,
          level: lvl,
          observed: jsonNumber(u),
          bound: t,
          values,
          message: `${pct(u)} used (${fmt(used)} of ${fmt(limit)}), at or above the ${lvl === 'error' ? 'fail' : 'warn'} threshold ${pct(t)}. ${options.fix ?? hint}`,
        };
      },
    });
  }

  /**
   * A rule from your own predicate: it returns `true` (pass), `false` (fail), or a
   * {@link CustomCheckResult} with the values to report. A predicate that throws fails
   * closed.
   * @example
   * Rule.custom('one-region', () => regions.size === 1, { fix: 'Deploy every worker to one region.' })
   */
  static custom(id: string, predicate: () => boolean | CustomCheckResult, options: RuleOptions = {}): Rule {
    const where = `Rule.custom(${JSON.stringify(id)})`;
    const base = ruleBase(where, id, options);
    if (typeof predicate !== 'function')
      new Validator(where).fail('predicate', typeof predicate, 'a function returning a boolean or { pass, observed?, bound?, message? }');
    return new Rule({
      ...base,
      kind: 'custom',
      description: options.description ?? `custom check ${id}`,
      check: () => {
        const result = predicate();
        const r: CustomCheckResult = typeof result === 'boolean' ? { pass: result } : result;
        if (typeof r !== 'object' || r === null || typeof r.pass !== 'boolean') {
          new Validator(where).fail('predicate result', r, 'a boolean or an object { pass: boolean, observed?, bound?, message? }');
        }
        const observed = r.observed === undefined ? null : typeof r.observed === 'number' ? jsonNumber(r.observed) : String(r.observed);
        const bound = r.bound === undefined ? null : typeof r.bound === 'number' ? jsonNumber(r.bound) : String(r.bound);
        const said = r.message ?? (r.pass ? 'the check passed.' : 'the check failed.');
        return {
          passed: r.pass,
          level: base.level,
          observed,
          bound,
          values: {},
          message: r.pass ? said : `${said} ${options.fix ?? 'Fix what the check tests, or suppress the rule with a reason.'}`,
        };
      },
    });
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
   * The headroom a `fits` or `utilization` rule reads: the gate report records it (its
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

function ruleBase(where: string, id: unknown, options: RuleOptions): { id: string; level: RuleLevel; sources: readonly ILookupSource[]; fix?: string } {
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

/** `Rule.fits` in its `{ total }` form: the stack's total against what it may hold. */
function checkTotal(where: string, level: RuleLevel, h: Headroom, total: NumberInput, fix: string | undefined): RuleOutcome {
  const used = h.used;
  const limit = h.limit;
  const held = h.held;
  const usedByOthers = used - held;
  const mayHold = Math.max(0, limit - usedByOthers);
  const t = readNumber(total, where, 'total', { min: 0 });
  const passed = t <= mayHold;
  const context = `limit ${fmt(limit)}, ${fmt(usedByOthers)} used by others; the stack holds ${fmt(held)} now`;
  return {
    passed,
    level,
    observed: jsonNumber(mayHold),
    bound: jsonNumber(t),
    values: { used, held, usedByOthers, limit, mayHold, total: t },
    message: passed
      ? `a total of ${fmt(t)} fits: the stack may hold ${fmt(mayHold)} (${context}).`
      : `a total of ${fmt(t)} does not fit: the stack may hold at most ${fmt(mayHold)} (${context}). ${fix ?? `Size the stack to at most ${fmt(mayHold)} (Math.min(desired, headroom.mayHold)), free ${fmt(t - mayHold)} used by others, or raise the quota to at least ${fmt(usedByOthers + t)}.`}`,
  };
}

function toHeadroom(h: Headroom | HeadroomProps, id: string): Headroom {
  return Headroom.isHeadroom(h) ? h : Headroom.of({ name: id, ...h });
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

/** A number for JSON: non-finite values become strings (`"Infinity"`), since JSON has no such numbers. */
export function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

/** A number for messages: integers as they are, fractions to at most 4 decimals. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/** A fraction as a percentage for messages: 0.845 -> "84.5%". */
export function pct(f: number): string {
  return Number.isFinite(f) ? `${Number((f * 100).toFixed(1))}%` : String(f);
}
