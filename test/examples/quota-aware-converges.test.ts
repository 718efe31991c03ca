// The main example near its limit, run as a user runs it: synth (node main.js, as `cdktf
// synth` does), real `terraform init` / `plan` / `apply`, the cloud then counts the
// stack's workers in its resource group, and the next synth sizes the same and plans no
// change. Before `held`, the second synth sized 0 workers and the plan destroyed them all.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { useFakeCloud } from '../_helpers/fake-cloud';
import { itWithTool, toolRuns } from '../_helpers/tools';
import { BASTION_INSTANCE_CHANGE, synthAsCdktf, terraformIn } from '../_helpers/terraform';

const MAIN = path.join(__dirname, '..', '..', 'examples', 'quota-aware', 'main.js'); // compiled by `npm run build`
const CLI = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.js');

describe('examples/quota-aware converges under real Terraform', () => {
  jest.setTimeout(180_000);
  const cloud = useFakeCloud();
  const withTerraform = itWithTool('terraform', toolRuns('terraform', ['version']));
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-converge-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stackDir = () => path.join(dir, 'cdktf.out', 'stacks', 'quota-aware');

  /** Synthesizes the example in `dir` against the fake cloud; returns the workers it sized. */
  async function synth(env: Record<string, string> = {}): Promise<number> {
    expect(await synthAsCdktf(MAIN, dir, { ...cloud().env(), INSTANCE_LIMIT: '50', DESIRED_WORKERS: '12', ...env })).toEqual({ code: 0, stderr: '' });
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir(), 'cdk.tf.json'), 'utf8'));
    const workers = Object.keys(tf.resource.terraform_data).filter((k) => k.startsWith('worker-'));
    expect(tf.output.workers.value.created).toBe(workers.length);
    return workers.length;
  }

  /** terraform in the stack's folder; `-input=false` where the command takes it. */
  const terraform = (command: string, ...args: string[]) =>
    terraformIn(stackDir(), dir, command, ...(command === 'show' ? [] : ['-input=false']), '-no-color', ...args);

  /** `terraform show -json` of plan.bin (unless `show` is false: plan.json as it is), then `cdktf-headroom check --plan` on it, as a pipeline runs them. */
  function checkPlan(show = true): { code: number | null; out: string } {
    if (show) {
      const json = terraform('show', '-json', 'plan.bin');
      expect(json.code).toBe(0);
      fs.writeFileSync(path.join(stackDir(), 'plan.json'), json.stdout);
    }
    const r = spawnSync(process.execPath, [CLI, 'check', '--plan', path.join(stackDir(), 'plan.json'), '--outdir', path.join(dir, 'cdktf.out')], {
      encoding: 'utf8',
      env: { ...process.env, HEADROOM_FAIL_ON_WARNINGS: '' },
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  }

  /** The cloud now runs `n` workers in the stack's resource group (what an apply of real instances leaves). */
  const cloudRunsWorkers = (n: number) =>
    cloud().updateData((d) => {
      d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows.push(fakeQingCloudRow('rg-workers', n));
    });

  withTerraform('sizes 8 workers, applies them, then sizes 8 again and plans no change once the cloud counts them', async () => {
    // Others run 42 of 50: the stack may hold 8 of the 12 it wants.
    expect(await synth()).toBe(8);
    expect(terraform('init')).toMatchObject({ code: 0 });
    const first = terraform('plan', '-detailed-exitcode', '-out=plan.bin');
    expect(first.out).toContain('Plan: 9 to add, 0 to change, 0 to destroy.'); // 8 workers and the gate's check
    expect(first.code).toBe(2);
    const judged = checkPlan();
    expect(judged.out).toContain('pass qingcloud instances: the plan adds 8; 8 fit (others use 42, the stack holds 0, limit 50); 0 left after the plan.');
    expect(judged.code).toBe(0);
    // The same plan with a bastion the sizing did not count: one instance past the headroom.
    const plan = JSON.parse(fs.readFileSync(path.join(stackDir(), 'plan.json'), 'utf8'));
    plan.resource_changes.push(BASTION_INSTANCE_CHANGE);
    fs.writeFileSync(path.join(stackDir(), 'plan.json'), JSON.stringify(plan));
    const bastion = checkPlan(false);
    expect(bastion.out).toContain('FAIL qingcloud instances: the plan adds 9, but only 8 fit');
    expect(bastion.code).toBe(2);
    expect(terraform('apply', 'plan.bin')).toMatchObject({ code: 0 });

    await cloudRunsWorkers(8); // the cloud counts 50 now, 8 of them the stack's own
    for (let run = 0; run < 2; run++) {
      expect(await synth()).toBe(8);
      expect(terraform('init')).toMatchObject({ code: 0 });
      const again = terraform('plan', '-detailed-exitcode', '-out=plan.bin');
      expect(again.out).toContain('No changes.');
      expect(again.code).toBe(0);
      const rejudged = checkPlan();
      expect(rejudged.out).toContain(
        'pass qingcloud instances: the plan adds nothing; 0 fit (others use 42, the stack holds 8, limit 50); 0 left after the plan.',
      );
      expect(rejudged.code).toBe(0);
    }
  });

  withTerraform('shrinks by what others take, never by what the stack itself runs', async () => {
    expect(await synth()).toBe(8);
    expect(terraform('init')).toMatchObject({ code: 0 });
    expect(terraform('apply', '-auto-approve')).toMatchObject({ code: 0 });
    await cloudRunsWorkers(8);
    // Another team starts 3 more instances: the stack may hold 5 now, and destroys 3.
    await cloud().updateData((d) => {
      d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows.push(fakeQingCloudRow('rg-other-team', 3));
    });
    expect(await synth()).toBe(5);
    expect(terraform('init')).toMatchObject({ code: 0 });
    expect(terraform('plan').out).toContain('Plan: 0 to add, 0 to change, 3 to destroy.');
  });
});
