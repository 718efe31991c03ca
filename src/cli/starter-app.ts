// The starter app: the files `cdktf-headroom init` writes, and the ones docs/getting-started.md
// shows in full (a test keeps the two equal, and synthesizes them from the packed library).

/** The frameworks a starter app can be made for. */
export const STARTER_FRAMEWORKS = ['cdktf', 'cdktn'] as const;

/** `cdktf` (cdktf 0.21, synthesized by cdktf-cli) or `cdktn` (cdktn 0.24, synthesized by cdktn-cli on Node 22.19+). */
export type StarterFramework = (typeof STARTER_FRAMEWORKS)[number];

/** What differs between the two starter apps. */
const FRAMEWORKS: Record<StarterFramework, { readonly deps: Record<string, string>; readonly cli: Record<string, string> }> = {
  cdktf: { deps: { cdktf: '^0.21.0', constructs: '^10.4.2' }, cli: { 'cdktf-cli': '^0.21.0' } },
  // cdktn 0.24 wants constructs >=10.6.0 <10.8.0; its CLI needs Node 22.19 or later.
  cdktn: { deps: { cdktn: '^0.24.0', constructs: '>=10.6.0 <10.8.0' }, cli: { 'cdktn-cli': '^0.24.0' } },
};

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function mainTs(framework: StarterFramework): string {
  return `// A stack that reads cloud quota and usage while it is synthesized, sizes what it builds
// to the headroom left, and has a gate that stops synth when a rule fails.
// The ids below are the fake cloud's (\`npx cdktf-headroom fake-cloud\`): use yours for a real cloud.
import { App, DataResource, TerraformOutput, TerraformStack } from '${framework}';
import { Construct } from 'constructs';
import { EipBandwidthUsage, Gate, Headroom, ProjectResourceStat, QuotaDetail, Rule } from 'cdktf-headroom';

class QuotaAwareStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // QingCloud: the resource usage of one project.
    const usage = new ProjectResourceStat(this, 'usage', { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' });
    // UCloud: the current bandwidth of every EIP in a region.
    const bandwidth = new EipBandwidthUsage(this, 'bandwidth', { region: 'cn-bj2' });
    // Huawei Cloud HSS: the host-security quota of every enterprise project.
    const hss = new QuotaDetail(this, 'hss', { enterpriseProjectId: 'all_granted_eps' });

    // Looked-up values are plain numbers: branch and size on them.
    const instances = Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage });
    const workers = Math.min(4, instances.availableOr(0));
    for (let i = 0; i < workers; i++) new DataResource(this, \`worker-\${i}\`, { input: { index: i } });

    // The gate: synth stops, with one block per failing rule, when a rule fails.
    new Gate(this, 'quota', {
      rules: [
        Rule.fits('instances', instances, { need: 4 }),
        Rule.atMost('eip-peak-mbps', () => bandwidth.maxMbps, 200, { source: bandwidth }),
        Rule.atLeast('hss-idle-quota', () => hss.idleQuotaFor('hss.version.enterprise'), 1, { source: hss }),
      ],
    });

    new TerraformOutput(this, 'sized', { value: { workers, instancesUsed: usage.totals.instanceCount, peakMbps: bandwidth.maxMbps } });
  }
}

const app = new App();
new QuotaAwareStack(app, 'quota-aware');
app.synth();
`;
}

/**
 * The files of the starter app for `framework`, by name: package.json, tsconfig.json,
 * cdktf.json (cdktn reads the same file) and main.ts.
 */
export function starterAppFiles(framework: StarterFramework): Record<string, string> {
  const fw = FRAMEWORKS[framework];
  return {
    'package.json': json({
      name: 'headroom-app',
      version: '1.0.0',
      private: true,
      scripts: { build: 'tsc', synth: `${framework} synth` },
      dependencies: fw.deps,
      devDependencies: { '@types/node': '^20.0.0', ...fw.cli, typescript: '~5.9.3' },
    }),
    'tsconfig.json': json({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: ['node'] },
      files: ['main.ts'],
    }),
    'cdktf.json': json({ language: 'typescript', app: 'npx tsc && node main.js', output: 'cdktf.out', context: {} }),
    'main.ts': mainTs(framework),
  };
}
