// What text from outside (a cloud's message, a value quoted from an answer) may look like
// once the library writes it: no control characters, and a bounded length.

/**
 * Characters that steer a terminal or a reader rather than show: C0 controls (ESC, CR,
 * BS, ...), DEL, C1 controls, the line and paragraph separators, and the bidirectional
 * overrides and isolates that can make text read other than it is.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_LINES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string): string => {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
};

/**
 * `text` with its control characters written out as escapes (`\u001b`, `\r`), so that
 * nothing it holds can move a terminal's cursor, clear a screen, colour a line or start
 * a line of its own. With `lines: true`, newlines and tabs are kept (the library's own
 * multi-line messages); text from a cloud is escaped with `lines: false`.
 *
 * @example
 * escapeControl('ok\u001b[2J\r\nverdict: PASS') // 'ok\\u001b[2J\\r\\nverdict: PASS'
 */
export function escapeControl(text: string, { lines = false }: { lines?: boolean } = {}): string {
  return text.replace(lines ? CONTROL : CONTROL_AND_LINES, escapeChar);
}

/** The longest message an error of this library carries; longer ones are cut with a note. */
export const MAX_MESSAGE_CHARS = 8 * 1024;

/** The longest cloud message (or quoted answer text) kept in an error. */
export const MAX_CLOUD_TEXT_CHARS = 1024;

/**
 * A whole number with its thousands grouped by commas, as `toLocaleString('en-US')` writes
 * it (`10000000` is `10,000,000`, `-1234` is `-1,234`), up to 1e21; any other number as
 * `String` writes it.
 *
 * Why not `toLocaleString`: its first call in a process sets up the ICU number formatter,
 * about 20 ms of CPU, and the library words its help texts when it is loaded, in every
 * synth's process.
 *
 * @example
 * groupDigits(10_000_000) // '10,000,000'
 */
export function groupDigits(n: number): string {
  // Below 1e21 String writes a whole number as its digits; from there on, with an exponent.
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return String(n);
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}

/**
 * `text` cut to `max` characters, with a note of how much was cut (`... [12,345 more
 * characters cut]`), so that a hostile or broken answer cannot make reports of megabytes.
 */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` ... [${groupDigits(text.length - max)} more characters cut]`;
  let cut = max;
  // never split a surrogate pair
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return text.slice(0, cut) + note;
}
