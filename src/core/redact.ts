/**
 * Replaces every occurrence of the given secrets in `text` with `***`.
 *
 * Used on anything built from a cloud's answer before it becomes an error message or a
 * log line, because some services echo request parameters back.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  const all = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    all.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) all.add(encoded);
  }
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...all].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
  return out;
}

/** Names of request parameters and headers whose values are credentials or signatures. */
const SECRET_NAMES =
  /^(signature|access_?key_?id|accesskey|publickey|securitytoken|security_token|x-auth-token|x-security-token|x-subject-token|authorization|token|access|credential)$/i;

/**
 * The values in a request that must never reach an error or a log: signature and key
 * parameters of the query and of a form body, the `Authorization` header (whole, and
 * each of its `Access=`/`Credential=`/`Signature=` parts) and token headers.
 */
export function requestSecrets(req: { readonly url: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: string }): string[] {
  const out: string[] = [];
  const params = (query: string): void => {
    for (const [k, v] of new URLSearchParams(query)) if (SECRET_NAMES.test(k) && v) out.push(v);
  };
  try {
    params(new URL(req.url).search);
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
export function redactCloudText(text: string, secrets: ReadonlyArray<string | undefined>): string {
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
