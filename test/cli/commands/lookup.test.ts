import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { QuotaDetail } from '../../../src/clouds/huaweicloud/quota-detail';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { cli, CliRun } from '../../_helpers/cli';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-lookup-home-'));
const cloud = useFakeCloud();
useEnv(() => ({
  ...cloud().env(),
  HOME: home,
  HEADROOM_LOOKUP_MODE: undefined,
  HEADROOM_LOOKUP_MAX_AGE: undefined,
  HEADROOM_LOOKUP_RECORD_FILE: undefined,
  CDKTF_CONTEXT_JSON: undefined,
  CDKTF_OUTDIR: undefined,
}));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-lookup-cli-'));
});

const QINGCLOUD = ['lookup', 'qingcloud', '--console-id', 'alphacloud', '--project-id', 'pj-xzvlxlb5', '--owner', 'usr-WantwZJ8'];

describe('cdktf-headroom lookup', () => {
  it("qingcloud: prints the totals and the rows as tables; leaves the project's record alone unless --record; replays a recorded lookup offline with no cloud asked", async () => {
    const first = await cli(...QINGCLOUD, '--dir', dir);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain(`qingcloud:GetProjectResourceStat (fetched `);
    expect(first.out).toContain(`; record ${path.join(dir, 'cdktf.lookups.json')})\n`);
    expect(first.out).toMatch(/^instanceCount +42$/m);
    expect(fs.existsSync(path.join(dir, 'cdktf.lookups.json'))).toBe(false);
    const run = await cli(...QINGCLOUD, '--dir', dir, '--record');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain(`; record ${path.join(dir, 'cdktf.lookups.json')}, written)\n`);
    expect(run.out).toMatch(/^instanceCount +42$/m);
    expect(run.out).toMatch(/^totalCount +7$/m);
    expect(run.out).toContain('rows: 7 rows');
    const before = fs.readFileSync(path.join(dir, 'cdktf.lookups.json'), 'utf8');
    // A later debugging lookup, live, without --record: the record stays as it was.
    const again = await cli(...QINGCLOUD, '--dir', dir, '--json');
    expect(JSON.parse(again.out)).toMatchObject({ recordWritten: false, values: { instanceCount: 42 } });
    expect(fs.readFileSync(path.join(dir, 'cdktf.lookups.json'), 'utf8')).toBe(before);
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.lookups.json'), 'utf8'));
    expect(Object.keys(record.records)).toHaveLength(1);
    expect((await cloud().requests('qingcloud')).length).toBeGreaterThan(0);

    await cloud().reset();
    const offline = await cli(...QINGCLOUD, '--dir', dir, '--mode', 'offline', '--json');
    expect(offline.code).toBe(0);
    const json = JSON.parse(offline.out);
    expect(json.values.instanceCount).toBe(42);
    expect(json.tables.rows).toHaveLength(7);
    expect(json.fetchedAt).toBe(Object.values(record.records as Record<string, { fetchedAt: string }>)[0].fetchedAt);
    expect(await cloud().requests()).toEqual([]);
  });

  it('ucloud: --name=value and repeated --eip-id, JSON out', async () => {
    const run = await cli('lookup', 'ucloud', '--region=cn-bj2', '--eip-id', 'eip-none-1', '--eip-id=eip-none-2', '--json', `--dir=${dir}`);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.values).toMatchObject({ region: 'cn-bj2', totalCount: 0, missingIds: ['eip-none-1', 'eip-none-2'] });
    // Ids that match nothing: said on stderr (stdout stays the JSON document).
    expect(run.err).toBe(
      'cdktf-headroom lookup: 2 of 2 --eip-id values match no EIP in region cn-bj2: eip-none-1, eip-none-2. Leave --eip-id out to list every EIP of the region.\n',
    );
    const sent = await cloud().requests('ucloud');
    expect(JSON.stringify(sent)).toContain('eip-none-2');
  });

  it('ucloud: one id of two matching nothing is named; the tables list the ids as a list', async () => {
    const run = await cli('lookup', 'ucloud', '--region', 'cn-bj2', '--eip-id', 'eip-bj2fk010', '--eip-id', 'eip-guess', '--dir', dir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^missingIds +eip-guess$/m);
    expect(run.out).toMatch(/^eip-bj2fk010 +95\.125$/m);
    expect(run.err).toBe(
      'cdktf-headroom lookup: 1 of 2 --eip-id values matches no EIP in region cn-bj2: eip-guess. Leave --eip-id out to list every EIP of the region.\n',
    );
  });

  it('huaweicloud: filters that match no quota say so', async () => {
    const run = await cli('lookup', 'huaweicloud', '--resource-id', 'no-such-quota', '--dir', dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('quotas: 0 rows');
    expect(run.err).toBe(
      'cdktf-headroom lookup: the lookup found no rows (statistics, quotas): nothing matches these options. Check the ids and filters given.\n',
    );
  });

  it('names the flag the user typed, not the prop behind it', async () => {
    const missing = await cli('lookup', 'qingcloud', '--console-id', 'alphacloud', '--owner', 'usr-WantwZJ8', '--dir', dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('cdktf-headroom lookup: HEADROOM_INPUT: lookup/qingcloud: --project-id must be a non-empty string; got none.\n');
    const badRegion = await cli('lookup', 'ucloud', '--region', 'Beijing 2', '--dir', dir);
    expect(badRegion.code).toBe(2);
    expect(badRegion.err).toMatch(/^cdktf-headroom lookup: HEADROOM_INPUT: lookup\/ucloud: --region must be /);
    expect(await cloud().requests()).toEqual([]);
    // Without --region (and without UCLOUD_REGION): the hint names the flag too.
    const region = process.env.UCLOUD_REGION;
    process.env.UCLOUD_REGION = '';
    let noRegion: CliRun;
    try {
      noRegion = await cli('lookup', 'ucloud', '--dir', dir);
    } finally {
      process.env.UCLOUD_REGION = region;
    }
    expect(noRegion.err).toMatch(
      /^cdktf-headroom lookup: HEADROOM_INPUT: lookup\/ucloud: --region must be a UCloud region such as "cn-bj2"; got none\. Set --region, or UCLOUD_REGION, /,
    );
  });

  it('ucloud: every EIP of the region, peak as the fake cloud holds it', async () => {
    const run = await cli('lookup', 'ucloud', '--region', 'cn-bj2', '--dir', dir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^maxMbps +95\.125$/m);
    expect(run.out).toContain('eips: 12 rows');
  });

  it('huaweicloud: region and project from the variables, quota counters and rows', async () => {
    const run = await cli('lookup', 'huaweicloud', '--enterprise-project-id', 'all_granted_eps', '--dir', dir, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out);
    expect(json.values.region).toBe('cn-north-4');
    expect(json.values.totalNum).toBe(36);
    expect(json.tables.quotas).toHaveLength(36);
  });

  it('gives the error a synth gives, with its code, and exits 2', async () => {
    const run = await cli('lookup', 'huaweicloud', '--version', 'hss.version.bad', '--dir', dir);
    expect(run.code).toBe(2);
    // The same construct in an app at the same path.
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
    let message = '';
    try {
      new QuotaDetail(new TerraformStack(app, 'lookup'), 'huaweicloud', { version: 'hss.version.bad' as never });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('hss.version.bad');
    expect(message).toMatch(/^lookup\/huaweicloud: version must be one of /);
    // In the words of the command line: the flag, not the prop.
    expect(run.err).toBe(`cdktf-headroom lookup: HEADROOM_INPUT: ${message.replace('lookup/huaweicloud: version ', 'lookup/huaweicloud: --version ')}\n`);
  });

  it('offline with no record: the record error, naming the file and how to record it', async () => {
    const run = await cli(...QINGCLOUD, '--dir', dir, '--mode', 'offline');
    expect(run.code).toBe(2);
    expect(run.err).toContain('cdktf-headroom lookup: HEADROOM_RECORD: lookup/qingcloud: ');
    expect(run.err).toContain(path.join(dir, 'cdktf.lookups.json'));
    expect(await cloud().requests()).toEqual([]);
  });

  it('refuses a missing cloud, an unknown option and a bad number before asking anything', async () => {
    expect((await cli('lookup')).err).toMatch(/lookup needs a cloud first: qingcloud, ucloud, huaweicloud; got none/);
    const unknown = await cli('lookup', 'ucloud', '--regoin', 'cn-bj2');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unexpected argument "--regoin"; allowed: --region VALUE, /);
    const bad = await cli(...QINGCLOUD, '--page-size', 'ten', '--dir', dir);
    expect(bad.err).toContain('--page-size must be a whole number; got "ten"');
    expect(await cloud().requests()).toEqual([]);
  });
});

describe('--help', () => {
  it.each([['lookup'], ['lookup', 'qingcloud'], ['lookup', 'ucloud'], ['lookup', 'huaweicloud'], ['check'], ['records'], ['fake-cloud']])(
    '%s --help: usage, options and an example, exit 0',
    async (...command) => {
      const run = await cli(...command, '--help');
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/^usage: cdktf-headroom /);
      expect(run.out).toContain('options:\n');
      expect(run.out).toContain('--help');
      expect(run.out).toMatch(/\nexamples?:\n {2}\S/);
    },
  );

  it('lookup CLOUD --help names the construct, with the right article', async () => {
    expect((await cli('lookup', 'ucloud', '--help')).out).toContain('\n\nRun an EipBandwidthUsage lookup (ucloud:DescribeBandwidthUsage) as a synth would');
    expect((await cli('lookup', 'qingcloud', '--help')).out).toContain('\n\nRun a ProjectResourceStat lookup (');
    expect((await cli('lookup', 'huaweicloud', '--help')).out).toContain('\n\nRun a QuotaDetail lookup (');
  });

  it("lookup CLOUD --help lists that construct's props", async () => {
    expect((await cli('lookup', 'huaweicloud', '-h')).out).toContain('--enterprise-project-id VALUE');
    expect((await cli('lookup', 'ucloud', '--help')).out).toContain('--eip-id VALUE (repeatable)');
  });

  // The help is worded from each lookup's declaration; the ranges are the APIs' documented
  // `limit` ranges (UCloud's Limit up to 10,000,000), and a size just outside is refused.
  it.each([
    ['qingcloud', '1 to 1,000; default 60', 1001, 'QINGCLOUD_ENDPOINT, else the config file, else https://api.qingcloud.com/iaas/'],
    ['ucloud', '1 to 10,000,000; default 100', 0, 'UCLOUD_API_BASE_URL, else the profile, else https://api.ucloud.cn/'],
    ['huaweicloud', '10 to 200; default 200', 9, 'HUAWEICLOUD_SDK_REGION_HSS_<REGION>, HW_HSS_ENDPOINT, else https://hss.{region}.myhuaweicloud.com'],
  ])('lookup %s --help states the page sizes it takes (%s) and where the endpoint comes from', async (cloud, range, outside, endpoint) => {
    const help = (await cli('lookup', cloud, '--help')).out;
    expect(help).toContain(`rows per page, ${range} (every page is read)\n`);
    expect(help).toContain(`API endpoint; default ${endpoint}\n`);
    const required = cloud === 'qingcloud' ? ['--console-id', 'alphacloud', '--project-id', 'pj-xzvlxlb5', '--owner', 'usr-WantwZJ8'] : [];
    const refused = await cli('lookup', cloud, ...required, '--page-size', String(outside), '--endpoint', 'http://127.0.0.1:9/');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--page-size must be an integer from ${range.split(';')[0].replace(/,/g, '')}; got ${outside}.`);
  });

  it('records takes --file=x', async () => {
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, records: {} }));
    const run = await cli('records', 'list', `--file=${file}`);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`${file}: no records\n`);
  });
});
