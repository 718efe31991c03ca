import * as os from 'node:os';
import { InputError } from '../../../core/errors';
import { redactSecrets } from '../../../core/redact';

/**
 * The standard libpq environment variables a shared lookup record reads, each filling in
 * what the URL leaves out (the URL wins, as in libpq).
 */
export const POSTGRES_ENV_VARS = [
  'PGHOST',
  'PGPORT',
  'PGUSER',
  'PGPASSWORD',
  'PGDATABASE',
  'PGSSLMODE',
  'PGSSLROOTCERT',
  'PGSSLCERT',
  'PGSSLKEY',
  'PGAPPNAME',
  'PGCONNECT_TIMEOUT',
  'PGOPTIONS',
  'PGPASSFILE',
] as const;

/** URL query parameters filled from the environment variables of the same meaning. */
const PARAM_OF_ENV: Record<string, string> = {
  PGSSLMODE: 'sslmode',
  PGSSLROOTCERT: 'sslrootcert',
  PGSSLCERT: 'sslcert',
  PGSSLKEY: 'sslkey',
  PGAPPNAME: 'application_name',
  PGCONNECT_TIMEOUT: 'connect_timeout',
  PGOPTIONS: 'options',
};

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * A PostgreSQL database holding a shared lookup record: the connection URL with the
 * `PG*` environment filled in, and what messages may show of it.
 *
 * Plain data: it crosses to the lookup worker thread, where the connection is made.
 * `url` may hold a password: it is handed to the driver and to nothing else. Public
 * because `PostgresRecordStore`'s constructor takes it (`lookupRecordStoreAt` makes one).
 */
export interface PostgresRecordTarget {
  /** The full connection URL (may hold a password: never print it). */
  readonly url: string;
  /** The host (or socket directory), for messages. */
  readonly host: string;
  /** The port, for messages. */
  readonly port: string;
  /** The database name, for messages. */
  readonly database: string;
  /** The user name, for messages. */
  readonly user: string;
  /** `sslmode` as given (`prefer` falls back to an unencrypted connection, as libpq does). */
  readonly sslmode?: string;
  /** `PGPASSFILE`, when set: where the driver looks for a password the URL and `PGPASSWORD` do not give. */
  readonly passfile?: string;
  /** Strings that must never appear in a message: the password, raw and URL-encoded. */
  readonly secrets: readonly string[];
  /** How to name the database in messages: `PostgreSQL database "headroom" on db.example:5432 (user "ci")`. */
  readonly location: string;
}

/**
 * Works out the database of a shared lookup record from its URL and the `PG*` variables
 * of `env` (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, ...),
 * each filling in what the URL leaves out, as libpq does.
 * @throws InputError when the URL cannot be parsed or names an unknown `sslmode` (never showing the password)
 */
export function postgresRecordTarget(rawUrl: string, env: NodeJS.ProcessEnv, from = 'the lookup record URL'): PostgresRecordTarget {
  let u: URL;
  try {
    u = new URL(rawUrl.trim());
  } catch {
    throw new InputError(
      `${from} is not a valid URL (it is not shown: it may hold a password). Write it as postgres://USER@HOST:PORT/DATABASE?sslmode=require.`,
    );
  }
  if (!/^postgres(ql)?:$/i.test(u.protocol)) {
    throw new InputError(`${from} must start with postgres:// or postgresql://; got ${JSON.stringify(u.protocol)}.`);
  }
  const p = u.searchParams;
  const urlPassword = decodeURIComponent(u.password) || p.get('password') || '';
  const fill = (param: string, value: string | undefined): void => {
    if (value !== undefined && value !== '' && !p.has(param)) p.set(param, value);
  };
  if (!u.hostname) fill('host', env.PGHOST);
  if (!u.port) fill('port', env.PGPORT);
  if (!u.username) fill('user', env.PGUSER);
  if (!urlPassword) fill('password', env.PGPASSWORD);
  if (u.pathname === '' || u.pathname === '/') {
    if (env.PGDATABASE) u.pathname = `/${encodeURIComponent(env.PGDATABASE)}`;
  }
  for (const [name, param] of Object.entries(PARAM_OF_ENV)) fill(param, env[name]);
  p.delete('uselibpqcompat'); // always libpq's meaning of sslmode (see the worker)
  const sslmode = p.get('sslmode') ?? undefined;
  if (sslmode !== undefined && !SSL_MODES.includes(sslmode)) {
    throw new InputError(`${from}: sslmode must be one of ${SSL_MODES.join(', ')} (libpq's meaning); got ${JSON.stringify(sslmode)}.`);
  }
  const password = urlPassword || p.get('password') || '';
  const host = p.get('host') ?? (u.hostname.replace(/^\[(.+)\]$/, '$1') || 'localhost');
  const port = p.get('port') ?? (u.port || '5432');
  const user = p.get('user') ?? (decodeURIComponent(u.username) || os.userInfo().username);
  const database = decodeURIComponent(u.pathname.slice(1)) || user;
  const secrets = password ? [password, encodeURIComponent(password), u.password].filter((s) => s.length > 0) : [];
  const at = host.startsWith('/') ? `${host} (socket), port ${port}` : `${host}:${port}`;
  return {
    url: u.toString(),
    host,
    port,
    database,
    user,
    sslmode,
    passfile: env.PGPASSFILE || undefined,
    secrets,
    location: `PostgreSQL database ${JSON.stringify(database)} on ${at} (user ${JSON.stringify(user)})`,
  };
}

/** `text` with the target's password taken out, wherever a driver or server message might have echoed it. */
export function redactTarget(text: string, target: PostgresRecordTarget): string {
  return redactSecrets(text, [...target.secrets]);
}
