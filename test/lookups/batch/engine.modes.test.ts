import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat, ProjectResourceStatProps } from '../../../src/clouds/qingcloud/project-resource-stat';
import { CloudServiceError, LookupRecordError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';
import { plantInstances } from '../../_helpers/lookup-subjects';
import { useOwnRecordFile } from '../../_helpers/own-record-file';

const PROJECT = FAKE_QINGCLOUD_PROJECT;
/** The bundled fake data: 7 resource groups, 42 instances. */
const LIVE_INSTANCES = 42;

interface RecordJson {
  version: number;
  records: Record<string, { kind: string; cloud: string; fetchedAt: string; value: { totals: { instanceCount: number }; totalCount: number } }>;
}

describe('lookup modes and the lookup record', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));

  const ownRecord = useOwnRecordFile('headroom-modes-');

  const readFile = (): RecordJson => JSON.parse(fs.readFileSync(ownRecord.file, 'utf8'));
  /** Rewrites the record of the only key: a value no live lookup returns, fetched `ageMs` ago. */
  const plantRecord = (instanceCount: number, ageMs: number): string => {
    const json = readFile();
    const [key] = Object.keys(json.records);
    plantInstances(json.records[key].value, instanceCount);
    json.records[key].fetchedAt = new Date(Date.now() - ageMs).toISOString();
    fs.writeFileSync(ownRecord.file, JSON.stringify(json));
    return key;
  };
  const stat = (app: App, props: Partial<ProjectResourceStatProps> = {}, id = 'usage'): ProjectResourceStat =>
    new ProjectResourceStat(new TerraformStack(app, `stack-${id}`), id, { ...PROJECT, ...props });
  /** Records the default query once, live, and clears the request log. */
  const recordOnce = async (): Promise<void> => {
    expect(stat(Testing.app(), { lookupMode: 'live' }).totals.instanceCount).toBe(LIVE_INSTANCES);
    await cloud().reset();
  };
  const requests = async (): Promise<number> => (await cloud().requests('qingcloud')).length;
  /** The lookup gave the planted record (999 instances, fetched when the record says) and asked the cloud nothing. */
  const expectPlantedRecord = async (app: App, s: ProjectResourceStat, key: string): Promise<void> => {
    expect(s.totals.instanceCount).toBe(999);
    expect(s.fetchedAt).toBe(readFile().records[key].fetchedAt);
    expect(await requests()).toBe(0);
    expect(LookupEngine.of(app).stats.batches).toBe(0);
  };

  describe('live (the default)', () => {
    it('queries and records the answer: key, kind, cloud, values, fetchedAt, format version', async () => {
      const s = stat(Testing.app());
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      const json = readFile();
      expect(json.version).toBe(1);
      const keys = Object.keys(json.records);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^qingcloud:GetProjectResourceStat \{/);
      for (const part of ['"consoleId":"alphacloud"', '"projectId":"pj-xzvlxlb5"', '"owner":"usr-WantwZJ8"', `"endpoint":"${cloud().endpoints.qingcloud}"`]) {
        expect(keys[0]).toContain(part);
      }
      const rec = json.records[keys[0]];
      expect(rec.kind).toBe('qingcloud:GetProjectResourceStat');
      expect(rec.cloud).toBe('qingcloud');
      expect(rec.fetchedAt).toBe(s.fetchedAt);
      expect(rec.value.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(rec.value.totalCount).toBe(7);
    });

    it('writes no secret into the record: neither key of the pair, in any case', () => {
      stat(Testing.app()).totals;
      const text = fs.readFileSync(ownRecord.file, 'utf8');
      const { accessKeyId, secretAccessKey } = FAKE_CREDENTIALS.qingcloud;
      for (const secret of [accessKeyId, secretAccessKey]) {
        expect(text).not.toContain(secret);
        expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
        expect(text).not.toContain(encodeURIComponent(secret));
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
      expect(Object.keys(JSON.parse(text).records)[0]).toMatch(/"account":"[0-9a-f]{12}"/); // the account is there, as a one-way fingerprint
    });

    it('queries even when a fresh record exists, and replaces it', async () => {
      await recordOnce();
      plantRecord(999, 0);
      const s = stat(Testing.app());
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      expect(Object.values(readFile().records)[0].value.totals.instanceCount).toBe(LIVE_INSTANCES);
    });

    it('never records a failure', async () => {
      const s = stat(Testing.app(), { projectId: 'pj-missing' });
      expect(s.lookupError).toBeInstanceOf(CloudServiceError);
      expect(fs.existsSync(ownRecord.file)).toBe(false);
      await recordOnce();
      stat(Testing.app(), { projectId: 'pj-missing' }).lookupError;
      expect(JSON.stringify(readFile())).not.toContain('pj-missing');
    });

    it('records in cdktf.lookups.json of the working directory when nothing says otherwise', () => {
      delete process.env.HEADROOM_LOOKUP_RECORD_FILE;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-cwd-'));
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        stat(Testing.app()).totals;
      } finally {
        process.chdir(cwd);
      }
      expect(fs.readdirSync(dir)).toEqual(['cdktf.lookups.json']);
    });

    it('records where cdktf context says', () => {
      const other = path.join(path.dirname(ownRecord.file), 'elsewhere.json');
      delete process.env.HEADROOM_LOOKUP_RECORD_FILE;
      const app = Testing.app({ context: { 'headroom:lookupRecordFile': other } });
      stat(app).totals;
      expect(Object.keys(JSON.parse(fs.readFileSync(other, 'utf8')).records)).toHaveLength(1);
      expect(LookupEngine.of(app).recordStats).toEqual({ queried: 1, fromRecord: 0, recorded: 1, file: other });
    });
  });

  describe('cached', () => {
    beforeEach(() => {
      process.env.HEADROOM_LOOKUP_MODE = 'cached';
    });

    it('hit: reuses a record younger than the max age, without a request', async () => {
      await recordOnce();
      const key = plantRecord(999, 30 * 60_000);
      const app = Testing.app();
      await expectPlantedRecord(app, stat(app), key);
      expect(LookupEngine.of(app).recordStats).toMatchObject({ queried: 0, fromRecord: 1, recorded: 0 });
    });

    it('miss: queries and records when the record is older than the max age (default one hour)', async () => {
      await recordOnce();
      plantRecord(999, 61 * 60_000);
      const s = stat(Testing.app());
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      expect(Object.values(readFile().records)[0].value.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(Date.now() - Date.parse(Object.values(readFile().records)[0].fetchedAt)).toBeLessThan(60 * 60_000);
    });

    it('miss: queries and records when there is no record', async () => {
      const s = stat(Testing.app());
      expect(s.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
      expect(Object.keys(readFile().records)).toHaveLength(1);
    });

    it('max age from the environment', async () => {
      await recordOnce();
      plantRecord(999, 90 * 60_000);
      process.env.HEADROOM_LOOKUP_MAX_AGE = '2h';
      expect(stat(Testing.app()).totals.instanceCount).toBe(999);
      process.env.HEADROOM_LOOKUP_MAX_AGE = '80m';
      expect(stat(Testing.app()).totals.instanceCount).toBe(LIVE_INSTANCES);
    });

    it('max age from cdktf context, and from the construct, which wins', async () => {
      await recordOnce();
      plantRecord(999, 10 * 60_000);
      expect(stat(Testing.app({ context: { 'headroom:lookupMaxAge': '5m' } })).totals.instanceCount).toBe(LIVE_INSTANCES);
      plantRecord(999, 10 * 60_000);
      expect(stat(Testing.app({ context: { 'headroom:lookupMaxAge': '5m' } }), { lookupMaxAgeSeconds: 3600 }).totals.instanceCount).toBe(999);
      expect(stat(Testing.app(), { lookupMaxAgeSeconds: 60 }).totals.instanceCount).toBe(LIVE_INSTANCES);
    });

    it('does not fall back to a stale record when the query fails', async () => {
      await recordOnce();
      plantRecord(999, 2 * 3600_000);
      await cloud().inject({ badBody: 10 });
      const s = stat(Testing.app(), { transport: { retry: { maxAttempts: 1 } } });
      expect(s.lookupError).toBeInstanceOf(CloudServiceError);
      expect(Object.values(readFile().records)[0].value.totals.instanceCount).toBe(999); // the failure recorded nothing
    });
  });

  describe('offline', () => {
    beforeEach(() => {
      process.env.HEADROOM_LOOKUP_MODE = 'offline';
    });

    it('hit: uses the record, however old, and never asks the cloud', async () => {
      await recordOnce();
      const key = plantRecord(999, 400 * 86_400_000);
      const app = Testing.app();
      const s = stat(app);
      const out = JSON.parse(Testing.synth(s.node.scope as TerraformStack)).variable.headroom_usage;
      expect(out.default.totals.instanceCount).toBe(999);
      await expectPlantedRecord(app, s, key);
    });

    it('miss: an error that names the key and says how to record it; no request', async () => {
      await recordOnce();
      const s = stat(Testing.app(), { projectId: 'pj-other' });
      const err = thrownBy(() => s.totals);
      expect(err).toBeInstanceOf(LookupRecordError);
      expect(err.code).toBe('HEADROOM_RECORD');
      expect(err.message).toMatch(
        /^stack-usage\/usage: lookup qingcloud:GetProjectResourceStat failed: offline mode reads recorded lookups only, and no record of it in /,
      );
      expect(err.message).toContain(ownRecord.file);
      expect(err.message).toContain('Key: qingcloud:GetProjectResourceStat {');
      expect(err.message).toContain('"projectId":"pj-other"');
      expect(err.message).toContain('HEADROOM_LOOKUP_MODE=live cdktf synth');
      expect(err.message).toContain("lookupMode: 'live'");
      expect(s.lookupError).toBeInstanceOf(LookupRecordError);
      expect(await requests()).toBe(0);
    });

    it('miss: says when there is no record file at all', () => {
      const err = thrownBy(() => stat(Testing.app()).totals);
      expect(err.message).toContain(`offline mode reads recorded lookups only, and there is no record file at ${ownRecord.file}.`);
      expect(fs.existsSync(ownRecord.file)).toBe(false);
    });

    it('from cdktf context, and the environment wins over context', async () => {
      delete process.env.HEADROOM_LOOKUP_MODE;
      await recordOnce();
      plantRecord(999, 0);
      expect(stat(Testing.app({ context: { 'headroom:lookupMode': 'offline' } })).totals.instanceCount).toBe(999);
      process.env.HEADROOM_LOOKUP_MODE = 'live';
      expect(stat(Testing.app({ context: { 'headroom:lookupMode': 'offline' } })).totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
    });

    it('one construct can run live in an offline app, in the same batch', async () => {
      await recordOnce();
      plantRecord(999, 0);
      const app = Testing.app();
      const recorded = stat(app, {}, 'recorded');
      const fresh = stat(app, { lookupMode: 'live', zone: 'pek3a' }, 'fresh');
      expect(recorded.totals.instanceCount).toBe(999);
      expect(fresh.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect((await cloud().requests('qingcloud')).map((r) => r.params.zone)).toEqual(['pek3a']);
      expect(LookupEngine.of(app).stats).toEqual({ registered: 2, distinct: 2, batches: 1 });
      expect(Object.keys(readFile().records)).toHaveLength(2);
    });

    it('a query asked live in this synth is one answer for every construct that asks it', async () => {
      await recordOnce();
      plantRecord(999, 0);
      const app = Testing.app();
      const offline = stat(app, {}, 'a');
      const live = stat(app, { lookupMode: 'live' }, 'b');
      expect(live.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(offline.totals.instanceCount).toBe(LIVE_INSTANCES);
      expect(await requests()).toBe(1);
    });
  });

  describe('a record file that cannot be used', () => {
    const broken: Array<[string, string, RegExp]> = [
      ['not JSON', '{"version":1,"records":{"qingcloud', /is not valid JSON/],
      ['another format version', '{"version":7,"records":{}}', /has format version 7; this version of cdktf-headroom reads version 1 only/],
    ];
    describe.each(broken)('%s', (_name, content, message) => {
      it.each(['live', 'cached', 'offline'])('fails the lookup in %s mode with a clear error, and leaves the file as it is', async (mode) => {
        process.env.HEADROOM_LOOKUP_MODE = mode;
        fs.writeFileSync(ownRecord.file, content);
        const s = stat(Testing.app());
        const err = thrownBy(() => s.totals);
        expect(err).toBeInstanceOf(LookupRecordError);
        expect(err.message).toMatch(message);
        expect(err.message).toContain(ownRecord.file);
        expect(err.message).toContain('It was left as it is.');
        expect(err.message).toContain('records clear');
        if (mode === 'live') expect(err.message).toContain('the cloud answered, but the answer could not be recorded');
        expect(fs.readFileSync(ownRecord.file, 'utf8')).toBe(content);
        expect(await requests()).toBe(mode === 'live' ? 1 : 0);
      });
    });
  });

  it('rejects a bad mode at construction, naming the construct and the source', async () => {
    process.env.HEADROOM_LOOKUP_MODE = 'replay';
    const err = thrownBy(() => stat(Testing.app()));
    expect(err.code).toBe('HEADROOM_INPUT');
    expect(err.message).toBe(
      'stack-usage/usage: environment variable HEADROOM_LOOKUP_MODE: the lookup mode must be one of "live", "cached", "offline"; got "replay".',
    );
    delete process.env.HEADROOM_LOOKUP_MODE;
    const bad = thrownBy(() => stat(Testing.app(), { lookupMode: 'sometimes' as never }));
    expect(bad.message).toBe('stack-usage/usage: lookupMode must be one of "live", "cached", "offline"; got "sometimes".');
    expect(await requests()).toBe(0);
  });
});
