// A key-pair cloud's chain as QingCloud and UCloud declare it, and the clients set up from
// it (qingCloudClientFromChain, ucloudClientFromChain) asking the fake cloud over HTTP:
// what the caller gives wins over the chain, setting by setting.
import { qingCloudClientFromChain } from '../../src/clouds/qingcloud/client-from-chain';
import { ucloudClientFromChain } from '../../src/clouds/ucloud/client-from-chain';
import { clientOptionsFromChain, KeyPairChain, resolveKeyPairChain } from '../../src/core/credential-chain';
import { CloudCredentialsError, CredentialsError, MissingCredentialsError } from '../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT, FAKE_UCLOUD_ACCOUNT } from '../../src/testing/default-data';
import { FAST_RETRY, isolatedEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { rejectionOf, thrownBy } from '../_helpers/rejection';

interface PairCredentials {
  readonly id: string;
  readonly secret: string;
  readonly zone?: string;
}

const CHAIN: KeyPairChain<PairCredentials> = {
  cloud: 'Acme',
  keys: { id: 'ACME_ID', secret: 'ACME_SECRET' },
  settings: { zone: 'ACME_ZONE' },
  fix: 'Set ACME_ID.',
};

describe('resolveKeyPairChain', () => {
  const file = (found: Partial<PairCredentials> | undefined) => [{ description: 'the acme file', load: () => found }];

  it('walks the prop, the environment and the files: the keys from the first place that has them, each setting from the first that sets it', () => {
    const env = { ACME_ID: 'env-id', ACME_SECRET: 'env-secret', ACME_ZONE: '' };
    expect(resolveKeyPairChain(CHAIN, undefined, { env }, file({ id: 'f', secret: 'f', zone: 'file-zone' }))).toEqual({
      id: 'env-id',
      secret: 'env-secret',
      zone: 'file-zone',
      source: 'environment variables ACME_ID and ACME_SECRET',
    });
    expect(resolveKeyPairChain(CHAIN, { id: 'p', secret: 'q' }, { env }, [])).toEqual({ id: 'p', secret: 'q', source: 'the credentials prop' });
  });

  it('names the declared cloud, every place and the fix when none has the keys, and refuses a half pair', () => {
    const err = thrownBy(() => resolveKeyPairChain(CHAIN, undefined, { env: { ACME_ZONE: 'z1' } }, file(undefined)));
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect(err.message).toBe(
      'No Acme credentials found. Looked in:\n  1. the credentials prop\n  2. environment variables ACME_ID and ACME_SECRET\n  3. the acme file\nSet ACME_ID.',
    );
    const half = thrownBy(() => resolveKeyPairChain(CHAIN, undefined, { env: { ACME_ID: 'only' } }, []));
    expect(half).toBeInstanceOf(CredentialsError);
    expect(half.message).toContain('Acme credentials in environment variables ACME_ID and ACME_SECRET are incomplete: id set but secret missing.');
  });
});

describe('clientOptionsFromChain', () => {
  it('gives the keys the chain found, and each setting as given, else as found; other options pass through', () => {
    const seen: Array<Partial<PairCredentials> | undefined> = [];
    const chain = (given: Partial<PairCredentials> | undefined): PairCredentials => {
      seen.push(given);
      return { id: 'found-id', secret: 'found-secret', zone: 'found-zone', ...given };
    };
    const keys = (f: PairCredentials) => ({ key: `${f.id}:${f.secret}` });
    expect(
      clientOptionsFromChain({ timeoutMs: 5 } as { timeoutMs: number; zone?: string; credentials?: Partial<PairCredentials> }, chain, keys, ['zone']),
    ).toEqual({
      timeoutMs: 5,
      zone: 'found-zone',
      credentials: { key: 'found-id:found-secret' },
    });
    expect(clientOptionsFromChain({ zone: 'given', credentials: { id: 'mine' } }, chain, keys, ['zone'])).toEqual({
      zone: 'given',
      credentials: { key: 'mine:found-secret' },
    });
    expect(seen).toEqual([undefined, { id: 'mine' }]);
  });
});

describe('clients set up from the chain, against the fake cloud', () => {
  const cloud = useFakeCloud();

  it('QingCloud: keys, endpoint and zone from the environment; a zone given wins, and keys given win', async () => {
    const env = isolatedEnv(cloud(), { QINGCLOUD_ZONE: 'pek3' });
    await qingCloudClientFromChain({}, { env }).getProjectResourceStat(FAKE_QINGCLOUD_PROJECT);
    await qingCloudClientFromChain({ zone: 'sh1a' }, { env }).getProjectResourceStat(FAKE_QINGCLOUD_PROJECT);
    expect((await cloud().requests('qingcloud')).map((r) => [r.status, r.params.zone])).toEqual([
      [200, 'pek3'], // signed with the keys of the environment, which the fake cloud holds
      [200, 'sh1a'],
    ]);
    const given = { accessKeyId: FAKE_CREDENTIALS.qingcloud.accessKeyId, secretAccessKey: 'not-the-fake-clouds-secret' };
    const refused = await rejectionOf(qingCloudClientFromChain({ credentials: given, ...FAST_RETRY }, { env }).getProjectResourceStat(FAKE_QINGCLOUD_PROJECT));
    expect(refused).toBeInstanceOf(CloudCredentialsError);
  });

  it('UCloud: keys, endpoint and region from the environment; a region and an endpoint given win', async () => {
    const env = isolatedEnv(cloud(), { UCLOUD_REGION: FAKE_UCLOUD_ACCOUNT.region });
    await ucloudClientFromChain({}, { env }).describeBandwidthUsage();
    await ucloudClientFromChain({ region: 'cn-sh2' }, { env }).describeBandwidthUsage();
    expect((await cloud().requests('ucloud')).map((r) => [r.status, r.params.Region])).toEqual([
      [200, FAKE_UCLOUD_ACCOUNT.region],
      [200, 'cn-sh2'],
    ]);
    const err = await rejectionOf(ucloudClientFromChain({ endpoint: 'http://127.0.0.1:1/', retry: { maxAttempts: 1 } }, { env }).describeBandwidthUsage());
    expect(err.message).toContain('127.0.0.1:1');
  });
});
