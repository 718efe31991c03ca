// A lookup's stable key: `<kind> <identity as sorted JSON>`, the identity being the
// endpoint, the account's fingerprint and the query, never a secret. Identical keys are
// one request and one record entry; the record and `records reset` find entries by it.
import { createHash } from 'node:crypto';

/**
 * Builds a lookup's stable key from its kind and identity (endpoint, account, query).
 * Object keys are sorted so the same query always gives the same key.
 */
export function lookupKey(kind: string, identity: Record<string, unknown>): string {
  return `${kind} ${stableJson(identity)}`;
}

/**
 * A key built by {@link lookupKey} with its `account` left out: the key a lookup without
 * credentials is registered with. Undefined for a string that is not such a key.
 */
export function lookupKeyWithoutAccount(key: string): string | undefined {
  const identity = identityOfKey(key);
  if (!identity) return undefined;
  const rest = { ...identity.identity };
  delete rest.account;
  return lookupKey(identity.kind, rest);
}

/** The account fingerprint in a key built by {@link lookupKey}, if it has one. */
export function accountOfKey(key: string): string | undefined {
  const account = identityOfKey(key)?.identity.account;
  return typeof account === 'string' ? account : undefined;
}

/** The kind and identity in a key built by {@link lookupKey}; undefined for a string that is not such a key. */
export function identityOfKey(key: string): { kind: string; identity: Record<string, unknown> } | undefined {
  const space = key.indexOf(' ');
  if (space < 0) return undefined;
  try {
    const identity: unknown = JSON.parse(key.slice(space + 1));
    if (!identity || typeof identity !== 'object' || Array.isArray(identity)) return undefined;
    return { kind: key.slice(0, space), identity: identity as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** A short, one-way fingerprint of an access key id: identifies the account in keys without showing it. */
export function accountFingerprint(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId).digest('hex').slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v)).join(',')}]`;
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // The default sort orders strings by UTF-16 code units, as `<` does.
    const keys = Object.keys(object).sort();
    let out = '';
    for (const k of keys) {
      const v = object[k];
      if (v === undefined) continue;
      out += `${out === '' ? '' : ','}${JSON.stringify(k)}:${stableJson(v)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value);
}
