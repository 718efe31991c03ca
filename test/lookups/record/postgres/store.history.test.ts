// A lookup's history in the PostgreSQL record (schema version 2): every live answer is a row
// of headroom_lookup_history, kept for the configured retention; a version 1 database is
// upgraded additively under the schema lock (by synths at once, too); a newer version is
// refused; concurrent synths and one killed with SIGKILL lose no point. Against a real
// server this file starts (test/_helpers/postgres-server.ts); the store's I/O runs on the
// lookup worker from lib/.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { LookupRecordError } from '../../../../src/core/errors';
import { LookupRecord } from '../../../../src/lookups/record/entry';
import { lookupRecordStoreAt } from '../../../../src/lookups/record/open-store';
import { PostgresRecordStore } from '../../../../src/lookups/record/postgres/store';
import { cli } from '../../../_helpers/cli';
import { describeWithPostgres } from '../../../_helpers/postgres-server';
import { usePostgresRecord } from '../../../_helpers/postgres-record';
import { thrownBy } from '../../../_helpers/rejection';
import { iso, serveInstances as serveInstancesOn, synthAt } from '../../../_helpers/history';
import { startNode } from '../../../_helpers/child';

const ROOT = path.join(__dirname, '..', '..', '..', '..');
const FLEET_APP = path.join(ROOT, 'test', '_fixtures', 'fleet-app.js');
const CLI = path.join(ROOT, 'lib', 'cli', 'main.js');
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');

/** Schema version 1 as the library before the history wrote it, spelled out. */
const VERSION_1_TABLES = `
CREATE TABLE headroom_lookup_schema (version integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO headroom_lookup_schema (version) VALUES (1);
CREATE TABLE headroom_lookup_records (key text PRIMARY KEY, kind text NOT NULL, cloud text NOT NULL, fetched_at text NOT NULL, value json NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX headroom_lookup_records_kind ON headroom_lookup_records (kind);
CREATE TABLE headroom_lookup_leases (key text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL);
INSERT INTO headroom_lookup_records (key, kind, cloud, fetched_at, value) VALUES ('qingcloud:GetProjectResourceStat {"old":1}', 'qingcloud:GetProjectResourceStat', 'qingcloud', '2025-06-01T00:00:00.000Z', '{"kept":true}');`;

describeWithPostgres('the history of a lookup, in the PostgreSQL record', () => {
  const pgRecord = usePostgresRecord({ unset: ['HEADROOM_LOOKUP_HISTORY_RETENTION'] });
  const { pg, cloud } = pgRecord;
  afterEach(() => {
    delete process.env.HEADROOM_TEST_NOW;
    delete process.env.HEADROOM_LOOKUP_MODE;
  });

  const sql = async <R extends object>(text: string, database = pgRecord.db): Promise<R[]> => {
    const c = new Client({ connectionString: pg().url({ db: database }) });
    await c.connect();
    try {
      return (await c.query(text)).rows as R[];
    } finally {
      await c.end();
    }
  };
  const store = (u = pgRecord.url, env: NodeJS.ProcessEnv = {}): PostgresRecordStore => lookupRecordStoreAt(u, env) as PostgresRecordStore;
  const serveInstances = (instances: number): Promise<void> => serveInstancesOn(cloud(), instances);
  const instancesOf = (p: LookupRecord): number => (p.value as { totals: { instanceCount: number } }).totals.instanceCount;

  it('keeps every live answer as a row stamped with the injected time; cached and offline synths add none; records history reads it', async () => {
    for (const [i, n] of [20, 22, 25].entries()) {
      await serveInstances(n);
      expect(synthAt(T0 + i * DAY).totals.instanceCount).toBe(n);
    }
    expect(synthAt(T0 + 2 * DAY + 60_000, 'cached').totals.instanceCount).toBe(25);
    expect(synthAt(T0 + 3 * DAY, 'offline').totals.instanceCount).toBe(25);
    const [key] = store()
      .list()
      .map((r) => r.key);
    expect(
      store()
        .history(key)
        .map((p) => [p.fetchedAt, instancesOf(p)]),
    ).toEqual([
      [iso(T0), 20],
      [iso(T0 + DAY), 22],
      [iso(T0 + 2 * DAY), 25],
    ]);
    const run = await cli('records', 'history', '1', '--url', pgRecord.url, '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.out) as { database: string; points: Array<{ fetchedAt: string }> };
    expect(json.database).toContain(`"${pgRecord.db}"`);
    expect(json.points.map((p) => p.fetchedAt)).toEqual([iso(T0), iso(T0 + DAY), iso(T0 + 2 * DAY)]);
  });

  it("drops a key's points older than the retention (HEADROOM_LOOKUP_HISTORY_RETENTION) when it gets a new one", async () => {
    const key = 'qingcloud:GetProjectResourceStat {"x":1}';
    const rec = (agoDays: number): LookupRecord => ({
      key,
      kind: 'qingcloud:GetProjectResourceStat',
      cloud: 'qingcloud',
      fetchedAt: iso(Date.now() - agoDays * DAY),
      value: {},
    });
    const s = store(pgRecord.url, { HEADROOM_LOOKUP_HISTORY_RETENTION: '10d' });
    s.merge([rec(30), rec(20)]); // written together: both are older than 10 days, and the statement's clean-up sees neither
    s.merge([rec(5)]);
    const left = await sql<{ age: number }>(`SELECT round(extract(epoch FROM now() - fetched_at) / 86400)::int AS age FROM headroom_lookup_history ORDER BY 1`);
    expect(left).toEqual([{ age: 5 }]);
    expect(() => store(pgRecord.url, { HEADROOM_LOOKUP_HISTORY_RETENTION: 'forever' })).toThrow(
      /HEADROOM_LOOKUP_HISTORY_RETENTION: the history retention must be a number of seconds or a duration/,
    );
  });

  it('upgrades a version 1 database additively to version 2, once, when several commands start at once', async () => {
    await sql(VERSION_1_TABLES);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => startNode([CLI, 'records', 'init', '--url', pgRecord.url], { PATH: process.env.PATH, HOME: process.env.HOME }).done),
    );
    for (const run of runs) {
      expect(run.err).toBe('');
      expect(run.out).toContain('lookup record tables ready (schema version 2)');
    }
    expect(await sql('SELECT version FROM headroom_lookup_schema')).toEqual([{ version: 2 }]);
    expect(await sql(`SELECT key, value FROM headroom_lookup_records`)).toEqual([{ key: 'qingcloud:GetProjectResourceStat {"old":1}', value: { kept: true } }]);
    expect(await sql(`SELECT count(*)::int AS n FROM headroom_lookup_history`)).toEqual([{ n: 0 }]);
  });

  it('refuses a database of a newer schema version with a HEADROOM_RECORD error, and writes nothing', async () => {
    store().init();
    await sql('UPDATE headroom_lookup_schema SET version = 3');
    const err = thrownBy(
      () => store(`${pgRecord.url}?application_name=newer`).merge([]) + store(`${pgRecord.url}?application_name=newer`).history('k').length,
    ) as LookupRecordError;
    expect(err).toBeInstanceOf(LookupRecordError);
    expect(err.code).toBe('HEADROOM_RECORD');
    expect(err.message).toMatch(/has tables of schema version 3.*uses schema version 2/);
  });

  it("concurrent synths and one killed with SIGKILL: every finished synth's points are there, none half-written", async () => {
    const env = (at: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...cloud().env(),
      HEADROOM_LOOKUP_RECORD_URL: pgRecord.url,
      HEADROOM_LOOKUP_MODE: 'live',
      HEADROOM_TEST_NOW: iso(at),
      OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-fleet-out-')),
    });
    const doomed = startNode([FLEET_APP], env(T0 + 99 * DAY));
    setTimeout(() => process.kill(doomed.pid, 'SIGKILL'), 400);
    const runs = await Promise.all(Array.from({ length: 4 }, (_, i) => startNode([FLEET_APP], env(T0 + i * DAY)).done));
    await doomed.done;
    for (const run of runs) {
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
    }
    const points = await sql<{ key: string; at: Date }>('SELECT key, fetched_at AS at FROM headroom_lookup_history ORDER BY key, fetched_at');
    const keys = [...new Set(points.map((p) => p.key))];
    expect(keys).toHaveLength(3); // one lookup per cloud
    for (const key of keys) {
      const times = points.filter((p) => p.key === key).map((p) => p.at.toISOString());
      // The four finished synths' points; the killed one's point only if its statement committed whole.
      expect(times.filter((t) => t !== iso(T0 + 99 * DAY))).toEqual([iso(T0), iso(T0 + DAY), iso(T0 + 2 * DAY), iso(T0 + 3 * DAY)]);
    }
    // Every point that is there reads back through the entry check.
    for (const key of keys) expect(store().history(key).length).toBe(points.filter((p) => p.key === key).length);
  });
});
