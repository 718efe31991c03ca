import * as fs from 'node:fs';
import * as path from 'node:path';
import { QingCloudClient } from '../../../src/clouds/qingcloud/client';
import { CloudCredentialsError, CloudServiceError, HeadroomError, PaginationError } from '../../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { FAST_RETRY, useFakeCloud } from '../../_helpers/fake-cloud';
import { startLoopbackServer } from '../../_helpers/loopback-server';
import { rejectionOf } from '../../_helpers/rejection';
import { SEED_EXAMPLE_ROW, wireStatRow } from '../../_helpers/qingcloud-rows';

const seedExample = JSON.parse(fs.readFileSync(path.join(__dirname, '../../_fixtures/qingcloud-seed-example.json'), 'utf8'));

// volume_size and wan_cpe_bandwidth, which only the seed's example shows, are left out.
const ROWS = Array.from({ length: 7 }, (_, i) =>
  wireStatRow({ resource_group_id: `rg-${i}`, instance_count: i + 1, vcpus_count: 2 * (i + 1), memory_sum: 1024, eip_count: 1, eip_bandwidth: 5 }),
);

describe('QingCloudClient#getProjectResourceStat', () => {
  const cloud = useFakeCloud({
    data: {
      qingcloud: {
        projects: {
          [FAKE_QINGCLOUD_PROJECT.projectId]: { consoleId: 'alphacloud', owner: 'usr-WantwZJ8', rows: ROWS },
          'pj-seed': { consoleId: 'alphacloud', owner: 'usr-WantwZJ8', rows: seedExample.data },
        },
      },
    },
  });
  const client = (over: Partial<ConstructorParameters<typeof QingCloudClient>[0]> = {}): QingCloudClient =>
    new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: cloud().endpoints.qingcloud, ...FAST_RETRY, ...over });

  it('reads every page (4 pages of 2) and sums the counters', async () => {
    const stat = await client().getProjectResourceStat({ ...FAKE_QINGCLOUD_PROJECT, pageSize: 2 });
    expect(stat.totalCount).toBe(7);
    expect(stat.rows.map((r) => r.resourceGroupId)).toEqual(['rg-0', 'rg-1', 'rg-2', 'rg-3', 'rg-4', 'rg-5', 'rg-6']);
    expect(stat.totals.instanceCount).toBe(28); // 1 + 2 + ... + 7
    expect(stat.totals.vcpusCount).toBe(56);
    expect(stat.totals.memorySum).toBe(7 * 1024);
    expect(stat.totals.wanLineCount).toBe(0);
    // Fields only the seed's example shows stay absent, in every row and in the totals: never 0.
    expect(stat.rows[0].volumeSize).toBeUndefined();
    expect(stat.totals.volumeSize).toBeUndefined();
    expect(stat.totals.wanCpeBandwidth).toBeUndefined();
    const offsets = (await cloud().requests('qingcloud')).map((r) => [Number(r.params.offset), Number(r.params.limit)]);
    expect(offsets.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
      [6, 2],
    ]);
  });

  it("sends the seed's parameters: action, console_id, project_id, owner, offset, limit (60 by default)", async () => {
    await client().getProjectResourceStat(FAKE_QINGCLOUD_PROJECT);
    const [req] = await cloud().requests('qingcloud');
    expect(req.params).toEqual({
      action: 'GetProjectResourceStat',
      console_id: 'alphacloud',
      project_id: 'pj-xzvlxlb5',
      owner: 'usr-WantwZJ8',
      offset: '0',
      limit: '60',
      version: '1',
    });
  });

  it("handles the seed's quirks: duration as a word, end_time without a zone, volume_size and wan_cpe_bandwidth", async () => {
    const stat = await client().getProjectResourceStat({ ...FAKE_QINGCLOUD_PROJECT, projectId: 'pj-seed' });
    expect(stat.rows).toEqual([SEED_EXAMPLE_ROW]);
  });

  it('retries when QingCloud is busy (5100) and when it fails with a 5xx, then succeeds', async () => {
    await cloud().inject({ throttle: 2 });
    expect((await client().getProjectResourceStat(FAKE_QINGCLOUD_PROJECT)).totalCount).toBe(7);
    await cloud().reset();
    await cloud().inject({ serverError: 2 });
    expect((await client().getProjectResourceStat(FAKE_QINGCLOUD_PROJECT)).totalCount).toBe(7);
    expect((await cloud().requests('qingcloud')).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('retries an answer that is not QingCloud JSON, then gives up saying so', async () => {
    await cloud().inject({ badBody: 10 });
    const err = await rejectionOf(client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('not a QingCloud answer');
  });

  it('reports a bad signature as a credentials error (1200) and does not retry it', async () => {
    const bad = client({ credentials: { accessKeyId: FAKE_CREDENTIALS.qingcloud.accessKeyId, secretAccessKey: 'not-the-secret' } });
    const err = await rejectionOf(bad.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
    expect(err).toBeInstanceOf(CloudCredentialsError);
    expect(err.code).toBe('HEADROOM_CREDENTIALS');
    expect(err.cloudCode).toBe('1200');
    expect(err.message).toContain('signature does not match');
    expect(err.message).not.toContain('not-the-secret');
    expect(await cloud().requests('qingcloud')).toHaveLength(1);
  });

  it('reports a clock that is off (1300) as a clock problem', async () => {
    const skewed = new QingCloudClient(
      { credentials: FAKE_CREDENTIALS.qingcloud, endpoint: cloud().endpoints.qingcloud, ...FAST_RETRY },
      { clock: { now: () => Date.now() - 5 * 60_000, sleep: async () => undefined } },
    );
    const err = await rejectionOf(skewed.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
    expect(err.cloudCode).toBe('1300');
    expect(err.message).toContain("Sync this machine's clock");
  });

  it('turns ret_code != 0 into a typed, non-retried error with the cloud message', async () => {
    const err = await rejectionOf(client().getProjectResourceStat({ ...FAKE_QINGCLOUD_PROJECT, projectId: 'pj-nope' }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).toMatchObject({ cloud: 'qingcloud', operation: 'GetProjectResourceStat', cloudCode: '2100', retryable: false });
    expect(err.message).toContain('project [pj-nope] not found');
    expect(await cloud().requests('qingcloud')).toHaveLength(1);
  });
});

describe('QingCloudClient against answers the fake cloud does not give', () => {
  it('does not retry 2500 (daily API quota) and says when it resets', async () => {
    const server = await startLoopbackServer(() => ({ status: 200, body: JSON.stringify({ ret_code: 2500, message: 'QuotaExceeded, api quota exceeded' }) }));
    try {
      const c = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${server.url}/iaas/`, ...FAST_RETRY });
      const err = await rejectionOf(c.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
      expect(err).toMatchObject({ cloudCode: '2500', retryable: false });
      expect(err.message).toContain('daily API request quota, which resets at 00:00');
      expect(server.seen).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('stops with a PaginationError when the cloud repeats the same page', async () => {
    const row = (id: string): object => ({ ...ROWS[0], resource_group_id: id });
    const server = await startLoopbackServer(() => ({ status: 200, body: JSON.stringify({ ret_code: 0, total_count: 6, data: [row('rg-a'), row('rg-b')] }) }));
    try {
      const c = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${server.url}/iaas/`, ...FAST_RETRY });
      const err = await rejectionOf(c.getProjectResourceStat({ ...FAKE_QINGCLOUD_PROJECT, pageSize: 2 }));
      expect(err).toBeInstanceOf(PaginationError);
      expect(err).toBeInstanceOf(HeadroomError);
      expect(err.message).toContain('"rg-a" came back twice');
      expect(server.seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('rejects a counter that is not a number as a malformed answer', async () => {
    const server = await startLoopbackServer(() => ({
      status: 200,
      body: JSON.stringify({ ret_code: 0, total_count: 1, data: [{ ...ROWS[0], resource_group_id: 'rg-x', instance_count: 'many' }] }),
    }));
    try {
      const c = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${server.url}/iaas/`, ...FAST_RETRY });
      const err = await rejectionOf(c.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
      expect(err).toMatchObject({
        code: 'HEADROOM_CLOUD',
        cloud: 'qingcloud',
        operation: 'GetProjectResourceStat',
        field: 'data[0].instance_count',
        retryable: false,
      });
      expect(err.message).toContain('malformed answer: data[0].instance_count is "many"; expected an integer, 0 or more');
    } finally {
      await server.close();
    }
  });
});
