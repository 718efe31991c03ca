import { InputError } from '../../../src/core/errors';
import { utilizationRule } from '../../../src/policy/rules/utilization';
import { thrownBy } from '../../_helpers/rejection';

describe('rules/utilization', () => {
  it('fails as an error when it has failAt, else as a warning; the description names the bands', () => {
    const both = utilizationRule('vcpus', { name: 'vcpus', used: 1, limit: 200 }, { warnAt: 0.8, failAt: 0.9 });
    expect(both).toMatchObject({ kind: 'utilization', level: 'error', description: 'vcpus utilization: warn at 80%, fail at 90%' });
    expect(utilizationRule('v', { used: 1, limit: 2 }, { warnAt: 0.5 }).level).toBe('warning');
  });

  it('below the lowest band passes; in the warning band fails as a warning; in the failure band as an error', () => {
    const at = (used: number) => utilizationRule('v', { used, limit: 200 }, { warnAt: 0.8, failAt: 0.9 }).check();
    expect(at(100)).toEqual({
      passed: true,
      level: 'error',
      observed: 0.5,
      bound: 0.8,
      values: { used: 100, limit: 200, utilization: 0.5, warnAt: 0.8, failAt: 0.9 },
      message: '50% used (100 of 200), below 80%.',
    });
    expect(at(170)).toMatchObject({
      passed: false,
      level: 'warning',
      observed: 0.85,
      bound: 0.8,
      message: '85% used (170 of 200), at or above the warn threshold 80%. Bring use below 160, or raise the quota above 212.5.',
    });
    expect(at(190)).toMatchObject({ passed: false, level: 'error', bound: 0.9, message: expect.stringContaining('at or above the fail threshold 90%.') });
  });

  it('counts a zero limit as full: "Infinity" in the outcome when something is used', () => {
    expect(utilizationRule('v', { used: 3, limit: 0 }, { failAt: 0.9 }).check()).toEqual({
      passed: false,
      level: 'error',
      observed: 'Infinity',
      bound: 0.9,
      values: { used: 3, limit: 0, utilization: 'Infinity', failAt: 0.9 },
      message: 'Infinity used (3 of 0), at or above the fail threshold 90%. The quota is 0: raise it above 3.3333.',
    });
  });

  it('refuses thresholds outside (0, 1] and warnAt at or above failAt', () => {
    expect(thrownBy(() => utilizationRule('v', { used: 1, limit: 2 }, { warnAt: 80 }))).toBeInstanceOf(InputError);
    expect(thrownBy(() => utilizationRule('v', { used: 1, limit: 2 }, { warnAt: 0.9, failAt: 0.9 })).message).toBe(
      'Rule.utilization("v"): warnAt must be below failAt (0.9); got 0.9.',
    );
  });
});
