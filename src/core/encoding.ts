/**
 * Percent-encodes a string leaving only RFC 3986 unreserved characters
 * (`A-Z a-z 0-9 - _ . ~`) as they are, with upper-case hex and space as `%20`.
 *
 * This is the encoding QingCloud's and Huawei Cloud's signers use; `encodeURIComponent`
 * alone leaves `! ' ( ) *` unescaped.
 */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Byte-order comparison of two strings' UTF-8 encodings (what the vendors' SDKs sort
 * parameter names by): -1, 0 or 1.
 *
 * Below U+D800, UTF-16 code units sort as their UTF-8 bytes do, so the strings are
 * compared in place; only where they first differ at a surrogate or above (astral
 * characters, lone surrogates, U+E000 to U+FFFF) are they encoded and compared as bytes.
 * Signers sort on every request, and their keys are almost always ASCII.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return compareEncoded(a, b);
  }
  // One is a prefix of the other: the shorter sorts first in UTF-8 too (a lone high
  // surrogate at its end, EF BF BD, sorts before the 4-byte pair the longer may make of it).
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareEncoded(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
