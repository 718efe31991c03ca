import { spawn } from 'node:child_process';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

// `npm run example` as the README runs it (after `npm run build`): the fake cloud, then
// `cdktf synth` of examples/quota-aware, then what the stack saw and the gate's verdict.
describe('the main example (npm run example)', () => {
  jest.setTimeout(180_000);

  it('ends with the gate verdict: each rule with what it observed, its bound and its verdict', async () => {
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, 'scripts', 'run-example.js')], {
        cwd: root,
        env: Object.fromEntries(Object.entries({ ...process.env, CI: '1' }).filter(([k]) => !['INSTANCE_LIMIT', 'DESIRED_WORKERS', 'VCPU_LIMIT'].includes(k))),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.once('error', reject);
      child.once('exit', (c) => resolve({ code: c, out: text }));
    });
    expect(code).toBe(0);
    expect(out).toContain('workers = {"created":8,"desired":12,"limit":50}');
    expect(out).toContain('terraform_data: 9'); // 8 workers and the gate's plan check
    // 42 of 50 instances used: 8 fit and 8 are created; 84 of 200 vCPUs is 42%, below the 80% warning.
    expect(out).toMatch(
      /gate verdict \(synth run \d{8}-\d{6}-[0-9a-f]{8}\):\nrule {17}observed {2}bound {2}verdict\nqingcloud-instances {2}8 {9}8 {6}pass\nqingcloud-vcpus {6}0\.42 {6}0\.8 {4}pass\nverdict: PASS\n\n$/,
    );
  });
});
