import { Validator } from '../../core/validate';
import { Headroom, HeadroomProps } from '../headroom';
import { fmt, jsonNumber } from '../message-format';
import { checkNumberInput, NumberInput, readNumber } from '../number-input';
import { RuleBase, ruleBase, RuleOptions, RuleOutcome, RuleSpec, ruleWhere, toHeadroom } from './rule-kind';

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

/**
 * The rule of `Rule.fits`: what the stack creates fits in the headroom, as an addition
 * (`need <= available`) or as the stack's total (`total <= mayHold`). It reads the
 * headroom's sources as well as its own.
 * @internal
 */
export function fitsRule(id: string, headroom: Headroom | HeadroomProps, options: FitsOptions): RuleSpec {
  const where = ruleWhere('fits', id);
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
  const of = (description: string, check: () => RuleOutcome): RuleSpec => ({
    ...base,
    kind: 'fits',
    headroom: h,
    sources: [...h.sources, ...base.sources],
    description: options.description ?? description,
    check,
  });
  if (options.total !== undefined) {
    const total = checkNumberInput(options.total, where, 'total', { min: 0 });
    return of(`a total of ${typeof total === 'number' ? fmt(total) : "the stack's total"} fits in ${h.name}`, () => checkTotal(where, base, h, total));
  }
  checkNumberInput(options.need, where, 'need', { min: 0 });
  const need = options.need!;
  return of(`${typeof need === 'number' ? fmt(need) : 'the need'} more fit in ${h.name}`, () => checkNeed(where, base, h, need));
}

/** The `{ need }` form: an addition on top of everything used now, against what is available. */
function checkNeed(where: string, base: RuleBase, h: Headroom, need: NumberInput): RuleOutcome {
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
      : `needs ${fmt(n)} but only ${fmt(available)} fit (${inUse}). ${base.fix ?? `Create at most ${fmt(available)} more, free ${fmt(n - available)}, or raise the quota to at least ${fmt(used + n)}.${twice}`}`,
  };
}

/** The `{ total }` form: the stack's total against what it may hold. */
function checkTotal(where: string, base: RuleBase, h: Headroom, total: NumberInput): RuleOutcome {
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
    level: base.level,
    observed: jsonNumber(mayHold),
    bound: jsonNumber(t),
    values: { used, held, usedByOthers, limit, mayHold, total: t },
    message: passed
      ? `a total of ${fmt(t)} fits: the stack may hold ${fmt(mayHold)} (${context}).`
      : `a total of ${fmt(t)} does not fit: the stack may hold at most ${fmt(mayHold)} (${context}). ${base.fix ?? `Size the stack to at most ${fmt(mayHold)} (Math.min(desired, headroom.mayHold)), free ${fmt(t - mayHold)} used by others, or raise the quota to at least ${fmt(usedByOthers + t)}.`}`,
  };
}
