// The reservations row of `npm run bench`: 50 concurrent `cdktf-headroom check --plan
// --reserve` against one PostgreSQL, each its own run, against 50 concurrent checks of the
// same plan without `--reserve`, in the same run. The plan is real: the plan fixture app
// synthesized against the fake cloud and planned by terraform (terraform_data only).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeCloud } from 'cdktf-headroom/testing';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');
const APP = path.join(ROOT, 'test', '_fixtures', 'plan-app.js');

/** What {@link benchReserve} measured, or why it could not. */
export interface ReserveFigures {
  /** How many checks ran at once. */
  readonly concurrent: number;
  /** Median wall time of one `check --plan --reserve` process, ms. */
  readonly reserveMs: number;
  /** Median wall time of one `check --plan` process (no reservation), ms. */
  readonly plainMs: number;
  /** `reserveMs / plainMs` (target at most 1.5). */
  readonly ratio: number;
  /** Wall time of the 50 reserving checks together, ms. */
  readonly reserveWallMs: number;
  /** Wall time of the 50 plain checks together, ms. */
  readonly plainWallMs: number;
  /** How many reserving checks passed (all should: the quota has room for every one). */
  readonly reserved: number;
}

interface PostgresServer {
  url(options?: { db?: string }): string;
  createDatabase(): Promise<string>;
  stop(): void;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timedCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; ms: number; err: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, ms: performance.now() - started, err })));
}

/**
 * Measures the reservations row; undefined (with the reason on stderr) when PostgreSQL's
 * binaries or terraform are missing.
 */
export async function benchReserve(concurrent = 50): Promise<ReserveFigures | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const postgres = require(path.join(ROOT, 'scripts', 'postgres-server.js')) as {
    postgresBinDir(): string | undefined;
    startPostgres(): Promise<PostgresServer>;
  };
  if (!postgres.postgresBinDir() || spawnSync('terraform', ['version']).status !== 0) {
    console.error('reservations row skipped: it needs the PostgreSQL server binaries and terraform');
    return undefined;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-reserve-'));
  const cloud = await startFakeCloud();
  const pg = await postgres.startPostgres();
  try {
    const outdir = path.join(tmp, 'cdktf.out');
    // 42 of 10,000 used: every check's 3 fit, so every reserving check writes.
    const synth = spawnSync(process.execPath, [APP], { cwd: tmp, env: { ...process.env, ...cloud.env(), CDKTF_OUTDIR: outdir, LIMIT: '10000', WORKERS: '3' } });
    if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
    const stackDir = path.join(outdir, 'stacks', 'workers');
    fs.writeFileSync(path.join(tmp, 'terraform.rc'), 'disable_checkpoint = true\n');
    const tfEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: path.join(tmp, 'terraform.rc'),
      TF_DATA_DIR: path.join(stackDir, '.terraform-data'),
      TF_IN_AUTOMATION: '1',
    };
    for (const args of [
      ['init', '-input=false'],
      ['plan', '-input=false', '-out=plan.tfplan'],
    ]) {
      const r = spawnSync('terraform', args, { cwd: stackDir, env: tfEnv, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`terraform ${args[0]} failed: ${r.stdout}${r.stderr}`);
    }
    const plan = path.join(stackDir, 'plan.json');
    fs.writeFileSync(plan, spawnSync('terraform', ['show', '-json', 'plan.tfplan'], { cwd: stackDir, env: tfEnv, encoding: 'utf8' }).stdout);
    const env = { ...process.env, HEADROOM_LOOKUP_RECORD_URL: pg.url({ db: await pg.createDatabase() }), HEADROOM_FAIL_ON_WARNINGS: '' };
    const base = ['check', '--plan', plan, '--outdir', outdir, '--format', 'summary'];
    await timedCli([...base, '--reserve', '--run', 'warm-up'], env); // creates the tables
    const batch = async (reserve: boolean): Promise<{ ms: number[]; wall: number; ok: number }> => {
      const started = performance.now();
      const runs = await Promise.all(
        Array.from({ length: concurrent }, (_, i) => timedCli(reserve ? [...base, '--reserve', '--run', `bench-${i}`] : base, env)),
      );
      return { ms: runs.map((r) => r.ms), wall: performance.now() - started, ok: runs.filter((r) => r.code === 0).length };
    };
    const plain = await batch(false);
    const reserve = await batch(true);
    const [reserveMs, plainMs] = [median(reserve.ms), median(plain.ms)];
    return { concurrent, reserveMs, plainMs, ratio: reserveMs / plainMs, reserveWallMs: reserve.wall, plainWallMs: plain.wall, reserved: reserve.ok };
  } finally {
    pg.stop();
    await cloud.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The row as one line of the bench's output. */
export function reserveLine(f: ReserveFigures): string {
  return (
    `reservations: ${f.concurrent} concurrent check --plan --reserve against one PostgreSQL: ${Math.round(f.reserveMs)} ms per check (median process), ` +
    `${Math.round(f.reserveWallMs)} ms for all; without --reserve ${Math.round(f.plainMs)} ms (${Math.round(f.plainWallMs)} ms for all); ` +
    `${f.ratio.toFixed(2)}x (target at most 1.5x); ${f.reserved} of ${f.concurrent} reserved`
  );
}

// `node bench/out/reserve.js`: the row alone.
if (require.main === module) {
  void benchReserve().then((f) => f && console.log(reserveLine(f)));
}
