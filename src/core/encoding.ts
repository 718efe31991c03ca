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

/** Byte-order comparison of two strings (what the vendors' SDKs sort parameter names by). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
