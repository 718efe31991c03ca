import { createHash } from 'node:crypto';
import { compareBytes, rfc3986 } from '../../core/encoding';
import { InputError } from '../../core/errors';
import { UCloudKeys } from './credentials';

/** A value a UCloud request parameter may hold before encoding. `null`/`undefined` are left out. */
export type UCloudParamValue = string | number | boolean | null | undefined;

/** A signed UCloud request. */
export interface UCloudSignedRequest {
  /**
   * Every parameter as sent, each value already in its wire string form, `PublicKey`
   * and `Signature` included. Send exactly these strings: UCloud re-signs what it receives.
   */
  readonly params: Readonly<Record<string, string>>;
  /** Sorted `key` + `value` concatenation followed by the private key (holds the secret: never log it). */
  readonly stringToSign: string;
  /** Lower-case hex SHA-1 of {@link stringToSign}. */
  readonly signature: string;
  /** The parameters as a form body / query string, RFC 3986 encoded (space as `%20`), sorted by key. */
  readonly encoded: string;
}

/**
 * The string form UCloud signs and expects for a parameter value, as the official SDKs
 * write it: booleans as `true`/`false`, whole numbers without a fraction (`42.0` is
 * `42`), other numbers in plain decimal notation, never scientific (`1e-7` is
 * `0.0000001`).
 *
 * @param name the parameter's name, for the error
 * @throws InputError (`HEADROOM_INPUT`) for `NaN` and infinities, which have no wire form,
 *   naming the parameter when `name` is given
 */
export function ucloudValue(value: string | number | boolean, name?: string): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) {
    const what = name === undefined ? 'A UCloud request parameter' : `UCloud request parameter ${name}`;
    throw new InputError(
      `${what} must be a finite number, a string or a boolean; got ${value}. NaN and infinities have no wire form: pass a finite number, or leave the parameter out (null or undefined).`,
    );
  }
  return plainDecimal(value);
}

/**
 * UCloud's signature over already-encoded parameters: sort by name in byte order,
 * concatenate each name with its value (no separators, no URL encoding), append the
 * private key, SHA-1, lower-case hex. `Signature` itself is never signed.
 *
 * This is the whole algorithm, without adding `PublicKey` (the SDKs' `verify_ac`).
 */
export function ucloudSignature(params: Readonly<Record<string, string>>, privateKey: string): { stringToSign: string; signature: string } {
  const stringToSign =
    Object.keys(params)
      .filter((k) => k !== 'Signature')
      .sort(compareBytes)
      .map((k) => `${k}${params[k]}`)
      .join('') + privateKey;
  return { stringToSign, signature: createHash('sha1').update(stringToSign, 'utf8').digest('hex') };
}

/**
 * Signs a UCloud API request as the official SDKs do.
 *
 * Drops `null`/`undefined` parameters, writes every value in UCloud's string form
 * ({@link ucloudValue}), adds `PublicKey`, and signs with {@link ucloudSignature}.
 * @throws InputError naming the parameter whose value is `NaN` or an infinity
 * Arrays must already be flattened, 0-based (`EIPIds.0`, `EIPIds.1`). Pure: UCloud
 * signatures carry no timestamp, so the same inputs always give the same signature.
 */
export function signUCloudRequest(params: Readonly<Record<string, UCloudParamValue>>, keys: UCloudKeys): UCloudSignedRequest {
  const wire: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || k === 'Signature') continue;
    wire[k] = ucloudValue(v, k);
  }
  wire.PublicKey = keys.publicKey;
  const { stringToSign, signature } = ucloudSignature(wire, keys.privateKey);
  const signed = { ...wire, Signature: signature };
  return { params: signed, stringToSign, signature, encoded: encodeUCloudParams(signed) };
}

/**
 * Encodes parameters for the wire: `key=value` pairs joined by `&`, sorted by key,
 * RFC 3986 percent-encoding (unreserved characters kept, space as `%20`, upper-case
 * hex). UCloud signs raw values and encodes only here; a GET with unencoded special
 * characters gets `RetCode 172 User Not Exists`.
 */
export function encodeUCloudParams(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort(compareBytes)
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k])}`)
    .join('&');
}

/** A finite number in plain decimal notation, with the fewest digits that read back as the same number. */
function plainDecimal(n: number): string {
  if (Object.is(n, -0)) return '0';
  const s = String(n); // shortest round-trip digits; exponent form below 1e-6 and from 1e21
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', expText] = m;
  const digits = lead + frac;
  const point = 1 + Number(expText); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  // String(n) writes an exponent only below 1e-6 (point -5 or less, above) and from 1e21
  // (point 22 or more, past the at most 17 digits of a number): the point is never
  // inside the digits, so a large number is its digits followed by zeros.
  return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
}
