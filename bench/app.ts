// One synth of the benchmark app, in its own process (as `cdktf synth` runs an app).
// Usage: node bench/out/app.js <variant> ; settings come from the environment (run.ts).
//
//   bare     the same stacks and resources, sized by constants: no lookups
//   batched  the library: every construct declared first, then read (one batch)
//   inorder  a hand-written synchronous lookup: each construct blocks on its pages in turn
//   big      one lookup of BENCH_BIG_ROWS rows
//
// Prints one JSON line: in-process synth time (after module loading), CPU time and peak RSS.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, TerraformStack } from 'cdktf';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { createSyncFn } from 'synckit';
import 'cdktf-headroom'; // loaded before the clock starts, like cdktf itself: both apps pay it at start-up
import { BenchQuery, InOrderCall, LOOKUPS } from './lookups';

/** The app's shape, shared with run.ts. */
export interface BenchShape {
  readonly lookups: number;
  readonly pages: number;
  readonly pageSize: number;
  readonly stacks: number;
  readonly resourcesPerLookup: number;
}

/** Query i of the mixed app: factory i mod the table, the factory's (i div table)th query. */
export function appQueries(shape: BenchShape): Array<{ factory: number; query: BenchQuery }> {
  return Array.from({ length: shape.lookups }, (_, i) => ({
    factory: i % LOOKUPS.length,
    query: { id: `bench-${String(i).padStart(3, '0')}`, rows: shape.pages * shape.pageSize },
  }));
}

/** The one big query of `rows` rows (answered by the first factory). */
export function bigQuery(rows: number): BenchQuery {
  return { id: `big-${rows}`, rows };
}

/** Reads the shape from the environment run.ts sets. */
export function shapeFromEnv(env: NodeJS.ProcessEnv = process.env): BenchShape {
  return {
    lookups: Number(env.BENCH_LOOKUPS ?? 30),
    pages: Number(env.BENCH_PAGES ?? 5),
    pageSize: Number(env.BENCH_PAGE_SIZE ?? 10),
    stacks: Number(env.BENCH_STACKS ?? 3),
    resourcesPerLookup: Number(env.BENCH_RESOURCES_PER_LOOKUP ?? 3),
  };
}

function synth(variant: string): void {
  const shape = shapeFromEnv();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-out-'));

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // The baseline's worker starts inside the timed part, as the library's does.
  const inOrder = variant === 'inorder' ? createSyncFn<(call: InOrderCall) => Promise<number>>(path.join(__dirname, 'in-order-worker.js')) : undefined;
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
    const f = LOOKUPS[factory];
    if (variant === 'bare') return () => 7;
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

  fs.rmSync(outdir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ synthMs, ...phases, cpuMs: (cpu.user + cpu.system) / 1000, peakRssKb: process.resourceUsage().maxRSS })}\n`);
}

if (require.main === module) synth(process.argv[2] ?? 'batched');
