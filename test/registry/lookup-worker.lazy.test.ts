// What the lookup worker of a real synth loads, and when: a cached synth on a shared
// PostgreSQL record whose answers all come from the record never loads the clients, the
// transport or axios in its worker (the record's calls are SQL); a live synth loads them at
// boot; a cached synth that must ask the cloud loads them then, and gets its answers.
// Child processes run as `cdktf synth` runs an app (CDKTF_OUTDIR set, so the worker starts
// while the app loads); each worker thread logs the files it loads
// (test/_fixtures/worker-load-log.js, preloaded through synckit's SYNCKIT_EXEC_ARGV).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startNode } from '../_helpers/child';
import { describeWithPostgres } from '../_helpers/postgres-server';
import { usePostgresRecord } from '../_helpers/postgres-record';

const ROOT = path.join(__dirname, '..', '..');
const FLEET_APP = path.join(ROOT, 'test', '_fixtures', 'fleet-app.js');
const LOAD_LOG = path.join(ROOT, 'test', '_fixtures', 'worker-load-log.js');

/** What one synth printed and what its worker thread loaded (paths with forward slashes). */
interface Synth {
  readonly values: Record<string, number>;
  readonly stats: { queried: number; fromRecord: number };
  readonly loaded: string[];
}

/** Files of the HTTP path: axios, the library's transport and HTTP stack, the cloud clients. */
const httpPath = (loaded: readonly string[]): string[] =>
  loaded.filter((f) => /\/node_modules\/axios\//.test(f) || /\/lib\/core\/(transport|http-stack|cloud-api)\.js$/.test(f) || /\/lib\/clouds\//.test(f));

describeWithPostgres('what the lookup worker of a synth loads', () => {
  const pgRecord = usePostgresRecord();
  const { pg, cloud } = pgRecord;

  const synth = async (env: Record<string, string>): Promise<Synth> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-worker-load-'));
    const log = path.join(dir, 'worker-loads.txt');
    const run = await startNode([FLEET_APP], {
      PATH: process.env.PATH,
      HOME: dir,
      ...cloud().env(),
      CDKTF_OUTDIR: dir,
      OUTDIR: dir,
      SYNCKIT_EXEC_ARGV: `--require,${LOAD_LOG}`,
      WORKER_LOAD_LOG: log,
      ...env,
    }).done;
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const loaded = fs.existsSync(log)
      ? fs
          .readFileSync(log, 'utf8')
          .trim()
          .split('\n')
          .map((f) => f.split(path.sep).join('/'))
      : [];
    fs.rmSync(dir, { recursive: true, force: true });
    return { ...(JSON.parse(run.out) as Omit<Synth, 'loaded'>), loaded };
  };

  it('cached on a filled shared record: the worker runs the SQL and never loads axios, the transport or a client; live and a cached miss do', async () => {
    // Live: the worker loads the HTTP path at boot (the control: the log sees it).
    const live = await synth({ HEADROOM_LOOKUP_MODE: 'live', HEADROOM_LOOKUP_RECORD_URL: pgRecord.url });
    expect(live.stats.queried).toBe(3);
    expect(live.loaded.some((f) => f.endsWith('/lib/registry/lookup-worker.js'))).toBe(true);
    expect(httpPath(live.loaded)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/node_modules\/axios\//), expect.stringMatching(/\/lib\/core\/transport\.js$/)]),
    );
    await cloud().reset();

    // Cached, every answer in the record: the same values, no request, and in the worker pg (the record's SQL) but nothing of HTTP.
    const cached = await synth({ HEADROOM_LOOKUP_MODE: 'cached', HEADROOM_LOOKUP_RECORD_URL: pgRecord.url });
    expect(cached.values).toEqual(live.values);
    expect(cached.stats).toMatchObject({ queried: 0, fromRecord: 3 });
    expect(await cloud().requests()).toEqual([]);
    expect(cached.loaded.some((f) => /\/node_modules\/pg\//.test(f))).toBe(true);
    expect(httpPath(cached.loaded)).toEqual([]);

    // Cached on an empty record: the worker loads the clients when asked, and answers as live did.
    const miss = await synth({ HEADROOM_LOOKUP_MODE: 'cached', HEADROOM_LOOKUP_RECORD_URL: pg().url({ db: await pg().createDatabase() }) });
    expect(miss.values).toEqual(live.values);
    expect(miss.stats).toMatchObject({ queried: 3, fromRecord: 0 });
    expect((await cloud().requests()).length).toBeGreaterThanOrEqual(3);
    expect(httpPath(miss.loaded)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/node_modules\/axios\//), expect.stringMatching(/\/lib\/core\/transport\.js$/)]),
    );
  });
});
