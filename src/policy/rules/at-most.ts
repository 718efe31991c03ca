import { fmt } from '../message-format';
import { NumberInput } from '../number-input';
import { BoundKind, boundRule } from './bound';
import { RuleOptions, RuleSpec } from './rule-kind';

const AT_MOST: BoundKind = {
  kind: 'at-most',
  factory: 'atMost',
  boundName: 'max',
  describe: 'at most',
  holds: (v, max) => v <= max,
  passed: (v, max) => `${fmt(v)} is within the maximum ${fmt(max)}.`,
  failed: (v, max, fix) =>
    `${fmt(v)} is above the maximum ${fmt(max)} by ${fmt(v - max)}. ${fix ?? `Bring it down to ${fmt(max)} or less, or raise the bound once the quota allows it.`}`,
};

/**
 * The rule of `Rule.atMost`: passes while `value <= max`; `max` is at least 0.
 * @internal
 */
export function atMostRule(id: string, value: NumberInput, max: NumberInput, options: RuleOptions): RuleSpec {
  return boundRule(AT_MOST, id, value, max, options);
}
