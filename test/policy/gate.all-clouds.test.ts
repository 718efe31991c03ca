import { TerraformStack, Testing } from 'cdktf';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { FAIL_ON_WARNINGS_ENV } from '../../src/policy/fail-on-warnings';
import { Gate } from '../../src/policy/gate';
import { Headroom } from '../../src/policy/headroom';
import { Rule } from '../../src/policy/rule';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { isolatedEnv, useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

// The bundled fake data: QingCloud 42 instances; UCloud cn-bj2 12 EIPs, peak 95.125 Mbps,
// total 270.2955951690674; Huawei HSS 12 idle quotas, 3 usable enterprise-edition ones.
const ALL_EPS = { enterpriseProjectId: 'all_granted_eps' } as const;

describe('one gate over all three lookup constructs', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud(), { [FAIL_ON_WARNINGS_ENV]: undefined }));

  it('checks QingCloud, UCloud and Huawei Cloud values, with each construct as the source', async () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    const usage = new ProjectResourceStat(s, 'usage', FAKE_QINGCLOUD_PROJECT);
    const bw = new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2' });
    const hss = new QuotaDetail(s, 'hss', ALL_EPS);
    const gate = new Gate(s, 'quota', {
      rules: [
        Rule.fits('qingcloud-instances', Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage }), { need: 5 }),
        Rule.atMost('eip-peak-mbps', () => bw.maxMbps, 80, { level: 'warning', source: bw }),
        Rule.utilization('eip-total', { used: () => bw.totalMbps, limit: 300, source: bw }, { warnAt: 0.8, failAt: 0.95 }),
        Rule.atLeast('hss-idle-quota', () => hss.idleNum, 3, { source: hss }),
        Rule.atLeast('hss-enterprise-idle', () => hss.idleQuotaFor('hss.version.enterprise'), 4, { source: hss }),
      ],
    });
    expect(gate.findings.map((f) => [f.ruleId, f.status, f.level, f.observed, f.bound, f.sources])).toEqual([
      ['qingcloud-instances', 'pass', 'error', 8, 5, ['stack/usage']],
      ['eip-peak-mbps', 'fail', 'warning', 95.125, 80, ['stack/bw']],
      ['eip-total', 'fail', 'warning', 270.2955951690674 / 300, 0.8, ['stack/bw']],
      ['hss-idle-quota', 'pass', 'error', 12, 3, ['stack/hss']],
      ['hss-enterprise-idle', 'fail', 'error', 3, 4, ['stack/hss']],
    ]);
    const message = thrownBy(() => Testing.synth(s, true)).message;
    expect(message).toContain('[stack/quota] violation of rule "hss-enterprise-idle": 3 is below the minimum 4 by 1.');
    expect(message).not.toContain('eip-peak-mbps'); // warnings do not fail synth
    expect((await cloud().requests()).map((r) => r.cloud).sort()).toEqual(['huaweicloud', 'qingcloud', 'ucloud']); // one batch, one request each
  });

  it('fails closed when the UCloud or Huawei Cloud lookup is refused, naming each construct', () => {
    const s = new TerraformStack(Testing.app(), 'stack');
    const bw = new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2', credentials: { ...FAKE_CREDENTIALS.ucloud, privateKey: 'not-the-private-key' } });
    const hss = new QuotaDetail(s, 'hss', { ...ALL_EPS, credentials: { accessKey: FAKE_CREDENTIALS.huaweicloud.accessKey, secretKey: 'not-the-secret-key' } });
    const gate = new Gate(s, 'quota', {
      rules: [
        Rule.atMost('eip-peak-mbps', () => bw.maxMbps, 80, { level: 'warning', source: bw }),
        Rule.atLeast('hss-idle-quota', () => hss.idleNum, 3, { source: hss }),
      ],
    });
    expect(gate.findings.map((f) => [f.ruleId, f.status, f.level, f.error?.code])).toEqual([
      ['eip-peak-mbps', 'fail', 'error', 'HEADROOM_CREDENTIALS'],
      ['hss-idle-quota', 'fail', 'error', 'HEADROOM_CREDENTIALS'],
    ]);
    const message = thrownBy(() => Testing.synth(s, true)).message;
    expect(message).toContain(
      'violation of rule "eip-peak-mbps": lookup stack/bw failed, so the rule cannot be checked and fails closed: stack/bw: lookup ucloud:DescribeBandwidthUsage failed',
    );
    expect(message).toContain(
      'violation of rule "hss-idle-quota": lookup stack/hss failed, so the rule cannot be checked and fails closed: stack/hss: lookup huaweicloud:ListQuotasDetail failed',
    );
    expect(message).not.toContain('not-the-private-key');
    expect(message).not.toContain('not-the-secret-key');
  });
});
