import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExampleSynth, findingOf, readReport, stackFile, useExampleSynth } from '../_helpers/example-synth';
import { useFakeCloud } from '../_helpers/fake-cloud';

const MAIN = path.join(__dirname, '../../examples/eip-bandwidth/main.js'); // compiled by `npm run build`

/** The gate's plan-time check, as the synthesized JSON names it. */
interface PlanCheck {
  readonly key: string;
  readonly preconditions: Array<{ condition: string; error_message: string }>;
  /** The gate's local value the conditions refer to: its name and value. */
  readonly local: string;
  readonly values: Record<string, { observed: unknown; bound: unknown; ok: boolean }>;
}

// The fake cloud's cn-bj2 has 12 EIPs; the busiest are eip-bj2fk010 (95.125 Mbps) and
// eip-bj2fk009 (61.5 Mbps); eip-bj2fk001 uses 0.0000629425048828125 Mbps, eip-bj2fk004 48.25.
describe('example: eip-bandwidth', () => {
  const cloud = useFakeCloud();

  /** Runs the example app as `cdktf synth` would (node main.js), against the fake cloud. */
  const synthExample = useExampleSynth(MAIN, 'eip-bandwidth-out-', () => ({ ...process.env, ...cloud().env() }));
  const synth = (env: Record<string, string>): Promise<ExampleSynth> =>
    synthExample({
      UCLOUD_REGION: 'cn-bj2',
      UCLOUD_PROJECT_ID: undefined,
      UCLOUD_PROFILE: undefined,
      EIP_IDS: undefined,
      MAX_PEAK_MBPS: undefined,
      ENFORCE_AT_SYNTH: undefined,
      HEADROOM_FAIL_ON_WARNINGS: undefined,
      ...env,
    });

  const readStack = (outdir: string) => JSON.parse(fs.readFileSync(stackFile(outdir, 'eip-bandwidth'), 'utf8'));

  function planCheck(tf: {
    locals: Record<string, PlanCheck['values']>;
    resource: { terraform_data: Record<string, { lifecycle?: { precondition: PlanCheck['preconditions'] } }> };
  }): PlanCheck {
    // The gate's check is the built-in terraform_data (the default); the example's own resource is a null_resource.
    const keys = Object.keys(tf.resource.terraform_data).filter((k) => k.startsWith('gate_plan-check'));
    expect(keys).toHaveLength(1);
    const locals = Object.keys(tf.locals).filter((k) => k.startsWith('gate_plan-values'));
    expect(locals).toHaveLength(1);
    return { key: keys[0], preconditions: tf.resource.terraform_data[keys[0]].lifecycle!.precondition, local: locals[0], values: tf.locals[locals[0]] };
  }

  it('synthesizes when the busiest EIP is under the bound: passing preconditions, the release waiting for them, a passing report', async () => {
    const { code, stderr, outdir } = await synth({ MAX_PEAK_MBPS: '100' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tf = readStack(outdir);
    expect(tf.output['release-check'].value).toMatchObject({ eips: 12, peakMbps: 95.125, boundMbps: 100 });
    expect(tf.variable.headroom_bandwidth.default).toMatchObject({ totalCount: 12, maxMbps: 95.125, busiestEipId: 'eip-bj2fk010' });
    const check = planCheck(tf);
    const ref = (id: string) => `local.${check.local}["${id}"]`;
    expect(check.values).toEqual({ 'eip-peak-mbps': { observed: 95.125, bound: 100, ok: true }, 'eip-ids-reported': { observed: 0, bound: 0, ok: true } });
    expect(check.preconditions).toEqual([
      {
        condition: `\${${ref('eip-peak-mbps')}.observed <= ${ref('eip-peak-mbps')}.bound}`,
        error_message: 'Gate eip-bandwidth/gate, rule eip-peak-mbps: 95.125 is within the maximum 100.',
      },
      {
        condition: `\${${ref('eip-ids-reported')}.ok}`,
        error_message: 'Gate eip-bandwidth/gate, rule eip-ids-reported: UCloud reported every EIP asked for (all 12 in cn-bj2).',
      },
    ]);
    expect(Object.keys(tf.resource.terraform_data)).toEqual([check.key]);
    expect(tf.resource.terraform_data[check.key]).not.toHaveProperty('input'); // the values stay in the local: no diff when they change
    expect(Object.keys(tf.resource.null_resource)).toEqual(['release']);
    expect(tf.resource.null_resource.release.depends_on).toEqual([`terraform_data.${check.key}`]);
    expect(tf.resource.null_resource.release.triggers).toEqual({ peakMbps: '95.125' });

    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 2, errors: 0, status: 'pass' });
    expect(findingOf(report, 'eip-peak-mbps')).toMatchObject({
      status: 'pass',
      kind: 'at-most',
      gate: 'eip-bandwidth/gate',
      sources: ['eip-bandwidth/bandwidth'],
      observed: 95.125,
      bound: 100,
    });
    expect(fs.readdirSync(path.join(outdir, 'headroom')).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('refuses to synthesize when the busiest EIP is above the bound, with the rule, the values and the EIPs over it', async () => {
    const { code, stderr, outdir } = await synth({ MAX_PEAK_MBPS: '50' });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      '✖ gate violation: rule eip-peak-mbps (gate eip-bandwidth/gate)\n    observed 95.125, bound 50\n    95.125 is above the maximum 50 by 45.125. ' +
        'Over the bound: eip-bj2fk009 61.5 Mbps, eip-bj2fk010 95.125 Mbps. Add bandwidth to these EIPs or move traffic off them, then synthesize again.',
    );
    expect(stderr).not.toContain('eip-ids-reported'); // that rule passed
    expect(fs.existsSync(stackFile(outdir, 'eip-bandwidth'))).toBe(false);

    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 1, errors: 1, blocking: 1, status: 'fail' });
    expect(findingOf(report, 'eip-peak-mbps')).toMatchObject({
      status: 'fail',
      level: 'error',
      blocking: true,
      observed: 95.125,
      bound: 50,
      values: { value: 95.125, max: 50 },
    });
    expect(findingOf(report, 'eip-ids-reported')).toMatchObject({ status: 'pass', observed: 0, bound: 0 });
  });

  it('with ENFORCE_AT_SYNTH=false, synthesizes a failing plan-time precondition instead, and the report still fails', async () => {
    const { code, stderr, outdir } = await synth({ MAX_PEAK_MBPS: '90', ENFORCE_AT_SYNTH: 'false' });
    // Not silent: one line for the violation synth did not enforce.
    expect(stderr).toMatch(
      /^cdktf-headroom: violation of rule "eip-peak-mbps" \(gate eip-bandwidth\/gate\), not enforced at synth \(enforceAtSynth: false; the gate's plan-time check stops `terraform plan`\): 95\.125 is above the maximum 90 by 5\.125\.[^\n]*\n$/,
    );
    expect(code).toBe(0);
    const tf = readStack(outdir);
    const check = planCheck(tf);
    expect(check.values['eip-peak-mbps']).toEqual({ observed: 95.125, bound: 90, ok: false });
    expect(check.preconditions[0]).toEqual({
      condition: `\${local.${check.local}["eip-peak-mbps"].observed <= local.${check.local}["eip-peak-mbps"].bound}`,
      error_message:
        'Gate eip-bandwidth/gate, rule eip-peak-mbps: 95.125 is above the maximum 90 by 5.125. ' +
        'Over the bound: eip-bj2fk010 95.125 Mbps. Add bandwidth to these EIPs or move traffic off them, then synthesize again.',
    });
    expect(check.values['eip-ids-reported'].ok).toBe(true);
    expect(tf.resource.null_resource.release.depends_on).toEqual([`terraform_data.${check.key}`]);
    const report = readReport(outdir);
    expect(report.gates).toEqual([expect.objectContaining({ path: 'eip-bandwidth/gate', enforceAtPlan: true, enforceAtSynth: false, status: 'fail' })]);
    expect(findingOf(report, 'eip-peak-mbps')).toMatchObject({ status: 'fail', blocking: true, observed: 95.125, bound: 90 });
  });

  it('checks only the EIPs named in EIP_IDS', async () => {
    const { code, outdir } = await synth({ MAX_PEAK_MBPS: '90', EIP_IDS: 'eip-bj2fk001, eip-bj2fk004' });
    expect(code).toBe(0);
    const tf = readStack(outdir);
    expect(tf.output['release-check'].value).toMatchObject({ eips: 2, peakMbps: 48.25 });
    expect(findingOf(readReport(outdir), 'eip-ids-reported')).toMatchObject({
      status: 'pass',
      observed: 0,
      bound: 0,
      message: 'UCloud reported every EIP asked for (eip-bj2fk001, eip-bj2fk004).',
    });
  });

  it('refuses an EIP id that UCloud does not report, naming it', async () => {
    const { code, stderr, outdir } = await synth({ EIP_IDS: 'eip-bj2fk004,eip-bj2fk999' });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      '✖ gate violation: rule eip-ids-reported (gate eip-bandwidth/gate)\n    observed 1, bound 0\n    UCloud reported no bandwidth for eip-bj2fk999 in cn-bj2. ' +
        'Check EIP_IDS and UCLOUD_REGION (and UCLOUD_PROJECT_ID for EIPs of another project).',
    );
    const report = readReport(outdir);
    expect(findingOf(report, 'eip-ids-reported')).toMatchObject({ kind: 'custom', status: 'fail', observed: 1, bound: 0 });
    expect(findingOf(report, 'eip-peak-mbps')).toMatchObject({ status: 'pass', observed: 48.25, bound: 100 });
  });

  it('fails closed when the lookup fails: every rule is a violation carrying the lookup error, and no key is written anywhere', async () => {
    const { code, stderr, outdir } = await synth({ UCLOUD_PRIVATE_KEY: 'wrong-key' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('eip-bandwidth/bandwidth: lookup ucloud:DescribeBandwidthUsage failed: UCloud DescribeBandwidthUsage failed with RetCode 171');
    expect(stderr).not.toContain('wrong-key');
    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 0, errors: 2, status: 'fail' });
    for (const id of ['eip-peak-mbps', 'eip-ids-reported']) {
      const f = findingOf(report, id)!;
      expect(f).toMatchObject({ status: 'fail', level: 'error', observed: null, error: { code: 'HEADROOM_CREDENTIALS', name: 'CloudCredentialsError' } });
      expect(f.message).toContain('lookup eip-bandwidth/bandwidth failed, so the rule cannot be checked and fails closed: ');
    }
    for (const file of fs.readdirSync(path.join(outdir, 'headroom'))) {
      expect(fs.readFileSync(path.join(outdir, 'headroom', file), 'utf8')).not.toContain('wrong-key');
    }
  });

  it('refuses a MAX_PEAK_MBPS that is not a non-negative number, before any lookup', async () => {
    const { code, stderr } = await synth({ MAX_PEAK_MBPS: '-5' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('MAX_PEAK_MBPS must be a non-negative number of Mbps; got "-5".');
    expect(await cloud().requests('ucloud')).toHaveLength(0);
  });
});
