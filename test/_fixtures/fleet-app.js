// A cdktf app that test/lookups/record/postgres/store.test.ts runs several times at once, in
// child processes, as a fleet of pipelines would: the three lookups of the fake cloud's
// default data (one per cloud), read and synthesized into $OUTDIR. The mode, the shared
// record and the credentials come from the environment. Prints, as one JSON line, what
// it read and how (from the cloud or from the record).
const { App, TerraformStack } = require('cdktf');
const { EipBandwidthUsage, ProjectResourceStat, QuotaDetail } = require('../../lib'); // compiled by `npm run build`
const { LookupEngine } = require('../../lib/lookups/batch/engine'); // internal: not in the public surface

const app = new App({ outdir: process.env.OUTDIR });
const stack = new TerraformStack(app, 'fleet');
const q = new ProjectResourceStat(stack, 'qingcloud', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
const u = new EipBandwidthUsage(stack, 'ucloud', { region: 'cn-bj2' });
const h = new QuotaDetail(stack, 'huaweicloud', { enterpriseProjectId: 'all_granted_eps' });
const values = { qingcloud: q.totals.instanceCount, ucloud: u.totalCount, huaweicloud: h.totalNum };
app.synth();
process.stdout.write(`${JSON.stringify({ values, stats: LookupEngine.of(app).recordStats })}\n`);
