// A plan pipeline's quota gate: look up what a QingCloud project already runs, create
// as many workers as fit (quota-aware provisioning), and declare a gate that stops the
// pipeline when even the minimum does not fit.
//
// `ci.sh` is what a CI job runs: `cdktf synth`, then `cdktf-headroom check`. Run it
// against the bundled fake cloud with `npm run example:ci-gate` (from the repository
// root), or against QingCloud with your keys in QINGCLOUD_ACCESS_KEY/QINGCLOUD_SECRET_KEY.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Gate, Headroom, ProjectResourceStat, Rule } from 'cdktf-headroom';

/** A number from the environment, or the default; anything else stops synth with a clear message. */
function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0; got ${JSON.stringify(raw)}`);
  return value;
}

/** What this example needs to know; each can be set in the environment. */
const settings = {
  consoleId: process.env.QINGCLOUD_CONSOLE_ID ?? 'alphacloud',
  projectId: process.env.QINGCLOUD_PROJECT_ID ?? 'pj-xzvlxlb5',
  owner: process.env.QINGCLOUD_OWNER ?? 'usr-WantwZJ8',
  instanceLimit: setting('INSTANCE_LIMIT', 50),
  vcpuLimit: setting('VCPU_LIMIT', 200),
  desiredWorkers: setting('DESIRED_WORKERS', 6),
  minimumWorkers: setting('MIN_WORKERS', 4),
  vcpusPerWorker: 2,
  eipBandwidthBudgetMbps: setting('EIP_BANDWIDTH_BUDGET_MBPS', 150),
};

class GatedWorkersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NullProvider(this, 'null');

    const usage = new ProjectResourceStat(this, 'usage', {
      consoleId: settings.consoleId,
      projectId: settings.projectId,
      owner: settings.owner,
    });

    // Quota-aware provisioning: as many workers as fit, up to the desired count. On a
    // failed lookup availableOr(0) creates none, and the gate below says why.
    const instances = Headroom.of({ name: 'QingCloud instances', used: () => usage.totals.instanceCount, limit: settings.instanceLimit, source: usage });
    const workers = Math.min(settings.desiredWorkers, instances.availableOr(0));

    const gate = new Gate(this, 'quota', {
      enforceAtPlan: true,
      rules: [
        Rule.fits('qingcloud-instances', instances, {
          need: settings.minimumWorkers,
          description: `the minimum of ${settings.minimumWorkers} workers fits under ${settings.instanceLimit} instances`,
          fix: `Free instances in project ${settings.projectId}, or ask for an instance quota above ${settings.instanceLimit}.`,
        }),
        Rule.utilization(
          'vcpus-after-deploy',
          {
            name: 'QingCloud vCPUs after this deploy',
            used: () => usage.totals.vcpusCount + workers * settings.vcpusPerWorker,
            limit: settings.vcpuLimit,
            source: usage,
          },
          { warnAt: 0.8, failAt: 0.95 },
        ),
        Rule.atMost('eip-bandwidth-mbps', () => usage.totals.eipBandwidth, settings.eipBandwidthBudgetMbps, { level: 'warning', source: usage }),
      ],
    });

    const created = Array.from({ length: workers }, (_, i) => new Resource(this, `worker-${i}`, { triggers: { index: String(i) } }));
    gate.protect(...created); // `terraform plan` stops at the gate's preconditions before planning them

    new TerraformOutput(this, 'workers', {
      value: { desired: settings.desiredWorkers, minimum: settings.minimumWorkers, created: workers, instanceLimit: settings.instanceLimit },
    });
  }
}

const app = new App();
new GatedWorkersStack(app, 'ci-gate');
app.synth();
