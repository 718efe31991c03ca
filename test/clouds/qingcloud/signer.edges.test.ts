// Edges of the QingCloud signer that the published vectors leave open: the SHA-1 variant,
// POST, parameters the signer owns, and the timestamp. Each case here was a mutant of
// src/clouds/qingcloud/signer.ts the other tests let live (npm run mutate, docs/mutation.md).
import { qingCloudTimestamp, signQingCloudRequest } from '../../../src/clouds/qingcloud/signer';
import { RUN_INSTANCES as RUN_INSTANCES_ANYWHERE, VECTOR_KEYS as KEYS, VECTOR_TIME as AT } from '../../_helpers/qingcloud-vectors';

/** The published RunInstances request, in zone pek3a. */
const RUN_INSTANCES = { ...RUN_INSTANCES_ANYWHERE, zone: 'pek3a' };

describe('signQingCloudRequest edges', () => {
  it('QC-4 (API-NOTES §1b, derived): a request marked HmacSHA1 is signed with HMAC-SHA1', () => {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: RUN_INSTANCES, signatureMethod: 'HmacSHA1' }, KEYS, AT);
    expect(signed.canonicalQuery).toContain('&signature_method=HmacSHA1&');
    expect(signed.signature).toBe('J6HXH2ms54sgN+hVb2Hli8M9IQM=');
    expect(signed.signedQuery.endsWith('&zone=pek3a&signature=J6HXH2ms54sgN%2BhVb2Hli8M9IQM%3D')).toBe(true);
  });

  it('HmacSHA256 is the default and can be asked for by name', () => {
    const named = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: RUN_INSTANCES, signatureMethod: 'HmacSHA256' }, KEYS, AT);
    expect(named.signature).toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
  });

  it('POST signs "POST" as the first line; the body is the canonical query plus the signature', () => {
    const signed = signQingCloudRequest({ method: 'POST', path: '/iaas/', params: RUN_INSTANCES }, KEYS, AT);
    expect(signed.stringToSign.startsWith('POST\n/iaas/\naccess_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&')).toBe(true);
    expect(signed.signature).not.toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
    expect(signed.signedQuery).toBe(`${signed.canonicalQuery}&signature=${encodeURIComponent(signed.signature)}`);
  });

  it('the signer owns access_key_id, signature_method, signature_version and time_stamp: values passed in are replaced', () => {
    const signed = signQingCloudRequest(
      {
        method: 'GET',
        path: '/iaas/',
        params: { ...RUN_INSTANCES, access_key_id: 'OTHER', signature_method: 'HmacMD5', signature_version: 2, time_stamp: '1999-01-01T00:00:00Z' },
      },
      KEYS,
      AT,
    );
    expect(signed.signature).toBe('byjccvWIvAftaq+oublemagH3bYAlDWxxLFAzAsyslw=');
  });

  it('writes booleans and numbers as text, and sorts names in byte order (upper case first)', () => {
    const signed = signQingCloudRequest({ method: 'GET', path: '/iaas/', params: { verbose: true, Zeta: 0, limit: 100 } }, KEYS, AT);
    expect(signed.canonicalQuery).toBe(
      'Zeta=0&access_key_id=QYACCESSKEYIDEXAMPLE&limit=100&signature_method=HmacSHA256&signature_version=1&time_stamp=2013-08-27T14%3A30%3A10Z&verbose=true',
    );
  });

  it('time_stamp drops the milliseconds and is always UTC', () => {
    expect(qingCloudTimestamp(new Date('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01T23:59:59Z');
    expect(qingCloudTimestamp(new Date('2026-12-02T07:00:00+08:00'))).toBe('2026-12-01T23:00:00Z');
  });
});
