// Quota-aware provisioning: look up how many instances a QingCloud project already
// runs, and create only as many workers as fit under the instance limit; a gate
// records the verdict (and stops synth, and the plan, if the quota were short).
//
// The workers this stack already runs (those in its resource group) are its own share
// of the usage (`held`): it sizes its total by what others leave it (`mayHold`), so
// synthesizing it again after a deploy sizes the same instead of flapping (docs/sizing.md).
// The workers are terraform_data stand-ins (built into Terraform: `terraform init` needs
// no provider download), so the stack plans and applies anywhere.
//
// Run it against the bundled fake cloud with `npm run example` (from the repository
// root), or against QingCloud with your keys in QINGCLOUD_ACCESS_KEY/QINGCLOUD_SECRET_KEY.
import { App, DataResource, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Consumers, Gate, Headroom, ProjectResourceStat, Rule } from 'cdktf-headroom';

/** What this example needs to know; each can be set in the environment. */
const settings = {
  consoleId: process.env.QINGCLOUD_CONSOLE_ID ?? 'alphacloud',
  projectId: process.env.QINGCLOUD_PROJECT_ID ?? 'pj-xzvlxlb5',
  owner: process.env.QINGCLOUD_OWNER ?? 'usr-WantwZJ8',
  /** The resource group this stack's workers run in: what the cloud counts there is the stack's own. */
  resourceGroup: process.env.QINGCLOUD_RESOURCE_GROUP ?? 'rg-workers',
  instanceLimit: Number(process.env.INSTANCE_LIMIT ?? 50),
  desiredWorkers: Number(process.env.DESIRED_WORKERS ?? 12),
  vcpuLimit: Number(process.env.VCPU_LIMIT ?? 200),
};

class WorkersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const usage = new ProjectResourceStat(this, 'usage', {
      consoleId: settings.consoleId,
      projectId: settings.projectId,
      owner: settings.owner,
    });

    // Plain numbers: branch on them like any other value. `held` is what the stack already
    // runs, so `mayHold` (limit - what others use) is the total it may hold.
    const instances = Headroom.of({
      name: 'qingcloud instances',
      used: usage.totals.instanceCount,
      held: usage.resourceGroups([settings.resourceGroup]).instanceCount,
      limit: settings.instanceLimit,
      source: usage,
      // What counts toward it in a plan, for `cdktf-headroom check --plan` (docs/plan-pipelines.md):
      // any qingcloud_instance, and the workers (stand-ins here) claimed below.
      counts: [Consumers.qingcloudInstances()],
    });
    // `mayHoldOr(0)`: nothing is created when the lookup failed, and the gate reports the failure.
    const workers = Math.min(settings.desiredWorkers, instances.mayHoldOr(0));

    const created = [];
    for (let i = 0; i < workers; i++) {
      created.push(new DataResource(this, `worker-${i}`, { input: { index: i, resourceGroup: settings.resourceGroup } }));
    }

    // The verdict: the workers (the stack's total, not an addition) fit, and vCPU use stays
    // below 80% (warn) and 90% (fail). `npm run example` prints it from cdktf.out/headroom/report.json.
    const gate = new Gate(this, 'quota', {
      rules: [
        Rule.fits('qingcloud-instances', instances, { total: workers }),
        Rule.utilization('qingcloud-vcpus', { used: () => usage.totals.vcpusCount, limit: settings.vcpuLimit, source: usage }, { warnAt: 0.8, failAt: 0.9 }),
      ],
      enforceAtPlan: true,
    });
    gate.protect(...created);
    for (const worker of created) instances.claim(worker); // 1 instance each
    // Only what the stack decided: an output that changes with others' usage would make
    // every plan non-empty. What the lookup saw is in the variable headroom_usage.
    new TerraformOutput(this, 'workers', {
      value: { desired: settings.desiredWorkers, created: workers, limit: settings.instanceLimit },
    });
  }
}

const app = new App();
new WorkersStack(app, 'quota-aware');
app.synth();
