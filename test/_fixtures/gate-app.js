// A cdktf app with a quota gate, that tests run in a child process as `cdktf synth`
// runs an app (node main.js, with CDKTF_OUTDIR set), or through `cdktf synth` itself.
// It looks up the fake cloud's QingCloud project (42 instances) and gates on it.
//
// Settings (environment):
//   LIMIT             instance limit (default 50); NEED workers wanted (default 4)
//   READ_FIRST=1      read usage.totals.instanceCount before any gate exists, as a
//                     quota-aware stack does (a failed lookup then stops the app there)
//   WARN_MBPS         add a warning rule: 95 Mbps at most WARN_MBPS
//   SECOND_STACK=1    a second stack with its own gate (LIMIT2, default 100)
//   CRASH=resolve     a value that throws while the stack is written, after the gates
//                     were checked; CRASH=after: the app throws after app.synth()
//   PLAN=null_resource|terraform_data  enforce the gate at plan time with that resource
//   ENFORCE_AT_SYNTH=false             leave enforcement to the plan
//   SUPPRESS=<id>     suppress that rule id on the stack
//   HELD              the stack's own share of the 42 instances (default 0)
//   TOTAL             gate on Rule.fits({ total: TOTAL }) instead of { need: NEED }; TOTAL workers
const { App, DataResource, Lazy, TerraformOutput, TerraformStack } = require('cdktf');
const { Gate, Headroom, ProjectResourceStat, Rule, Suppressions } = require('../../lib'); // compiled by `npm run build`

const env = process.env;
const app = new App();

function gatedStack(id, limit) {
  const stack = new TerraformStack(app, id);
  const usage = new ProjectResourceStat(stack, 'usage', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
  let need = Number(env.NEED ?? 4);
  if (env.READ_FIRST === '1') need = Math.min(need, Math.max(0, limit - usage.totals.instanceCount));
  if (env.TOTAL) need = Number(env.TOTAL);
  const headroom = Headroom.of({ used: () => usage.totals.instanceCount, held: Number(env.HELD ?? 0), limit, source: usage });
  const rules = [Rule.fits('instances', headroom, env.TOTAL ? { total: need } : { need })];
  if (env.WARN_MBPS) rules.push(Rule.atMost('eip-mbps', 95, Number(env.WARN_MBPS), { level: 'warning' }));
  const gate = new Gate(stack, 'quota', {
    rules,
    ...(env.PLAN ? { enforceAtPlan: true, planCheckResource: env.PLAN } : {}),
    ...(env.ENFORCE_AT_SYNTH === 'false' ? { enforceAtSynth: false } : {}),
  });
  if (env.SUPPRESS) Suppressions.of(stack).add(env.SUPPRESS, { reason: 'accepted in ticket OPS-1 for this test' });
  if (env.PLAN === 'terraform_data') {
    const workers = Array.from({ length: need }, (_, i) => new DataResource(stack, `worker-${i}`, { input: i }));
    gate.protect(...workers);
  }
  return stack;
}

const first = gatedStack('workers', Number(env.LIMIT ?? 50));
if (env.SECOND_STACK === '1') gatedStack('second', Number(env.LIMIT2 ?? 100));
if (env.CRASH === 'resolve') {
  new TerraformOutput(first, 'broken', {
    value: Lazy.stringValue({
      produce: () => {
        throw new Error('the broken output could not be resolved');
      },
    }),
  });
}
app.synth();
if (env.CRASH === 'after') throw new Error('the app failed after synth');
