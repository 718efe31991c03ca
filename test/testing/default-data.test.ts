// docs/fake-cloud.md (its section "The default data") lists the ids, projects and regions of
// the fake cloud's bundled data: its tables must be the data the server holds, and its commands must find them
// (run through the CLI against the real fake cloud on 127.0.0.1).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import { defaultHuaweiCloudData, defaultQingCloudData, defaultUCloudData, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../_helpers/fake-cloud';

const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'fake-cloud.md'), 'utf8');

/** The rows of the table after `<!-- fake-data: name -->`, as arrays of cells (backticks removed). */
function table(name: string): string[][] {
  const m = new RegExp(`<!-- fake-data: ${name} -->\\n\\|.*\\|\\n\\| ---.*\\|\\n((?:\\|.*\\|\\n)+)`).exec(doc);
  if (!m) throw new Error(`docs/fake-cloud.md has no table marked fake-data: ${name}`);
  return m[1]
    .trim()
    .split('\n')
    .map((row) =>
      row
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/`/g, '')),
    );
}

describe("the fake cloud's data, as documented", () => {
  it('QingCloud: every resource group of the project, with its counts', () => {
    const rows = defaultQingCloudData().projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
    expect(table('qingcloud')).toEqual(rows.map((r) => [r.resource_group_id, r.instance_count, r.vcpus_count, r.memory_sum, r.eip_count].map(String)));
    expect(doc).toContain(
      `console id \`${FAKE_QINGCLOUD_PROJECT.consoleId}\`, project id \`${FAKE_QINGCLOUD_PROJECT.projectId}\`, owner \`${FAKE_QINGCLOUD_PROJECT.owner}\``,
    );
  });

  it('UCloud: every EIP of every project and region, with its bandwidth', () => {
    const expected: string[][] = [];
    for (const [project, p] of Object.entries(defaultUCloudData().projects)) {
      for (const [region, eips] of Object.entries(p.regions)) {
        if (eips.length === 0) expected.push([project, region, '(none)', '']);
        for (const e of eips) expected.push([project, region, String(e.EIPId), String(e.CurBandwidth)]);
      }
    }
    expect(table('ucloud')).toEqual(expected);
    const bj2 = defaultUCloudData().projects['org-fakedef'].regions['cn-bj2'];
    const total = bj2.reduce((sum, e) => sum + Number(e.CurBandwidth), 0);
    const peak = bj2.reduce((max, e) => (Number(e.CurBandwidth) > Number(max.CurBandwidth) ? e : max));
    expect(doc).toContain(
      `In \`cn-bj2\` of the default project: ${bj2.length} EIPs, ${total.toFixed(1)} Mbps in all, peak ${peak.CurBandwidth} Mbps (\`${peak.EIPId}\`).`,
    );
  });

  it('Huawei Cloud: every HSS quota, by group, with its numbers', () => {
    const quotas = Object.values(defaultHuaweiCloudData().projects)[0].quotas;
    const expected: string[][] = [];
    quotas.forEach((q, i) => {
      const n = Number(String(q.resource_id).slice(-12));
      expect(n).toBe(i + 1);
      const key = [q.version, q.quota_status, q.used_status, q.charging_mode, q.enterprise_project_name].map(String);
      const last = expected[expected.length - 1];
      if (last && last.slice(0, 5).join() === key.join()) {
        last[5] = String(Number(last[5]) + 1);
        last[6] = `${last[6].split('–')[0]}–${n}`;
      } else expected.push([...key, '1', String(n)]);
    });
    expect(table('huaweicloud')).toEqual(expected);
    expect(quotas).toHaveLength(36);
  });
});

describe("the documented commands find the fake cloud's data", () => {
  const cloud = useFakeCloud();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-fake-doc-'));
  useEnv(() => ({ ...cloud().env(), HOME: dir, HEADROOM_LOOKUP_MODE: undefined, HEADROOM_LOOKUP_RECORD_FILE: undefined, CDKTF_CONTEXT_JSON: undefined }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const commands = [...doc.matchAll(/^npx cdktf-headroom (lookup .*)$/gm)].map((m) => m[1]);

  it('has one command per lookup at least', () => {
    expect(commands.length).toBeGreaterThanOrEqual(3);
  });

  it.each(commands)('%s: exit 0, rows found, nothing said about missing ids', async (command) => {
    let out = '';
    let err = '';
    const code = await runCli([...command.split(' '), '--dir', dir, '--json'], { out: (t) => (out += t), err: (t) => (err += t) });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const run = JSON.parse(out);
    expect(Object.values(run.tables as Record<string, unknown[]>).some((rows) => rows.length > 0)).toBe(true);
  });

  it('another QingCloud project is answered with ret_code 2100, as the page says', async () => {
    let err = '';
    const code = await runCli(['lookup', 'qingcloud', '--console-id', 'alphacloud', '--project-id', 'pj-guessed', '--owner', 'usr-WantwZJ8', '--dir', dir], {
      out: () => undefined,
      err: (t) => (err += t),
    });
    expect(code).toBe(2);
    expect(err).toContain('ret_code 2100 (ResourceNotFound');
  });
});
