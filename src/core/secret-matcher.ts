// Matching secrets by value: every form a cloud may echo a secret in (plain, URL-encoded,
// hex, base64) and every run of 8 of its characters, compiled once per secret and found
// with a rolling hash. redact.ts applies it: to the running operation's secrets, to errors
// and to cloud texts.

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
 * Whether a run of characters could only be a piece of a secret: not filler (`00000000`)
 * and not a run of letters that words and host names are made of (`qingclou`,
 * `ignature`). Machine-made secrets (signatures, tokens, keys) seldom have 8 letters in a
 * row: a letters-only run inside one is still covered by the windows around it that hold
 * a digit or a symbol.
 */
function distinctive(gram: string): boolean {
  let lettersOnly = true;
  let distinct = 0;
  for (let i = 0; i < gram.length; i++) {
    const c = gram.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return new Set(gram).size >= 4 && !/^[A-Za-z.-]+$/.test(gram); // distinct code points, as a Set counts them
    if (lettersOnly && !((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d)) lettersOnly = false;
    if (gram.indexOf(gram[i]) === i) distinct++;
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

/** One secret compiled: the forms it may be echoed in, and its pieces. */
interface CompiledSecret {
  readonly forms: readonly string[];
  /** The forms whose windows of {@link FRAGMENT} characters are pieces (none for a short secret, or one with spaces). */
  readonly pieceForms: readonly string[];
  /** {@link windowHash} of every piece: every {@link distinctive} window of the piece forms. */
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
  const hashes = new Set<number>();
  const unpieced: string[] = [];
  for (const form of encodings(secret)) {
    if (form.length < 4) continue;
    forms.push(form);
    let pieced = false;
    if (pieces && form.length >= FRAGMENT) {
      pieceForms.push(form);
      for (let i = 0; i + FRAGMENT <= form.length; i++) {
        const gram = form.slice(i, i + FRAGMENT);
        if (distinctive(gram)) {
          hashes.add(windowHash(gram, 0));
          pieced = true;
        }
      }
    }
    // A form with a piece is in any text that holds it by that piece.
    if (!pieced) unpieced.push(form);
  }
  const compiled: CompiledSecret = { forms, pieceForms, hashes: [...hashes], unpieced };
  if (compiledSecrets.size >= COMPILED_SECRETS_MAX) compiledSecrets.delete(compiledSecrets.keys().next().value as string);
  compiledSecrets.set(secret, compiled);
  return compiled;
}

/** Secrets compiled for matching: their forms, longest first, and their pieces; secrets may be added. */
export class Matcher {
  /** Every form, longest first, so a secret that contains another is replaced whole. */
  exact: string[] = [];
  /** The shortest text that can hold anything to redact: the shortest form, or a piece ({@link FRAGMENT}) when there are pieces. */
  shortest = Infinity;
  /** {@link windowHash} of every piece; a window whose hash is here is then checked against {@link pieceForms}. */
  private readonly hashes = new Set<number>();
  /**
   * A filter of the hashes (one bit per bucket, about 16 buckets per hash, grown as
   * secrets are added): most windows are ruled out by one load, before the set is asked.
   */
  private filter = new Uint32Array(1 << 9);
  /** 32 minus log2 of the filter's buckets: a hash's bucket is its Fibonacci hash's top bits. */
  private filterShift = 32 - 14;
  private readonly pieceForms: string[] = [];
  private readonly forms = new Set<string>();
  /** The forms {@link holds} searches for whole: those without a piece. */
  private readonly unpieced = new Set<string>();
  private readonly added = new Set<string>();

  constructor(secrets: Iterable<string | undefined>) {
    this.add(secrets);
  }

  /** Whether any secret has pieces. */
  get hasPieces(): boolean {
    return this.hashes.size > 0;
  }

  add(secrets: Iterable<string | undefined>): void {
    const before = this.forms.size;
    let fresh: number[] | undefined;
    for (const secret of secrets) {
      if (!secret || secret.length < 4 || this.added.has(secret)) continue;
      this.added.add(secret);
      const c = compileSecret(secret);
      for (const f of c.forms) this.forms.add(f);
      for (const f of c.pieceForms) this.pieceForms.push(f);
      for (const f of c.unpieced) this.unpieced.add(f);
      for (const h of c.hashes) {
        if (this.hashes.has(h)) continue;
        this.hashes.add(h);
        (fresh ??= []).push(h);
      }
    }
    if (fresh) this.fillFilter(fresh);
    if (this.forms.size !== before) this.exact = [...this.forms].sort((a, b) => b.length - a.length);
    const shortestForm = this.exact.length ? this.exact[this.exact.length - 1].length : Infinity;
    // A text shorter than every whole form may still hold a piece of one.
    this.shortest = this.hasPieces ? Math.min(shortestForm, FRAGMENT) : shortestForm;
  }

  /** Puts the new hashes in the filter; grows it (and puts every hash in the new one) when it would fill up. */
  private fillFilter(fresh: readonly number[]): void {
    let buckets = this.filter.length * 32;
    let hashes: Iterable<number> = fresh;
    if (this.hashes.size * 16 > buckets) {
      while (this.hashes.size * 16 > buckets) buckets *= 2;
      this.filter = new Uint32Array(buckets / 32);
      this.filterShift = 32 - Math.log2(buckets);
      hashes = this.hashes;
    }
    for (const h of hashes) {
      const b = Math.imul(h, 0x9e3779b1) >>> this.filterShift;
      this.filter[b >>> 5] |= 1 << (b & 31);
    }
  }

  /** Whether the window of `text` at `i` is a piece: a {@link distinctive} run of {@link FRAGMENT} characters of a piece form. */
  private isPiece(text: string, i: number): boolean {
    const gram = text.slice(i, i + FRAGMENT);
    if (!distinctive(gram)) return false;
    for (const f of this.pieceForms) if (f.includes(gram)) return true;
    return false;
  }

  /** Calls `found(i)` for every window of {@link FRAGMENT} characters of `text`, from the left, that is a piece of a secret; stops when it returns true. */
  pieces(text: string, found: (i: number) => boolean | void): void {
    if (!this.hasPieces || text.length < FRAGMENT) return;
    const { filter, filterShift } = this;
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      const b = Math.imul(h, 0x9e3779b1) >>> filterShift;
      if ((filter[b >>> 5] & (1 << (b & 31))) !== 0 && this.hashes.has(h) && this.isPiece(text, i) && found(i) === true) return;
      if (i + FRAGMENT >= text.length) return;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), HASH_BASE_POW), HASH_BASE) + text.charCodeAt(i + FRAGMENT)) | 0;
    }
  }

  /** Whether `text` holds anything to redact: a whole form, or a piece (a form with a piece is found by it). */
  holds(text: string): boolean {
    if (text.length < this.shortest) return false;
    for (const form of this.unpieced) if (form.length <= text.length && text.includes(form)) return true;
    let hit = false;
    this.pieces(text, () => (hit = true));
    return hit;
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
