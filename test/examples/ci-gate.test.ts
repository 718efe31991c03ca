import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const reportDir = path.join(root, 'examples', 'ci-gate', 'cdktf.out', 'headroom');

/**
 * Runs the example pipeline (scripts/run-ci-gate.js: the fake cloud, then
 * examples/ci-gate/ci.sh = cdktf synth + cdktf-headroom check) as a CI job would.
 * Uses the compiled library: `npm test` builds first.
 */
function pipeline(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'run-ci-gate.js'), ...args], {
      cwd: root,
      env: { ...process.env, HEADROOM_FAIL_ON_WARNINGS: '', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('the CI gate example (examples/ci-gate)', () => {
  jest.setTimeout(120_000);

  it('exits 2 on a violation, printing the Markdown summary with the violation and leaving the reports', async () => {
    const { code, out } = await pipeline({ INSTANCE_LIMIT: '44' }); // 42 of 44 used: the minimum of 4 workers does not fit
    expect(code).toBe(2);
    expect(out).toContain('## cdktf-headroom gates: ❌ FAIL');
    expect(out).toContain(
      '| ❌ error | `qingcloud-instances` | `ci-gate/quota` | 2 | 4 | `█████████▌` 95.5% · 2 left | needs 4 but only 2 fit (42 of 44 used). Free instances in project pj-xzvlxlb5, or ask for an instance quota above 44. |',
    );
    expect(out).toContain('result: exit 2 (1 violation(s);');
    // What `cdktf synth` shows: the library's block for the violation, and a one-line
    // error, not cdktf's validation error with its skipValidation hint and stack trace.
    expect(out).toContain(
      '✖ gate violation: rule qingcloud-instances (gate ci-gate/quota)\n' +
        '    observed 2, bound 4\n' +
        '    needs 4 but only 2 fit (42 of 44 used). Free instances in project pj-xzvlxlb5, or ask for an instance quota above 44.\n',
    );
    expect(out).toContain('GateViolationError (HEADROOM_GATE): cdktf synth stopped by 1 gate violation: rule "qingcloud-instances" (gate ci-gate/quota);');
    expect(out).not.toContain('listed above');
    expect(out).not.toContain('synth-run.js'); // no source line and caret of the library's throw
    expect(out).not.toContain('skipValidation');
    expect(out).not.toContain('at StackSynthesizer');
    expect(fs.readdirSync(reportDir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    const sarif = JSON.parse(fs.readFileSync(path.join(reportDir, 'report.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('examples/ci-gate/main.ts'); // from cdktf.json context
  });

  it('exits 1 on a warning when failing on warnings', async () => {
    const { code, out } = await pipeline({ EIP_BANDWIDTH_BUDGET_MBPS: '100' }, ['--fail-on-warnings']); // 110 Mbps in use
    expect(code).toBe(1);
    expect(out).toContain('| ⚠️ warning | `eip-bandwidth-mbps` | `ci-gate/quota` | 110 | 100 |');
  });

  it('exits 0 when everything fits', async () => {
    const { code, out } = await pipeline({});
    expect(code).toBe(0);
    expect(out).toContain('## cdktf-headroom gates: ✅ PASS');
    expect(out).toContain('0 violations, 0 warnings, 3 passed, 0 suppressed (3 rules in 1 gate).');
    const tf = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'ci-gate', 'cdktf.out', 'stacks', 'ci-gate', 'cdk.tf.json'), 'utf8'));
    const { null_resource: resources, terraform_data: checks } = tf.resource;
    const check = Object.keys(checks).find((k) => k.startsWith('quota_plan-check'))!;
    const [local] = Object.keys(tf.locals).filter((k) => k.startsWith('quota_plan-values'));
    expect(Object.values(tf.locals[local]).map((v) => (v as { ok: boolean }).ok)).toEqual([true, true]);
    expect(checks[check].lifecycle.precondition.map((p: { condition: string }) => p.condition)).toEqual([
      `\${local.${local}["qingcloud-instances"].observed >= local.${local}["qingcloud-instances"].bound}`,
      `\${local.${local}["vcpus-after-deploy"].observed < local.${local}["vcpus-after-deploy"].bound}`,
    ]);
    const workers = Object.keys(resources).filter((k) => k.startsWith('worker-'));
    expect(workers).toHaveLength(6); // 8 fit, 6 desired
    for (const w of workers) expect(resources[w].depends_on).toEqual([`terraform_data.${check}`]);
  });
});
