import { signQingCloudRequest } from '../../../src/clouds/qingcloud/signer';

// Published vectors: ../shared/API-NOTES.md §1b (QingCloud docs and qingcloud-sdk-go tests).
import { RUN_INSTANCES, VECTOR_KEYS as KEYS, VECTOR_TIME as AT } from '../../_helpers/qingcloud-vectors';

describe('signQingCloudRequest', () => {
  it('QC-1: reproduces the current documentation example (zone pek3a)', () => {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: { ...RUN_INSTANCES, zone: 'pek3a' } }, KEYS, AT);
    expect(signed.stringToSign).toBe(
      'GET\n/iaas/\naccess_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&count=1&image_id=centos64x86a&instance_name=demo&instance_type=small_b&login_mode=passwd&login_passwd=QingCloud20130712&signature_method=HmacSHA256&signature_version=1&time_stamp=2013-08-27T14%3A30%3A10Z&version=1&vxnets.1=vxnet-0&zone=pek3a',
    );
    expect(signed.signature).toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
    expect(signed.signedQuery.endsWith('&zone=pek3a&signature=byjccvWIvAftaq%2BoublemagH3bYAlDWxxLFAzAsyslw%3D')).toBe(true);
  });

  it('QC-2: reproduces the older documentation and qingcloud-sdk-go TestSigner1 (zone pek1)', () => {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: { ...RUN_INSTANCES, zone: 'pek1' } }, KEYS, AT);
    expect(signed.signedQuery.endsWith('&signature=32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D')).toBe(true);
  });

  it('QC-3: signs a path without a trailing slash as is (qingcloud-sdk-go TestSigner0)', () => {
    const zeroTime = new Date(0);
    zeroTime.setUTCFullYear(1, 0, 1);
    const signed = signQingCloudRequest(
      { method: 'GET', path: '/iaas', params: { 'instance.0': 'i-xxxxxxxx', action: 'DescribeInstance', verbose: 1 } },
      { accessKeyId: 'ENV_ACCESS_KEY_ID', secretAccessKey: 'ENV_SECRET_ACCESS_KEY' },
      zeroTime,
    );
    expect(signed.stringToSign).toBe(
      'GET\n/iaas\naccess_key_id=ENV_ACCESS_KEY_ID&action=DescribeInstance&instance.0=i-xxxxxxxx&signature_method=HmacSHA256&signature_version=1&time_stamp=0001-01-01T00%3A00%3A00Z&verbose=1',
    );
    expect(signed.signedQuery.endsWith('&signature=ZHa2iQ8PeyP1ktMF9C%2BDjOQBl537ti9RnYZ1Qqr6KRg%3D')).toBe(true);
  });

  it('encodes spaces as %20 and reserved characters in upper-case hex (RFC 3986)', () => {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: { name: "a b!*'()~" } }, KEYS, AT);
    expect(signed.canonicalQuery).toContain('name=a%20b%21%2A%27%28%29~');
  });
});
