import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GateReport } from '../../src/policy/gate-report';
import { useFakeCloud } from '../_helpers/fake-cloud';
import { runChild as run } from '../_helpers/child';

const ROOT = path.join(__dirname, '..', '..');
const APP = path.join(ROOT, 'test', '_fixtures', 'gate-app.js');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js'); // compiled by `npm run build`

// Each synth runs the fixture app in a child process as `cdktf synth` runs it (node, with
// CDKTF_OUTDIR set), always into the same output folder, after a passing synth: what the
// pipeline's `check` then says must belong to that synth.
describe('a verdict belongs to one synth run, and only a finished run can pass', () => {
  jest.setTimeout(120_000);
  const cloud = useFakeCloud();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-run-'));
  const outdir = path.join(dir, 'cdktf.out');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const synth = (env: Record<string, string> = {}) =>
    run(process.execPath, [APP], { ...process.env, ...cloud().env(), CDKTF_OUTDIR: outdir, HEADROOM_FAIL_ON_WARNINGS: '', ...env }, dir);
  const check = () => run(process.execPath, [CLI, 'check', '--outdir', outdir], { ...process.env, HEADROOM_FAIL_ON_WARNINGS: '' }, dir);
  const report = (): GateReport => JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));

  /** A passing synth first, so that a stale pass would be there to read. */
  async function passFirst(): Promise<string> {
    const s = await synth();
    expect(s).toMatchObject({ code: 0, stderr: '' });
    expect((await check()).code).toBe(0);
    return report().run.id;
  }

  it('passes a finished synth whose rules pass, naming its run', async () => {
    await passFirst();
    const r = report();
    expect(r.run).toEqual({ id: expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{8}$/), startedAt: expect.any(String), finished: true });
    expect(r.summary.status).toBe('pass');
    const c = await check();
    expect(c.stdout).toContain(
      `result: exit 0 (pass; 1 passed, 0 warning(s), 0 suppressed) from ${path.join(outdir, 'headroom', 'report.json')}, synth run ${r.run.id}`,
    );
  });

  it("fails a synth whose lookup failed before any gate existed (exit 2, the lookup error as the reason), not with the last run's pass", async () => {
    const before = await passFirst();
    const s = await synth({ READ_FIRST: '1', QINGCLOUD_SECRET_KEY: 'wrong-secret' });
    expect(s.code).toBe(1);
    const r = report();
    expect(r.run.id).not.toBe(before);
    expect(r.run.finished).toBe(false);
    expect(r.run.error).toMatch(/^CloudCredentialsError: workers\/usage: lookup qingcloud:GetProjectResourceStat failed: .*1200/);
    expect(r.summary.status).toBe('unfinished');
    expect(r.findings).toEqual([]);
    const c = await check();
    expect(c.code).toBe(2);
    expect(c.stdout).toContain('## cdktf-headroom gates: ⛔ SYNTH DID NOT FINISH');
    expect(c.stdout).toContain(
      'result: exit 2 (the last synth did not finish: CloudCredentialsError: workers/usage: lookup qingcloud:GetProjectResourceStat failed',
    );
    for (const file of fs.readdirSync(path.join(outdir, 'headroom')))
      expect(fs.readFileSync(path.join(outdir, 'headroom', file), 'utf8')).not.toContain('wrong-secret');
  });

  it('fails a synth that crashed after the gates passed, while writing the stack', async () => {
    await passFirst();
    const s = await synth({ CRASH: 'resolve' });
    expect(s.code).toBe(1);
    const r = report();
    expect(r.findings.map((f) => [f.ruleId, f.status])).toEqual([['instances', 'pass']]);
    expect(r.run).toMatchObject({ finished: false, error: 'Error: Resolution error: the broken output could not be resolved.' });
    const c = await check();
    expect(c.code).toBe(2);
    expect(c.stdout).toContain('result: exit 2 (the last synth did not finish: Error: Resolution error: the broken output could not be resolved; 1 passed,');
  });

  it('fails a synth whose app failed after app.synth() returned', async () => {
    await passFirst();
    expect((await synth({ CRASH: 'after' })).code).toBe(1);
    expect(report().run).toMatchObject({ finished: false, error: 'the app failed after app.synth() returned: Error: the app failed after synth' });
    expect((await check()).code).toBe(2);
  });

  it('keeps the violations of a synth that failed on them, one concise block each on stderr', async () => {
    await passFirst();
    const s = await synth({ LIMIT: '44' });
    expect(s.code).toBe(1);
    const block =
      '✖ gate violation: rule instances (gate workers/quota)\n' +
      '    observed 2, bound 4\n' +
      '    needs 4 but only 2 fit (42 of 44 used). Create at most 2 more, free 2, or raise the quota to at least 46.\n';
    expect(s.stderr.split(block)).toHaveLength(2); // exactly once
    expect(s.stderr).toContain('cdktf-headroom: 1 gate violation stopped cdktf synth.');
    // The one-line error, as it leaves the app (not Node's report of the library's throw line with a caret).
    expect(s.stderr).toContain(
      `\nGateViolationError (HEADROOM_GATE): cdktf synth stopped by 1 gate violation: rule "instances" (gate workers/quota); every rule, pass or fail, is in ${path.join(outdir, 'headroom', 'report.md')}\n`,
    );
    expect(s.stderr).not.toContain('synth-run.js');
    expect(s.stderr).not.toContain('listed above');
    expect(s.stderr).not.toContain('skipValidation');
    expect(s.stderr).not.toContain('    at '); // no stack trace
    const r = report();
    expect(r.summary).toMatchObject({ errors: 1, status: 'fail' });
    expect(r.run.finished).toBe(false);
    const c = await check();
    expect(c.code).toBe(2);
    expect(c.stdout).toContain('| ❌ error | `instances` | `workers/quota` | 2 | 4 |');
    expect(c.stdout).toContain(
      `result: exit 2 (1 violation(s); the last synth did not finish: GateViolationError: cdktf synth stopped by 1 gate violation: rule "instances" (gate workers/quota); every rule, pass or fail, is in ${path.join(outdir, 'headroom', 'report.md')}; 0 passed,`,
    );
  });

  it('prints one line per violation that synth does not enforce (enforceAtSynth: false), and finishes', async () => {
    await passFirst();
    const s = await synth({ LIMIT: '44', ENFORCE_AT_SYNTH: 'false' });
    expect(s.code).toBe(0);
    expect(s.stderr).toBe(
      'cdktf-headroom: violation of rule "instances" (gate workers/quota), not enforced at synth (enforceAtSynth: false and enforceAtPlan: false; only `cdktf-headroom check` fails on it): ' +
        'needs 4 but only 2 fit (42 of 44 used). Create at most 2 more, free 2, or raise the quota to at least 46.\n',
    );
    const planned = await synth({ LIMIT: '44', ENFORCE_AT_SYNTH: 'false', PLAN: 'terraform_data' });
    expect(planned.code).toBe(0);
    expect(planned.stderr).toMatch(
      /^cdktf-headroom: violation of rule "instances" \(gate workers\/quota\), not enforced at synth \(enforceAtSynth: false; the gate's plan-time check stops `terraform plan`\): needs 4 but only 2 fit[^\n]*\n$/,
    );
    expect(report()).toMatchObject({ run: { finished: true }, summary: { errors: 1, status: 'fail' } });
    expect((await check()).code).toBe(2);
  });

  it('passes warnings of a finished synth (exit 0), and lists them', async () => {
    await passFirst();
    const s = await synth({ WARN_MBPS: '80' });
    expect(s.code).toBe(0);
    expect(report()).toMatchObject({ run: { finished: true }, summary: { warnings: 1, status: 'warn' } });
    const c = await check();
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('| ⚠️ warning | `eip-mbps` | `workers/quota` | 95 | 80 |');
  });

  it('covers two stacks in one report: a violation in the second fails the synth and the check', async () => {
    await passFirst();
    const s = await synth({ SECOND_STACK: '1', LIMIT2: '43' });
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('✖ gate violation: rule instances (gate second/quota)');
    expect(s.stderr).not.toContain('(gate workers/quota)');
    const r = report();
    expect(r.gates.map((g) => [g.path, g.status])).toEqual([
      ['workers/quota', 'pass'],
      ['second/quota', 'fail'],
    ]);
    expect((await check()).code).toBe(2);
  });

  it('reports a suppression that names no rule as a warning, without changing the verdict', async () => {
    const s = await synth({ SUPPRESS: 'instance' });
    expect(s.code).toBe(0);
    expect(report().notices).toEqual([
      {
        level: 'warning',
        code: 'unknown-suppression',
        scope: 'workers',
        message:
          'The suppression of rule "instance" on workers names no rule of any gate in this app, so it suppresses nothing (rule ids: instances). Fix the id or remove the suppression.',
      },
    ]);
    const c = await check();
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('> ⚠️ The suppression of rule "instance" on workers names no rule');
  });

  it('survives a reader that closes the pipe: the exit code is still the verdict', async () => {
    await synth({ LIMIT: '44' });
    const sh = await run('bash', ['-c', `set -o pipefail; node ${JSON.stringify(CLI)} check --outdir ${JSON.stringify(outdir)} | head -1`], process.env, dir);
    expect(sh).toMatchObject({ code: 2, stdout: '## cdktf-headroom gates: ❌ FAIL\n' });
    expect(sh.stderr).not.toContain('EPIPE');
    // A reader gone before the first write.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'check', '--outdir', outdir], { stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('exit', (c) => {
        expect(stderr).not.toContain('EPIPE');
        resolve(c);
      });
    });
    expect(code).toBe(2);
  });
});
