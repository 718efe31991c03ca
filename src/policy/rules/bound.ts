// The shape `at-most` and `at-least` share: a value held to a bound that is never negative.
import { fmt, jsonNumber } from '../message-format';
import { checkNumberInput, NumberBounds, NumberInput, readNumber } from '../number-input';
import { ruleBase, RuleOptions, RuleSpec, ruleWhere } from './rule-kind';

/**
 * Bounds of `atMost` and `atLeast` are at least 0: what rules read (counts, amounts,
 * Mbps, quota) is never negative, so a negative minimum always passes and a negative
 * maximum always fails; neither can be meant.
 */
const NON_NEGATIVE_BOUND: NumberBounds = {
  min: 0,
  fix: 'A rule reads counts and amounts, which are never negative: a negative minimum would always pass and a negative maximum would always fail. Give 0 or more.',
};

/**
 * What one bound kind says and how it compares: the part of `at-most` and `at-least`
 * that differs.
 * @internal
 */
export interface BoundKind {
  /** The kind of rule. */
  readonly kind: 'at-most' | 'at-least';
  /** The `Rule` factory, for errors: `atMost`. */
  readonly factory: string;
  /** The bound's argument, in errors and in the outcome's values: `max`. */
  readonly boundName: string;
  /** The description's first words: `at most`. */
  readonly describe: string;
  /** Whether `value` passes against `bound`. */
  readonly holds: (value: number, bound: number) => boolean;
  /** The message of a pass. */
  readonly passed: (value: number, bound: number) => string;
  /** The message of a failure: what was found, then `fix` or the kind's own hint. */
  readonly failed: (value: number, bound: number, fix: string | undefined) => string;
}

/**
 * A rule holding `value` to `bound` the way `k` says, arguments checked now (the bound at
 * least 0), functions read when the rule is checked.
 * @internal
 */
export function boundRule(k: BoundKind, id: string, value: NumberInput, bound: NumberInput, options: RuleOptions): RuleSpec {
  const where = ruleWhere(k.factory, id);
  const base = ruleBase(where, id, options);
  checkNumberInput(value, where, 'value');
  checkNumberInput(bound, where, k.boundName, NON_NEGATIVE_BOUND);
  return {
    ...base,
    kind: k.kind,
    description: options.description ?? `${k.describe} ${typeof bound === 'number' ? fmt(bound) : 'the bound'}`,
    check: () => {
      const v = readNumber(value, where, 'value');
      const m = readNumber(bound, where, k.boundName, NON_NEGATIVE_BOUND);
      const passed = k.holds(v, m);
      return {
        passed,
        level: base.level,
        observed: jsonNumber(v),
        bound: jsonNumber(m),
        values: { value: jsonNumber(v), [k.boundName]: jsonNumber(m) },
        message: passed ? k.passed(v, m) : k.failed(v, m, options.fix),
      };
    },
  };
}
