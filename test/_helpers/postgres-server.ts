// A real PostgreSQL server for the tests of the shared lookup record: initdb into a temp
// directory, started with pg_ctl on a free loopback port (as the `postgres` user when the
// tests run as root: the server refuses root), its unix socket in the temp directory,
// stopped and removed after the test file. Without the binaries the tests are skipped
// loudly, or fail when HEADROOM_REQUIRE_TOOLS=1 (as CI sets it).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

/** A role with a password, logging in over TCP with scram-sha-256 (every other role is trusted). */
export const PASSWORD_ROLE = { user: 'headroom_pw', password: 'S3cret-pa55-word' } as const;

/** The directory of the PostgreSQL server binaries (initdb, pg_ctl), the newest installed; undefined when none is. */
export function postgresBinDir(): string | undefined {
  if (process.env.HEADROOM_PG_BIN) return process.env.HEADROOM_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

/**
 * `describe` when the PostgreSQL binaries are there; otherwise a loud skip, or a failing
 * test when HEADROOM_REQUIRE_TOOLS=1.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (postgresBinDir()) {
    describe(name, body);
    return;
  }
  const why = 'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install postgresql-15, or set HEADROOM_PG_BIN)';
  if (process.env.HEADROOM_REQUIRE_TOOLS === '1') {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(`${why}; HEADROOM_REQUIRE_TOOLS=1 makes this a failure.`);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPED "${name}": ${why}. Set HEADROOM_REQUIRE_TOOLS=1 to make this a failure.\n`);
  describe.skip(name, body);
}

/** A running test server. */
export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** A URL of database `db` (default `headroom`) as the trusted superuser, or as `user`. */
  url(options?: { db?: string; user?: string; password?: string; port?: number }): string;
  /** Runs SQL as the superuser (a connection of its own each time). */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Creates a fresh database and returns its name. */
  createDatabase(): Promise<string>;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server (see the file comment). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]): string => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } }).toString();
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  fs.writeFileSync(
    path.join(dataDir, 'pg_hba.conf'),
    [
      'local all all trust',
      `host all ${PASSWORD_ROLE.user} 127.0.0.1/32 scram-sha-256`,
      'host all all 127.0.0.1/32 trust',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=16MB`;
  run('pg_ctl', ['start', '-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);

  const url: PostgresServer['url'] = ({ db = 'headroom', user = 'postgres', password, port: p = port } = {}) =>
    `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${p}/${db}`;
  const sql = async <R>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new Client({ connectionString: url({ db: 'postgres' }) });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as R[];
    } finally {
      await client.end();
    }
  };
  let dbs = 0;
  await sql(`CREATE ROLE ${PASSWORD_ROLE.user} LOGIN SUPERUSER PASSWORD '${PASSWORD_ROLE.password}'`);
  await sql('CREATE DATABASE headroom');
  return {
    port,
    dataDir,
    url,
    sql,
    async createDatabase() {
      const name = `headroom_${process.pid}_${++dbs}`;
      await sql(`CREATE DATABASE ${name}`);
      return name;
    },
    stop() {
      try {
        run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Starts a server for the test file and stops it after. */
export function usePostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => {
    server?.stop();
  });
  return () => server!;
}
