// The shared lookup record's operations, on the lookup worker thread only (the driver is
// async; the main thread blocks on the worker as it does for lookups). The worker's entry
// (registry/lookup-worker.ts) loads this module on the first operation, when a record URL
// is set: `pg` is never loaded otherwise. A fetch asks the cloud only through the
// `resolveOne` it is handed: the store coordinates the fleet (leases), the worker asks.
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { LookupRecordError, serializeError } from '../../../core/errors';
import { LookupOutcome, LookupRequest } from '../../request';
import { cloudOf, LookupRecord } from '../entry';
import { StoreFetch, StoreFetched } from '../store';
import { RecordCall, RecordOp, RecordReply, RecordResults, RecordRow } from './calls';
import { Connection, connection, ensureSchema, recordError } from './connection';
import { isHistoryPoint } from '../history';
import { judgeReservation, requestQuotas, Reservation, ReservationOutcome, ReservationRequest } from '../reservations';
import {
  CHANNEL,
  HISTORY_TABLE,
  LEASES_TABLE,
  MERGE,
  RECORDS_TABLE,
  RELEASE_LEASES,
  RESERVATION_COLUMNS,
  RESERVATION_LOCK_CLASS,
  RESERVATIONS_TABLE,
  ROW_COLUMNS,
  TAKE_LEASES,
} from './sql';

/** How often a waiting synth looks again when no notification came (lease expiry, a lost notification). */
const WAIT_POLL_MS = 200;

async function readRows(c: Connection, keys: readonly string[], kinds: readonly string[]): Promise<RecordRow[]> {
  if (keys.length === 0 && kinds.length === 0) return [];
  return c.query<RecordRow>('reading records', `SELECT ${ROW_COLUMNS} FROM ${RECORDS_TABLE} WHERE key = ANY($1::text[]) OR kind = ANY($2::text[])`, [
    keys,
    kinds,
  ]);
}

async function merge(c: Connection, records: readonly LookupRecord[], retentionMs: number, holder = ''): Promise<number> {
  // One statement: all of it is written, or (on any failure, a dropped connection included) none of it.
  const byKey = new Map<string, LookupRecord>();
  for (const r of records) {
    const old = byKey.get(r.key);
    if (!old || Date.parse(old.fetchedAt) <= Date.parse(r.fetchedAt)) byKey.set(r.key, r);
  }
  const json = JSON.stringify([...byKey.values()].map((r) => ({ key: r.key, kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value })));
  // Every valid record is a point of its key's history (not only the one fetched last).
  const points = JSON.stringify(
    records.filter((r) => isHistoryPoint(r)).map((r) => ({ key: r.key, kind: r.kind, cloud: r.cloud, fetchedAt: r.fetchedAt, value: r.value })),
  );
  const [row] = await c.query<{ count: number }>('writing records', MERGE, [json, holder, points, retentionMs / 1000]);
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
  retentionMs: number,
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
      await merge(c, [record], retentionMs, holder);
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
 * Judges and records a reservation in one transaction: the quotas' advisory locks taken in
 * one order (so two checks never wait for each other in a circle), the other runs' live
 * reservations read on the database's clock, and, when every headroom fits, the run's
 * reservation for the stack replaced. A refusal, a failure or a connection lost before the
 * COMMIT leaves the table as it was.
 */
async function reserve(c: Connection, request: ReservationRequest): Promise<ReservationOutcome> {
  const quotas = requestQuotas(request);
  const doing = 'reserving headroom';
  await c.query(doing, 'BEGIN');
  try {
    const hashes = (await c.query<{ h: number }>(doing, 'SELECT DISTINCT hashtext(q) AS h FROM unnest($1::text[]) AS q', [quotas])).map((r) => r.h);
    for (const h of hashes.sort((a, b) => a - b)) await c.query(doing, 'SELECT pg_advisory_xact_lock($1, $2)', [RESERVATION_LOCK_CLASS, h]);
    const live = await c.query<Reservation>(
      doing,
      `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATIONS_TABLE} WHERE quota = ANY($1::text[]) AND expires_at > now()`,
      [quotas],
    );
    const outcome = judgeReservation(request, live);
    if (!outcome.reserved) {
      await c.query(doing, 'ROLLBACK');
      return outcome;
    }
    await c.query(doing, `DELETE FROM ${RESERVATIONS_TABLE} WHERE (run = $1 AND stack = $2) OR (quota = ANY($3::text[]) AND expires_at <= now())`, [
      request.run,
      request.stack,
      quotas,
    ]);
    const rows = request.asks.map((a) => ({ quota: a.quota, headroom: a.headroom, amount: a.adds }));
    await c.query(
      doing,
      `INSERT INTO ${RESERVATIONS_TABLE} (run, stack, quota, headroom, amount, who, expires_at)
       SELECT $2, $3, quota, headroom, amount, $4, now() + make_interval(secs => $5::double precision)
       FROM json_to_recordset($1::json) AS x(quota text, headroom text, amount double precision)`,
      [JSON.stringify(rows), request.run, request.stack, request.who, request.ttlMs / 1000],
    );
    await c.query(doing, 'COMMIT');
    return outcome;
  } catch (err) {
    await c.client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

type ResolveOne = (r: LookupRequest) => Promise<LookupOutcome>;

/** Each operation, by its name: what it runs and what it answers (typed per operation). */
const OPERATIONS: { readonly [O in RecordOp]: (c: Connection, call: Extract<RecordCall, { op: O }>, resolveOne: ResolveOne) => Promise<RecordResults[O]> } = {
  init: async (c) => ({ version: await ensureSchema(c) }),
  read: async (c, call) => ({ rows: await readRows(c, call.keys, call.kinds) }),
  list: async (c) => ({ rows: await c.query<RecordRow>('listing records', `SELECT ${ROW_COLUMNS} FROM ${RECORDS_TABLE}`) }),
  merge: async (c, call) => ({ count: await merge(c, call.records, call.retentionMs) }),
  history: async (c, call) => {
    const rows = await c.query<{ key: string; kind: unknown; cloud: unknown; fetched_at: Date; value: unknown }>(
      'reading the history',
      `SELECT key, kind, cloud, fetched_at, value FROM ${HISTORY_TABLE} WHERE key = $1 ORDER BY fetched_at`,
      [call.key],
    );
    return { rows: rows.map((r) => ({ key: r.key, kind: r.kind, cloud: r.cloud, fetchedAt: r.fetched_at.toISOString(), value: r.value })) };
  },
  remove: async (c, call) => ({
    rows: await c.query<RecordRow>('removing records', `DELETE FROM ${RECORDS_TABLE} WHERE key = ANY($1::text[]) RETURNING ${ROW_COLUMNS}`, [call.keys]),
  }),
  clear: async (c) => {
    const [row] = await c.query<{ count: number }>(
      'clearing records',
      `WITH gone AS (DELETE FROM ${RECORDS_TABLE} RETURNING 1), leases AS (DELETE FROM ${LEASES_TABLE}), points AS (DELETE FROM ${HISTORY_TABLE}) SELECT count(*)::int AS count FROM gone`,
    );
    return { count: row.count };
  },
  fetch: async (c, call, resolveOne) => ({ fetched: await fetchShared(c, call.lookups, call.leaseMs, call.retentionMs, resolveOne) }),
  reserve: async (c, call) => ({ reservation: await reserve(c, call.request) }),
  release: async (c, call) => ({
    reservations: await c.query<Reservation>(
      'releasing reservations',
      `DELETE FROM ${RESERVATIONS_TABLE} WHERE run = $1 AND ($2::text IS NULL OR stack = $2) RETURNING ${RESERVATION_COLUMNS}`,
      [call.run, call.stack ?? null],
    ),
  }),
  reservations: async (c) => ({
    reservations: await c.query<Reservation>(
      'listing reservations',
      `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATIONS_TABLE} WHERE expires_at > now() ORDER BY quota, created_at, run, stack`,
    ),
  }),
};

/**
 * Runs one record operation against the target database on this (worker) thread.
 * Never throws: a failure is an `{ ok: false }` reply carrying a {@link LookupRecordError}.
 * @internal
 */
export async function runRecordCall<C extends RecordCall>(call: C, resolveOne: ResolveOne): Promise<RecordReply<C['op']>> {
  try {
    const c = await connection(call.target);
    // The table is typed per operation; indexing it by a union loses the link, restored here.
    const run = OPERATIONS[call.op] as unknown as (c: Connection, call: C, resolveOne: ResolveOne) => Promise<RecordResults[C['op']]>;
    return { ok: true, ...(await run(c, call, resolveOne)) };
  } catch (err) {
    return { ok: false, error: serializeError(recordError(err, call.target, 'using it')) };
  }
}
