import { FakeCloud } from '../../src/testing/fake-cloud';
import { isolatedEnv, useEnv, useFakeCloud } from './fake-cloud';
import { PostgresServer, usePostgres } from './postgres-server';

/** What {@link usePostgresRecord} sets up; `db` and `url` name the current test's database. */
export interface PostgresRecordFixture {
  /** The file's PostgreSQL server. */
  readonly pg: () => PostgresServer;
  /** The file's fake cloud. */
  readonly cloud: () => FakeCloud;
  /** The name of this test's own empty database. */
  readonly db: string;
  /** Its URL, also in HEADROOM_LOOKUP_RECORD_URL for the test. */
  readonly url: string;
}

/**
 * A test file whose lookups record in PostgreSQL: a server and a fake cloud for the file,
 * the machine's cloud settings and credential files out of reach (isolatedEnv), and before
 * each test a new empty database in HEADROOM_LOOKUP_RECORD_URL, with HEADROOM_LOOKUP_MODE
 * and the `unset` variables removed (they are removed again after the file).
 */
export function usePostgresRecord({ unset = [] }: { unset?: readonly string[] } = {}): PostgresRecordFixture {
  const pg = usePostgres();
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud()));
  const current = { db: '', url: '' };
  const cleared = ['HEADROOM_LOOKUP_MODE', ...unset];
  beforeEach(async () => {
    current.db = await pg().createDatabase();
    current.url = pg().url({ db: current.db });
    process.env.HEADROOM_LOOKUP_RECORD_URL = current.url;
    for (const name of cleared) delete process.env[name];
  });
  afterAll(() => {
    for (const name of ['HEADROOM_LOOKUP_RECORD_URL', ...cleared]) delete process.env[name];
  });
  return {
    pg,
    cloud,
    get db() {
      return current.db;
    },
    get url() {
      return current.url;
    },
  };
}
