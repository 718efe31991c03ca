// `npm run example`, then `npm run example -- --offline`: the record the first run writes
// replays in the second, with no fake cloud running (the keys name a fixed port).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
jest.setTimeout(10 * 60_000);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

it('npm run example, then an offline run of the same example from its record', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-replay-'));
  const record = path.join(dir, 'lookups.json');
  const tfrc = path.join(dir, 'terraformrc');
  fs.writeFileSync(tfrc, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HEADROOM_EXAMPLE_PORT: String(await freePort()),
    HEADROOM_LOOKUP_RECORD_FILE: record,
    TF_CLI_CONFIG_FILE: tfrc,
  };
  for (const k of ['HEADROOM_LOOKUP_MODE', 'CDKTF_OUTDIR', 'CDKTF_CONTEXT_JSON', 'QINGCLOUD_ENDPOINT', 'QINGCLOUD_ACCESS_KEY', 'QINGCLOUD_SECRET_KEY'])
    delete env[k];
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts', 'run-example.js'), ...args], { cwd: root, env, encoding: 'utf8' });

  const live = run();
  expect(live.stderr).not.toMatch(/error/i);
  expect(live.status).toBe(0);
  expect(live.stdout).toMatch(/\n1 request\(s\) to the fake cloud: GetProjectResourceStat 200/);
  const recorded = fs.readFileSync(record, 'utf8');
  const keys = Object.keys(JSON.parse(recorded).records);
  expect(keys).toHaveLength(1);
  expect(keys[0]).toContain(`http://127.0.0.1:${env.HEADROOM_EXAMPLE_PORT}/iaas/`);
  const workers = /workers = (\{.*\})/.exec(live.stdout)![1];

  const offline = run('--offline');
  expect(offline.status).toBe(0);
  expect(offline.stdout).toContain('0 request(s): every value came from the lookup record');
  expect(/workers = (\{.*\})/.exec(offline.stdout)![1]).toBe(workers);
  expect(JSON.parse(workers)).toEqual({ created: 8, desired: 12, limit: 50 });
  expect(fs.readFileSync(record, 'utf8')).toBe(recorded);

  // Offline with nothing recorded is the record error, not a request.
  fs.rmSync(record);
  const empty = run('--offline');
  expect(empty.status).not.toBe(0);
  expect(empty.stdout + empty.stderr).toContain('offline mode reads recorded lookups only');
});
