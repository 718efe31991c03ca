// The lookups of one app read each credential file once (LookupEngine.credentialFiles).
// These tests pin down that the cache never serves a file of another HOME, another
// variable or another app: whatever a chain would read anew, it reads anew.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { QuotaDetail } from '../../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../../src/clouds/ucloud/eip-bandwidth-usage';
import { CredentialsError } from '../../../src/core/errors';
import { FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { thrownBy } from '../../_helpers/rejection';

const tempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const sha12 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

/** Writes ~/.qingcloud/config.yaml under `home` with this key id and zone. */
function qingcloudConfig(home: string, keyId: string, zone: string): void {
  fs.mkdirSync(path.join(home, '.qingcloud'), { recursive: true });
  fs.writeFileSync(path.join(home, '.qingcloud', 'config.yaml'), `qy_access_key_id: '${keyId}'\nqy_secret_access_key: 'secret-of-${keyId}'\nzone: '${zone}'\n`);
}

/** Writes a UCloud CLI config file (one active profile in this region) and returns its path. */
function ucloudConfig(dir: string, name: string, region: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify([{ profile: 'default', active: true, region, base_url: 'http://127.0.0.1:9/' }]));
  return file;
}

/** Writes a Huawei Cloud SDK credentials file with this project id and returns its path. */
function huaweiCredentials(dir: string, name: string, projectId: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `[basic]\nak = HWKEY${projectId.slice(0, 4)}\nsk = secret\nproject_id = ${projectId}\n`);
  return file;
}

describe('credential files read by the lookups of an app', () => {
  let saved: NodeJS.ProcessEnv;
  let home: string;
  beforeEach(() => {
    saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (/^(QINGCLOUD_|UCLOUD_|HW_|HUAWEICLOUD_|HEADROOM_)/.test(k)) delete process.env[k];
    home = tempDir('headroom-home-');
    process.env.HOME = home;
    // Offline with no record: each lookup's error names its key, which shows what its chain found.
    process.env.HEADROOM_LOOKUP_MODE = 'offline';
    process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(tempDir('headroom-record-'), 'cdktf.lookups.json');
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  const stackOf = (app: App, id = 'stack'): TerraformStack => new TerraformStack(app, id);
  const newApp = (): App => new App({ outdir: tempDir('headroom-out-') });
  /** The key a QingCloud lookup was registered with, as its offline error shows it. */
  const qingcloudKey = (stat: ProjectResourceStat): string => /Key: (\S+ \{[^}]*\})/.exec(stat.lookupError!.message)![1];
  /** A QingCloud lookup of the default project in a new stack of `app`. */
  const usage = (app: App, stack?: string): ProjectResourceStat => new ProjectResourceStat(stackOf(app, stack), 'usage', FAKE_QINGCLOUD_PROJECT);
  /** The lookup's key names the account of `accessKey` and zone `zone`: what its chain found. */
  const expectAccountAndZone = (stat: ProjectResourceStat, accessKey: string, zone: string): void => {
    expect(qingcloudKey(stat)).toContain(`"account":"${sha12(accessKey)}"`);
    expect(qingcloudKey(stat)).toContain(`"zone":"${zone}"`);
  };

  it('are read anew by the next app, after a file is rewritten in place', () => {
    qingcloudConfig(home, 'QYKEYONE', 'pek3a');
    const first = usage(newApp());
    qingcloudConfig(home, 'QYKEYTWO', 'sh1a');
    const second = usage(newApp());
    expectAccountAndZone(first, 'QYKEYONE', 'pek3a');
    expectAccountAndZone(second, 'QYKEYTWO', 'sh1a');
  });

  it('are read once per app: a file rewritten while the app is built is seen by the next app', () => {
    qingcloudConfig(home, 'QYKEYONE', 'pek3a');
    const app = newApp();
    const first = usage(app);
    qingcloudConfig(home, 'QYKEYTWO', 'sh1a');
    const second = usage(app, 'other');
    expect(qingcloudKey(second)).toBe(qingcloudKey(first));
    expect(qingcloudKey(second)).toContain('"zone":"pek3a"');
  });

  it('in one app, follow a change of HOME', () => {
    qingcloudConfig(home, 'QYKEYONE', 'pek3a');
    const otherHome = tempDir('headroom-home-');
    qingcloudConfig(otherHome, 'QYKEYTWO', 'sh1a');
    const app = newApp();
    const first = usage(app);
    process.env.HOME = otherHome;
    const second = usage(app, 'other');
    expectAccountAndZone(first, 'QYKEYONE', 'pek3a');
    expectAccountAndZone(second, 'QYKEYTWO', 'sh1a');
  });

  it('in one app, give way to the environment as soon as it is set', () => {
    qingcloudConfig(home, 'QYKEYONE', 'pek3a');
    const app = newApp();
    const first = usage(app);
    process.env.QINGCLOUD_ACCESS_KEY = 'QYKEYENV';
    process.env.QINGCLOUD_SECRET_KEY = 'secret';
    process.env.QINGCLOUD_ZONE = 'gd2';
    const second = usage(app, 'other');
    expect(qingcloudKey(first)).toContain('"zone":"pek3a"');
    expectAccountAndZone(second, 'QYKEYENV', 'gd2');
  });

  it.each([
    {
      cloud: 'UCloud',
      keys: { UCLOUD_PUBLIC_KEY: 'ucloud-public', UCLOUD_PRIVATE_KEY: 'ucloud-private' },
      variable: 'UCLOUD_SHARED_CONFIG_FILE',
      files: [(dir: string) => ucloudConfig(dir, 'one.json', 'cn-bj2'), (dir: string) => ucloudConfig(dir, 'two.json', 'hk')],
      read: (app: App, stack?: string) => new EipBandwidthUsage(stackOf(app, stack), 'bw').region,
      seen: ['cn-bj2', 'hk'],
    },
    {
      cloud: 'Huawei Cloud',
      keys: { HW_REGION_NAME: 'cn-north-4' },
      variable: 'HUAWEICLOUD_SDK_CREDENTIALS_FILE',
      files: [
        (dir: string) => huaweiCredentials(dir, 'one', '0a1b2c3d4e5f60718293a4b5c6d7e8f9'),
        (dir: string) => huaweiCredentials(dir, 'two', 'ffeeddccbbaa99887766554433221100'),
      ],
      read: (app: App, stack?: string) => new QuotaDetail(stackOf(app, stack), 'quota').projectId,
      seen: ['0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'ffeeddccbbaa99887766554433221100'],
    },
  ])('in one app, follow a change of the variable that names the file ($cloud)', ({ keys, variable, files, read, seen }) => {
    const dir = tempDir('headroom-files-');
    Object.assign(process.env, keys);
    process.env[variable] = files[0](dir);
    const app = newApp();
    const first = read(app);
    process.env[variable] = files[1](dir);
    const second = read(app, 'other');
    expect([first, second]).toEqual(seen);
  });

  it('that cannot be read fail every lookup that looks at them, with the same message', () => {
    fs.mkdirSync(path.join(home, '.qingcloud', 'config.yaml'), { recursive: true }); // a directory: EISDIR
    const app = newApp();
    const errors = ['a', 'b'].map((id) => thrownBy(() => usage(app, id)));
    for (const [i, err] of errors.entries()) {
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toBe(
        `${['a', 'b'][i]}/usage: Could not read ${path.join(home, '.qingcloud', 'config.yaml')}: EISDIR: illegal operation on a directory, read`,
      );
    }
  });
});
