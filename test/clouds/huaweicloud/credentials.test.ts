import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultHssEndpoint, hssRegionEndpointVariable, resolveHssEndpoint, resolveHuaweiCloudCredentials } from '../../../src/clouds/huaweicloud/credentials';
import { CredentialsError } from '../../../src/core/errors';
import { expectNothingFound, tempHome } from '../../_helpers/credential-chain';
import { thrownBy } from '../../_helpers/rejection';

/** A home with the Huawei Cloud SDK's credentials file, when given. */
const homeWith = (ini?: string): string => tempHome(ini === undefined ? {} : { '.huaweicloud/credentials': ini });

const FILE = [
  '[basic]',
  'ak = FILEAK',
  'sk = file-secret',
  'project_id = file-project',
  '',
  '[global]',
  'ak = GLOBALAK',
  'sk = global-secret',
  'domain_id = d1',
].join('\n');

describe('resolveHuaweiCloudCredentials', () => {
  it('prefers the credentials prop over the environment and the file', () => {
    const c = resolveHuaweiCloudCredentials(
      { credentials: { accessKey: 'PROPAK', secretKey: 'p' } },
      { env: { HW_ACCESS_KEY: 'HWAK', HW_SECRET_KEY: 'h', HUAWEICLOUD_SDK_AK: 'SDKAK', HUAWEICLOUD_SDK_SK: 's' }, homeDir: homeWith(FILE) },
    );
    expect(c).toMatchObject({ auth: { accessKey: 'PROPAK', secretKey: 'p' }, source: 'the credentials prop' });
  });

  it("reads the Terraform provider's HW_* variables: keys, security token, region, project, enterprise project", () => {
    const c = resolveHuaweiCloudCredentials(undefined, {
      env: {
        HW_ACCESS_KEY: 'HWAK',
        HW_SECRET_KEY: 'h',
        HW_SECURITY_TOKEN: 'sts',
        HW_REGION_NAME: 'cn-north-4',
        HW_PROJECT_ID: 'hw-project',
        HW_ENTERPRISE_PROJECT_ID: 'all_granted_eps',
        HUAWEICLOUD_SDK_AK: 'SDKAK',
        HUAWEICLOUD_SDK_SK: 's',
      },
      homeDir: homeWith(),
    });
    expect(c).toEqual({
      auth: { accessKey: 'HWAK', secretKey: 'h', securityToken: 'sts' },
      region: 'cn-north-4',
      projectId: 'hw-project',
      enterpriseProjectId: 'all_granted_eps',
      source: 'environment variables HW_ACCESS_KEY and HW_SECRET_KEY (or HW_AUTH_TOKEN)',
    });
  });

  it('reads a token from HW_AUTH_TOKEN', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HW_AUTH_TOKEN: 'MIItoken' }, homeDir: homeWith(FILE) });
    expect(c.auth).toEqual({ authToken: 'MIItoken' });
    expect(c.projectId).toBe('file-project'); // settings still come from wherever they are set
  });

  it('uses the key pair when one place has both a key pair and a token', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HW_AUTH_TOKEN: 'MIItoken', HW_ACCESS_KEY: 'HWAK', HW_SECRET_KEY: 'h' }, homeDir: homeWith() });
    expect(c.auth).toEqual({ accessKey: 'HWAK', secretKey: 'h' });
  });

  it("reads the official SDK's HUAWEICLOUD_SDK_* variables", () => {
    const c = resolveHuaweiCloudCredentials(undefined, {
      env: { HUAWEICLOUD_SDK_AK: 'SDKAK', HUAWEICLOUD_SDK_SK: 's', HUAWEICLOUD_SDK_SECURITY_TOKEN: 'sdk-sts', HUAWEICLOUD_SDK_PROJECT_ID: 'sdk-project' },
      homeDir: homeWith(FILE),
    });
    expect(c).toMatchObject({ auth: { accessKey: 'SDKAK', secretKey: 's', securityToken: 'sdk-sts' }, projectId: 'sdk-project' });
    expect(c.source).toBe('environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
  });

  it('reads [basic] of ~/.huaweicloud/credentials, not [global]', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: homeWith(FILE) });
    expect(c).toMatchObject({ auth: { accessKey: 'FILEAK', secretKey: 'file-secret' }, projectId: 'file-project' });
    expect(c.source).toContain('~/.huaweicloud/credentials');
  });

  it('reads the file named by HUAWEICLOUD_SDK_CREDENTIALS_FILE instead, security token included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hw-creds-'));
    const file = path.join(dir, 'my-credentials');
    fs.writeFileSync(file, '[basic]\nak=OTHERAK\nsk=other\nsecurity_token=file-sts\n');
    const c = resolveHuaweiCloudCredentials(undefined, { env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file }, homeDir: homeWith(FILE) });
    expect(c.auth).toEqual({ accessKey: 'OTHERAK', secretKey: 'other', securityToken: 'file-sts' });
    expect(c.source).toContain(file);
  });

  it('reads a quoted value of the file as a JSON string: "a\\"b" is a"b', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: homeWith('[basic]\nak = QUOTEDAK\nsk = "a\\"b"\nproject_id = \'p1\'\n') });
    expect(c).toMatchObject({ auth: { accessKey: 'QUOTEDAK', secretKey: 'a"b' }, projectId: 'p1' });
  });

  // The old reader kept the whole rest of the line (a comment after a key became part of
  // the secret). Huawei Cloud's Go SDK ends a value at any ; or #, its Python SDK never
  // does. Here a comment after a space is dropped, a quoted value keeps them, and one inside
  // an unquoted value is refused rather than guessed (see test/core/credential-parsers).
  it('drops a comment after a space, keeps ; and # in a quoted secret, refuses them inside an unquoted one', () => {
    const c = resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: homeWith('[basic]\nak = AK1 ; the build key\nsk = "s3c;r#t"\n') });
    expect(c.auth).toEqual({ accessKey: 'AK1', secretKey: 's3c;r#t' });
    const home = homeWith('[basic]\nak = AK1\nsk = SECRET;tail\n');
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: home }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain(`${path.join(home, '.huaweicloud', 'credentials')} line 3: the value of sk holds a ";" right after other text`);
    expect(err.message).toContain('put the value in double quotes (sk = "...")');
    expect(err.message).not.toContain('SECRET');
  });

  it('names every place it looked when none has keys, and how to fix it', () => {
    const err = thrownBy(() => resolveHuaweiCloudCredentials(undefined, { env: {}, homeDir: homeWith('[global]\nak = G\nsk = g\n') }));
    expect(err.message).toContain('No Huawei Cloud credentials found. Looked in:');
    expectNothingFound(
      err,
      [
        'the credentials prop',
        'environment variables HW_ACCESS_KEY and HW_SECRET_KEY (or HW_AUTH_TOKEN)',
        'environment variables HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK',
        'the KooCLI profile in ~/.hcloud/config.json (the current profile, AKSK mode)',
        'the Huawei Cloud SDK file ~/.huaweicloud/credentials (ak and sk under [basic])',
      ],
      'Pass `credentials: { accessKey, secretKey }`',
    );
  });

  it('refuses half a key pair instead of mixing places, without echoing it', () => {
    const err = thrownBy(() =>
      resolveHuaweiCloudCredentials(undefined, {
        env: { HW_SECRET_KEY: 'half-secret', HUAWEICLOUD_SDK_AK: 'A', HUAWEICLOUD_SDK_SK: 'B' },
        homeDir: homeWith(),
      }),
    );
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain('HW_SECRET_KEY set but HW_ACCESS_KEY missing');
    expect(err.message).not.toContain('half-secret');
  });

  it('takes region and project from the environment when the keys come from the prop', () => {
    const c = resolveHuaweiCloudCredentials(
      { credentials: { authToken: 'T' } },
      { env: { HW_REGION_NAME: 'ap-southeast-1', HUAWEICLOUD_SDK_PROJECT_ID: 'sdk-project' }, homeDir: homeWith(FILE) },
    );
    expect(c).toMatchObject({ auth: { authToken: 'T' }, region: 'ap-southeast-1', projectId: 'sdk-project' });
  });

  it('lets props win over the environment for region and project', () => {
    const c = resolveHuaweiCloudCredentials(
      { region: 'cn-east-3', projectId: 'prop-project' },
      { env: { HW_REGION_NAME: 'cn-north-4', HW_PROJECT_ID: 'env', HW_AUTH_TOKEN: 'T' }, homeDir: homeWith() },
    );
    expect(c).toMatchObject({ region: 'cn-east-3', projectId: 'prop-project' });
  });
});

describe('resolveHssEndpoint', () => {
  it("uses the official SDKs' per-region variable first (the first of its comma list)", () => {
    expect(hssRegionEndpointVariable('cn-north-4')).toBe('HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4');
    const env = { HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: 'https://a.example, https://b.example', HW_HSS_ENDPOINT: 'https://general.example' };
    expect(resolveHssEndpoint('cn-north-4', { env })).toEqual({ endpoint: 'https://a.example', source: 'HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4' });
  });

  it('then HW_HSS_ENDPOINT, for any region or none', () => {
    const env = { HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: 'https://a.example', HW_HSS_ENDPOINT: 'https://general.example' };
    expect(resolveHssEndpoint('ap-southeast-1', { env })).toEqual({ endpoint: 'https://general.example', source: 'HW_HSS_ENDPOINT' });
    expect(resolveHssEndpoint(undefined, { env })).toEqual({ endpoint: 'https://general.example', source: 'HW_HSS_ENDPOINT' });
  });

  it("then the region's public endpoint (.eu for eu-west-101), and nothing without a region", () => {
    expect(resolveHssEndpoint('cn-north-4', { env: {} })!.endpoint).toBe('https://hss.cn-north-4.myhuaweicloud.com');
    expect(defaultHssEndpoint('eu-west-101')).toBe('https://hss.eu-west-101.myhuaweicloud.eu');
    expect(resolveHssEndpoint(undefined, { env: {} })).toBeUndefined();
  });
});
