// Which suppression wins when several could, the shortest reason taken, and exactly what
// an expiry may look like. Each case here was a mutant of src/policy/suppressions.ts the
// other tests let live (npm run mutate, docs/mutation.md).
import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { InputError } from '../../src/core/errors';
import { Suppressions } from '../../src/policy/suppressions';
import { thrownBy } from '../_helpers/rejection';

const REASON = 'Quota raise QC-1234 approved; lands on Friday';
const DAY = 24 * 60 * 60 * 1000;

/** app / stack / quota (a gate's place), and stack / usage (a lookup's place). */
function tree(): { app: App; stack: TerraformStack; gate: Construct; lookup: Construct } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  return { app, stack, gate: new Construct(stack, 'quota'), lookup: new Construct(stack, 'usage') };
}

const winner = (constructs: Construct[], ruleId: string, nowMs = Date.parse('2026-01-01T00:00:00Z')) => {
  const found = Suppressions.lookup(constructs, ruleId, nowMs);
  return found && { scope: found.suppression.scope, reason: found.suppression.reason, expired: found.expired };
};

describe('Suppressions edges', () => {
  describe('which one applies', () => {
    it('the one declared nearest the gate wins over one further up', () => {
      const { app, stack, gate } = tree();
      Suppressions.of(app).add('x', { reason: 'App-wide: see OPS-1 for why' });
      Suppressions.of(stack).add('x', { reason: 'Stack-wide: see OPS-2 for why' });
      Suppressions.of(gate).add('x', { reason: 'Gate only: see OPS-3 for why' });
      expect(winner([gate], 'x')).toEqual({ scope: 'stack/quota', reason: 'Gate only: see OPS-3 for why', expired: false });
    });

    it('a suppression on the app has the scope "(app)"', () => {
      const { app, gate } = tree();
      Suppressions.of(app).add('x', { reason: REASON });
      expect(winner([gate], 'x')).toEqual({ scope: '(app)', reason: REASON, expired: false });
      expect(Suppressions.of(app).declared[0].scope).toBe('(app)');
    });

    it('an active one further up wins over an expired one nearer', () => {
      const { stack, gate } = tree();
      Suppressions.of(gate).add('x', { reason: 'Expired one, see OPS-9', expires: '2020-01-31' });
      Suppressions.of(stack).add('x', { reason: 'Active one, see OPS-10' });
      expect(winner([gate], 'x')).toEqual({ scope: 'stack', reason: 'Active one, see OPS-10', expired: false });
    });

    it('when all have expired, the nearest expired one is reported', () => {
      const { stack, gate } = tree();
      Suppressions.of(stack).add('x', { reason: 'Older one, see OPS-8', expires: '2019-01-31' });
      Suppressions.of(gate).add('x', { reason: 'Newer one, see OPS-9', expires: '2020-01-31' });
      expect(winner([gate], 'x')).toEqual({ scope: 'stack/quota', reason: 'Newer one, see OPS-9', expired: true });
    });

    it('the first declared wins between two on the same scope', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: 'First, see OPS-1 here' }).add('x', { reason: 'Second, see OPS-2 here' });
      expect(winner([gate], 'x')?.reason).toBe('First, see OPS-1 here');
    });

    it("the gate's own scopes are searched before those of the lookups it reads", () => {
      const { stack, gate, lookup } = tree();
      Suppressions.of(lookup).add('x', { reason: 'On the lookup: OPS-5 here' });
      Suppressions.of(stack).add('x', { reason: 'On the stack: OPS-6 here' });
      expect(winner([gate, lookup], 'x')?.scope).toBe('stack');
      expect(winner([lookup, gate], 'x')?.scope).toBe('stack/usage');
    });

    it('a lookup outside the gate stack brings its own scopes in', () => {
      const { app, gate } = tree();
      const other = new TerraformStack(app, 'shared');
      const lookup = new Construct(other, 'usage');
      Suppressions.of(other).add('x', { reason: REASON });
      expect(winner([gate], 'x')).toBeUndefined();
      expect(winner([gate, lookup], 'x')?.scope).toBe('shared');
    });

    it('only the rule named, and nothing below the scope it is declared on', () => {
      const { stack, gate } = tree();
      Suppressions.of(gate).add('y', { reason: REASON });
      const below = new Construct(gate, 'inner');
      Suppressions.of(below).add('x', { reason: REASON });
      expect(winner([gate], 'x')).toBeUndefined();
      expect(winner([stack], 'y')).toBeUndefined();
      expect(winner([below], 'y')?.scope).toBe('stack/quota');
    });
  });

  describe('expiry instants', () => {
    it('a date lapses at midnight UTC after its day, to the millisecond', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: REASON, expires: '2025-01-31' });
      const end = Date.UTC(2025, 1, 1);
      expect(Suppressions.of(gate).declared[0]).toEqual({ ruleId: 'x', reason: REASON, scope: 'stack/quota', expires: '2025-01-31', expiresAtMs: end });
      expect(winner([gate], 'x', end - 1)?.expired).toBe(false);
      expect(winner([gate], 'x', end)?.expired).toBe(true);
    });

    it('takes the 29th of February in a leap year only', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: REASON, expires: '2024-02-29' });
      expect(Suppressions.of(gate).declared[0].expiresAtMs).toBe(Date.UTC(2024, 2, 1));
      expect(thrownBy(() => Suppressions.of(gate).add('x', { reason: REASON, expires: '2025-02-29' }))).toBeInstanceOf(InputError);
    });

    it('a date-time with an offset lapses at that instant', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: REASON, expires: '2025-06-01T08:00:00+08:00' });
      expect(Suppressions.of(gate).declared[0]).toMatchObject({ expires: '2025-06-01T08:00:00+08:00', expiresAtMs: Date.UTC(2025, 5, 1) });
    });

    it('a Date is kept as its ISO text and instant', () => {
      const { gate } = tree();
      const at = new Date(Date.UTC(2025, 6, 1, 12, 30));
      Suppressions.of(gate).add('x', { reason: REASON, expires: at });
      expect(Suppressions.of(gate).declared[0]).toMatchObject({ expires: '2025-07-01T12:30:00.000Z', expiresAtMs: at.getTime() });
      expect(winner([gate], 'x', at.getTime() - DAY)?.expired).toBe(false);
    });

    it.each([
      ['text before the date', 'x2025-01-01'],
      ['text after the date', '2025-01-01x'],
      ['a one-digit month', '2025-1-01'],
      ['a month 13', '2025-13-01'],
      ['a day 0', '2025-01-00'],
      ['a date and time with a space', '2025-01-01 12:00'],
      ['a date Date.parse would read', 'Jan 1 2030'],
      ["a time of 25 o'clock", '2025-01-01T25:00:00Z'],
      ['a date-time with text before it', ' 2025-01-01T00:00:00Z'],
      ['a number', 20250101],
    ])('refuses %s (%j)', (_name, expires) => {
      const { gate } = tree();
      const err = thrownBy(() => Suppressions.of(gate).add('x', { reason: REASON, expires: expires as never }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        `stack/quota: suppression of rule "x": expires must be a date: "YYYY-MM-DD" (the last day it applies), an ISO 8601 date-time, or a Date; got ${JSON.stringify(expires)}.`,
      );
      expect(Suppressions.of(gate).declared).toEqual([]);
    });
  });

  describe('more odd expiries and options', () => {
    it('a year before 100 is refused (Date.UTC would read it as 19xx)', () => {
      const { gate } = tree();
      expect(thrownBy(() => Suppressions.of(gate).add('x', { reason: REASON, expires: '0050-01-01' }))).toBeInstanceOf(InputError);
    });

    it('an object that prints as a date is not a date', () => {
      const { gate } = tree();
      expect(thrownBy(() => Suppressions.of(gate).add('x', { reason: REASON, expires: { toString: () => '2025-01-01' } as never }))).toBeInstanceOf(InputError);
    });

    it('options that are a number are refused as options, not as a missing reason', () => {
      const { gate } = tree();
      expect(thrownBy(() => Suppressions.of(gate).add('x', 42 as never)).message).toBe(
        'stack/quota: suppression of rule "x": options must be an object with a reason; got 42. For example { reason: "quota raise QC-1234 approved, lands Friday" }.',
      );
    });
  });

  describe('declaredInApp', () => {
    it('lists every suppression of the app, from any construct in it, in declaration order, as a copy', () => {
      const { app, stack, gate } = tree();
      expect(Suppressions.declaredInApp(gate)).toEqual([]);
      Suppressions.of(gate).add('x', { reason: 'First one, OPS-1 here' });
      Suppressions.of(app).add('y', { reason: 'Second one, OPS-2 here' });
      Suppressions.of(stack).add('z', { reason: 'Third one, OPS-3 here' });
      const all = Suppressions.declaredInApp(stack);
      expect(all.map((s) => [s.ruleId, s.scope])).toEqual([
        ['x', 'stack/quota'],
        ['y', '(app)'],
        ['z', 'stack'],
      ]);
      (all as unknown[]).length = 0;
      expect(Suppressions.declaredInApp(app)).toHaveLength(3);
      expect(Suppressions.declaredInApp(tree().gate)).toEqual([]);
    });
  });

  describe('reasons and rule ids', () => {
    it('a reason of exactly 10 characters is taken, and kept without its blank ends', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: '  OPS-123456  ' });
      expect(Suppressions.of(gate).declared).toEqual([{ ruleId: 'x', reason: 'OPS-123456', scope: 'stack/quota', expires: undefined, expiresAtMs: undefined }]);
    });

    it('9 characters are not enough', () => {
      const { gate } = tree();
      expect(Suppressions.MIN_REASON_LENGTH).toBe(10);
      expect(thrownBy(() => Suppressions.of(gate).add('y', { reason: ' OPS-12345 ' }))).toBeInstanceOf(InputError);
    });

    it('a reason that is not a string is refused, whatever its length', () => {
      const { gate } = tree();
      expect(thrownBy(() => Suppressions.of(gate).add('x', { reason: 12345678901 as never })).message).toBe(
        'stack/quota: suppression of rule "x": reason must be at least 10 characters saying why the finding is acceptable; got 12345678901. For example reason: "quota raise QC-1234 approved; lands on 2025-07-01". A suppression without a real reason is not accepted.',
      );
    });

    it('options that are not an object are refused with an example', () => {
      const { gate } = tree();
      expect(thrownBy(() => Suppressions.of(gate).add('x', null as never)).message).toBe(
        'stack/quota: suppression of rule "x": options must be an object with a reason; got null. For example { reason: "quota raise QC-1234 approved, lands Friday" }.',
      );
    });

    it('a rule id like the rules take: up to 100 characters, not starting with a dot, a string', () => {
      const { gate } = tree();
      const id100 = `q${'-._9'.repeat(24)}xyz`;
      expect(id100).toHaveLength(100);
      Suppressions.of(gate).add(id100, { reason: REASON });
      for (const bad of [`${id100}z`, '.x', '', 'a\nb', 42]) {
        expect(thrownBy(() => Suppressions.of(gate).add(bad as never, { reason: REASON }))).toBeInstanceOf(InputError);
      }
      expect(Suppressions.of(gate).declared.map((s) => s.ruleId)).toEqual([id100]);
    });

    it('declared is a copy: changing it changes nothing', () => {
      const { gate } = tree();
      Suppressions.of(gate).add('x', { reason: REASON });
      (Suppressions.of(gate).declared as unknown[]).length = 0;
      expect(Suppressions.of(gate).declared).toHaveLength(1);
      expect(Suppressions.of(new Construct(gate, 'child')).declared).toEqual([]);
    });
  });
});
