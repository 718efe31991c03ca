// The integer set under the redaction matcher: every key added is found, through growth
// and collisions, and nothing else is.
import { KeySet } from '../../src/core/key-set';

describe('KeySet', () => {
  it('finds every key added, across growth, and no other', () => {
    const set = new KeySet();
    const keys = new Set<number>();
    let seed = 24;
    for (let i = 0; i < 20_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const key = seed & 0x3fffffff;
      expect(set.add(key)).toBe(!keys.has(key));
      keys.add(key);
      if (i === 5000) set.reserve(50_000);
    }
    expect(set.size).toBe(keys.size);
    for (const k of keys) expect(set.has(k)).toBe(true);
    // Keys that collide in the table (multiples of a power of two) and the extremes.
    for (const k of [0, 1, 0x3fffffff, 1 << 20, 2 << 20, 3 << 20]) {
      if (keys.has(k)) continue;
      expect(set.has(k)).toBe(false);
      expect(set.add(k)).toBe(true);
      expect(set.has(k)).toBe(true);
      expect(set.add(k)).toBe(false);
    }
  });
});
