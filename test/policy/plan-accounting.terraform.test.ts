import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { accountPlan, PlanCounting } from '../../src/policy/plan-accounting';
import { Consumers } from '../../src/policy/plan-consumers';
import { parsePlan, PlanFile } from '../../src/policy/plan-file';
import { itWithTerraform, terraformIn } from '../_helpers/terraform';
import { useTempDir } from '../_helpers/temp-dir';

// The plan fixtures test/policy/plan-accounting.test.ts reads (terraform-data-create.json and
// terraform-data-changes.json, see test/_fixtures/plans/README.md) are written here again by the
// real terraform, from the configurations below: a plan of a fixture that no longer matches what
// Terraform writes for them fails this test. HEADROOM_WRITE_PLAN_FIXTURES=1 writes the fresh plans
// over the fixtures instead (when Terraform's format changes), formatted as the repository's
// prettier formats them.

const PLANS = path.join(__dirname, '..', '_fixtures', 'plans');
const WRITE_ENV = 'HEADROOM_WRITE_PLAN_FIXTURES';

/**
 * The configurations are Terraform's JSON syntax (`main.tf.json`), as cdktf writes a stack: the
 * plan's `configuration` shows an expression as the string it is there (`"${count.index == 0 ? 3 : 2}"`).
 * Each carries the root variables a synthesized stack has (src/policy/plan-run-variable.ts), so
 * parsePlan reads a stack and a run from the plans.
 */
const runVariables = (run: string) => ({ headroom_stack: { default: 'app' }, headroom_synth_run: { default: run } });

/** The module `net` and `nets` call: one resource of 5. */
const NET_MODULE = { resource: { terraform_data: { eip: { input: 5 } } } };

/** Both modules, in both configurations. */
const MODULES = { net: { source: './net' }, nets: { source: './net', for_each: { x: 1 } } };

/**
 * Creates every resource: terraform-data-create.json. `keyed` is replaced destroying first when
 * its triggers_replace changes (the default), `cbd` creating first; `unknown` is known only after
 * apply (the length of an id not yet drawn).
 */
const CREATE = {
  variable: runVariables('run-1'),
  resource: {
    terraform_data: {
      worker: { count: 3, input: 2 },
      keyed: { for_each: { a: 1, b: 1 }, input: 4, triggers_replace: 'v1' },
      cbd: { input: 6, triggers_replace: 'v1', lifecycle: { create_before_destroy: true } },
      gone: { input: 7 },
      unknown: { input: '${length(terraform_data.worker[0].id)}' },
    },
  },
  module: MODULES,
};

/**
 * Applied after CREATE: terraform-data-changes.json. worker[0] is updated (2 -> 3) and worker[2]
 * deleted by the lower count; keyed["a"] is replaced destroying first (4 -> 1), cbd creating
 * first (6 -> 9); gone is deleted (no configuration); keyed["b"], worker[1], unknown and both
 * modules' eip are unchanged.
 */
const CHANGES = {
  variable: runVariables('run-3'),
  resource: {
    terraform_data: {
      worker: { count: 2, input: '${count.index == 0 ? 3 : 2}' },
      keyed: { for_each: { a: 1, b: 1 }, input: '${each.key == "a" ? 1 : 4}', triggers_replace: '${each.key == "a" ? "v2" : "v1"}' },
      cbd: { input: 9, triggers_replace: 'v2', lifecycle: { create_before_destroy: true } },
      unknown: { input: '${length(terraform_data.worker[0].id)}' },
    },
  },
  module: MODULES,
};

/** The countings test/policy/plan-accounting.test.ts checks each fixture with, named for messages. */
const inputs = Consumers.ofType('terraform_data', { attribute: 'input' });
const COUNTINGS: Record<'create' | 'changes', Record<string, PlanCounting>> = {
  create: {
    'input attribute': { counts: [inputs], claims: [] },
    'quantity 1': { counts: [Consumers.ofType('terraform_data', { quantity: 1 })], claims: [] },
    'input up to 8': { counts: [Consumers.ofType('terraform_data', { attribute: 'input', upTo: 8 })], claims: [] },
    'a claim over a consumer': {
      counts: [Consumers.ofType('terraform_data')],
      claims: [{ address: 'terraform_data.worker', quantity: { kind: 'fixed', value: 2 } }],
    },
    'claims by address': {
      counts: [],
      claims: [
        { address: 'module.nets.terraform_data.eip', quantity: { kind: 'attribute', attribute: 'input' } },
        { address: 'terraform_data.worker[1]', quantity: { kind: 'fixed', value: 1 } },
        { address: 'terraform_data.keyed["b"]', quantity: { kind: 'fixed', value: 3 } },
      ],
    },
    'no match': { counts: [Consumers.qingcloudInstances()], claims: [] },
  },
  changes: {
    'input attribute': { counts: [inputs], claims: [] },
    'fixed quantity': { counts: [Consumers.ofType('terraform_data')], claims: [] },
  },
};

/** A plan JSON as `terraform show -json` writes it (the fields compared here). */
interface PlanJson {
  readonly terraform_version?: string;
  readonly timestamp?: string;
  readonly resource_changes: { address: string; change: { actions: string[] }; action_reason?: string }[];
  readonly prior_state?: { terraform_version?: string };
  readonly [field: string]: unknown;
}

/** A fixture or a fresh plan: its JSON, and the plan parsePlan reads from it. */
interface Plan {
  readonly json: PlanJson;
  readonly parsed: PlanFile;
}

function planOf(text: string, where: string): Plan {
  return { json: JSON.parse(text) as PlanJson, parsed: parsePlan(text, where) };
}

const fixture = (name: 'create' | 'changes') => planOf(fs.readFileSync(path.join(PLANS, `terraform-data-${name}.json`), 'utf8'), `terraform-data-${name}.json`);

/** [address, actions, action_reason] of every resource change, in the plan's order. */
const changeRows = (p: Plan) => p.json.resource_changes.map((c) => [c.address, c.change.actions.join(','), c.action_reason ?? null]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `value` without what differs from run to run: when the plan was written (`timestamp`), by
 * which terraform (`terraform_version`, also in `prior_state`; `terraformVersion` parsed), and
 * the ids terraform_data draws at apply (UUIDs, each replaced by `<id n>` in the order met: the
 * same id in two places stays the same, so an update keeping its id and a replacement drawing
 * a new one still differ).
 */
function stable(value: unknown): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(value, (key, v: unknown) => {
    if (key === 'timestamp' || key === 'terraform_version' || key === 'terraformVersion') return undefined;
    if (typeof v === 'string' && UUID.test(v)) {
      if (!ids.has(v)) ids.set(v, `<id ${ids.size + 1}>`);
      return ids.get(v);
    }
    return v;
  });
  return JSON.parse(text) as unknown;
}

describe('the terraform_data plan fixtures, written again by the real terraform (test/_fixtures/plans/README.md)', () => {
  jest.setTimeout(180_000);
  const tmp = useTempDir('headroom-plan-fixtures-');
  const withTerraform = itWithTerraform();
  const dir = path.join(tmp, 'stack');

  const terraform = (...args: string[]) => {
    const run = terraformIn(dir, tmp, ...args);
    if (run.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${run.code}:\n${run.out}`);
    return run;
  };
  /** Plans the configuration in `dir` into a saved plan `name.tfplan`, and returns its `terraform show -json`. */
  const planAndShow = (name: string): Plan => {
    terraform('plan', '-input=false', '-no-color', '-lock=false', `-out=${name}.tfplan`);
    return planOf(terraform('show', '-json', '-no-color', `${name}.tfplan`).stdout, `fresh ${name} plan`);
  };

  let fresh: { create: Plan; changes: Plan } | Error | undefined;
  /** Both plans, written once for the file: CREATE planned, applied, then CHANGES planned (a failure, once, fails every test). */
  function freshPlans(): { create: Plan; changes: Plan } {
    if (fresh === undefined) {
      try {
        fresh = writePlans();
      } catch (e) {
        fresh = e instanceof Error ? e : new Error(String(e));
      }
    }
    if (fresh instanceof Error) throw fresh;
    return fresh;
  }

  function writePlans(): { create: Plan; changes: Plan } {
    fs.mkdirSync(path.join(dir, 'net'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'net', 'main.tf.json'), JSON.stringify(NET_MODULE, null, 2));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(CREATE, null, 2));
    terraform('init', '-input=false', '-no-color');
    const create = planAndShow('create');
    terraform('apply', '-input=false', '-no-color', '-lock=false', 'create.tfplan');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(CHANGES, null, 2));
    const plans = { create, changes: planAndShow('changes') };
    if (process.env[WRITE_ENV] === '1') writeFixtures(plans);
    return plans;
  }

  /** Writes the fresh plans over the fixtures, indented and then formatted by the repository's prettier (as `npm run format:check` wants). */
  function writeFixtures(plans: { create: Plan; changes: Plan }): void {
    const files = (['create', 'changes'] as const).map((name) => {
      const file = path.join(PLANS, `terraform-data-${name}.json`);
      fs.writeFileSync(file, `${JSON.stringify(plans[name].json, null, 2)}\n`); // one field a line, as prettier then keeps objects
      return file;
    });
    const prettier = spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', ...files], { encoding: 'utf8' });
    if (prettier.status !== 0) throw new Error(`prettier --write exited ${prettier.status}: ${prettier.stderr}`);
    console.warn(`${WRITE_ENV}=1: wrote ${files.join(' and ')} from the fresh plans; review the diff and commit it.`);
  }

  describe.each(['create', 'changes'] as const)('the %s plan', (name) => {
    withTerraform('has the resource changes of the fixture: each address, its actions and its action_reason', () => {
      expect(changeRows(freshPlans()[name])).toEqual(changeRows(fixture(name)));
    });

    // plan-accounting.test.ts pins what each counting gives on the fixture; here the fresh plan must give the same.
    withTerraform('is accounted as the fixture is, by every counting plan-accounting.test.ts checks it with', () => {
      const plan = freshPlans()[name];
      for (const [counting, c] of Object.entries(COUNTINGS[name])) {
        expect({ counting, accounting: accountPlan(c, plan.parsed.changes) }).toEqual({ counting, accounting: accountPlan(c, fixture(name).parsed.changes) });
      }
      // format_version, the stack and run variables, every change as parsePlan reads it
      expect(stable(plan.parsed)).toEqual(stable(fixture(name).parsed));
    });

    withTerraform('equals the fixture in every field but the timestamp, the terraform version and the ids drawn at apply', () => {
      const plan = freshPlans()[name].json;
      const written = fixture(name).json;
      if (plan.terraform_version !== written.terraform_version) {
        console.warn(
          `terraform ${plan.terraform_version} wrote the fresh ${name} plan, ${written.terraform_version} the fixture: a difference may be the version's (${WRITE_ENV}=1 writes the fixtures again).`,
        );
      }
      expect(stable(plan)).toEqual(stable(written));
    });
  });
});
