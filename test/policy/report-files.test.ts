import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import type * as sarif from 'sarif';
import { Element, xml2js } from 'xml-js';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { FAIL_ON_WARNINGS_ENV } from '../../src/policy/fail-on-warnings';
import { Gate } from '../../src/policy/gate';
import { SOURCE_FILE_CONTEXT } from '../../src/policy/gate-registry';
import { GateReport } from '../../src/policy/gate-report';
import { Headroom } from '../../src/policy/headroom';
import { Rule } from '../../src/policy/rule';
import { renderSarif } from '../../src/policy/sarif-report';
import { Suppressions } from '../../src/policy/suppressions';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

const PROJECT = FAKE_QINGCLOUD_PROJECT; // 42 instances in the bundled data

const read = (outdir: string, name: string): string => fs.readFileSync(path.join(outdir, 'headroom', name), 'utf8');
const tmpdir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-'));

/**
 * Two stacks: `east` with one rule of each outcome (pass, error, warning, suppressed,
 * failed closed), `west` with one more violation.
 */
function twoStacks(app: App = Testing.app()): { app: App; east: TerraformStack; west: TerraformStack } {
  const east = new TerraformStack(app, 'east');
  const usage = new ProjectResourceStat(east, 'usage', PROJECT);
  const headroom = Headroom.of({ used: usage.totals.instanceCount, limit: 50, source: usage });
  new Gate(east, 'quota', {
    rules: [
      Rule.fits('qingcloud-instances', headroom, { need: 5 }),
      Rule.atMost('instances-total', usage.totals.instanceCount, 40),
      Rule.atMost('eip-peak-mbps', 95, 80, { level: 'warning' }),
      Rule.atLeast('hss-idle-quota', 1, 3),
      Rule.custom('boom', () => {
        throw new Error('no <data> & no "quota"');
      }),
    ],
  });
  Suppressions.of(east).add('hss-idle-quota', { reason: 'HSS quota order HSS-88 pending', expires: '2999-01-31' });
  const west = new TerraformStack(app, 'west');
  new Gate(west, 'quota', { rules: [Rule.atMost('west-instances', 12, 10)] });
  return { app, east, west };
}

/** Child elements of `e` named `name`. */
function children(e: Element, name?: string): Element[] {
  return (e.elements ?? []).filter((c) => c.type === 'element' && (name === undefined || c.name === name));
}

describe('gate reports', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud(), { [FAIL_ON_WARNINGS_ENV]: undefined }));

  describe('written by a failing synth, covering every gate of the app', () => {
    let outdir: string;
    let error: string;
    beforeAll(() => {
      const { app, east } = twoStacks();
      outdir = app.outdir;
      error = thrownBy(() => Testing.synth(east, true)).message;
    });

    it('lists the violations of other stacks in the synth error too', () => {
      expect(error).toContain('[east/quota] violation of rule "instances-total"');
      expect(error).toContain('[east/quota] violation of rule "boom"');
      expect(error).toContain('[east/quota] 1 more violation(s) in other stacks: west/quota rule "west-instances".');
      expect(error).not.toContain('eip-peak-mbps'); // a warning
      expect(error).not.toContain('hss-idle-quota'); // suppressed
    });

    it('JSON: every rule, pass or fail, with values and the verdict', () => {
      const report = JSON.parse(read(outdir, 'report.json'));
      expect(report).toMatchObject({ tool: 'cdktf-headroom', schemaVersion: 2 });
      expect(Date.parse(report.generatedAt)).not.toBeNaN();
      expect(report.summary).toEqual({ rules: 6, passed: 1, errors: 3, warnings: 1, suppressed: 1, blocking: 3, status: 'fail' });
      expect(report.gates).toEqual([
        { path: 'east/quota', stack: 'east', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false, status: 'fail' },
        { path: 'west/quota', stack: 'west', enforceAtPlan: false, enforceAtSynth: true, failOnWarnings: false, status: 'fail' },
      ]);
      expect(report.findings.map((f: any) => [f.gate, f.ruleId, f.status, f.level, f.blocking, f.observed, f.bound])).toEqual([
        ['east/quota', 'qingcloud-instances', 'pass', 'error', false, 8, 5],
        ['east/quota', 'instances-total', 'fail', 'error', true, 42, 40],
        ['east/quota', 'eip-peak-mbps', 'fail', 'warning', false, 95, 80],
        ['east/quota', 'hss-idle-quota', 'suppressed', 'error', false, 1, 3],
        ['east/quota', 'boom', 'fail', 'error', true, null, null],
        ['west/quota', 'west-instances', 'fail', 'error', true, 12, 10],
      ]);
      expect(report.findings[0]).toMatchObject({ kind: 'fits', sources: ['east/usage'], values: { used: 42, limit: 50, available: 8, need: 5 } });
      expect(report.findings[3].suppression).toEqual({ reason: 'HSS quota order HSS-88 pending', scope: 'east', expires: '2999-01-31', expired: false });
      expect(report.findings[4].error).toEqual({ code: 'UNKNOWN', name: 'Error', message: 'no <data> & no "quota"' });
      // Where the numbers came from, for the rule over a lookup; none for rules over plain numbers.
      expect(report.findings[0].provenance).toEqual([
        {
          source: 'east/usage',
          kind: 'qingcloud:GetProjectResourceStat',
          cloud: 'qingcloud',
          api: 'GetProjectResourceStat',
          endpoint: cloud().env().QINGCLOUD_ENDPOINT,
          query: { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' },
          mode: 'live',
          answeredFrom: 'cloud',
          fetchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          failed: false,
        },
      ]);
      expect(report.findings[1]).not.toHaveProperty('provenance');
    });

    it('JUnit: testsuites > testsuite per gate > testcase per rule, with the elements and attributes the schema requires', () => {
      const doc = xml2js(read(outdir, 'junit.xml'), { compact: false }) as Element; // a strict parser: throws on malformed XML
      const [root] = children(doc);
      expect(root.name).toBe('testsuites');
      // The synth failed on the violations, so it did not finish: one more test case, in error.
      expect(root.attributes).toMatchObject({ tests: '7', failures: '2', errors: '2', skipped: '1' });
      const suites = children(root);
      expect(suites.map((s) => s.name)).toEqual(['testsuite', 'testsuite', 'testsuite']);
      expect(suites[2].attributes).toMatchObject({ name: 'synth', tests: '1', errors: '1' });
      for (const suite of suites) {
        for (const a of ['name', 'tests', 'failures', 'errors', 'time', 'timestamp', 'hostname', 'package', 'id']) expect(suite.attributes).toHaveProperty(a);
        expect(String(suite.attributes!.timestamp)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/); // no zone, as the schema's pattern wants
        const names = children(suite).map((c) => c.name);
        expect(names[0]).toBe('properties');
        expect(names.slice(-2)).toEqual(['system-out', 'system-err']);
        for (const p of children(children(suite, 'properties')[0])) expect(Object.keys(p.attributes!).sort()).toEqual(['name', 'value']);
        for (const tc of children(suite, 'testcase')) {
          expect(tc.attributes).toHaveProperty('name');
          expect(tc.attributes).toHaveProperty('classname');
          expect(tc.attributes).toHaveProperty('time');
        }
      }
      const [east, west] = suites;
      expect(east.attributes).toMatchObject({ name: 'east/quota', package: 'east', id: '0', tests: '5', failures: '1', errors: '1', skipped: '1' });
      expect(west.attributes).toMatchObject({ name: 'west/quota', package: 'west', id: '1', tests: '1', failures: '1', errors: '0', skipped: '0' });
      const cases = Object.fromEntries(children(east, 'testcase').map((tc) => [tc.attributes!.name, tc]));
      expect(Object.keys(cases)).toEqual(['qingcloud-instances', 'instances-total', 'eip-peak-mbps', 'hss-idle-quota', 'boom']);
      expect(cases['qingcloud-instances'].attributes!.classname).toBe('east.quota');
      expect(children(cases['qingcloud-instances']).map((c) => c.name)).toEqual(['system-out']); // passed
      const [failure] = children(cases['instances-total'], 'failure');
      expect(failure.attributes).toEqual({
        message: '42 is above the maximum 40 by 2. Bring it down to 40 or less, or raise the bound once the quota allows it.',
        type: 'error',
      });
      expect(children(cases['eip-peak-mbps']).map((c) => c.name)).toEqual(['system-out']); // a warning is not a failure
      expect(children(cases['hss-idle-quota'], 'skipped')[0].attributes).toEqual({ message: 'suppressed: HSS quota order HSS-88 pending' });
      const [error] = children(cases.boom, 'error');
      expect(error.attributes!.type).toBe('UNKNOWN');
      expect(error.attributes!.message).toBe('the rule could not be checked and fails closed: no <data> & no "quota".'); // escaped in the file, intact once parsed
    });

    it('SARIF 2.1.0: one run, a rule per id, a result per failing or suppressed rule at its construct path', () => {
      const sarif = JSON.parse(read(outdir, 'report.sarif'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
      expect(sarif.runs).toHaveLength(1);
      const [run] = sarif.runs;
      expect(run.tool.driver.name).toBe('cdktf-headroom');
      expect(run.tool.driver.rules.map((r: any) => r.id)).toEqual([
        'qingcloud-instances',
        'instances-total',
        'eip-peak-mbps',
        'hss-idle-quota',
        'boom',
        'west-instances',
      ]);
      expect(
        run.results.map((r: any) => [r.ruleId, r.level, r.locations[0].logicalLocations[0].fullyQualifiedName, r.suppressions?.[0]?.justification]),
      ).toEqual([
        ['instances-total', 'error', 'east/quota', undefined],
        ['eip-peak-mbps', 'warning', 'east/quota', undefined],
        ['hss-idle-quota', 'error', 'east/quota', 'HSS quota order HSS-88 pending'],
        ['boom', 'error', 'east/quota', undefined],
        ['west-instances', 'error', 'west/quota', undefined],
      ]);
      for (const r of run.results) {
        expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
        expect(typeof r.message.text).toBe('string');
        expect(r.locations[0].physicalLocation).toBeUndefined();
        expect(Object.values(r.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(run.results[2].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted' });
    });

    it('renderSarif gives the file as a typed SARIF log (@types/sarif), from the report.json beside it', () => {
      const log: sarif.Log = renderSarif(JSON.parse(read(outdir, 'report.json')) as GateReport);
      const levels: Array<sarif.Result.level | undefined> = (log.runs[0].results ?? []).map((r) => r.level);
      expect(levels).toEqual(['error', 'warning', 'error', 'error', 'error']);
      expect(`${JSON.stringify(log, null, 2)}\n`).toBe(read(outdir, 'report.sarif'));
    });

    it('Markdown: the verdict, the failing and suppressed rules, the passing ones folded', () => {
      const md = read(outdir, 'report.md');
      const lines = md.split('\n');
      expect(lines[0]).toBe('## cdktf-headroom gates: ❌ FAIL');
      expect(lines[2]).toBe('3 violations, 1 warning, 1 passed, 1 suppressed (6 rules in 2 gates).');
      expect(lines).toContain(
        '| ❌ error | `instances-total` | `east/quota` | 42 | 40 | `██████████` 105% · over by 2 | 42 is above the maximum 40 by 2. Bring it down to 40 or less, or raise the bound once the quota allows it. |',
      );
      expect(lines).toContain(
        '| ❌ error | `west-instances` | `west/quota` | 12 | 10 | `██████████` 120% · over by 2 | 12 is above the maximum 10 by 2. Bring it down to 10 or less, or raise the bound once the quota allows it. |',
      );
      expect(md).toContain('| ⚠️ warning | `eip-peak-mbps` |');
      expect(md).toContain(
        '| 🔕 suppressed | `hss-idle-quota` | `east/quota` | 1 | 3 | `███▍░░░░░░` 33.3% of the minimum · short by 2 | Suppressed on `east` until 2999-01-31: HSS quota order HSS-88 pending.',
      );
      expect(md).toContain('no &lt;data&gt; &amp; no "quota"');
      const details = md.indexOf('<details><summary>1 passed</summary>');
      expect(details).toBeGreaterThan(md.indexOf('west-instances'));
      expect(md.indexOf('`qingcloud-instances`')).toBeGreaterThan(details);
    });
  });

  it('are written by a real App.synth that passes', () => {
    const outdir = tmpdir();
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'stack');
    new Gate(s, 'quota', { rules: [Rule.atMost('x', 1, 2)] });
    app.synth();
    expect(JSON.parse(read(outdir, 'report.json')).summary).toMatchObject({ rules: 1, passed: 1, status: 'pass' });
    expect(read(outdir, 'report.md').split('\n')[0]).toBe('## cdktf-headroom gates: ✅ PASS');
  });

  it('are written when App.synth stops on a failed lookup before validating, and show the lookup failure', () => {
    const outdir = tmpdir();
    const app = new App({ outdir });
    const s = new TerraformStack(app, 'stack');
    const usage = new ProjectResourceStat(s, 'usage', { ...PROJECT, projectId: 'pj-missing' });
    new Gate(s, 'quota', { rules: [Rule.atMost('instances', () => usage.totals.instanceCount, 50, { source: usage })] });
    // The lookup's failure is the rule's violation: printed as its block, and a short error.
    expect(thrownBy(() => app.synth()).message).toContain('cdktf synth stopped by 1 gate violation: rule "instances" (gate stack/quota)');
    expect(read(outdir, 'report.json')).toContain('pj-missing');
    const report = JSON.parse(read(outdir, 'report.json'));
    expect(report.summary.status).toBe('fail');
    expect(report.findings[0]).toMatchObject({ ruleId: 'instances', status: 'fail', blocking: true, error: { code: 'HEADROOM_CLOUD' } });
  });

  it('are written, violations included, when the app skips validation', () => {
    const outdir = tmpdir();
    const app = new App({ outdir, skipValidation: true });
    new Gate(new TerraformStack(app, 'stack'), 'quota', { rules: [Rule.atMost('x', 3, 2)] });
    app.synth();
    expect(JSON.parse(read(outdir, 'report.json')).summary).toMatchObject({ errors: 1, status: 'fail' });
  });

  it('left by an earlier synth are replaced by an unfinished report when the next app declares a gate, so a synth that stops early cannot pass', () => {
    const outdir = tmpdir();
    const first = new App({ outdir });
    new Gate(new TerraformStack(first, 'stack'), 'quota', { rules: [Rule.atMost('x', 1, 2)] });
    first.synth();
    const firstId = JSON.parse(read(outdir, 'report.json')).run.id;
    const second = new App({ outdir });
    new Gate(new TerraformStack(second, 'stack'), 'quota', { rules: [Rule.atMost('x', 1, 2)] });
    const report = JSON.parse(read(outdir, 'report.json'));
    expect(report).toMatchObject({ run: { finished: false }, summary: { status: 'unfinished' }, findings: [] });
    expect(report.run.id).not.toBe(firstId);
  });

  it('SARIF gives a physical location when the source file is named (context headroom:sourceFile)', () => {
    const app = Testing.app({ context: { [SOURCE_FILE_CONTEXT]: 'infra/main.ts' } });
    const s = new TerraformStack(app, 'stack');
    new Gate(s, 'quota', { rules: [Rule.atMost('x', 3, 2)] });
    thrownBy(() => Testing.synth(s, true));
    const [result] = JSON.parse(read(app.outdir, 'report.sarif')).runs[0].results;
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'infra/main.ts' } });
  });

  it('never contain a secret, even when the cloud refused the keys', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 'stack');
    const usage = new ProjectResourceStat(s, 'usage', {
      ...PROJECT,
      credentials: { accessKeyId: FAKE_CREDENTIALS.qingcloud.accessKeyId, secretAccessKey: 'wrong-secret-0000' },
    });
    new Gate(s, 'quota', { rules: [Rule.atMost('instances', () => usage.totals.instanceCount, 50, { source: usage })] });
    thrownBy(() => Testing.synth(s, true));
    const all = ['report.json', 'junit.xml', 'report.md', 'report.sarif', 'report.html'].map((f) => read(app.outdir, f)).join('\n');
    expect(all).toContain('HEADROOM_CREDENTIALS');
    expect(JSON.parse(read(app.outdir, 'report.json')).findings[0].provenance).toEqual([
      expect.objectContaining({ source: 'stack/usage', mode: 'live', failed: true }),
    ]);
    expect(all).not.toContain('wrong-secret-0000');
    expect(all).not.toContain(FAKE_CREDENTIALS.qingcloud.secretAccessKey);
    expect(all).not.toContain(FAKE_CREDENTIALS.qingcloud.accessKeyId);
  });
});
