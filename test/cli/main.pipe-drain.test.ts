// Issue #22, defect 2: the CLI's output reaches a pipe whole, whatever its size. It was cut
// at 64 KiB (the pipe's buffer) because the process exited before stdout drained.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { Gate } from '../../src/policy/gate';
import { Rule } from '../../src/policy/rule';

const CLI = path.resolve(__dirname, '../../lib/cli/main.js');

describe('CLI output through a pipe', () => {
  let dir: string;
  let report: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-pipe-'));
    const outdir = path.join(dir, 'cdktf.out');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'stack');
    // 400 passing rules: a report of well over 64 KiB.
    new Gate(stack, 'gate', { rules: Array.from({ length: 400 }, (_, i) => Rule.atMost(`rule-${i}-of-a-large-report`, () => i, 1000)) });
    app.synth();
    report = path.join(outdir, 'headroom', 'report.json');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(['json', 'html'])('`check --format %s | wc -c` counts every byte', (format) => {
    const file = format === 'json' ? report : path.join(path.dirname(report), 'report.html');
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(100 * 1024);
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" check --report "${report}" --format ${format} | wc -c`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(Number(piped.stdout.trim())).toBe(size);
  });

  it('`records list --json` piped lists every record, whole and valid', () => {
    // 1,500 recorded lookups (empty listings): a listing of well over 64 KiB.
    const zeros = Object.fromEntries(
      ['instanceCount', 'vcpusCount', 'memorySum', 'volumeCount', 'volumeSize', 'eipCount', 'eipBandwidth', 'wanConnectBandwidth', 'wanConnectCount']
        .concat(['wanCpeCount', 'wanCpeBandwidth', 'wanLineBandwidth', 'wanLineCount', 'wanVpcBandwidth', 'wanVpcCount'])
        .map((k) => [k, 0]),
    );
    const records = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [
        `qingcloud:GetProjectResourceStat {"account":"0a1b2c3d4e5f","projectId":"pj-${String(i).padStart(8, '0')}"}`,
        {
          kind: 'qingcloud:GetProjectResourceStat',
          cloud: 'qingcloud',
          fetchedAt: new Date().toISOString(),
          value: { rows: [], totals: zeros, totalCount: 0 },
        },
      ]),
    );
    const file = path.join(dir, 'cdktf.lookups.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, records }));
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" records list --json --file "${file}" | cat`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout.length).toBeGreaterThan(100 * 1024);
    const listed = JSON.parse(piped.stdout) as { records: Array<{ index: number; valid: boolean }> };
    expect(listed.records).toHaveLength(1500);
    expect(listed.records.every((r) => r.valid)).toBe(true);
  });

  it('`check --format json` piped is the report, whole and valid', () => {
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" check --report "${report}" --format json | cat`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(piped.stdout).toBe(fs.readFileSync(report, 'utf8'));
  });
});
