// Redaction as the library applies it: the running operation's secrets (every request's keys,
// tokens and signatures, gathered as they are signed), errors raised with them, and any text
// built from a cloud's answer. How a secret is matched is in secret-matcher.ts.
import { ContextSlot } from './async-context';
import { Matcher, redactSecrets, redactWith } from './secret-matcher';
import { capText, escapeControl, groupDigits, MAX_CLOUD_TEXT_CHARS } from './text';

export { redactSecrets };

// ---------------------------------------------------------------------------------
// The secrets of the running operation: every request's keys, tokens and signatures,
// gathered by the transport as it signs, so that whatever is built from an answer (a
// quoted value, a cut body, an error raised while decoding) is redacted by value.
// ---------------------------------------------------------------------------------

interface Scope {
  readonly secrets: Set<string>;
  matcher?: Matcher;
}

const scope = new ContextSlot<Scope>('secret scope');

/**
 * Runs `fn` (one lookup) with a set of the secrets its requests carry
 * ({@link addScopeSecrets}); anything {@link redactInScope} redacts meanwhile knows them,
 * and an error it throws has its `message` and `cloudMessage` redacted on the way out.
 * Nested calls share the outer set.
 */
export async function withSecretScope<T>(fn: () => Promise<T>): Promise<T> {
  if (scope.get()) return fn();
  const s: Scope = { secrets: new Set<string>() };
  try {
    return await scope.run(s, fn);
  } catch (err) {
    throw redactErrorText(err, s.secrets);
  }
}

/** Adds secrets (a request's keys, tokens, signatures) to the running operation's set; outside one, does nothing. */
export function addScopeSecrets(values: Iterable<string | undefined>): void {
  const s = scope.get();
  if (!s) return;
  let fresh: string[] | undefined;
  for (const v of values) {
    if (v && v.length >= 4 && !s.secrets.has(v)) {
      s.secrets.add(v);
      (fresh ??= []).push(v);
    }
  }
  // A matcher already built learns the new ones (each secret is compiled once).
  if (fresh && s.matcher) s.matcher.add(fresh);
}

function scopeMatcher(): Matcher | undefined {
  const s = scope.get();
  if (!s || s.secrets.size === 0) return undefined;
  return (s.matcher ??= new Matcher(s.secrets));
}

/** `text` without the running operation's secrets (and the extra ones given), in every form. */
export function redactInScope(text: string, extra: Iterable<string | undefined> = []): string {
  const more = [...extra].filter((e): e is string => !!e && e.length >= 4);
  if (more.length === 0) {
    const m = scopeMatcher();
    return m ? redactWith(text, m) : text;
  }
  const s = scope.get();
  return redactSecrets(text, s ? [...s.secrets, ...more] : more);
}

/**
 * A value decoded from an answer with every string in it redacted of the running
 * operation's secrets (in place, for the arrays and objects the decoder built): a cloud
 * that echoes a signature into an id or a name cannot get it recorded or reported.
 */
export function redactValueInScope<T>(value: T): T {
  const m = scopeMatcher();
  if (!m) return value;
  // Most answers hold no secret: one look at the value as JSON says so. Without a
  // backslash in it, every string of the value stands in that text as it is, so a text
  // without a form or a piece of a secret has no string that would change.
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined; // a value JSON cannot show is walked
  }
  if (typeof json === 'string' && !json.includes('\\') && !m.holds(json)) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactWith(v, m);
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
    } else {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
    }
    return v;
  };
  return walk(value) as T;
}

/**
 * Redacts an error's `message` and, for a cloud error, its `cloudMessage` (they may quote
 * the request), in place, with {@link redactCloudText}. Other values pass unchanged.
 */
export function redactErrorText(err: unknown, secrets: Iterable<string | undefined>): unknown {
  if (!(err instanceof Error) || Object.isFrozen(err)) return err;
  const list = [...secrets];
  try {
    err.message = redactCloudText(err.message, list);
    const e = err as { cloudMessage?: unknown };
    if (typeof e.cloudMessage === 'string') e.cloudMessage = redactCloudText(e.cloudMessage, list);
  } catch {
    // a message that cannot be set (a getter, a sealed error) is the thrower's
  }
  return err;
}

/** Names of request parameters and headers whose values are credentials or signatures. */
const SECRET_NAMES =
  /^(signature|access_?key_?id|accesskey|publickey|securitytoken|security_token|x-auth-token|x-security-token|x-subject-token|authorization|token|access|credential)$/i;

/**
 * The values in a request that must never reach an error or a log: signature and key
 * parameters of the query and of a form body, the `Authorization` header (whole, and
 * each of its `Access=`/`Credential=`/`Signature=` parts) and token headers.
 */
export function requestSecrets(
  req: { readonly url: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: string },
  /** `req.url`, when the caller has parsed it already. */
  parsed?: URL,
): string[] {
  const out: string[] = [];
  const params = (query: string): void => {
    for (const [k, v] of new URLSearchParams(query)) if (SECRET_NAMES.test(k) && v) out.push(v);
  };
  try {
    params((parsed ?? new URL(req.url)).search);
  } catch {
    // an invalid URL holds nothing we sent
  }
  if (req.body && !req.body.trimStart().startsWith('{')) params(req.body);
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (!SECRET_NAMES.test(name) || !value) continue;
    out.push(value);
    for (const part of value.split(/[\s,]+/)) {
      const eq = part.indexOf('=');
      if (eq > 0 && SECRET_NAMES.test(part.slice(0, eq))) out.push(part.slice(eq + 1).split('/')[0], part.slice(eq + 1));
    }
  }
  return out;
}

/**
 * Redacts a cloud's text (an error message it sent back) before it reaches an error or
 * a report: the given secrets (keys, the request's signature and key id), and anything
 * shaped like a credential whatever its value: `Authorization: ...` up to the end of
 * the line, `signature=...`, `access_key_id=...`, `Access=...`, `Credential=...`,
 * `PublicKey=...` and token headers.
 */
export function redactCloudText(text: string, secrets: Iterable<string | undefined>): string {
  let out = redactSecrets(text, secrets);
  out = out.replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, '$1***');
  out = out.replace(/((?:x-auth-token|x-security-token|x-subject-token)["']?\s*[:=]\s*["']?)[^"'\s,;&]+/gi, '$1***');
  out = out.replace(/\b(signature|access_key_id|accesskeyid|publickey|credential|securitytoken)(["']?\s*[=:]\s*["']?)(?!\*\*\*)[^"'\s,;&]+/gi, '$1$2***');
  out = out.replace(/\b(access|token)(=)(?!\*\*\*)[^"'\s,;&]+/gi, '$1$2***');
  return out;
}

/** A URL without its query string, which may carry signatures and key ids. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A cloud's own text (an error message it sent, a body quoted in an error) as the
 * library may show it: redacted of the running operation's secrets and of `secrets`
 * (every form, pieces included) first, then its control characters and line breaks
 * escaped, then cut to 1 KiB with a note of what was cut.
 */
export function cloudText(raw: string, secrets: Iterable<string | undefined> = []): string {
  // Redaction reads every character; a text of megabytes is first cut to what could
  // matter (pieces of a secret at the cut are still found, as runs of 8 characters).
  const head = raw.length > 16 * MAX_CLOUD_TEXT_CHARS ? raw.slice(0, 16 * MAX_CLOUD_TEXT_CHARS) : raw;
  const safe = escapeControl(redactInScope(head, secrets));
  const cut = capText(safe, MAX_CLOUD_TEXT_CHARS);
  if (head.length === raw.length) return cut;
  return `${safe.slice(0, MAX_CLOUD_TEXT_CHARS)} ... [${groupDigits(raw.length - MAX_CLOUD_TEXT_CHARS)} more characters cut]`;
}
