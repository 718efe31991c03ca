// Visible waiting (issue #11): a batch that runs longer than the threshold prints one line
// saying what it waits for; HEADROOM_DEBUG=1 logs each request without a secret; under
// `cdktf synth` (CDKTF_OUTDIR set) a one-line summary ends each batch, on stdout (the CLIs
// show an app's stderr as red [ERROR] lines; a summary of success is not an error). An app run in a
// child process, as cdktf synth runs it, against the fake cloud.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useFakeCloud } from '../../_helpers/fake-cloud';
import { BATCH_SUMMARY } from '../../_helpers/stderr';

const LIB = path.resolve(__dirname, '../../../lib');

/** Runs an app with one QingCloud and one UCloud lookup; resolves with its stderr. */
function runApp(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const script = `
    const { App, TerraformStack } = require('cdktf');
    const { ProjectResourceStat, EipBandwidthUsage } = require(${JSON.stringify(LIB)});
    const app = new App({ outdir: process.env.CDKTF_OUTDIR || require('os').tmpdir() });
    const s = new TerraformStack(app, 'stack');
    const usage = new ProjectResourceStat(s, 'usage', ${JSON.stringify(FAKE_QINGCLOUD_PROJECT)});
    const bw = new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2' });
    console.log(JSON.stringify({ instances: usage.totals.instanceCount, eips: bw.totalCount }));
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: path.resolve(__dirname, '../../..'), env: { ...process.env, ...env } });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (c) => (stdout += c));
    child.once('close', (code) => resolve({ code, stderr, stdout }));
  });
}

describe('visible waiting', () => {
  const cloud = useFakeCloud();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-wait-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const baseEnv = (): Record<string, string> => ({
    ...cloud().env(),
    HOME: dir,
    HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'cdktf.lookups.json'),
    CHECKPOINT_DISABLE: '1',
  });

  it('prints one line when a batch runs past the threshold, with what is pending and its attempt; a summary under cdktf synth; a debug line per request', async () => {
    await cloud().inject({ cloud: 'qingcloud', serverError: 1, latencyMs: 700 });
    const outdir = fs.mkdtempSync(path.join(dir, 'out-'));
    const r = await runApp({ ...baseEnv(), HEADROOM_PROGRESS_AFTER_MS: '150', HEADROOM_DEBUG: '1', CDKTF_OUTDIR: outdir });
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const waiting = lines.filter((l) => l.includes('still waiting'));
    expect(waiting).toHaveLength(1);
    // The UCloud lookup may still be pending on a loaded machine; the QingCloud one always is (700 ms of latency).
    expect(waiting[0]).toMatch(
      /^cdktf-headroom: still waiting after \d+\.\d s for [12] of 2 lookups: 1 qingcloud:GetProjectResourceStat \(attempt [12] of 4\)(, 1 ucloud:DescribeBandwidthUsage \(attempt 1 of 4\))?$/,
    );
    const debug = lines.filter((l) => / -> /.test(l));
    expect(debug).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cdktf-headroom: GET 127\.0\.0\.1:\d+ GetProjectResourceStat -> 50\d \(attempt 1 of 4, \d+ ms\)$/),
        expect.stringMatching(/^cdktf-headroom: GET 127\.0\.0\.1:\d+ GetProjectResourceStat -> 200 \(attempt 2 of 4, \d+ ms\)$/),
        expect.stringMatching(/^cdktf-headroom: POST 127\.0\.0\.1:\d+ DescribeBandwidthUsage -> 200 \(attempt 1 of 4, \d+ ms\)$/),
      ]),
    );
    expect(lines.filter((l) => BATCH_SUMMARY.test(l))).toEqual([]);
    const summary = r.stdout.split('\n').filter((l) => BATCH_SUMMARY.test(l));
    expect(summary).toEqual([expect.stringMatching(/^cdktf-headroom: 2 lookups, 3 requests, 1 retry, \d+\.\d s$/)]);
    const { qingcloud, ucloud } = cloud().credentials;
    for (const secret of [qingcloud.accessKeyId, qingcloud.secretAccessKey, ucloud.publicKey, ucloud.privateKey, 'signature', 'Signature']) {
      expect(r.stderr).not.toContain(secret);
    }
  });

  it('prints nothing for a quick batch outside cdktf synth', async () => {
    const r = await runApp(baseEnv());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
