// A lookup's history: every live answer a lookup got, kept as a point (its key, when it was
// fetched, the value a headroom reads) beside the record's one entry per key, so a runway
// rule can fit a trend to it (policy/rules/runway.ts). What a point is, which records may
// become one, and how the file record bounds them; the PostgreSQL record keeps them in a
// table (postgres/sql.ts) with a retention of its own.
import { RECORD_FUTURE_SKEW_MS, LookupRecord } from './entry';

/**
 * How much history the record file keeps. A point is the whole value the lookup answered
 * (the numbers a headroom reads are computed from it, as at synth), so the bounds are in
 * points and in bytes of JSON; when one is passed, the oldest points are dropped first.
 */
export interface RecordHistoryLimits {
  /**
   * Most points kept per lookup key.
   * @default 500
   */
  readonly maxPointsPerKey?: number;
  /**
   * Most bytes (of the points' JSON) kept per lookup key; a single answer larger than this
   * has no history in the file.
   * @default 1 MiB
   */
  readonly maxBytesPerKey?: number;
  /**
   * Most bytes of history in the whole file, all keys together (the oldest points of any key
   * go first), so the file stays well within its size limit (`MAX_RECORD_FILE_BYTES`, 256 MiB).
   * @default 32 MiB
   */
  readonly maxBytes?: number;
}

/** The bounds the record file keeps its history within, unless told otherwise. */
export const DEFAULT_HISTORY_LIMITS: Required<RecordHistoryLimits> = {
  maxPointsPerKey: 500,
  maxBytesPerKey: 1024 * 1024,
  maxBytes: 32 * 1024 * 1024,
};

/** A point as the record file holds it, under `history[key]`: when it was fetched and the value. */
export interface HistoryPointJson {
  readonly fetchedAt: string;
  readonly value: unknown;
}

/**
 * Whether a record may become a point of its key's history: only an entry the entry check
 * accepted (no `invalid` mark) with a fetch time that is a time and not in the future. A
 * live answer has been checked against its kind's shape on the worker already.
 */
export function isHistoryPoint(record: LookupRecord, nowMs: number = Date.now()): boolean {
  if (record.invalid !== undefined) return false;
  const at = Date.parse(record.fetchedAt);
  return !Number.isNaN(at) && at <= nowMs + RECORD_FUTURE_SKEW_MS;
}

/**
 * The size in bytes of `JSON.stringify(value)` (UTF-8), counted without building the text,
 * or, once the count passes `cap`, a number above `cap`: a point of a lookup of 100,000 rows
 * (tens of MiB of JSON) is seen to be over its key's bound after its first MiB.
 */
export function jsonBytesUpTo(value: unknown, cap: number): number {
  let n = 0;
  const add = (v: unknown, inArray: boolean): void => {
    if (n > cap) return;
    if (typeof v === 'string') n += v.length < 64 && /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(v) ? v.length + 2 : Buffer.byteLength(JSON.stringify(v), 'utf8');
    else if (typeof v === 'number') n += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'boolean') n += v ? 4 : 5;
    else if (v === null) n += 4;
    else if (v === undefined || typeof v === 'function' || typeof v === 'symbol') n += inArray ? 4 : 0;
    else if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || typeof v !== 'object') n += Buffer.byteLength(JSON.stringify(v) ?? 'null', 'utf8');
    else if (Array.isArray(v)) {
      n += 2 + Math.max(0, v.length - 1);
      for (let i = 0; i < v.length && n <= cap; i++) add(v[i], true);
    } else {
      let members = 0;
      n += 2;
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        if (members++ > 0) n += 1;
        add(k, false);
        n += 1;
        add(x, false);
        if (n > cap) return;
      }
    }
  };
  add(value, false);
  return n;
}

/**
 * Adds records to a history (raw points by key, as the file holds them) and bounds it:
 * points are kept oldest first, one per fetch time (the same answer given twice is one
 * point), at most `maxPointsPerKey` and `maxBytesPerKey` per key, at most `maxBytes` in all;
 * over a bound, the oldest points go first. Records that may not become points
 * ({@link isHistoryPoint}) are left out. Changes `history` in place.
 */
export function addToHistory(history: Map<string, HistoryPointJson[]>, records: readonly LookupRecord[], limits: RecordHistoryLimits = {}): void {
  const { maxPointsPerKey, maxBytesPerKey, maxBytes } = { ...DEFAULT_HISTORY_LIMITS, ...limits };
  const now = Date.now();
  const touched = new Set<string>();
  for (const r of records) {
    if (!isHistoryPoint(r, now)) continue;
    const points = history.get(r.key) ?? [];
    if (!points.some((p) => p.fetchedAt === r.fetchedAt)) points.push({ fetchedAt: r.fetchedAt, value: r.value });
    history.set(r.key, points);
    touched.add(r.key);
  }
  // A point's size, counted up to a bound: exact at or below it; above it, a number above it
  // (enough to know the point goes, before its whole value is counted).
  const sizes = new Map<HistoryPointJson, { n: number; exact: boolean }>();
  const sizeUpTo =
    (cap: number) =>
    (p: HistoryPointJson): number => {
      const known = sizes.get(p);
      if (known && (known.exact || known.n > cap)) return known.n;
      const n = jsonBytesUpTo(p, cap);
      sizes.set(p, { n, exact: n <= cap });
      return n;
    };
  const perKey = sizeUpTo(maxBytesPerKey);
  for (const key of touched) {
    const points = history.get(key)!;
    points.sort((a, b) => timeOf(a) - timeOf(b));
    let bytes = points.reduce((sum, p) => sum + perKey(p), 0);
    while (points.length > 0 && (points.length > maxPointsPerKey || bytes > maxBytesPerKey)) bytes -= perKey(points.shift()!);
    if (points.length === 0) history.delete(key);
  }
  // The whole file's history: the oldest point of any key goes first.
  const size = sizeUpTo(maxBytes);
  let total = 0;
  for (const points of history.values()) for (const p of points) total += size(p);
  if (total <= maxBytes) return;
  const all = [...history.entries()].flatMap(([key, points]) => points.map((p) => ({ key, p })));
  all.sort((a, b) => timeOf(a.p) - timeOf(b.p));
  const dropped = new Set<HistoryPointJson>();
  for (const { p } of all) {
    if (total <= maxBytes) break;
    dropped.add(p);
    total -= size(p);
  }
  for (const [key, points] of history) {
    const kept = points.filter((p) => !dropped.has(p));
    if (kept.length === 0) history.delete(key);
    else history.set(key, kept);
  }
}

function timeOf(p: HistoryPointJson): number {
  const t = Date.parse(p.fetchedAt);
  return Number.isNaN(t) ? -Infinity : t;
}

/**
 * The numbers of a value outside its lists (`totalCount`, `totals.instanceCount`, ...), by
 * dotted path, in the value's order: what `records history` prints per point. Lists (rows)
 * are left out; a headroom may still read them (a resource group's count) at synth.
 */
export function numbersOf(value: unknown, prefix = '', depth = 0): Array<[string, number]> {
  if (typeof value === 'number' && Number.isFinite(value)) return [[prefix || 'value', value]];
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 4) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => numbersOf(v, prefix ? `${prefix}.${k}` : k, depth + 1));
}
