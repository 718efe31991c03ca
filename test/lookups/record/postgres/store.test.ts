// The lookup record in PostgreSQL, against a real server this file starts (see
// test/_helpers/postgres-server.ts): every mode, the records CLI, copies both ways, the
// fleet's one request per question, and each fault. The store's I/O runs on the lookup
// worker from lib/: `npm run build` first.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { Client } from 'pg';
import { runCli } from '../../../../src/cli/main';
import { ProjectResourceStat } from '../../../../src/clouds/qingcloud/project-resource-stat';
import { LookupRecordError } from '../../../../src/core/errors';
import { LookupEngine } from '../../../../src/lookups/batch/engine';
import { LookupRecord } from '../../../../src/lookups/record/entry';
import { lookupRecordStoreAt } from '../../../../src/lookups/record/open-store';
import { postgresRecordTarget } from '../../../../src/lookups/record/postgres/target';
import { PostgresRecordStore } from '../../../../src/lookups/record/postgres/store';
import { FAKE_QINGCLOUD_PROJECT } from '../../../../src/testing/default-data';
import { describeWithPostgres, PASSWORD_ROLE } from '../../../_helpers/postgres-server';
import { usePostgresRecord } from '../../../_helpers/postgres-record';
import { thrownBy } from '../../../_helpers/rejection';
import { plainStatRow } from '../../../_helpers/qingcloud-rows';
import { startNode, NodeRun } from '../../../_helpers/child';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const FLEET_APP = path.join(ROOT, 'test', '_fixtures', 'fleet-app.js');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');
const LIVE_INSTANCES = 42;
const KIND = 'qingcloud:GetProjectResourceStat';

const record = (key: string, agoMs: number, value: unknown = { n: 1 }): LookupRecord => ({
  key,
  kind: KIND,
  cloud: 'qingcloud',
  fetchedAt: new Date(Date.now() - agoMs).toISOString(),
  value,
});

async function cli(...argv: string[]): Promise<NodeRun> {
  const run = { code: 0 as number | null, out: '', err: '' };
  run.code = await runCli(argv, { out: (t) => (run.out += t), err: (t) => (run.err += t) });
  return run;
}

describeWithPostgres('the lookup record in PostgreSQL', () => {
  const pgRecord = usePostgresRecord({ unset: ['HEADROOM_LOOKUP_MAX_AGE', 'HEADROOM_LOOKUP_LEASE'] });
  const { pg, cloud } = pgRecord;

  const rows = (database = pgRecord.db): Promise<Array<{ key: string; fetched_at: string; value: unknown }>> =>
    new Promise((resolve, reject) => {
      const c = new Client({ connectionString: pg().url({ db: database }) });
      c.connect()
        .then(() => c.query('SELECT key, fetched_at, value FROM headroom_lookup_records ORDER BY key'))
        .then((r) => resolve(r.rows))
        .catch(reject)
        .finally(() => void c.end());
    });
  const store = (u = pgRecord.url): PostgresRecordStore => lookupRecordStoreAt(u, {}) as PostgresRecordStore;
  const stat = (props: Record<string, unknown> = {}, app = Testing.app()): ProjectResourceStat =>
    new ProjectResourceStat(new TerraformStack(app, 's'), 'usage', { ...FAKE_QINGCLOUD_PROJECT, ...props });
  const requests = async (): Promise<number> => (await cloud().requests('qingcloud')).length;
  /** Plants a value no live lookup returns for the default query, fetched `agoMs` ago. */
  const plant = (instanceCount: number, agoMs: number): string => {
    const probe = stat({ lookupMode: 'offline' });
    const key = (probe as unknown as { lookup: { key: string } }).lookup.key;
    // A consistent value (entries are checked: the totals are the sums over the rows).
    const row = plainStatRow({ instanceCount });
    store().merge([{ ...record(key, agoMs), value: { rows: [row], totals: row, totalCount: 1 } }]);
    return key;
  };

  describe('the store', () => {
    it('creates its tables on first use, with a schema version', async () => {
      expect(store().init()).toBe(2);
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      const tables = (await c.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE 'headroom_%' ORDER BY 1`)).rows.map((r) => r.tablename);
      const version = (await c.query('SELECT version FROM headroom_lookup_schema')).rows;
      await c.end();
      expect(tables).toEqual(
        expect.arrayContaining([
          'headroom_lookup_history',
          'headroom_lookup_leases',
          'headroom_lookup_records',
          'headroom_lookup_schema',
          'headroom_reservations',
        ]),
      );
      expect(version).toEqual([{ version: 2 }]);
    });

    it('merges (the entry fetched last wins), lists sorted by key, removes and clears', async () => {
      const s = store();
      expect(s.merge([record('b', 5000, 'old'), record('a', 1000)])).toBe(2);
      s.merge([record('b', 10_000, 'older still'), record('c', 0)]);
      s.merge([record('b', 0, 'new')]);
      expect(s.list().map((r) => [r.key, r.value])).toEqual([
        ['a', { n: 1 }],
        ['b', 'new'],
        ['c', { n: 1 }],
      ]);
      expect(s.remove(['a', 'zz']).map((r) => r.key)).toEqual(['a']);
      expect((await rows()).map((r) => r.key)).toEqual(['b', 'c']);
      expect(s.clear()).toBe(2);
      expect(await rows()).toEqual([]);
    });

    it('checks entries when read: a malformed one is never used (a HEADROOM_RECORD error naming the database and key), and is left as it is', async () => {
      const probe = stat({ lookupMode: 'offline' });
      const key = (probe as unknown as { lookup: { key: string } }).lookup.key;
      store().init();
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      await c.query(`INSERT INTO headroom_lookup_records (key, kind, cloud, fetched_at, value) VALUES ($1, $2, 'qingcloud', 'yesterday', '{}')`, [key, KIND]);
      await c.end();
      const err = stat({ lookupMode: 'offline' }).lookupError;
      expect(err).toBeInstanceOf(LookupRecordError);
      expect((err as LookupRecordError).code).toBe('HEADROOM_RECORD');
      expect(err!.message).toContain(`database "${pgRecord.db}" on 127.0.0.1:${pg().port}`);
      expect(err!.message).toContain(JSON.stringify(key));
      expect(await requests()).toBe(0);
      expect((await rows()).map((r) => [r.key, r.fetched_at])).toEqual([[key, 'yesterday']]);
      // Recording that key again replaces the malformed entry (its time cannot be compared).
      store().merge([record(key, 0, 'good')]);
      expect(
        store()
          .list()
          .map((r) => [r.key, r.value]),
      ).toEqual([[key, 'good']]);
    });
  });

  describe('modes', () => {
    it('live queries and records in the database; failures are never recorded', async () => {
      expect(stat().totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      const [row] = await rows();
      expect(row.key.startsWith(`${KIND} `)).toBe(true);
      expect((row.value as { totals: { instanceCount: number } }).totals.instanceCount).toBe(LIVE_INSTANCES);
      for (const secret of Object.values(cloud().env())) if (secret.length > 8 && !secret.startsWith('http')) expect(JSON.stringify(row)).not.toContain(secret);

      const other = await pg().createDatabase();
      process.env.HEADROOM_LOOKUP_RECORD_URL = pg().url({ db: other });
      await cloud().inject({ cloud: 'qingcloud', serverError: 10 });
      expect(stat({ transport: { retry: { maxAttempts: 1 } } }).lookupError).toBeDefined();
      expect(await rows(other)).toEqual([]);
    });

    it('cached reuses a young entry and asks again for an old one', async () => {
      process.env.HEADROOM_LOOKUP_MODE = 'cached';
      plant(7, 60_000);
      const app = Testing.app();
      expect(stat({}, app).totals.instanceCount).toBe(7);
      expect(LookupEngine.of(app).recordStats).toMatchObject({ queried: 0, fromRecord: 1, recorded: 0 });
      expect(await requests()).toBe(0);

      plant(7, 2 * 3_600_000);
      const old = stat({ lookupMaxAgeSeconds: 60 });
      expect(old.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      const [row] = await rows();
      expect((row.value as { totals: { instanceCount: number } }).totals.instanceCount).toBe(LIVE_INSTANCES);
    });

    it('offline reads the database only; a missing entry says where it looked', async () => {
      process.env.HEADROOM_LOOKUP_MODE = 'offline';
      plant(9, 86_400_000);
      const app = Testing.app();
      expect(stat({}, app).totals.instanceCount).toBe(9);
      expect(LookupEngine.of(app).recordStats).toMatchObject({ queried: 0, fromRecord: 1, recorded: 0 });
      expect(await requests()).toBe(0);

      store().clear();
      const err = stat().lookupError;
      expect((err as LookupRecordError).code).toBe('HEADROOM_RECORD');
      expect(err!.message).toContain(`no record of it in PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port}`);
    });
  });

  describe('the records CLI', () => {
    it('lists, resets and clears entries in the database', async () => {
      store().merge([record('qingcloud:a', 30_000), record('qingcloud:b', 5 * 3_600_000), record('ucloud:c', 0)]);
      const list = await cli('records', 'list', '--url', pgRecord.url);
      expect(list.code).toBe(0);
      const where = `PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "postgres")`;
      // These synthetic entries (their values are not lookup results) are listed as invalid.
      expect(list.out.split('\n').slice(0, 3)).toEqual([`${where}: 3 records`, '#  cloud      age      key', '1  qingcloud  INVALID  qingcloud:a']);
      const reset = await cli('records', 'reset', 'qingcloud:*', '--url', pgRecord.url);
      expect(reset.out).toBe(`reset 2 records in ${where}:\n  qingcloud:a\n  qingcloud:b\n`);
      expect((await rows()).map((r) => r.key)).toEqual(['ucloud:c']);
      expect((await cli('records', 'clear', '--url', pgRecord.url)).out).toBe(`cleared ${where}: deleted 1 record\n`);
      expect(await rows()).toEqual([]);
      // Without --url: the database the project's synth uses (HEADROOM_LOOKUP_RECORD_URL).
      expect((await cli('records', 'list')).out).toBe(`${where}: no records\n`);
    });

    it('init creates the tables', async () => {
      const run = await cli('records', 'init', '--url', pgRecord.url);
      expect(run.out).toBe(`PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "postgres"): lookup record tables ready (schema version 2)\n`);
    });

    it('copies a file into the database and the database into a file', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-copy-'));
      const file = path.join(dir, 'seed.lookups.json');
      const seed = [record('qingcloud:a', 1000, { rows: [1, 2] }), record('ucloud:c', 2000, { z: 1, a: [{ b: null }] })];
      fs.writeFileSync(file, JSON.stringify({ version: 1, records: Object.fromEntries(seed.map(({ key, ...r }) => [key, r])) }));
      const into = await cli('records', 'copy', '--from', file, '--to', pgRecord.url);
      expect(into.code).toBe(0);
      expect(into.out).toBe(`copied 2 records from ${file} to PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "postgres")\n`);
      expect((await rows()).map((r) => [r.key, r.fetched_at, r.value])).toEqual(seed.map((r) => [r.key, r.fetchedAt, r.value]));

      const back = path.join(dir, 'snapshot.lookups.json');
      const out = await cli('records', 'copy', '--from', pgRecord.url, '--to', back);
      expect(out.code).toBe(0);
      const json = JSON.parse(fs.readFileSync(back, 'utf8'));
      expect(json.version).toBe(1);
      expect(json.records).toEqual(Object.fromEntries(seed.map(({ key, ...r }) => [key, r])));
    });
  });

  describe('one request per question across a fleet', () => {
    const fleetEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...cloud().env(),
      HEADROOM_LOOKUP_RECORD_URL: pgRecord.url,
      HEADROOM_LOOKUP_MODE: 'cached',
      OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-fleet-out-')),
      ...extra,
    });
    const countByCloud = async (): Promise<Record<string, number>> => {
      const out: Record<string, number> = {};
      for (const r of await cloud().requests()) out[r.cloud] = (out[r.cloud] ?? 0) + 1;
      return out;
    };

    it('synths started together with an empty record: the cloud sees each question once', async () => {
      // One synth alone, live, into another database: the requests one synth makes.
      const alone = startNode(
        [FLEET_APP],
        fleetEnv({ HEADROOM_LOOKUP_MODE: 'live', HEADROOM_LOOKUP_RECORD_URL: pg().url({ db: await pg().createDatabase() }) }),
      );
      const one = await alone.done;
      expect(one.err).toBe('');
      const single = await countByCloud();
      expect(Object.keys(single).sort()).toEqual(['huaweicloud', 'qingcloud', 'ucloud']);
      await cloud().reset();

      const fleet = Array.from({ length: 5 }, () => startNode([FLEET_APP], fleetEnv()));
      const runs = await Promise.all(fleet.map((f) => f.done));
      for (const run of runs) {
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        expect(JSON.parse(run.out).values).toEqual(JSON.parse(one.out).values);
      }
      expect(await countByCloud()).toEqual(single);
      const stats = runs.map((r) => JSON.parse(r.out).stats as { queried: number; fromRecord: number });
      expect(stats.reduce((n, s) => n + s.queried, 0)).toBe(3);
      expect(stats.reduce((n, s) => n + s.fromRecord, 0)).toBe(4 * 3);
      expect((await rows()).length).toBe(3);
    });

    it('a lease left by a synth that died blocks the others only until it runs out', async () => {
      const key = plant(1, 2 * 3_600_000); // too old for cached: must be asked again
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      const [{ expires }] = (
        await c.query(
          `INSERT INTO headroom_lookup_leases (key, holder, expires_at) VALUES ($1, 'dead@elsewhere', now() + interval '300 milliseconds') RETURNING expires_at AS expires`,
          [key],
        )
      ).rows;
      process.env.HEADROOM_LOOKUP_MODE = 'cached';
      const s = stat();
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      expect(Date.parse(s.fetchedAt)).toBeGreaterThanOrEqual((expires as Date).getTime()); // asked once the lease ran out, not before
      expect((await c.query('SELECT count(*)::int AS n FROM headroom_lookup_leases')).rows).toEqual([{ n: 0 }]);
      await c.end();
    });

    it('a synth killed while it holds the leases: another takes them over when they run out, and asks once', async () => {
      const key = plant(1, 2 * 3_600_000); // too old for cached: must be asked again
      await cloud().inject({ latencyMs: 30_000 }); // the doomed synth's requests hang
      const doomed = startNode([FLEET_APP], fleetEnv({ HEADROOM_LOOKUP_LEASE: '1s' }));
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      let lease: { holder: string; expires: Date } | undefined;
      for (let i = 0; i < 1500 && !lease; i++) {
        [lease] = (await c.query('SELECT holder, expires_at AS expires FROM headroom_lookup_leases WHERE key = $1', [key])).rows;
        if (!lease) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(lease?.holder).toMatch(new RegExp(`^${doomed.pid}@`));
      process.kill(doomed.pid, 'SIGKILL');
      expect((await doomed.done).code).toBeNull();
      await cloud().reset(); // no more latency; a clean request log

      process.env.HEADROOM_LOOKUP_MODE = 'cached';
      const s = stat();
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      expect(Date.parse(s.fetchedAt)).toBeGreaterThanOrEqual(lease!.expires.getTime()); // after the dead synth's lease ran out
      expect((await c.query('SELECT count(*)::int AS n FROM headroom_lookup_leases WHERE key = $1', [key])).rows).toEqual([{ n: 0 }]);
      await c.end();
    });

    it('a lease held past the bounded wait: the waiting synth asks itself', async () => {
      const key = plant(1, 2 * 3_600_000);
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      const [{ taken }] = (
        await c.query(
          `INSERT INTO headroom_lookup_leases (key, holder, expires_at) VALUES ($1, 'stuck@elsewhere', now() + interval '1 hour') RETURNING now() AS taken`,
          [key],
        )
      ).rows;
      process.env.HEADROOM_LOOKUP_MODE = 'cached';
      process.env.HEADROOM_LOOKUP_LEASE = '300ms';
      const s = stat();
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(Date.parse(s.fetchedAt)).toBeGreaterThanOrEqual((taken as Date).getTime() + 300); // waited its bounded wait first
      expect(await requests()).toBe(1);
      expect((await rows()).length).toBe(1);
      await c.end();
    });
  });

  describe('connection settings as PostgreSQL users expect', () => {
    /** Whether this database has a connection of the library's over TLS (true), in plain (false), or none. */
    const sslOfOurs = async (): Promise<boolean[]> =>
      (
        await pg().sql<{ ssl: boolean }>(
          `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = $1 AND a.application_name = 'cdktf-headroom'`,
          [pgRecord.db],
        )
      ).map((r) => r.ssl);

    it('a password from the password file (PGPASSFILE), read without a warning', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-pgpass-'));
      const passfile = path.join(dir, 'pgpass');
      fs.writeFileSync(passfile, `127.0.0.1:${pg().port}:*:${PASSWORD_ROLE.user}:${PASSWORD_ROLE.password}\n`, { mode: 0o600 });
      const noPassword = pg().url({ db: pgRecord.db, user: PASSWORD_ROLE.user });
      const run = await startNode([CLI, 'records', 'list', '--url', noPassword], { PATH: process.env.PATH, HOME: dir, PGPASSFILE: passfile }).done;
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(run.out).toBe(`PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "${PASSWORD_ROLE.user}"): no records\n`);

      const without = await startNode([CLI, 'records', 'list', '--url', noPassword], { PATH: process.env.PATH, HOME: dir }).done;
      expect(without.code).toBe(2);
      expect(without.err).toContain('refused the login');
      expect(without.err).toContain('PGPASSWORD or the password file (~/.pgpass)');
    });

    const itWithTls = (name: string, fn: () => Promise<void>): void =>
      it(name, async () => {
        if (!pg().caFile) {
          if (process.env.HEADROOM_REQUIRE_TOOLS === '1') throw new Error('openssl is missing: the test server has no TLS certificate');
          console.warn(`!!! SKIPPED "${name}": no openssl, so the test server has no TLS`);
          return;
        }
        await fn();
      });

    itWithTls('sslmode has libpq meaning: require encrypts, verify-ca and verify-full check the certificate, disable is plain', async () => {
      store(`${pgRecord.url}?sslmode=require&application_name=cdktf-headroom`).list();
      expect(await sslOfOurs()).toContain(true);

      const ca = pg().caFile!;
      expect(store(`${pgRecord.url}?sslmode=verify-ca&sslrootcert=${encodeURIComponent(ca)}&connect_timeout=5`).list()).toEqual([]);
      expect(store(`${pgRecord.url}?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}&connect_timeout=6`).list()).toEqual([]);
      // The same certificate without the CA to check it against: refused, as libpq refuses it.
      const err = thrownBy(() => store(`${pgRecord.url}?sslmode=verify-full&connect_timeout=7`).list());
      expect(err).toBeInstanceOf(LookupRecordError);
      expect(err.message).toMatch(
        /^The TLS connection to PostgreSQL database "headroom_\d+_\d+" on 127\.0\.0\.1:\d+ \(user "postgres"\) failed \(.*(self[- ]signed|certificate).*\)\. Check sslmode/,
      );

      const plain = await pg().createDatabase();
      store(`${pg().url({ db: plain })}?sslmode=disable`).list();
      const rows = await pg().sql<{ ssl: boolean }>(
        `SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.datname = $1 AND a.application_name = 'cdktf-headroom'`,
        [plain],
      );
      expect(rows.map((r) => r.ssl)).toEqual([false]);
    });
  });

  describe('faults: typed HEADROOM_RECORD errors naming host and database, never the password', () => {
    const expectRecordError = (err: unknown, ...parts: RegExp[]): string => {
      expect(err).toBeInstanceOf(LookupRecordError);
      expect((err as LookupRecordError).code).toBe('HEADROOM_RECORD');
      const message = (err as Error).message;
      for (const p of parts) expect(message).toMatch(p);
      expect(message).not.toContain(PASSWORD_ROLE.password);
      expect(message).not.toContain('wrong-Pa55word');
      return message;
    };

    it('the database unreachable', () => {
      const err = thrownBy(() => store(pg().url({ db: pgRecord.db, user: PASSWORD_ROLE.user, password: PASSWORD_ROLE.password, port: 9 })).list());
      expectRecordError(
        err,
        new RegExp(`cannot be reached \\(ECONNREFUSED\\)`),
        new RegExp(`database "${pgRecord.db}" on 127\\.0\\.0\\.1:9`),
        /Check that the server runs/,
      );
    });

    it('a wrong password (scram-sha-256); the right one works', () => {
      const err = thrownBy(() => store(pg().url({ db: pgRecord.db, user: PASSWORD_ROLE.user, password: 'wrong-Pa55word' })).list());
      expectRecordError(
        err,
        /refused the login \(password authentication failed for user "headroom_pw"\)/,
        new RegExp(`database "${pgRecord.db}" on 127\\.0\\.0\\.1:${pg().port}`),
        /PGPASSWORD/,
      );
      expect(store(pg().url({ db: pgRecord.db, user: PASSWORD_ROLE.user, password: PASSWORD_ROLE.password })).list()).toEqual([]);
      // The standard variables fill in what the URL leaves out.
      const fromEnv = new PostgresRecordStore(
        postgresRecordTarget(`postgres://127.0.0.1:${pg().port}`, {
          PGUSER: PASSWORD_ROLE.user,
          PGPASSWORD: PASSWORD_ROLE.password,
          PGDATABASE: pgRecord.db,
          PGSSLMODE: 'disable',
        }),
        60_000,
      );
      expect(fromEnv.location).toBe(`PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "headroom_pw")`);
      expect(fromEnv.list()).toEqual([]);
    });

    it('tables of a newer schema version: refused naming both versions, left as they are', async () => {
      store().init();
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      await c.query('UPDATE headroom_lookup_schema SET version = 3');
      await c.end();
      const other = new PostgresRecordStore(postgresRecordTarget(`${pgRecord.url}?application_name=another`, {}), 60_000); // a new connection
      const err = thrownBy(() => other.merge([record('a', 0)]));
      expectRecordError(
        err,
        /has tables of schema version 3/,
        /uses schema version 2/,
        /newer cdktf-headroom/,
        /Nothing was read or written/,
        new RegExp(`database "${pgRecord.db}"`),
      );
      const c2 = new Client({ connectionString: pgRecord.url });
      await c2.connect();
      expect((await c2.query('SELECT count(*)::int AS n FROM headroom_lookup_records')).rows).toEqual([{ n: 0 }]);
      await c2.end();
    });

    it('tables of schema version 1 (before reservations): upgraded in place, records kept', async () => {
      const c = new Client({ connectionString: pgRecord.url });
      await c.connect();
      // The version-1 tables, as cdktf-headroom before reservations created them, with one record.
      await c.query(`CREATE TABLE headroom_lookup_schema (version integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO headroom_lookup_schema (version) VALUES (1);
        CREATE TABLE headroom_lookup_records (key text PRIMARY KEY, kind text NOT NULL, cloud text NOT NULL, fetched_at text NOT NULL, value json NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE headroom_lookup_leases (key text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL);`);
      const old = record('a', 1000);
      await c.query('INSERT INTO headroom_lookup_records (key, kind, cloud, fetched_at, value) VALUES ($1, $2, $3, $4, $5)', [
        old.key,
        old.kind,
        old.cloud,
        old.fetchedAt,
        JSON.stringify(old.value),
      ]);
      // The first store upgrades (under the schema lock); a second connection finds it done.
      const [a, b] = [store(), store(`${pgRecord.url}?application_name=another`)];
      expect([a.init(), b.init()]).toEqual([2, 2]);
      expect((await c.query('SELECT version FROM headroom_lookup_schema')).rows).toEqual([{ version: 2 }]);
      expect((await c.query(`SELECT to_regclass('headroom_reservations') IS NOT NULL AS present`)).rows).toEqual([{ present: true }]);
      await c.end();
      expect(a.list().map((r) => r.key)).toEqual([old.key]);
    });

    it('a connection dropped in the middle of a write: an error, nothing half-written', async () => {
      store().init();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-drop-'));
      const file = path.join(dir, 'seed.lookups.json');
      const seed = Array.from({ length: 50 }, (_, i) => record(`qingcloud:${String(i).padStart(3, '0')}`, i * 1000));
      fs.writeFileSync(file, JSON.stringify({ version: 1, records: Object.fromEntries(seed.map(({ key, ...r }) => [key, r])) }));

      // Hold the table so the copy's write waits inside its statement, then cut that connection.
      const holder = new Client({ connectionString: pgRecord.url });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE headroom_lookup_records IN ACCESS EXCLUSIVE MODE');
      const copy = startNode(
        [CLI, 'records', 'copy', '--from', file, '--to', pg().url({ db: pgRecord.db, user: PASSWORD_ROLE.user, password: PASSWORD_ROLE.password })],
        {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
        },
      );
      const killer = new Client({ connectionString: pgRecord.url });
      await killer.connect();
      let killed = 0;
      for (let i = 0; i < 600 && killed === 0; i++) {
        const r = await killer.query(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND application_name = 'cdktf-headroom' AND wait_event_type = 'Lock'`,
          [pgRecord.db],
        );
        killed = r.rows.length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await holder.query('ROLLBACK');
      await holder.end();
      const run = await copy.done;
      expect(killed).toBe(1);
      expect(run.code).toBe(2);
      expect(run.err).toContain(
        `The connection to the lookup record in PostgreSQL database "${pgRecord.db}" on 127.0.0.1:${pg().port} (user "headroom_pw") was lost while writing records`,
      );
      expect(run.err).toContain('nothing of it was written');
      expect(run.err).not.toContain(PASSWORD_ROLE.password);
      expect((await killer.query('SELECT count(*)::int AS n FROM headroom_lookup_records')).rows).toEqual([{ n: 0 }]);
      await killer.end();
      // The same copy, run again, writes all of it.
      expect((await cli('records', 'copy', '--from', file, '--to', pgRecord.url)).code).toBe(0);
      expect((await rows()).length).toBe(50);
    });
  });
});
