import { createHmac } from 'node:crypto';
import { compareBytes, rfc3986 } from '../../core/encoding';
import { QingCloudKeys } from './credentials';

/** A QingCloud API request before signing. */
export interface QingCloudUnsignedRequest {
  readonly method: 'GET' | 'POST';
  /** The request path exactly as sent, e.g. `/iaas/` (signed as is). */
  readonly path: string;
  /** API parameters; arrays are already flattened (`instances.1`). */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /**
   * Digest of the signature.
   * @default 'HmacSHA256'
   */
  readonly signatureMethod?: 'HmacSHA256' | 'HmacSHA1';
}

/** A signed QingCloud request. */
export interface QingCloudSignedRequest {
  /** Sorted, encoded parameters without the signature. */
  readonly canonicalQuery: string;
  /** `METHOD\npath\ncanonicalQuery`. */
  readonly stringToSign: string;
  /** Base64 HMAC, not URL-encoded. */
  readonly signature: string;
  /** The query string (GET) or form body (POST) to send: canonical query plus `&signature=`. */
  readonly signedQuery: string;
}

/**
 * Signs a QingCloud IaaS request with signature version 1, as the official SDKs do.
 *
 * Adds `access_key_id`, `signature_method`, `signature_version=1` and a UTC
 * `time_stamp` (`YYYY-MM-DDThh:mm:ssZ`) taken from `now`; parameters are sorted by
 * name in byte order and RFC 3986 encoded (space as `%20`); the HMAC is keyed with the
 * secret key and Base64 encoded. Pure: the same inputs give the same signature.
 */
export function signQingCloudRequest(request: QingCloudUnsignedRequest, keys: QingCloudKeys, now: Date): QingCloudSignedRequest {
  const method = request.signatureMethod ?? 'HmacSHA256';
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.params)) params[k] = String(v);
  params.access_key_id = keys.accessKeyId;
  params.signature_method = method;
  params.signature_version = '1';
  params.time_stamp = qingCloudTimestamp(now);
  const canonicalQuery = Object.keys(params)
    .sort(compareBytes)
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k])}`)
    .join('&');
  const stringToSign = `${request.method}\n${request.path}\n${canonicalQuery}`;
  const signature = createHmac(method === 'HmacSHA1' ? 'sha1' : 'sha256', keys.secretAccessKey)
    .update(stringToSign)
    .digest('base64');
  return { canonicalQuery, stringToSign, signature, signedQuery: `${canonicalQuery}&signature=${rfc3986(signature)}` };
}

/** `YYYY-MM-DDThh:mm:ssZ` in UTC, the format of QingCloud's `time_stamp`. */
export function qingCloudTimestamp(now: Date): string {
  const iso = now.toISOString(); // 0001-01-01T00:00:00.000Z
  return `${iso.slice(0, 19)}Z`;
}
