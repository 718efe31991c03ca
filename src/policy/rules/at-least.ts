import { fmt } from '../message-format';
import { NumberInput } from '../number-input';
import { BoundKind, boundRule } from './bound';
import { RuleOptions, RuleSpec } from './rule-kind';

const AT_LEAST: BoundKind = {
  kind: 'at-least',
  factory: 'atLeast',
  boundName: 'min',
  describe: 'at least',
  holds: (v, min) => v >= min,
  passed: (v, min) => `${fmt(v)} meets the minimum ${fmt(min)}.`,
  failed: (v, min, fix) =>
    `${fmt(v)} is below the minimum ${fmt(min)} by ${fmt(min - v)}. ${fix ?? `Free or buy ${fmt(min - v)} more, or lower what the stack needs to ${fmt(v)}.`}`,
};

/**
 * The rule of `Rule.atLeast`: passes while `value >= min`; `min` is at least 0.
 * @internal
 */
export function atLeastRule(id: string, value: NumberInput, min: NumberInput, options: RuleOptions): RuleSpec {
  return boundRule(AT_LEAST, id, value, min, options);
}
