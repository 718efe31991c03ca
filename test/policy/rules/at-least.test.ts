import { InputError } from '../../../src/core/errors';
import { atLeastRule } from '../../../src/policy/rules/at-least';
import { thrownBy } from '../../_helpers/rejection';
import { boundOutcome } from '../../_helpers/rule-outcomes';

describe('rules/at-least', () => {
  it('builds an at-least spec with a description from a plain bound', () => {
    expect(atLeastRule('hss-idle', 3, 2, { description: 'idle quota for the new hosts' })).toMatchObject({
      kind: 'at-least',
      level: 'error',
      description: 'idle quota for the new hosts',
    });
    expect(atLeastRule('hss-idle', 3, 2, {}).description).toBe('at least 2');
  });

  it('passes at the minimum and fails below it, saying how many more are needed', () => {
    expect(atLeastRule('q', 2, 2, {}).check()).toEqual(boundOutcome({ min: 2 }, 2, true, '2 meets the minimum 2.'));
    expect(atLeastRule('q', 1, 4, {}).check()).toEqual(
      boundOutcome({ min: 4 }, 1, false, '1 is below the minimum 4 by 3. Free or buy 3 more, or lower what the stack needs to 1.'),
    );
  });

  it('names the factory and the field of a bad argument', () => {
    const err = thrownBy(() => atLeastRule('q', 'ten' as unknown as number, 4, {}));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^Rule\.atLeast\("q"\): value must be a number, or a function that returns one; got /);
    expect(thrownBy(() => atLeastRule('q', 1, -0.5, {})).message).toMatch(/^Rule\.atLeast\("q"\): min must be a number of at least 0; got -0\.5\./);
  });
});
