// The shared lookup record's connection, on the lookup worker thread: one per database,
// opened (and the tables created) on first use, its statements run one at a time, failures
// turned into LookupRecordErrors that name the database and never the password.
import type { Client, ClientConfig } from 'pg';
import { LookupRecordError } from '../../../core/errors';
import { PostgresRecordTarget, redactTarget } from './target';
import { CREATE_TABLES, POSTGRES_RECORD_SCHEMA_VERSION, SCHEMA_LOCK_ID, SCHEMA_TABLE, UPGRADE_FROM_V1 } from './sql';

const CONNECT_TIMEOUT_S = 10;
const QUERY_TIMEOUT_MS = 60_000;

/** A connection to one database, its queries run one at a time (the driver's own queue is deprecated). */
export class Connection {
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
export async function connection(target: PostgresRecordTarget): Promise<Connection> {
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

/**
 * Ends every open connection of this thread: what a caller on the main thread (the CLI's
 * `check --reserve`) does when it is done, so the process can end.
 */
export async function closeConnections(): Promise<void> {
  const open = [...connections.values()];
  connections.clear();
  await Promise.all(open.map((p) => p.then((c) => c.client.end()).catch(() => undefined)));
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

/**
 * Creates the tables when they are not there (once, under an advisory lock), upgrades tables
 * of an older version in place (under the same lock: only new tables are added), then
 * checks the version. Tables of a newer version are refused, and left as they are.
 */
export async function ensureSchema(c: Connection): Promise<number> {
  const [{ present }] = await c.query<{ present: boolean }>('checking the tables', `SELECT to_regclass($1) IS NOT NULL AS present`, [SCHEMA_TABLE]);
  if (!present) await underSchemaLock(c, 'creating the tables', CREATE_TABLES);
  let versions = await schemaVersions(c);
  if (versions.length === 1 && versions[0] === 1) {
    await underSchemaLock(c, 'upgrading the tables to schema version 2', UPGRADE_FROM_V1);
    versions = await schemaVersions(c);
  }
  if (versions.length !== 1 || versions[0] !== POSTGRES_RECORD_SCHEMA_VERSION) {
    const got = versions.length === 0 ? 'no version row' : `version ${versions.join(', ')}`;
    const newer = versions.length === 1 && versions[0] > POSTGRES_RECORD_SCHEMA_VERSION;
    throw new LookupRecordError(
      `The lookup record in ${c.target.location} has tables of schema ${got} (table ${SCHEMA_TABLE}); this version of cdktf-headroom uses schema version ${POSTGRES_RECORD_SCHEMA_VERSION}. ` +
        (newer
          ? 'A newer cdktf-headroom made them. Nothing was read or written. Upgrade cdktf-headroom in this project, or give this one a database or schema of its own '
          : 'Nothing was read or written. Use the cdktf-headroom version that created them, or give this one a database or schema of its own ') +
        '(e.g. `?options=-c%20search_path%3Dheadroom_v1` in HEADROOM_LOOKUP_RECORD_URL).',
    );
  }
  return versions[0];
}

async function schemaVersions(c: Connection): Promise<number[]> {
  const rows = await c.query<{ version: number }>('checking the schema version', `SELECT version FROM ${SCHEMA_TABLE}`);
  return [...new Set(rows.map((r) => r.version))];
}

/** Runs `sql` in a transaction holding the schema's advisory lock: one synth of a fleet creates or upgrades, the others wait and find it done. */
async function underSchemaLock(c: Connection, doing: string, sql: string): Promise<void> {
  await c.query(doing, 'BEGIN');
  try {
    await c.query(doing, 'SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_ID]);
    await c.query(doing, sql);
    await c.query(doing, 'COMMIT');
  } catch (err) {
    await c.client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** A driver or server failure as a {@link LookupRecordError} naming the database (never the password) and what to do. */
export function recordError(err: unknown, target: PostgresRecordTarget, doing: string): LookupRecordError {
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
