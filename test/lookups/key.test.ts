import { createHash } from 'node:crypto';
import { accountFingerprint, lookupKey, lookupKeyWithoutAccount } from '../../src/lookups/key';

describe('lookupKey', () => {
  it('sorts object keys by UTF-16 code units at every level, keeps array order, and drops undefined fields', () => {
    const key = lookupKey('cloud:Op', {
      zone: undefined,
      b: [3, 'x', { z: 1, Z: 2, a: undefined }],
      a: { é: 1, e: 2, E: 3, '10': 4, '9': 5 },
      n: null,
      t: true,
      s: 'q"uote',
    });
    expect(key).toBe('cloud:Op {"a":{"10":4,"9":5,"E":3,"e":2,"é":1},"b":[3,"x",{"Z":2,"z":1}],"n":null,"s":"q\\"uote","t":true}');
  });

  it('gives the same key whatever order the identity was written in', () => {
    expect(lookupKey('k', { b: 1, a: { d: 2, c: 3 } })).toBe(lookupKey('k', { a: { c: 3, d: 2 }, b: 1 }));
    expect(lookupKey('k', {})).toBe('k {}');
  });

  it('leaves the account out on request', () => {
    expect(lookupKeyWithoutAccount('k {"account":"abc","endpoint":"https://x/"}')).toBe('k {"endpoint":"https://x/"}');
    expect(lookupKeyWithoutAccount('not a key')).toBeUndefined();
  });
});

describe('accountFingerprint', () => {
  it('is the first 12 hex digits of the SHA-256 of the key id, on every call', () => {
    const expected = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
    for (let i = 0; i < 200; i++) {
      const id = `AKID${i % 70}`; // each id asked for more than once
      expect(accountFingerprint(id)).toBe(expected(id));
    }
    expect(accountFingerprint('QYFAKEACCESSKEY0000')).toBe(expected('QYFAKEACCESSKEY0000'));
  });
});
