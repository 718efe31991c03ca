// Reading a cloud's JSON answer strictly: duplicate keys and absurd nesting are malformed,
// not "the last key wins" or a stack overflow later on.

/**
 * The deepest nesting an answer may have. The answers this library reads nest 4 levels
 * at most (body, list, row, field); 64 leaves room for anything a cloud adds, and stays
 * far below the depth at which code that walks a value recursively (printing it,
 * copying it across a thread) runs out of stack.
 */
export const MAX_ANSWER_DEPTH = 64;

/** What is structurally wrong with a JSON text, and where. */
export interface JsonStructureProblem {
  /** The path of the field, e.g. `data[0].instance_count` (empty for the body). */
  readonly path: string;
  /** What is wrong, for a message. */
  readonly what: string;
}

interface Frame {
  /** Keys seen so far (objects). */
  readonly keys?: Set<string>;
  /** The current key (objects) or index (arrays). */
  at: string | number;
  /** An object waiting for its next key. */
  expectingKey: boolean;
}

function pathOf(stack: readonly Frame[], upTo = stack.length): string {
  let p = '';
  for (let i = 0; i < upTo; i++) {
    const f = stack[i];
    if (typeof f.at === 'number') p += `[${f.at}]`;
    else if (f.at !== '') p += p ? `.${f.at}` : f.at;
  }
  return p.length > 200 ? `${p.slice(0, 197)}...` : p;
}

/**
 * Scans a JSON text for what `JSON.parse` lets through: a key repeated in one object
 * (`JSON.parse` keeps the last, so `{"ret_code":1200,...,"ret_code":0}` would read as a
 * success) and nesting deeper than `maxDepth`. One pass, strings skipped with `indexOf`,
 * so it costs little next to the parse itself.
 *
 * Text that is not JSON is not judged here (the parse that follows says so): the scan
 * then returns `undefined` or stops at its first problem.
 */
export function jsonStructureProblem(text: string, maxDepth = MAX_ANSWER_DEPTH): JsonStructureProblem | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  // Where the next backslash is (from `i` on), found once per backslash: a search from
  // every key to the end of the text would make a long answer without escapes quadratic.
  let backslash = -2;
  const backslashFrom = (from: number): number => {
    if (backslash !== -1 && backslash < from) backslash = text.indexOf('\\', from);
    return backslash === -1 ? Infinity : backslash;
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i;
      let escaped = false;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return undefined;
        let slashes = 0;
        for (let k = end - 1; text.charCodeAt(k) === 0x5c /* \ */; k--) slashes++;
        if (slashes > 0) escaped = true;
        if (slashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectingKey) {
        let key: string;
        if (escaped || backslashFrom(i + 1) < end) {
          try {
            key = JSON.parse(text.slice(i, end + 1)) as string;
          } catch {
            return undefined;
          }
        } else {
          key = text.slice(i + 1, end);
        }
        if (top.keys.has(key)) {
          top.at = key;
          return { path: pathOf(stack), what: 'appears twice in one object (duplicate keys: which value is meant cannot be told)' };
        }
        top.keys.add(key);
        top.at = key;
        top.expectingKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { path: pathOf(stack), what: `is nested deeper than ${maxDepth} levels` };
      stack.push(c === 0x7b ? { keys: new Set(), at: '', expectingKey: true } : { at: 0, expectingKey: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectingKey = true;
      else if (top) (top.at as number)++;
    }
  }
  return undefined;
}

/** What {@link parseJsonAnswer} found. */
export type JsonAnswer =
  | { readonly kind: 'object'; readonly body: Record<string, unknown> }
  /** Valid JSON, but not an object (an array, a number, `null`). */
  | { readonly kind: 'other' }
  /** Not JSON at all (an HTML page, a cut body). */
  | { readonly kind: 'notJson' }
  /** JSON whose structure cannot be trusted (duplicate keys, too deep). */
  | { readonly kind: 'malformed'; readonly problem: JsonStructureProblem };

/** Parses an answer's body strictly (see {@link jsonStructureProblem}). */
export function parseJsonAnswer(text: string): JsonAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'notJson' };
  }
  if (typeof body !== 'object' || body === null) return { kind: 'other' };
  const problem = jsonStructureProblem(text);
  if (problem) return { kind: 'malformed', problem };
  return Array.isArray(body) ? { kind: 'other' } : { kind: 'object', body: body as Record<string, unknown> };
}
