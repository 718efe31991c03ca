import { TerraformStack, Testing } from 'cdktf';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { HeadroomError } from '../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT, fakeQingCloudRow } from '../../src/testing/default-data';
import { useEnv, startFakeCloudCli, useFakeCloud } from '../_helpers/fake-cloud';
import { rejectionOf } from '../_helpers/rejection';

// The fake cloud's data changes while it runs: FakeCloud.data/setData/updateData, and the
// control endpoints GET and PUT /_fake/data, over real HTTP on loopback.
describe('fake cloud: changing its data while it runs', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, UCLOUD_REGION: undefined }));
  const PROJECT = FAKE_QINGCLOUD_PROJECT.projectId;

  /** What a new app's lookup sees now (every synth is a new app). */
  const usageNow = (): ProjectResourceStat => new ProjectResourceStat(new TerraformStack(Testing.app(), 's'), 'usage', FAKE_QINGCLOUD_PROJECT);

  it('serves a resource group added with updateData to the next lookup, and the start data again after reset', async () => {
    expect(usageNow().totals.instanceCount).toBe(42);
    await cloud().updateData((d) => {
      d.qingcloud.projects[PROJECT].rows.push(fakeQingCloudRow('rg-workers', 10));
    });
    const after = usageNow();
    expect(after.totals.instanceCount).toBe(52);
    expect(after.totalCount).toBe(8);
    expect(after.resourceGroups(['rg-workers'])).toMatchObject({ instanceCount: 10, vcpusCount: 20, memorySum: 40960, volumeSize: 1000, eipCount: 5 });
    await cloud().reset();
    expect(usageNow().totals.instanceCount).toBe(42);
    expect((await cloud().data()).qingcloud.projects[PROJECT].rows).toHaveLength(7);
  });

  it('replaces only the clouds given to setData; the others keep their data', async () => {
    const start = await cloud().data();
    expect(Object.keys(start).sort()).toEqual(['huaweicloud', 'qingcloud', 'ucloud']);
    await cloud().setData({
      qingcloud: { projects: { [PROJECT]: { consoleId: 'alphacloud', owner: 'usr-WantwZJ8', rows: [fakeQingCloudRow('rg-only', 3)] } } },
    });
    expect(usageNow().totals.instanceCount).toBe(3);
    const bw = new EipBandwidthUsage(new TerraformStack(Testing.app(), 's'), 'bw', { region: 'cn-bj2' });
    expect(bw.totalCount).toBe(12); // UCloud untouched
    const now = await cloud().data();
    expect(now.ucloud).toEqual(start.ucloud);
    expect(now.huaweicloud).toEqual(start.huaweicloud);
  });

  it('lets updateData return new data instead of editing it', async () => {
    await cloud().updateData((d) => ({
      qingcloud: { ...d.qingcloud, projects: { ...d.qingcloud.projects, 'pj-new': { consoleId: 'c', owner: 'o', rows: [] } } },
    }));
    const client = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: cloud().endpoints.qingcloud });
    expect((await client.getProjectResourceStat({ consoleId: 'c', owner: 'o', projectId: 'pj-new' })).totalCount).toBe(0);
  });

  it('refuses data that is not FakeCloudData, saying why, and keeps serving what it served', async () => {
    const err = await rejectionOf(cloud().setData({ aws: {} } as never));
    expect(err).toBeInstanceOf(HeadroomError);
    expect(err.message).toBe('fake cloud control PUT /_fake/data: HTTP 400: PUT /_fake/data: unknown cloud "aws"; allowed: qingcloud, ucloud, huaweicloud');
    expect((await rejectionOf(cloud().setData({ qingcloud: { projects: [] } } as never))).message).toContain(
      'qingcloud must be an object with projects (by project id); got {"projects":[]}',
    );
    const raw = await fetch(`${cloud().url}/_fake/data`, { method: 'PUT', body: 'not json' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { message: string }).message).toMatch(/^PUT \/_fake\/data: the body is not JSON/);
    expect(usageNow().totals.instanceCount).toBe(42);
  });

  it('takes a change through the documented endpoint of `cdktf-headroom fake-cloud`, as curl would send it', async () => {
    const { child: cli, banner } = await startFakeCloudCli('QINGCLOUD_SECRET_KEY');
    try {
      const base = /fake cloud listening on (\S+)/.exec(banner)![1];
      const data = (await (await fetch(`${base}/_fake/data`)).json()) as { qingcloud: { projects: Record<string, { rows: unknown[] }> } };
      data.qingcloud.projects[PROJECT].rows.push(fakeQingCloudRow('rg-workers', 10));
      const put = await fetch(`${base}/_fake/data`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ qingcloud: data.qingcloud }),
      });
      expect(put.status).toBe(200);
      const client = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${base}/iaas/` });
      expect((await client.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT)).totals.instanceCount).toBe(52);
    } finally {
      cli.kill('SIGTERM');
    }
  });
});
