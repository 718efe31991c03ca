// Quota-aware provisioning: look up how many instances a QingCloud project already
// runs, and create only as many workers as fit under the instance limit; a gate
// records the verdict (and stops synth, and the plan, if the quota were short).
//
// Run it against the bundled fake cloud with `npm run example` (from the repository
// root), or against QingCloud with your keys in QINGCLOUD_ACCESS_KEY/QINGCLOUD_SECRET_KEY.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Gate, Headroom, ProjectResourceStat, Rule } from 'cdktf-headroom';

/** What this example needs to know; each can be set in the environment. */
const settings = {
  consoleId: process.env.QINGCLOUD_CONSOLE_ID ?? 'alphacloud',
  projectId: process.env.QINGCLOUD_PROJECT_ID ?? 'pj-xzvlxlb5',
  owner: process.env.QINGCLOUD_OWNER ?? 'usr-WantwZJ8',
  instanceLimit: Number(process.env.INSTANCE_LIMIT ?? 50),
  desiredWorkers: Number(process.env.DESIRED_WORKERS ?? 12),
  vcpuLimit: Number(process.env.VCPU_LIMIT ?? 200),
};

class WorkersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NullProvider(this, 'null');

    const usage = new ProjectResourceStat(this, 'usage', {
      consoleId: settings.consoleId,
      projectId: settings.projectId,
      owner: settings.owner,
    });

    // Plain numbers: branch on them like any other value.
    const headroom = Math.max(0, settings.instanceLimit - usage.totals.instanceCount);
    const workers = Math.min(settings.desiredWorkers, headroom);

    const created = [];
    for (let i = 0; i < workers; i++) {
      created.push(new Resource(this, `worker-${i}`, { triggers: { index: String(i) } }));
    }

    // The verdict: the workers fit in the headroom, and vCPU use stays below 80% (warn)
    // and 90% (fail). `npm run example` prints it from cdktf.out/headroom/report.json.
    const gate = new Gate(this, 'quota', {
      rules: [
        Rule.fits('qingcloud-instances', Headroom.of({ used: () => usage.totals.instanceCount, limit: settings.instanceLimit, source: usage }), {
          need: workers,
        }),
        Rule.utilization('qingcloud-vcpus', { used: () => usage.totals.vcpusCount, limit: settings.vcpuLimit, source: usage }, { warnAt: 0.8, failAt: 0.9 }),
      ],
      enforceAtPlan: true,
    });
    gate.protect(...created);
    new TerraformOutput(this, 'workers', {
      value: { desired: settings.desiredWorkers, created: workers, instancesInUse: usage.totals.instanceCount, limit: settings.instanceLimit },
    });
  }
}

const app = new App();
new WorkersStack(app, 'quota-aware');
app.synth();
