import * as path from 'node:path';
import { resolveQingCloudCredentials } from '../../../src/clouds/qingcloud/credentials';
import { CredentialsError } from '../../../src/core/errors';
import { expectNothingFound, tempHome } from '../../_helpers/credential-chain';
import { thrownBy } from '../../_helpers/rejection';

/** A home with the QingCloud SDK/CLI file, when given. */
const homeWith = (yaml?: string): string => tempHome(yaml === undefined ? {} : { '.qingcloud/config.yaml': yaml });

describe('resolveQingCloudCredentials', () => {
  it('prefers the credentials prop over the environment and the file', () => {
    const c = resolveQingCloudCredentials(
      { accessKeyId: 'PROP', secretAccessKey: 's1' },
      {
        env: { QINGCLOUD_ACCESS_KEY: 'ENV', QINGCLOUD_SECRET_KEY: 's2' },
        homeDir: homeWith("qy_access_key_id: 'FILE'\nqy_secret_access_key: 's3'\n"),
      },
    );
    expect(c).toMatchObject({ accessKeyId: 'PROP', source: 'the credentials prop' });
  });

  it("reads the Terraform provider's variables, zone and endpoint included", () => {
    const c = resolveQingCloudCredentials(undefined, {
      env: { QINGCLOUD_ACCESS_KEY: 'ENV', QINGCLOUD_SECRET_KEY: 's2', QINGCLOUD_ZONE: 'pek3a', QINGCLOUD_ENDPOINT: 'https://api.example/iaas/' },
      homeDir: homeWith(),
    });
    expect(c).toMatchObject({ accessKeyId: 'ENV', secretAccessKey: 's2', zone: 'pek3a', endpoint: 'https://api.example/iaas/' });
  });

  it('reads ~/.qingcloud/config.yaml as the SDK and CLI write it', () => {
    const yaml = [
      "qy_access_key_id: 'FILEKEY'",
      'qy_secret_access_key: "file secret"',
      'zone: sh1a  # the zone',
      "host: 'api.qingcloud.com'",
      'port: 443',
      "protocol: 'https'",
      "uri: '/iaas'",
      'connection_retries: 3',
    ].join('\n');
    const c = resolveQingCloudCredentials(undefined, { env: {}, homeDir: homeWith(yaml) });
    expect(c).toMatchObject({
      accessKeyId: 'FILEKEY',
      secretAccessKey: 'file secret',
      zone: 'sh1a',
      endpoint: 'https://api.qingcloud.com:443/iaas/',
    });
    expect(c.source).toContain('~/.qingcloud/config.yaml');
  });

  // The QingCloud CLI (qingcloud-cli) and SDKs read this file with a YAML library, so a
  // quoted value is YAML's: escapes undone. The old hand-written reader kept `a\"b`.
  it('reads a quoted secret as YAML does: "a\\"b" is a"b', () => {
    const yaml = ['qy_access_key_id: "QUOTED"', 'qy_secret_access_key: "a\\"b"', "zone: 'it''s'"].join('\n');
    const c = resolveQingCloudCredentials(undefined, { env: {}, homeDir: homeWith(yaml) });
    expect(c).toMatchObject({ accessKeyId: 'QUOTED', secretAccessKey: 'a"b', zone: "it's" });
  });

  // Unchanged from the old reader, and what YAML (so the vendor's CLI) does: a # starts a
  // comment only after a space, and ; is nothing special.
  it('keeps # and ; inside a secret, and drops a comment after a space', () => {
    const yaml = ['qy_access_key_id: KEY#1 # my key', 'qy_secret_access_key: s3c;r#t'].join('\n');
    const c = resolveQingCloudCredentials(undefined, { env: {}, homeDir: homeWith(yaml) });
    expect(c).toMatchObject({ accessKeyId: 'KEY#1', secretAccessKey: 's3c;r#t' });
  });

  it('refuses a config.yaml that is not YAML, naming the file and line, not the secret', () => {
    const home = homeWith("qy_access_key_id: 'KEY'\nqy_secret_access_key: 'SECRET-VALUE\n");
    const err = thrownBy(() => resolveQingCloudCredentials(undefined, { env: {}, homeDir: home }));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toMatch(
      new RegExp(`^${path.join(home, '.qingcloud', 'config.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML: line 3, column 1: `),
    );
    expect(err.message).not.toContain('SECRET-VALUE');
  });

  it('names every place it looked when none has keys, and how to fix it', () => {
    const err = thrownBy(() => resolveQingCloudCredentials(undefined, { env: {}, homeDir: homeWith("#qy_access_key_id: 'ACCESS_KEY_ID'\n") }));
    expectNothingFound(
      err,
      ['the credentials prop', 'environment variables QINGCLOUD_ACCESS_KEY and QINGCLOUD_SECRET_KEY', 'the QingCloud SDK/CLI file ~/.qingcloud/config.yaml'],
      'Pass `credentials:',
    );
  });

  it('refuses half a key pair instead of mixing sources', () => {
    const err = thrownBy(() => resolveQingCloudCredentials(undefined, { env: { QINGCLOUD_ACCESS_KEY: 'ENV' }, homeDir: homeWith() }));
    expect(err.message).toContain('accessKeyId set but secretAccessKey missing');
    expect(err.message).not.toContain('ENV');
  });
});

describe('resolveQingCloudCredentials settings', () => {
  it('takes the endpoint and zone from the environment even when the keys come from the prop', () => {
    const c = resolveQingCloudCredentials(
      { accessKeyId: 'PROP', secretAccessKey: 's1' },
      {
        env: { QINGCLOUD_ENDPOINT: 'http://127.0.0.1:1/iaas/', QINGCLOUD_ZONE: 'pek3a' },
        homeDir: homeWith('zone: sh1a\n'),
      },
    );
    expect(c).toMatchObject({ accessKeyId: 'PROP', endpoint: 'http://127.0.0.1:1/iaas/', zone: 'pek3a' });
  });
});
