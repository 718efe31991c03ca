import { Finding } from '../../src/policy/finding';
import { barOf, formatPercent, leftText, textBar } from '../../src/policy/report-bar';

/** A finding as a report holds it, written out by hand. */
function finding(kind: Finding['kind'], values: Record<string, number | string>, level: Finding['level'] = 'error'): Finding {
  return {
    ruleId: 'r',
    kind,
    description: '',
    gate: 's/g',
    stack: 's',
    sources: [],
    status: 'pass',
    level,
    blocking: false,
    observed: null,
    bound: null,
    values,
    message: '',
  };
}

describe('report bars', () => {
  it('lay a utilization rule out on its limit, with the warning and failure bands', () => {
    const bar = barOf(finding('utilization', { used: 42, limit: 50, utilization: 0.84, warnAt: 0.8, failAt: 0.9 }))!;
    expect(bar).toEqual({ kind: 'usage', value: 42, limit: 50, warnAt: 40, failAt: 45, scale: 50, fraction: 0.84, left: 8 });
    // 42 of 50 is 67.2 eighths of 80: 8 full cells and 3 eighths; the last free cell is in the band (from 40).
    expect(textBar(bar)).toBe('████████▍▒');
    expect(formatPercent(bar.fraction)).toBe('84%');
    expect(leftText(bar)).toBe('8 left');
  });

  it('mark the free cells inside the band only', () => {
    const bar = barOf(finding('utilization', { used: 10, limit: 50, warnAt: 0.8, failAt: 0.9 }))!;
    expect(textBar(bar)).toBe('██░░░░░░▒▒');
  });

  it('scale a fits rule to what is used plus what is needed when that is over the limit', () => {
    const bar = barOf(finding('fits', { used: 42, limit: 44, available: 2, need: 4 }))!;
    expect(bar).toMatchObject({ value: 42, limit: 44, need: 4, failAt: 44, scale: 46, left: 2 });
    expect(textBar(bar)).toBe('█████████▌'); // 42/44 = 95.45%: 76 eighths
  });

  it('show a value over its maximum as a full bar and how far over', () => {
    const bar = barOf(finding('at-most', { value: 95.125, max: 80 }, 'warning'))!;
    expect(bar).toMatchObject({ kind: 'usage', warnAt: 80, scale: 95.125, left: -15.125 });
    expect(bar.failAt).toBeUndefined();
    expect(textBar(bar)).toBe('██████████');
    expect(formatPercent(bar.fraction)).toBe('118.9%');
    expect(leftText(bar)).toBe('over by 15.125');
  });

  it('draw a minimum as what there is against it', () => {
    const bar = barOf(finding('at-least', { value: 1, min: 3 }))!;
    expect(bar).toMatchObject({ kind: 'minimum', value: 1, limit: 3, failAt: 3, scale: 3, left: -2 });
    expect(textBar(bar)).toBe('███▍░░░░░░');
    expect(leftText(bar)).toBe('short by 2');
    expect(leftText(barOf(finding('at-least', { value: 12, min: 3 }))!)).toBe('9 above the minimum');
  });

  it('count a zero limit as full, and keep huge numbers readable', () => {
    const zero = barOf(finding('utilization', { used: 0, limit: 0, utilization: 1, failAt: 0.9 }))!;
    expect(zero).toMatchObject({ scale: 1, fraction: 1, left: 0 });
    expect(textBar(zero)).toBe('██████████');
    const over = barOf(finding('utilization', { used: 5, limit: 0, utilization: 'Infinity', warnAt: 0.8 }))!;
    expect(over.fraction).toBe(Number.POSITIVE_INFINITY);
    expect(formatPercent(over.fraction)).toBe('over a zero limit');
    const huge = barOf(finding('at-most', { value: 42, max: 1e15 }))!;
    expect(textBar(huge)).toBe('░░░░░░░░░░');
    expect(formatPercent(huge.fraction)).toBe('<0.1%');
    expect(leftText(huge)).toBe('999,999,999,999,958 left');
  });

  it('give no bar without finite numbers: custom rules, rules that failed closed, edited reports', () => {
    expect(barOf(finding('custom', {}))).toBeUndefined();
    expect(barOf(finding('at-most', {}))).toBeUndefined();
    expect(barOf(finding('at-most', { value: 'NaN', max: 3 }))).toBeUndefined();
    expect(barOf(finding('fits', { used: 'Infinity', limit: 3, need: 1 }))).toBeUndefined();
    expect(barOf({ ...finding('utilization', {}), values: null as never })).toBeUndefined();
  });
});
