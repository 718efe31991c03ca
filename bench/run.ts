// `npm run bench`: synthesizes the benchmark app (app.ts) in child processes against the
// fake cloud with injected latency, prints every row next to its floor, ratio and target,
// and writes them into docs/performance.md. A script, not a test: the numbers belong to
// this machine and this run.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeCloud, startFakeCloud } from 'cdktf-headroom/testing';
import type { FloorClient, FloorSample } from './http-floor';
import { LOOKUPS } from './lookups';
import { BenchReport, machineLine, writeReport } from './report';
import { benchReserve, reserveLine } from './reserve';
import {
  BIG_ROWS,
  fakeData,
  FULL,
  LATENCY_MS,
  med,
  median,
  postgres,
  PostgresServer,
  roundTripMs,
  runApp,
  runNode,
  Sample,
  SHAPE,
  THROTTLE_IN_FLIGHT,
  THROTTLED,
} from './setup';
import { appQueries, requestsPerListing, shapeEnv } from './shape';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IN_ORDER_RUNS = Number(process.env.BENCH_IN_ORDER_RUNS ?? 3);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const FLOOR_RUNS = Number(process.env.BENCH_FLOOR_RUNS ?? 5);
const THROTTLED_RUNS = Number(process.env.BENCH_THROTTLED_RUNS ?? 3);
const FLEET_RUNS = Number(process.env.BENCH_FLEET_RUNS ?? 3);
const FLEET_SIZE = Number(process.env.BENCH_FLEET_SIZE ?? 20);
/** Where the run's section is written (`BENCH_REPORT=-` writes nothing). */
const REPORT_FILE = process.env.BENCH_REPORT ?? path.join(__dirname, '..', '..', 'docs', 'performance.md');

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

interface FleetSample {
  /** One synth alone, cached, against an empty shared record: its whole process, and the requests the fake cloud saw. */
  singleMs: number;
  singleRequests: number;
  /** From starting FLEET_SIZE synths together (cached, one empty shared record) to the last one's exit. */
  fleetMs: number;
  fleetRequests: number;
  /** The floor: FLEET_SIZE bare synths (no lookups) started together, to the last one's exit. */
  bareFleetMs: number;
}

/** Starts `n` app processes at once; the wall time to the last one's exit. */
async function together(n: number, variant: string, env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, () => runNode('app.js', [variant], env)));
  return performance.now() - started;
}

/** One run of the fleet row: a synth alone, FLEET_SIZE at once, each against an empty database of its own; then FLEET_SIZE bare synths at once. */
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
  const fleetMs = await together(FLEET_SIZE, 'batched', { ...process.env, ...cloud.env(), ...shared, CHECKPOINT_DISABLE: '1' });
  const fleetRequests = (await cloud.requests()).length;
  const bareFleetMs = await together(FLEET_SIZE, 'bare', { ...process.env, ...env, CHECKPOINT_DISABLE: '1' });
  return { singleMs: single.processMs, singleRequests: single.requests, fleetMs, fleetRequests, bareFleetMs };
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
const ms = (n: number): string => `${fmt(n)} ms`;

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  const startedAt = new Date();
  const t0 = performance.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
  const base = {
    HEADROOM_LOOKUP_MODE: 'live',
    CDKTF_OUTDIR: path.join(dir, 'cdktf.out'), // as `cdktf synth` sets it for the app it runs
  };
  const appEnv = { ...base, ...shapeEnv(SHAPE), HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'partial.lookups.json') };
  const fullEnv = { ...base, ...shapeEnv(FULL), HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'full.lookups.json') };
  const offlineEnv = { ...appEnv, HEADROOM_LOOKUP_MODE: 'offline' };
  const clouds = [...new Set(appQueries(SHAPE).map((q) => LOOKUPS[q.factory].name))].join(', ');
  const settings = [
    `fake cloud latency ${LATENCY_MS} ms per request. The app: ${SHAPE.lookups} lookups (${clouds}), ${SHAPE.pages} pages of ${SHAPE.pageSize} rows each ` +
      `(the last one half full; the "full last pages" rows: full), ${SHAPE.stacks} stacks, ${SHAPE.resourcesPerLookup} null_resources per lookup.`,
    `Medians of ${RUNS} runs (${IN_ORDER_RUNS} one at a time, ${BIG_RUNS} big, ${THROTTLED_RUNS} throttled, ${FLEET_RUNS} fleet, ${FLOOR_RUNS} HTTP floors).`,
  ];
  console.log(`cdktf-headroom benchmark, ${startedAt.toISOString()}: ${machineLine(loadAtStart)}`);
  console.log(`${settings.join('\n')}\n`);

  const report = new BenchReport();
  const cloud = await startFakeCloud({ data: fakeData() });
  try {
    const rtt = await roundTripMs(cloud, appQueries(SHAPE)[0].query);
    const bare: Sample[] = [];
    const bareLib: Sample[] = [];
    const batched: Sample[] = [];
    const full: Sample[] = [];
    const offline: Sample[] = [];
    const inorder: Sample[] = [];
    // Warm-up (disk cache, and the record the offline runs read); not counted.
    await runApp(cloud, 'bare', appEnv);
    await runApp(cloud, 'batched', appEnv);
    await runApp(cloud, 'batched', fullEnv);
    for (let i = 0; i < RUNS; i++) {
      bare.push(await runApp(cloud, 'bare', appEnv));
      bareLib.push(await runApp(cloud, 'bare-lib', offlineEnv));
      batched.push(await runApp(cloud, 'batched', appEnv));
      full.push(await runApp(cloud, 'batched', fullEnv));
      offline.push(await runApp(cloud, 'batched', offlineEnv));
    }
    for (let i = 0; i < IN_ORDER_RUNS; i++) inorder.push(await runApp(cloud, 'inorder', appEnv));
    const big: Record<number, Sample[]> = {};
    for (const n of BIG_ROWS) {
      // One record file per size, kept between runs: from the second run on, live mode
      // re-reads and rewrites a record this big, as it does on every synth after the first.
      const bigEnv = { ...appEnv, HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, `big-${n}.lookups.json`), BENCH_BIG_ROWS: String(n) };
      big[n] = [];
      for (let i = 0; i < BIG_RUNS; i++) big[n].push(await runApp(cloud, 'big', bigEnv));
    }

    // Throttled scale: every lookup must succeed (a failed one fails the app's process).
    const throttledEnv = { ...base, ...shapeEnv(THROTTLED), HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'scale.lookups.json') };
    const throttled: Sample[] = [];
    let throttledFailure: string | undefined;
    for (let i = 0; i < THROTTLED_RUNS && !throttledFailure; i++) {
      try {
        throttled.push(await runApp(cloud, 'batched', throttledEnv, { maxInFlight: THROTTLE_IN_FLIGHT }));
      } catch (err) {
        throttledFailure = String((err as Error).message)
          .split('\n')
          .slice(0, 3)
          .join(' ');
      }
    }

    // A fleet sharing one PostgreSQL record (skipped without the server binaries).
    const fleet: FleetSample[] = [];
    if (postgres.postgresBinDir()) {
      const pg = await postgres.startPostgres();
      try {
        for (let i = 0; i < FLEET_RUNS; i++) fleet.push(await runFleet(cloud, pg, appEnv));
      } finally {
        pg.stop();
      }
    }

    // HTTP clients alone, for the batch's traffic, from a fresh worker thread.
    const bareServer = await startBareServer();
    const floorClients: FloorClient[] = ['transport', 'axios', 'node-http'];
    const floors: Record<FloorClient, FloorSample[]> = { transport: [], axios: [], 'node-http': [] };
    try {
      for (let i = 0; i < FLOOR_RUNS; i++) {
        for (const client of floorClients) {
          const args = [client, String(bareServer.port), String(SHAPE.lookups), String(SHAPE.pages)];
          floors[client].push((await runNode<FloorSample>('http-floor.js', args, process.env)).result);
        }
      }
    } finally {
      await bareServer.close();
    }
    const fmed = (client: FloorClient, f: keyof FloorSample): number => median(floors[client].map((x) => x[f]));

    // ---- The rows: each figure next to its floor. ----
    const inApp = (s: Sample[]): number => med(s, 'synthMs');
    const twoTrips = med(bare, 'synthMs') + 2 * rtt;
    report.ratioRow({
      name: `${SHAPE.lookups} lookups x ${SHAPE.pages} pages, batched, partial last pages (in the app)`,
      figure: ms(inApp(batched)),
      floor: `bare + 2 round trips: ${ms(twoTrips)}`,
      value: inApp(batched),
      floorValue: twoTrips,
      max: 1.5,
    });
    report.ratioRow({
      name: `${SHAPE.lookups} lookups x ${SHAPE.pages} pages, batched, full last pages (in the app; ${requestsPerListing(FULL)} requests each)`,
      figure: ms(inApp(full)),
      floor: `bare + 2 round trips: ${ms(twoTrips)}`,
      value: inApp(full),
      floorValue: twoTrips,
      max: 1.6,
    });
    const wholeTwoTrips = med(bareLib, 'processMs') + 2 * rtt;
    report.ratioRow({
      name: 'the same, partial, whole process',
      figure: ms(med(batched, 'processMs')),
      floor: `bare with the library loaded + 2 round trips: ${ms(wholeTwoTrips)}`,
      value: med(batched, 'processMs'),
      floorValue: wholeTwoTrips,
    });

    // CPU per request: the whole app against bare axios (and the other floors).
    const appCpuPerRequest = (med(batched, 'processCpuMs') - med(bareLib, 'processCpuMs')) / med(batched, 'requests');
    const floorCpu = (c: FloorClient): number => fmed(c, 'cpuMs') / fmed(c, 'requests');
    report.ratioRow({
      name: `CPU per request, the whole app (${fmt(med(batched, 'requests'))} requests; CPU beyond the bare synth with the library loaded)`,
      figure: `${fmt(appCpuPerRequest, 2)} ms`,
      floor: `bare axios: ${fmt(floorCpu('axios'), 2)} ms`,
      value: appCpuPerRequest,
      floorValue: floorCpu('axios'),
      max: 1.3,
    });
    report.ratioRow({
      name: "CPU per request, the library's Transport alone",
      figure: `${fmt(floorCpu('transport'), 2)} ms`,
      floor: `bare axios: ${fmt(floorCpu('axios'), 2)} ms`,
      value: floorCpu('transport'),
      floorValue: floorCpu('axios'),
    });
    report.ratioRow({
      name: 'CPU per request, bare axios (same agents, no Transport)',
      figure: `${fmt(floorCpu('axios'), 2)} ms`,
      floor: `node:http: ${fmt(floorCpu('node-http'), 2)} ms`,
      value: floorCpu('axios'),
      floorValue: floorCpu('node-http'),
    });
    for (const [client, name] of [
      ['transport', "the library's Transport"],
      ['axios', 'bare axios'],
      ['node-http', 'node:http'],
    ] as const) {
      report.ratioRow({
        name: `HTTP floor, ${name}: ${SHAPE.lookups * SHAPE.pages} requests from a fresh worker thread`,
        figure: ms(fmed(client, 'totalMs')),
        floor: `2 round trips: ${ms(2 * rtt)}`,
        value: fmed(client, 'totalMs'),
        floorValue: 2 * rtt,
      });
    }

    report.ratioRow({
      name: `${SHAPE.lookups} lookups, one at a time, pages in order (in the app)`,
      figure: ms(inApp(inorder)),
      floor: `batched: ${ms(inApp(batched))}`,
      value: inApp(inorder),
      floorValue: inApp(batched),
      min: 10,
    });
    report.ratioRow({
      name: `${SHAPE.lookups} lookups, offline, whole process`,
      figure: ms(med(offline, 'processMs')),
      floor: `bare with the library loaded: ${ms(med(bareLib, 'processMs'))}`,
      value: med(offline, 'processMs'),
      floorValue: med(bareLib, 'processMs'),
      max: 1.05,
    });
    report.ratioRow({
      name: `${SHAPE.lookups} lookups, offline (in the app)`,
      figure: ms(inApp(offline)),
      floor: `bare: ${ms(inApp(bare))}`,
      value: inApp(offline),
      floorValue: inApp(bare),
    });
    report.ratioRow({
      name: 'bare synth with the library loaded, whole process',
      figure: ms(med(bareLib, 'processMs')),
      floor: `bare, without it: ${ms(med(bare, 'processMs'))}`,
      value: med(bareLib, 'processMs'),
      floorValue: med(bare, 'processMs'),
    });

    const [small, large] = BIG_ROWS.map((n) => big[n]);
    const rowsRatio = BIG_ROWS[1] / BIG_ROWS[0];
    const perRowBytes = ((med(large, 'peakRssKb') - med(small, 'peakRssKb')) * 1024) / (BIG_ROWS[1] - BIG_ROWS[0]);
    report.row({
      name: `peak RSS per row, 1 lookup of ${BIG_ROWS[0].toLocaleString('en-US')} -> ${BIG_ROWS[1].toLocaleString('en-US')} rows`,
      figure: `${fmt(perRowBytes)} B`,
      floor: `peak RSS ${fmt(med(small, 'peakRssKb') / 1024)} -> ${fmt(med(large, 'peakRssKb') / 1024)} MB`,
      target: '<= 800 B',
      pass: perRowBytes <= 800,
    });
    report.ratioRow({
      name: `time, 1 lookup of ${BIG_ROWS[1].toLocaleString('en-US')} rows (in the app)`,
      figure: ms(inApp(large)),
      floor: `${BIG_ROWS[0].toLocaleString('en-US')} rows: ${ms(inApp(small))}`,
      value: inApp(large),
      floorValue: inApp(small),
      max: rowsRatio * 1.1,
    });
    report.ratioRow({
      name: `CPU, 1 lookup of ${BIG_ROWS[1].toLocaleString('en-US')} rows (in the app)`,
      figure: ms(med(large, 'cpuMs')),
      floor: `${BIG_ROWS[0].toLocaleString('en-US')} rows: ${ms(med(small, 'cpuMs'))}`,
      value: med(large, 'cpuMs'),
      floorValue: med(small, 'cpuMs'),
      max: rowsRatio * 1.1,
    });

    // Throttled: the floor the in-flight limit sets on the pages the lookups need, per cloud (the clouds in parallel).
    const neededPerCloud = new Map<string, number>();
    for (const q of appQueries(THROTTLED)) {
      const name = LOOKUPS[q.factory].cloud;
      neededPerCloud.set(name, (neededPerCloud.get(name) ?? 0) + requestsPerListing(THROTTLED));
    }
    const neededMax = Math.max(...neededPerCloud.values());
    const throttledFloorMs = (neededMax * LATENCY_MS) / THROTTLE_IN_FLIGHT;
    if (throttled.length > 0 && !throttledFailure) {
      report.ratioRow({
        name: `${THROTTLED.lookups} lookups x ${THROTTLED.pages} pages, throttled above ${THROTTLE_IN_FLIGHT} in flight per cloud, 0 failed (the batch)`,
        figure: ms(med(throttled, 'firstReadMs')),
        floor: `${neededMax} pages x ${LATENCY_MS} ms / ${THROTTLE_IN_FLIGHT}: ${ms(throttledFloorMs)}`,
        value: med(throttled, 'firstReadMs'),
        floorValue: throttledFloorMs,
        max: 1.15,
      });
      const seen = throttled[throttled.length - 1].byCloud;
      report.note(
        `throttled: pages needed per cloud (from the shape) ${[...neededPerCloud].map(([c, n]) => `${c} ${n}`).join(', ')}; ` +
          `requests the fake cloud saw (last run; throttled answers included, as some clouds throttle with HTTP 200) ${Object.entries(seen)
            .map(([c, n]) => `${c} ${n}`)
            .join(', ')}; CPU of the process ${ms(med(throttled, 'processCpuMs'))}.`,
      );
    } else {
      report.row({
        name: `${THROTTLED.lookups} lookups throttled: ${throttledFailure ? `a lookup FAILED (${throttledFailure})` : 'not run'}`,
        figure: '',
        floor: '',
        target: '0 failed',
        pass: false,
      });
    }

    if (fleet.length > 0) {
      const fl = (f: keyof FleetSample): number => median(fleet.map((x) => x[f]));
      report.ratioRow({
        name: `${FLEET_SIZE} synths sharing a PostgreSQL record, started together (cached, empty record)`,
        figure: ms(fl('fleetMs')),
        floor: `${FLEET_SIZE} bare synths together: ${ms(fl('bareFleetMs'))}`,
        value: fl('fleetMs'),
        floorValue: fl('bareFleetMs'),
        max: 1.3,
      });
      const requestsOk = fleet.every((x) => x.fleetRequests === x.singleRequests);
      report.row({
        name: `requests the fake cloud saw from the ${FLEET_SIZE} synths`,
        figure: fleet.map((x) => x.fleetRequests).join(', '),
        floor: `one synth's: ${fleet.map((x) => x.singleRequests).join(', ')}`,
        target: "= one synth's",
        pass: requestsOk,
      });
      report.note(`fleet: one synth alone (cached, empty shared record) takes ${ms(fl('singleMs'))} for its whole process.`);
    } else {
      report.note('fleet sharing a PostgreSQL record: SKIPPED, no PostgreSQL server binaries (apt-get install postgresql-15, or set HEADROOM_PG_BIN).');
    }

    // Reservations (bench/reserve.ts): 50 concurrent `check --plan --reserve` against one PostgreSQL.
    const reserve = await benchReserve();
    if (reserve) {
      report.ratioRow({
        name: `${reserve.concurrent} concurrent check --plan --reserve against one PostgreSQL (median process; ${reserve.reserved} reserved)`,
        figure: ms(reserve.reserveMs),
        floor: `without --reserve: ${ms(reserve.plainMs)}`,
        value: reserve.reserveMs,
        floorValue: reserve.plainMs,
        max: 1.5,
      });
      report.note(reserveLine(reserve));
    } else {
      report.note('reservations: SKIPPED (it needs the PostgreSQL server binaries and terraform).');
    }

    const b = batched;
    report.note(`round trip (one request through the ${LATENCY_MS} ms latency, from the bench process): ${fmt(rtt, 1)} ms.`);
    report.note(
      `batched, where the time goes: declaring ${SHAPE.lookups} constructs ${ms(med(b, 'declareMs'))}; first read ${ms(med(b, 'firstReadMs'))} ` +
        `(worker start-up left, every request, recording); app.synth() ${ms(med(b, 'appSynthMs'))} (bare: ${ms(med(bare, 'appSynthMs'))}). ` +
        `CPU of the whole process ${ms(med(b, 'processCpuMs'))} (bare with the library loaded ${ms(med(bareLib, 'processCpuMs'))}, bare ${ms(med(bare, 'processCpuMs'))}).`,
    );
    report.note(
      `HTTP floors (${SHAPE.lookups} requests, then ${SHAPE.lookups * (SHAPE.pages - 1)} more as they answer; a bare loopback server with the same latency; ` +
        `no signing, each body JSON.parse'd): ` +
        floorClients
          .map(
            (c) =>
              `${c} ${ms(fmed(c, 'totalMs'))} (thread start ${ms(fmed(c, 'bootMs'))}, loading ${ms(fmed(c, 'loadMs'))}, requests ${ms(fmed(c, 'wavesMs'))}, ` +
              `CPU ${ms(fmed(c, 'cpuMs'))} of which the requests ${ms(fmed(c, 'wavesCpuMs'))})`,
          )
          .join('; ') +
        '.',
    );
    report.note(
      '"in the app": inside the app process, from `new App()` to the end of `app.synth()` (module loading excluded, and with it the part of the ' +
        'lookup worker\'s start-up that overlaps it); "whole process": the whole `node app.js`, as `cdktf synth` runs it. ' +
        'CPU: process.cpuUsage(), every thread.',
    );
    report.note(`the run took ${fmt((performance.now() - t0) / 1000)} s.`);

    console.log(report.text());
    if (REPORT_FILE !== '-') {
      const header = [`Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${machineLine(loadAtStart)}.`, '', ...settings];
      writeReport(REPORT_FILE, report, header);
      console.log(`\nwritten to ${path.relative(process.cwd(), REPORT_FILE)}`);
    }
  } finally {
    await cloud.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
