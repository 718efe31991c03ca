// What run.ts and profile.ts share: the app's shapes, the fake cloud's data, and running
// one synth of bench/app.ts in its own process against the fake cloud.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QingCloudClient } from 'cdktf-headroom';
import type { FakeCloud, FakeCloudData } from 'cdktf-headroom/testing';
import { LOOKUPS } from './lookups';
import { appQueries, BenchQuery, BenchShape, bigQuery } from './shape';

/** Latency the fake cloud adds to every request (`BENCH_LATENCY_MS`). */
export const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);

/** The sizes of the one big lookup. */
export const BIG_ROWS = [10_000, 100_000];
/** The app: 30 lookups of 5 pages, the last page of each listing half full (as real listings mostly end). */
export const SHAPE: BenchShape = { lookups: 30, pages: 5, pageSize: 10, stacks: 3, resourcesPerLookup: 3, lastPage: 'partial' };
/** The same app over listings that end on a full page: each lookup asks one page more to see nothing follows. */
export const FULL: BenchShape = { ...SHAPE, prefix: 'full', lastPage: 'full' };
/** Throttled scale: 1,000 lookups of 3 pages against a fake cloud that throttles above 20 requests in flight per cloud. */
export const THROTTLED: BenchShape = { lookups: 1000, pages: 3, pageSize: 10, stacks: 3, resourcesPerLookup: 0, prefix: 'scale', lastPage: 'partial' };
/** Requests in flight per cloud above which the throttled fake cloud refuses. */
export const THROTTLE_IN_FLIGHT = 20;

/** One synth's figures: app.ts's JSON line, and what the fake cloud saw. */
export interface Sample {
  synthMs: number;
  declareMs: number;
  firstReadMs: number;
  appSynthMs: number;
  /** CPU of the synth (from `new App()`), every thread. */
  cpuMs: number;
  /** CPU of the whole process, every thread, module loading and the worker's start-up included. */
  processCpuMs: number;
  peakRssKb: number;
  processMs: number;
  requests: number;
  /** Requests the fake cloud saw, per cloud. */
  byCloud: Record<string, number>;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const med = (samples: readonly Sample[], f: keyof Omit<Sample, 'byCloud'>): number => median(samples.map((s) => s[f]));

/** Runs `node [nodeArgs] <script> <args>` and returns its last stdout line as JSON, and its wall time. */
export async function runNode<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<{ result: T; processMs: number }> {
  const started = performance.now();
  const { code, out, err } = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let o = '';
    let e = '';
    child.stdout.on('data', (c) => (o += c));
    child.stderr.on('data', (c) => (e += c));
    child.once('exit', (c) => resolve({ code: c, out: o, err: e }));
  });
  const processMs = performance.now() - started;
  if (code !== 0) throw new Error(`bench ${script} ${args.join(' ')} exited with ${code}:\n${err}${out}`);
  return { result: JSON.parse(out.trim().split('\n').pop()!) as T, processMs };
}

/** Clears the fake cloud's request log (and its faults with it), then injects the latency and `limits`. */
export async function prepareCloud(cloud: FakeCloud, limits: { maxInFlight?: number } = {}): Promise<void> {
  await cloud.reset();
  await cloud.inject({ latencyMs: LATENCY_MS, ...limits });
}

/** One synth of app.ts's `variant` against the fake cloud as it is: its figures, and the requests the cloud saw. */
export async function runPrepared(cloud: FakeCloud, variant: string, env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<Sample> {
  const { result, processMs } = await runNode<Omit<Sample, 'processMs' | 'requests' | 'byCloud'>>(
    'app.js',
    [variant],
    { ...process.env, ...cloud.env(), ...env, CHECKPOINT_DISABLE: '1' },
    nodeArgs,
  );
  const log = await cloud.requests();
  const byCloud: Sample['byCloud'] = {};
  for (const r of log) byCloud[r.cloud] = (byCloud[r.cloud] ?? 0) + 1;
  return { ...result, processMs, requests: log.length, byCloud };
}

/** One synth of app.ts's `variant` against a freshly prepared fake cloud ({@link prepareCloud}). */
export async function runApp(cloud: FakeCloud, variant: string, env: Record<string, string>, limits: { maxInFlight?: number } = {}): Promise<Sample> {
  await prepareCloud(cloud, limits);
  return runPrepared(cloud, variant, env);
}

/** The fake cloud's data: every query of every shape the bench runs. */
export function fakeData(): FakeCloudData {
  const byFactory = new Map<number, BenchQuery[]>();
  for (const { factory, query } of [...appQueries(SHAPE), ...appQueries(FULL), ...appQueries(THROTTLED)]) {
    byFactory.set(factory, [...(byFactory.get(factory) ?? []), query]);
  }
  byFactory.set(0, [...(byFactory.get(0) ?? []), ...BIG_ROWS.map(bigQuery)]);
  const data: Record<string, unknown> = {};
  for (const [f, queries] of byFactory) {
    for (const [cloud, part] of Object.entries(LOOKUPS[f].data(queries))) {
      const prev = data[cloud] as { projects?: object } | undefined;
      data[cloud] = prev ? mergeDeep(prev, part) : part;
    }
  }
  return data as FakeCloudData;
}

function mergeDeep(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as object) };
    for (const [k, v] of Object.entries(b as object)) out[k] = k in out ? mergeDeep(out[k], v) : v;
    return out;
  }
  return b;
}

/** One request's round trip through the injected latency (median of 7), from this process. */
export async function roundTripMs(cloud: FakeCloud, query: BenchQuery): Promise<number> {
  await cloud.inject({ latencyMs: LATENCY_MS });
  const env = cloud.env();
  const client = new QingCloudClient({
    credentials: { accessKeyId: env.QINGCLOUD_ACCESS_KEY, secretAccessKey: env.QINGCLOUD_SECRET_KEY },
    endpoint: env.QINGCLOUD_ENDPOINT,
  });
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    await client.getProjectResourceStat({ consoleId: 'benchconsole', projectId: `pj-${query.id}`, owner: 'usr-bench', pageSize: 1000 });
    if (i > 0) times.push(performance.now() - t); // the first also opens the connection
  }
  return median(times);
}

/** The throwaway PostgreSQL server of scripts/postgres-server.js (as the tests start it). */
export interface PostgresServer {
  url(options?: { db?: string }): string;
  createDatabase(): Promise<string>;
  stop(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const postgres = require(path.join(__dirname, '..', '..', 'scripts', 'postgres-server.js')) as {
  postgresBinDir(): string | undefined;
  startPostgres(): Promise<PostgresServer>;
};
