import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFakeCloud } from '../../_helpers/fake-cloud';

// examples/hss-quota, compiled by `npm run build`, run as `cdktf synth` runs it (node main.js),
// against the fake cloud: 3 usable idle enterprise-edition quotas in the default data.
describe('example hss-quota', () => {
  const cloud = useFakeCloud();
  const main = path.join(__dirname, '../../../examples/hss-quota/main.js');

  async function synth(newHosts: string): Promise<{ code: number | null; stderr: string; outdir: string }> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hss-quota-'));
    const child = spawn(process.execPath, [main], {
      cwd: outdir,
      env: { ...withoutHuaweiVariables(process.env), ...cloud().env(), CDKTF_OUTDIR: outdir, NEW_HOSTS: newHosts },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stderr, outdir };
  }

  it('adds the hosts when idle quota covers them, and shows the quota it saw', async () => {
    const { code, stderr, outdir } = await synth('3');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'hss-quota', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(tf.resource.null_resource)).toHaveLength(3);
    expect(tf.output.hosts.value).toMatchObject({ added: 3, edition: 'hss.version.enterprise', idleQuotaBefore: 3, idleQuotaAfter: 0 });
    expect(tf.output.headroom_hss.value).toMatchObject({ totalNum: 12, idleNum: 4, usableIdleByVersion: { 'hss.version.enterprise': 3 } });
  });

  it('refuses to add more hosts than there is idle quota for, saying how many are missing', async () => {
    const { code, stderr } = await synth('5');
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      'Refusing to add 5 hosts: project 0a1b2c3d4e5f60718293a4b5c6d7e8f9 has 3 usable idle hss.version.enterprise HSS quota(s) ' +
        '(1 more are idle but expired or frozen), so 2 more are needed.',
    );
  });
});

/** The environment without any Huawei Cloud variable of the machine running the tests. */
function withoutHuaweiVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('HW_') && !k.startsWith('HUAWEICLOUD_')));
}
