// docs/constructs.md's client snippets, run as written in a CommonJS project (node script.js,
// `require('cdktf-headroom')`), with the fake cloud's environment: they must reach the
// fake cloud (QINGCLOUD_ENDPOINT, UCLOUD_API_BASE_URL, the HSS endpoint variables), not
// the public APIs.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useFakeCloud } from './_helpers/fake-cloud';

const root = path.join(__dirname, '..');
const doc = fs.readFileSync(path.join(root, 'docs', 'constructs.md'), 'utf8');
const snippets = new Map([...doc.matchAll(/<!-- snippet: ([a-z-]+) -->\n```js\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]));

const cloud = useFakeCloud();
let project: string;

beforeAll(() => {
  // A CommonJS project with the library installed (linked to this repository's build).
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-snippets-'));
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'snippets', version: '1.0.0', private: true, type: 'commonjs' }));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(root, path.join(project, 'node_modules', 'cdktf-headroom'), 'dir');
  fs.mkdirSync(path.join(project, 'home'));
});

function runSnippet(name: string, extraEnv: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const code = snippets.get(name);
  if (code === undefined) throw new Error(`docs/constructs.md has no snippet ${name}`);
  const file = path.join(project, `${name}.js`);
  fs.writeFileSync(file, code);
  const env: NodeJS.ProcessEnv = { ...process.env, ...cloud().env(), HOME: path.join(project, 'home'), ...extraEnv };
  return spawnSync(process.execPath, [file], { cwd: project, env, encoding: 'utf8' });
}

it('docs/constructs.md has the three client snippets', () => {
  expect([...snippets.keys()]).toEqual(['qingcloud-client', 'ucloud-client', 'huaweicloud-client']);
});

it('qingcloud-client runs in CommonJS and goes to QINGCLOUD_ENDPOINT', async () => {
  const r = runSnippet('qingcloud-client');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('42 instances in 7 resource groups\n');
  expect((await cloud().requests('qingcloud')).map((q) => q.status)).toEqual([200]);
});

it('ucloud-client runs in CommonJS and goes to UCLOUD_API_BASE_URL', async () => {
  const r = runSnippet('ucloud-client');
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('12 EIPs, peak 95.125 Mbps\n');
  expect((await cloud().requests('ucloud')).length).toBeGreaterThan(0);
});

it('huaweicloud-client runs in CommonJS and goes to the HSS endpoint of HW_REGION_NAME', async () => {
  const r = runSnippet('huaweicloud-client');
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^\d+ idle of 36 HSS quotas\n$/);
  expect((await cloud().requests('huaweicloud')).length).toBeGreaterThan(0);
});

it('a snippet reports an error with its code and exits 1 (a wrong key: the fake cloud refuses the signature)', async () => {
  const r = runSnippet('ucloud-client', { UCLOUD_PRIVATE_KEY: 'not-the-key' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^HEADROOM_CREDENTIALS: /);
  expect(r.stderr).not.toContain('not-the-key');
});
