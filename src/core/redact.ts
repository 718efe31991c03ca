/**
 * Replaces every occurrence of the given secrets in `text` with `***`.
 *
 * Used on anything built from a cloud's answer before it becomes an error message or a
 * log line, because some services echo request parameters back.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('***');
  }
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
