import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultHuaweiCloudData } from '../../src/testing/default-data';
import { FakeHuaweiCloudData } from '../../src/testing/huaweicloud-handler';
import { findingOf, readReport, stackFile, useExampleSynth } from '../_helpers/example-synth';
import { useFakeCloud } from '../_helpers/fake-cloud';

/**
 * The bundled HSS quotas with their expiry times moved by as much as today is past
 * 2026-11-23, so they stand where they stood then, whatever day the tests run: the 3
 * usable idle enterprise quotas expire 2027-07-01 (in about 220 days), so none expire within
 * 30 days and all within 365.
 */
function huaweiDataAsOf20261123(): FakeHuaweiCloudData {
  const shift = Date.now() - Date.UTC(2026, 10, 23);
  const data = defaultHuaweiCloudData();
  const projects = Object.fromEntries(
    Object.entries(data.projects).map(([id, p]) => [
      id,
      { ...p, quotas: p.quotas.map((q) => (q.expire_time === undefined || q.expire_time === -1 ? q : { ...q, expire_time: q.expire_time + shift })) },
    ]),
  );
  return { ...data, projects };
}

// examples/hss-quota, compiled by `npm run build`, run as `cdktf synth` runs it (node main.js),
// against the fake cloud: 3 usable idle enterprise-edition quotas (and 1 expired idle one).
describe('example hss-quota', () => {
  const cloud = useFakeCloud({ data: { huaweicloud: huaweiDataAsOf20261123() } });
  const main = path.join(__dirname, '../../examples/hss-quota/main.js');

  const synth = useExampleSynth(main, 'hss-quota-', () => ({ ...withoutVariables(process.env), ...cloud().env() }));

  const readStack = (outdir: string) => JSON.parse(fs.readFileSync(stackFile(outdir, 'hss-quota'), 'utf8'));

  /** The gate's plan-time check and the hosts, from the synthesized JSON. */
  function resources(tf: {
    locals: Record<string, Record<string, unknown>>;
    resource: {
      null_resource: Record<string, { depends_on?: string[] }>;
      terraform_data: Record<string, { lifecycle?: { precondition: unknown[] } }>;
    };
  }) {
    // The gate's check is the built-in terraform_data (the default); the hosts are null_resources.
    const all = { ...tf.resource.null_resource, ...tf.resource.terraform_data } as Record<
      string,
      { lifecycle?: { precondition: unknown[] }; depends_on?: string[] }
    >;
    const [local] = Object.keys(tf.locals).filter((k) => k.startsWith('gate_plan-values'));
    const checks = Object.keys(all).filter((k) => k.startsWith('gate_plan-check'));
    expect(checks).toHaveLength(1);
    const hosts = Object.keys(all).filter((k) => k.startsWith('host-'));
    expect(Object.keys(all)).toHaveLength(hosts.length + 1);
    return { check: checks[0], preconditions: all[checks[0]].lifecycle!.precondition, hosts, all, values: tf.locals[local] };
  }

  /** The condition of the idle-quota rule: the quota it saw at least the hosts it adds, over the gate's local value. */
  const IDLE_QUOTA_CONDITION = expect.stringMatching(
    /^\$\{local\.(gate_plan-values_[0-9A-F]+)\["hss-idle-quota"\]\.observed >= local\.\1\["hss-idle-quota"\]\.bound\}$/,
  );

  it('adds the hosts when idle quota covers them: a passing precondition they wait for, a passing report, the quota it saw', async () => {
    const { code, stderr, outdir } = await synth({ NEW_HOSTS: '3' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tf = readStack(outdir);
    const r = resources(tf);
    expect(r.hosts.sort()).toEqual(['host-0', 'host-1', 'host-2']);
    for (const h of r.hosts) expect(r.all[h].depends_on).toEqual([`terraform_data.${r.check}`]);
    // One precondition per error rule: the warning rule is not one.
    expect(r.preconditions).toEqual([{ condition: IDLE_QUOTA_CONDITION, error_message: 'Gate hss-quota/gate, rule hss-idle-quota: 3 meets the minimum 3.' }]);
    expect(r.values).toEqual({ 'hss-idle-quota': { observed: 3, bound: 3, ok: true } });
    expect(tf.output.hosts.value).toMatchObject({
      added: 3,
      edition: 'hss.version.enterprise',
      idleQuotaBefore: 3,
      idleQuotaAfter: 0,
      idleQuotaExpiringSoon: 0,
      hostsOnExpiringQuota: 0,
    });
    expect(tf.variable.headroom_hss.default).toMatchObject({ totalNum: 12, idleNum: 4, usableIdleByVersion: { 'hss.version.enterprise': 3 } });

    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 2, errors: 0, warnings: 0, status: 'pass' });
    expect(findingOf(report, 'hss-idle-quota')).toMatchObject({
      kind: 'at-least',
      status: 'pass',
      gate: 'hss-quota/gate',
      sources: ['hss-quota/hss'],
      observed: 3,
      bound: 3,
    });
    expect(findingOf(report, 'hss-hosts-on-expiring-quota')).toMatchObject({ level: 'warning', status: 'pass', observed: 0, bound: 0 });
  });

  it('refuses to add more hosts than there is idle quota for, with the rule, the values and what to do', async () => {
    const { code, stderr, outdir } = await synth({ NEW_HOSTS: '5' });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      '✖ gate violation: rule hss-idle-quota (gate hss-quota/gate)\n    observed 3, bound 5\n    3 is below the minimum 5 by 2. ' +
        'Buy hss.version.enterprise HSS quota in project 0a1b2c3d4e5f60718293a4b5c6d7e8f9, unbind it from servers that no longer need protection, ' +
        'renew expired or unfreeze frozen idle quotas, or lower NEW_HOSTS.',
    );
    expect(fs.existsSync(stackFile(outdir, 'hss-quota'))).toBe(false);
    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 1, errors: 1, blocking: 1, status: 'fail' });
    expect(findingOf(report, 'hss-idle-quota')).toMatchObject({
      status: 'fail',
      level: 'error',
      blocking: true,
      observed: 3,
      bound: 5,
      values: { value: 3, min: 5 },
    });
  });

  it('with ENFORCE_AT_SYNTH=false, synthesizes a failing plan-time precondition that every host waits for', async () => {
    const { code, stderr, outdir } = await synth({ NEW_HOSTS: '4', ENFORCE_AT_SYNTH: 'false' });
    // Not silent: one line for the violation synth did not enforce.
    expect(stderr).toMatch(
      /^cdktf-headroom: violation of rule "hss-idle-quota" \(gate hss-quota\/gate\), not enforced at synth \(enforceAtSynth: false; the gate's plan-time check stops `terraform plan`\): 3 is below the minimum 4 by 1\.[^\n]*\n$/,
    );
    expect(code).toBe(0);
    const r = resources(readStack(outdir));
    expect(r.values).toEqual({ 'hss-idle-quota': { observed: 3, bound: 4, ok: false } });
    expect(r.preconditions).toEqual([
      {
        condition: IDLE_QUOTA_CONDITION,
        error_message:
          'Gate hss-quota/gate, rule hss-idle-quota: 3 is below the minimum 4 by 1. Buy hss.version.enterprise HSS quota in project ' +
          '0a1b2c3d4e5f60718293a4b5c6d7e8f9, unbind it from servers that no longer need protection, renew expired or unfreeze frozen idle quotas, or lower NEW_HOSTS.',
      },
    ]);
    expect(r.hosts).toHaveLength(4);
    for (const h of r.hosts) expect(r.all[h].depends_on).toEqual([`terraform_data.${r.check}`]);
    const report = readReport(outdir);
    expect(report.gates).toEqual([expect.objectContaining({ path: 'hss-quota/gate', enforceAtPlan: true, enforceAtSynth: false, status: 'fail' })]);
  });

  it('warns, without failing, when the idle quotas the hosts would take expire within EXPIRY_WARNING_DAYS', async () => {
    const { code, outdir } = await synth({ NEW_HOSTS: '2', EXPIRY_WARNING_DAYS: '365' });
    expect(code).toBe(0);
    const tf = readStack(outdir);
    expect(tf.output.hosts.value).toMatchObject({ idleQuotaBefore: 3, idleQuotaExpiringSoon: 3, hostsOnExpiringQuota: 2 });
    expect(resources(tf).preconditions).toEqual([
      { condition: IDLE_QUOTA_CONDITION, error_message: 'Gate hss-quota/gate, rule hss-idle-quota: 3 meets the minimum 2.' },
    ]);
    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1, blocking: 0, status: 'warn' });
    const f = findingOf(report, 'hss-hosts-on-expiring-quota')!;
    expect(f).toMatchObject({ kind: 'at-most', level: 'warning', status: 'fail', blocking: false, observed: 2, bound: 0 });
    expect(f.message).toMatch(/^2 is above the maximum 0 by 2\. Renew the idle hss\.version\.enterprise quotas that expire before \d{4}-\d{2}-\d{2}; /);
    expect(f.description).toContain('(EXPIRY_WARNING_DAYS=365)');
  });

  it('does not warn when the quotas outlast EXPIRY_WARNING_DAYS (200 days; they expire in about 220)', async () => {
    const { code, outdir } = await synth({ NEW_HOSTS: '2', EXPIRY_WARNING_DAYS: '200' });
    expect(code).toBe(0);
    expect(findingOf(readReport(outdir), 'hss-hosts-on-expiring-quota')).toMatchObject({ status: 'pass', observed: 0 });
  });

  it('fails on that warning when the pipeline asks to (HEADROOM_FAIL_ON_WARNINGS=1)', async () => {
    const { code, stderr, outdir } = await synth({ NEW_HOSTS: '2', EXPIRY_WARNING_DAYS: '365', HEADROOM_FAIL_ON_WARNINGS: '1' });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      '✖ gate warning (failing on warnings): rule hss-hosts-on-expiring-quota (gate hss-quota/gate)\n    observed 2, bound 0\n    2 is above the maximum 0 by 2.',
    );
    expect(findingOf(readReport(outdir), 'hss-hosts-on-expiring-quota')).toMatchObject({ status: 'fail', blocking: true });
  });

  it('fails closed when the lookup fails: both rules are violations carrying the lookup error', async () => {
    const { code, stderr, outdir } = await synth({ NEW_HOSTS: '1', HW_SECRET_KEY: 'not-the-secret-key' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('hss-quota/hss: lookup huaweicloud:ListQuotasDetail failed');
    expect(stderr).not.toContain('not-the-secret-key');
    const report = readReport(outdir);
    expect(report.summary).toMatchObject({ rules: 2, passed: 0, errors: 2, status: 'fail' });
    for (const f of report.findings) {
      expect(f).toMatchObject({ status: 'fail', level: 'error', observed: null, error: { code: 'HEADROOM_CREDENTIALS' } });
      expect(f.message).toContain('lookup hss-quota/hss failed, so the rule cannot be checked and fails closed: ');
    }
    for (const file of fs.readdirSync(path.join(outdir, 'headroom'))) {
      expect(fs.readFileSync(path.join(outdir, 'headroom', file), 'utf8')).not.toContain('not-the-secret-key');
    }
  });

  it('refuses a NEW_HOSTS that is not a whole number, before any lookup', async () => {
    const { code, stderr } = await synth({ NEW_HOSTS: '2.5' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('NEW_HOSTS must be a whole number of hosts (0 or more); got "2.5".');
    expect(await cloud().requests('huaweicloud')).toHaveLength(0);
  });
});

/** The environment without the machine's Huawei Cloud variables, nor the settings the tests give. */
function withoutVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const settings = ['NEW_HOSTS', 'HSS_VERSION', 'EXPIRY_WARNING_DAYS', 'ENFORCE_AT_SYNTH', 'HEADROOM_FAIL_ON_WARNINGS'];
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('HW_') && !k.startsWith('HUAWEICLOUD_') && !settings.includes(k)));
}
