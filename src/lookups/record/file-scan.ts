// Where the parts of the record file are, found without building them: the whole text is
// checked as strict JSON (as JSON.parse would), and the members of its first levels are
// located by byte offsets, so that a merge parses only the entries it keeps. A record of
// 100,000 rows is then read as bytes once, not as bytes, a string, objects and a checked copy.

/** Where one JSON value is in the bytes, and, for an object at a level kept, where its members are. */
export interface JsonSpan {
  /** Offset of the value's first byte. */
  readonly start: number;
  /** Offset just past the value's last byte. */
  readonly end: number;
  /**
   * The object's members by key, in the order `JSON.parse` gives them (a key repeated keeps
   * its first place and its last value, as `JSON.parse` does); undefined for an array, a
   * scalar, or an object deeper than the levels asked for.
   */
  readonly members?: Map<string, JsonSpan>;
}

interface Frame {
  readonly start: number;
  readonly object: boolean;
  readonly members?: Map<string, JsonSpan>;
  /** The key whose value is being read (objects). */
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Past the whitespace at `i`. */
function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

/** Past the string that opens at `i` (a `"`); -1 when it is not a JSON string. */
function skipString(b: Uint8Array, i: number): number {
  const n = b.length;
  for (let j = i + 1; j < n;) {
    const c = b[j];
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH) {
      const e = b[j + 1];
      if (e === 0x75 /* u */) {
        if (!(isHex(b[j + 2]) && isHex(b[j + 3]) && isHex(b[j + 4]) && isHex(b[j + 5]))) return -1;
        j += 6;
      } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        j += 2;
      } else {
        return -1;
      }
    } else if (c < 0x20) {
      return -1;
    } else {
      j++;
    }
  }
  return -1;
}

/** Past the number at `i`; -1 when it is not a JSON number. */
function skipNumber(b: Uint8Array, i: number): number {
  let j = i;
  if (b[j] === 0x2d /* - */) j++;
  if (b[j] === 0x30 /* 0 */) j++;
  else if (isDigit(b[j])) while (isDigit(b[j])) j++;
  else return -1;
  if (b[j] === 0x2e /* . */) {
    j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  if (b[j] === 0x65 || b[j] === 0x45 /* e E */) {
    j++;
    if (b[j] === 0x2b || b[j] === 0x2d) j++;
    if (!isDigit(b[j])) return -1;
    while (isDigit(b[j])) j++;
  }
  return j;
}

/** Past `word` at `i`; -1 when it is not there. */
function skipWord(b: Uint8Array, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

/** The text of a JSON string's bytes (quotes included), as `JSON.parse` reads it. */
export function jsonStringAt(b: Buffer, start: number, end: number): string {
  for (let j = start + 1; j < end - 1; j++) if (b[j] === BACKSLASH) return JSON.parse(b.toString('utf8', start, end)) as string;
  return b.toString('utf8', start + 1, end - 1);
}

/** The value of a span, parsed. */
export function parseSpan(b: Buffer, span: JsonSpan): unknown {
  return JSON.parse(b.toString('utf8', span.start, span.end));
}

/**
 * Checks that `b` (UTF-8) is one JSON text, as strictly as `JSON.parse` does (its grammar:
 * no trailing commas, no comments, no leading zeros, escapes and control characters in
 * strings), and returns where its value is; the members of objects are located down to
 * `keptLevels` levels (1: the top object's members; 2: theirs too). Iterative: nesting as
 * deep as the text goes costs no stack.
 * @returns undefined when the text is not JSON (parse it to say why)
 */
export function scanJson(b: Buffer, keptLevels: number): JsonSpan | undefined {
  const n = b.length;
  const stack: Frame[] = [];
  let i = skipSpace(b, 0);
  // Reads an object's key and its colon at `i`; returns past the colon and its space, or -1.
  const readKey = (frame: Frame): number => {
    if (b[i] !== QUOTE) return -1;
    const end = skipString(b, i);
    if (end < 0) return -1;
    if (frame.members) frame.key = jsonStringAt(b, i, end);
    let j = skipSpace(b, end);
    if (b[j] !== 0x3a /* : */) return -1;
    j = skipSpace(b, j + 1);
    return j;
  };
  for (;;) {
    // A value starts at i.
    let start = i;
    let done: JsonSpan | undefined;
    const c = b[i];
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const object = c === 0x7b;
      const frame: Frame = { start, object, members: object && stack.length < keptLevels ? new Map() : undefined, key: '' };
      stack.push(frame);
      i = skipSpace(b, i + 1);
      if (b[i] === (object ? 0x7d : 0x5d)) {
        i++;
        stack.pop();
        done = { start, end: i, members: frame.members };
      } else if (object) {
        i = readKey(frame);
        if (i < 0) return undefined;
        continue;
      } else {
        continue;
      }
    } else {
      if (c === QUOTE) i = skipString(b, i);
      else if (c === 0x2d || isDigit(c)) i = skipNumber(b, i);
      else if (c === 0x74) i = skipWord(b, i, 'true');
      else if (c === 0x66) i = skipWord(b, i, 'false');
      else if (c === 0x6e) i = skipWord(b, i, 'null');
      else return undefined;
      if (i < 0) return undefined;
      done = { start, end: i };
    }
    // A value ended at i: hand it to its container, and close the containers it ends.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return skipSpace(b, i) === n ? done : undefined;
      if (top.members) {
        // A repeated key keeps its first place and takes its last value, as in JSON.parse.
        top.members.set(top.key, done);
      }
      i = skipSpace(b, i);
      if (b[i] === 0x2c /* , */) {
        i = skipSpace(b, i + 1);
        if (top.object) {
          i = readKey(top);
          if (i < 0) return undefined;
        }
        break;
      }
      if (b[i] !== (top.object ? 0x7d : 0x5d)) return undefined;
      i++;
      stack.pop();
      start = top.start;
      done = { start, end: i, members: top.members };
    }
  }
}
