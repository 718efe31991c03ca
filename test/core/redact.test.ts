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
