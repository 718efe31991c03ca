import { InputError } from '../../../src/core/errors';
import { Headroom } from '../../../src/policy/headroom';
import { fitsRule } from '../../../src/policy/rules/fits';
import { thrownBy } from '../../_helpers/rejection';

describe('rules/fits', () => {
  it('{ need }: an addition against what is available, the stack share told apart when it holds some', () => {
    const h = Headroom.of({ name: 'instances', used: 42, limit: 50, held: 10 });
    const spec = fitsRule('qingcloud-instances', h, { need: 9 });
    expect(spec).toMatchObject({ kind: 'fits', description: '9 more fit in instances', headroom: h });
    expect(spec.check()).toEqual({
      passed: false,
      level: 'error',
      observed: 8,
      bound: 9,
      values: { used: 42, held: 10, usedByOthers: 32, limit: 50, available: 8, need: 9 },
      message:
        'needs 9 but only 8 fit (42 of 50 used: 32 by others, 10 held by the stack). Create at most 8 more, free 1, or raise the quota to at least 51.' +
        ' If need counts resources the stack already runs, give { total } (what the stack holds in all) instead.',
    });
    expect(fitsRule('x', { used: 42, limit: 50 }, { need: 8 }).check()).toMatchObject({ passed: true, message: '8 fit: 8 available (42 of 50 used).' });
  });

  it('{ total }: the stack total against what it may hold, its running resources not counted twice', () => {
    const h = Headroom.of({ name: 'instances', used: 42, limit: 50, held: 10 });
    expect(fitsRule('w', h, { total: 18 }).check()).toEqual({
      passed: true,
      level: 'error',
      observed: 18,
      bound: 18,
      values: { used: 42, held: 10, usedByOthers: 32, limit: 50, mayHold: 18, total: 18 },
      message: 'a total of 18 fits: the stack may hold 18 (limit 50, 32 used by others; the stack holds 10 now).',
    });
    const over = fitsRule('w', h, { total: () => 20, fix: 'Fewer workers.', level: 'warning' });
    expect(over.description).toBe("a total of the stack's total fits in instances");
    expect(over.check()).toMatchObject({
      passed: false,
      level: 'warning',
      message: 'a total of 20 does not fit: the stack may hold at most 18 (limit 50, 32 used by others; the stack holds 10 now). Fewer workers.',
    });
  });

  it("reads the headroom's sources before its own", () => {
    const a = { lookupError: undefined };
    const b = { lookupError: undefined };
    expect(fitsRule('x', { used: 1, limit: 2, source: a }, { need: 1, source: b }).sources).toEqual([a, b]);
  });

  it('wants exactly one of need and total', () => {
    for (const options of [{}, { need: 1, total: 2 }]) {
      const err = thrownBy(() => fitsRule('x', { used: 1, limit: 2 }, options));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(/^Rule\.fits\("x"\): need\/total must be exactly one of need \(how many more the stack adds\) and total/);
    }
  });
});
