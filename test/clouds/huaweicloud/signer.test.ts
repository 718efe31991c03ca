import {
  huaweiCanonicalQuery,
  huaweiCanonicalUri,
  huaweiSdkDate,
  parseHuaweiAuthorization,
  parseHuaweiSdkDate,
  signHuaweiRequest,
} from '../../../src/clouds/huaweicloud/signer';

// Published vectors: shared/API-NOTES.md §3b.

describe('signHuaweiRequest: published vectors', () => {
  it('HW-1 (signing guide): canonical request, string to sign and signature', () => {
    const signed = signHuaweiRequest(
      {
        method: 'GET',
        path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs',
        query: { limit: 2, marker: '13551d6b-755d-4757-b956-536f674975c0' },
        headers: { 'Content-Type': 'application/json', Host: 'service.region.example.com' },
        signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      },
      { accessKey: 'AK-NOT-PUBLISHED', secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
      new Date(Date.UTC(2019, 10, 15, 3, 36, 55)),
    );
    expect(signed.canonicalRequest).toBe(
      'GET\n' +
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\n' +
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n' +
        'content-type:application/json\n' +
        'host:service.region.example.com\n' +
        'x-sdk-date:20191115T033655Z\n' +
        '\n' +
        'content-type;host;x-sdk-date\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(signed.stringToSign).toBe('SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(signed.signature).toBe('7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');
  });

  it('HW-2 (Go SDK TestSigner_Sign test1): GET, underscore header left unsigned', () => {
    const signed = signHuaweiRequest(
      { method: 'GET', path: '/path', query: { limit: 1 }, headers: { TEST_UNDERSCORE: 'TEST_VALUE' } },
      { accessKey: 'AccessKey', secretKey: 'SecretKey' },
      new Date(Date.UTC(2006, 0, 2, 15, 4, 5)),
    );
    expect(signed.canonicalRequest).toBe(
      'GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(signed.stringToSign.split('\n')[2]).toBe('85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4');
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    );
    expect(signed.headers).toEqual({ TEST_UNDERSCORE: 'TEST_VALUE', 'X-Sdk-Date': '20060102T150405Z', Authorization: signed.authorization });
  });

  it('HW-3 (Go SDK TestSigner_Sign test2): POST, exact body bytes with the trailing newline, content-type left unsigned', () => {
    const signed = signHuaweiRequest(
      {
        method: 'POST',
        path: '/path',
        query: { key: 'value' },
        headers: { TEST_UNDERSCORE: 'TEST_VALUE', 'Content-Type': 'application/json' },
        body: '{"Name":"test","Id":1}\n',
      },
      { accessKey: 'AccessKey', secretKey: 'SecretKey' },
      new Date(Date.UTC(2006, 0, 2, 15, 4, 5)),
    );
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  it('HW-3 without the trailing newline is a different signature (the body bytes are hashed as they are)', () => {
    const signed = signHuaweiRequest(
      { method: 'POST', path: '/path', query: { key: 'value' }, body: '{"Name":"test","Id":1}' },
      { accessKey: 'AccessKey', secretKey: 'SecretKey' },
      new Date(Date.UTC(2006, 0, 2, 15, 4, 5)),
    );
    expect(signed.signature.startsWith('83599e52')).toBe(true);
    // The same bytes given as a Uint8Array sign the same.
    const bytes = signHuaweiRequest(
      { method: 'POST', path: '/path', query: { key: 'value' }, body: Buffer.from('{"Name":"test","Id":1}') },
      { accessKey: 'AccessKey', secretKey: 'SecretKey' },
      new Date(Date.UTC(2006, 0, 2, 15, 4, 5)),
    );
    expect(bytes.signature).toBe(signed.signature);
  });

  it('canonical query: the Go SDK TestSigner_canonicalQueryString vector', () => {
    expect(huaweiCanonicalQuery({ limit: 1, enable: true, test: '一 (&=?!#%.*)', path: '/tmp/123', multi: [1, 2, 3] })).toBe(
      'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29',
    );
  });
});

describe('signHuaweiRequest: canonical parts', () => {
  const keys = { accessKey: 'AK', secretKey: 'SK' };
  const at = new Date(Date.UTC(2026, 10, 23, 8, 9, 10));

  it('sorts keys in byte order, sorts repeated values, encodes with RFC 3986 (space as %20, ~ kept)', () => {
    expect(huaweiCanonicalQuery({ b: 'x y', B: '~', a: ['2', '10', '1'] })).toBe('B=~&a=1&a=10&a=2&b=x%20y');
    expect(huaweiCanonicalQuery({})).toBe('');
  });

  it('ends the canonical URI in / and encodes each segment, not the separators', () => {
    expect(huaweiCanonicalUri('/v5/abc/billing/quotas-detail')).toBe('/v5/abc/billing/quotas-detail/');
    expect(huaweiCanonicalUri('/v5/abc/')).toBe('/v5/abc/');
    expect(huaweiCanonicalUri('/a b/c*d')).toBe('/a%20b/c%2Ad/');
    expect(huaweiCanonicalUri('')).toBe('/');
  });

  it('writes X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC and reads it back', () => {
    expect(huaweiSdkDate(at)).toBe('20261123T080910Z');
    expect(parseHuaweiSdkDate('20261123T080910Z')).toBe(at.getTime());
    expect(parseHuaweiSdkDate('2026-11-23T08:09:10Z')).toBeNaN();
  });

  it('lower-cases signed header names, trims their values, sorts them, and ends the block with an empty line', () => {
    const signed = signHuaweiRequest({ method: 'get', path: '/p', headers: { 'X-Project-Id': '  pid  ', Host: 'hss.cn-north-4.myhuaweicloud.com' } }, keys, at);
    expect(signed.signedHeaders).toEqual(['host', 'x-project-id', 'x-sdk-date']);
    expect(signed.canonicalRequest.split('\n')).toEqual([
      'GET',
      '/p/',
      '',
      'host:hss.cn-north-4.myhuaweicloud.com',
      'x-project-id:pid',
      'x-sdk-date:20261123T080910Z',
      '',
      'host;x-project-id;x-sdk-date',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ]);
  });

  it('adds and signs X-Security-Token for temporary credentials', () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p' }, { ...keys, securityToken: 'tok-123' }, at);
    expect(signed.headers['X-Security-Token']).toBe('tok-123');
    expect(signed.signedHeaders).toEqual(['x-sdk-date', 'x-security-token']);
    expect(signed.canonicalRequest).toContain('x-security-token:tok-123\n');
  });

  it('uses X-Sdk-Content-Sha256 in place of the body hash when present', () => {
    const signed = signHuaweiRequest({ method: 'PUT', path: '/p', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'big' }, keys, at);
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('ignores an Authorization or X-Sdk-Date passed in, taking the date from `now`', () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p', headers: { Authorization: 'old', 'x-sdk-date': '19990101T000000Z' } }, keys, at);
    expect(signed.headers).toEqual({ 'X-Sdk-Date': '20261123T080910Z', Authorization: signed.authorization });
  });

  it('parses the Authorization header it writes', () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p', headers: { Host: 'h' } }, keys, at);
    expect(parseHuaweiAuthorization(signed.authorization)).toEqual({ accessKey: 'AK', signedHeaders: ['host', 'x-sdk-date'], signature: signed.signature });
    expect(parseHuaweiAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=x,Signature=ab')).toBeUndefined();
  });
});
