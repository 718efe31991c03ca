import type { RuleLevel, RuleOutcome } from '../../src/policy/rules/rule-kind';

/**
 * The outcome a test expects of an at-most or at-least rule: the value observed, the bound
 * (`{ max }` or `{ min }`, also its name in `values`), pass or fail, the message, and the
 * level (`error` unless given). Every field is the test's own: nothing comes from the code
 * under test.
 */
export function boundOutcome(
  bound: { max: number } | { min: number },
  observed: number,
  passed: boolean,
  message: string,
  level: RuleLevel = 'error',
): RuleOutcome {
  return { passed, level, observed, bound: 'max' in bound ? bound.max : bound.min, values: { value: observed, ...bound }, message };
}
