import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { CloudServiceError, InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { thrownBy } from '../_helpers/rejection';

// The held-share readers: each lookup's natural way to read the stack's own share of what
// it reports, for a headroom's `held`. All against the bundled fake cloud's default data
// (see src/testing/default-data.ts), over real HTTP on loopback.
describe("reading a stack's own share from a lookup's answer", () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));
  const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');

  describe('QingCloud: ProjectResourceStat.resourceGroups', () => {
    // The default project: rg-00000001..rg-00000007 with 10, 8, 7, 6, 5, 4, 2 instances (2 vCPUs, 100 GB each).
    it("sums the rows of the given groups, in the totals' shape", () => {
      const usage = new ProjectResourceStat(stack(), 'usage', FAKE_QINGCLOUD_PROJECT);
      const held = usage.resourceGroups(['rg-00000001', 'rg-00000003']);
      expect(held.instanceCount).toBe(17);
      expect(held.vcpusCount).toBe(34);
      expect(held.volumeSize).toBe(1700);
      expect(held.eipCount).toBe(9); // ceil(10 / 2) + ceil(7 / 2)
      expect(Object.keys(held).sort()).toEqual(Object.keys(usage.totals).sort());
    });

    it('counts a duplicated id once, and a group with no rows as holding nothing', () => {
      const usage = new ProjectResourceStat(stack(), 'usage', FAKE_QINGCLOUD_PROJECT);
      expect(usage.resourceGroups(['rg-00000002', 'rg-00000002']).instanceCount).toBe(8);
      const none = usage.resourceGroups(['rg-workers']);
      expect([none.instanceCount, none.vcpusCount, none.memorySum, none.volumeSize]).toEqual([0, 0, 0, 0]);
      expect(usage.resourceGroups([]).instanceCount).toBe(0);
    });

    it('gives a headroom whose mayHold counts the held groups back in', () => {
      const usage = new ProjectResourceStat(stack(), 'usage', FAKE_QINGCLOUD_PROJECT);
      const h = Headroom.of({ used: usage.totals.instanceCount, held: usage.resourceGroups(['rg-00000001']).instanceCount, limit: 50, source: usage });
      expect([h.used, h.held, h.usedByOthers, h.mayHold, h.available]).toEqual([42, 10, 32, 18, 8]);
    });

    const bad: Array<[string, unknown, string]> = [
      [
        'a string',
        'rg-workers',
        'stack/usage: resourceGroups(resourceGroupIds) must be an array of ids, each a resource group id such as "rg-workers"; got "rg-workers".',
      ],
      [
        'undefined',
        undefined,
        'stack/usage: resourceGroups(resourceGroupIds) must be an array of ids, each a resource group id such as "rg-workers"; got undefined.',
      ],
      [
        'an empty id',
        ['rg-00000001', ''],
        'stack/usage: resourceGroups(resourceGroupIds)[1] must be a resource group id such as "rg-workers" (a non-empty string without spaces); got "".',
      ],
      [
        'an id with a space',
        ['rg 1'],
        'stack/usage: resourceGroups(resourceGroupIds)[0] must be a resource group id such as "rg-workers" (a non-empty string without spaces); got "rg 1".',
      ],
      [
        'a number',
        [7],
        'stack/usage: resourceGroups(resourceGroupIds)[0] must be a resource group id such as "rg-workers" (a non-empty string without spaces); got 7.',
      ],
    ];
    it.each(bad)('refuses %s, naming the method, the argument and the value', (_name, ids, message) => {
      const usage = new ProjectResourceStat(stack(), 'usage', FAKE_QINGCLOUD_PROJECT);
      const err = thrownBy(() => usage.resourceGroups(ids as never));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(message);
    });

    it("throws the lookup's own error when the lookup failed", () => {
      const usage = new ProjectResourceStat(stack(), 'usage', { ...FAKE_QINGCLOUD_PROJECT, projectId: 'pj-missing' });
      expect(thrownBy(() => usage.resourceGroups(['rg-00000001']))).toBeInstanceOf(CloudServiceError);
    });
  });

  describe('UCloud: EipBandwidthUsage.totalMbpsOf', () => {
    // cn-bj2: eip-bj2fk001..012, at 0.0000629425048828125, 12.5, 3.75, 48.25, ... Mbps.
    it("sums the given EIPs' current bandwidth; an EIP not listed holds nothing; a duplicate counts once", () => {
      const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' });
      expect(bw.totalMbpsOf(['eip-bj2fk002', 'eip-bj2fk004'])).toBe(60.75);
      expect(bw.totalMbpsOf(['eip-bj2fk002', 'eip-bj2fk002', 'eip-released'])).toBe(12.5);
      expect(bw.totalMbpsOf([])).toBe(0);
      const h = Headroom.of({ used: bw.totalMbps, held: bw.totalMbpsOf(['eip-bj2fk010']), limit: 300, source: bw });
      expect(h.held).toBe(95.125);
      expect(h.mayHold).toBeCloseTo(300 - (270.2955951690674 - 95.125), 9);
    });

    it('refuses an id the lookup did not ask for, when it asked for some only', () => {
      const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', eipIds: ['eip-bj2fk003', 'eip-gone'] });
      expect(bw.totalMbpsOf(['eip-bj2fk003', 'eip-gone'])).toBe(3.75);
      const err = thrownBy(() => bw.totalMbpsOf(['eip-bj2fk003', 'eip-bj2fk004']));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        'stack/bw: totalMbpsOf(eipIds) must be one of the EIP ids this lookup asked for (eip-bj2fk003, eip-gone); got "eip-bj2fk004". Add it to the eipIds prop, or leave that prop out to look up every EIP in the region.',
      );
    });

    it('refuses ids that are not an array of ids', () => {
      const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' });
      expect(thrownBy(() => bw.totalMbpsOf('eip-bj2fk001' as never)).message).toBe(
        'stack/bw: totalMbpsOf(eipIds) must be an array of ids, each an EIP id such as "eip-abc"; got "eip-bj2fk001".',
      );
      expect(thrownBy(() => bw.totalMbpsOf([' '])).message).toBe(
        'stack/bw: totalMbpsOf(eipIds)[0] must be an EIP id such as "eip-abc" (a non-empty string without spaces); got " ".',
      );
    });
  });

  describe('Huawei Cloud HSS: QuotaDetail.quotasOnHosts and quotasTagged', () => {
    const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;
    // The default quotas: rows 1-4 basic, used (env=test); 5-6 basic idle; 7-9 advanced, used; ...;
    // 16-17 enterprise and 23-26 premium, used in the production enterprise project (env=prod).
    const host = (i: number): string => `5d2e8b31-0c4f-4a7e-b6d9-${String(i).padStart(12, '0')}`;

    it('counts the quotas protecting the given servers, of every edition or one; a server with none holds nothing', () => {
      const hss = new QuotaDetail(stack(), 'hss', ALL);
      expect(hss.quotasOnHosts([host(1), host(2), host(7), host(5), 'no-such-server'])).toBe(3); // row 5 is idle: no server
      expect(hss.quotasOnHosts([host(1), host(2), host(7)], 'hss.version.basic')).toBe(2);
      expect(hss.quotasOnHosts([host(1), host(1)])).toBe(1);
      expect(hss.quotasOnHosts(['no-such-server'])).toBe(0);
      const h = Headroom.of({ used: hss.usedNum, held: hss.quotasOnHosts([host(1), host(2), host(7)]), limit: hss.totalNum, source: hss });
      expect([h.used, h.held, h.usedByOthers, h.mayHold]).toEqual([24, 3, 21, 15]);
    });

    it('counts the quotas in use carrying every given tag', () => {
      const hss = new QuotaDetail(stack(), 'hss', ALL);
      expect(hss.quotasTagged({ env: 'prod' })).toBe(6);
      expect(hss.quotasTagged({ env: 'prod' }, 'hss.version.premium')).toBe(4);
      expect(hss.quotasTagged({ env: 'prod', team: 'a' })).toBe(0);
      expect(hss.quotasTagged({ stack: 'workers' })).toBe(0);
    });

    it('refuses bad input, naming the method, the argument and the value', () => {
      const hss = new QuotaDetail(stack(), 'hss', ALL);
      const msg = (f: () => unknown): string => {
        const err = thrownBy(f);
        expect(err).toBeInstanceOf(InputError);
        return err.message;
      };
      expect(msg(() => hss.quotasOnHosts(host(1) as never))).toBe(
        `stack/hss: quotasOnHosts(hostIds) must be an array of ids, each a server id (host_id) such as "5d2e8b31-0c4f-4a7e-b6d9-000000000001"; got "${host(1)}".`,
      );
      expect(msg(() => hss.quotasOnHosts([''])).startsWith('stack/hss: quotasOnHosts(hostIds)[0] must be a server id (host_id)')).toBe(true);
      expect(
        msg(() => hss.quotasOnHosts([host(1)], 'enterprise' as never)).startsWith('stack/hss: quotasOnHosts(version) must be one of "hss.version.null"'),
      ).toBe(true);
      expect(msg(() => hss.quotasTagged({}))).toBe(
        'stack/hss: quotasTagged(tags) must be an object of tag keys and values such as { env: "prod" }, with at least one tag; got {}.',
      );
      expect(msg(() => hss.quotasTagged(['env'] as never))).toContain('stack/hss: quotasTagged(tags) must be an object of tag keys and values');
      expect(msg(() => hss.quotasTagged({ env: 1 } as never))).toBe('stack/hss: quotasTagged(tags).env must be a string (the tag value); got 1.');
      expect(msg(() => hss.quotasTagged({ ' ': 'x' }))).toContain('keys must not be blank');
    });
  });
});
