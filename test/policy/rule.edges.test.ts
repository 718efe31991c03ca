// The edges of each rule: the value exactly at a bound, the thresholds at their limits,
// odd predicate results, the texts a report shows. Each case here was a mutant of
// src/policy/rule.ts that the other tests let live (npm run mutate, docs/mutation.md).
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { CloudServiceError, InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { fmt, jsonNumber, pct } from '../../src/policy/message-format';
import { Rule } from '../../src/policy/rule';
import { thrownBy } from '../_helpers/rejection';
import { boundOutcome } from '../_helpers/rule-outcomes';

const usage = (used: number, limit = 200) => ({ used, limit });

describe('Rule edges', () => {
  describe('utilization: a value exactly at a threshold has crossed it', () => {
    it('usage exactly at failAt is an error, not a warning', () => {
      const out = Rule.utilization('vcpus', usage(180), { warnAt: 0.8, failAt: 0.9 }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: 0.9, bound: 0.9 });
      expect(out.message).toBe('90% used (180 of 200), at or above the fail threshold 90%. Bring use below 180, or raise the quota above 200.');
    });

    it('just below failAt is still a warning, just below warnAt passes', () => {
      expect(Rule.utilization('vcpus', usage(179), { warnAt: 0.8, failAt: 0.9 }).evaluate()).toMatchObject({ passed: false, level: 'warning', bound: 0.8 });
      expect(Rule.utilization('vcpus', usage(159), { warnAt: 0.8, failAt: 0.9 }).evaluate()).toMatchObject({ passed: true, level: 'error', bound: 0.8 });
    });

    it('with failAt only: exactly at it fails, below passes with failAt as the bound', () => {
      expect(Rule.utilization('v', usage(180), { failAt: 0.9 }).evaluate()).toMatchObject({ passed: false, level: 'error', bound: 0.9 });
      const pass = Rule.utilization('v', usage(179), { failAt: 0.9 }).evaluate();
      expect(pass).toMatchObject({ passed: true, level: 'error', bound: 0.9 });
      expect(pass.values).toEqual({ used: 179, limit: 200, utilization: 0.895, failAt: 0.9 });
      expect(pass.message).toBe('89.5% used (179 of 200), below 90%.');
    });

    it('with warnAt only: the rule is a warning rule and lists no failAt', () => {
      const rule = Rule.utilization('v', usage(10), { warnAt: 0.5 });
      expect(rule.level).toBe('warning');
      const out = rule.evaluate();
      expect(out).toMatchObject({ passed: true, level: 'warning', bound: 0.5 });
      expect(out.values).toEqual({ used: 10, limit: 200, utilization: 0.05, warnAt: 0.5 });
    });

    it('a threshold of exactly 1 is allowed: full is a failure, one short passes', () => {
      const rule = Rule.utilization('v', usage(200), { failAt: 1 });
      expect(rule.evaluate()).toMatchObject({ passed: false, level: 'error', bound: 1 });
      expect(Rule.utilization('v', usage(199), { warnAt: 1 }).evaluate().passed).toBe(true);
    });

    it('a zero limit with nothing used is full, so it crosses failAt 1 too', () => {
      const out = Rule.utilization('v', usage(0, 0), { warnAt: 0.5, failAt: 1 }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: 1, bound: 1 });
    });

    it('a given fix replaces the hint', () => {
      const out = Rule.utilization('v', usage(190), { failAt: 0.9, fix: 'Ask for quota in OPS-1.' }).evaluate();
      expect(out.message).toBe('95% used (190 of 200), at or above the fail threshold 90%. Ask for quota in OPS-1.');
    });

    it('describes its bands for reports', () => {
      expect(Rule.utilization('vcpus', usage(1), { warnAt: 0.8, failAt: 0.9 }).description).toBe('vcpus utilization: warn at 80%, fail at 90%');
      expect(Rule.utilization('vcpus', usage(1), { failAt: 0.95 }).description).toBe('vcpus utilization: fail at 95%');
      expect(Rule.utilization('vcpus', Headroom.of({ used: 1, limit: 2, name: 'qingcloud vcpus' }), { warnAt: 0.8 }).description).toBe(
        'qingcloud vcpus utilization: warn at 80%',
      );
      expect(Rule.utilization('vcpus', usage(1), { warnAt: 0.8, description: 'vCPU use' }).description).toBe('vCPU use');
    });

    it.each([
      ['warnAt equal to failAt', { warnAt: 0.9, failAt: 0.9 }, 'warnAt must be below failAt (0.9); got 0.9.'],
      ['a threshold just above 1', { failAt: 1.01 }, 'failAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got 1.01.'],
      ['a negative threshold', { warnAt: -0.5 }, 'warnAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got -0.5.'],
      ['a threshold given as a string', { warnAt: '0.8' }, 'warnAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got "0.8".'],
      ['a NaN threshold', { failAt: Number.NaN }, 'failAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got NaN.'],
      ['a good warnAt and a bad failAt', { warnAt: 0.5, failAt: 2 }, 'failAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got 2.'],
    ])('refuses %s', (_name, options, message) => {
      const err = thrownBy(() => Rule.utilization('vcpus', usage(1), options as never));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(`Rule.utilization("vcpus"): ${message}`);
    });

    it('refuses options that are not an object', () => {
      expect(thrownBy(() => Rule.utilization('vcpus', usage(1), null as never)).message).toBe(
        'Rule.utilization("vcpus"): options must be an object with warnAt and/or failAt, such as { warnAt: 0.8, failAt: 0.9 }; got null.',
      );
    });

    it('takes the headroom sources, and adds its own', () => {
      const a = { lookupError: undefined };
      const b = { lookupError: undefined };
      expect(Rule.utilization('x', Headroom.of({ used: 1, limit: 2, source: a }), { failAt: 0.9, source: b }).sources).toEqual([a, b]);
    });
  });

  describe('atMost / atLeast at the bound', () => {
    it('atMost fails one above the bound and passes at it', () => {
      expect(Rule.atMost('x', 81, 80).evaluate()).toMatchObject({ passed: false, message: expect.stringContaining('above the maximum 80 by 1.') });
      expect(Rule.atMost('x', 80, 80).evaluate().passed).toBe(true);
    });

    it('atLeast fails one below the bound, and a given fix replaces the hint', () => {
      expect(Rule.atLeast('x', 2, 3, { fix: 'Order 1 more HSS quota.', level: 'warning' }).evaluate()).toEqual(
        boundOutcome({ min: 3 }, 2, false, '2 is below the minimum 3 by 1. Order 1 more HSS quota.', 'warning'),
      );
      expect(Rule.atLeast('x', 4, 3).evaluate().passed).toBe(true);
    });

    it('describe themselves with the bound, or "the bound" when it is read later', () => {
      expect(Rule.atMost('x', 1, 80).description).toBe('at most 80');
      expect(Rule.atMost('x', 1, 0.12345).description).toBe('at most 0.1235');
      expect(Rule.atLeast('x', 1, 3).description).toBe('at least 3');
      expect(Rule.atLeast('x', 1, () => 3).description).toBe('at least the bound');
      expect(Rule.atMost('x', 1, 3, { description: 'peak under 3' }).description).toBe('peak under 3');
    });

    it('atLeast refuses a bound that is not a number', () => {
      expect(thrownBy(() => Rule.atLeast('x', 1, '3' as never)).message).toMatch(
        /^Rule\.atLeast\("x"\): min must be a number, or a function that returns one; got "3"\./,
      );
      expect(thrownBy(() => Rule.atLeast('x', '1' as never, 3)).message).toMatch(/^Rule\.atLeast\("x"\): value must be a number/);
      expect(thrownBy(() => Rule.atMost('x', '1' as never, 3)).message).toMatch(/^Rule\.atMost\("x"\): value must be a number/);
    });
  });

  describe('fits at the edge', () => {
    it('a need of exactly what is available fits; one more does not', () => {
      expect(Rule.fits('x', usage(42, 50), { need: 8 }).evaluate().passed).toBe(true);
      expect(Rule.fits('x', usage(42, 50), { need: 9 }).evaluate()).toMatchObject({ passed: false, observed: 8, bound: 9 });
    });

    it('over the quota, nothing is available (never a negative number), and a need of 0 still fits', () => {
      const over = Rule.fits('x', usage(55, 50), { need: 1 }).evaluate();
      expect(over).toMatchObject({ passed: false, observed: 0, values: { used: 55, limit: 50, available: 0, need: 1 } });
      expect(over.message).toBe('needs 1 but only 0 fit (55 of 50 used). Create at most 0 more, free 1, or raise the quota to at least 56.');
      expect(Rule.fits('x', usage(55, 50), { need: 0 }).evaluate().passed).toBe(true);
    });

    it('a need read later is checked then: a negative one fails closed', () => {
      const out = Rule.fits('x', usage(1, 5), { need: () => -1 }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', error: { code: 'HEADROOM_INPUT' } });
      expect(out.message).toBe('the rule could not be checked and fails closed: Rule.fits("x"): need must be a number of at least 0; got -1.');
    });

    it('a given fix replaces the hint; descriptions name the need and the headroom', () => {
      expect(Rule.fits('x', usage(1, 2), { need: 5, fix: 'Use the other zone.' }).evaluate().message).toBe(
        'needs 5 but only 1 fit (1 of 2 used). Use the other zone.',
      );
      expect(Rule.fits('qc', usage(1, 2), { need: 5 }).description).toBe('5 more fit in qc');
      expect(Rule.fits('qc', Headroom.of({ used: 1, limit: 2, name: 'instances' }), { need: () => 5 }).description).toBe('the need more fit in instances');
    });

    it('refuses null options', () => {
      expect(thrownBy(() => Rule.fits('x', usage(1, 2), null as never)).message).toBe(
        'Rule.fits("x"): options must be an object with need or total, such as { total: 3 }; got null.',
      );
    });
  });

  describe('custom predicates', () => {
    it.each([
      ['{ pass: 1 }', { pass: 1 }],
      ['{ pass: "true" }', { pass: 'true' }],
      ['{} (no pass)', {}],
      ['null', null],
    ])('a result of %s is refused: the rule fails closed with HEADROOM_INPUT', (_name, result) => {
      const out = Rule.custom('c', () => result as never, { level: 'warning' }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: null, bound: null, error: { code: 'HEADROOM_INPUT', name: 'InputError' } });
      expect(out.message).toMatch(
        /^the rule could not be checked and fails closed: Rule\.custom\("c"\): predicate result must be a boolean or an object \{ pass: boolean, observed\?, bound\?, message\? \}; got /,
      );
    });

    it('passes with its own message, and reports string and non-finite values as text', () => {
      const out = Rule.custom('c', () => ({ pass: true, observed: 'eu-west', bound: Number.POSITIVE_INFINITY, message: 'one region.' }), {
        fix: 'unused',
      }).evaluate();
      expect(out).toEqual({ passed: true, level: 'error', observed: 'eu-west', bound: 'Infinity', values: {}, message: 'one region.' });
      const plain = Rule.custom('c', () => ({ pass: false, observed: 2, bound: 'one' })).evaluate();
      expect(plain).toMatchObject({ observed: 2, bound: 'one', message: 'the check failed. Fix what the check tests, or suppress the rule with a reason.' });
      expect(Rule.custom('c', () => ({ pass: true })).evaluate().message).toBe('the check passed.');
    });

    it('describes itself by its id unless told otherwise', () => {
      expect(Rule.custom('one-region', () => true).description).toBe('custom check one-region');
      expect(Rule.custom('one-region', () => true, { description: 'all in one region' }).description).toBe('all in one region');
      expect(Rule.custom('one-region', () => true).kind).toBe('custom');
    });
  });

  describe('failing closed', () => {
    it('keeps the code of a plain error that has one, UNKNOWN otherwise, and wraps what is not an Error', () => {
      const coded = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      expect(
        Rule.custom('c', () => {
          throw coded;
        }).evaluate().error,
      ).toEqual({ code: 'EACCES', name: 'Error', message: 'EACCES: permission denied' });
      const numbered = Object.assign(new Error('exit 3'), { code: 3 });
      expect(
        Rule.custom('c', () => {
          throw numbered;
        }).evaluate().error?.code,
      ).toBe('UNKNOWN');
      const out = Rule.custom('c', () => {
        throw 'quota table missing';
      }).evaluate();
      expect(out.error).toEqual({ code: 'UNKNOWN', name: 'Error', message: 'quota table missing' });
      expect(out.message).toBe('the rule could not be checked and fails closed: quota table missing.');
    });

    it('ends the message with the rule fix, and does not add a period after ? or !', () => {
      expect(
        Rule.custom(
          'c',
          () => {
            throw new Error('where is the quota?');
          },
          { fix: 'Check the project id.' },
        ).evaluate().message,
      ).toBe('the rule could not be checked and fails closed: where is the quota? Check the project id.');
      expect(
        Rule.custom('c', () => {
          throw new Error('  no quota!  ');
        }).evaluate().message,
      ).toBe('the rule could not be checked and fails closed: no quota!');
    });

    it('the first failed source gives the error, whatever the predicate says', () => {
      const error = new CloudServiceError('lookup failed: RetCode 172', {
        cloud: 'ucloud',
        operation: 'DescribeBandwidthUsage',
        status: 200,
        retryable: false,
      });
      const out = Rule.custom('c', () => true, {
        source: [{ lookupError: undefined }, { lookupError: error }, { lookupError: new Error('second') }],
      }).evaluate();
      expect(out.error?.message).toBe('lookup failed: RetCode 172');
    });
  });

  describe('ids and options', () => {
    it('takes an id of 100 characters with dots, dashes and underscores, not 101 or one starting with a dot', () => {
      const id100 = `a${'._-9'.repeat(24)}abc`;
      expect(id100).toHaveLength(100);
      expect(Rule.atMost(id100, 1, 2).id).toBe(id100);
      expect(thrownBy(() => Rule.atMost(`${id100}d`, 1, 2))).toBeInstanceOf(InputError);
      expect(thrownBy(() => Rule.atMost('.hidden', 1, 2))).toBeInstanceOf(InputError);
      expect(thrownBy(() => Rule.atMost('x\ny', 1, 2))).toBeInstanceOf(InputError);
      expect(thrownBy(() => Rule.atMost(42 as never, 1, 2)).message).toMatch(/^Rule\.atMost\(42\): id must be/);
    });

    it('refuses an empty fix or description, and options that are not an object', () => {
      expect(thrownBy(() => Rule.atMost('x', 1, 2, { fix: ' ' })).message).toBe('Rule.atMost("x"): fix must be a non-empty string; got " ".');
      expect(thrownBy(() => Rule.atMost('x', 1, 2, { description: '' })).message).toBe('Rule.atMost("x"): description must be a non-empty string; got "".');
      expect(thrownBy(() => Rule.atMost('x', 1, 2, null as never)).message).toBe('Rule.atMost("x"): options must be an object; got null.');
      expect(Rule.atMost('x', 1, 2, { level: 'warning' }).level).toBe('warning');
    });

    it('names each bad source by its index', () => {
      expect(thrownBy(() => Rule.custom('x', () => true, { source: [{ lookupError: undefined }, 'usage' as never] })).message).toBe(
        'Rule.custom("x"): source[1] must be a lookup construct (an object with lookupError), such as a ProjectResourceStat; got "string".',
      );
    });
  });

  describe('what reports read from a rule', () => {
    it('each factory gives its kind', () => {
      expect(Rule.atMost('a', 1, 2).kind).toBe('at-most');
      expect(Rule.atLeast('b', 1, 2).kind).toBe('at-least');
      expect(Rule.fits('c', usage(1, 2), { need: 1 }).kind).toBe('fits');
      expect(Rule.utilization('d', usage(1), { failAt: 0.9 }).kind).toBe('utilization');
    });

    it('sourcePaths: construct paths, "(lookup)" for a plain object', () => {
      const stack = new TerraformStack(Testing.app(), 'stack');
      const usageLookup = Object.assign(new Construct(stack, 'usage'), { lookupError: undefined });
      expect(Rule.atMost('x', 1, 2, { source: [usageLookup, { lookupError: undefined }] }).sourcePaths).toEqual(['stack/usage', '(lookup)']);
      expect(Rule.atMost('x', 1, 2).sourcePaths).toEqual([]);
    });

    it('utilization values hold only the thresholds given (no undefined keys)', () => {
      expect(Object.keys(Rule.utilization('v', usage(1), { failAt: 0.9 }).evaluate().values)).toEqual(['used', 'limit', 'utilization', 'failAt']);
      expect(Object.keys(Rule.utilization('v', usage(1), { warnAt: 0.9 }).evaluate().values)).toEqual(['used', 'limit', 'utilization', 'warnAt']);
    });

    it('with a zero quota, the hint says how far to raise it: used divided by the threshold', () => {
      expect(Rule.utilization('v', usage(2, 0), { failAt: 0.5 }).evaluate().message).toBe(
        'Infinity used (2 of 0), at or above the fail threshold 50%. The quota is 0: raise it above 4.',
      );
    });

    it('values read later name the field that was bad', () => {
      expect(Rule.atMost('x', 1, () => -1).evaluate().message).toBe(
        'the rule could not be checked and fails closed: Rule.atMost("x"): max must be a number of at least 0; got -1. A rule reads counts and amounts, which are never negative: a negative minimum would always pass and a negative maximum would always fail. Give 0 or more.',
      );
      expect(Rule.atLeast('x', () => Number.NaN, 1).evaluate().message).toBe(
        'the rule could not be checked and fails closed: Rule.atLeast("x"): value must be a finite number; got NaN.',
      );
    });

    it('options that are a number, not an object, are refused by every factory', () => {
      expect(thrownBy(() => Rule.atMost('x', 1, 2, 42 as never)).message).toBe('Rule.atMost("x"): options must be an object; got 42.');
      expect(thrownBy(() => Rule.utilization('x', usage(1), 42 as never)).message).toBe(
        'Rule.utilization("x"): options must be an object with warnAt and/or failAt, such as { warnAt: 0.8, failAt: 0.9 }; got 42.',
      );
    });
  });

  describe('numbers in messages and reports', () => {
    it('fmt: integers as they are, fractions to 4 decimals, non-finite as words', () => {
      expect([fmt(3), fmt(0.123456), fmt(2.5), fmt(Number.POSITIVE_INFINITY), fmt(Number.NaN)]).toEqual(['3', '0.1235', '2.5', 'Infinity', 'NaN']);
    });

    it('pct: one decimal', () => {
      expect([pct(0.845), pct(0.8), pct(1 / 3), pct(Number.POSITIVE_INFINITY)]).toEqual(['84.5%', '80%', '33.3%', 'Infinity']);
    });

    it('jsonNumber: finite numbers stay numbers', () => {
      expect([jsonNumber(0), jsonNumber(-2.5), jsonNumber(Number.NEGATIVE_INFINITY), jsonNumber(Number.NaN)]).toEqual([0, -2.5, '-Infinity', 'NaN']);
    });
  });
});
