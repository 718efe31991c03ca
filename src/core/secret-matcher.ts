// Matching secrets by value: every form a cloud may echo a secret in (plain, URL-encoded,
// hex, base64) and every run of 8 of its characters, compiled once per secret and found
// with a rolling hash. redact.ts applies it: to the running operation's secrets, to errors
// and to cloud texts.
import { KeySet } from './key-set';

/** Secrets of this length or more are also redacted by fragment: any run of {@link FRAGMENT} characters of one. */
const FRAGMENT = 8;

/** The forms a secret may take once a cloud echoes it: plain, URL-encoded, hex, base64 (each alignment). */
function encodings(secret: string): string[] {
  const out = new Set<string>([secret]);
  try {
    out.add(encodeURIComponent(secret));
    out.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  } catch {
    // a lone surrogate cannot be URL-encoded; the plain form is still redacted
  }
  const bytes = Buffer.from(secret, 'utf8');
  out.add(bytes.toString('hex'));
  out.add(bytes.toString('hex').toUpperCase());
  // A secret inside a longer base64 text is encoded at one of three alignments; the last
  // group of each mixes with what follows it, so only whole groups are kept.
  for (let skip = 0; skip < 3 && skip < bytes.length; skip++) {
    const rest = bytes.subarray(skip);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    if (whole.length === 0) continue;
    const b64 = whole.toString('base64');
    out.add(b64);
    out.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
    out.add(rest.toString('base64')); // the whole of it, as an echo of the value base64-encoded has it
  }
  return [...out];
}

/**
 * Whether the run of {@link FRAGMENT} characters of `text` at `from` could only be a
 * piece of a secret: not filler (`00000000`)
 * and not a run of letters that words and host names are made of (`qingclou`,
 * `ignature`). Machine-made secrets (signatures, tokens, keys) seldom have 8 letters in a
 * row: a letters-only run inside one is still covered by the windows around it that hold
 * a digit or a symbol.
 */
function distinctiveAt(text: string, from: number): boolean {
  let lettersOnly = true;
  let distinct = 0;
  for (let i = from; i < from + FRAGMENT; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const gram = text.slice(from, from + FRAGMENT);
      return new Set(gram).size >= 4 && !/^[A-Za-z.-]+$/.test(gram); // distinct code points, as a Set counts them
    }
    if (lettersOnly && !isWordUnit(c)) lettersOnly = false;
    let seen = false;
    for (let j = from; j < i && !seen; j++) seen = text.charCodeAt(j) === c;
    if (!seen) distinct++;
  }
  return distinct >= 4 && !lettersOnly;
}

// Windows of FRAGMENT characters are looked up by a rolling hash (no string per window);
// a hit is confirmed on the window itself.
const HASH_BASE = 0x01000193;
const HASH_BASE_POW = ((): number => {
  let p = 1;
  for (let i = 0; i < FRAGMENT - 1; i++) p = Math.imul(p, HASH_BASE);
  return p;
})();

function windowHash(text: string, from: number): number {
  let h = 0;
  for (let k = 0; k < FRAGMENT; k++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(from + k)) | 0;
  return h;
}

/** The {@link windowHash} of the window at `i + 1`, from the one at `i` (`h`). */
function rollHash(h: number, text: string, i: number): number {
  return (Math.imul(h - Math.imul(text.charCodeAt(i), HASH_BASE_POW), HASH_BASE) + text.charCodeAt(i + FRAGMENT)) | 0;
}

/**
 * The key a window's hash is kept under: its low 30 bits, a small integer to the engine
 * (a set of them stores no boxed numbers). A hit is confirmed on the window itself.
 */
function hashKey(h: number): number {
  return h & 0x3fffffff;
}

/** Whether a UTF-16 code unit is one of the letters, `.` or `-` that words and host names are made of. */
function isWordUnit(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d;
}

/** How many times each UTF-16 code unit is in the window {@link pieceKeys} looks at; all zero between calls. */
const windowCounts = new Uint8Array(0x10000);

/**
 * Pushes the {@link hashKey} of every {@link distinctiveAt} window of `form` (at least
 * {@link FRAGMENT} characters) onto `keys`; whether there was one. The windows are walked
 * with a rolling hash and rolling counts of their characters: no string per window, and
 * each window's verdict in constant time (a form with a surrogate is looked at window by window).
 */
function pieceKeys(form: string, keys: number[]): boolean {
  const n = form.length;
  for (let i = 0; i < n; i++) {
    const c = form.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return pieceKeysOneByOne(form, keys);
  }
  let found = false;
  let distinct = 0;
  /** Characters of the window that are not {@link isWordUnit}. */
  let others = 0;
  let h = 0;
  for (let k = 0; k < FRAGMENT; k++) {
    const c = form.charCodeAt(k);
    h = (Math.imul(h, HASH_BASE) + c) | 0;
    if (windowCounts[c]++ === 0) distinct++;
    if (!isWordUnit(c)) others++;
  }
  for (let i = 0; ; i++) {
    if (distinct >= 4 && others > 0) {
      keys.push(hashKey(h)); // a repeat is dropped by the matcher's set
      found = true;
    }
    if (i + FRAGMENT >= n) break;
    const out = form.charCodeAt(i);
    const into = form.charCodeAt(i + FRAGMENT);
    h = rollHash(h, form, i);
    if (--windowCounts[out] === 0) distinct--;
    if (!isWordUnit(out)) others--;
    if (windowCounts[into]++ === 0) distinct++;
    if (!isWordUnit(into)) others++;
  }
  for (let k = n - FRAGMENT; k < n; k++) windowCounts[form.charCodeAt(k)] = 0;
  return found;
}

/** {@link pieceKeys} for a form with a surrogate: each window is looked at on its own. */
function pieceKeysOneByOne(form: string, keys: number[]): boolean {
  let found = false;
  let h = windowHash(form, 0);
  for (let i = 0; ; i++) {
    if (distinctiveAt(form, i)) {
      keys.push(hashKey(h));
      found = true;
    }
    if (i + FRAGMENT >= form.length) return found;
    h = rollHash(h, form, i);
  }
}

/** One secret compiled: the forms it may be echoed in, and its pieces. */
interface CompiledSecret {
  readonly forms: readonly string[];
  /** The forms whose windows of {@link FRAGMENT} characters are pieces (none for a short secret, or one with spaces). */
  readonly pieceForms: readonly string[];
  /** {@link windowHash} of every piece: every {@link distinctiveAt} window of the piece forms. */
  readonly hashes: readonly number[];
  /** The forms that hold no piece: only a search for the whole form finds them. */
  readonly unpieced: readonly string[];
}

/**
 * Secrets compiled lately: the same keys sign every request of a process, so their forms
 * and pieces are worked out once, not once per request. Small and bounded (the oldest
 * goes first); it holds nothing the process does not hold already.
 */
const compiledSecrets = new Map<string, CompiledSecret>();
const COMPILED_SECRETS_MAX = 64;

function compileSecret(secret: string): CompiledSecret {
  const known = compiledSecrets.get(secret);
  if (known) return known;
  // A value with spaces (a whole Authorization header) is matched whole; its parts are secrets of their own.
  const pieces = secret.length >= FRAGMENT && !/\s/.test(secret);
  const forms: string[] = [];
  const pieceForms: string[] = [];
  const hashes: number[] = [];
  const unpieced: string[] = [];
  for (const form of encodings(secret)) {
    if (form.length < 4) continue;
    forms.push(form);
    let pieced = false;
    if (pieces && form.length >= FRAGMENT) {
      pieceForms.push(form);
      pieced = pieceKeys(form, hashes);
    }
    // A form with a piece is in any text that holds it by that piece.
    if (!pieced) unpieced.push(form);
  }
  const compiled: CompiledSecret = { forms, pieceForms, hashes, unpieced };
  if (compiledSecrets.size >= COMPILED_SECRETS_MAX) compiledSecrets.delete(compiledSecrets.keys().next().value as string);
  compiledSecrets.set(secret, compiled);
  return compiled;
}

/** Secrets compiled for matching: their forms, longest first, and their pieces; secrets may be added. */
export class Matcher {
  /** {@link exact}, once sorted; dropped when a form is added. */
  private sorted?: string[];
  /** The shortest text that can hold anything to redact: the shortest form, or a piece ({@link FRAGMENT}) when there are pieces. */
  shortest = Infinity;
  private readonly pieceForms: string[] = [];
  private readonly forms = new Set<string>();
  /**
   * The forms without a piece (a value with spaces, such as a whole header, and short
   * values), which only a search for the whole form finds: those of {@link FRAGMENT}
   * characters or more by the key of their first window (one scan of a text finds them
   * all, with its pieces), the shorter ones by a search each.
   */
  private readonly anchored = new Map<number, string[]>();
  /**
   * The {@link hashKey} of every piece and of the first window of every form in
   * {@link anchored}: a scan asks this one set per window, and checks a window whose key
   * is here against the piece forms and the anchored forms.
   */
  private readonly windows = new KeySet();
  /** Whether any secret has pieces. */
  hasPieces = false;
  private readonly shortUnpieced = new Set<string>();
  private readonly added = new Set<string>();
  /** The length of the shortest form. */
  private shortestForm = Infinity;

  constructor(secrets: Iterable<string | undefined>) {
    this.add(secrets);
  }

  /**
   * Every form, longest first, so a secret that contains another is replaced whole.
   * Sorted when a text is redacted, not as secrets are added: a lookup that succeeds
   * adds a signature per request and never redacts one.
   */
  get exact(): readonly string[] {
    return (this.sorted ??= [...this.forms].sort((a, b) => b.length - a.length));
  }

  add(secrets: Iterable<string | undefined>): void {
    let shortestForm = this.shortestForm;
    for (const secret of secrets) {
      if (!secret || secret.length < 4 || this.added.has(secret)) continue;
      this.added.add(secret);
      const c = compileSecret(secret);
      for (const f of c.forms) {
        if (this.forms.has(f)) continue;
        this.forms.add(f);
        this.sorted = undefined;
        if (f.length < shortestForm) shortestForm = f.length;
      }
      for (const f of c.pieceForms) this.pieceForms.push(f);
      for (const f of c.unpieced) this.addUnpieced(f);
      if (c.hashes.length > 0) {
        this.hasPieces = true;
        this.windows.reserve(c.hashes.length);
        for (const h of c.hashes) this.windows.add(h);
      }
    }
    this.shortestForm = shortestForm;
    // A text shorter than every whole form may still hold a piece of one.
    this.shortest = this.hasPieces ? Math.min(shortestForm, FRAGMENT) : shortestForm;
  }

  private addUnpieced(form: string): void {
    if (form.length < FRAGMENT) {
      this.shortUnpieced.add(form);
      return;
    }
    const key = hashKey(windowHash(form, 0));
    const list = this.anchored.get(key);
    if (!list) {
      this.windows.add(key);
      this.anchored.set(key, [form]);
    } else if (!list.includes(form)) list.push(form);
  }

  /** Whether a form without a piece starts at `i` in `text` (`key`: the key of the window there). */
  private isAnchoredForm(text: string, i: number, key: number): boolean {
    for (const f of this.anchored.get(key) ?? []) if (text.startsWith(f, i)) return true;
    return false;
  }

  /** Whether the window of `text` at `i` is a piece: a {@link distinctiveAt} run of {@link FRAGMENT} characters of a piece form. */
  private isPiece(text: string, i: number): boolean {
    if (!distinctiveAt(text, i)) return false;
    const gram = text.slice(i, i + FRAGMENT);
    for (const f of this.pieceForms) if (f.includes(gram)) return true;
    return false;
  }

  /** Calls `found(i)` for every window of {@link FRAGMENT} characters of `text`, from the left, that is a piece of a secret; stops when it returns true. */
  pieces(text: string, found: (i: number) => boolean | void): void {
    if (!this.hasPieces || text.length < FRAGMENT) return;
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      const k = hashKey(h);
      if (this.windows.has(k) && this.isPiece(text, i) && found(i) === true) return;
      if (i + FRAGMENT >= text.length) return;
      h = rollHash(h, text, i);
    }
  }

  /**
   * Whether `text` holds anything to redact: a whole form, or a piece (a form with a piece
   * is found by it). One scan of the text's windows, whatever the number of secrets.
   */
  holds(text: string): boolean {
    if (text.length < this.shortest) return false;
    for (const form of this.shortUnpieced) if (form.length <= text.length && text.includes(form)) return true;
    const { windows } = this;
    if (text.length < FRAGMENT || windows.size === 0) return false;
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      const k = hashKey(h);
      if (windows.has(k) && (this.isPiece(text, i) || this.isAnchoredForm(text, i, k))) return true;
      if (i + FRAGMENT >= text.length) return false;
      h = rollHash(h, text, i);
    }
  }
}

/** `text` with every secret the matcher knows, in every form and piece, replaced by `***`. */
export function redactWith(text: string, m: Matcher): string {
  if (text.length < m.shortest) return text;
  let out = text;
  for (const secret of m.exact) if (secret.length <= out.length && out.includes(secret)) out = out.split(secret).join('***');
  if (!m.hasPieces || out.length < FRAGMENT) return out;
  // Pieces: mark every window of 8 that is a piece of a secret, then replace each run.
  const marked: Array<[number, number]> = [];
  m.pieces(out, (i) => {
    const last = marked[marked.length - 1];
    if (last && i <= last[1]) last[1] = i + FRAGMENT;
    else marked.push([i, i + FRAGMENT]);
  });
  if (marked.length === 0) return out;
  let result = '';
  let at = 0;
  for (const [from, to] of marked) {
    result += `${out.slice(at, from)}***`;
    at = to;
  }
  return result + out.slice(at);
}

/**
 * Replaces every occurrence of the given secrets in `text` with `***`: in the forms a
 * cloud may echo them (plain, URL-encoded, hex, base64), and, for secrets of 8 characters
 * or more without spaces, any run of 8 or more of their characters (so a secret cut short
 * by a truncation, or echoed in part, is still hidden).
 *
 * Used on anything built from a cloud's answer before it becomes an error message or a
 * log line, because some services echo request parameters back. Apply it before
 * cutting a text short.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  return redactWith(text, new Matcher(secrets));
}
