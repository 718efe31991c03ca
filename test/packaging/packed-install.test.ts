// The library as a user gets it: `npm pack`, then installed from the tarball into two
// fresh apps made outside the repository, one on cdktf 0.21 (synthesized by `cdktf synth`
// from cdktf-cli) and one on cdktn 0.24 (synthesized by cdktn-cli on a Node 22 taken from
// the npm registry, or, where that cannot be had, run as the CLI runs an app). Each app
// uses the three lookups against the fake cloud, branches on a value, has a gate, and
// compiles with tsc without a cast.
//
// Slow (installs): npm's cache keeps reruns offline-friendly (`--prefer-offline`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeCloud } from '../../src/testing/fake-cloud';
import { packLibrary, runCommand as run, unpackLibrary } from '../_helpers/packed-library';

const template = fs.readFileSync(path.join(__dirname, '..', '_fixtures', 'packed-app', 'main.ts.template'), 'utf8');
/** The Node that cdktn-cli 0.24 needs (its `engines`), from the registry's `node-<os>-<arch>` package. */
const NODE22_PACKAGE = `node-${process.platform}-${process.arch}@22.23.5`;

jest.setTimeout(20 * 60_000);

// Started for the whole file, not with useFakeCloud (see packLibrary).
let fake: FakeCloud;
const cloud = (): FakeCloud => fake;
let work: string;
let tarball: string;

function mustRun(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

function npmInstall(dir: string, specs: string[]): void {
  mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
}

/** A fresh app in a temp dir: package.json, the app from the template, tsconfig, cdktf.json. */
function makeApp(framework: 'cdktf' | 'cdktn', deps: string[]): string {
  const dir = fs.mkdtempSync(path.join(work, `${framework}-app-`));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `${framework}-app`, version: '1.0.0', private: true }));
  npmInstall(dir, [...deps, tarball]);
  fs.writeFileSync(path.join(dir, 'main.ts'), template.replace(/__FRAMEWORK__/g, framework));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    // As `cdktf init` writes it (skipLibCheck: the frameworks' own declarations are not the app's to check).
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: ['node'] }, files: ['main.ts'] }),
  );
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', context: {} }));
  // Types compile without a cast: a TS2345 on gate.protect(...) would fail here.
  mustRun(path.join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.'], dir);
  return dir;
}

function synthEnv(): NodeJS.ProcessEnv {
  // terraform (run by the CLIs for its version) gets a config file of the test's own.
  const tfrc = path.join(work, 'terraformrc');
  fs.writeFileSync(tfrc, '');
  const env: NodeJS.ProcessEnv = { ...process.env, ...cloud().env(), CHECKPOINT_DISABLE: '1', CI: '1', TF_CLI_CONFIG_FILE: tfrc };
  for (const k of Object.keys(env)) if (k.startsWith('HEADROOM_LOOKUP') || k === 'CDKTF_OUTDIR' || k === 'CDKTF_CONTEXT_JSON') delete env[k];
  return env;
}

interface Synthesized {
  tf: any;
  report: any;
  record: any;
}

function readOutput(dir: string): Synthesized {
  const out = path.join(dir, 'cdktf.out');
  return {
    tf: JSON.parse(fs.readFileSync(path.join(out, 'stacks', 'packed', 'cdk.tf.json'), 'utf8')),
    report: JSON.parse(fs.readFileSync(path.join(out, 'headroom', 'report.json'), 'utf8')),
    record: JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.lookups.json'), 'utf8')),
  };
}

/** What both apps must have synthesized, with the fake cloud's default data. */
function expectSynthesized(dir: string, { tf, report, record }: Synthesized): void {
  // Branched on looked-up values: 50 - 42 instances in use = 8 workers; the UCloud peak (95.125 Mbps) is over 80.
  expect(tf.output.sized.value).toMatchObject({ workers: 8, tier: 'busy', eips: 12 });
  expect(typeof tf.output.sized.value.hssTotal).toBe('number');
  // Each lookup's output, made of the app's own framework.
  expect(tf.variable.headroom_usage.default.totals.instanceCount).toBe(42);
  expect(tf.variable.headroom_bw.default.maxMbps).toBe(95.125);
  expect(tf.variable.headroom_hss.default.totalNum).toBe(tf.output.sized.value.hssTotal);
  // The gate's plan-time check: a null_resource on the aliased null provider; the workers and
  // the resource that uses dependsOn wait for it.
  const checks = Object.keys(tf.resource.null_resource);
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatch(/^quota_plan-check/);
  expect(tf.resource.null_resource[checks[0]].provider).toBe('null.headroom_gates');
  // One precondition per error rule, over the gate's local value (which holds each rule's numbers and verdict).
  const preconditions = tf.resource.null_resource[checks[0]].lifecycle.precondition as Array<{ condition: string }>;
  expect(preconditions).toHaveLength(3);
  const locals = Object.keys(tf.locals);
  expect(locals).toHaveLength(1);
  for (const p of preconditions) expect(p.condition).toContain(`local.${locals[0]}`);
  expect(tf.provider.null).toEqual([{ alias: 'headroom_gates' }]);
  expect(tf.terraform.required_providers.null).toEqual({ source: 'null', version: '3.2.4' });
  const data = tf.resource.terraform_data;
  expect(Object.keys(data).sort()).toEqual(['by-config', ...Array.from({ length: 8 }, (_, i) => `worker-${i}`)].sort());
  for (const r of Object.values(data) as Array<{ depends_on: string[] }>) expect(r.depends_on).toEqual([`null_resource.${checks[0]}`]);
  // The reports: every rule passed.
  expect(report.findings.map((f: { ruleId: string; status: string }) => `${f.ruleId}:${f.status}`)).toEqual([
    'qingcloud-instances:pass',
    'eip-peak-mbps:pass',
    'hss-idle-quota:pass',
  ]);
  // The record: one entry per lookup.
  expect(Object.keys(record.records ?? record.entries ?? record).length).toBeGreaterThanOrEqual(3);
  // The library ran from the app's node_modules (a copy from the tarball, not a link to the repository).
  const installed = path.join(dir, 'node_modules', 'cdktf-headroom');
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(mustRun('node', ['-p', "require.resolve('cdktf-headroom')"], dir).trim()).toBe(path.join(installed, 'lib', 'index.js'));
}

beforeAll(async () => {
  ({ fake, work, tarball } = await packLibrary('headroom-packed-'));
});

afterAll(() => unpackLibrary({ fake, work }));

it('the tarball holds the compiled library, its worker scripts, README and LICENSE, and no framework import in its declarations', () => {
  const files = mustRun('tar', ['-tzf', tarball], work).split('\n');
  for (const f of [
    'package/lib/index.js',
    'package/lib/index.d.ts',
    'package/lib/registry/lookup-worker.js',
    'package/lib/cli/main.js',
    'package/README.md',
    'package/LICENSE',
  ]) {
    expect(files).toContain(f);
  }
  const pkg = JSON.parse(mustRun('tar', ['-xzOf', tarball, 'package/package.json'], work));
  expect(pkg.dependencies).not.toHaveProperty('@cdktf/provider-null');
  expect(pkg.dependencies).not.toHaveProperty('cdktf');
  expect(pkg.peerDependenciesMeta).toEqual({ cdktf: { optional: true } });
});

it('installs into a cdktf 0.21 app and synthesizes there with `cdktf synth`', () => {
  const dir = makeApp('cdktf', ['cdktf@0.21', 'cdktf-cli@0.21', 'constructs@^10.4.2', 'typescript@5.9', '@types/node@20']);
  const out = mustRun(path.join(dir, 'node_modules', '.bin', 'cdktf'), ['synth'], dir, synthEnv());
  expect(out).toContain('Generated Terraform code for the stacks: packed');
  expect(fs.existsSync(path.join(dir, 'node_modules', 'cdktn'))).toBe(false);
  expectSynthesized(dir, readOutput(dir));
});

it('installs into a cdktn 0.24 app with one framework copy (no cdktf) and synthesizes there', () => {
  const dir = makeApp('cdktn', ['cdktn@0.24', 'cdktn-cli@0.24', 'constructs@>=10.6.0 <10.8.0', 'typescript@5.9', '@types/node@20']);
  // One copy of the framework: the library's optional cdktf peer is not installed.
  expect(fs.existsSync(path.join(dir, 'node_modules', 'cdktf'))).toBe(false);
  expect(fs.readdirSync(path.join(dir, 'node_modules')).filter((n) => n === 'constructs')).toHaveLength(1);

  // cdktn-cli needs Node 22.19+: the registry's node-<os>-<arch> package is a plain binary (no install script).
  const nodeDir = fs.mkdtempSync(path.join(work, 'node22-'));
  fs.writeFileSync(path.join(nodeDir, 'package.json'), '{"name":"node22","version":"1.0.0","private":true}');
  let node22: string | undefined;
  try {
    npmInstall(nodeDir, [NODE22_PACKAGE]);
    node22 = path.join(nodeDir, 'node_modules', NODE22_PACKAGE.split('@')[0], 'bin', 'node');
  } catch (err) {
    if (process.env.HEADROOM_REQUIRE_TOOLS === '1') throw err;
    console.warn(
      `SKIPPING cdktn-cli: no Node 22 from ${NODE22_PACKAGE} (${(err as Error).message.split('\n')[0]}); running the app as cdktn synth runs it instead.`,
    );
  }
  if (node22) {
    expect(mustRun(node22, ['--version'], dir).trim()).toMatch(/^v22\./);
    const env = synthEnv();
    env.PATH = `${path.dirname(node22)}${path.delimiter}${env.PATH}`;
    const out = mustRun(node22, [path.join(dir, 'node_modules', 'cdktn-cli', 'bin', 'cdktn'), 'synth'], dir, env);
    expect(out).toContain('Generated Terraform code for the stacks: packed');
  } else {
    // As the CLI runs an app: the app command with the output folder and context in the environment.
    mustRun('node', ['main.js'], dir, { ...synthEnv(), CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), CDKTF_CONTEXT_JSON: '{}' });
  }
  expectSynthesized(dir, readOutput(dir));
});
