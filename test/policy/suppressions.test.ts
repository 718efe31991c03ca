import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { InputError } from '../../src/core/errors';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';
import { Suppressions } from '../../src/policy/suppressions';
import { thrownBy } from '../_helpers/rejection';

const REASON = 'Quota raise QC-1234 approved; lands on Friday';

class StubLookup extends Construct {
  public readonly lookupError = undefined;
}

function setup(): { s: TerraformStack; gate: Gate } {
  const app = Testing.app();
  const s = new TerraformStack(app, 'stack');
  const gate = new Gate(s, 'quota', {
    enforceAtPlan: true,
    rules: [Rule.atMost('eip-peak-mbps', 95, 80), Rule.atMost('instances', 60, 50)],
  });
  return { s, gate };
}

describe('Suppressions', () => {
  it('with a reason: the finding is suppressed, no longer fails synth or plan, and keeps its reason', () => {
    const { s, gate } = setup();
    Suppressions.of(s).add('eip-peak-mbps', { reason: REASON });
    const [eip, instances] = gate.findings;
    expect(eip).toMatchObject({
      status: 'suppressed',
      blocking: false,
      observed: 95,
      bound: 80,
      suppression: { reason: REASON, scope: 'stack', expired: false },
    });
    expect(eip.message).toBe('95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.');
    expect(instances.status).toBe('fail'); // only the rule named
    const message = thrownBy(() => Testing.synth(s, true)).message;
    expect(message).toContain('violation of rule "instances"');
    expect(message).not.toContain('eip-peak-mbps');
    const tf = JSON.parse(Testing.synth(s));
    const check = Object.entries(tf.resource.terraform_data).find(([k]) => k.startsWith('quota_plan-check'))![1] as any;
    const [local, values] = Object.entries(tf.locals).find(([k]) => k.startsWith('quota_plan-values'))! as [string, Record<string, { ok: boolean }>];
    expect(Object.fromEntries(Object.entries(values).map(([id, v]) => [id, v.ok]))).toEqual({ 'eip-peak-mbps': true, instances: false });
    // The suppressed rule's condition is the gate's verdict, not the comparison that fails.
    expect(check.lifecycle.precondition.map((p: { condition: string }) => p.condition)).toEqual([
      `\${local.${local}["eip-peak-mbps"].ok}`,
      `\${local.${local}["instances"].observed <= local.${local}["instances"].bound}`,
    ]);
  });

  it('lets synth pass once every violation is suppressed', () => {
    const { s, gate } = setup();
    Suppressions.of(gate).add('eip-peak-mbps', { reason: REASON }).add('instances', { reason: 'Batch jobs end tonight, see OPS-77' });
    expect(() => Testing.synth(s, true)).not.toThrow();
    expect(gate.findings.map((f) => f.suppression?.scope)).toEqual(['stack/quota', 'stack/quota']);
  });

  it('covers gates at or below its scope only', () => {
    const app = Testing.app();
    const a = new TerraformStack(app, 'a');
    const b = new TerraformStack(app, 'b');
    const ga = new Gate(a, 'quota', { rules: [Rule.atMost('x', 2, 1)] });
    const gb = new Gate(b, 'quota', { rules: [Rule.atMost('x', 2, 1)] });
    Suppressions.of(a).add('x', { reason: REASON });
    expect(ga.findings[0].status).toBe('suppressed');
    expect(gb.findings[0].status).toBe('fail');
  });

  it('on a lookup construct, covers the rules that read it', () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    const usage = new StubLookup(s, 'usage');
    const gate = new Gate(s, 'quota', { rules: [Rule.atMost('x', 2, 1, { source: usage }), Rule.atMost('y', 2, 1)] });
    Suppressions.of(usage).add('x', { reason: REASON }).add('y', { reason: REASON });
    expect(gate.findings.map((f) => f.status)).toEqual(['suppressed', 'fail']);
  });

  it('covers a rule that failed closed too', () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    const gate = new Gate(s, 'quota', {
      rules: [
        Rule.custom('x', () => {
          throw new Error('no data');
        }),
      ],
    });
    Suppressions.of(s).add('x', { reason: REASON });
    expect(gate.findings[0]).toMatchObject({ status: 'suppressed', error: { message: 'no data' } });
  });

  describe('expiry', () => {
    it('applies until the end of its last day', () => {
      const { s, gate } = setup();
      Suppressions.of(s).add('eip-peak-mbps', { reason: REASON, expires: '2999-12-31' });
      expect(gate.findings[0]).toMatchObject({ status: 'suppressed', suppression: { expires: '2999-12-31', expired: false } });
      // the day itself is covered, the next day is not
      expect(gate.evaluate(Date.parse('2999-12-31T23:59:59Z')).findings[0].status).toBe('suppressed');
      expect(gate.evaluate(Date.parse('3000-01-01T00:00:00Z')).findings[0].status).toBe('fail');
    });

    it('once expired, no longer applies: the finding fails again and says so', () => {
      const { s, gate } = setup();
      Suppressions.of(s).add('eip-peak-mbps', { reason: REASON, expires: '2020-06-30' });
      const [eip] = gate.findings;
      expect(eip).toMatchObject({ status: 'fail', blocking: true, suppression: { reason: REASON, scope: 'stack', expires: '2020-06-30', expired: true } });
      expect(eip.message).toBe(
        `95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it. A suppression on stack ("${REASON}") expired on 2020-06-30; fix the finding or renew the suppression with a later date.`,
      );
      expect(thrownBy(() => Testing.synth(s, true)).message).toContain('violation of rule "eip-peak-mbps"');
    });

    it('an active suppression wins over an expired one', () => {
      const { s, gate } = setup();
      Suppressions.of(s).add('eip-peak-mbps', { reason: REASON, expires: '2020-06-30' });
      Suppressions.of(gate).add('eip-peak-mbps', { reason: 'Renewed: upgrade slipped, see NET-9' });
      expect(gate.findings[0]).toMatchObject({ status: 'suppressed', suppression: { scope: 'stack/quota', expired: false } });
    });

    it('takes a date-time or a Date', () => {
      const { s, gate } = setup();
      Suppressions.of(s)
        .add('eip-peak-mbps', { reason: REASON, expires: '2030-01-01T12:00:00Z' })
        .add('instances', { reason: REASON, expires: new Date(Date.UTC(2001, 0, 1)) });
      expect(gate.evaluate(Date.parse('2030-01-01T11:59:59Z')).findings.map((f) => f.status)).toEqual(['suppressed', 'fail']);
      expect(gate.evaluate(Date.parse('2030-01-01T12:00:00Z')).findings[0].status).toBe('fail');
      expect(gate.findings[1].suppression).toMatchObject({ expires: '2001-01-01T00:00:00.000Z', expired: true });
    });
  });

  describe('refuses at once', () => {
    it.each([
      ['no reason', { reason: undefined }, 'reason must be at least 10 characters saying why the finding is acceptable; got undefined.'],
      ['an empty reason', { reason: '' }, 'reason must be at least 10 characters saying why the finding is acceptable; got "".'],
      ['a short reason', { reason: 'tmp' }, 'reason must be at least 10 characters saying why the finding is acceptable; got "tmp".'],
      [
        'a reason that is short once trimmed',
        { reason: '   wip     ' },
        'reason must be at least 10 characters saying why the finding is acceptable; got "   wip     ".',
      ],
      [
        'an expiry that is not a date',
        { reason: REASON, expires: 'next week' },
        'expires must be a date: "YYYY-MM-DD" (the last day it applies), an ISO 8601 date-time, or a Date; got "next week".',
      ],
      [
        'a day that does not exist',
        { reason: REASON, expires: '2025-02-30' },
        'expires must be a date: "YYYY-MM-DD" (the last day it applies), an ISO 8601 date-time, or a Date; got "2025-02-30".',
      ],
      [
        'an invalid Date',
        { reason: REASON, expires: new Date('nope') },
        'expires must be a date: "YYYY-MM-DD" (the last day it applies), an ISO 8601 date-time, or a Date; got "Invalid Date".',
      ],
    ])('%s', (_name, options, message) => {
      const s = new TerraformStack(Testing.app(), 'stack');
      const err = thrownBy(() => Suppressions.of(s).add('eip-peak-mbps', options as never));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message.startsWith(`stack: suppression of rule "eip-peak-mbps": ${message}`)).toBe(true);
    });

    it('says how to write a good reason', () => {
      const s = new TerraformStack(Testing.app(), 'stack');
      expect(thrownBy(() => Suppressions.of(s).add('x', { reason: 'ok' })).message).toBe(
        'stack: suppression of rule "x": reason must be at least 10 characters saying why the finding is acceptable; got "ok". For example reason: "quota raise QC-1234 approved; lands on 2025-07-01". A suppression without a real reason is not accepted.',
      );
    });

    it('a bad rule id', () => {
      const s = new TerraformStack(Testing.app(), 'stack');
      expect(thrownBy(() => Suppressions.of(s).add('eip peak', { reason: REASON })).message).toBe(
        'stack: suppression of rule "eip peak": ruleId must be the id of a rule (letters, digits, ".", "_" and "-"); got "eip peak".',
      );
    });

    it('and records nothing when refused', () => {
      const s = new TerraformStack(Testing.app(), 'stack');
      thrownBy(() => Suppressions.of(s).add('x', { reason: 'no' }));
      expect(Suppressions.of(s).declared).toEqual([]);
    });
  });
});
