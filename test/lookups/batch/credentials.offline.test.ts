// Offline mode needs no credentials: a CI job without keys synthesizes from a record that
// was written live with keys. Online modes still need them, at construction.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { CredentialsError, HeadroomError, LookupRecordError, MissingCredentialsError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { LookupModeProps } from '../../../src/lookups/settings';
import { isolatedEnv, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { ALL_CREDENTIAL_VARS, plantRecord, readRecords, Subject, SubjectLookup, SUBJECTS } from '../../_helpers/lookup-subjects';
import { thrownBy } from '../../_helpers/rejection';

const APP = path.join(__dirname, '../../_fixtures/offline-app.js');
const CLOUD_NAMES: Record<string, string> = { qingcloud: 'QingCloud', ucloud: 'UCloud', huaweicloud: 'Huawei Cloud' };
const ALL_SECRETS = SUBJECTS.flatMap(([, s]) => s.secrets);
const emptyDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe.each(SUBJECTS)('%s without credentials', (_name, subject: Subject) => {
  const cloud = useFakeCloud();
  // No credential variable but the fake cloud's own.
  useEnv(() => isolatedEnv(cloud(), Object.fromEntries(ALL_CREDENTIAL_VARS.filter((v) => !(v in cloud().env())).map((v) => [v, undefined]))));

  let file: string;
  const saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    file = path.join(emptyDir('headroom-offline-nocreds-'), 'cdktf.lookups.json');
    process.env.HEADROOM_LOOKUP_RECORD_FILE = file;
    delete process.env.HEADROOM_LOOKUP_MODE;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      delete saved[k];
    }
    delete process.env.HEADROOM_LOOKUP_MODE;
  });
  afterAll(() => {
    delete process.env.HEADROOM_LOOKUP_MODE;
  });

  /** Removes every key of every cloud from the environment (HOME is an empty directory) until the test ends. */
  const dropCredentials = (): void => {
    for (const v of ALL_CREDENTIAL_VARS) {
      if (!(v in saved)) saved[v] = process.env[v];
      delete process.env[v];
    }
  };
  const setEnv = (name: string, value: string): void => {
    if (!(name in saved)) saved[name] = process.env[name];
    process.env[name] = value;
  };
  const create = (app: App, props: LookupModeProps = {}, other = false): SubjectLookup =>
    subject.create(new TerraformStack(app, 'stack-lookup'), 'lookup', props, other);
  const requests = async (): Promise<number> => (await cloud().requests()).length;
  /** Records the default query live, with the fake cloud's keys, and clears the request log. */
  const recordLive = async (): Promise<void> => {
    expect(create(Testing.app()).read()).toBe(subject.live);
    await cloud().reset();
  };

  it('a process with no credential at all synthesizes offline from the record written live with keys', async () => {
    await recordLive();
    const key = plantRecord(file, subject, 4242, 2 * 86_400_000);
    const outdir = emptyDir('headroom-offline-out-');
    // Built from nothing, not from process.env: only the endpoints, region and project (no key), and an empty HOME.
    const settings = Object.fromEntries(Object.entries(cloud().env()).filter(([k]) => !ALL_CREDENTIAL_VARS.includes(k)));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: emptyDir('headroom-ci-home-'),
      OUTDIR: outdir,
      HEADROOM_LOOKUP_MODE: 'offline',
      HEADROOM_LOOKUP_RECORD_FILE: file,
      ...settings,
    };
    for (const value of Object.values(env)) for (const secret of ALL_SECRETS) expect(value).not.toContain(secret);
    expect(fs.readdirSync(env.HOME)).toEqual([]);

    const child = spawn(process.execPath, [APP, subject.cloud], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const recordedAt = readRecords(file).records[key].fetchedAt;
    expect(JSON.parse(stdout)).toEqual({ value: 4242, fetchedAt: recordedAt });
    const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'offline', 'cdk.tf.json'), 'utf8'));
    expect(tf.variable.headroom_lookup.default.fetchedAt).toBe(recordedAt);
    expect(await requests()).toBe(0);
    expect(Object.keys(readRecords(file).records)).toEqual([key]); // read, not rewritten
  });

  it.each<[string, () => SubjectLookup]>([
    ['the lookupMode prop', () => create(Testing.app(), { lookupMode: 'offline' })],
    ['HEADROOM_LOOKUP_MODE', () => (setEnv('HEADROOM_LOOKUP_MODE', 'offline'), create(Testing.app()))],
    ['cdktf context', () => create(Testing.app({ context: { 'headroom:lookupMode': 'offline' } }))],
  ])('offline from %s: no credentials needed, the record is used', async (_source, make) => {
    await recordLive();
    plantRecord(file, subject, 4242, 0);
    dropCredentials();
    const lookup = make();
    expect(lookup.read()).toBe(4242);
    expect(lookup.lookupError).toBeUndefined();
    expect(await requests()).toBe(0);
  });

  it.each<[string, string, LookupModeProps, () => App]>([
    ['live', 'by default', {}, () => Testing.app()],
    ['live', 'from the prop, in an offline app', { lookupMode: 'live' }, () => (setEnv('HEADROOM_LOOKUP_MODE', 'offline'), Testing.app())],
    ['cached', 'from HEADROOM_LOOKUP_MODE', {}, () => (setEnv('HEADROOM_LOOKUP_MODE', 'cached'), Testing.app())],
    ['cached', 'from cdktf context', {}, () => Testing.app({ context: { 'headroom:lookupMode': 'cached' } })],
  ])('%s (%s) still fails at construction, naming the construct, every place looked and offline mode', async (mode, _how, props, makeApp) => {
    await recordLive(); // a record exists: online modes need keys anyway
    dropCredentials();
    const err = thrownBy(() => create(makeApp(), props));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect(err.code).toBe('HEADROOM_CREDENTIALS');
    expect(err.message.startsWith(`stack-lookup/lookup: No ${CLOUD_NAMES[subject.cloud]} credentials found. Looked in:\n`)).toBe(true);
    expect(err.message).toContain(
      `This lookup runs ${mode}, which asks the cloud; only an offline lookup (HEADROOM_LOOKUP_MODE=offline, or lookupMode: 'offline') synthesizes without credentials`,
    );
    expect(await requests()).toBe(0);
  });

  it('offline without credentials, a query never recorded is an error naming the key without the account', async () => {
    await recordLive();
    dropCredentials();
    setEnv('HEADROOM_LOOKUP_MODE', 'offline');
    const lookup = create(Testing.app(), {}, true);
    const err = thrownBy(() => lookup.read());
    expect(err).toBeInstanceOf(LookupRecordError);
    expect(err.message).toContain(
      `offline mode reads recorded lookups only, and no record of it in ${file}. No credentials were found, so the account is left out of the key`,
    );
    const key = /Key \(the account left out\): (.*?)\. Record it/.exec(err.message)?.[1];
    expect(key).toBeDefined();
    expect(key!.startsWith(`${subject.kind} {`)).toBe(true);
    expect(key).not.toContain('"account"');
    expect(err.message).toContain('HEADROOM_LOOKUP_MODE=live cdktf synth');
    expect(await requests()).toBe(0);
  });

  it("records of several accounts: without credentials an error asks for them; with them, their account's record is used", async () => {
    await recordLive();
    const key = plantRecord(file, subject, 111, 0);
    const fingerprint = /"account":"([0-9a-f]{12})"/.exec(key)![1];
    const otherKey = key.replace(`"account":"${fingerprint}"`, '"account":"f00df00df00d"');
    expect(otherKey).not.toBe(key);
    const json = readRecords(file);
    const other = structuredClone(json.records[key]);
    subject.plant(other.value, 222);
    json.records[otherKey] = other;
    fs.writeFileSync(file, JSON.stringify(json));

    dropCredentials();
    setEnv('HEADROOM_LOOKUP_MODE', 'offline');
    const err = thrownBy(() => create(Testing.app()).read());
    expect(err).toBeInstanceOf(LookupRecordError);
    expect(err.message).toContain(`offline mode found 2 records of this query in ${file}, for different accounts (fingerprints `);
    expect(err.message).toContain(fingerprint);
    expect(err.message).toContain('f00df00df00d');
    expect(err.message).toContain('no credentials were found to choose between them');
    expect(err.message).toContain('Provide the credentials of the account to use');

    for (const [k, v] of Object.entries(saved)) if (v !== undefined && ALL_CREDENTIAL_VARS.includes(k)) process.env[k] = v;
    expect(create(Testing.app()).read()).toBe(111);
    expect(await requests()).toBe(0);
  });

  it('a half key pair is still an error offline (almost always a typo)', async () => {
    dropCredentials();
    setEnv('HEADROOM_LOOKUP_MODE', 'offline');
    setEnv(subject.credentialVars[0], 'half-of-a-pair');
    const err = thrownBy(() => create(Testing.app()));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).not.toBeInstanceOf(MissingCredentialsError);
    expect(err.message.startsWith('stack-lookup/lookup: ')).toBe(true);
    expect(err.message).toContain('incomplete');
    expect(err.message).not.toContain('half-of-a-pair');
  });
});

describe('a lookup whose key leaves the account out', () => {
  it('the engine refuses to register it in a mode that would query the cloud', () => {
    const app = Testing.app();
    const request = { kind: 'test:Nothing', key: 'test:Nothing {"q":1}', input: undefined, anyAccount: true };
    for (const lookupMode of ['live', 'cached'] as const) {
      const err = thrownBy(() => LookupEngine.of(app).register(request, 'stack/nothing', { lookupMode }));
      expect(err).toBeInstanceOf(HeadroomError);
      expect(err.code).toBe('HEADROOM_LOOKUP');
      expect(err.message).toBe(
        `stack/nothing: a lookup without credentials (its key leaves the account out) can only run offline; this one runs ${lookupMode}.`,
      );
    }
    expect(LookupEngine.of(app).stats.registered).toBe(0);
  });
});
