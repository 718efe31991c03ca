// The three seeds' example answers, served byte for byte from test/_fixtures on a
// loopback server, go through the real clients: QingCloud's and UCloud's give the
// documented values; HSS's (total_num 60, one row in data_list) fails closed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HuaweiCloudHssClient } from '../../src/clouds/huaweicloud/client';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { UCloudClient } from '../../src/clouds/ucloud/client';
import { PaginationError } from '../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { FAST_RETRY } from '../_helpers/fake-cloud';
import { LoopbackServer, startLoopbackServer } from '../_helpers/loopback-server';
import { rejectionOf } from '../_helpers/rejection';
import { SEED_EXAMPLE_ROW } from '../_helpers/qingcloud-rows';

const fixture = (name: string): string => fs.readFileSync(path.join(__dirname, '../_fixtures', name), 'utf8');

describe("the seeds' example answers, verbatim", () => {
  let server: LoopbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (body: string): Promise<LoopbackServer> => (server = await startLoopbackServer(() => ({ status: 200, body })));

  it('QingCloud GetProjectResourceStat: one row, duration "daily", end_time without a zone, the example-only fields kept', async () => {
    const s = await serve(fixture('qingcloud-seed-example.json'));
    const c = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${s.url}/iaas/`, ...FAST_RETRY });
    const stat = await c.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT);
    expect(stat.totalCount).toBe(1);
    expect(stat.rows).toEqual([SEED_EXAMPLE_ROW]);
    expect(stat.totals.volumeSize).toBe(0); // present in the example, so summed
    expect(s.seen).toHaveLength(1);
  });

  it('UCloud DescribeBandwidthUsage: one EIP with its float CurBandwidth', async () => {
    const s = await serve(fixture('ucloud-seed-example.json'));
    const c = new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: `${s.url}/`, region: 'cn-bj2', ...FAST_RETRY });
    expect(await c.describeBandwidthUsage()).toEqual({
      eips: [{ eipId: 'eip-XXXX', curBandwidthMbps: 0.0000629425048828125 }],
      totalMbps: 0.0000629425048828125,
      maxMbps: 0.0000629425048828125,
      totalCount: 1,
    });
    expect(s.seen).toHaveLength(1);
  });

  it.each([200, 100, 10])('HSS ListQuotasDetail (pages of %i): fails closed, the cloud returned 1 row of the 60 it counted', async (pageSize) => {
    const s = await serve(fixture('hss-seed-example.json'));
    const c = new HuaweiCloudHssClient({ credentials: { accessKey: 'AK', secretKey: 'SK' }, projectId: 'p-1', endpoint: s.url, ...FAST_RETRY });
    const err = await rejectionOf(c.listQuotasDetail({ pageSize }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.code).toBe('HEADROOM_PAGINATION');
    expect(err.message).toContain('the cloud returned 1 row of the 60 it counted');
    expect(err.message).toContain("below the API's minimum page size of 10");
    // Never a limit outside 10..200, whatever the first page held: one request, then stop.
    expect(s.seen.map((r) => r.url.searchParams.get('limit'))).toEqual([String(pageSize)]);
  });
});
