// Every cloud checks its credentials prop's shape at construction, before any request,
// and never shows a secret in the error.
import { TerraformStack, Testing } from 'cdktf';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { InputError } from '../../src/core/errors';
import { FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { thrownBy } from '../_helpers/rejection';

describe('the credentials prop is checked in every cloud', () => {
  const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');
  it.each<[string, () => unknown, RegExp]>([
    [
      'QingCloud, half a pair',
      () => new ProjectResourceStat(stack(), 'q', { ...FAKE_QINGCLOUD_PROJECT, credentials: { accessKeyId: 'AK-secretish', secretAccessKey: '' } }),
      /stack\/q: credentials must be \{ accessKeyId, secretAccessKey \} with non-empty strings; got \{ accessKeyId: \*\*\*, secretAccessKey: \(empty\) \}/,
    ],
    [
      'QingCloud, not an object',
      () => new ProjectResourceStat(stack(), 'q', { ...FAKE_QINGCLOUD_PROJECT, credentials: 'AK-secretish' as never }),
      /stack\/q: credentials must be \{ accessKeyId, secretAccessKey \} with non-empty strings; got "string"/,
    ],
    [
      'UCloud, a misspelt field',
      () => new EipBandwidthUsage(stack(), 'u', { region: 'cn-bj2', credentials: { publicKey: 'PK-secretish', privatekey: 'x' } as never }),
      /stack\/u: credentials must be \{ publicKey, privateKey \} with non-empty strings; got \{ publicKey: \*\*\*, privatekey: \*\*\* \}/,
    ],
    [
      'Huawei Cloud, half a pair',
      () => new QuotaDetail(stack(), 'h', { region: 'cn-north-4', projectId: 'p1', credentials: { accessKey: 'AK-secretish' } as never }),
      /stack\/h: credentials must be .*both accessKey and secretKey/,
    ],
  ])('%s', (_name, create, message) => {
    const err = thrownBy(create);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('secretish');
  });
});
