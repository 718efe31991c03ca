// A gate's verdict on each rule (issue #17): status, blocking, and what synth is told, for
// every combination of level, suppression (active or expired) and failing on warnings.
// Rules over plain numbers: no cloud is needed to decide a verdict.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { FAIL_ON_WARNINGS_CONTEXT, FAIL_ON_WARNINGS_ENV } from '../../src/policy/fail-on-warnings';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';
import { Suppressions } from '../../src/policy/suppressions';
import { lookupFailure, ruleOverFailedLookup, standInLookup } from '../_helpers/failed-lookup';
import { useEnv } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

const JAN_1 = Date.UTC(2026, 0, 1);
const over = (id: string, level: 'error' | 'warning' = 'error') => Rule.atMost(id, 95, 80, { level });
const under = (id: string, level: 'error' | 'warning' = 'error') => Rule.atMost(id, 70, 80, { level });

function stack(context: Record<string, unknown> = {}): TerraformStack {
  return new TerraformStack(Testing.app({ context }), 'stack');
}

/** The lines a validating synth of `s` fails with (cdktf's `[path] line` entries). */
function validationLines(s: TerraformStack): string[] {
  const message: string = thrownBy(() => Testing.synth(s, true)).message;
  return message
    .split('\n')
    .filter((l) => l.startsWith('  ['))
    .map((l) => l.trim());
}

describe('gate verdicts', () => {
  useEnv({ [FAIL_ON_WARNINGS_ENV]: undefined });

  describe('each finding', () => {
    it('pass, fail and blocking by level, not failing on warnings', () => {
      const gate = new Gate(stack(), 'quota', { rules: [under('ok'), under('ok-w', 'warning'), over('err'), over('warn', 'warning')] });
      expect(gate.evaluate(JAN_1).findings.map((f) => [f.ruleId, f.status, f.level, f.blocking])).toEqual([
        ['ok', 'pass', 'error', false],
        ['ok-w', 'pass', 'warning', false],
        ['err', 'fail', 'error', true],
        ['warn', 'fail', 'warning', false],
      ]);
      expect(gate.passed).toBe(false);
    });

    it('failing on warnings: a failed warning blocks, a passing one does not', () => {
      const gate = new Gate(stack(), 'quota', { failOnWarnings: true, rules: [under('ok-w', 'warning'), over('warn', 'warning')] });
      expect(gate.evaluate(JAN_1).findings.map((f) => [f.ruleId, f.status, f.blocking])).toEqual([
        ['ok-w', 'pass', false],
        ['warn', 'fail', true],
      ]);
      expect(gate.passed).toBe(false);
    });

    it('passes with a failed warning when not failing on warnings', () => {
      const gate = new Gate(stack(), 'quota', { rules: [under('ok'), over('warn', 'warning')] });
      expect(gate.passed).toBe(true);
    });

    it('a suppressed failure neither fails nor blocks, and says by what; a passing rule is never looked up', () => {
      const s = stack();
      Suppressions.of(s).add('err', { reason: 'quota raise CHG-7 lands tomorrow', expires: '2026-01-31' });
      Suppressions.of(s).add('ok', { reason: 'this rule passes anyway, nothing to cover' });
      const gate = new Gate(s, 'quota', { failOnWarnings: true, rules: [over('err'), under('ok')] });
      const [err, ok] = gate.evaluate(JAN_1).findings;
      expect(err).toMatchObject({
        status: 'suppressed',
        blocking: false,
        suppression: { reason: 'quota raise CHG-7 lands tomorrow', scope: 'stack', expires: '2026-01-31', expired: false },
      });
      expect(err.message).toBe('95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.');
      expect(ok.status).toBe('pass');
      expect(ok.suppression).toBeUndefined();
    });

    it('a suppression without expiry has no expires in the finding', () => {
      const s = stack();
      Suppressions.of(s).add('err', { reason: 'quota raise CHG-7 lands tomorrow' });
      const gate = new Gate(s, 'quota', { rules: [over('err')] });
      expect(gate.evaluate(JAN_1).findings[0].suppression).toEqual({ reason: 'quota raise CHG-7 lands tomorrow', scope: 'stack', expired: false });
    });

    it('an expired suppression: the failure counts again and blocks, and the message says how to renew it', () => {
      const s = stack();
      Suppressions.of(s).add('err', { reason: 'quota raise CHG-7 lands tomorrow', expires: '2025-12-31' });
      const gate = new Gate(s, 'quota', { rules: [over('err')] });
      const [f] = gate.evaluate(JAN_1).findings;
      expect(f).toMatchObject({ status: 'fail', blocking: true, suppression: { expired: true, expires: '2025-12-31' } });
      expect(f.message).toBe(
        '95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it. ' +
          'A suppression on stack ("quota raise CHG-7 lands tomorrow") expired on 2025-12-31; fix the finding or renew the suppression with a later date.',
      );
    });

    it('a suppression on the lookup a rule reads covers it too', () => {
      const s = stack();
      const source = standInLookup(s, 'usage');
      Suppressions.of(source).add('err', { reason: 'this lookup counts a project being retired' });
      const gate = new Gate(s, 'quota', { rules: [Rule.atMost('err', 95, 80, { source })] });
      expect(gate.evaluate(JAN_1).findings[0]).toMatchObject({ status: 'suppressed', sources: ['stack/usage'], suppression: { scope: 'stack/usage' } });
    });

    it('a failed lookup is an error-level failure that blocks, carrying the error', () => {
      const s = stack();
      const source = standInLookup(s, 'usage', lookupFailure('QingCloud GetProjectResourceStat: project pj-missing not found'));
      const rule = ruleOverFailedLookup('instances', source, { level: 'warning' });
      const gate = new Gate(s, 'quota', { rules: [rule, under('ok')] });
      const [f, ok] = gate.evaluate(JAN_1).findings;
      expect(f).toMatchObject({ status: 'fail', level: 'error', blocking: true, error: { code: 'HEADROOM_CLOUD', name: 'CloudServiceError' } });
      expect('error' in ok).toBe(false);
    });

    it('each finding names its gate, stack, rule kind and sources', () => {
      const gate = new Gate(stack(), 'quota', { rules: [over('err')] });
      expect(gate.evaluate(JAN_1)).toMatchObject({
        gate: { path: 'stack/quota', stack: 'stack', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false },
        findings: [{ ruleId: 'err', kind: 'at-most', gate: 'stack/quota', stack: 'stack', sources: [], observed: 95, bound: 80 }],
      });
    });
  });

  describe('failing on warnings is asked', () => {
    it('by none of the three: off', () => {
      expect(new Gate(stack(), 'g').failOnWarnings).toBe(false);
      expect(new Gate(stack(), 'g', { failOnWarnings: false }).failOnWarnings).toBe(false);
    });
    it('by the prop', () => {
      expect(new Gate(stack(), 'g', { failOnWarnings: true }).failOnWarnings).toBe(true);
    });
    it('by the context key, even with the prop false', () => {
      expect(new Gate(stack({ [FAIL_ON_WARNINGS_CONTEXT]: true }), 'g', { failOnWarnings: false }).failOnWarnings).toBe(true);
    });
    describe('by the environment', () => {
      useEnv({ [FAIL_ON_WARNINGS_ENV]: 'on' });
      it('even with the prop false', () => {
        const gate = new Gate(stack(), 'g', { failOnWarnings: false, rules: [over('warn', 'warning')] });
        expect(gate.failOnWarnings).toBe(true);
        expect(gate.evaluate(JAN_1)).toMatchObject({ gate: { failOnWarnings: true }, findings: [{ blocking: true }] });
      });
    });
  });

  describe('what synth is told', () => {
    it('one line per blocking finding, errors and warnings worded apart, then where the reports are', () => {
      const s = stack();
      new Gate(s, 'quota', { failOnWarnings: true, rules: [over('err'), under('ok'), over('warn', 'warning')] });
      const lines = validationLines(s);
      expect(lines[0]).toBe(
        '[stack/quota] violation of rule "err": 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
      );
      expect(lines[1]).toBe(
        '[stack/quota] warning (failing on warnings) of rule "warn": 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
      );
      expect(lines[2]).toMatch(
        /^\[stack\/quota\] Every rule, pass or fail, is in .+report\.md \(and report\.html, report\.json, junit\.xml, report\.sarif\)\.$/,
      );
      expect(lines).toHaveLength(3);
    });

    it('a non-blocking warning is a synth warning, once, and not a failure; a suppressed failure is neither', () => {
      const s = stack();
      Suppressions.of(s).add('err', { reason: 'quota raise CHG-7 lands tomorrow' });
      const gate = new Gate(s, 'quota', { rules: [over('warn', 'warning'), over('err')] });
      expect(() => Testing.synth(s, true)).not.toThrow();
      expect(gate.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data)).toEqual([
        'warning of rule "warn": 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
      ]);
    });

    it('a blocking warning is not also a synth warning', () => {
      const s = stack();
      const gate = new Gate(s, 'quota', { failOnWarnings: true, rules: [over('warn', 'warning')] });
      validationLines(s);
      expect(gate.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
    });

    it('with two failing gates in a stack, only the first adds where the reports are', () => {
      const s = stack();
      new Gate(s, 'a', { rules: [over('a1')] });
      new Gate(s, 'b', { rules: [over('b1')] });
      const lines = validationLines(s);
      expect(lines.filter((l) => l.includes('Every rule, pass or fail'))).toEqual([expect.stringMatching(/^\[stack\/a\] /)]);
      expect(lines.filter((l) => l.includes('violation of rule')).map((l) => l.slice(0, 14))).toEqual(['[stack/a] viol', '[stack/b] viol']);
    });

    it('the first failing gate is the first that blocks: a passing or non-enforcing gate before it adds nothing', () => {
      const s = stack();
      new Gate(s, 'passing', { rules: [under('p')] });
      new Gate(s, 'lenient', { enforceAtSynth: false, rules: [over('l')] });
      new Gate(s, 'strict', { rules: [over('s')] });
      const lines = validationLines(s);
      expect(lines.every((l) => l.startsWith('[stack/strict] '))).toBe(true);
      expect(lines).toHaveLength(2);
    });

    it('the first failing gate counts the violations of other stacks that enforce at synth', () => {
      const app = Testing.app();
      const s1 = new TerraformStack(app, 's1');
      const s2 = new TerraformStack(app, 's2');
      const s3 = new TerraformStack(app, 's3');
      new Gate(s1, 'g', { rules: [over('x')] });
      new Gate(s2, 'g', { rules: [over('y'), over('z'), under('ok'), over('w', 'warning')] });
      new Gate(s3, 'g', { enforceAtSynth: false, rules: [over('ignored')] });
      const lines = validationLines(s1);
      expect(lines).toContain('[s1/g] 2 more violation(s) in other stacks: s2/g rule "y", s2/g rule "z".');
    });

    it('no word about other stacks when they have no violation', () => {
      const app = Testing.app();
      const s1 = new TerraformStack(app, 's1');
      new Gate(s1, 'g', { rules: [over('x')] });
      new Gate(new TerraformStack(app, 's2'), 'g', { rules: [under('ok'), over('w', 'warning')] });
      expect(validationLines(s1).some((l) => l.includes('other stacks'))).toBe(false);
    });

    it("each stack's first failing gate adds where the reports are, whatever other stacks do", () => {
      const app = Testing.app();
      const s1 = new TerraformStack(app, 's1');
      const s2 = new TerraformStack(app, 's2');
      new Gate(s1, 'g', { rules: [over('x')] });
      new Gate(s2, 'g', { rules: [over('y')] });
      expect(validationLines(s2).filter((l) => l.includes('Every rule, pass or fail'))).toEqual([expect.stringMatching(/^\[s2\/g\] /)]);
    });

    it('without an App (no output folder) the lines name no report folder', () => {
      const root = new Construct(undefined as unknown as Construct, '');
      const gate = new Gate(new TerraformStack(root, 's'), 'g', { rules: [over('x')] });
      expect(gate.node.validate()).toEqual([
        'violation of rule "x": 95 is above the maximum 80 by 15. Bring it down to 80 or less, or raise the bound once the quota allows it.',
      ]);
    });

    it('reports that cannot be written fail the synth, said once per stack, even when every rule passes', () => {
      const app = Testing.app();
      fs.mkdirSync(app.outdir, { recursive: true });
      fs.writeFileSync(path.join(app.outdir, 'headroom'), 'a file where the report folder goes');
      const s1 = new TerraformStack(app, 's1');
      const s2 = new TerraformStack(app, 's2');
      const first = new Gate(s1, 'a', { rules: [under('ok')] });
      const second = new Gate(s1, 'b', { rules: [under('ok')] });
      const other = new Gate(s2, 'c', { rules: [under('ok')] });
      const said = (g: Gate) => g.node.validate().filter((l) => l.startsWith('could not write the gate reports to '));
      expect(said(first)).toEqual([
        expect.stringMatching(
          /^could not write the gate reports to .+headroom: .+\. The pipeline's check step needs them; make the synth output folder writable\.$/,
        ),
      ]);
      expect(said(second)).toEqual([]);
      expect(said(other)).toHaveLength(1);
    });

    it('at plan time: one precondition per error rule, none for a warning unless failing on warnings', () => {
      const conditions = (failOnWarnings: boolean, rules: Rule[]) => {
        const s = stack();
        new Gate(s, 'quota', { enforceAtPlan: true, enforceAtSynth: false, planCheckResource: 'terraform_data', failOnWarnings, rules });
        const [check] = Object.values(JSON.parse(Testing.synth(s, true)).resource.terraform_data) as Array<{ lifecycle?: { precondition?: object[] } }>;
        return check.lifecycle?.precondition?.map((p) => (p as { error_message: string }).error_message.slice(0, 29));
      };
      expect(conditions(false, [over('err'), over('warn', 'warning'), under('ok')])).toEqual([
        'Gate stack/quota, rule err: 9',
        'Gate stack/quota, rule ok: 70',
      ]);
      expect(conditions(false, [over('warn', 'warning')])).toBeUndefined();
      expect(conditions(true, [over('warn', 'warning')])).toEqual(['Gate stack/quota, rule warn: ']);
    });

    it('a gate that does not enforce at synth fails nothing, though its findings still block', () => {
      const s = stack();
      const gate = new Gate(s, 'quota', { enforceAtSynth: false, rules: [over('err')] });
      expect(() => Testing.synth(s, true)).not.toThrow();
      expect(gate.evaluate(JAN_1).findings[0].blocking).toBe(true);
    });
  });
});
