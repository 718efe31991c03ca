import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthAsCdktf, terraformIn, useTerraformTests } from '../_helpers/terraform';

const APP = path.join(__dirname, '..', '_fixtures', 'gate-app.js');

// Real `terraform init` + `terraform plan` on what a gate synthesizes with
// planCheckResource: 'terraform_data' (built in: no provider to download). The
// null_resource variant gives the same preconditions (test/policy/gate.test.ts).
describe('a plan-time gate under real Terraform', () => {
  const { cloud, tmp, withTerraform } = useTerraformTests('headroom-plan-', 120_000);

  /** Synthesizes the fixture app as `cdktf synth` runs it; returns the stack folder. */
  async function synth(name: string, env: Record<string, string>): Promise<string> {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true }); // a second synth in the same folder re-synthesizes
    const { code, stderr } = await synthAsCdktf(APP, dir, { ...cloud().env(), PLAN: 'terraform_data', ENFORCE_AT_SYNTH: 'false', ...env });
    expect(code).toBe(0);
    // Nothing but the line a violation that synth leaves to the plan prints.
    for (const line of stderr.split('\n').filter(Boolean)) {
      expect(line).toMatch(
        /^cdktf-headroom: violation of rule "instances" \(gate workers\/quota\), not enforced at synth \(enforceAtSynth: false; the gate's plan-time check stops `terraform plan`\): /,
      );
    }
    return path.join(dir, 'cdktf.out', 'stacks', 'workers');
  }

  const terraform = (dir: string, ...args: string[]) => terraformIn(dir, tmp, ...args);

  function initAndPlan(dir: string): { code: number | null; out: string } {
    const init = terraform(dir, 'init', '-input=false', '-no-color');
    expect(init).toMatchObject({ code: 0 });
    return terraform(dir, 'plan', '-input=false', '-no-color', '-lock=false', '-refresh=false');
  }

  withTerraform('plans a passing gate with the workers after the check, which holds no input', async () => {
    const dir = await synth('pass', { LIMIT: '50', NEED: '3' }); // 42 of 50 used: 8 fit
    const plan = initAndPlan(dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    // The numbers live in a local value only: nothing of them is an attribute of the check.
    expect(plan.out).not.toMatch(/observed/);
    const graph = terraform(dir, 'graph', '-type=plan');
    expect(graph.code).toBe(0);
    const check = /"\[root\] (terraform_data\.quota_plan-check_[0-9A-F]+) \(expand\)"/.exec(graph.out)?.[1];
    expect(check).toBeDefined();
    for (const i of [0, 1, 2]) expect(graph.out).toContain(`"[root] terraform_data.worker-${i} (expand)" -> "[root] ${check} (expand)"`);
  });

  withTerraform("fails the plan of a failing gate with the rule's message and both numbers", async () => {
    const dir = await synth('fail', { LIMIT: '44', NEED: '4' }); // 42 of 44 used: 2 fit
    const plan = initAndPlan(dir);
    expect(plan.code).toBe(1);
    expect(plan.out).toContain('Error: Resource precondition failed');
    expect(plan.out).toMatch(/│ local\.quota_plan-values_[0-9A-F]+\["instances"\]\.bound is 4/);
    expect(plan.out).toMatch(/│ local\.quota_plan-values_[0-9A-F]+\["instances"\]\.observed is 2/);
    expect(plan.out.replace(/\s+/g, ' ')).toContain(
      'Gate workers/quota, rule instances: needs 4 but only 2 fit (42 of 44 used). Create at most 2 more, free 2, or raise the quota to at least 46.',
    );
  });

  withTerraform('compares what the stack may hold with its total for Rule.fits({ total })', async () => {
    // 42 used, 2 of them held by the stack: 40 by others; limit 44, so the stack may hold 4.
    const pass = initAndPlan(await synth('total-pass', { LIMIT: '44', HELD: '2', TOTAL: '4' }));
    expect(pass.code).toBe(0);
    expect(pass.out).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    const fail = initAndPlan(await synth('total-fail', { LIMIT: '44', HELD: '2', TOTAL: '5' }));
    expect(fail.code).toBe(1);
    expect(fail.out).toMatch(/│ local\.quota_plan-values_[0-9A-F]+\["instances"\]\.bound is 5/);
    expect(fail.out).toMatch(/│ local\.quota_plan-values_[0-9A-F]+\["instances"\]\.observed is 4/);
    expect(fail.out.replace(/\s+/g, ' ')).toContain(
      'Gate workers/quota, rule instances: a total of 5 does not fit: the stack may hold at most 4 (limit 44, 40 used by others; the stack holds 2 now).',
    );
  });

  withTerraform('plans a failing rule that is suppressed', async () => {
    const dir = await synth('suppressed', { LIMIT: '44', NEED: '4', SUPPRESS: 'instances' });
    const plan = initAndPlan(dir);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
  });

  withTerraform('plans no change when a deployed stack is re-synthesized with other passing numbers, and still fails a rule that stops passing', async () => {
    const dir = await synth('converge', { LIMIT: '50', NEED: '3' }); // 42 of 50 used: 8 fit
    expect(initAndPlan(dir).code).toBe(0);
    const apply = terraform(dir, 'apply', '-input=false', '-no-color', '-auto-approve', '-refresh=false');
    expect(apply).toMatchObject({ code: 0 });

    // Someone raised the quota: the observed numbers change, the stack does not.
    await synth('converge', { LIMIT: '60', NEED: '3' });
    expect(terraform(dir, 'init', '-input=false', '-no-color')).toMatchObject({ code: 0 });
    const same = terraform(dir, 'plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode');
    expect(same.out).toContain('No changes.');
    expect(same.code).toBe(0);

    // The quota shrank below what the stack adds: the check itself is unchanged, yet its
    // precondition is checked on this plan too and stops it.
    await synth('converge', { LIMIT: '44', NEED: '3' }); // 2 fit
    expect(terraform(dir, 'init', '-input=false', '-no-color')).toMatchObject({ code: 0 });
    const fail = terraform(dir, 'plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode');
    expect(fail.code).toBe(1);
    expect(fail.out.replace(/\s+/g, ' ')).toContain('Gate workers/quota, rule instances: needs 3 but only 2 fit (42 of 44 used).');
  });
});
