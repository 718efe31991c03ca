// Issue #22: the redactor, compiled once per lookup. A piece of a secret in a text shorter
// than the secret, a secret learnt after the first redaction (the next request's
// signature), and strings deep in a decoded value are all redacted.
import { addScopeSecrets, redactInScope, redactSecrets, redactValueInScope, withSecretScope } from '../../src/core/redact';

const SIGNATURE = 'kX9+q2Lm/7ZpR4vB8wT1nE6yH3cJ0aUd5fG2sK8oIw=';
const NEXT_SIGNATURE = 'Zr4/Hq8Tn2Vb6Yc0Lm5Pw9Xs3Kd7Ja1Ge8Fu4Ri2Oo=';

describe('redaction by value', () => {
  it('hides a piece of a secret in a text shorter than the secret', () => {
    const piece = SIGNATURE.slice(5, 17); // 12 characters of 44
    expect(redactSecrets(`id ${piece}`, [SIGNATURE])).toBe('id ***');
    expect(redactSecrets(piece, [SIGNATURE])).toBe('***');
  });

  it('leaves a text without any secret as it is', () => {
    expect(redactSecrets('rg-00000001', [SIGNATURE])).toBe('rg-00000001');
    expect(redactSecrets('', [SIGNATURE])).toBe('');
  });

  it('in a scope, knows a secret added after a first redaction, whole and in pieces', async () => {
    await withSecretScope(async () => {
      addScopeSecrets([SIGNATURE]);
      expect(redactInScope(`a ${SIGNATURE} b`)).toBe('a *** b');
      addScopeSecrets([NEXT_SIGNATURE]);
      expect(redactInScope(`a ${NEXT_SIGNATURE} b`)).toBe('a *** b');
      expect(redactInScope(NEXT_SIGNATURE.slice(20, 30))).toBe('***');
      expect(redactInScope(`a ${SIGNATURE} b`)).toBe('a *** b');
    });
  });

  it('redacts every string of a decoded value, at any depth, and leaves the rest', async () => {
    const value = {
      id: `rg-${SIGNATURE}`,
      count: 3,
      tags: [SIGNATURE.slice(0, 10), 'web', null],
      owner: { name: encodeURIComponent(SIGNATURE), since: 1 },
    };
    const out = await withSecretScope(async () => {
      addScopeSecrets([SIGNATURE]);
      return redactValueInScope(value);
    });
    expect(out).toEqual({ id: 'rg-***', count: 3, tags: ['***', 'web', null], owner: { name: '***', since: 1 } });
  });

  it('outside a scope, leaves a value as it is', () => {
    const value = { id: SIGNATURE };
    expect(redactValueInScope(value)).toEqual({ id: SIGNATURE });
  });
});

// Issue #25: each secret is compiled once, pieces are found by a rolling hash, and a decoded
// value is first looked at whole (as JSON) so that an answer without a secret is not walked.
describe('redaction by value, the fast paths', () => {
  const inScope = <T>(secrets: string[], fn: () => T): Promise<T> =>
    withSecretScope(async () => {
      addScopeSecrets(secrets);
      return fn();
    });

  it('hands back a value without any secret as it is, the same object', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `rg-${String(i).padStart(8, '0')}`, name: `ecs-${i}`, count: i }));
    const value = { rows, total: 50 };
    const out = await inScope([SIGNATURE, 'QYACCESSKEYIDEXAMPLE'], () => redactValueInScope(value));
    expect(out).toBe(value);
    expect(out.rows[7]).toEqual({ id: 'rg-00000007', name: 'ecs-7', count: 7 });
  });

  it('finds a piece of a secret behind a character JSON escapes (a quote, a line break, a backslash)', async () => {
    const piece = SIGNATURE.slice(3, 15);
    const value = { a: `say "${piece}"`, b: `line\n${piece}`, c: `back\\slash ${piece}`, d: 'clean' };
    const out = await inScope([SIGNATURE], () => redactValueInScope(value));
    expect(out).toEqual({ a: 'say "***"', b: 'line\n***', c: 'back\\slash ***', d: 'clean' });
  });

  it('redacts a secret learnt after the scope first redacted a value, in a later value', async () => {
    const out = await withSecretScope(async () => {
      addScopeSecrets([SIGNATURE]);
      const first = redactValueInScope({ id: 'rg-1', other: NEXT_SIGNATURE.slice(0, 12) });
      addScopeSecrets([NEXT_SIGNATURE]);
      const second = redactValueInScope({ id: 'rg-2', other: NEXT_SIGNATURE.slice(0, 12) });
      return { first, second };
    });
    expect(out.first).toEqual({ id: 'rg-1', other: NEXT_SIGNATURE.slice(0, 12) });
    expect(out.second).toEqual({ id: 'rg-2', other: '***' });
  });

  it('finds whole forms that have no pieces (a value with spaces, a short value) in any encoding, among many secrets', async () => {
    // A header with spaces is matched whole (its windows would hit ordinary text), in
    // every form; a value of 4 to 7 characters too. The matcher finds both in one scan of
    // the value, however many signatures the scope has learnt before them.
    const header = 'SDK-HMAC-SHA256 Access=QYACCESSKEYIDEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=7c1e5f';
    const short = 'k3y!x';
    const signatures = Array.from({ length: 40 }, (_, i) => Buffer.from(`signature number ${i} of the lookup`).toString('base64'));
    const hex = Buffer.from(header).toString('hex');
    const b64 = Buffer.from(header).toString('base64');
    const value = {
      rows: [
        { id: 'rg-1', note: `echo ${header}` },
        { id: 'rg-2', note: `hex ${hex} end` },
        { id: 'rg-3', note: `${b64}` },
        { id: 'rg-4', note: `url ${encodeURIComponent(header)}` },
        { id: 'rg-5', note: `key ${short} end` },
        { id: 'rg-6', note: 'SDK-HMAC-SHA256 Access= is how the header starts' },
      ],
    };
    const out = await inScope([...signatures, header, short], () => redactValueInScope(value));
    expect(out.rows.map((r) => r.note)).toEqual([
      'echo ***',
      'hex *** end',
      '***',
      'url ***',
      'key *** end',
      'SDK-HMAC-SHA256 Access= is how the header starts',
    ]);
    // A value holding none of them is handed back as it is.
    const clean = { rows: [{ id: 'rg-7', note: 'SDK-HMAC-SHA256 Access=OTHERKEY, SignedHeaders=host' }] };
    expect(await inScope([...signatures, header, short], () => redactValueInScope(clean))).toBe(clean);
  });

  it('redacts exactly what redacting each string alone does, on values mixing pieces, escapes and other scripts', async () => {
    // A small deterministic generator: strings made of pieces of the secrets, filler,
    // characters JSON escapes and characters outside the BMP.
    let seed = 25;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const secrets = [SIGNATURE, 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3', 'p\u00e4ss\u{1F511}w0rd-\u{1F511}-long-enough'];
    const bits = ['rg-', '0000', '"', '\n', '\\', '\u{1F600}', 'qingcloud', ' ', '%2B', ...secrets.map((s) => s.slice(2, 11)), ...secrets];
    const text = (): string => Array.from({ length: 1 + next(5) }, () => bits[next(bits.length)]).join('');
    for (let round = 0; round < 80; round++) {
      const value = { rows: Array.from({ length: 1 + next(4) }, () => ({ id: text(), tags: [text(), next(9)], note: next(3) ? 'plain' : text() })) };
      const expected = JSON.parse(JSON.stringify(value)) as typeof value;
      for (const row of expected.rows) {
        row.id = redactSecrets(row.id, secrets);
        row.tags[0] = redactSecrets(row.tags[0] as string, secrets);
        row.note = redactSecrets(row.note, secrets);
      }
      const out = await inScope(secrets, () => redactValueInScope(value));
      expect(out).toEqual(expected);
    }
  });
});
