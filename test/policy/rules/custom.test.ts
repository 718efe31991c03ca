import { InputError } from '../../../src/core/errors';
import { customRule } from '../../../src/policy/rules/custom';
import { thrownBy } from '../../_helpers/rejection';

describe('rules/custom', () => {
  it('a boolean predicate: the default messages, nothing observed', () => {
    let ok = true;
    const spec = customRule('one-region', () => ok, { fix: 'Deploy every worker to one region.' });
    expect(spec).toMatchObject({ kind: 'custom', description: 'custom check one-region' });
    expect(spec.check()).toEqual({ passed: true, level: 'error', observed: null, bound: null, values: {}, message: 'the check passed.' });
    ok = false;
    expect(spec.check().message).toBe('the check failed. Deploy every worker to one region.');
  });

  it('a result object: numbers for JSON (non-finite as text), anything else as text', () => {
    const spec = customRule('r', () => ({ pass: false, observed: Number.POSITIVE_INFINITY, bound: 'one region', message: 'three regions.' }), {
      level: 'warning',
    });
    expect(spec.check()).toEqual({
      passed: false,
      level: 'warning',
      observed: 'Infinity',
      bound: 'one region',
      values: {},
      message: 'three regions. Fix what the check tests, or suppress the rule with a reason.',
    });
  });

  it('refuses a predicate that is not a function, and throws on a result of another shape', () => {
    expect(thrownBy(() => customRule('r', 'yes' as unknown as () => boolean, {}))).toBeInstanceOf(InputError);
    const bad = customRule('r', () => ({ pass: 'yes' }) as unknown as boolean, {});
    expect(thrownBy(() => bad.check()).message).toMatch(/^Rule\.custom\("r"\): predicate result must be a boolean or an object \{ pass: boolean/);
  });
});
