import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { useFakeCloud } from '../../_helpers/fake-cloud';
import { describeWithPostgres, usePostgres } from '../../_helpers/postgres-server';
import { synthAsCdktf, terraformIn } from '../../_helpers/terraform';
import { itWithTool, toolRuns } from '../../_helpers/tools';

const ROOT = path.join(__dirname, '..', '..', '..');
const APP = path.join(ROOT, 'test', '_fixtures', 'plan-app.js');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');
/** Shifts this process's clock (Date) by HEADROOM_TEST_CLOCK_SHIFT_MS: a checker whose clock is far off. */
const SHIFTED_CLOCK = path.join(ROOT, 'test', '_fixtures', 'shifted-clock.js');

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** Runs the built CLI in a child process, as a pipeline does; `started` sees the child. */
function cliChild(args: string[], env: NodeJS.ProcessEnv, started?: (pid: number) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, HEADROOM_FAIL_ON_WARNINGS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started?.(child.pid!);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

/** A plan of one stack: the synth output folder and the plan JSON of real terraform. */
interface Planned {
  readonly stack: string;
  readonly outdir: string;
  readonly plan: string;
  readonly runId: string;
  readonly quota: string;
}

// `check --plan --reserve`: concurrent pipelines each judged against the headroom less the
// others' live reservations, against a real PostgreSQL 15 and on the record file. The apps
// are synthesized and planned by real terraform (terraform_data only); the checks are child
// processes of the built CLI, as pipelines run them.
describe('check --plan --reserve', () => {
  jest.setTimeout(600_000);
  const cloud = useFakeCloud();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-reserve-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const withTerraform = itWithTool('terraform', toolRuns('terraform', ['version']));

  /** Synthesizes the fixture app's stack `stack` (42 of LIMIT used, WORKERS workers) and plans it with real terraform. */
  async function synthAndPlan(stack: string, env: Record<string, string>): Promise<Planned> {
    const dir = path.join(tmp, stack);
    fs.mkdirSync(dir, { recursive: true });
    const outdir = path.join(dir, 'cdktf.out');
    const synth = await synthAsCdktf(APP, dir, { ...cloud().env(), STACK: stack, ...env });
    expect(synth).toEqual({ code: 0, stderr: '' });
    const stackDir = path.join(outdir, 'stacks', stack);
    const tf = (...args: string[]) => terraformIn(stackDir, tmp, ...args);
    expect(tf('init', '-input=false', '-no-color')).toMatchObject({ code: 0 });
    expect(tf('plan', '-input=false', '-no-color', '-out=plan.tfplan')).toMatchObject({ code: 0 });
    const show = tf('show', '-json', 'plan.tfplan');
    expect(show.code).toBe(0);
    const plan = path.join(stackDir, 'plan.json');
    fs.writeFileSync(plan, show.stdout);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'headroom', 'report.json'), 'utf8'));
    return { stack, outdir, plan, runId: report.run.id, quota: report.headrooms[0].quota.id };
  }

  // Two stacks of two projects (folders, synths) that count the same quota: 42 of 52
  // instances used, 10 free; each plan adds 3 workers.
  let plans: Planned[] | undefined;
  async function twoStacks(): Promise<Planned[]> {
    plans ??= await Promise.all([synthAndPlan('alpha', { LIMIT: '52', WORKERS: '3' }), synthAndPlan('beta', { LIMIT: '52', WORKERS: '3' })]);
    return plans;
  }

  const check = (p: Planned, env: NodeJS.ProcessEnv, ...extra: string[]): Promise<Run> =>
    cliChild(['check', '--plan', p.plan, '--outdir', p.outdir, '--reserve', '--format', 'json', ...extra], env);
  const reservations = async (env: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> => {
    const r = await cliChild(['records', 'reservations', '--json'], env);
    expect(r).toMatchObject({ code: 0, err: '' });
    return JSON.parse(r.out).reservations;
  };

  /** Waits until run `run`'s reservation has expired (its expiresAt, as listed, has passed; the database's clock is this machine's here). */
  async function untilExpired(env: NodeJS.ProcessEnv, run: string): Promise<void> {
    const r = (await reservations(env)).find((x) => x.run === run);
    expect(r).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(r!.expiresAt as string) - Date.now()) + 500));
    expect((await reservations(env)).map((x) => x.run)).not.toContain(run);
  }

  /**
   * The test, for the record `env` makes anew each round: 20 concurrent checks of the two
   * plans (10 each), each its own run: exactly floor(10 / 3) = 3 pass, in every one of 3 rounds.
   */
  const itHoldsTwentyAtOnce = (env: () => Promise<NodeJS.ProcessEnv>): void =>
    withTerraform('20 concurrent checks, each adding 3 into 10 free: exactly 3 pass, in every one of 3 rounds', () => twentyAtOnce(env, 3));

  async function twentyAtOnce(env: () => Promise<NodeJS.ProcessEnv>, rounds: number): Promise<void> {
    const [alpha, beta] = await twoStacks();
    expect(alpha.quota).toBe(beta.quota); // what they count is one quota, though stacks, folders and synths differ
    for (let round = 0; round < rounds; round++) {
      const e = await env();
      const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => check(i % 2 === 0 ? alpha : beta, e, '--run', `r${round}-${i}`)));
      const passed = runs.map((r, i) => [r, i] as const).filter(([r]) => r.code === 0);
      const refused = runs.filter((r) => r.code !== 0);
      expect({ round, passed: passed.length, refused: refused.length }).toEqual({ round, passed: 3, refused: 17 });
      const winners = passed.map(([, i]) => `r${round}-${i}`).sort();
      for (const r of refused) {
        expect(r.code).toBe(2);
        const verdict = JSON.parse(r.out);
        expect(verdict.reservation).toMatchObject({ reserved: false });
        const [h] = verdict.reservation.headrooms;
        expect(h).toMatchObject({ adds: 3, room: 10, reservedByOthers: 9, free: 1, fits: false });
        expect(h.holders.map((x: { run: string }) => x.run).sort()).toEqual(winners);
        expect(r.err).toMatch(
          /REFUSED qingcloud-instances: the plan adds 3, but only 1 of the 10 that fit at synth are free: other runs hold 9 \(run r\d+-\d+, stack (alpha|beta), 3, \d+s ago, by /,
        );
        expect(r.err).toContain('`cdktf-headroom release --run RUN`');
      }
      const live = await reservations(e);
      expect(live.map((x) => x.run).sort()).toEqual(winners);
      expect(live.every((x) => x.amount === 3 && x.quota === alpha.quota)).toBe(true);
    }
  }

  describeWithPostgres('on a shared PostgreSQL record', () => {
    const pg = usePostgres();
    const freshDb = async (): Promise<NodeJS.ProcessEnv> => ({ HEADROOM_LOOKUP_RECORD_URL: pg().url({ db: await pg().createDatabase() }) });
    const sql = async <R>(env: NodeJS.ProcessEnv, text: string, values: unknown[] = []): Promise<R[]> => {
      const c = new Client({ connectionString: env.HEADROOM_LOOKUP_RECORD_URL });
      await c.connect();
      try {
        return (await c.query(text, values)).rows as R[];
      } finally {
        await c.end();
      }
    };

    itHoldsTwentyAtOnce(freshDb);

    withTerraform('two stacks share the quota; a re-check of a run replaces its reservation; release ends it; --run defaults to the synth run', async () => {
      const [alpha, beta] = await twoStacks();
      const env = await freshDb();
      expect((await check(alpha, env, '--run', 'x')).code).toBe(0);
      expect((await check(beta, env, '--run', 'y')).code).toBe(0);
      // Run x again: its own reservation is replaced, not added to (y holds 3, 7 free).
      const again = await check(alpha, env, '--run', 'x');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.out).reservation.headrooms[0]).toMatchObject({ reservedByOthers: 3, free: 7, fits: true });
      // Listed oldest first: x's reservation was made anew.
      expect((await reservations(env)).map((r) => [r.run, r.stack, r.amount])).toEqual([
        ['y', 'beta', 3],
        ['x', 'alpha', 3],
      ]);
      // The synth's own run id when --run is not given: 9 of 10 now held.
      const own = await check(beta, env);
      expect(own.code).toBe(0);
      expect(JSON.parse(own.out).reservation).toMatchObject({ run: beta.runId, reserved: true });
      const refused = await check(alpha, env, '--run', 'z');
      expect(refused.code).toBe(2);
      // The holders, oldest first (x's reservation was made anew): run, stack, amount, age, who.
      expect(refused.err).toMatch(
        new RegExp(`run y, stack beta, 3, \\d+s ago, by [^;]+; run x, stack alpha, 3, \\d+s ago, by [^;]+; run ${beta.runId}, stack beta, 3`),
      );
      expect(JSON.parse(refused.out).reason).toBe("the plan fits, but other runs' reservations hold qingcloud-instances: nothing reserved");
      // release: the run of the report in --outdir, then one by --run; releasing again is no error.
      const released = await cliChild(['release', '--outdir', beta.outdir], env);
      expect(released).toMatchObject({ code: 0, err: '' });
      expect(released.out).toContain(`released 1 reservation(s) of run ${beta.runId}`);
      expect((await cliChild(['release', '--run', 'x'], env)).out).toContain('released 1 reservation(s) of run x');
      expect((await cliChild(['release', '--run', 'x'], env)).out).toContain('no reservation of run x');
      expect((await check(alpha, env, '--run', 'z')).code).toBe(0);
      // records reservations --release drops one by run id.
      expect((await cliChild(['records', 'reservations', '--release', 'z'], env)).out).toContain('released 1 reservation(s) of run z');
      expect((await reservations(env)).map((r) => r.run)).toEqual(['y']);
      const listed = await cliChild(['records', 'reservations'], env);
      expect(listed.out).toMatch(/1 live reservation\(s\)\n {2}q-[0-9a-f]{24} {2}qingcloud-instances {2}3 {2}run y {2}stack beta/);
    });

    withTerraform(
      'expiry on the database clock: a checker whose own clock is 2 hours ahead still sees the others, and an expired one frees the quota',
      async () => {
        const [alpha, beta] = await twoStacks();
        const env = await freshDb();
        for (const run of ['a', 'b']) expect((await check(alpha, env, '--run', run)).code).toBe(0);
        expect((await check(beta, env, '--run', 'short', '--ttl', '15s')).code).toBe(0);
        // A checker 2 h ahead: with its own clock it would think every 1 h reservation expired.
        const ahead = { ...env, NODE_OPTIONS: `--require ${SHIFTED_CLOCK}`, HEADROOM_TEST_CLOCK_SHIFT_MS: String(2 * 3600_000) };
        const skewed = await check(beta, ahead, '--run', 'c');
        expect(skewed.code).toBe(2);
        expect(JSON.parse(skewed.out).reservation.headrooms[0]).toMatchObject({ reservedByOthers: 9 });
        const [row] = await sql<{ ttl: number }>(
          env,
          `SELECT extract(epoch FROM expires_at - created_at)::float AS ttl FROM headroom_reservations WHERE run = 'a'`,
        );
        expect(row.ttl).toBe(3600);
        // The 15 s reservation runs out (on the database's clock): its 3 are free again.
        await untilExpired(env, 'short');
        const after = await check(beta, env, '--run', 'c');
        expect(after.code).toBe(0);
        expect((await reservations(env)).map((r) => r.run).sort()).toEqual(['a', 'b', 'c']);
      },
    );

    withTerraform('kill -9 of a checker between its judgement and its COMMIT reserves nothing; faults are HEADROOM_RECORD errors and exit 2', async () => {
      const [alpha] = await twoStacks();
      const env = await freshDb();
      expect((await check(alpha, env, '--run', 'first')).code).toBe(0);
      // The test holds a lock that lets the checker read and judge, but not write: it waits inside its transaction.
      const holder = new Client({ connectionString: env.HEADROOM_LOOKUP_RECORD_URL });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE headroom_reservations IN SHARE MODE');
      let pid = 0;
      const run = cliChild(['check', '--plan', alpha.plan, '--outdir', alpha.outdir, '--reserve', '--run', 'killed'], env, (p) => (pid = p));
      holder.on('error', () => undefined);
      let waiting: Array<{ query: string }> = [];
      let exited: Run | undefined;
      void run.then((r) => (exited = r));
      for (let i = 0; i < 300 && waiting.length === 0 && !exited; i++) {
        await new Promise((r) => setTimeout(r, 100));
        // Outside the holder's transaction, which would see the activity as it was when it began.
        waiting = await sql(
          env,
          `SELECT query FROM pg_stat_activity WHERE application_name = 'cdktf-headroom' AND wait_event_type = 'Lock' AND datname = current_database()`,
        );
      }
      expect(exited).toBeUndefined();
      expect(waiting.map((w) => w.query.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(['DELETE FROM headroom_reservations']); // judged, now writing
      process.kill(pid, 'SIGKILL');
      expect((await run).code).toBe(null);
      await holder.query('ROLLBACK');
      // The server ends the killed checker's session and rolls its transaction back.
      for (let i = 0; i < 100; i++) {
        const left = await holder.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'cdktf-headroom' AND datname = current_database()`);
        if (left.rowCount === 0) break;
        await holder.query('SELECT pg_stat_clear_snapshot()');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await holder.query('SELECT run FROM headroom_reservations ORDER BY run')).rows).toEqual([{ run: 'first' }]);
      await holder.end();
      // Nothing is left locked: the next checks are judged as before (3 + 3 + 3 of 10).
      expect((await check(alpha, env, '--run', 'next')).code).toBe(0);
      expect((await check(alpha, env, '--run', 'third')).code).toBe(0);
      expect((await check(alpha, env, '--run', 'fourth')).code).toBe(2);

      // Faults fail closed with exit 2: a database that cannot be reached, tables of a newer schema.
      const unreachable = await check(alpha, { HEADROOM_LOOKUP_RECORD_URL: pg().url({ port: 1 }) }, '--run', 'u');
      expect(unreachable.code).toBe(2);
      expect(unreachable.err).toMatch(/cannot be reached .*Nothing was read or written/);
      expect(JSON.parse(unreachable.out)).toMatchObject({ exitCode: 2, reason: 'nothing reserved' });
      await sql(env, 'UPDATE headroom_lookup_schema SET version = 3');
      const newer = await check(alpha, env, '--run', 'v');
      expect(newer.code).toBe(2);
      expect(newer.err).toMatch(/has tables of schema version 3.*uses schema version 2/);
      expect((await sql(env, 'SELECT count(*)::int AS n FROM headroom_reservations'))[0]).toEqual({ n: 3 });
    });
  });

  describe('on the record file (one machine)', () => {
    let n = 0;
    const freshFile = async (): Promise<NodeJS.ProcessEnv> => ({
      HEADROOM_LOOKUP_RECORD_URL: '',
      HEADROOM_LOOKUP_RECORD_FILE: path.join(tmp, `record-${++n}`, 'cdktf.lookups.json'),
    });

    itHoldsTwentyAtOnce(freshFile);

    withTerraform('release and expiry; the reservations sit beside the record file', async () => {
      const [alpha, beta] = await twoStacks();
      const env = await freshFile();
      expect((await check(alpha, env, '--run', 'a')).code).toBe(0);
      expect((await check(beta, env, '--run', 'b', '--ttl', '15s')).code).toBe(0);
      expect((await check(beta, env, '--run', 'c')).code).toBe(0);
      expect((await check(alpha, env, '--run', 'd')).code).toBe(2);
      const file = `${env.HEADROOM_LOOKUP_RECORD_FILE}.reservations.json`;
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).reservations.map((r: { run: string }) => r.run)).toEqual(['a', 'b', 'c']);
      await untilExpired(env, 'b');
      expect((await check(alpha, env, '--run', 'd')).code).toBe(0); // b expired
      expect((await cliChild(['release', '--run', 'a'], env)).out).toContain('released 1 reservation(s) of run a');
      expect((await reservations(env)).map((r) => r.run).sort()).toEqual(['c', 'd']);
      fs.writeFileSync(file, '{ not json');
      const broken = await check(alpha, env, '--run', 'e');
      expect(broken.code).toBe(2);
      expect(broken.err).toContain('is not valid JSON, so no reservation can be judged (fail closed)');
    });
  });
});
