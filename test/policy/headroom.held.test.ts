import { InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { planConditions } from '../../src/policy/plan-conditions';
import { barOf } from '../../src/policy/report-bar';
import { Rule } from '../../src/policy/rule';
import { Finding } from '../../src/policy/finding';
import { thrownBy } from '../_helpers/rejection';

// The table: a project where others run 40 instances, limit 50, 12 workers wanted.
describe("a headroom with the stack's own share (held)", () => {
  it('first deploy: nothing held, the stack may hold 10, and 10 are available', () => {
    const h = Headroom.of({ used: 40, limit: 50 });
    expect([h.used, h.held, h.usedByOthers, h.mayHold, h.available]).toEqual([40, 0, 40, 10, 10]);
  });

  it('after deploying 10: 50 used, 10 of them held; the stack still may hold 10, though none more are available', () => {
    const h = Headroom.of({ used: 50, held: 10, limit: 50 });
    expect([h.used, h.held, h.usedByOthers, h.mayHold, h.available]).toEqual([50, 10, 40, 10, 0]);
    expect(Math.min(12, h.mayHold)).toBe(10); // sizing converges: 10, then 10 again
    expect(Math.min(12, h.available)).toBe(0); // the old pattern: 10, then 0 (the flapping)
  });

  it('never gives a negative mayHold when others use more than the limit', () => {
    const h = Headroom.of({ used: 57, held: 2, limit: 50 });
    expect([h.usedByOthers, h.mayHold, h.available]).toEqual([55, 0, 0]);
  });

  it('reads a held function each time, as used and limit', () => {
    let held = 0;
    const h = Headroom.of({ used: () => 40 + held, held: () => held, limit: 50 });
    expect(h.mayHold).toBe(10);
    held = 7;
    expect([h.used, h.held, h.mayHold, h.available]).toEqual([47, 7, 10, 3]);
  });

  it('refuses a plain held above a plain used when made, naming both values', () => {
    const err = thrownBy(() => Headroom.of({ used: 4, held: 5, limit: 50, name: 'qingcloud instances' }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      "Headroom.of(qingcloud instances): held must be at most used (what the stack holds is part of what is used); got held 5 and used 4. Read both from the same lookup answer, e.g. used: usage.totals.instanceCount and held: usage.resourceGroups(['rg-workers']).instanceCount.",
    );
  });

  it('refuses a held function above used when read, naming both values, on every reading that needs it', () => {
    const h = Headroom.of({ used: () => 4, held: () => 6, limit: 50, name: 'vcpus' });
    for (const read of [() => h.held, () => h.usedByOthers, () => h.mayHold]) {
      const err = thrownBy(read);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('Headroom(vcpus): held must be at most used (what the stack holds is part of what is used); got held 6 and used 4.');
    }
    expect(h.mayHoldOr(-1)).toBe(-1);
  });

  it('refuses a negative or non-number held', () => {
    expect(thrownBy(() => Headroom.of({ used: 4, held: -1, limit: 50 })).message).toBe('Headroom.of(headroom): held must be a number of at least 0; got -1.');
    expect(thrownBy(() => Headroom.of({ used: 4, held: '2' as never, limit: 50 })).message).toContain(
      'Headroom.of(headroom): held must be a number, or a function that returns one; got "2".',
    );
    const h = Headroom.of({ used: 4, held: () => -2, limit: 50 });
    expect(thrownBy(() => h.held).message).toBe('Headroom(headroom): held must be a number of at least 0; got -2.');
  });

  it('mayHoldOr gives the fallback when a lookup failed, the real value otherwise', () => {
    const failed = { lookupError: new Error('lookup failed') };
    expect(Headroom.of({ used: 50, held: 10, limit: 50, source: failed }).mayHoldOr(0)).toBe(0);
    expect(thrownBy(() => Headroom.of({ used: 50, held: 10, limit: 50, source: failed }).mayHold)).toBe(failed.lookupError);
    expect(Headroom.of({ used: 50, held: 10, limit: 50, source: { lookupError: undefined } }).mayHoldOr(0)).toBe(10);
  });
});

describe('Rule.fits with { total }', () => {
  it('passes a deployed stack whose 10 workers already run, where { need: 10 } counts them twice', () => {
    const h = Headroom.of({ used: 50, held: 10, limit: 50, name: 'qingcloud instances' });
    const total = Rule.fits('qingcloud-instances', h, { total: 10 });
    expect(total.description).toBe('a total of 10 fits in qingcloud instances');
    expect(total.evaluate()).toEqual({
      passed: true,
      level: 'error',
      observed: 10,
      bound: 10,
      values: { used: 50, held: 10, usedByOthers: 40, limit: 50, mayHold: 10, total: 10 },
      message: 'a total of 10 fits: the stack may hold 10 (limit 50, 40 used by others; the stack holds 10 now).',
    });
    const need = Rule.fits('qingcloud-instances', h, { need: 10 }).evaluate();
    expect(need).toMatchObject({ passed: false, observed: 0, bound: 10, values: { used: 50, held: 10, usedByOthers: 40, limit: 50, available: 0, need: 10 } });
    expect(need.message).toBe(
      'needs 10 but only 0 fit (50 of 50 used: 40 by others, 10 held by the stack). Create at most 0 more, free 10, or raise the quota to at least 60. If need counts resources the stack already runs, give { total } (what the stack holds in all) instead.',
    );
  });

  it('fails a total above what the stack may hold, saying what to size to, what to free and what quota would do', () => {
    const out = Rule.fits('qingcloud-instances', { used: 50, held: 10, limit: 50 }, { total: 12 }).evaluate();
    expect(out).toMatchObject({ passed: false, level: 'error', observed: 10, bound: 12 });
    expect(out.message).toBe(
      'a total of 12 does not fit: the stack may hold at most 10 (limit 50, 40 used by others; the stack holds 10 now). Size the stack to at most 10 (Math.min(desired, headroom.mayHold)), free 2 used by others, or raise the quota to at least 52.',
    );
  });

  it('passes a total below what the stack holds now (it frees some), and at exactly mayHold', () => {
    expect(Rule.fits('x', { used: 50, held: 10, limit: 50 }, { total: 3 }).evaluate().passed).toBe(true);
    expect(Rule.fits('x', { used: 40, limit: 50 }, { total: 10 }).evaluate().passed).toBe(true);
    expect(Rule.fits('x', { used: 40, limit: 50 }, { total: 11 }).evaluate().passed).toBe(false);
  });

  it('reads a total function at check time, and describes it without a number', () => {
    let workers = 10;
    const rule = Rule.fits('x', Headroom.of({ used: 50, held: 10, limit: 50, name: 'instances' }), { total: () => workers });
    expect(rule.description).toBe("a total of the stack's total fits in instances");
    expect(rule.evaluate().passed).toBe(true);
    workers = 11;
    expect(rule.evaluate()).toMatchObject({ passed: false, bound: 11 });
  });

  it('uses the fix given', () => {
    const out = Rule.fits('x', { used: 50, held: 10, limit: 50 }, { total: 12, fix: 'Use the other zone.' }).evaluate();
    expect(out.message).toBe(
      'a total of 12 does not fit: the stack may hold at most 10 (limit 50, 40 used by others; the stack holds 10 now). Use the other zone.',
    );
  });

  it('fails closed when held is above used at check time', () => {
    const out = Rule.fits('x', { used: () => 3, held: () => 5, limit: 50 }, { total: 1 }).evaluate();
    expect(out).toMatchObject({ passed: false, level: 'error', observed: null, error: { code: 'HEADROOM_INPUT' } });
    expect(out.message).toContain('got held 5 and used 3');
  });

  describe('takes exactly one of need and total', () => {
    const cases: Array<[string, object]> = [
      ['both', { need: 1, total: 2 }],
      ['neither', {}],
    ];
    it.each(cases)('%s', (_name, options) => {
      const err = thrownBy(() => Rule.fits('x', { used: 1, limit: 2 }, options as never));
      expect(err).toBeInstanceOf(InputError);
      const o = options as { need?: number; total?: number };
      expect(err.message).toBe(
        `Rule.fits("x"): need/total must be exactly one of need (how many more the stack adds) and total (what the stack holds in all after the deployment); got ${JSON.stringify({ need: o.need, total: o.total })}. Give { total: count } with the headroom's held set to what the stack runs now, or { need: count } for an addition.`,
      );
    });

    it('refuses a negative total', () => {
      const err = thrownBy(() => Rule.fits('x', { used: 1, limit: 2 }, { total: -1 }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe('Rule.fits("x"): total must be a number of at least 0; got -1.');
    });
  });
});

describe('plan conditions and report bars of both forms of Rule.fits', () => {
  const finding = (rule: Rule, blocking: boolean): Finding => {
    const o = rule.evaluate();
    return {
      gate: 'stack/quota',
      ruleId: rule.id,
      kind: rule.kind,
      level: o.level,
      status: o.passed ? 'pass' : 'violation',
      blocking,
      observed: o.observed,
      bound: o.bound,
      values: o.values,
      message: o.message,
    } as unknown as Finding;
  };

  it('compares mayHold with total for { total }, available with need for { need }', () => {
    const h = Headroom.of({ used: 50, held: 10, limit: 50 });
    const total = finding(Rule.fits('total', h, { total: 10 }), false);
    const need = finding(Rule.fits('need', Headroom.of({ used: 42, limit: 50 }), { need: 3 }), false);
    const c = planConditions([total, need], new Set(['total', 'need']), 'v');
    expect(c.values).toEqual({ total: { observed: 10, bound: 10, ok: true }, need: { observed: 8, bound: 3, ok: true } });
    expect(c.preconditions.map((p) => p.condition)).toEqual([
      '${local.v["total"].observed >= local.v["total"].bound}',
      '${local.v["need"].observed >= local.v["need"].bound}',
    ]);
    const failing = finding(Rule.fits('total', h, { total: 12 }), true);
    expect(planConditions([failing], new Set(['total']), 'v').values).toEqual({ total: { observed: 10, bound: 12, ok: false } });
  });

  it("draws what a total adds beyond what the stack holds as the bar's need", () => {
    const bar = barOf(finding(Rule.fits('x', { used: 45, held: 5, limit: 50 }, { total: 8 }), false));
    expect(bar).toMatchObject({ kind: 'usage', value: 45, limit: 50, need: 3 });
    const none = barOf(finding(Rule.fits('x', { used: 50, held: 10, limit: 50 }, { total: 10 }), false));
    expect(none).toMatchObject({ value: 50, limit: 50 });
    expect(none).not.toHaveProperty('need');
  });
});
