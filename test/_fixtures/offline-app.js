// A cdktf app that test/lookups/batch/credentials.offline.test.ts runs in a child
// process, as `cdktf synth` would (node main.js), with no credential in its environment:
// one lookup construct (argv[2]: qingcloud, ucloud or huaweicloud) with the same query
// as test/_helpers/lookup-subjects.ts, synthesized into $OUTDIR. The construct relies on
// its cloud's chain (no credentials prop). Prints what it read as one JSON line.
const { App, TerraformStack } = require('cdktf');
const { EipBandwidthUsage, ProjectResourceStat, QuotaDetail } = require('../../lib'); // compiled by `npm run build`

const app = new App({ outdir: process.env.OUTDIR });
const stack = new TerraformStack(app, 'offline');
let read;
switch (process.argv[2]) {
  case 'qingcloud': {
    const s = new ProjectResourceStat(stack, 'lookup', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
    read = () => ({ value: s.totals.instanceCount, fetchedAt: s.fetchedAt });
    break;
  }
  case 'ucloud': {
    const bw = new EipBandwidthUsage(stack, 'lookup', { region: 'cn-bj2' });
    read = () => ({ value: bw.totalCount, fetchedAt: bw.fetchedAt });
    break;
  }
  case 'huaweicloud': {
    const hss = new QuotaDetail(stack, 'lookup', { enterpriseProjectId: 'all_granted_eps' });
    read = () => ({ value: hss.totalNum, fetchedAt: hss.fetchedAt });
    break;
  }
  default:
    throw new Error(`usage: node offline-app.js qingcloud|ucloud|huaweicloud; got ${process.argv[2]}`);
}
const seen = read();
app.synth();
process.stdout.write(`${JSON.stringify(seen)}\n`);
