// Edges of the Huawei Cloud signer the published vectors leave open: headers a caller
// passes that the signer owns, a signed-header list without x-sdk-date, a header given
// twice, and the parsers' anchors. Each case here was a mutant of
// src/clouds/huaweicloud/signer.ts the other tests let live (npm run mutate, docs/mutation.md).
import { createHash, createHmac } from 'node:crypto';
import { parseHuaweiAuthorization, parseHuaweiSdkDate, signHuaweiRequest } from '../../../src/clouds/huaweicloud/signer';

const keys = { accessKey: 'AK', secretKey: 'SK' };
const at = new Date(Date.UTC(2026, 10, 23, 8, 9, 10));
const DATE = '20261123T080910Z';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('signHuaweiRequest edges', () => {
  it("replaces a caller's authorization header whatever its case, and never signs it", () => {
    const signed = signHuaweiRequest(
      { method: 'GET', path: '/p', headers: { authorization: 'Basic b2xkOm9sZA==', AUTHORIZATION: 'old', Host: 'h' } },
      keys,
      at,
    );
    expect(signed.headers).toEqual({ Host: 'h', 'X-Sdk-Date': DATE, Authorization: signed.authorization });
    expect(signed.signedHeaders).toEqual(['host', 'x-sdk-date']);
  });

  it("replaces a caller's x-sdk-date whatever its case with the date from `now`", () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p', headers: { 'X-SDK-DATE': '19990101T000000Z' }, signedHeaders: ['x-sdk-date'] }, keys, at);
    expect(signed.headers).toEqual({ 'X-Sdk-Date': DATE, Authorization: signed.authorization });
    expect(signed.canonicalRequest.split('\n')[3]).toBe(`x-sdk-date:${DATE}`);
  });

  it("temporary credentials replace a caller's X-Security-Token (any case) with theirs, signed once", () => {
    const signed = signHuaweiRequest(
      { method: 'GET', path: '/p', headers: { 'x-security-token': 'stale', 'X-SECURITY-TOKEN': 'staler' } },
      { ...keys, securityToken: 'fresh' },
      at,
    );
    expect(signed.headers).toEqual({ 'X-Security-Token': 'fresh', 'X-Sdk-Date': DATE, Authorization: signed.authorization });
    expect(signed.canonicalRequest).toContain('\nx-security-token:fresh\n\n');
    expect(signed.canonicalRequest).not.toContain('stale');
  });

  it("permanent credentials leave a caller's X-Security-Token as it is", () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p', headers: { 'X-Security-Token': 'caller' } }, keys, at);
    expect(signed.headers['X-Security-Token']).toBe('caller');
    expect(signed.canonicalRequest).toContain('\nx-security-token:caller\n');
    const none = signHuaweiRequest({ method: 'GET', path: '/p' }, { ...keys, securityToken: '' }, at);
    expect(Object.keys(none.headers)).toEqual(['X-Sdk-Date', 'Authorization']);
  });

  it('adds x-sdk-date to a signed-header list that lacks it, in sorted place', () => {
    const signed = signHuaweiRequest(
      { method: 'GET', path: '/p', headers: { Host: 'h' }, signedHeaders: ['x-security-token', 'Host', 'host'] },
      { ...keys, securityToken: 'tok' },
      at,
    );
    expect(signed.signedHeaders).toEqual(['host', 'x-sdk-date', 'x-security-token']);
    expect(signed.canonicalRequest.split('\n').slice(3, 8)).toEqual([
      'host:h',
      `x-sdk-date:${DATE}`,
      'x-security-token:tok',
      '',
      'host;x-sdk-date;x-security-token',
    ]);
    expect(signed.authorization).toBe(`SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date;x-security-token, Signature=${signed.signature}`);
  });

  it('signs a listed header that is absent with an empty value, and leaves unlisted ones out', () => {
    const signed = signHuaweiRequest(
      { method: 'GET', path: '/p', headers: { Host: 'h', 'X-Extra': 'e' }, signedHeaders: ['x-project-id', 'host', 'x-sdk-date'] },
      keys,
      at,
    );
    expect(signed.canonicalRequest.split('\n').slice(3, 7)).toEqual(['host:h', 'x-project-id:', `x-sdk-date:${DATE}`, '']);
    expect(signed.headers['X-Extra']).toBe('e');
  });

  it('a header given twice (names differing in case) is signed once per value, sorted as given then trimmed (as the Go SDK)', () => {
    const signed = signHuaweiRequest({ method: 'GET', path: '/p', headers: { 'X-Tag': ' b ', 'x-tag': 'a', 'X-TAG': 'B' } }, keys, at);
    expect(signed.signedHeaders).toEqual(['x-sdk-date', 'x-tag']);
    expect(signed.canonicalRequest.split('\n').slice(3, 8)).toEqual([`x-sdk-date:${DATE}`, 'x-tag:b', 'x-tag:B', 'x-tag:a', '']);
  });

  it('by default signs every header but content-type* and names with "_"', () => {
    const signed = signHuaweiRequest(
      {
        method: 'GET',
        path: '/p',
        headers: { 'Content-Type': 'application/json', 'content-type-options': 'x', 'X-Content-Type': 'y', X_Under: 'z', 'X-Project-Id': 'pid' },
      },
      keys,
      at,
    );
    expect(signed.signedHeaders).toEqual(['x-content-type', 'x-project-id', 'x-sdk-date']);
  });

  it('the whole signature: HMAC-SHA256 of the string to sign, which hashes the canonical request', () => {
    const signed = signHuaweiRequest({ method: 'delete', path: '/v1/p q', query: { b: ['2', '1'], a: true }, body: 'x' }, keys, at);
    const canonical = ['DELETE', '/v1/p%20q/', 'a=true&b=1&b=2', `x-sdk-date:${DATE}\n`, 'x-sdk-date', createHash('sha256').update('x').digest('hex')].join(
      '\n',
    );
    expect(signed.canonicalRequest).toBe(canonical);
    const stringToSign = `SDK-HMAC-SHA256\n${DATE}\n${createHash('sha256').update(canonical).digest('hex')}`;
    expect(signed.stringToSign).toBe(stringToSign);
    expect(signed.signature).toBe(createHmac('sha256', 'SK').update(stringToSign).digest('hex'));
    expect(signed.sdkDate).toBe(DATE);
    expect(signed.canonicalQuery).toBe('a=true&b=1&b=2');
  });

  it('X-Sdk-Content-Sha256 given twice: the first one given is the body hash', () => {
    const signed = signHuaweiRequest(
      { method: 'PUT', path: '/p', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD', 'x-sdk-content-sha256': 'AAAA' } },
      keys,
      at,
    );
    expect(signed.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('hashes an absent body as the empty string', () => {
    expect(signHuaweiRequest({ method: 'GET', path: '/p' }, keys, at).canonicalRequest.endsWith(`\n${EMPTY}`)).toBe(true);
  });
});

describe('Huawei header parsers edges', () => {
  it('parseHuaweiSdkDate: trims, and refuses anything around the date', () => {
    expect(parseHuaweiSdkDate(` ${DATE}\n`)).toBe(at.getTime());
    expect(parseHuaweiSdkDate(`x${DATE}`)).toBeNaN();
    expect(parseHuaweiSdkDate(`${DATE}x`)).toBeNaN();
    expect(parseHuaweiSdkDate('20260101T000000Z')).toBe(Date.UTC(2026, 0, 1));
    expect(parseHuaweiSdkDate('20261231T235959Z')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
  });

  it('parseHuaweiAuthorization: trims, and refuses other schemes, extra text and upper-case hex', () => {
    const good = 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0af9';
    expect(parseHuaweiAuthorization(`  ${good} `)).toEqual({ accessKey: 'AK', signedHeaders: ['host', 'x-sdk-date'], signature: '0af9' });
    expect(parseHuaweiAuthorization(`x${good}`)).toBeUndefined();
    expect(parseHuaweiAuthorization(`${good} x`)).toBeUndefined();
    expect(parseHuaweiAuthorization(good.replace('0af9', '0AF9'))).toBeUndefined();
    expect(parseHuaweiAuthorization(good.replace('HMAC-SHA256', 'HMAC-SHA1'))).toBeUndefined();
    expect(parseHuaweiAuthorization(good.replace('Access=AK', 'Access=A K'))).toBeUndefined();
    expect(parseHuaweiAuthorization(good.replace('Access=AK', 'Access='))).toBeUndefined();
  });
});
