import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeCloud, FakeCloudOptions, startFakeCloud } from '../../src/testing/fake-cloud';
import { FakeCloudName } from '../../src/testing/fake-cloud-types';

/** Retry settings that keep tests fast: real backoff, in single milliseconds. */
export const FAST_RETRY = { retry: { baseDelayMs: 1, maxDelayMs: 5 } } as const;

/**
 * Starts one fake cloud (on its own thread) for the test file, resets its faults and
 * request log before each test, and stops it after the file.
 */
export function useFakeCloud(options: FakeCloudOptions = {}): () => FakeCloud {
  let cloud: FakeCloud | undefined;
  beforeAll(async () => {
    cloud = await startFakeCloud(options);
  });
  beforeEach(async () => {
    await cloud!.reset();
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  return () => cloud!;
}

/**
 * Sets environment variables for one test file (before all tests) and restores the
 * previous values afterwards. `vars` may be a function, evaluated in beforeAll.
 */
export function useEnv(vars: Record<string, string | undefined> | (() => Record<string, string | undefined>)): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    const v = typeof vars === 'function' ? vars() : vars;
    for (const [k, value] of Object.entries(v)) {
      saved[k] = process.env[k];
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  });
  afterAll(() => {
    for (const [k, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  });
}

/**
 * The fake cloud's environment with none of the machine's own cloud settings: no zone,
 * region, project or profile from the shell, and an empty HOME (no credential files), so a
 * lookup sees only what the test gives it. `extra` is applied last.
 */
export function isolatedEnv(cloud: FakeCloud, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...cloud.env(),
    QINGCLOUD_ZONE: undefined,
    UCLOUD_REGION: undefined,
    UCLOUD_PROJECT_ID: undefined,
    UCLOUD_PROFILE: undefined,
    HW_ENTERPRISE_PROJECT_ID: undefined,
    HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')),
    ...extra,
  };
}

/** `cdktf-headroom fake-cloud` running in a child process, and what it printed when it was ready. */
export interface FakeCloudCli {
  readonly child: ChildProcess;
  /** Its stdout up to the line that names `until`: the endpoints and the `export` lines. */
  readonly banner: string;
}

/**
 * Runs `cdktf-headroom fake-cloud --port 0` from the built CLI, as a user starts it, and
 * resolves once its banner names `until`; rejects with what it printed if it exits before.
 * The caller stops it (`child.kill('SIGTERM')`).
 */
export function startFakeCloudCli(until: string): Promise<FakeCloudCli> {
  const child = spawn(process.execPath, [path.join(__dirname, '../../lib/cli/main.js'), 'fake-cloud', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise<FakeCloudCli>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString();
      if (text.includes(until)) resolve({ child, banner: text });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
}

/**
 * The pages a client asked a cloud of the fake for, as `[offset, limit]` pairs in offset
 * order (pages may be asked at once, in any order), read from the wire parameters the cloud
 * names them by (`offset`/`limit`, UCloud's `OffSet`/`Limit`).
 */
export async function requestedPages(cloud: FakeCloud, name: FakeCloudName): Promise<Array<[number, number]>> {
  const [offset, limit] = name === 'ucloud' ? ['OffSet', 'Limit'] : ['offset', 'limit'];
  const pages = (await cloud.requests(name)).map((r): [number, number] => [Number(r.params[offset]), Number(r.params[limit])]);
  return pages.sort((a, b) => a[0] - b[0]);
}
