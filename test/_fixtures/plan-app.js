// A cdktf app for `cdktf-headroom check --plan`, that tests run in a child process as
// `cdktf synth` runs an app (node plan-app.js, with CDKTF_OUTDIR set). It looks up the fake
// cloud's QingCloud project (42 instances) and sizes terraform_data workers, which it
// claims for the instance headroom; the headroom also counts the plan's qingcloud_instance
// resources (Consumers.qingcloudInstances()).
//
// Settings (environment):
//   LIMIT    instance limit (default 50)
//   WORKERS  how many workers (default 3)
//   STACK    the stack's name (default workers)
//   PLAIN=1  no lookup: the headroom reads 42 as a plain number (a lookup's output carries
//            when it was fetched, which changes on every synth)
const { App, DataResource, TerraformStack } = require('cdktf');
const { Consumers, Gate, Headroom, ProjectResourceStat, Rule } = require('../../lib'); // compiled by `npm run build`

const env = process.env;
const app = new App();
const stack = new TerraformStack(app, env.STACK ?? 'workers');
const usage =
  env.PLAIN === '1' ? undefined : new ProjectResourceStat(stack, 'usage', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
const workers = Number(env.WORKERS ?? 3);
const instances = Headroom.of({
  name: 'qingcloud-instances',
  used: usage ? () => usage.totals.instanceCount : 42,
  limit: Number(env.LIMIT ?? 50),
  ...(usage ? { source: usage } : {}),
  counts: [Consumers.qingcloudInstances()],
});
const worker = new DataResource(stack, 'worker', { count: workers, input: 1 });
instances.claim(worker, { quantity: 1 });
const gate = new Gate(stack, 'quota', {
  rules: [Rule.fits('instances', instances, { need: workers })],
  enforceAtPlan: true,
  planCheckResource: 'terraform_data',
});
gate.protect(worker);
app.synth();
