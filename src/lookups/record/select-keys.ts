/**
 * The keys `selector` names among `keys` (in `records list` order): the exact key, a
 * 1-based index as `records list` shows it, or a glob where `*` matches any run of
 * characters and `?` one character.
 */
export function selectRecordKeys(selector: string, keys: readonly string[]): string[] {
  if (keys.includes(selector)) return [selector];
  if (/^\d+$/.test(selector)) {
    const i = Number(selector);
    return i >= 1 && i <= keys.length ? [keys[i - 1]] : [];
  }
  if (/[*?]/.test(selector)) {
    const re = new RegExp(
      `^${selector
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
        .join('')}$`,
      's',
    );
    return keys.filter((k) => re.test(k));
  }
  return [];
}
