import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { signQingCloudRequest } from '../../src/clouds/qingcloud/signer';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { startFakeCloud } from '../../src/testing/fake-cloud';
import { useFakeCloud } from '../_helpers/fake-cloud';
import { wireStatRow } from '../_helpers/qingcloud-rows';

describe('fake cloud: QingCloud', () => {
  const cloud = useFakeCloud();

  /** A signed GET to the fake, with the given parameters and keys. */
  async function get(params: Record<string, string | number>, keys = FAKE_CREDENTIALS.qingcloud, at = new Date()): Promise<{ status: number; body: any }> {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: { action: 'GetProjectResourceStat', ...params } }, keys, at);
    const res = await fetch(`${cloud().endpoints.qingcloud}?${signed.signedQuery}`);
    return { status: res.status, body: await res.json() };
  }

  it('pages by offset and limit, with total_count, in QingCloud answer shape', async () => {
    const { body } = await get({ ...wire(FAKE_QINGCLOUD_PROJECT), offset: 5, limit: 60 });
    expect(body).toMatchObject({ action: 'GetProjectResourceStatResponse', ret_code: 0, total_count: 7 });
    expect(body.data.map((r: { resource_group_id: string }) => r.resource_group_id)).toEqual(['rg-00000006', 'rg-00000007']);
    expect(typeof body.elapsed_time).toBe('number');
  });

  it('rejects a bad signature with 1200, an unknown key with 1200 and a stale time_stamp with 1300', async () => {
    const p = wire(FAKE_QINGCLOUD_PROJECT);
    expect((await get(p, { ...FAKE_CREDENTIALS.qingcloud, secretAccessKey: 'wrong' })).body).toEqual({
      ret_code: 1200,
      message: 'AuthFailure, signature not matched',
    });
    expect((await get(p, { accessKeyId: 'QYNOBODY', secretAccessKey: 'x' })).body.ret_code).toBe(1200);
    expect((await get(p, FAKE_CREDENTIALS.qingcloud, new Date(Date.now() - 120_000))).body.ret_code).toBe(1300);
  });

  it('names a missing required parameter (1100)', async () => {
    const { body } = await get({ console_id: 'alphacloud', project_id: 'pj-xzvlxlb5' });
    expect(body).toEqual({ ret_code: 1100, message: 'MissingParameter, parameter [owner] should not be empty' });
  });

  it('injects faults for N requests of one cloud, logs every request without its signature', async () => {
    await cloud().inject({ cloud: 'qingcloud', serverError: 1, throttle: 1 });
    const p = wire(FAKE_QINGCLOUD_PROJECT);
    expect((await get(p)).body.ret_code).toBe(5100);
    expect((await get(p)).status).toBe(500);
    expect((await get(p)).body.ret_code).toBe(0);
    const log = await cloud().requests();
    expect(log.map((r) => r.status)).toEqual([200, 500, 200]);
    expect(log[0]).toMatchObject({ cloud: 'qingcloud', operation: 'GetProjectResourceStat', method: 'GET', path: '/iaas/' });
    expect(Object.keys(log[0].params)).not.toContain('signature');
    expect(Object.keys(log[0].params)).not.toContain('access_key_id');
  });

  it('delays answers by the injected latency', async () => {
    await cloud().inject({ latencyMs: 150 });
    const t0 = process.hrtime.bigint();
    await get(wire(FAKE_QINGCLOUD_PROJECT));
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeGreaterThanOrEqual(140);
  });
});

/** A full row (answers are checked: every documented field is required). */
const FILE_ROW = wireStatRow({
  resource_group_id: 'rg-f',
  console_id: 'c',
  end_time: '2025-06-01T00:00:00',
  instance_count: 3,
  vcpus_count: 6,
  memory_sum: 12288,
  volume_count: 3,
  eip_count: 1,
  eip_bandwidth: 5,
});

describe('fake cloud: data and command line', () => {
  it('serves rows from a JSON data file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-data-')), 'data.json');
    fs.writeFileSync(file, JSON.stringify({ qingcloud: { projects: { 'pj-file': { consoleId: 'c', owner: 'o', rows: [FILE_ROW] } } } }));
    const cloud = await startFakeCloud({ dataFile: file });
    try {
      const client = new QingCloudClient({ credentials: cloud.credentials.qingcloud, endpoint: cloud.endpoints.qingcloud });
      const stat = await client.getProjectResourceStat({ consoleId: 'c', owner: 'o', projectId: 'pj-file' });
      expect(stat.totals.instanceCount).toBe(3);
    } finally {
      await cloud.stop();
    }
  });

  it('runs from the command line (`cdktf-headroom fake-cloud`) and answers signed calls', async () => {
    const cli = spawn(process.execPath, [path.join(__dirname, '../../lib/cli/main.js'), 'fake-cloud', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let text = '';
        cli.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('HW_HSS_ENDPOINT')) resolve(text);
        });
        cli.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      const endpoint = /qingcloud: (\S+)/.exec(banner)![1];
      expect(banner).toContain(`export QINGCLOUD_ENDPOINT=${endpoint}`);
      // Every variable a lookup without props needs, the UCloud region among them (its EIPs are in cn-bj2).
      expect(banner).toContain('\n  export UCLOUD_REGION=cn-bj2\n');
      expect(banner).toContain('\n  export HW_REGION_NAME=cn-north-4\n');
      const client = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint });
      expect((await client.getProjectResourceStat(FAKE_QINGCLOUD_PROJECT)).totalCount).toBe(7);
    } finally {
      cli.kill('SIGTERM');
    }
  });
});

function wire(p: { consoleId: string; projectId: string; owner: string }): Record<string, string> {
  return { console_id: p.consoleId, project_id: p.projectId, owner: p.owner };
}
