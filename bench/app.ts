// One synth of the benchmark app, in its own process, run as `cdktf synth` runs an app
// (run.ts sets CDKTF_OUTDIR, as cdktf does). Usage: node bench/out/app.js <variant>;
// settings come from the environment (run.ts).
//
//   bare     the same stacks and resources, sized by constants: no lookups, and the
//            library is not loaded (an app without lookups has no reason to)
//   bare-lib bare, with the library loaded (run offline: no worker): what loading it costs
//   batched  the library: every construct declared first, then read (one batch)
//   inorder  a hand-written synchronous lookup: each construct blocks on its pages in turn
//   big      one lookup of BENCH_BIG_ROWS rows
//
// Prints one JSON line: in-process synth time (after module loading), CPU time (of the synth,
// and of the whole process so far) and peak RSS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, TerraformStack } from 'cdktf';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { createSyncFn } from 'synckit';
import type { InOrderCall, LookupFactory } from './lookup-factory';
import { appQueries, bigQuery, shapeFromEnv } from './shape';

const variant = process.argv[2] ?? 'batched';
// Module loading, before the clock starts, like cdktf's own: the library (and with it,
// under cdktf synth, its lookup worker's start-up) for every variant but bare.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LOOKUPS: readonly LookupFactory[] = variant === 'bare' ? [] : (require('./lookups') as typeof import('./lookups')).LOOKUPS;
// The baseline's synchronous function is made at module load, as synckit's users make it.
const inOrder = variant === 'inorder' ? createSyncFn<(call: InOrderCall) => Promise<number>>(path.join(__dirname, 'in-order-worker.js')) : undefined;

function synth(): void {
  const shape = shapeFromEnv();
  const base = process.env.CDKTF_OUTDIR ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(base, 'synth-'));

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const app = new App({ outdir });
  const stacks = Array.from({ length: shape.stacks }, (_, s) => {
    const stack = new TerraformStack(app, `stack-${s}`);
    new NullProvider(stack, 'null');
    return stack;
  });
  const queries = variant === 'big' ? [{ factory: 0, query: bigQuery(Number(process.env.BENCH_BIG_ROWS)) }] : appQueries(shape);
  const pageSize = variant === 'big' ? LOOKUPS[0].maxPageSize : shape.pageSize;

  // Declare every lookup first (or, for the baselines, get each value at once).
  const readers = queries.map(({ factory, query }, i): (() => number) => {
    const stack = stacks[i % stacks.length];
    if (variant === 'bare' || variant === 'bare-lib') return () => 7;
    const f = LOOKUPS[factory];
    if (inOrder) {
      const value = inOrder(f.inOrder(query, pageSize));
      return () => value;
    }
    return f.declare(stack, `lookup-${i}`, query, pageSize);
  });
  const tDeclared = performance.now();
  // Then size the stacks by what was looked up.
  let tFirstRead = 0;
  readers.forEach((read, i) => {
    const stack = stacks[i % stacks.length];
    const value = read();
    if (i === 0) tFirstRead = performance.now();
    for (let r = 0; r < shape.resourcesPerLookup; r++) {
      new Resource(stack, `worker-${i}-${r}`, { triggers: { lookup: String(i), value: String(value) } });
    }
  });
  const tBuilt = performance.now();
  app.synth();
  const tEnd = performance.now();
  const synthMs = tEnd - t0;
  const phases = { declareMs: tDeclared - t0, firstReadMs: tFirstRead - tDeclared, buildMs: tBuilt - tFirstRead, appSynthMs: tEnd - tBuilt };
  const cpu = process.cpuUsage(cpu0);
  // The whole process's CPU so far, every thread (the lookup worker's start-up included,
  // which under cdktf synth begins while modules load, before cpu0).
  const all = process.cpuUsage();

  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ synthMs, ...phases, cpuMs: (cpu.user + cpu.system) / 1000, processCpuMs: (all.user + all.system) / 1000, peakRssKb: process.resourceUsage().maxRSS })}\n`,
  );
}

synth();
