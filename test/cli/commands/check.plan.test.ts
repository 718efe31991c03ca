import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASTION_INSTANCE_CHANGE, synthAsCdktf, terraformIn, useTerraformTests } from '../../_helpers/terraform';

const APP = path.join(__dirname, '..', '..', '_fixtures', 'plan-app.js');
const CLI = path.join(__dirname, '..', '..', '..', 'lib', 'cli', 'main.js');
const PLANS = path.join(__dirname, '..', '..', '_fixtures', 'plans');

/** Runs the built CLI as a user does, in a child process. */
function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, HEADROOM_FAIL_ON_WARNINGS: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// `cdktf-headroom check --plan` on plans that the real terraform wrote of a stack the app
// synthesized (terraform_data only: no provider to download), and on broken plan files.
describe('cdktf-headroom check --plan', () => {
  const { cloud, tmp, withTerraform } = useTerraformTests('headroom-check-plan-', 180_000);

  /** Synthesizes the fixture app into `dir` as `cdktf synth` runs it; returns the stack folder. */
  async function synth(dir: string, env: Record<string, string>): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    expect(await synthAsCdktf(APP, dir, { ...cloud().env(), ...env })).toEqual({ code: 0, stderr: '' });
    return path.join(dir, 'cdktf.out', 'stacks', 'workers');
  }

  const terraform = (dir: string, ...args: string[]) => terraformIn(dir, tmp, ...args);

  /** `terraform plan -out` and `terraform show -json` in the stack folder; returns the plan JSON's path. */
  function planJson(stackDir: string): string {
    expect(terraform(stackDir, 'init', '-input=false', '-no-color')).toMatchObject({ code: 0 });
    expect(terraform(stackDir, 'plan', '-input=false', '-no-color', '-out=plan.tfplan')).toMatchObject({ code: 0 });
    const show = terraform(stackDir, 'show', '-json', 'plan.tfplan');
    expect(show.code).toBe(0);
    const file = path.join(stackDir, 'plan.json');
    fs.writeFileSync(file, show.stdout);
    return file;
  }

  /** A copy of a plan JSON with `edit` applied. */
  function edited(file: string, name: string, edit: (plan: Record<string, unknown>) => void): string {
    const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    edit(plan);
    const out = path.join(path.dirname(file), name);
    fs.writeFileSync(out, JSON.stringify(plan));
    return out;
  }

  withTerraform('passes a plan that fits, in every format, and refuses a plan of another synth', async () => {
    const dir = path.join(tmp, 'fits');
    const stackDir = await synth(dir, { LIMIT: '50', WORKERS: '3' }); // 42 of 50: 8 fit
    const plan = planJson(stackDir);
    const outdir = path.join(dir, 'cdktf.out');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));
    const variables = JSON.parse(fs.readFileSync(plan, 'utf8')).variables;
    expect(Object.keys(variables).sort()).toEqual(['headroom_stack', 'headroom_synth_run', 'headroom_usage']);
    expect(variables).toMatchObject({ headroom_synth_run: { value: report.run.id }, headroom_stack: { value: 'workers' } });
    // What the lookup saw is in the plan too (a variable's default, so it never makes a plan non-empty).
    expect(variables.headroom_usage.value.totals.instanceCount).toBe(42);

    const md = cli('check', '--plan', plan, '--outdir', outdir);
    expect(md.code).toBe(0);
    expect(md.out).toContain('## cdktf-headroom plan check: ✅ PASS');
    expect(md.out).toContain(
      '| ✅ pass | qingcloud-instances | 42 | 0 | 3 | 0 | 50 | 5 | `▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▞░░` | the plan adds 3; 8 fit (others use 42, the stack holds 0, limit 50); 5 left after the plan. |',
    );
    expect(md.out).toContain(
      `result: exit 0 (pass; the plan fits 1 headroom(s)) from ${plan} and ${path.join(outdir, 'headroom', 'report.json')}, synth run ${report.run.id}`,
    );

    const json = cli('check', '--plan', plan, '--outdir', outdir, '--format', 'json');
    expect(json.code).toBe(0);
    const verdict = JSON.parse(json.out);
    expect(verdict).toMatchObject({ exitCode: 0, runId: report.run.id, stack: 'workers', formatVersion: '1.2', status: 'pass' });
    expect(verdict.headrooms).toEqual([
      {
        stack: 'workers',
        name: 'qingcloud-instances',
        status: 'pass',
        usedByOthers: 42,
        held: 0,
        limit: 50,
        adds: 3,
        frees: 0,
        room: 8,
        leftAfter: 5,
        items: [0, 1, 2].map((i) => ({ address: `terraform_data.worker[${i}]`, actions: 'create', adds: 1, frees: 0, matchedBy: 'claim', bounded: false })),
        problems: [],
        message: 'the plan adds 3; 8 fit (others use 42, the stack holds 0, limit 50); 5 left after the plan.',
      },
    ]);
    expect(json.err).toContain('pass qingcloud-instances: the plan adds 3');

    const html = cli('check', '--plan', plan, '--outdir', outdir, '--format', 'html');
    expect(html.out).toMatch(/^<!DOCTYPE html>/);
    expect(html.out).toContain('<span class="seg adds" style="left:84%;width:6%" title="the plan adds"></span>');
    const junit = cli('check', '--plan', plan, '--outdir', outdir, '--format', 'junit');
    expect(junit.out).toContain('<testcase name="qingcloud-instances" classname="plan.workers" time="0"></testcase>');
    const sarif = cli('check', '--plan', plan, '--outdir', outdir, '--format', 'sarif');
    expect(JSON.parse(sarif.out).runs[0].results).toEqual([]);

    // The same stack synthesized again: a new run, so the old plan is refused (exit 2, saying what to run).
    await synth(dir, { LIMIT: '50', WORKERS: '3' });
    const newRun = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8')).run.id;
    const stale = cli('check', '--plan', plan, '--outdir', outdir);
    expect(stale.code).toBe(2);
    expect(stale.err).toContain(
      `${plan} is a plan of synth run ${report.run.id}, but ${path.join(outdir, 'headroom', 'report.json')} is of synth run ${newRun}`,
    );
    expect(stale.err).toContain('`terraform show -json plan.tfplan > plan.json`');
  });

  withTerraform('fails a plan that adds a qingcloud_instance beyond the headroom, naming it', async () => {
    const dir = path.join(tmp, 'full');
    const stackDir = await synth(dir, { LIMIT: '50', WORKERS: '8' }); // 8 into 8
    const plan = planJson(stackDir);
    const outdir = path.join(dir, 'cdktf.out');
    expect(cli('check', '--plan', plan, '--outdir', outdir).code).toBe(0);
    const more = edited(plan, 'more.json', (p) => {
      (p.resource_changes as object[]).push(BASTION_INSTANCE_CHANGE);
    });
    const r = cli('check', '--plan', more, '--outdir', outdir);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      'FAIL qingcloud-instances: the plan adds 9, but only 8 fit (others use 42, the stack holds 0, limit 50). Plan at most 8 (size with the headroom), free 1 first, or raise the quota to at least 51.',
    );
    expect(r.out).toContain('result: exit 2 (the plan does not fit qingcloud-instances)');
    expect(r.out).toContain('| -1 | `▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▞▞▞▞|` |'); // 9 past 8: the limit at the end of a 51-long bar
    const sarif = JSON.parse(cli('check', '--plan', more, '--outdir', outdir, '--format', 'sarif').out);
    expect(sarif.runs[0].results.map((x: { message: { text: string } }) => x.message.text)).toEqual([
      expect.stringContaining('qingcloud-instances: the plan adds 9, but only 8 fit'),
    ]);
    const junit = cli('check', '--plan', more, '--outdir', outdir, '--format', 'junit');
    expect(junit.out).toContain('failures="1"');
    expect(cli('check', '--plan', more, '--outdir', outdir, '--format', 'html').out).toContain('class="seg adds over"');
  });

  withTerraform('a re-synth of an applied stack plans no change, and check --plan passes with nothing added', async () => {
    const dir = path.join(tmp, 'applied');
    // Plain numbers, no lookup (test/examples/quota-aware-converges.test.ts runs this loop with one).
    const stackDir = await synth(dir, { LIMIT: '50', WORKERS: '2', PLAIN: '1' });
    planJson(stackDir);
    expect(terraform(stackDir, 'apply', '-input=false', '-no-color', 'plan.tfplan')).toMatchObject({ code: 0 });
    const first = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'headroom', 'report.json'), 'utf8')).run.id;
    await synth(dir, { LIMIT: '50', WORKERS: '2', PLAIN: '1' }); // a new run id in the variable's default
    const second = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'headroom', 'report.json'), 'utf8')).run.id;
    expect(second).not.toBe(first);
    const again = terraform(stackDir, 'plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.tfplan');
    expect(again).toMatchObject({ code: 0 }); // 0: no changes (2 would be a diff)
    expect(again.out).toContain('No changes.');
    const plan = planJson(stackDir);
    const r = cli('check', '--plan', plan, '--outdir', path.join(dir, 'cdktf.out'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('pass qingcloud-instances: the plan adds nothing; 8 fit (others use 42, the stack holds 0, limit 50); 8 left after the plan.');
  });

  describe('refuses a plan it cannot judge (exit 2, saying what to run)', () => {
    const dir = path.join(tmp, 'broken');
    let outdir = '';
    let runId = '';
    beforeAll(async () => {
      await synth(dir, { LIMIT: '50', WORKERS: '1' });
      outdir = path.join(dir, 'cdktf.out');
      runId = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8')).run.id;
    });
    /** A plan JSON of this run, written by hand in terraform's format, with `edit` applied. */
    function planFile(name: string, edit: (p: Record<string, unknown>) => void = () => undefined): string {
      const p: Record<string, unknown> = {
        format_version: '1.2',
        terraform_version: '1.11.4',
        variables: { headroom_synth_run: { value: runId }, headroom_stack: { value: 'workers' } },
        resource_changes: [],
      };
      edit(p);
      const file = path.join(dir, name);
      fs.writeFileSync(file, JSON.stringify(p));
      return file;
    }
    const refused = (file: string, message: string): void => {
      const r = cli('check', '--plan', file, '--outdir', outdir);
      expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: expect.stringContaining(message) });
      expect(r.out).toBe('result: exit 2 (the plan cannot be judged)\n');
    };

    it('passes the hand-written plan of this run that changes nothing', () => {
      const r = cli('check', '--plan', planFile('empty.json'), '--outdir', outdir);
      expect(r.code).toBe(0);
    });

    it('a missing file, and one that cannot be read', () => {
      const missing = path.join(dir, 'nope.json');
      refused(
        missing,
        `cannot read the plan JSON ${missing} (ENOENT). In the stack's folder (cdktf.out/stacks/<stack>), run \`terraform plan -out=plan.tfplan\``,
      );
      refused(dir, `cannot read the plan JSON ${dir} (EISDIR).`);
    });

    it('not JSON (the binary plan), a format_version of major 2, no format_version, no resource_changes', () => {
      const binary = path.join(dir, 'plan.tfplan');
      fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]));
      refused(binary, `${binary} is not JSON (`);
      refused(
        planFile('v2.json', (p) => (p.format_version = '2.0')),
        'has format_version "2.0"; this cdktf-headroom reads plan JSON of major version 1 (Terraform 1.x, OpenTofu 1.x).',
      );
      refused(
        planFile('v0.json', (p) => delete p.format_version),
        'has no format_version (got undefined), so it is not the JSON of a Terraform plan.',
      );
      refused(
        planFile('nochanges.json', (p) => delete p.resource_changes),
        'has no resource_changes, so it is not the JSON of a saved plan (`terraform show -json` of a state has none).',
      );
      refused(
        planFile('badchange.json', (p) => (p.resource_changes = [{ address: 'x.y' }])),
        'resource_changes[0] is not a resource change (address, mode, type and change.actions are required).',
      );
    });

    it('a plan of another run, and one without the run variables', () => {
      refused(
        planFile('other.json', (p) => (p.variables = { headroom_synth_run: { value: '20200101-000000-00000000' }, headroom_stack: { value: 'workers' } })),
        'is a plan of synth run 20200101-000000-00000000, but',
      );
      refused(
        planFile('novars.json', (p) => delete p.variables),
        'has no root variables headroom_synth_run and headroom_stack, so it is not a plan of a stack that a cdktf-headroom gate synthesized',
      );
    });

    it('a report written before check --plan existed (no headrooms)', () => {
      const old = path.join(dir, 'old-report.json');
      const report = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));
      delete report.headrooms;
      fs.writeFileSync(old, JSON.stringify(report));
      const r = cli('check', '--plan', planFile('ok.json'), '--report', old);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        'records no headrooms: it was written by a cdktf-headroom without `check --plan`. Synthesize again with this version, then plan again.',
      );
    });

    it('formats: junit and sarif only with --plan', () => {
      const r = cli('check', '--outdir', outdir, '--format', 'junit');
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        '--format "junit" is not a format check prints; use one of markdown, summary, json, html (default markdown); junit and sarif with --plan',
      );
    });
  });

  it('without a gate report, exits 2 naming the report it looked for', () => {
    const outdir = fs.mkdtempSync(path.join(tmp, 'noreport-'));
    const r = cli('check', '--plan', path.join(PLANS, 'providers.json'), '--outdir', outdir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no gate report at');
  });
});
