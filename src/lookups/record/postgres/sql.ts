// The shared lookup record's tables and statements, in PostgreSQL's SQL: the schema (with
// its version), the upsert that keeps per key the answer fetched last, and the leases by
// which one synth of a fleet asks the cloud while the others wait, the headroom
// reservations of plan pipelines (`check --plan --reserve`), and every live answer's point
// of its lookup's history (runway rules).
/**
 * Version of the tables this library reads and writes (kept in `headroom_lookup_schema`).
 * Version 2 added `headroom_reservations` and `headroom_lookup_history`; a database at
 * version 1 is upgraded in place (the new tables created, nothing else touched).
 */
export const POSTGRES_RECORD_SCHEMA_VERSION = 2;

export const SCHEMA_TABLE = 'headroom_lookup_schema';
export const RECORDS_TABLE = 'headroom_lookup_records';
export const LEASES_TABLE = 'headroom_lookup_leases';
export const RESERVATIONS_TABLE = 'headroom_reservations';
/** Every live answer, by key and fetch time (schema version 2): what runway rules fit a trend to. */
export const HISTORY_TABLE = 'headroom_lookup_history';
export const CHANNEL = 'headroom_lookup_records';
/** Serializes creating the tables across synths (a transaction-level advisory lock). */
export const SCHEMA_LOCK_ID = 0x6864726d; // "hdrm"
/**
 * The first key of the two-key advisory locks that serialize reservations of one quota
 * (the second is `hashtext(quota)`); two-key locks never meet the one-key schema lock.
 */
export const RESERVATION_LOCK_CLASS = 0x68647273; // "hdrs"

/** The tables version 2 added (each `IF NOT EXISTS`: creating them again changes nothing). */
export const CREATE_TABLES_V2 = `
CREATE TABLE IF NOT EXISTS ${RESERVATIONS_TABLE} (
  run text NOT NULL,
  stack text NOT NULL,
  quota text NOT NULL,
  headroom text NOT NULL,
  amount double precision NOT NULL CHECK (amount > 0),
  who text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (run, stack, quota)
);
CREATE INDEX IF NOT EXISTS ${RESERVATIONS_TABLE}_quota ON ${RESERVATIONS_TABLE} (quota, expires_at);
CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
  key text NOT NULL,
  kind text NOT NULL,
  cloud text NOT NULL,
  fetched_at timestamptz NOT NULL,
  value json NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (key, fetched_at)
);`;

export const CREATE_TABLES = `
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
);
${CREATE_TABLES_V2}`;

/** Upgrades tables of version 1 to 2: adds the new tables and sets the version (run under the schema lock). */
export const UPGRADE_FROM_V1 = `${CREATE_TABLES_V2}
UPDATE ${SCHEMA_TABLE} SET version = 2 WHERE version = 1;`;

/** The columns of a reservation as the stores hand it back, ages and times on the database's clock. */
export const RESERVATION_COLUMNS = `run, stack, quota, headroom, amount, who,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "expiresAt",
  extract(epoch FROM now() - created_at)::double precision AS "ageSeconds"`;

/** An ISO 8601 time as `Date.toISOString` writes it (or with an offset): the only fetched_at the merge casts. */
export const ISO_TIME_RE = '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d(:?\\d\\d)?)$';

export const ROW_COLUMNS = 'key, kind, cloud, fetched_at AS "fetchedAt", value';

/**
 * Upserts records given as a JSON array ($1); keeps per key the one fetched last; adds the
 * history points ($3, a JSON array of records the entry check accepted), drops the points of
 * those keys older than the retention ($4 seconds); releases this holder's leases ($2);
 * wakes waiting synths.
 */
export const MERGE = `
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
), points AS (
  INSERT INTO ${HISTORY_TABLE} (key, kind, cloud, fetched_at, value)
  SELECT key, kind, cloud, "fetchedAt"::timestamptz, value
  FROM json_to_recordset($3::json) AS p(key text, kind text, cloud text, "fetchedAt" text, value json)
  WHERE "fetchedAt" ~ '${ISO_TIME_RE}'
  ON CONFLICT (key, fetched_at) DO NOTHING
), expired AS (
  DELETE FROM ${HISTORY_TABLE} WHERE key IN (SELECT key FROM input) AND fetched_at < now() - make_interval(secs => $4::double precision)
), released AS (
  DELETE FROM ${LEASES_TABLE} WHERE holder = $2 AND key IN (SELECT key FROM input)
)
SELECT (SELECT count(*) FROM input)::int AS count, pg_notify('${CHANNEL}', '')`;

/** Takes the leases of these keys that nobody holds (or whose lease ran out); returns the keys taken. */
export const TAKE_LEASES = `
INSERT INTO ${LEASES_TABLE} AS l (key, holder, expires_at)
SELECT k, $2, now() + make_interval(secs => $3::double precision) FROM unnest($1::text[]) AS k ORDER BY k
ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE l.expires_at < now()
RETURNING key`;

export const RELEASE_LEASES = `
WITH released AS (DELETE FROM ${LEASES_TABLE} WHERE holder = $2 AND key = ANY($1::text[]))
SELECT pg_notify('${CHANNEL}', '')`;
