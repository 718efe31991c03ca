// A set of small integers in one typed array, for the redaction matcher (secret-matcher.ts).

/**
 * A set of small non-negative integers (below 2^30: the window hash keys of secret-matcher.ts): open addressing in one
 * typed array, no boxing and no entry objects, as a matcher adds hundreds of keys per
 * signature and asks for every window of every text it looks at.
 */
export class KeySet {
  /** Key + 1 per slot (0: empty); the length is a power of two, at most a quarter full (a miss is most often one load). */
  private slots = new Int32Array(1 << 8);
  private shift = 32 - 8;
  size = 0;

  /** Makes room for `more` keys at once (one growth instead of several). */
  reserve(more: number): void {
    let length = this.slots.length;
    while ((this.size + more) * 4 > length) length *= 2;
    if (length !== this.slots.length) this.grow(length);
  }

  /** Whether `key` is in the set. */
  has(key: number): boolean {
    const { slots } = this;
    const mask = slots.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const v = slots[i];
      if (v === 0) return false;
      if (v === key + 1) return true;
    }
  }

  /** Adds `key`; whether it was new. */
  add(key: number): boolean {
    if ((this.size + 1) * 4 > this.slots.length) this.grow(this.slots.length * 2);
    const { slots } = this;
    const mask = slots.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const v = slots[i];
      if (v === key + 1) return false;
      if (v === 0) {
        slots[i] = key + 1;
        this.size++;
        return true;
      }
    }
  }

  private grow(length: number): void {
    const old = this.slots;
    this.slots = new Int32Array(length);
    this.shift = 32 - Math.log2(length);
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.add(old[i] - 1);
  }
}
