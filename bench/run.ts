// `npm run bench`: synthesizes the benchmark app (app.ts) in child processes against the
// fake cloud with injected latency, and prints the figures and the ratios against the
// targets. A script, not a test: the numbers belong to this machine and this run.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { QingCloudClient } from 'cdktf-headroom';
import { FakeCloud, FakeCloudData, startFakeCloud } from 'cdktf-headroom/testing';
import type { FloorSample } from './http-floor';
import { LOOKUPS } from './lookups';
import { benchReserve, reserveLine } from './reserve';
import { appQueries, BenchQuery, bigQuery, BenchShape } from './shape';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IN_ORDER_RUNS = Number(process.env.BENCH_IN_ORDER_RUNS ?? 3);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const FLOOR_RUNS = Number(process.env.BENCH_FLOOR_RUNS ?? 5);
const THROTTLED_RUNS = Number(process.env.BENCH_THROTTLED_RUNS ?? 3);
const FLEET_RUNS = Number(process.env.BENCH_FLEET_RUNS ?? 3);
const FLEET_SIZE = Number(process.env.BENCH_FLEET_SIZE ?? 20);
const BIG_ROWS = [10_000, 100_000];
const SHAPE: BenchShape = { lookups: 30, pages: 5, pageSize: 10, stacks: 3, resourcesPerLookup: 3 };
/** Throttled scale: 1,000 lookups of 3 pages against a fake cloud that throttles above 20 requests in flight per cloud. */
const THROTTLED: BenchShape = { lookups: 1000, pages: 3, pageSize: 10, stacks: 3, resourcesPerLookup: 0, prefix: 'scale' };
const THROTTLE_IN_FLIGHT = 20;

interface Sample {
  synthMs: number;
  declareMs: number;
  firstReadMs: number;
  appSynthMs: number;
  cpuMs: number;
  peakRssKb: number;
  processMs: number;
  requests: number;
}

interface Row {
  name: string;
  samples: Sample[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const med = (row: Row, f: keyof Sample): number => median(row.samples.map((s) => s[f]));

/** Runs `node <script> <args>` and returns its last stdout line as JSON, and its wall time. */
async function runNode<T>(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ result: T; processMs: number }> {
  const started = performance.now();
  const { code, out, err } = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function runApp(cloud: FakeCloud, variant: string, env: Record<string, string>, limits: { maxInFlight?: number } = {}): Promise<Sample> {
  await cloud.reset(); // clears the request log, and the faults with it
  await cloud.inject({ latencyMs: LATENCY_MS, ...limits });
  const { result, processMs } = await runNode<Omit<Sample, 'processMs' | 'requests'>>('app.js', [variant], {
    ...process.env,
    ...cloud.env(),
    ...env,
    CHECKPOINT_DISABLE: '1',
  });
  const requests = (await cloud.requests()).length;
  return { ...result, processMs, requests };
}

/** A bare loopback server: answers every request after the latency with one page of 10 rows, as the fake cloud's pages are. */
async function startBareServer(): Promise<{ port: number; close(): Promise<void> }> {
  const row = (i: number): Record<string, string | number> =>
    Object.fromEntries(Array.from({ length: 19 }, (_, f) => [`field_${f}`, f % 2 ? i * f : `value-${i}-${f}`]));
  const page = JSON.stringify({ ret_code: 0, total_count: SHAPE.pages * SHAPE.pageSize, data: Array.from({ length: SHAPE.pageSize }, (_, i) => row(i)) });
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    req.once('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(page);
      }, LATENCY_MS),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** One request's round trip through the injected latency (median of 7), from this process. */
async function roundTripMs(cloud: FakeCloud, query: BenchQuery): Promise<number> {
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

function fakeData(): FakeCloudData {
  const byFactory = new Map<number, BenchQuery[]>();
  for (const { factory, query } of [...appQueries(SHAPE), ...appQueries(THROTTLED)]) byFactory.set(factory, [...(byFactory.get(factory) ?? []), query]);
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

/** The throwaway PostgreSQL server of scripts/postgres-server.js (as the tests start it). */
interface PostgresServer {
  url(options?: { db?: string }): string;
  createDatabase(): Promise<string>;
  stop(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const postgres = require(path.join(__dirname, '..', '..', 'scripts', 'postgres-server.js')) as {
  postgresBinDir(): string | undefined;
  startPostgres(): Promise<PostgresServer>;
};

interface FleetSample {
  /** One synth alone, cached, against an empty shared record: its whole process. */
  singleMs: number;
  singleRequests: number;
  /** From starting FLEET_SIZE synths together (cached, one empty shared record) to the last one's exit. */
  fleetMs: number;
  fleetRequests: number;
}

/** One run of the fleet row: a synth alone, then FLEET_SIZE at once, each against an empty database of its own. */
async function runFleet(cloud: FakeCloud, pg: PostgresServer, env: Record<string, string>): Promise<FleetSample> {
  const fleetEnv = async (): Promise<Record<string, string>> => ({
    ...env,
    HEADROOM_LOOKUP_MODE: 'cached',
    HEADROOM_LOOKUP_RECORD_URL: pg.url({ db: await pg.createDatabase() }),
  });
  const single = await runApp(cloud, 'batched', await fleetEnv());
  const shared = await fleetEnv();
  await cloud.reset();
  await cloud.inject({ latencyMs: LATENCY_MS });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FLEET_SIZE }, () => runNode('app.js', ['batched'], { ...process.env, ...cloud.env(), ...shared, CHECKPOINT_DISABLE: '1' })),
  );
  const fleetMs = performance.now() - started;
  return { singleMs: single.processMs, singleRequests: single.requests, fleetMs, fleetRequests: (await cloud.requests()).length };
}

const fmt = (n: number, digits = 0): string => n.toFixed(digits);
const mb = (kb: number): string => (kb / 1024).toFixed(0);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
  const record = path.join(dir, 'cdktf.lookups.json');
  const shapeEnv = {
    BENCH_LOOKUPS: String(SHAPE.lookups),
    BENCH_PAGES: String(SHAPE.pages),
    BENCH_PAGE_SIZE: String(SHAPE.pageSize),
    BENCH_STACKS: String(SHAPE.stacks),
    BENCH_RESOURCES_PER_LOOKUP: String(SHAPE.resourcesPerLookup),
    HEADROOM_LOOKUP_RECORD_FILE: record,
    HEADROOM_LOOKUP_MODE: 'live',
    CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), // as `cdktf synth` sets it for the app it runs
  };
  const clouds = [...new Set(appQueries(SHAPE).map((q) => LOOKUPS[q.factory].name))].join(', ');
  console.log(`cdktf-headroom benchmark: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
  console.log(
    `fake cloud latency ${LATENCY_MS} ms per request; app: ${SHAPE.lookups} lookups (${clouds}), ${SHAPE.pages} pages each, ` +
      `${SHAPE.stacks} stacks, ${SHAPE.resourcesPerLookup} null_resources per lookup; medians of ${RUNS} runs (${IN_ORDER_RUNS} for in-order, ${BIG_RUNS} for big)\n`,
  );

  const cloud = await startFakeCloud({ data: fakeData() });
  try {
    const rtt = await roundTripMs(cloud, appQueries(SHAPE)[0].query);
    const rows: Record<string, Row> = {
      bare: { name: 'bare synth (no lookups)', samples: [] },
      bareLib: { name: 'bare synth, the library loaded', samples: [] },
      batched: { name: `${SHAPE.lookups} lookups, batched (live)`, samples: [] },
      offline: { name: `${SHAPE.lookups} lookups, offline`, samples: [] },
      inorder: { name: `${SHAPE.lookups} lookups, one at a time, pages in order`, samples: [] },
    };
    // Warm-up (disk cache, and the record the offline runs read); not counted.
    await runApp(cloud, 'bare', shapeEnv);
    await runApp(cloud, 'batched', shapeEnv);
    for (let i = 0; i < RUNS; i++) {
      rows.bare.samples.push(await runApp(cloud, 'bare', shapeEnv));
      rows.bareLib.samples.push(await runApp(cloud, 'bare-lib', { ...shapeEnv, HEADROOM_LOOKUP_MODE: 'offline' }));
      rows.batched.samples.push(await runApp(cloud, 'batched', shapeEnv));
      rows.offline.samples.push(await runApp(cloud, 'batched', { ...shapeEnv, HEADROOM_LOOKUP_MODE: 'offline' }));
    }
    for (let i = 0; i < IN_ORDER_RUNS; i++) rows.inorder.samples.push(await runApp(cloud, 'inorder', shapeEnv));
    const big: Record<number, Row> = {};
    for (const n of BIG_ROWS) {
      big[n] = { name: `1 lookup of ${n.toLocaleString('en-US')} rows (live)`, samples: [] };
      // One record file per size, kept between runs: from the second run on, live mode
      // re-reads and rewrites a record this big, as it does on every synth after the first.
      const bigRecord = path.join(dir, `big-${n}.lookups.json`);
      for (let i = 0; i < BIG_RUNS; i++) {
        big[n].samples.push(await runApp(cloud, 'big', { ...shapeEnv, HEADROOM_LOOKUP_RECORD_FILE: bigRecord, BENCH_BIG_ROWS: String(n) }));
      }
    }

    // Throttled scale: every lookup must succeed (a failed one fails the app's process).
    const throttledEnv = {
      ...shapeEnv,
      BENCH_LOOKUPS: String(THROTTLED.lookups),
      BENCH_PAGES: String(THROTTLED.pages),
      BENCH_PAGE_SIZE: String(THROTTLED.pageSize),
      BENCH_STACKS: String(THROTTLED.stacks),
      BENCH_RESOURCES_PER_LOOKUP: String(THROTTLED.resourcesPerLookup),
      BENCH_QUERY_PREFIX: THROTTLED.prefix!,
    };
    const throttled: Row = {
      name: `${THROTTLED.lookups} lookups x ${THROTTLED.pages} pages, throttled above ${THROTTLE_IN_FLIGHT} in flight per cloud`,
      samples: [],
    };
    let throttledFailure: string | undefined;
    for (let i = 0; i < THROTTLED_RUNS && !throttledFailure; i++) {
      try {
        throttled.samples.push(await runApp(cloud, 'batched', throttledEnv, { maxInFlight: THROTTLE_IN_FLIGHT }));
      } catch (err) {
        throttledFailure = String((err as Error).message)
          .split('\n')
          .slice(0, 3)
          .join(' ');
      }
    }
    // The floor the limit sets: each cloud's pages, LATENCY_MS each, 20 at a time (the clouds in parallel).
    const pagesPerCloud = Math.max(...LOOKUPS.map((_, f) => appQueries(THROTTLED).filter((q) => q.factory === f).length * THROTTLED.pages));
    const throttledFloorMs = (pagesPerCloud * LATENCY_MS) / THROTTLE_IN_FLIGHT;
    // A fleet sharing one PostgreSQL record (skipped without the server binaries).
    const fleet: FleetSample[] = [];
    if (postgres.postgresBinDir()) {
      const pg = await postgres.startPostgres();
      try {
        for (let i = 0; i < FLEET_RUNS; i++) fleet.push(await runFleet(cloud, pg, shapeEnv));
      } finally {
        pg.stop();
      }
    }

    // The HTTP client alone, for the batch's traffic, from a fresh worker thread.
    const bareServer = await startBareServer();
    const floors: Record<string, FloorSample[]> = { transport: [], 'node-http': [] };
    try {
      for (let i = 0; i < FLOOR_RUNS; i++) {
        for (const client of Object.keys(floors)) {
          const args = [client, String(bareServer.port), String(SHAPE.lookups), String(SHAPE.pages)];
          floors[client].push((await runNode<FloorSample>('http-floor.js', args, process.env)).result);
        }
      }
    } finally {
      await bareServer.close();
    }

    const all = [...Object.values(rows), ...Object.values(big), ...(throttled.samples.length > 0 ? [throttled] : [])];
    const header = ['', 'synth ms', 'process ms', 'CPU ms', 'peak RSS MB', 'requests'];
    const table = [
      header,
      ...all.map((r) => [r.name, fmt(med(r, 'synthMs')), fmt(med(r, 'processMs')), fmt(med(r, 'cpuMs')), mb(med(r, 'peakRssKb')), fmt(med(r, 'requests'))]),
    ];
    const widths = header.map((_, c) => Math.max(...table.map((t) => t[c].length)));
    for (const t of table) console.log(t.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    console.log(`\nround trip (one request through the ${LATENCY_MS} ms latency): ${fmt(rtt, 1)} ms`);
    console.log('synth ms: inside the app process, from `new App()` to the end of `app.synth()`; module loading excluded, and with it the part of the');
    console.log("  lookup worker's start-up that overlaps it (under `cdktf synth` the worker starts when the library is loaded);");
    console.log('process ms: the whole `node app.js` process, as `cdktf synth` runs it.\n');

    const b = rows.batched;
    console.log(
      `batched, where the time goes: declaring ${SHAPE.lookups} constructs ${fmt(med(b, 'declareMs'))} ms; first read ${fmt(med(b, 'firstReadMs'))} ms ` +
        `(worker start-up, every request, recording); app.synth() ${fmt(med(b, 'appSynthMs'))} ms (bare: ${fmt(med(rows.bare, 'appSynthMs'))} ms)`,
    );
    const o = rows.offline;
    console.log(
      `offline, where the time goes: declaring ${fmt(med(o, 'declareMs'))} ms; first read (the record file) ${fmt(med(o, 'firstReadMs'))} ms; ` +
        `app.synth() ${fmt(med(o, 'appSynthMs'))} ms (bare: ${fmt(med(rows.bare, 'appSynthMs'))} ms)`,
    );
    const libMs = med(rows.bareLib, 'processMs') - med(rows.bare, 'processMs');
    console.log(
      `loading the library: ${fmt(libMs)} ms of the process (bare synth with it loaded ${fmt(med(rows.bareLib, 'processMs'))} ms, without ${fmt(med(rows.bare, 'processMs'))} ms); ` +
        `offline against the bare synth with the library loaded: ${fmt(med(o, 'processMs') / med(rows.bareLib, 'processMs'), 2)}x for the process`,
    );
    const [small, large] = BIG_ROWS.map((n) => big[n]);
    const perRowBytes = ((med(large, 'peakRssKb') - med(small, 'peakRssKb')) * 1024) / (BIG_ROWS[1] - BIG_ROWS[0]);
    const perKRowsMs = ((med(large, 'synthMs') - med(small, 'synthMs')) / (BIG_ROWS[1] - BIG_ROWS[0])) * 1000;
    console.log(
      `big lookups, marginal cost (${BIG_ROWS[0]} -> ${BIG_ROWS[1]} rows): ${fmt(perRowBytes)} bytes of peak RSS per row, ${fmt(perKRowsMs, 1)} ms per 1,000 rows`,
    );
    if (throttled.samples.length > 0) {
      console.log(
        `throttled scale: the batch (first read) ${fmt(med(throttled, 'firstReadMs'))} ms for ${fmt(med(throttled, 'requests'))} requests (throttled answers included); ` +
          `floor ${fmt(throttledFloorMs)} ms (${pagesPerCloud} pages per cloud x ${LATENCY_MS} ms / ${THROTTLE_IN_FLIGHT}); failed lookups: 0`,
      );
    }
    if (throttledFailure) console.log(`throttled scale: a run FAILED (a lookup failed, so the app did): ${throttledFailure}`);
    console.log('');

    type Check = { name: string; target: string; ok: (x: number) => boolean; inApp?: number; whole?: number };
    const floorOf = (f: keyof Sample): number => med(rows.bare, f) + 2 * rtt;
    const rowsRatio = BIG_ROWS[1] / BIG_ROWS[0];
    const linear = (x: number): boolean => x <= rowsRatio * 1.1;
    const baseRss = med(rows.bare, 'peakRssKb');
    const checks: Check[] = [
      {
        name: '(1) batched / (bare + 2 round trips)',
        target: '<= 1.3x',
        ok: (x) => x <= 1.3,
        inApp: med(b, 'synthMs') / floorOf('synthMs'),
        whole: med(b, 'processMs') / floorOf('processMs'),
      },
      {
        name: '(2) one at a time / batched',
        target: '>= 10x',
        ok: (x) => x >= 10,
        inApp: med(rows.inorder, 'synthMs') / med(b, 'synthMs'),
        whole: med(rows.inorder, 'processMs') / med(b, 'processMs'),
      },
      {
        name: '(3) offline / bare',
        target: '<= 1.1x',
        ok: (x) => x <= 1.1,
        inApp: med(o, 'synthMs') / med(rows.bare, 'synthMs'),
        whole: med(o, 'processMs') / med(rows.bare, 'processMs'),
      },
      {
        name: `(4) time, ${rowsRatio}x rows`,
        target: `<= ${rowsRatio}x (linear)`,
        ok: linear,
        inApp: med(large, 'synthMs') / med(small, 'synthMs'),
        whole: med(large, 'processMs') / med(small, 'processMs'),
      },
      { name: `(4) CPU time, ${rowsRatio}x rows`, target: `<= ${rowsRatio}x (linear)`, ok: linear, inApp: med(large, 'cpuMs') / med(small, 'cpuMs') },
      {
        name: `(4) peak RSS above bare, ${rowsRatio}x rows`,
        target: `<= ${rowsRatio}x (linear)`,
        ok: linear,
        inApp: (med(large, 'peakRssKb') - baseRss) / (med(small, 'peakRssKb') - baseRss),
      },
    ];
    // (6) throttled scale: 0 failed lookups, the batch within 1.25x of the floor the in-flight limit sets.
    if (throttled.samples.length > 0 && !throttledFailure) {
      checks.push({
        name: `(6) throttled scale: batch / floor, 0 failed`,
        target: '<= 1.25x',
        ok: (x) => x <= 1.25,
        inApp: med(throttled, 'firstReadMs') / throttledFloorMs,
      });
    } else {
      checks.push({ name: '(6) throttled scale: a lookup failed', target: '0 failed', ok: () => false, inApp: NaN });
    }
    // (7) the library over its own HTTP client: batched against bare + the Transport's floor for the same traffic.
    const transportFloor = median(floors.transport.map((x) => x.totalMs));
    checks.push({
      name: '(7) batched / (bare + Transport floor)',
      target: '<= 1.15x',
      ok: (x) => x <= 1.15,
      inApp: med(b, 'synthMs') / (med(rows.bare, 'synthMs') + transportFloor),
      whole: med(b, 'processMs') / (med(rows.bare, 'processMs') + transportFloor),
    });
    const cell = (x: number | undefined, ok: (x: number) => boolean): string => (x === undefined ? '' : `${fmt(x, 2)}x ${ok(x) ? 'PASS' : 'MISS'}`);
    const fmedian = (f: keyof FleetSample): number => median(fleet.map((x) => x[f]));
    const expectedRequests = SHAPE.lookups * SHAPE.pages;
    if (fleet.length > 0) {
      checks.push({
        name: `(5) ${FLEET_SIZE} synths sharing a PostgreSQL record / one synth`,
        target: '<= 1.5x',
        ok: (x) => x <= 1.5,
        whole: fmedian('fleetMs') / fmedian('singleMs'), // wall times of whole processes
      });
    }
    const lines = [['', 'target', 'synth (in the app)', 'whole process'], ...checks.map((c) => [c.name, c.target, cell(c.inApp, c.ok), cell(c.whole, c.ok)])];
    const w = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
    for (const l of lines)
      console.log(
        l
          .map((x, c) => x.padEnd(w[c]))
          .join('   ')
          .trimEnd(),
      );
    console.log(
      `(8) peak RSS per row, ${BIG_ROWS[0].toLocaleString('en-US')} -> ${BIG_ROWS[1].toLocaleString('en-US')} rows: ${fmt(perRowBytes)} bytes, target <= 1,000 bytes: ${perRowBytes <= 1000 ? 'PASS' : 'MISS'}`,
    );
    if (fleet.length > 0) {
      const requestsOk = fleet.every((x) => x.fleetRequests === expectedRequests && x.singleRequests === expectedRequests);
      console.log(
        `(5) requests the fake cloud saw from ${FLEET_SIZE} cached synths started together on an empty shared record: ` +
          `${fleet.map((x) => x.fleetRequests).join(', ')} (target ${expectedRequests}, each question's ${SHAPE.pages} pages once, not ${FLEET_SIZE * expectedRequests}) ${requestsOk ? 'PASS' : 'MISS'}`,
      );
      console.log(
        `    wall time: ${FLEET_SIZE} synths ${fmt(fmedian('fleetMs'))} ms (median of ${FLEET_RUNS}), one synth alone ${fmt(fmedian('singleMs'))} ms; ` +
          `${FLEET_SIZE} node processes on ${os.cpus().length} CPU(s): module loading alone is CPU-bound, so this ratio needs cores.`,
      );
    } else {
      console.log('(5) fleet sharing a PostgreSQL record: SKIPPED, no PostgreSQL server binaries (apt-get install postgresql-15, or set HEADROOM_PG_BIN)');
    }

    // What target (1) leaves for everything beyond the bare synth, against what the HTTP client alone takes.
    const fmed = (client: string, f: keyof FloorSample): number => median(floors[client].map((x) => x[f]));
    const budget = (f: keyof Sample): number => 1.3 * floorOf(f) - med(rows.bare, f);
    console.log(
      `\n(1) allows ${fmt(budget('synthMs'))} ms beyond the bare synth in the app (${fmt(budget('processMs'))} ms for the whole process), ` +
        `two round trips (${fmt(2 * rtt)} ms) included. The HTTP client alone, for the same traffic from a fresh worker thread ` +
        `(${SHAPE.lookups} requests, then ${SHAPE.lookups * (SHAPE.pages - 1)} more as they answer; a bare loopback server with the same latency; no signing, no parsing), median of ${FLOOR_RUNS}:`,
    );
    for (const [client, name] of [
      ['transport', "the library's Transport (axios)"],
      ['node-http', 'node:http, for comparison'],
    ]) {
      console.log(
        `  ${name.padEnd(34)} ${fmt(fmed(client, 'totalMs')).padStart(4)} ms: thread start ${fmt(fmed(client, 'bootMs'))}, loading ${fmt(fmed(client, 'loadMs'))}, ` +
          `requests ${fmt(fmed(client, 'wavesMs'))} (CPU ${fmt(fmed(client, 'wavesCpuMs'))})`,
      );
    }
  } finally {
    await cloud.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const reserve = await benchReserve(); // (6) bench/reserve.ts: 50 concurrent check --plan --reserve against one PostgreSQL
  if (reserve) console.log(reserveLine(reserve));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
