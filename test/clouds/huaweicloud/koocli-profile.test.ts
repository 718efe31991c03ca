import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { resolveHuaweiCloudCredentials } from '../../../src/clouds/huaweicloud/credentials';
import { QuotaDetail } from '../../../src/clouds/huaweicloud/quota-detail';
import { CredentialsError } from '../../../src/core/errors';
import { FAKE_HUAWEICLOUD_PROJECT } from '../../../src/testing/default-data';
import { useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

/** A home with KooCLI's ~/.hcloud/config.json (as `hcloud configure set` writes it) and, optionally, the SDK file. */
function home(config?: unknown, sdkIni?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-koocli-'));
  if (config !== undefined) {
    fs.mkdirSync(path.join(dir, '.hcloud'));
    fs.writeFileSync(path.join(dir, '.hcloud', 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  if (sdkIni !== undefined) {
    fs.mkdirSync(path.join(dir, '.huaweicloud'));
    fs.writeFileSync(path.join(dir, '.huaweicloud', 'credentials'), sdkIni);
  }
  return dir;
}

const CONFIG = {
  current: 'work',
  profiles: [
    { name: 'default', mode: 'AKSK', accessKeyId: 'DEFAULTAK', secretAccessKey: 'default-secret', region: 'cn-south-1', projectId: 'default-project' },
    { name: 'work', mode: 'AKSK', accessKeyId: 'WORKAK', secretAccessKey: 'work-secret', region: 'cn-north-4', projectId: 'work-project', domainId: 'd1' },
    { name: 'temp', mode: 'AKSK', accessKeyId: 'TEMPAK', secretAccessKey: 'temp-secret', securityToken: 'sts-token', region: 'ap-southeast-1' },
    { name: 'on-ecs', mode: 'ecsAgency', region: 'cn-east-3' },
    { name: 'encrypted', mode: 'AKSK', region: 'cn-north-4' },
  ],
};
const SDK_FILE = ['[basic]', 'ak = SDKFILEAK', 'sk = sdk-file-secret', 'project_id = sdk-file-project'].join('\n');
const KOOCLI = 'the KooCLI profile';

describe('KooCLI profiles (~/.hcloud/config.json)', () => {
  it('reads the current profile in AKSK mode: keys, region and project', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home(CONFIG) });
    expect(c.auth).toEqual({ accessKey: 'WORKAK', secretKey: 'work-secret' });
    expect(c).toMatchObject({ region: 'cn-north-4', projectId: 'work-project' });
    expect(c.source).toBe(`${KOOCLI} in ~/.hcloud/config.json (the current profile, AKSK mode)`);
  });

  it('reads the profile HW_PROFILE names, with its security token', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HW_PROFILE: 'temp' }, homeDir: home(CONFIG) });
    expect(c.auth).toEqual({ accessKey: 'TEMPAK', secretKey: 'temp-secret', securityToken: 'sts-token' });
    expect(c.region).toBe('ap-southeast-1');
    expect(c.source).toBe(`${KOOCLI} in ~/.hcloud/config.json (profile "temp" from HW_PROFILE, AKSK mode)`);
  });

  it('reads the file HW_SHARED_CONFIG_FILE names', () => {
    const other = path.join(home(), 'koocli.json');
    fs.writeFileSync(other, JSON.stringify({ current: 'default', profiles: CONFIG.profiles }));
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HW_SHARED_CONFIG_FILE: other }, homeDir: home(CONFIG) });
    expect(c.auth).toEqual({ accessKey: 'DEFAULTAK', secretKey: 'default-secret' });
    expect(c.source).toContain(other);
  });

  it('comes after the variables (HW_* and HUAWEICLOUD_SDK_*), whose keys win; its region and project fill in what they leave unset', () => {
    const hw = resolveHuaweiCloudCredentials(undefined, { env: { HW_ACCESS_KEY: 'HWAK', HW_SECRET_KEY: 'h' }, homeDir: home(CONFIG, SDK_FILE) });
    expect(hw.auth).toEqual({ accessKey: 'HWAK', secretKey: 'h' });
    expect(hw).toMatchObject({ region: 'cn-north-4', projectId: 'work-project' });
    const sdk = resolveHuaweiCloudCredentials(undefined, { env: { HUAWEICLOUD_SDK_AK: 'SDKAK', HUAWEICLOUD_SDK_SK: 's' }, homeDir: home(CONFIG, SDK_FILE) });
    expect(sdk.auth).toEqual({ accessKey: 'SDKAK', secretKey: 's' });
  });

  it("comes before the SDK's ~/.huaweicloud/credentials, as the Terraform provider's file comes before the SDK's", () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home(CONFIG, SDK_FILE) });
    expect(c.auth).toEqual({ accessKey: 'WORKAK', secretKey: 'work-secret' });
    expect(c.projectId).toBe('work-project');
    // Without KooCLI, the SDK file as before.
    expect(resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home(undefined, SDK_FILE) }).auth).toEqual({
      accessKey: 'SDKFILEAK',
      secretKey: 'sdk-file-secret',
    });
  });

  it('a profile in another mode holds no keys: the chain goes on, keeping its region', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HW_PROFILE: 'on-ecs' }, homeDir: home(CONFIG, SDK_FILE) });
    expect(c.auth).toEqual({ accessKey: 'SDKFILEAK', secretKey: 'sdk-file-secret' });
    expect(c.region).toBe('cn-east-3');
  });

  it('an AKSK profile without plain keys (KooCLI encrypts them by default) is an error that says how to fix it', () => {
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: { HW_PROFILE: 'encrypted' }, homeDir: home(CONFIG) }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain('"encrypted"');
    expect(err.message).toContain('hcloud configure set --cli-auth-encrypt=false');
  });

  it('a half pair in a profile is an error, never mixed with another place', () => {
    const config = { current: 'half', profiles: [{ name: 'half', mode: 'AKSK', accessKeyId: 'HALFAK' }] };
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home(config, SDK_FILE) }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toMatch(/incomplete: accessKeyId set but secretAccessKey missing/);
  });

  it('names the profiles there when HW_PROFILE names one that is not', () => {
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: { HW_PROFILE: 'prod' }, homeDir: home(CONFIG) }));
    expect(err.message).toContain('no profile "prod" (named by HW_PROFILE); its profiles: "default", "work", "temp", "on-ecs", "encrypted"');
  });

  it('refuses a file that is not JSON, and a missing file HW_SHARED_CONFIG_FILE names', () => {
    expect(thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home('{ not json') })).message).toMatch(
      /config\.json is not valid JSON/,
    );
    const missing = path.join(os.tmpdir(), 'headroom-no-such-koocli.json');
    expect(thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: { HW_SHARED_CONFIG_FILE: missing }, homeDir: home() })).message).toContain(
      `HW_SHARED_CONFIG_FILE names ${missing}, which does not exist`,
    );
  });

  it('reads an escaped quote in a key as JSON does: a"b', () => {
    const config = { current: 'q', profiles: [{ name: 'q', mode: 'AKSK', accessKeyId: 'QAK', secretAccessKey: 'a"b' }] };
    expect(JSON.stringify(config)).toContain('"a\\"b"'); // the file holds the escaped form
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home(config) });
    expect(c.auth).toEqual({ accessKey: 'QAK', secretKey: 'a"b' });
  });

  it('says where a file that is not JSON breaks, without quoting it (the text there may be a key)', () => {
    const dir = home('{\n  "current": "w",\n  "profiles": [{ "name": "w", "secretAccessKey": SECRET-VALUE }]\n}');
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: dir }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toBe(
      `The KooCLI config file ${path.join(dir, '.hcloud', 'config.json')} is not valid JSON (the text there is not shown). Check it with \`hcloud configure test\`.`,
    );
    const late = home('{"current": "w", "profiles": []} SECRET-VALUE');
    expect(thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: late })).message).toBe(
      `The KooCLI config file ${path.join(late, '.hcloud', 'config.json')} is not valid JSON at line 1, column 34 (the text there is not shown). Check it with \`hcloud configure test\`.`,
    );
  });

  it('lists the KooCLI profile among the places looked when nothing has a key', () => {
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home() }));
    expect(err.message).toContain('KooCLI');
    expect(err.message).toContain('~/.hcloud/config.json');
  });
});

describe('a QuotaDetail lookup with keys from a KooCLI profile', () => {
  const cloud = useFakeCloud();
  it('signs with the profile keys and reads the profile project, against the fake cloud', async () => {
    const env = cloud().env();
    const dir = home({
      current: 'fake',
      profiles: [
        {
          name: 'fake',
          mode: 'AKSK',
          accessKeyId: env.HW_ACCESS_KEY,
          secretAccessKey: env.HW_SECRET_KEY,
          region: FAKE_HUAWEICLOUD_PROJECT.region,
          projectId: FAKE_HUAWEICLOUD_PROJECT.projectId,
        },
      ],
    });
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env)) if (k.startsWith('HW_') || k.startsWith('HUAWEICLOUD_SDK_')) delete process.env[k];
      Object.assign(process.env, { HOME: dir, HW_HSS_ENDPOINT: env.HW_HSS_ENDPOINT });
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-out-')) });
      const hss = new QuotaDetail(new TerraformStack(app, 's'), 'hss', { lookupMode: 'live' });
      expect(hss.projectId).toBe(FAKE_HUAWEICLOUD_PROJECT.projectId);
      expect(hss.totalNum).toBeGreaterThan(0);
      expect((await cloud().requests('huaweicloud')).every((r) => r.status === 200)).toBe(true);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
