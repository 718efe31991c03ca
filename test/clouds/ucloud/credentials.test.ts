import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveUCloudCredentials } from '../../../src/clouds/ucloud/credentials';
import { CredentialsError } from '../../../src/core/errors';
import { tempHome } from '../../_helpers/credential-chain';
import { thrownBy } from '../../_helpers/rejection';

/** A temporary home with the UCloud CLI's two files (either may be left out). */
function homeWith(files: { config?: unknown; credential?: unknown } = {}): string {
  const json = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return tempHome({
    ...(files.config === undefined ? {} : { '.ucloud/config.json': json(files.config) }),
    ...(files.credential === undefined ? {} : { '.ucloud/credential.json': json(files.credential) }),
  });
}

// The shape ucloud-cli writes (external/test-fixtures in ucloud-sdk-go, plus CLI-only fields).
const CONFIG = [
  {
    project_id: 'org-default',
    region: 'cn-sh2',
    zone: 'cn-sh2-02',
    base_url: 'https://api.ucloud.cn',
    timeout_sec: 30,
    profile: 'default',
    active: false,
    max_retry_times: 3,
  },
  { project_id: 'org-work', region: 'cn-bj2', zone: 'cn-bj2-04', base_url: 'https://api.work.example/', timeout_sec: 15, profile: 'work', active: true },
  { project_id: 'org-other', region: 'hk', base_url: '', profile: 'other', active: false },
];
const CREDENTIAL = [
  { public_key: 'PUB-DEFAULT', private_key: 'priv-default', profile: 'default', cookie: '', auth_mode: 'AKSK' },
  { public_key: 'PUB-WORK', private_key: 'priv-work', profile: 'work' },
  { public_key: 'PUB-OTHER', private_key: 'priv-other', profile: 'other' },
];

describe('resolveUCloudCredentials', () => {
  it('prefers the credentials prop over the environment and the files', () => {
    const c = resolveUCloudCredentials(
      { publicKey: 'PROP', privateKey: 'p1' },
      {
        env: { UCLOUD_PUBLIC_KEY: 'ENV', UCLOUD_PRIVATE_KEY: 'p2' },
        homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }),
      },
    );
    expect(c).toMatchObject({ publicKey: 'PROP', privateKey: 'p1', source: 'the credentials prop' });
  });

  it('reads UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY with UCLOUD_REGION, UCLOUD_PROJECT_ID and UCLOUD_API_BASE_URL', () => {
    const c = resolveUCloudCredentials(undefined, {
      env: {
        UCLOUD_PUBLIC_KEY: 'ENV',
        UCLOUD_PRIVATE_KEY: 'p2',
        UCLOUD_REGION: 'cn-gd',
        UCLOUD_PROJECT_ID: 'org-env',
        UCLOUD_API_BASE_URL: 'http://127.0.0.1:9/',
      },
      homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }),
    });
    expect(c).toEqual({
      publicKey: 'ENV',
      privateKey: 'p2',
      region: 'cn-gd',
      projectId: 'org-env',
      endpoint: 'http://127.0.0.1:9/',
      source: 'environment variables UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY',
    });
  });

  it('uses the active profile of ~/.ucloud/config.json and its keys from ~/.ucloud/credential.json', () => {
    const c = resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }) });
    expect(c).toMatchObject({ publicKey: 'PUB-WORK', privateKey: 'priv-work', region: 'cn-bj2', projectId: 'org-work', endpoint: 'https://api.work.example/' });
    expect(c.source).toBe('the UCloud CLI files ~/.ucloud/config.json and ~/.ucloud/credential.json (the active profile "work"; public_key, private_key)');
  });

  it('uses the profile UCLOUD_PROFILE names, settings included', () => {
    const c = resolveUCloudCredentials(undefined, { env: { UCLOUD_PROFILE: 'other' }, homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }) });
    expect(c).toMatchObject({ publicKey: 'PUB-OTHER', privateKey: 'priv-other', region: 'hk', projectId: 'org-other' });
    expect(c.endpoint).toBeUndefined(); // an empty base_url is no setting
    expect(c.source).toContain('profile "other" from UCLOUD_PROFILE');
  });

  it('falls back to the "default" profile when no entry is active, and reads the credential file alone', () => {
    const noneActive = CONFIG.map((e) => ({ ...e, active: false }));
    expect(resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ config: noneActive, credential: CREDENTIAL }) })).toMatchObject({
      publicKey: 'PUB-DEFAULT',
      region: 'cn-sh2',
      projectId: 'org-default',
    });
    const c = resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ credential: CREDENTIAL }) });
    expect(c).toMatchObject({ publicKey: 'PUB-DEFAULT', privateKey: 'priv-default' });
    expect(c.region).toBeUndefined();
  });

  it('honours UCLOUD_SHARED_CONFIG_FILE and UCLOUD_SHARED_CREDENTIAL_FILE (with ~/ expanded)', () => {
    const home = homeWith();
    fs.mkdirSync(path.join(home, 'elsewhere'));
    fs.writeFileSync(path.join(home, 'elsewhere', 'cfg.json'), JSON.stringify([{ profile: 'ci', active: true, region: 'us-ca' }]));
    fs.writeFileSync(path.join(home, 'elsewhere', 'keys.json'), JSON.stringify([{ profile: 'ci', public_key: 'PUB-CI', private_key: 'priv-ci' }]));
    const c = resolveUCloudCredentials(undefined, {
      env: { UCLOUD_SHARED_CONFIG_FILE: path.join(home, 'elsewhere', 'cfg.json'), UCLOUD_SHARED_CREDENTIAL_FILE: '~/elsewhere/keys.json' },
      homeDir: home,
    });
    expect(c).toMatchObject({ publicKey: 'PUB-CI', privateKey: 'priv-ci', region: 'us-ca' });
    expect(c.source).toContain('~/elsewhere/keys.json (UCLOUD_SHARED_CREDENTIAL_FILE)');
  });

  it('takes region, project and endpoint from the environment even when the keys come from the prop', () => {
    const c = resolveUCloudCredentials(
      { publicKey: 'PROP', privateKey: 'p1' },
      {
        env: { UCLOUD_API_BASE_URL: 'http://127.0.0.1:1/', UCLOUD_REGION: 'cn-bj2' },
        homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }),
      },
    );
    // Region and endpoint from the environment; the project from the active profile, the first place that sets one.
    expect(c).toMatchObject({ publicKey: 'PROP', endpoint: 'http://127.0.0.1:1/', region: 'cn-bj2', projectId: 'org-work' });
  });

  // The UCloud CLI writes JSON, read with JSON.parse: an escaped quote is undone there.
  it('reads an escaped quote in a key as JSON does: a"b', () => {
    const credential = '[{"profile": "default", "public_key": "PUB-Q", "private_key": "a\\"b"}]';
    const c = resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ credential }) });
    expect(c).toMatchObject({ publicKey: 'PUB-Q', privateKey: 'a"b' });
  });

  it('names every place it looked when none has keys, and how to fix it', () => {
    const err = thrownBy(() =>
      resolveUCloudCredentials(undefined, { env: { UCLOUD_PROFILE: 'ghost' }, homeDir: homeWith({ config: CONFIG, credential: CREDENTIAL }) }),
    );
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.code).toBe('HEADROOM_CREDENTIALS');
    expect(err.message).toBe(
      'No UCloud credentials found. Looked in:\n' +
        '  1. the credentials prop\n' +
        '  2. environment variables UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY\n' +
        '  3. the UCloud CLI files ~/.ucloud/config.json and ~/.ucloud/credential.json (profile "ghost" from UCLOUD_PROFILE; public_key, private_key)\n' +
        'Pass `credentials: { publicKey, privateKey }`, or set UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY, or run `ucloud init` (the UCloud CLI) ' +
        'to write ~/.ucloud/credential.json. Keys are at https://console.ucloud.cn/uapi/apikey.',
    );
  });

  it('refuses half a key pair instead of mixing sources, without showing the key', () => {
    const err = thrownBy(() => resolveUCloudCredentials(undefined, { env: { UCLOUD_PRIVATE_KEY: 'half-secret' }, homeDir: homeWith() }));
    expect(err.message).toContain('privateKey set but publicKey missing');
    expect(err.message).not.toContain('half-secret');
  });

  it('says which file is broken, without quoting it (it holds private keys)', () => {
    const broken = '[{"profile": "default", "public_key": "PUB", "private_key": "very-secret-key",}]';
    const err = thrownBy(() => resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ credential: broken }) }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(
      '~/.ucloud/credential.json is not valid JSON. The UCloud CLI writes a JSON array of profiles; fix the file or run `ucloud init` again.',
    );
    const notArray = thrownBy(() => resolveUCloudCredentials(undefined, { env: {}, homeDir: homeWith({ config: { profile: 'default' } }) }));
    expect(notArray.message).toContain('~/.ucloud/config.json is not a JSON array of profile objects');
  });

  it('fails when a file named by UCLOUD_SHARED_CREDENTIAL_FILE does not exist', () => {
    const err = thrownBy(() => resolveUCloudCredentials(undefined, { env: { UCLOUD_SHARED_CREDENTIAL_FILE: '/nonexistent/cred.json' }, homeDir: homeWith() }));
    expect(err.message).toBe('/nonexistent/cred.json (UCLOUD_SHARED_CREDENTIAL_FILE) does not exist. Fix the path, or unset the variable to use the default.');
  });
});
