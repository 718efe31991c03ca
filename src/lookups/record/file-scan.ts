// Where the parts of the record file are, found without holding it: the text is checked as
// strict JSON (as JSON.parse would) chunk by chunk as it is read, and the members of its
// first levels are located by byte offsets, so that a merge reads and parses only the
// entries it keeps. A record of 100,000 rows is never held whole, as bytes or as objects.

/** Where one JSON value is in the file, and, for an object at a level kept, where its members are. */
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
  /** The key whose value is being read (objects at a kept level). */
  key: string;
}

// What the scanner expects next.
const VALUE = 0; // a value (after `[`, `,` in an array, `:`, or at the start)
const FIRST_IN_ARRAY = 1; // a value or `]`
const FIRST_KEY = 2; // a key or `}`
const KEY = 3; // a key (after `,` in an object)
const COLON = 4;
const AFTER = 5; // `,` or the container's end (or, at the top, nothing)
const STRING = 6; // inside a string (a key or a value)
const ESCAPE = 7; // after a backslash in a string
const UNICODE = 8; // inside \uXXXX
const NUMBER = 9; // inside a number (see `num`)
const LITERAL = 10; // inside true, false or null
const FAILED = 11;

// Inside a number: what came last.
const N_MINUS = 0; // `-`: a digit must follow
const N_ZERO = 1; // a leading 0: `.`, `e` or the end
const N_INT = 2; // integer digits
const N_DOT = 3; // `.`: a digit must follow
const N_FRAC = 4; // fraction digits
const N_E = 5; // `e`: a sign or digit must follow
const N_SIGN = 6; // the exponent's sign: a digit must follow
const N_EXP = 7; // exponent digits

const WORDS = ['true', 'false', 'null'].map((w) => Buffer.from(w));

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * Checks a JSON text fed to it in chunks, as strictly as `JSON.parse` does (its grammar: no
 * trailing commas, no comments, no leading zeros, escapes and control characters in
 * strings), and locates its value and the members of its objects down to `keptLevels`
 * levels (1: the top object's members; 2: theirs too). Nesting as deep as the text goes
 * costs no stack.
 * @example
 * const scan = new JsonScan(3);
 * for (const chunk of chunks) if (!scan.feed(chunk)) break;
 * const top = scan.end(); // undefined: not JSON (parse it to say why)
 */
export class JsonScan {
  private state = VALUE;
  private readonly stack: Frame[] = [];
  /** Offset of the next byte fed. */
  private offset = 0;
  /** Where the value being read (a string, number or literal) started. */
  private start = 0;
  /** The string being read is a key to keep (its bytes are collected). */
  private keyKept = false;
  private keyBytes: number[] = [];
  private num = N_INT;
  private word: Buffer = WORDS[0];
  private wordAt = 0;
  private hexLeft = 0;
  private top?: JsonSpan;
  /** The string being read is a key. */
  private expectKey = false;

  constructor(private readonly keptLevels: number) {}

  /** Feeds the next bytes; false once the text cannot be JSON (feed no more). */
  feed(b: Uint8Array): boolean {
    const n = b.length;
    const base = this.offset;
    let i = 0;
    let state = this.state;
    while (i < n) {
      const c = b[i];
      switch (state) {
        case STRING: {
          // The common case, in one tight loop: plain bytes up to a quote or backslash.
          let j = i;
          while (j < n) {
            const d = b[j];
            if (d === 0x22 || d === 0x5c || d < 0x20) break;
            j++;
          }
          if (this.keyKept) for (let k = i; k < j; k++) this.keyBytes.push(b[k]);
          i = j;
          if (i === n) break;
          const d = b[i];
          if (d < 0x20) return this.fail();
          if (this.keyKept) this.keyBytes.push(d);
          i++;
          if (d === 0x5c) state = ESCAPE;
          else if (this.expectKey) state = this.keyEnded();
          else state = this.valueEnded(this.start, base + i);
          break;
        }
        case ESCAPE:
          if (this.keyKept) this.keyBytes.push(c);
          if (c === 0x75) {
            state = UNICODE;
            this.hexLeft = 4;
          } else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
            state = STRING;
          } else {
            return this.fail();
          }
          i++;
          break;
        case UNICODE:
          if (!isHex(c)) return this.fail();
          if (this.keyKept) this.keyBytes.push(c);
          if (--this.hexLeft === 0) state = STRING;
          i++;
          break;
        case NUMBER: {
          const num = this.num;
          if (num === N_INT || num === N_FRAC || num === N_EXP) {
            // Digits, in one tight loop.
            let j = i;
            while (j < n && isDigit(b[j])) j++;
            if (j > i) {
              i = j;
              break;
            }
          }
          if (isDigit(c)) {
            if (num === N_ZERO) return this.fail();
            this.num = num === N_MINUS ? (c === 0x30 ? N_ZERO : N_INT) : num === N_DOT ? N_FRAC : num === N_E || num === N_SIGN ? N_EXP : num;
            i++;
          } else if (c === 0x2e && (num === N_ZERO || num === N_INT)) {
            this.num = N_DOT;
            i++;
          } else if ((c === 0x65 || c === 0x45) && (num === N_ZERO || num === N_INT || num === N_FRAC)) {
            this.num = N_E;
            i++;
          } else if ((c === 0x2b || c === 0x2d) && num === N_E) {
            this.num = N_SIGN;
            i++;
          } else if (num === N_ZERO || num === N_INT || num === N_FRAC || num === N_EXP) {
            state = this.valueEnded(this.start, base + i); // this byte is read again, after the number
          } else {
            return this.fail();
          }
          break;
        }
        case LITERAL:
          if (c !== this.word[this.wordAt]) return this.fail();
          i++;
          if (++this.wordAt === this.word.length) state = this.valueEnded(this.start, base + i);
          break;
        default: {
          if (isSpace(c)) {
            i++;
            while (i < n && isSpace(b[i])) i++;
            break;
          }
          if (state === COLON) {
            if (c !== 0x3a) return this.fail();
            state = VALUE;
            i++;
            break;
          }
          if (state === KEY || state === FIRST_KEY) {
            if (c === 0x7d && state === FIRST_KEY) {
              i++;
              state = this.close(base + i);
              break;
            }
            if (c !== 0x22) return this.fail();
            const frame = this.stack[this.stack.length - 1];
            this.keyKept = frame.members !== undefined;
            this.keyBytes = [];
            if (this.keyKept) this.keyBytes.push(c);
            state = STRING;
            this.expectKey = true;
            i++;
            break;
          }
          if (state === AFTER) {
            const frame = this.stack[this.stack.length - 1];
            if (!frame) return this.fail(); // text after the value
            if (c === 0x2c) {
              state = frame.object ? KEY : VALUE;
              i++;
            } else if (c === (frame.object ? 0x7d : 0x5d)) {
              i++;
              state = this.close(base + i);
            } else {
              return this.fail();
            }
            break;
          }
          if (state === FAILED) return false;
          // VALUE or FIRST_IN_ARRAY: a value starts here.
          if (c === 0x5d && state === FIRST_IN_ARRAY) {
            i++;
            state = this.close(base + i);
            break;
          }
          this.start = base + i;
          if (c === 0x7b || c === 0x5b) {
            const object = c === 0x7b;
            this.stack.push({ start: base + i, object, members: object && this.stack.length < this.keptLevels ? new Map() : undefined, key: '' });
            state = object ? FIRST_KEY : FIRST_IN_ARRAY;
          } else if (c === 0x22) {
            this.keyKept = false;
            this.expectKey = false;
            state = STRING;
          } else if (c === 0x2d || isDigit(c)) {
            this.num = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
            state = NUMBER;
          } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            this.word = WORDS[c === 0x74 ? 0 : c === 0x66 ? 1 : 2];
            this.wordAt = 1;
            state = LITERAL;
          } else {
            return this.fail();
          }
          i++;
        }
      }
    }
    this.state = state;
    this.offset = base + n;
    return true;
  }

  /**
   * Where the text's value is, once every byte was fed; undefined when the text is not one
   * JSON value.
   */
  end(): JsonSpan | undefined {
    let state = this.state;
    // A number can only end with the text.
    if (state === NUMBER && (this.num === N_ZERO || this.num === N_INT || this.num === N_FRAC || this.num === N_EXP))
      state = this.valueEnded(this.start, this.offset);
    return state === AFTER && this.stack.length === 0 ? this.top : undefined;
  }

  private fail(): false {
    this.state = FAILED;
    return false;
  }

  /** A key's closing quote was read: keep its text if its object is kept; a colon comes next. */
  private keyEnded(): number {
    this.expectKey = false;
    if (this.keyKept) {
      const bytes = Buffer.from(this.keyBytes);
      const frame = this.stack[this.stack.length - 1];
      frame.key = bytes.includes(0x5c) ? (JSON.parse(bytes.toString('utf8')) as string) : bytes.toString('utf8', 1, bytes.length - 1);
      this.keyKept = false;
      this.keyBytes = [];
    }
    return COLON;
  }

  /** A container's closing byte was read (the offset is past it). */
  private close(end: number): number {
    const frame = this.stack.pop()!;
    return this.valueEnded(frame.start, end, frame.members);
  }

  /** A value ended: hand it to its container (or keep it as the text's value). */
  private valueEnded(start: number, end: number, members?: Map<string, JsonSpan>): number {
    const span: JsonSpan = { start, end, members };
    const frame = this.stack[this.stack.length - 1];
    // A repeated key keeps its first place and takes its last value, as in JSON.parse.
    if (frame) frame.members?.set(frame.key, span);
    else this.top = span;
    return AFTER;
  }
}

/** Scans a whole text at once (see {@link JsonScan}); undefined when it is not JSON. */
export function scanJson(b: Uint8Array, keptLevels: number): JsonSpan | undefined {
  const scan = new JsonScan(keptLevels);
  return scan.feed(b) ? scan.end() : undefined;
}
