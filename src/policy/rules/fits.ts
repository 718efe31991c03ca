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
    return of(`a total of ${typeof total === 'number' ? fmt(total) : "the stack's total"} fits in ${h.name}`, () => checkFits(where, base, h, TOTAL, total));
  }
  checkNumberInput(options.need, where, 'need', { min: 0 });
  const need = options.need!;
  return of(`${typeof need === 'number' ? fmt(need) : 'the need'} more fit in ${h.name}`, () => checkFits(where, base, h, NEED, need));
}

/** The headroom's numbers, as both forms read them. */
interface Shares {
  readonly used: number;
  readonly held: number;
  readonly usedByOthers: number;
  readonly limit: number;
}

/** What tells the two forms of `fits` apart: the option read, the room it is held to, and what they say. */
interface FitsForm {
  /** The option: `need` or `total`. */
  readonly field: 'need' | 'total';
  /** The room's name in the outcome's values. */
  readonly roomName: 'available' | 'mayHold';
  /** The room the option must fit in. */
  readonly room: (s: Shares) => number;
  /** The message of a pass. */
  readonly passed: (s: Shares, asked: number, room: number) => string;
  /** The message of a failure: what was found, then `fix` or the form's own hint. */
  readonly failed: (s: Shares, asked: number, room: number, fix: string | undefined) => string;
}

/** "42 of 50 used: 32 by others, 10 held by the stack": the stack's share is told apart only when it holds some. */
const inUse = (s: Shares): string =>
  `${fmt(s.used)} of ${fmt(s.limit)} used${s.held > 0 ? `: ${fmt(s.usedByOthers)} by others, ${fmt(s.held)} held by the stack` : ''}`;

/** The `{ need }` form: an addition on top of everything used now, against what is available. */
const NEED: FitsForm = {
  field: 'need',
  roomName: 'available',
  room: (s) => Math.max(0, s.limit - s.used),
  passed: (s, n, available) => `${fmt(n)} fit: ${fmt(available)} available (${inUse(s)}).`,
  failed: (s, n, available, fix) => {
    const twice = s.held > 0 ? ' If need counts resources the stack already runs, give { total } (what the stack holds in all) instead.' : '';
    return `needs ${fmt(n)} but only ${fmt(available)} fit (${inUse(s)}). ${fix ?? `Create at most ${fmt(available)} more, free ${fmt(n - available)}, or raise the quota to at least ${fmt(s.used + n)}.${twice}`}`;
  },
};

/** What the `{ total }` form says of the headroom. */
const context = (s: Shares): string => `limit ${fmt(s.limit)}, ${fmt(s.usedByOthers)} used by others; the stack holds ${fmt(s.held)} now`;

/** The `{ total }` form: the stack's total against what it may hold. */
const TOTAL: FitsForm = {
  field: 'total',
  roomName: 'mayHold',
  room: (s) => Math.max(0, s.limit - s.usedByOthers),
  passed: (s, t, mayHold) => `a total of ${fmt(t)} fits: the stack may hold ${fmt(mayHold)} (${context(s)}).`,
  failed: (s, t, mayHold, fix) =>
    `a total of ${fmt(t)} does not fit: the stack may hold at most ${fmt(mayHold)} (${context(s)}). ${fix ?? `Size the stack to at most ${fmt(mayHold)} (Math.min(desired, headroom.mayHold)), free ${fmt(t - mayHold)} used by others, or raise the quota to at least ${fmt(s.usedByOthers + t)}.`}`,
};

/** Reads the headroom (used, limit, held: a failed read fails the rule closed) and the option, and holds one to the other. */
function checkFits(where: string, base: RuleBase, h: Headroom, form: FitsForm, input: NumberInput): RuleOutcome {
  const used = h.used;
  const limit = h.limit;
  const held = h.held;
  const s: Shares = { used, held, usedByOthers: used - held, limit };
  const room = form.room(s);
  const asked = readNumber(input, where, form.field, { min: 0 });
  const passed = asked <= room;
  return {
    passed,
    level: base.level,
    observed: jsonNumber(room),
    bound: jsonNumber(asked),
    values: { ...s, [form.roomName]: room, [form.field]: asked },
    message: passed ? form.passed(s, asked, room) : form.failed(s, asked, room, base.fix),
  };
}
