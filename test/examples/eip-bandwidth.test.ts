import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFakeCloud } from '../_helpers/fake-cloud';

const MAIN = path.join(__dirname, '../../examples/eip-bandwidth/main.js'); // compiled by `npm run build`

describe('example: eip-bandwidth', () => {
  const cloud = useFakeCloud();

  /** Runs the example app as `cdktf synth` would (node main.js), against the fake cloud. */
  async function synth(env: Record<string, string>): Promise<{ code: number | null; stderr: string; outdir: string }> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'eip-bandwidth-out-'));
    const childEnv: Record<string, string | undefined> = {
      ...process.env, ...cloud().env(), HOME: outdir, CDKTF_OUTDIR: outdir, UCLOUD_REGION: 'cn-bj2',
      UCLOUD_PROJECT_ID: undefined, UCLOUD_PROFILE: undefined, EIP_IDS: undefined, MAX_PEAK_MBPS: undefined, ...env,
    };
    const child = spawn(process.execPath, [MAIN], { env: childEnv as NodeJS.ProcessEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stderr, outdir };
  }

  it('synthesizes when the busiest EIP is under the bound, with what it saw in the outputs', async () => {
    const { code, stderr, outdir } = await synth({ MAX_PEAK_MBPS: '100' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'eip-bandwidth', 'cdk.tf.json'), 'utf8'));
    expect(tf.output['release-check'].value).toMatchObject({ eips: 12, peakMbps: 95.125, boundMbps: 100 });
    expect(tf.output.headroom_bandwidth.value).toMatchObject({ totalCount: 12, maxMbps: 95.125, busiestEipId: 'eip-bj2fk010' });
    expect(Object.keys(tf.resource.null_resource)).toEqual(['release']);
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('refuses to synthesize when the busiest EIP is above the bound, naming it', async () => {
    const { code, stderr } = await synth({ MAX_PEAK_MBPS: '90' });
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      'eip-bandwidth: refusing to synthesize: peak EIP bandwidth in cn-bj2 is 95.125 Mbps, above the bound of 90 Mbps (MAX_PEAK_MBPS). ' +
        'Over the bound: eip-bj2fk010 95.125 Mbps.',
    );
  });

  it('checks only the EIPs named in EIP_IDS', async () => {
    const { code, outdir } = await synth({ MAX_PEAK_MBPS: '90', EIP_IDS: 'eip-bj2fk001, eip-bj2fk004' });
    expect(code).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'eip-bandwidth', 'cdk.tf.json'), 'utf8'));
    expect(tf.output['release-check'].value).toMatchObject({ eips: 2, peakMbps: 48.25 });
  });

  it('fails closed when the lookup fails', async () => {
    const { code, stderr } = await synth({ UCLOUD_PRIVATE_KEY: 'wrong-key' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('eip-bandwidth/bandwidth: lookup ucloud:DescribeBandwidthUsage failed: UCloud DescribeBandwidthUsage failed with RetCode 171');
    expect(stderr).not.toContain('wrong-key');
  });
});
