import { CloudServiceError, InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { Rule } from '../../src/policy/rule';
import { thrownBy } from '../_helpers/rejection';
import { boundOutcome } from '../_helpers/rule-outcomes';

const ok = { lookupError: undefined };

describe('Rule', () => {
  describe('atMost', () => {
    it('passes at and below the bound', () => {
      expect(Rule.atMost('eip-peak-mbps', 80, 80).evaluate()).toEqual(boundOutcome({ max: 80 }, 80, true, '80 is within the maximum 80.'));
      expect(Rule.atMost('eip-peak-mbps', 12.5, 80).evaluate().passed).toBe(true);
    });

    it('fails above it, saying by how much and what to do', () => {
      expect(Rule.atMost('eip-peak-mbps', 95.5, 80, { level: 'warning' }).evaluate()).toEqual(
        boundOutcome(
          { max: 80 },
          95.5,
          false,
          '95.5 is above the maximum 80 by 15.5. Bring it down to 80 or less, or raise the bound once the quota allows it.',
          'warning',
        ),
      );
    });

    it('reads functions when checked, and ends the message with a given fix', () => {
      let mbps = 10;
      const rule = Rule.atMost(
        'eip-peak-mbps',
        () => mbps,
        () => 80,
        { fix: 'Move traffic to the CDN.' },
      );
      expect(rule.evaluate().passed).toBe(true);
      mbps = 81;
      expect(rule.evaluate().message).toBe('81 is above the maximum 80 by 1. Move traffic to the CDN.');
      expect(rule.description).toBe('at most the bound');
    });
  });

  describe('atLeast', () => {
    it('passes at and above the bound', () => {
      expect(Rule.atLeast('hss-idle-quota', 3, 3).evaluate()).toEqual(boundOutcome({ min: 3 }, 3, true, '3 meets the minimum 3.'));
    });

    it('fails below it, saying how many are missing', () => {
      expect(Rule.atLeast('hss-idle-quota', 1, 4).evaluate()).toEqual(
        boundOutcome({ min: 4 }, 1, false, '1 is below the minimum 4 by 3. Free or buy 3 more, or lower what the stack needs to 1.'),
      );
    });
  });

  describe('fits', () => {
    it('passes while the need fits in what is available', () => {
      const h = Headroom.of({ used: 42, limit: 50 });
      const out = Rule.fits('qingcloud-instances', h, { need: 8 }).evaluate();
      expect(out).toEqual({
        passed: true,
        level: 'error',
        observed: 8,
        bound: 8,
        values: { used: 42, held: 0, usedByOthers: 42, limit: 50, available: 8, need: 8 },
        message: '8 fit: 8 available (42 of 50 used).',
      });
    });

    it('takes a Headroom made by another copy of the library (a brand, not instanceof)', () => {
      let OtherHeadroom: typeof Headroom | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        OtherHeadroom = (require('../../src/policy/headroom') as typeof import('../../src/policy/headroom')).Headroom;
      });
      expect(OtherHeadroom).toBeDefined();
      expect(OtherHeadroom).not.toBe(Headroom);
      const h = OtherHeadroom!.of({ used: () => 42, limit: 50, name: 'instances' });
      expect(h instanceof Headroom).toBe(false); // what Rule.fits used to ask, and then rebuilt it from its fields
      const out = Rule.fits('qingcloud-instances', h, { need: 8 }).evaluate();
      expect(out).toMatchObject({ passed: true, observed: 8, bound: 8, values: { used: 42, limit: 50, available: 8, need: 8 } });
      expect(Rule.utilization('vcpus', h, { failAt: 0.8 }).evaluate()).toMatchObject({ passed: false, observed: 0.84 });
    });

    it('fails when it does not, saying how many fit and what quota would do', () => {
      const out = Rule.fits('qingcloud-instances', { used: 42, limit: 50 }, { need: 12 }).evaluate();
      expect(out).toMatchObject({ passed: false, observed: 8, bound: 12 });
      expect(out.message).toBe('needs 12 but only 8 fit (42 of 50 used). Create at most 8 more, free 4, or raise the quota to at least 54.');
    });

    it('takes the headroom sources, and adds its own', () => {
      const a = { lookupError: undefined };
      const b = { lookupError: undefined };
      const rule = Rule.fits('x', Headroom.of({ used: 1, limit: 2, source: a }), { need: 1, source: b });
      expect(rule.sources).toEqual([a, b]);
    });
  });

  describe('utilization', () => {
    const usage = (used: number) => ({ used, limit: 200 });
    it('passes below the warn band', () => {
      const out = Rule.utilization('vcpus', usage(150), { warnAt: 0.8, failAt: 0.9 }).evaluate();
      expect(out).toMatchObject({ passed: true, level: 'error', observed: 0.75, bound: 0.8, message: '75% used (150 of 200), below 80%.' });
    });

    it('fails as a warning in the warn band', () => {
      const out = Rule.utilization('vcpus', usage(160), { warnAt: 0.8, failAt: 0.9 }).evaluate();
      expect(out).toMatchObject({
        passed: false,
        level: 'warning',
        observed: 0.8,
        bound: 0.8,
        values: { used: 160, limit: 200, utilization: 0.8, warnAt: 0.8, failAt: 0.9 },
      });
      expect(out.message).toBe('80% used (160 of 200), at or above the warn threshold 80%. Bring use below 160, or raise the quota above 200.');
    });

    it('fails as an error in the fail band', () => {
      const out = Rule.utilization('vcpus', usage(190), { warnAt: 0.8, failAt: 0.9 }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: 0.95, bound: 0.9 });
      expect(out.message).toBe('95% used (190 of 200), at or above the fail threshold 90%. Bring use below 180, or raise the quota above 211.1111.');
    });

    it('has only the bands it is given', () => {
      expect(Rule.utilization('v', usage(199), { warnAt: 0.5 }).evaluate()).toMatchObject({ passed: false, level: 'warning' });
      expect(Rule.utilization('v', usage(199), { warnAt: 0.5 }).level).toBe('warning');
      expect(Rule.utilization('v', usage(150), { failAt: 0.9 }).evaluate().passed).toBe(true);
    });

    it('counts a zero limit as full, and says to raise it', () => {
      const out = Rule.utilization('v', { used: 0, limit: 0 }, { failAt: 0.9 }).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: 1 });
      expect(out.message).toBe('100% used (0 of 0), at or above the fail threshold 90%. The quota is 0: raise it above 0.');
      expect(Rule.utilization('v', { used: 2, limit: 0 }, { failAt: 0.9 }).evaluate().observed).toBe('Infinity');
    });

    it.each([
      [{}, 'warnAt/failAt must be set: give warnAt, failAt or both, as fractions such as 0.8 for 80%; got undefined.'],
      [{ warnAt: 80 }, 'warnAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got 80.'],
      [{ failAt: 0 }, 'failAt must be a fraction greater than 0 and at most 1 (0.8 for 80%); got 0.'],
      [{ warnAt: 0.9, failAt: 0.8 }, 'warnAt must be below failAt (0.8); got 0.9.'],
    ])('rejects bands %j', (options, message) => {
      const err = thrownBy(() => Rule.utilization('vcpus', usage(1), options));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(`Rule.utilization("vcpus"): ${message}`);
    });
  });

  describe('custom', () => {
    it('passes and fails on a boolean', () => {
      expect(Rule.custom('one-region', () => true).evaluate()).toMatchObject({ passed: true, message: 'the check passed.', observed: null, bound: null });
      expect(Rule.custom('one-region', () => false, { fix: 'Deploy to one region.' }).evaluate()).toMatchObject({
        passed: false,
        level: 'error',
        message: 'the check failed. Deploy to one region.',
      });
    });

    it('reports the values a result carries', () => {
      const out = Rule.custom('regions', () => ({ pass: false, observed: 3, bound: 1, message: '3 regions in use.' }), { level: 'warning' }).evaluate();
      expect(out).toMatchObject({
        passed: false,
        level: 'warning',
        observed: 3,
        bound: 1,
        message: '3 regions in use. Fix what the check tests, or suppress the rule with a reason.',
      });
    });

    it('fails closed on a result that is neither a boolean nor { pass }', () => {
      const out = Rule.custom('bad', () => 'yes' as never, { level: 'warning' }).evaluate();
      expect(out.passed).toBe(false);
      expect(out.level).toBe('error');
      expect(out.error?.code).toBe('HEADROOM_INPUT');
    });
  });

  describe('fails closed', () => {
    it('when a source lookup failed, at level error whatever the rule level, with the lookup error', () => {
      const error = new CloudServiceError('stack/bw: lookup ucloud:DescribeBandwidthUsage failed: RetCode 172', {
        cloud: 'ucloud',
        operation: 'DescribeBandwidthUsage',
        status: 200,
        retryable: false,
      });
      const source = { lookupError: error };
      let read = false;
      const rule = Rule.atMost('eip-peak-mbps', () => ((read = true), 1), 80, { level: 'warning', source: [ok, source] });
      const out = rule.evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', observed: null, bound: null });
      expect(out.error).toEqual({ code: 'HEADROOM_CLOUD', name: 'CloudServiceError', message: error.message });
      expect(out.message).toBe(
        'lookup (lookup) failed, so the rule cannot be checked and fails closed: stack/bw: lookup ucloud:DescribeBandwidthUsage failed: RetCode 172. Fix the lookup (credentials, endpoint, ids) and synthesize again.',
      );
      expect(read).toBe(false); // the value is not even read
    });

    it('when reading a value throws, e.g. the typed error of a failed lookup read without a source', () => {
      const out = Rule.atLeast(
        'hss-idle-quota',
        () => {
          throw new CloudServiceError('stack/hss: lookup failed: APIGW.0301', {
            cloud: 'huaweicloud',
            operation: 'ListQuotasDetail',
            status: 401,
            retryable: false,
          });
        },
        2,
      ).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', error: { code: 'HEADROOM_CLOUD', name: 'CloudServiceError' } });
      expect(out.message).toBe('the rule could not be checked and fails closed: stack/hss: lookup failed: APIGW.0301.');
    });

    it('when a value read at check time is not a number', () => {
      const out = Rule.atMost('x', () => Number.NaN, 3).evaluate();
      expect(out).toMatchObject({ passed: false, level: 'error', error: { code: 'HEADROOM_INPUT' } });
      expect(out.message).toBe('the rule could not be checked and fails closed: Rule.atMost("x"): value must be a finite number; got NaN.');
    });

    it('when a bound given as a function turns out negative', () => {
      expect(Rule.atLeast('x', 3, () => -1).evaluate()).toMatchObject({
        passed: false,
        level: 'error',
        error: { code: 'HEADROOM_INPUT', name: 'InputError' },
        message: expect.stringContaining('the rule could not be checked and fails closed: Rule.atLeast("x"): min must be a number of at least 0; got -1.'),
      });
    });

    it('when the lookupError getter itself throws', () => {
      const source = {
        get lookupError(): Error | undefined {
          throw new Error('worker died');
        },
      };
      expect(Rule.atMost('x', 1, 3, { source }).evaluate()).toMatchObject({ passed: false, level: 'error', error: { message: 'worker died' } });
    });
  });

  describe('rejects bad input at once', () => {
    it.each([
      [
        'an id with a space',
        () => Rule.atMost('eip peak', 1, 2),
        'Rule.atMost("eip peak"): id must be letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters; got "eip peak". For example "qingcloud-instances".',
      ],
      [
        'an empty id',
        () => Rule.atLeast('', 1, 2),
        'Rule.atLeast(""): id must be letters, digits, ".", "_" and "-", starting with a letter or digit, at most 100 characters; got "". For example "qingcloud-instances".',
      ],
      [
        'an unknown level',
        () => Rule.atMost('x', 1, 2, { level: 'fatal' as never }),
        'Rule.atMost("x"): level must be one of "error", "warning"; got "fatal".',
      ],
      ['a NaN bound', () => Rule.atMost('x', 1, Number.NaN), 'Rule.atMost("x"): max must be a finite number; got NaN.'],
      [
        'a negative minimum (it would always pass)',
        () => Rule.atLeast('hss-idle-quota', 1, -5),
        'Rule.atLeast("hss-idle-quota"): min must be a number of at least 0; got -5. A rule reads counts and amounts, which are never negative: a negative minimum would always pass and a negative maximum would always fail. Give 0 or more.',
      ],
      [
        'a maximum below zero (it would always fail)',
        () => Rule.atMost('eip-peak-mbps', 1, -0.5),
        'Rule.atMost("eip-peak-mbps"): max must be a number of at least 0; got -0.5. A rule reads counts and amounts, which are never negative: a negative minimum would always pass and a negative maximum would always fail. Give 0 or more.',
      ],
      ['a negative need', () => Rule.fits('x', { used: 1, limit: 2 }, { need: -1 }), 'Rule.fits("x"): need must be a number of at least 0; got -1.'],
      [
        'fits without options',
        () => Rule.fits('x', { used: 1, limit: 2 }, undefined as never),
        'Rule.fits("x"): options must be an object with need or total, such as { total: 3 }; got undefined.',
      ],
      [
        'a source that is not a lookup',
        () => Rule.atMost('x', 1, 2, { source: 42 as never }),
        'Rule.atMost("x"): source[0] must be a lookup construct (an object with lookupError), such as a ProjectResourceStat; got "number".',
      ],
      [
        'a predicate that is not a function',
        () => Rule.custom('x', true as never),
        'Rule.custom("x"): predicate must be a function returning a boolean or { pass, observed?, bound?, message? }; got "boolean".',
      ],
    ])('%s', (_name, make, message) => {
      const err = thrownBy(make);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(message);
    });
  });
});
