import { InputError } from '../../../src/core/errors';
import { atMostRule } from '../../../src/policy/rules/at-most';
import { thrownBy } from '../../_helpers/rejection';
import { boundOutcome } from '../../_helpers/rule-outcomes';

describe('rules/at-most', () => {
  it('builds an at-most spec: kind, level, description from a plain bound, no sources', () => {
    const spec = atMostRule('eip-peak-mbps', 12, 80, {});
    expect(spec).toMatchObject({ id: 'eip-peak-mbps', kind: 'at-most', level: 'error', description: 'at most 80', sources: [] });
    expect(spec.headroom).toBeUndefined();
  });

  it('passes at the bound and fails above it, with the observed value, the bound and by how much', () => {
    expect(atMostRule('m', 80, 80, {}).check()).toEqual(boundOutcome({ max: 80 }, 80, true, '80 is within the maximum 80.'));
    expect(atMostRule('m', 80.25, 80, { level: 'warning' }).check()).toEqual(
      boundOutcome(
        { max: 80 },
        80.25,
        false,
        '80.25 is above the maximum 80 by 0.25. Bring it down to 80 or less, or raise the bound once the quota allows it.',
        'warning',
      ),
    );
  });

  it('reads functions at each check, says "the bound" in the description, and ends a failure with the given fix', () => {
    let v = 1;
    const spec = atMostRule(
      'm',
      () => v,
      () => 5,
      { fix: 'Shed load.' },
    );
    expect(spec.description).toBe('at most the bound');
    expect(spec.check().passed).toBe(true);
    v = 7;
    expect(spec.check().message).toBe('7 is above the maximum 5 by 2. Shed load.');
  });

  it('refuses a negative maximum when built, and throws (the front fails it closed) when a function gives one', () => {
    const err = thrownBy(() => atMostRule('m', 1, -1, {}));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^Rule\.atMost\("m"\): max must be a number of at least 0; got -1\. A rule reads counts and amounts/);
    const late = atMostRule('m', 1, () => -1, {});
    expect(() => late.check()).toThrow('Rule.atMost("m"): max must be a number of at least 0; got -1.');
  });
});
