/** A number for JSON: non-finite values become strings (`"Infinity"`), since JSON has no such numbers. */
export function jsonNumber(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

/** A number for messages: integers as they are, fractions to at most 4 decimals. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

/** A fraction as a percentage for messages: 0.845 -> "84.5%". */
export function pct(f: number): string {
  return Number.isFinite(f) ? `${Number((f * 100).toFixed(1))}%` : String(f);
}
