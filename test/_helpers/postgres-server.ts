// A real PostgreSQL server for the tests of the shared lookup record, started per test
// file by scripts/postgres-server.js (initdb in a temp directory, pg_ctl on a free
// loopback port, as the `postgres` user under root) and stopped after it. Without the
// binaries the tests are skipped loudly, or fail when HEADROOM_REQUIRE_TOOLS=1 (as CI sets it).

/** A running test server. */
export interface PostgresServer {
  readonly port: number;
  readonly dataDir: string;
  /** The server's self-signed TLS certificate (its own CA), when openssl was there to make one. */
  readonly caFile?: string;
  /** A URL of database `db` (default `headroom`) as the trusted superuser, or as `user`. */
  url(options?: { db?: string; user?: string; password?: string; port?: number }): string;
  /** Runs SQL as the superuser (a connection of its own each time). */
  sql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Creates a fresh database and returns its name. */
  createDatabase(): Promise<string>;
  stop(): void;
}

import { REQUIRE_TOOLS_ENV, skippedName } from './tools';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/postgres-server.js') as {
  PASSWORD_ROLE: { readonly user: string; readonly password: string };
  postgresBinDir(): string | undefined;
  startPostgres(): Promise<PostgresServer>;
};

/** A role with a password, logging in over TCP with scram-sha-256 (every other role is trusted). */
export const PASSWORD_ROLE = script.PASSWORD_ROLE;
export const postgresBinDir = script.postgresBinDir;
export const startPostgres = script.startPostgres;

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
  if (process.env[REQUIRE_TOOLS_ENV] === '1') {
    describe(name, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error(`${why}; ${REQUIRE_TOOLS_ENV}=1 says this run must not skip tests that need it.`);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPED "${name}": ${why}. Set ${REQUIRE_TOOLS_ENV}=1 to make this a failure.\n`);
  describe.skip(skippedName(name, why), body);
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
