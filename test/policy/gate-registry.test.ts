// The app-wide side of gate verdicts (issue #17): when `app.synth()` stops, which
// violations stopped it, whether cdktf's validation error is replaced by the short one, and
// the report the registry builds (notices, no App, reports that cannot be written).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { Gate } from '../../src/policy/gate';
import { GateRegistry, SOURCE_FILE_CONTEXT, SOURCE_FILE_ENV } from '../../src/policy/gate-registry';
import { Rule } from '../../src/policy/rule';
import { Suppressions } from '../../src/policy/suppressions';
import { lookupFailure, ruleOverFailedLookup, standInLookup } from '../_helpers/failed-lookup';
import { thrownBy } from '../_helpers/rejection';
import { useStderr } from '../_helpers/stderr';

const JAN_1 = Date.UTC(2026, 0, 1);
const over = (id: string, level: 'error' | 'warning' = 'error') => Rule.atMost(id, 95, 80, { level });
const under = (id: string) => Rule.atMost(id, 70, 80);

describe('gate registry', () => {
  let outdir: string;
  const stderrText = useStderr();
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-registry-'));
  });
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  const reportMd = () => path.join(outdir, 'headroom', 'report.md');
  const report = () => JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));

  describe('when synth stops on the gates', () => {
    it('prints one block per violation and throws the short error naming their count and the report', () => {
      const app = new App({ outdir });
      new Gate(new TerraformStack(app, 'stack'), 'quota', { rules: [over('instances'), under('ok')] });
      const err = thrownBy(() => app.synth());
      expect(err.name).toBe('GateViolationError');
      expect(err.message).toBe(`cdktf synth stopped by 1 gate violation: rule "instances" (gate stack/quota); every rule, pass or fail, is in ${reportMd()}`);
      expect(stderrText()).toContain('instances');
      expect(stderrText()).not.toContain('"ok"');
    });

    it('counts the blocking violations of every stack, not warnings nor gates that do not enforce at synth', () => {
      const app = new App({ outdir });
      new Gate(new TerraformStack(app, 's1'), 'g', { rules: [over('a'), over('w', 'warning')] });
      new Gate(new TerraformStack(app, 's2'), 'g', { rules: [over('b')] });
      new Gate(new TerraformStack(app, 's3'), 'g', { enforceAtSynth: false, rules: [over('lenient')] });
      expect(thrownBy(() => app.synth()).message).toBe(
        `cdktf synth stopped by 2 gate violations: rule "a" (gate s1/g), rule "b" (gate s2/g); every rule, pass or fail, is in ${reportMd()}`,
      );
      expect(stderrText()).not.toContain('lenient');
    });

    it("keeps cdktf's own error when it lists something else too, still printing the blocks", () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      new Gate(s, 'quota', { rules: [over('instances')] });
      new Construct(s, 'other').node.addValidation({ validate: () => ['the other construct is misconfigured'] });
      const err = thrownBy(() => app.synth());
      expect(err.name).not.toBe('GateViolationError');
      expect(err.message).toMatch(/^Validation failed/);
      expect(err.message).toContain('[stack/other] the other construct is misconfigured');
      expect(stderrText()).toContain('instances');
    });

    it('gives the short error when the rest of the list is the failures of the lookups the failing rules read', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      const lookupError = lookupFailure('QingCloud GetProjectResourceStat: project pj-missing not found');
      const usage = standInLookup(s, 'usage', lookupError);
      usage.node.addValidation({ validate: () => [lookupError.message] });
      const rule = ruleOverFailedLookup('instances', usage);
      new Gate(s, 'quota', { rules: [rule] });
      expect(thrownBy(() => app.synth()).name).toBe('GateViolationError');
    });

    it("a lookup's validation message of several lines, one looking like an entry, is not mistaken for a gate line", () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      const usage = standInLookup(s, 'usage', lookupFailure('project pj-missing not found'));
      usage.node.addValidation({ validate: () => ['project pj-missing not found:\n  [see the docs'] });
      const rule = ruleOverFailedLookup('instances', usage);
      new Gate(s, 'quota', { rules: [rule] });
      const err = thrownBy(() => app.synth());
      expect(err.message).toMatch(/^Validation failed/);
      expect(err.message).toContain('[see the docs');
      expect(stderrText()).toContain('instances');
    });

    it('a failure of a lookup no failing rule reads is not a gate line', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      const unrelated = standInLookup(s, 'unrelated');
      unrelated.node.addValidation({ validate: () => ['unrelated lookup failed'] });
      new Gate(s, 'quota', { rules: [over('instances'), Rule.atMost('reads-it', 1, 2, { source: unrelated })] });
      expect(thrownBy(() => app.synth()).message).toMatch(/^Validation failed[\s\S]*unrelated lookup failed/);
    });

    it('an error that is not a validation error is left as it is, without blocks', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      new Gate(s, 'quota', { rules: [over('instances')] });
      Aspects.of(s).add({
        visit(node: IConstruct) {
          if (node === s) throw new Error('an aspect broke');
        },
      });
      expect(thrownBy(() => app.synth()).message).toBe('an aspect broke');
      expect(stderrText()).not.toContain('instances');
      expect(report().run).toMatchObject({ finished: false, error: expect.stringContaining('an aspect broke') });
      expect(report().findings.map((f: { ruleId: string; status: string }) => [f.ruleId, f.status])).toEqual([['instances', 'fail']]);
    });

    it("a stack that fails validation before the gates' stack is validated: cdktf's error, no blocks", () => {
      const app = new App({ outdir });
      const first = new TerraformStack(app, 'a-first');
      new Construct(first, 'other').node.addValidation({ validate: () => ['the other construct is misconfigured'] });
      new Gate(new TerraformStack(app, 'b-gated'), 'quota', { rules: [over('instances')] });
      const err = thrownBy(() => app.synth());
      expect(err.message).toMatch(/^Validation failed/);
      expect(err.message).toContain('[a-first/other] the other construct is misconfigured');
      expect(stderrText()).toBe('');
    });

    it('synth passes with only warnings and non-enforcing gates failing, printing one line per violation it did not enforce', () => {
      const app = new App({ outdir });
      new Gate(new TerraformStack(app, 's1'), 'g', { rules: [over('w', 'warning')] });
      new Gate(new TerraformStack(app, 's2'), 'g', { enforceAtSynth: false, rules: [over('lenient'), over('lenient-too')] });
      app.synth();
      const lines = stderrText().split('\n').filter(Boolean);
      expect(lines).toEqual([
        expect.stringMatching(
          /^cdktf-headroom: violation of rule "lenient" \(gate s2\/g\), not enforced at synth \(enforceAtSynth: false and enforceAtPlan: false; only `cdktf-headroom check` fails on it\): 95 is above the maximum 80/,
        ),
        expect.stringMatching(/^cdktf-headroom: violation of rule "lenient-too" \(gate s2\/g\), not enforced at synth/),
      ]);
      expect(report().summary).toMatchObject({ errors: 2, warnings: 1, status: 'fail' });
      expect(report().run.finished).toBe(true);
    });

    it("escapes control characters of a rule's message on stderr, whether synth stops on it or not", () => {
      // A custom rule's message may quote what a cloud returned (a tag, a name).
      const quoting = (id: string) => Rule.custom(id, () => ({ pass: false, message: 'tag "\u001b[32mPASS\r\u202e" is not allowed.' }));
      const app = new App({ outdir });
      new Gate(new TerraformStack(app, 's1'), 'g', { enforceAtSynth: false, rules: [quoting('lenient')] });
      app.synth();
      expect(stderrText()).toContain('cdktf-headroom: violation of rule "lenient" (gate s1/g), not enforced at synth');
      expect(stderrText()).toContain('tag "\\u001b[32mPASS\\r\\u202e" is not allowed.');
      const stopped = new App({ outdir });
      new Gate(new TerraformStack(stopped, 's2'), 'g', { rules: [quoting('strict')] });
      thrownBy(() => stopped.synth());
      expect(stderrText()).toContain('✖ gate violation: rule strict (gate s2/g)');
      expect(stderrText().split('tag "\\u001b[32mPASS\\r\\u202e" is not allowed.')).toHaveLength(3);
      for (const raw of ['\u001b', '\r', '\u202e']) expect(stderrText().includes(raw)).toBe(false);
    });
  });

  describe('the source file SARIF results point at', () => {
    const saved = process.env[SOURCE_FILE_ENV];
    afterEach(() => {
      if (saved === undefined) delete process.env[SOURCE_FILE_ENV];
      else process.env[SOURCE_FILE_ENV] = saved;
    });
    function sarifUri(context: Record<string, unknown>, env: string | undefined): unknown {
      if (env === undefined) delete process.env[SOURCE_FILE_ENV];
      else process.env[SOURCE_FILE_ENV] = env;
      const app = new App({ outdir, context });
      new Gate(new TerraformStack(app, 'stack'), 'quota', { rules: [over('x')], enforceAtSynth: false });
      app.synth();
      const sarif = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.sarif'), 'utf8'));
      return sarif.runs[0].results[0].locations[0].physicalLocation?.artifactLocation.uri;
    }
    it('is the context key, over the environment variable', () => {
      expect(sarifUri({ [SOURCE_FILE_CONTEXT]: 'infra/main.ts' }, 'other/main.ts')).toBe('infra/main.ts');
      expect(sarifUri({ [SOURCE_FILE_CONTEXT]: 'infra/main.ts' }, undefined)).toBe('infra/main.ts');
    });
    it('is the environment variable without the context key', () => {
      expect(sarifUri({}, 'ci/stack.ts')).toBe('ci/stack.ts');
    });
    it('is none for an empty or non-text value', () => {
      expect(sarifUri({}, undefined)).toBeUndefined();
      expect(sarifUri({}, '')).toBeUndefined();
      expect(sarifUri({ [SOURCE_FILE_CONTEXT]: 5 }, undefined)).toBeUndefined();
    });
  });

  describe('notices', () => {
    it('a suppression naming no rule of any gate is a notice listing the rule ids, sorted', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      Suppressions.of(s).add('instanses', { reason: 'quota raise CHG-7 lands tomorrow' });
      Suppressions.of(s).add('vcpus', { reason: 'quota raise CHG-7 lands tomorrow' });
      new Gate(s, 'b', { rules: [under('vcpus'), under('instances')] });
      new Gate(s, 'a', { rules: [under('eips')] });
      app.synth();
      expect(report().notices).toEqual([
        {
          level: 'warning',
          code: 'unknown-suppression',
          scope: 'stack',
          message:
            'The suppression of rule "instanses" on stack names no rule of any gate in this app, so it suppresses nothing (rule ids: eips, instances, vcpus). Fix the id or remove the suppression.',
        },
      ]);
    });

    it('with gates that have no rule, the ids are "none"', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      Suppressions.of(s).add('x', { reason: 'quota raise CHG-7 lands tomorrow' });
      new Gate(s, 'empty');
      app.synth();
      expect(report().notices.map((n: { message: string }) => n.message)).toEqual([expect.stringContaining('(rule ids: none)')]);
    });
  });

  describe('checkAll', () => {
    it('of an app without gates: no notices, whatever suppressions it declares (they have no gate to name)', () => {
      const app = new App({ outdir });
      const s = new TerraformStack(app, 'stack');
      Suppressions.of(s).add('instances', { reason: 'quota raise CHG-7 lands tomorrow' });
      const check = GateRegistry.of(s).checkAll(JAN_1);
      expect(check.report.notices).toEqual([]);
      expect(check.report.findings).toEqual([]);
    });

    it('without an App: a report of no run, never finished, and nothing written', () => {
      const root = new Construct(undefined as unknown as Construct, '');
      const gate = new Gate(new TerraformStack(root, 's'), 'g', { rules: [over('x')] });
      const check = GateRegistry.of(gate).checkAll(JAN_1);
      expect(check.reportDir).toBeUndefined();
      expect(check.writeError).toBeUndefined();
      expect(check.report.run).toEqual({ id: '(no app)', startedAt: '2026-01-01T00:00:00.000Z', finished: false });
      expect(check.report.generatedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(check.report.summary).toMatchObject({ errors: 1, status: 'fail' });
      expect(check.evaluations.get(gate)?.findings[0].ruleId).toBe('x');
    });

    it('reports that cannot be written: the error is kept, the report still built', () => {
      fs.writeFileSync(path.join(outdir, 'headroom'), 'a file where the report folder goes');
      const app = new App({ outdir });
      const gate = new Gate(new TerraformStack(app, 'stack'), 'g', { rules: [under('ok')] });
      const check = GateRegistry.of(gate).checkAll(JAN_1);
      expect(check.writeError).toBeInstanceOf(Error);
      expect(check.reportDir).toBe(path.join(outdir, 'headroom'));
      expect(check.report.summary).toMatchObject({ rules: 1, passed: 1 });
      expect(check.report.run.finished).toBe(false);
    });

    it('with an App: the report is the one written, of this run', () => {
      const app = new App({ outdir });
      const gate = new Gate(new TerraformStack(app, 'stack'), 'g', { rules: [over('x')] });
      const check = GateRegistry.of(gate).checkAll(JAN_1);
      expect(check.writeError).toBeUndefined();
      expect(report()).toEqual(JSON.parse(JSON.stringify(check.report)));
      expect(check.report.run.id).not.toBe('(no app)');
    });
  });
});
