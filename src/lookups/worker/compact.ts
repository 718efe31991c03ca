// A lookup's value in a compact form to cross the thread: each long list of like objects
// (a listing's rows) becomes a table of columns (numbers in typed arrays, other values as
// indexes into their distinct values), so the worker serializes a few arrays instead of
// every row's keys, and the main thread builds each row once, its repeated strings shared.

/** Lists shorter than this cross as they are. */
const MIN_ROWS = 16;

/** One column of a table. */
type Column =
  /** Every value a 32-bit integer (not -0). */
  | { readonly t: 'i32'; readonly a: Int32Array }
  /** Every value a number. */
  | { readonly t: 'f64'; readonly a: Float64Array }
  /** Other primitives: each row's index into the distinct values. */
  | { readonly t: 'dict'; readonly d: readonly unknown[]; readonly a: Uint32Array }
  /** Anything else, as it is. */
  | { readonly t: 'any'; readonly a: readonly unknown[] };

/** A list of like objects, by column, and where it was in the value. */
interface Table {
  /** The keys (object keys, array indexes) from the value down to the list. */
  readonly path: ReadonlyArray<string | number>;
  readonly length: number;
  /** Every row's keys, in order. */
  readonly keys: readonly string[];
  readonly columns: readonly Column[];
}

/** A value with its lists of like objects taken out as tables (their places hold `null`). */
export interface PackedValue {
  readonly value: unknown;
  readonly tables: readonly Table[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The keys every element of `list` has, in the same order; undefined when they differ or an element is not a plain object. */
function sharedKeys(list: readonly unknown[]): string[] | undefined {
  if (!isPlainObject(list[0]) || Object.getPrototypeOf(list[0]) === null) return undefined;
  const keys = Object.keys(list[0]);
  if (keys.includes('__proto__')) return undefined;
  for (let i = 1; i < list.length; i++) {
    const o = list[i];
    if (!isPlainObject(o) || Object.getPrototypeOf(o) === null) return undefined;
    const k = Object.keys(o);
    if (k.length !== keys.length) return undefined;
    for (let j = 0; j < k.length; j++) if (k[j] !== keys[j]) return undefined;
  }
  return keys;
}

function column(list: ReadonlyArray<Record<string, unknown>>, key: string): Column {
  const n = list.length;
  let ints = true;
  let numbers = true;
  let primitives = true;
  for (let i = 0; i < n; i++) {
    const v = list[i][key];
    if (typeof v === 'number') {
      if (ints && (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff || Object.is(v, -0))) ints = false;
    } else {
      ints = numbers = false;
      // -0 and NaN only cross exactly in a number column; strings, booleans, null and undefined in a dictionary.
      if (v !== null && v !== undefined && typeof v !== 'string' && typeof v !== 'boolean') primitives = false;
    }
    if (!primitives) break;
  }
  if (ints) return { t: 'i32', a: Int32Array.from(list, (o) => o[key] as number) };
  if (numbers) return { t: 'f64', a: Float64Array.from(list, (o) => o[key] as number) };
  if (!primitives || list.some((o) => typeof o[key] === 'number')) return { t: 'any', a: list.map((o) => o[key]) };
  const index = new Map<unknown, number>();
  const distinct: unknown[] = [];
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = list[i][key];
    let at = index.get(v);
    if (at === undefined) {
      at = distinct.length;
      distinct.push(v);
      index.set(v, at);
    }
    a[i] = at;
  }
  return { t: 'dict', d: distinct, a };
}

/**
 * Takes the long lists of like plain objects out of `value` as tables (the value itself is
 * not changed: the lists' places are `null` in a copy of the objects and arrays above
 * them). {@link unpackValue} gives back a value equal to `value` as a structured clone would.
 */
export function packValue(value: unknown): PackedValue {
  const tables: Table[] = [];
  const path: Array<string | number> = [];
  // Returns `v` itself when nothing under it was taken out.
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const keys = v.length >= MIN_ROWS ? sharedKeys(v) : undefined;
      if (keys) {
        const rows = v as ReadonlyArray<Record<string, unknown>>;
        tables.push({ path: [...path], length: rows.length, keys, columns: keys.map((k) => column(rows, k)) });
        return null;
      }
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const x = walk(v[i]);
        path.pop();
        if (x !== v[i]) (out ??= [...(v as unknown[])])[i] = x;
      }
      return out ?? v;
    }
    if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.includes('__proto__')) return v; // an own "__proto__" crosses as it is
      let out: Record<string, unknown> | undefined;
      for (const k of keys) {
        path.push(k);
        const x = walk(v[k]);
        path.pop();
        if (x !== v[k]) (out ??= { ...v })[k] = x;
      }
      return out ?? v;
    }
    return v;
  };
  return { value: walk(value), tables };
}

function valueAt(c: Column, i: number): unknown {
  return c.t === 'dict' ? c.d[c.a[i]] : c.a[i];
}

/** The value {@link packValue} packed, its tables back as lists of objects. */
export function unpackValue(packed: PackedValue): unknown {
  let value = packed.value;
  for (const t of packed.tables) {
    const rows = new Array<Record<string, unknown>>(t.length);
    const { keys, columns } = t;
    for (let i = 0; i < t.length; i++) {
      const row: Record<string, unknown> = {};
      for (let k = 0; k < keys.length; k++) row[keys[k]] = valueAt(columns[k], i);
      rows[i] = row;
    }
    if (t.path.length === 0) {
      value = rows;
      continue;
    }
    let at = value as Record<string | number, unknown>;
    for (const p of t.path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
    at[t.path[t.path.length - 1]] = rows;
  }
  return value;
}
