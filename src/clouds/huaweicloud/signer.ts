import { createHash, createHmac } from 'node:crypto';
import { compareBytes, rfc3986 } from '../../core/encoding';
import { HuaweiCloudKeys } from './auth';

/** The algorithm name of Huawei Cloud's APIG AK/SK signature. */
export const HUAWEI_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** How far `X-Sdk-Date` may be from Huawei Cloud's clock before a request is refused. */
export const HUAWEI_MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** A Huawei Cloud API request before signing. */
export interface HuaweiUnsignedRequest {
  readonly method: string;
  /**
   * The request path, not percent-encoded (`/v5/0a1b.../billing/quotas-detail`). Each
   * segment is encoded for the canonical URI, which always ends in `/`.
   */
  readonly path: string;
  /** Query parameters, not encoded; a list gives the key once per value. */
  readonly query?: Readonly<Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>>>;
  /**
   * Request headers, with their names as they will be sent. `X-Sdk-Date` and
   * `Authorization` are set by the signer and ignored here.
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The exact body bytes (hashed as they are, so a trailing newline matters).
   * @default empty
   */
  readonly body?: string | Uint8Array;
  /**
   * Lower-case names of the headers to sign, `x-sdk-date` included. Servers sign
   * whatever this lists, so the fake cloud passes the client's list back in here.
   * @default every header except `content-type*` and names with `_` (as the Go SDK does), plus `x-sdk-date`
   */
  readonly signedHeaders?: readonly string[];
}

/** A signed Huawei Cloud request: the headers to send and the intermediate strings. */
export interface HuaweiSignedRequest {
  /** The headers to send: the request's own, plus `X-Sdk-Date` and `Authorization`. */
  readonly headers: Record<string, string>;
  /** `X-Sdk-Date`: `YYYYMMDDTHHMMSSZ` in UTC. */
  readonly sdkDate: string;
  /** Canonical query string (sorted, RFC 3986 encoded); also what to send as the query. */
  readonly canonicalQuery: string;
  /** The canonical request whose hash is signed. */
  readonly canonicalRequest: string;
  /** `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`. */
  readonly stringToSign: string;
  /** Lower-case signed header names, sorted. */
  readonly signedHeaders: string[];
  /** Lower-case hex HMAC-SHA256 of the string to sign, keyed with the secret key. */
  readonly signature: string;
  /** `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>`. */
  readonly authorization: string;
}

/**
 * Signs a request with Huawei Cloud's APIG AK/SK algorithm (`SDK-HMAC-SHA256`), as the
 * official SDKs do.
 *
 * `X-Sdk-Date` comes from `now`; the canonical URI is the path with each segment
 * RFC 3986 encoded and a trailing `/`; the canonical query has its keys sorted in byte
 * order, repeated keys' values sorted, keys and values RFC 3986 encoded (space as
 * `%20`); canonical headers are `lowercase-name:trimmed-value` lines in sorted order,
 * followed by an empty line; the body hash is the hex SHA-256 of the exact body bytes
 * (or the `X-Sdk-Content-Sha256` header when present). When `keys.securityToken` is
 * set, `X-Security-Token` is added and signed. Pure: the same inputs give the same
 * signature.
 */
export function signHuaweiRequest(request: HuaweiUnsignedRequest, keys: HuaweiCloudKeys, now: Date): HuaweiSignedRequest {
  const sdkDate = huaweiSdkDate(now);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'x-sdk-date' || lower === 'authorization') continue;
    headers[name] = value;
  }
  if (keys.securityToken) {
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'x-security-token') delete headers[name];
    headers['X-Security-Token'] = keys.securityToken;
  }
  headers['X-Sdk-Date'] = sdkDate;

  // Values of each lower-cased header name (a name may appear twice with different case).
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    byName.set(lower, [...(byName.get(lower) ?? []), value]);
  }
  const signedHeaders = (
    request.signedHeaders
      ? [...new Set(request.signedHeaders.map((h) => h.toLowerCase()))]
      : [...byName.keys()].filter((h) => !h.startsWith('content-type') && !h.includes('_'))
  ).sort(compareBytes);
  if (!signedHeaders.includes('x-sdk-date')) {
    signedHeaders.push('x-sdk-date');
    signedHeaders.sort(compareBytes);
  }

  const canonicalQuery = huaweiCanonicalQuery(request.query ?? {});
  const canonicalHeaders = signedHeaders
    .flatMap((h) =>
      (byName.get(h) ?? [''])
        .slice()
        .sort(compareBytes)
        .map((v) => `${h}:${v.trim()}\n`),
    )
    .join('');
  const contentSha = byName.get('x-sdk-content-sha256')?.[0];
  const bodyHash = contentSha ?? sha256Hex(request.body ?? '');
  const canonicalRequest = [
    request.method.toUpperCase(),
    huaweiCanonicalUri(request.path),
    canonicalQuery,
    canonicalHeaders,
    signedHeaders.join(';'),
    bodyHash,
  ].join('\n');
  const stringToSign = `${HUAWEI_SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', keys.secretKey).update(stringToSign, 'utf8').digest('hex');
  const authorization = `${HUAWEI_SIGNING_ALGORITHM} Access=${keys.accessKey}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
  return {
    headers: { ...headers, Authorization: authorization },
    sdkDate,
    canonicalQuery,
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization,
  };
}

/**
 * The canonical URI: each `/`-separated segment RFC 3986 encoded, and a `/` appended
 * when the path does not end in one (the signing guide: "the URI must end with /").
 */
export function huaweiCanonicalUri(path: string): string {
  const encoded = path.split('/').map(rfc3986).join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/**
 * The canonical query string: keys sorted in byte order, the values of a repeated key
 * sorted, keys and values RFC 3986 encoded, `k=v` pairs joined with `&`. Empty when
 * there is no query. Numbers and booleans are written as their decimal/`true` form.
 */
export function huaweiCanonicalQuery(query: Readonly<Record<string, string | number | boolean | ReadonlyArray<string | number | boolean>>>): string {
  const pairs: string[] = [];
  for (const key of Object.keys(query).sort(compareBytes)) {
    const raw = query[key];
    const values = (Array.isArray(raw) ? raw : [raw]).map((v) => String(v)).sort(compareBytes);
    for (const v of values) pairs.push(`${rfc3986(key)}=${rfc3986(v)}`);
  }
  return pairs.join('&');
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the format of `X-Sdk-Date`. */
export function huaweiSdkDate(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Parses an `X-Sdk-Date` value back to epoch milliseconds, or NaN when it is not one. */
export function parseHuaweiSdkDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value.trim());
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/** The parts of an `Authorization: SDK-HMAC-SHA256 ...` header, or undefined when it is not one. */
export function parseHuaweiAuthorization(value: string): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]+)$/.exec(value.trim());
  if (!m) return undefined;
  return { accessKey: m[1], signedHeaders: m[2].split(';'), signature: m[3] };
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
