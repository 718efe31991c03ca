// `npm run bench:profile`: where the CPU of the benchmark's synths goes. Runs the bench app
// (app.ts) under `node --cpu-prof` against the fake cloud, as bench/run.ts runs it, reads
// the profiles of the app's threads (the main thread and the lookup worker), sums the time
// of each sample by where it was spent, and writes the tables into docs/performance.md
// (between the profile markers). A script, not a test: the figures belong to this machine.
//
// Each scenario also measures the fake cloud's CPU (the bench process's own, which serves
// it) while the app runs: both share the machine's CPUs, so the sum over the CPU count is
// a lower bound that no client code can beat on this machine.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeCloud, FakeCloud } from 'cdktf-headroom/testing';
import { machineLine, writeSection } from './report';
import { LOOKUPS } from './lookups';
import {
  BIG_ROWS,
  fakeData,
  LATENCY_MS,
  postgres,
  prepareCloud,
  roundTripMs,
  runApp,
  runPrepared,
  Sample,
  SHAPE,
  THROTTLE_IN_FLIGHT,
  THROTTLED,
} from './setup';
import { appQueries, requestsPerListing, shapeEnv } from './shape';

/** Where the section is written (`BENCH_REPORT=-` writes nothing). */
const REPORT_FILE = process.env.BENCH_REPORT ?? path.join(__dirname, '..', '..', 'docs', 'performance.md');
/** How many places are listed per scenario. */
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 16);
/** The fleet of bench/run.ts: synths started together against one shared PostgreSQL record. */
const FLEET = Number(process.env.BENCH_FLEET_SIZE ?? 20);
const LIB_DIR = path.resolve(__dirname, '..', '..', 'lib');

/** A V8 CPU profile, as `--cpu-prof` writes it. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Milliseconds per place, for one thread. */
type Places = Map<string, number>;

/** What a sample's function is part of: the library's file, a package, a part of Node.js, or V8's own work. */
export function placeOf(functionName: string, url: string): string | undefined {
  if (functionName === '(idle)') return undefined;
  if (functionName === '(garbage collector)') return 'V8: garbage collection';
  if (functionName === '(program)') return 'V8: compiling and native code (program)';
  if (functionName === '(root)') return 'V8: root';
  // The main thread blocks in Atomics.wait while the worker answers (inside synckit's
  // receiveMessageWithId, where V8 puts the builtin's samples): waiting, not CPU.
  if ((url === '' && functionName === 'wait') || (functionName === 'receiveMessageWithId' && url.includes('/synckit/'))) return undefined;
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return `package ${pkg[1]}`;
  if (file.startsWith(LIB_DIR + path.sep)) return `library ${path.relative(LIB_DIR, file).replace(/\.js$/, '')}`;
  if (file.startsWith(path.resolve(__dirname) + path.sep)) return 'the bench app';
  if (/^node:internal\/(modules|vm)|^node:internal\/bootstrap/.test(file)) return 'Node.js: loading modules';
  if (/async_hooks|async_context/.test(file)) return 'Node.js: async hooks (AsyncLocalStorage)';
  if (file.startsWith('node:')) return `Node.js: ${file.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  if (file === '') return `built-in ${functionName || '(anonymous)'}`;
  return file;
}

/** Sums one profile's samples by place (each sample weighs the time until the next one). */
function placesOf(profile: CpuProfile): Places {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out: Places = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]);
    const place = frame && placeOf(frame.functionName, frame.url);
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (place) out.set(place, (out.get(place) ?? 0) + ms);
  }
  return out;
}

/** The profiles of one process, by thread: `main` (thread id 0) and `worker N`. */
function readProfiles(dir: string): Map<string, Places> {
  const threads = new Map<string, Places>();
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()) {
    // CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile
    const tid = Number(name.split('.')[4]);
    const thread = tid === 0 ? 'main' : `worker ${tid}`;
    const places = placesOf(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as CpuProfile);
    const into = threads.get(thread) ?? new Map<string, number>();
    for (const [p, ms] of places) into.set(p, (into.get(p) ?? 0) + ms);
    threads.set(thread, into);
  }
  return threads;
}

/** The kind of a place, for the one-line summary. */
function kindOf(place: string): string {
  if (place === 'Node.js: loading modules') return 'loading modules';
  if (place.startsWith('library ')) return 'the library';
  if (place === 'package axios') return 'axios';
  if (place === 'package cdktf' || place === 'package constructs') return 'cdktf and constructs';
  if (place.startsWith('package ')) return 'other packages';
  if (place.startsWith('Node.js: ')) return 'Node.js (http, net, streams, fs, ...)';
  if (place.startsWith('built-in ')) return 'built-ins (JSON, RegExp, ...)';
  if (place.startsWith('V8: ')) return place.slice(4);
  return place;
}

const total = (p: Places): number => [...p.values()].reduce((a, b) => a + b, 0);
const ms = (n: number): string => `${Math.round(n)} ms`;

interface Scenario {
  /** Its name in BENCH_PROFILE_ONLY (a comma-separated list of names; unset: every scenario). */
  readonly name: string;
  readonly title: string;
  readonly what: string;
  readonly variant: string;
  readonly env: Record<string, string>;
  readonly limits?: { maxInFlight?: number };
  /** Runs before the profiled one (for example the live run that writes the record an offline run reads). */
  readonly warmUp?: number;
  /** The environment of one live synth run first when the record file it names does not exist yet (an offline scenario run alone). */
  readonly recordWith?: Record<string, string>;
}

type Result = Awaited<ReturnType<typeof profileOne>>;

/**
 * What the CPU alone allows, for the rows with a wall-time target: the floor of the row,
 * what its target allows, and a lower bound no code can beat on this machine with this
 * much CPU (the app's and the fake cloud's, spread perfectly over every CPU).
 */
function verdicts(res: ReadonlyMap<string, Result>, rtt: number): string[] {
  const cpus = os.cpus().length;
  const lines = [
    '### What the CPU alone allows',
    '',
    `For the rows above with a wall-time target: the row's floor, what its target allows, and a lower bound from this profiled run's CPU ` +
      `(the app's, every thread, and the fake cloud's meanwhile, as if spread perfectly over the ${cpus} CPUs; profiling adds to it). ` +
      'Where the bound is above what the target allows, no scheduling can meet the target: only less CPU can.',
    '',
    '| row | floor | the target allows | lower bound from the CPU | |',
    '| --- | --- | --- | --- | --- |',
  ];
  const row = (name: string, floor: number, floorText: string, max: number, bound: number, boundText: string): void => {
    const allowed = floor * max;
    lines.push(
      `| ${name} | ${floorText}: ${ms(floor)} | ${max}x: ${ms(allowed)} | ${boundText}: ${ms(bound)} (${(bound / floor).toFixed(2)}x) | ${bound > allowed ? 'needs less CPU' : 'reachable'} |`,
    );
  };
  const batched = res.get('batched');
  const bare = res.get('bare');
  if (batched && bare) {
    row(
      `${SHAPE.lookups} lookups x ${SHAPE.pages} pages, batched, partial last pages (in the app)`,
      bare.sample.synthMs + 2 * rtt,
      'bare + 2 round trips',
      1.5,
      (batched.sample.cpuMs + batched.cloudCpuMs) / cpus,
      `(synth CPU ${ms(batched.sample.cpuMs)} + cloud ${ms(batched.cloudCpuMs)}) / ${cpus}`,
    );
  }
  const offline = res.get('offline');
  const bareLib = res.get('bare-lib');
  if (offline && bareLib) {
    const extra = offline.sample.processCpuMs - bareLib.sample.processCpuMs;
    row(
      `${SHAPE.lookups} lookups, offline, whole process`,
      bareLib.sample.processMs,
      'bare with the library loaded',
      1.05,
      bareLib.sample.processMs + extra / cpus,
      `floor + CPU beyond it (${ms(extra)}) / ${cpus}`,
    );
  }
  const throttled = res.get('throttled');
  if (throttled) {
    const needed = new Map<string, number>();
    for (const q of appQueries(THROTTLED)) needed.set(LOOKUPS[q.factory].cloud, (needed.get(LOOKUPS[q.factory].cloud) ?? 0) + requestsPerListing(THROTTLED));
    const pages = Math.max(...needed.values());
    row(
      `${THROTTLED.lookups} lookups x ${THROTTLED.pages} pages, throttled (the batch)`,
      (pages * LATENCY_MS) / THROTTLE_IN_FLIGHT,
      `${pages} pages x ${LATENCY_MS} ms / ${THROTTLE_IN_FLIGHT}`,
      1.15,
      (throttled.sample.cpuMs + throttled.cloudCpuMs) / cpus,
      `(synth CPU ${ms(throttled.sample.cpuMs)} + cloud ${ms(throttled.cloudCpuMs)}) / ${cpus}`,
    );
  }
  const cached = res.get('cached');
  if (cached && bare) {
    row(
      `${FLEET} synths sharing a PostgreSQL record, started together`,
      (FLEET * bare.sample.processCpuMs) / cpus,
      `${FLEET} bare synths' CPU / ${cpus}`,
      1.3,
      (FLEET * cached.sample.processCpuMs) / cpus,
      `${FLEET} x a cached synth's CPU (${ms(cached.sample.processCpuMs)}, whole process) / ${cpus}`,
    );
  }
  return lines;
}

/** One profiled synth: the app's figures, the fake cloud's CPU meanwhile, and the app's threads' places. */
async function profileOne(cloud: FakeCloud, s: Scenario, dir: string): Promise<{ sample: Sample; cloudCpuMs: number; threads: Map<string, Places> }> {
  if (s.recordWith && !fs.existsSync(s.recordWith.HEADROOM_LOOKUP_RECORD_FILE)) await runApp(cloud, s.variant, s.recordWith, s.limits);
  for (let i = 0; i < (s.warmUp ?? 1); i++) await runApp(cloud, s.variant, s.env, s.limits);
  const profDir = fs.mkdtempSync(path.join(dir, `prof-${s.name}-`));
  const prof = ['--cpu-prof', '--cpu-prof-dir', profDir];
  await prepareCloud(cloud, s.limits);
  const cpu0 = process.cpuUsage();
  // The lookup worker is started by synckit, with the flags of SYNCKIT_EXEC_ARGV (not the process's).
  const sample = await runPrepared(cloud, s.variant, { ...s.env, SYNCKIT_EXEC_ARGV: prof.join(',') }, prof);
  const cpu = process.cpuUsage(cpu0);
  if (process.env.BENCH_PROFILE_KEEP) console.log(`profiles kept in ${profDir}`);
  return { sample, cloudCpuMs: (cpu.user + cpu.system) / 1000, threads: readProfiles(profDir) };
}

/** The scenario's lines: its figures, the CPU-bound lower bound, and a table of the top places per thread. */
function section(s: Scenario, r: Awaited<ReturnType<typeof profileOne>>): string[] {
  const threads = [...r.threads.keys()];
  const all: Places = new Map();
  for (const p of r.threads.values()) for (const [k, v] of p) all.set(k, (all.get(k) ?? 0) + v);
  const sum = total(all);
  const cpus = os.cpus().length;
  const bound = (r.sample.processCpuMs + r.cloudCpuMs) / cpus;
  const library = [...all].filter(([k]) => k.startsWith('library ')).reduce((a, [, v]) => a + v, 0);
  const noWorker =
    r.sample.requests > 0 && threads.length < 2 ? ' (no profile of the lookup worker: it was stopped with the process before writing it; run again)' : '';
  const lines = [
    `### ${s.title}`,
    '',
    `${s.what}. In the app ${ms(r.sample.synthMs)} (first read ${ms(r.sample.firstReadMs)}), whole process ${ms(r.sample.processMs)}, ` +
      `${r.sample.requests} requests. CPU (process.cpuUsage, every thread, profiling included): the app ${ms(r.sample.processCpuMs)}, ` +
      `the fake cloud meanwhile ${ms(r.cloudCpuMs)}; on ${cpus} CPU(s) the process cannot end before ${ms(bound)} of its own and the cloud's CPU is done. ` +
      `Profiled: ${threads.map((t) => `${t} ${ms(total(r.threads.get(t)!))}`).join(', ')}; the library's own code ${ms(library)} (${((100 * library) / sum).toFixed(0)}%)${noWorker}.`,
    '',
    `| where the time goes | ${threads.join(' | ')} | share |`,
    `| --- | ${threads.map(() => '---:').join(' | ')} | ---: |`,
  ];
  const kinds: Places = new Map();
  for (const [k, v] of all) kinds.set(kindOf(k), (kinds.get(kindOf(k)) ?? 0) + v);
  lines.splice(
    3,
    0,
    '',
    `By kind, every thread: ${[...kinds]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${ms(v)} (${((100 * v) / sum).toFixed(0)}%)`)
      .join(', ')}.`,
  );
  const top = [...all].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  for (const [place, t] of top) {
    lines.push(
      `| ${place.replace(/\|/g, '\\|')} | ${threads.map((th) => ms(r.threads.get(th)!.get(place) ?? 0)).join(' | ')} | ${((100 * t) / sum).toFixed(1)}% |`,
    );
  }
  const rest = sum - top.reduce((a, [, t]) => a + t, 0);
  lines.push(
    `| everything else (${all.size - top.length} places) | ${threads.map((th) => ms(total(r.threads.get(th)!) - top.reduce((a, [p]) => a + (r.threads.get(th)!.get(p) ?? 0), 0))).join(' | ')} | ${((100 * rest) / sum).toFixed(1)}% |`,
  );
  return lines;
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  const startedAt = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-profile-'));
  const base = { HEADROOM_LOOKUP_MODE: 'live', CDKTF_OUTDIR: path.join(dir, 'cdktf.out') };
  const appEnv = { ...base, ...shapeEnv(SHAPE), HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'partial.lookups.json') };
  const big = BIG_ROWS[BIG_ROWS.length - 1];
  const scenarios: Scenario[] = [
    { name: 'batched', title: 'batched', what: `${SHAPE.lookups} lookups x ${SHAPE.pages} pages, live, partial last pages`, variant: 'batched', env: appEnv },
    { name: 'bare', title: 'bare', what: 'the same stacks sized by constants, without the library', variant: 'bare', env: appEnv },
    {
      name: 'bare-lib',
      title: 'bare with the library loaded',
      what: 'the same stacks sized by constants, offline, the library loaded',
      variant: 'bare-lib',
      env: { ...appEnv, HEADROOM_LOOKUP_MODE: 'offline' },
    },
    {
      name: 'offline',
      title: 'offline',
      what: `the ${SHAPE.lookups} lookups answered from the record`,
      variant: 'batched',
      env: { ...appEnv, HEADROOM_LOOKUP_MODE: 'offline' },
      recordWith: appEnv,
    },
    {
      name: 'big',
      title: `big, ${big.toLocaleString('en-US')} rows`,
      what: `one lookup of ${big.toLocaleString('en-US')} rows, live, its record re-read and rewritten (second run)`,
      variant: 'big',
      env: { ...appEnv, HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'big.lookups.json'), BENCH_BIG_ROWS: String(big) },
    },
    {
      name: 'throttled',
      title: 'throttled',
      what: `${THROTTLED.lookups} lookups x ${THROTTLED.pages} pages, throttled above ${THROTTLE_IN_FLIGHT} in flight per cloud`,
      variant: 'batched',
      env: { ...base, ...shapeEnv(THROTTLED), HEADROOM_LOOKUP_RECORD_FILE: path.join(dir, 'scale.lookups.json') },
      limits: { maxInFlight: THROTTLE_IN_FLIGHT },
    },
  ];
  const only = process.env.BENCH_PROFILE_ONLY?.split(',');
  const lines: string[] = [
    `Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Machine: ${machineLine(loadAtStart)}.`,
    '',
    'One profiled synth per scenario (`node --cpu-prof`, after one unprofiled warm-up run), the same app and fake cloud as the rows above. ' +
      "Times are the profiles' samples by where they fell (a sample weighs the time to the next), per thread; waiting (idle, Atomics.wait) is left out. " +
      '"library X" is the library\'s compiled file lib/X.js; "package X" a dependency; "V8: compiling and native code" is V8\'s own work outside JavaScript functions.',
  ];
  const cloud = await startFakeCloud({ data: fakeData() });
  // The fleet's situation (bench/run.ts): a cached synth against a shared PostgreSQL record
  // that an earlier synth filled (the warm-up run), as 19 of the fleet's 20 find it.
  const pg = postgres.postgresBinDir() && (!only || only.includes('cached')) ? await postgres.startPostgres() : undefined;
  if (pg) {
    scenarios.push({
      name: 'cached',
      title: 'cached, shared PostgreSQL record',
      what: `the ${SHAPE.lookups} lookups in cached mode against a shared PostgreSQL record an earlier synth filled (as most of a fleet finds it)`,
      variant: 'batched',
      env: { ...appEnv, HEADROOM_LOOKUP_MODE: 'cached', HEADROOM_LOOKUP_RECORD_URL: pg.url({ db: await pg.createDatabase() }) },
    });
  } else {
    lines.push('', 'cached, shared PostgreSQL record: SKIPPED, no PostgreSQL server binaries.');
  }
  try {
    const rtt = await roundTripMs(cloud, appQueries(SHAPE)[0].query);
    const results = new Map<string, Result>();
    for (const s of scenarios.filter((x) => !only || only.includes(x.name))) {
      console.log(`profiling ${s.name} ...`);
      const r = await profileOne(cloud, s, dir);
      results.set(s.name, r);
      lines.push('', ...section(s, r));
    }
    lines.push('', ...verdicts(results, rtt));
  } finally {
    await cloud.stop();
    pg?.stop();
    if (!process.env.BENCH_PROFILE_KEEP) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
  if (REPORT_FILE !== '-') {
    writeSection(REPORT_FILE, 'profile', 'npm run bench:profile', lines);
    console.log(`\nwritten to ${path.relative(process.cwd(), REPORT_FILE)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
