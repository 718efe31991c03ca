// The shared lookup record's PostgreSQL side. Runs on the lookup worker thread only (the
// driver is async; the main thread blocks on the worker as it does for lookups), and is
// loaded there only when a record URL is set: `pg` is never loaded otherwise.
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { Client, ClientConfig } from 'pg';
import { LookupRecordError, serializeError } from '../core/errors';
import { cloudOf, LookupRecord } from './lookup-record';
import { PostgresRecordTarget, redactTarget } from './postgres-connection';
import { RecordCall, RecordReply, RecordRow, StoreFetch, StoreFetched } from './record-call';
import { LookupOutcome, LookupRequest } from './types';

/** Version of the tables this library reads and writes (kept in `headroom_lookup_schema`). */
export const POSTGRES_RECORD_SCHEMA_VERSION = 1;

const SCHEMA_TABLE = 'headroom_lookup_schema';
const RECORDS_TABLE = 'headroom_lookup_records';
const LEASES_TABLE = 'headroom_lookup_leases';
const CHANNEL = 'headroom_lookup_records';
/** Serializes creating the tables across synths (a transaction-level advisory lock). */
const SCHEMA_LOCK_ID = 0x6864726d; // "hdrm"
const CONNECT_TIMEOUT_S = 10;
const QUERY_TIMEOUT_MS = 60_000;
/** How often a waiting synth looks again when no notification came (lease expiry, a lost notification). */
const WAIT_POLL_MS = 200;

const CREATE_TABLES = `
CREATE TABLE IF NOT EXISTS ${SCHEMA_TABLE} (
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ${SCHEMA_TABLE} (version) SELECT ${POSTGRES_RECORD_SCHEMA_VERSION} WHERE NOT EXISTS (SELECT 1 FROM ${SCHEMA_TABLE});
CREATE TABLE IF NOT EXISTS ${RECORDS_TABLE} (
  key text PRIMARY KEY,
  kind text NOT NULL,
  cloud text NOT NULL,
  fetched_at text NOT NULL,
  value json NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ${RECORDS_TABLE}_kind ON ${RECORDS_TABLE} (kind);
CREATE TABLE IF NOT EXISTS ${LEASES_TABLE} (
  key text PRIMARY KEY,
  holder text NOT NULL,
  expires_at timestamptz NOT NULL
);`;

/** An ISO 8601 time as `Date.toISOString` writes it (or with an offset): the only fetched_at the merge casts. */
const ISO_TIME_RE = '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d(:?\\d\\d)?)$';

const ROW_COLUMNS = 'key, kind, cloud, fetched_at AS "fetchedAt", value';

/** Upserts records given as a JSON array; keeps per key the one fetched last; releases this holder's leases; wakes waiting synths. */
const MERGE = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json) AS x(key text, kind text, cloud text, "fetchedAt" text, value json)
), up AS (
  INSERT INTO ${RECORDS_TABLE} AS r (key, kind, cloud, fetched_at, value)
  SELECT key, kind, cloud, "fetchedAt", value FROM input
  ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, cloud = excluded.cloud, fetched_at = excluded.fetched_at,
    value = excluded.value, recorded_at = now()
  -- An entry whose fetched_at is not a time (malformed) or lies in the future is always replaced.
  WHERE CASE WHEN r.fetched_at ~ '${ISO_TIME_RE}'
    THEN r.fetched_at::timestamptz <= excluded.fetched_at::timestamptz OR r.fetched_at::timestamptz > now() + interval '5 minutes'
    ELSE true END
  RETURNING 1
), released AS (
  DELETE FROM ${LEASES_TABLE} WHERE holder = $2 AND key IN (SELECT key FROM input)
)
SELECT (SELECT count(*) FROM input)::int AS count, pg_notify('${CHANNEL}', '')`;

/** Takes the leases of these keys that nobody holds (or whose lease ran out); returns the keys taken. */
const TAKE_LEASES = `
INSERT INTO ${LEASES_TABLE} AS l (key, holder, expires_at)
SELECT k, $2, now() + make_interval(secs => $3::double precision) FROM unnest($1::text[]) AS k ORDER BY k
ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE l.expires_at < now()
RETURNING key`;

const RELEASE_LEASES = `
WITH released AS (DELETE FROM ${LEASES_TABLE} WHERE holder = $2 AND key = ANY($1::text[]))
SELECT pg_notify('${CHANNEL}', '')`;

/** A connection to one database, its queries run one at a time (the driver's own queue is deprecated). */
class Connection {
  alive = true;
  listening = false;
  /** Bumped on every notification on the channel: a waiting synth looks again. */
  private generation = 0;
  private readonly wakers = new Set<() => void>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly client: Client,
    readonly target: PostgresRecordTarget,
  ) {
    client.on('error', () => (this.alive = false));
    client.on('end', () => (this.alive = false));
    client.on('notification', () => {
      this.generation++;
      for (const wake of this.wakers) wake();
    });
  }

  /** Runs one statement after the ones before it; a failure is a {@link LookupRecordError} saying what was being done. */
  query<R extends object = Record<string, unknown>>(doing: string, text: string, values: unknown[] = []): Promise<R[]> {
    const run = this.tail.then(async () => {
      try {
        return (await this.client.query(text, values)).rows as R[];
      } catch (err) {
        throw recordError(err, this.target, doing);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  get seen(): number {
    return this.generation;
  }

  /** Resolves when a notification arrives after generation `since`, or after `ms`. */
  waitForChange(since: number, ms: number): Promise<void> {
    if (this.generation !== since || !this.alive) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}

const connections = new Map<string, Promise<Connection>>();

/** The open connection to the target's database, connecting (and creating the tables) on first use. */
async function connection(target: PostgresRecordTarget): Promise<Connection> {
  const known = connections.get(target.url);
  if (known) {
    const c = await known.catch(() => undefined);
    if (c?.alive) return c;
  }
  const opening = open(target);
  connections.set(target.url, opening);
  opening.catch(() => connections.delete(target.url));
  return opening;
}

async function open(target: PostgresRecordTarget): Promise<Connection> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse, toClientConfig } = require('pg-connection-string') as {
    parse(url: string, options: { useLibpqCompat: boolean }): unknown;
    toClientConfig(config: unknown): ClientConfig;
  };
  let config: ClientConfig & { connect_timeout?: unknown };
  try {
    config = toClientConfig(parse(target.url, { useLibpqCompat: true }));
  } catch (err) {
    throw new LookupRecordError(
      `The lookup record URL for ${target.location} cannot be used: ${redactTarget((err as Error).message, target)}. Check its sslmode and certificate files (sslrootcert, sslcert, sslkey).`,
    );
  }
  if (target.passfile) process.env.PGPASSFILE = target.passfile; // this thread's copy of the environment, read by the driver
  const timeoutS = Number(config.connect_timeout ?? CONNECT_TIMEOUT_S) || CONNECT_TIMEOUT_S;
  const settings: ClientConfig = {
    ...config,
    // No password given: the password file, as libpq reads it (~/.pgpass or PGPASSFILE), read
    // here rather than by the driver, whose own reading is deprecated and says so on stderr.
    password: config.password || ((() => passwordFromFile(target)) as () => Promise<string>),
    application_name: config.application_name ?? 'cdktf-headroom',
    connectionTimeoutMillis: timeoutS * 1000,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  };
  let client: Client;
  try {
    client = await connectClient(settings, target);
  } catch (err) {
    // libpq's `prefer`: encryption when the server offers it, else a plain connection.
    if (target.sslmode !== 'prefer' || !/does not support SSL/i.test((err as Error).message)) throw recordError(err, target, 'connecting');
    client = await connectClient({ ...settings, ssl: false }, target).catch((e: unknown) => {
      throw recordError(e, target, 'connecting');
    });
  }
  const c = new Connection(client, target);
  try {
    await ensureSchema(c);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return c;
}

/** The password of ~/.pgpass (or PGPASSFILE) for the target's host, port, database and user; undefined when none matches. */
function passwordFromFile(target: PostgresRecordTarget): Promise<string | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pgpass = require('pgpass') as (connInfo: Record<string, string>, cb: (password: string | undefined) => void) => void;
  return new Promise((resolve) => pgpass({ host: target.host, port: target.port, database: target.database, user: target.user }, resolve));
}

async function connectClient(settings: ClientConfig, target: PostgresRecordTarget): Promise<Client> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const client = new pg.Client(settings);
  client.on('error', () => undefined); // a dropped connection is noticed by the next query; never an uncaught error
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  void target;
  return client;
}

/** Creates the tables when they are not there (once, under an advisory lock), then checks their version. */
async function ensureSchema(c: Connection): Promise<number> {
  const [{ present }] = await c.query<{ present: boolean }>('checking the tables', `SELECT to_regclass($1) IS NOT NULL AS present`, [SCHEMA_TABLE]);
  if (!present) {
    await c.query('creating the tables', 'BEGIN');
    try {
      await c.query('creating the tables', 'SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
      await c.query('creating the tables', CREATE_TABLES);
      await c.query('creating the tables', 'COMMIT');
    } catch (err) {
      await c.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
  const rows = await c.query<{ version: number }>('checking the schema version', `SELECT version FROM ${SCHEMA_TABLE}`);
  const versions = [...new Set(rows.map((r) => r.version))];
  if (versions.length !== 1 || versions[0] !== POSTGRES_RECORD_SCHEMA_VERSION) {
    const got = versions.length === 0 ? 'no version row' : `version ${versions.join(', ')}`;
    throw new LookupRecordError(
      `The lookup record in ${c.target.location} has tables of schema ${got} (table ${SCHEMA_TABLE}); this version of cdktf-headroom uses schema version ${POSTGRES_RECORD_SCHEMA_VERSION}. ` +
        'Nothing was read or written. Use the cdktf-headroom version that created them, or give this one a database or schema of its own ' +
        '(e.g. `?options=-c%20search_path%3Dheadroom_v1` in HEADROOM_LOOKUP_RECORD_URL).',
    );
  }
  return versions[0];
}

/** A driver or server failure as a {@link LookupRecordError} naming the database (never the password) and what to do. */
function recordError(err: unknown, target: PostgresRecordTarget, doing: string): LookupRecordError {
  if (err instanceof LookupRecordError) return err;
  const e = err as Error & { code?: string };
  const code = e.code ?? '';
  const detail = redactTarget(e.message ?? String(err), target);
  const where = target.location;
  let message: string;
  if (
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOENT'].includes(code) ||
    /timeout expired|Connection terminated due to connection timeout/i.test(detail)
  ) {
    message =
      `The lookup record in ${where} cannot be reached (${code || detail}). Nothing was read or written. ` +
      'Check that the server runs and that HEADROOM_LOOKUP_RECORD_URL (or PGHOST, PGPORT) names it, or unset HEADROOM_LOOKUP_RECORD_URL to use the record file.';
  } else if (code === '28P01' || code === '28000' || /password must be a string|no password/i.test(detail)) {
    message =
      `${where} refused the login (${detail}). Nothing was read or written. ` +
      'Check the password given in HEADROOM_LOOKUP_RECORD_URL, PGPASSWORD or the password file (~/.pgpass); it is never shown.';
  } else if (code === '3D000') {
    message = `The lookup record's database does not exist: ${where} (${detail}). Create it (\`createdb\`) or name another in HEADROOM_LOOKUP_RECORD_URL.`;
  } else if (code === '42501') {
    message = `${where} denied ${doing} (${detail}). Grant the user CREATE on the schema (first use creates the tables) and SELECT, INSERT, UPDATE, DELETE on the headroom_lookup_* tables.`;
  } else if (
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection terminated|connection.*(closed|ended)|terminating connection/i.test(detail)
  ) {
    message =
      `The connection to the lookup record in ${where} was lost while ${doing} (${detail}). ` +
      'The transaction was rolled back: nothing of it was written. Run the synth (or the command) again.';
  } else if (/SSL|certificate|self[- ]signed/i.test(detail)) {
    message = `The TLS connection to ${where} failed (${detail}). Check sslmode (libpq's meaning: require, verify-ca, verify-full) and sslrootcert in HEADROOM_LOOKUP_RECORD_URL or PGSSLMODE, PGSSLROOTCERT.`;
  } else {
    message = `The lookup record in ${where} failed while ${doing}: ${detail}${code ? ` (SQLSTATE ${code})` : ''}. Nothing of that operation was written.`;
  }
  return new LookupRecordError(message);
}

async function readRows(c: Connection, keys: readonly string[], kinds: readonly string[]): Promise<RecordRow[]> {
  if (keys.length === 0 && kinds.length === 0) return [];
  return c.query<RecordRow>('reading records', `SELECT ${ROW_COLUMNS} FROM ${RECORDS_TABLE} WHERE key = ANY($1::text[]) OR kind = ANY($2::text[])`, [
    keys,
    kinds,
  ]);
}

async function merge(c: Connection, records: readonly LookupRecord[], holder = ''): Promise<number> {
  // One statement: all of it is written, or (on any failure, a dropped connection included) none of it.
  const byKey = new Map<string, LookupRecord>();
  for (const r of records) {
    const old = byKey.get(r.key);
    if (!old || Date.parse(old.fetchedAt) <= Date.parse(r.fetchedAt)) byKey.set(r.key, r);
  }
  const json = JSON.stringify([...byKey.values()].map((r) => ({ key: r.key, kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value })));
  const [row] = await c.query<{ count: number }>('writing records', MERGE, [json, holder]);
  return row.count;
}

function isFresh(row: RecordRow | undefined, maxAgeMs: number, now: number): row is RecordRow {
  return row !== undefined && typeof row.fetchedAt === 'string' && now - Date.parse(row.fetchedAt) <= maxAgeMs;
}

/**
 * Asks the cloud for a batch and records each answer as it comes. A `cached` lookup is
 * asked by one synth of the fleet only: each takes the leases it can, asks the cloud for
 * those, and waits for the others' answers (woken by NOTIFY, looking again every 200 ms);
 * a lease that runs out (its holder died or is stuck) is taken over, and after waiting a
 * whole lease a synth asks the cloud itself.
 */
async function fetchShared(
  c: Connection,
  lookups: readonly StoreFetch[],
  leaseMs: number,
  resolveOne: (r: LookupRequest) => Promise<LookupOutcome>,
): Promise<StoreFetched[]> {
  const holder = `${process.pid}@${os.hostname()} ${randomBytes(6).toString('hex')}`;
  const results: StoreFetched[] = new Array(lookups.length);
  const tasks: Array<Promise<void>> = [];

  const ask = async (i: number, leased: boolean): Promise<void> => {
    const { request } = lookups[i];
    const outcome = await resolveOne(request);
    if (!outcome.ok) {
      results[i] = { outcome, fromRecord: false, queried: true, recorded: false };
      // Failures are never recorded; the lease is given back so a waiting synth asks at once.
      if (leased) await c.query('releasing a lease', RELEASE_LEASES, [[request.key], holder]).catch(() => undefined);
      return;
    }
    const record: LookupRecord = { key: request.key, kind: request.kind, cloud: cloudOf(request.kind), fetchedAt: outcome.fetchedAt, value: outcome.value };
    try {
      await merge(c, [record], holder);
      results[i] = { outcome, fromRecord: false, queried: true, recorded: true };
    } catch (err) {
      const e = new LookupRecordError(`the cloud answered, but the answer could not be recorded: ${(err as Error).message}`);
      results[i] = { outcome: { ok: false, error: serializeError(e) }, fromRecord: false, queried: true, recorded: false };
    }
  };

  // The engine sends each key once; a cached one waits here until it is answered.
  const waiting = new Map<string, number>();
  lookups.forEach((l, i) => {
    if (l.maxAgeMs === undefined) tasks.push(ask(i, false));
    else waiting.set(l.request.key, i);
  });

  if (waiting.size > 0) {
    if (!c.listening) {
      await c.query('listening for answers', `LISTEN ${CHANNEL}`);
      c.listening = true;
    }
    const giveUpAt = Date.now() + leaseMs;
    for (;;) {
      const seen = c.seen;
      const keys = [...waiting.keys()].sort(); // one order for every synth: no lock waits in a circle
      const taken = new Set((await c.query<{ key: string }>('taking leases', TAKE_LEASES, [keys, holder, leaseMs / 1000])).map((r) => r.key));
      const rows = new Map((await readRows(c, keys, [])).map((r) => [r.key, r]));
      const now = Date.now();
      const answered: string[] = [];
      for (const key of keys) {
        const i = waiting.get(key)!;
        const row = rows.get(key);
        if (isFresh(row, lookups[i].maxAgeMs!, now)) {
          results[i] = { outcome: { ok: true, value: row.value, fetchedAt: row.fetchedAt as string }, fromRecord: true, queried: false, recorded: false };
          if (taken.has(key)) answered.push(key);
          waiting.delete(key);
        } else if (taken.has(key) || now >= giveUpAt) {
          // Ours to ask: a lease taken, or a whole lease waited (then asked without one).
          tasks.push(ask(i, taken.has(key)));
          waiting.delete(key);
        }
      }
      if (answered.length > 0) await c.query('releasing leases', RELEASE_LEASES, [answered, holder]);
      if (waiting.size === 0) break;
      await c.waitForChange(seen, WAIT_POLL_MS / 2 + Math.random() * WAIT_POLL_MS);
    }
  }
  await Promise.all(tasks);
  return results;
}

/**
 * Runs one record operation against the target database on this (worker) thread.
 * Never throws: a failure is an `{ ok: false }` reply carrying a {@link LookupRecordError}.
 * @internal
 */
export async function runRecordCall(call: RecordCall, resolveOne: (r: LookupRequest) => Promise<LookupOutcome>): Promise<RecordReply> {
  try {
    const c = await connection(call.target);
    switch (call.op) {
      case 'init':
        return { ok: true, version: await ensureSchema(c) };
      case 'read':
        return { ok: true, rows: await readRows(c, call.keys, call.kinds) };
      case 'list':
        return { ok: true, rows: await c.query<RecordRow>('listing records', `SELECT ${ROW_COLUMNS} FROM ${RECORDS_TABLE}`) };
      case 'merge':
        return { ok: true, count: await merge(c, call.records) };
      case 'remove':
        return {
          ok: true,
          rows: await c.query<RecordRow>('removing records', `DELETE FROM ${RECORDS_TABLE} WHERE key = ANY($1::text[]) RETURNING ${ROW_COLUMNS}`, [call.keys]),
        };
      case 'clear': {
        const [row] = await c.query<{ count: number }>(
          'clearing records',
          `WITH gone AS (DELETE FROM ${RECORDS_TABLE} RETURNING 1), leases AS (DELETE FROM ${LEASES_TABLE}) SELECT count(*)::int AS count FROM gone`,
        );
        return { ok: true, count: row.count };
      }
      case 'fetch':
        return { ok: true, fetched: await fetchShared(c, call.lookups, call.leaseMs, resolveOne) };
    }
  } catch (err) {
    return { ok: false, error: serializeError(recordError(err, call.target, 'using it')) };
  }
}
