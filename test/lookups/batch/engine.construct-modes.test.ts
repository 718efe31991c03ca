// Every lookup construct takes lookupMode and lookupMaxAgeSeconds, and the engine honours
// them for that one lookup, whatever the app's mode.
import * as fs from 'node:fs';
import { App, TerraformStack, Testing } from 'cdktf';
import { LookupRecordError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { LookupModeProps } from '../../../src/lookups/settings';
import { isolatedEnv, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { plantRecord, readRecords, Subject, SubjectLookup, SUBJECTS } from '../../_helpers/lookup-subjects';
import { thrownBy } from '../../_helpers/rejection';
import { useOwnRecordFile } from '../../_helpers/own-record-file';

describe.each(SUBJECTS)('%s: lookupMode and lookupMaxAgeSeconds props', (_name, subject: Subject) => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud()));

  const ownRecord = useOwnRecordFile('headroom-construct-modes-');

  const create = (app: App, props: LookupModeProps = {}, other = false, id = 'lookup'): SubjectLookup =>
    subject.create(new TerraformStack(app, `stack-${id}`), id, props, other);
  /** Requests that reached the fake cloud since the last reset, of every cloud. */
  const requests = async (): Promise<number> => (await cloud().requests()).length;
  /** Records the default query once, live, and clears the request log. */
  const recordOnce = async (): Promise<void> => {
    expect(create(Testing.app(), { lookupMode: 'live' }).read()).toBe(subject.live);
    await cloud().reset();
  };

  it('live: queries and records, even in an app that runs offline', async () => {
    process.env.HEADROOM_LOOKUP_MODE = 'offline';
    const app = Testing.app();
    const lookup = create(app, { lookupMode: 'live' });
    expect(lookup.read()).toBe(subject.live);
    expect((await cloud().requests(subject.cloud)).length).toBeGreaterThan(0);
    const json = readRecords(ownRecord.file);
    const keys = Object.keys(json.records);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toBe(subject.recordedKey(cloud().env())); // the key records had before: committed records still match
    expect(json.records[keys[0]]).toMatchObject({ kind: subject.kind, cloud: subject.cloud, fetchedAt: lookup.fetchedAt });
    expect(LookupEngine.of(app).recordStats).toMatchObject({ queried: 1, fromRecord: 0, recorded: 1 });
    const text = fs.readFileSync(ownRecord.file, 'utf8');
    for (const secret of subject.secrets) expect(text).not.toContain(secret);
  });

  it('cached: reuses a fresh record, and no request reaches the fake cloud', async () => {
    await recordOnce();
    const key = plantRecord(ownRecord.file, subject, 999, 10 * 60_000);
    const app = Testing.app(); // the app runs live: only the prop makes this lookup cached
    const lookup = create(app, { lookupMode: 'cached' });
    expect(lookup.read()).toBe(999);
    expect(lookup.fetchedAt).toBe(readRecords(ownRecord.file).records[key].fetchedAt);
    expect(await requests()).toBe(0);
    expect(LookupEngine.of(app).stats.batches).toBe(0);
    expect(LookupEngine.of(app).recordStats).toMatchObject({ queried: 0, fromRecord: 1, recorded: 0 });
  });

  it('cached: lookupMaxAgeSeconds makes the same record too old, so it queries and records again', async () => {
    await recordOnce();
    plantRecord(ownRecord.file, subject, 999, 10 * 60_000);
    const lookup = create(Testing.app(), { lookupMode: 'cached', lookupMaxAgeSeconds: 5 * 60 });
    expect(lookup.read()).toBe(subject.live);
    expect((await cloud().requests(subject.cloud)).length).toBeGreaterThan(0);
    const [record] = Object.values(readRecords(ownRecord.file).records);
    expect(record.fetchedAt).toBe(lookup.fetchedAt);
    // And the app's max age counts for nothing against the prop: a 10-minute-old record is fresh for 3600 s.
    process.env.HEADROOM_LOOKUP_MAX_AGE = '1m';
    plantRecord(ownRecord.file, subject, 999, 10 * 60_000);
    await cloud().reset();
    expect(create(Testing.app(), { lookupMode: 'cached', lookupMaxAgeSeconds: 3600 }).read()).toBe(999);
    expect(await requests()).toBe(0);
  });

  it('offline: no record is an error that names the key; no request', async () => {
    await recordOnce(); // a record of the default query, not of the other one
    const lookup = create(Testing.app(), { lookupMode: 'offline' }, true);
    const err = thrownBy(() => lookup.read());
    expect(err).toBeInstanceOf(LookupRecordError);
    expect(err.code).toBe('HEADROOM_RECORD');
    expect(
      err.message.startsWith(
        `stack-lookup/lookup: lookup ${subject.kind} failed: offline mode reads recorded lookups only, and no record of it in ${ownRecord.file}.`,
      ),
    ).toBe(true);
    const key = /Key: (.*?)\. Record it/.exec(err.message)?.[1];
    expect(key).toBeDefined();
    expect(key!.startsWith(`${subject.kind} {`)).toBe(true);
    expect(key).toMatch(/"account":"[0-9a-f]{12}"/);
    expect(Object.keys(readRecords(ownRecord.file).records)).not.toContain(key);
    expect(err.message).toContain("lookupMode: 'live'");
    expect(lookup.lookupError).toBeInstanceOf(LookupRecordError);
    expect(await requests()).toBe(0);
  });

  it('offline: uses the record, however old, in an app that runs live; the prop wins over the environment and context', async () => {
    await recordOnce();
    plantRecord(ownRecord.file, subject, 777, 400 * 86_400_000);
    process.env.HEADROOM_LOOKUP_MODE = 'live';
    const app = Testing.app({ context: { 'headroom:lookupMode': 'cached' } });
    const lookup = create(app, { lookupMode: 'offline' });
    expect(lookup.read()).toBe(777);
    expect(await requests()).toBe(0);
    expect(LookupEngine.of(app).stats.batches).toBe(0);
  });

  it('rejects a bad lookupMode or lookupMaxAgeSeconds at construction, naming the construct', async () => {
    const mode = thrownBy(() => create(Testing.app(), { lookupMode: 'replay' as never }));
    expect(mode.code).toBe('HEADROOM_INPUT');
    expect(mode.message).toBe('stack-lookup/lookup: lookupMode must be one of "live", "cached", "offline"; got "replay".');
    const age = thrownBy(() => create(Testing.app(), { lookupMode: 'cached', lookupMaxAgeSeconds: -1 }));
    expect(age.code).toBe('HEADROOM_INPUT');
    expect(age.message).toContain('stack-lookup/lookup: lookupMaxAgeSeconds');
    expect(age.message).toContain('got -1');
    expect(await requests()).toBe(0);
  });
});
