import { Finding } from './finding';

/**
 * A rule's numbers laid out as a bar, for the HTML and Markdown reports: the value against
 * the limit on one scale, with the thresholds where the rule warns and fails.
 *
 * `usage` bars (at-most, fits, utilization) fill up towards the limit and fail past it;
 * a `minimum` bar (at-least) must reach its limit. Every position is in the rule's own
 * units, from 0 to `scale`: the larger of the limit and what is (or will be) used, so a
 * value over the limit shows how far over it is.
 */
export interface ReportBar {
  /** `usage`: at or below the limit is good; `minimum`: at or above it is. */
  readonly kind: 'usage' | 'minimum';
  /** What is used (at-least: what there is). */
  readonly value: number;
  /** The limit, the maximum, or (for `minimum`) the minimum. */
  readonly limit: number;
  /**
   * What the stack is about to add (`Rule.fits`), drawn after the value.
   * @default none
   */
  readonly need?: number;
  /**
   * Where the warning band starts, in the rule's units.
   * @default no warning band
   */
  readonly warnAt?: number;
  /**
   * Where the rule fails as an error, in the rule's units.
   * @default none (a warning-only rule)
   */
  readonly failAt?: number;
  /** The length of the whole bar, in the rule's units: at least the limit and the value (plus the need); 1 when all are 0. */
  readonly scale: number;
  /** `value / limit` (Infinity for a value over a zero limit; 1 for 0 of 0, which counts as full). */
  readonly fraction: number;
  /** What is left: `limit - value` (negative when over); for `minimum`, `value - limit` (negative when short). */
  readonly left: number;
}

/** The number in a finding's value (a number, or a string such as `"Infinity"`), or undefined when it is not a finite number. */
export function finiteNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The bar of a finding, or undefined when it has none: a custom rule, a rule that failed
 * closed (no numbers), or numbers that are not finite.
 */
export function barOf(finding: Finding): ReportBar | undefined {
  const values: Record<string, unknown> = typeof finding.values === 'object' && finding.values !== null ? finding.values : {};
  switch (finding.kind) {
    case 'utilization': {
      const used = finiteNumber(values.used);
      const limit = finiteNumber(values.limit);
      if (used === undefined || limit === undefined) return undefined;
      const warn = finiteNumber(values.warnAt);
      const fail = finiteNumber(values.failAt);
      return usageBar(used, limit, { warnAt: warn === undefined ? undefined : warn * limit, failAt: fail === undefined ? undefined : fail * limit });
    }
    case 'fits': {
      const used = finiteNumber(values.used);
      const limit = finiteNumber(values.limit);
      // `{ total }`: what the deployment adds is the total beyond what the stack holds now.
      const total = finiteNumber(values.total);
      const held = finiteNumber(values.held);
      const need = total !== undefined ? (held === undefined ? undefined : Math.max(0, total - held)) : finiteNumber(values.need);
      if (used === undefined || limit === undefined) return undefined;
      return usageBar(used, limit, { failAt: limit, need });
    }
    case 'at-most': {
      const value = finiteNumber(values.value);
      const max = finiteNumber(values.max);
      if (value === undefined || max === undefined) return undefined;
      return usageBar(value, max, finding.level === 'warning' ? { warnAt: max } : { failAt: max });
    }
    case 'at-least': {
      const value = finiteNumber(values.value);
      const min = finiteNumber(values.min);
      if (value === undefined || min === undefined) return undefined;
      const scale = Math.max(value, min) || 1;
      return {
        kind: 'minimum',
        value,
        limit: min,
        ...(finding.level === 'warning' ? { warnAt: min } : { failAt: min }),
        scale,
        fraction: fractionOf(value, min),
        left: value - min,
      };
    }
    default:
      return undefined;
  }
}

function usageBar(value: number, limit: number, extra: { warnAt?: number; failAt?: number; need?: number }): ReportBar {
  const need = extra.need !== undefined && extra.need > 0 ? extra.need : undefined;
  const scale = Math.max(limit, value + (need ?? 0)) || 1;
  return {
    kind: 'usage',
    value,
    limit,
    ...(need !== undefined ? { need } : {}),
    ...(extra.warnAt !== undefined ? { warnAt: extra.warnAt } : {}),
    ...(extra.failAt !== undefined ? { failAt: extra.failAt } : {}),
    scale,
    fraction: fractionOf(value, limit),
    left: limit - value,
  };
}

function fractionOf(value: number, limit: number): number {
  if (limit === 0) return value === 0 ? 1 : Number.POSITIVE_INFINITY;
  return value / limit;
}

/** Eighth blocks, from one eighth to a full cell. */
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * The bar as text for Markdown (GitHub step summaries and merge-request comments render
 * it in a code span, so the cells line up): `cells` cells of `█` filled to the value (in
 * eighths), `░` free, `▒` free but inside the warning or failure band. The scale is the
 * limit, so a value at or over the limit (or any value against a zero limit) fills the bar.
 *
 * @example textBar(barOf(finding)!) // '████████▍░' for 42 of 50
 */
export function textBar(bar: ReportBar, cells = 10): string {
  const limit = bar.limit;
  const filled = Math.round(Math.min(1, Math.max(0, limit === 0 ? 1 : bar.value / limit)) * cells * 8);
  const full = Math.floor(filled / 8);
  let out = '█'.repeat(full) + EIGHTHS[filled % 8];
  const bandFrom = bar.kind === 'usage' ? Math.min(bar.warnAt ?? Number.POSITIVE_INFINITY, bar.failAt ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  for (let i = out.length; i < cells; i++) {
    // A free cell is in the band when its middle is at or past the band's start.
    out += limit > 0 && ((i + 0.5) / cells) * limit >= bandFrom ? '▒' : '░';
  }
  return out;
}

/** A number for reports: grouped thousands, fractions to at most 4 decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

/** A fraction as a percentage for reports: 0.845 gives `84.5%`; a tiny non-zero share gives `<0.1%`. */
export function formatPercent(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? 'over a zero limit' : String(f);
  if (f > 0 && f < 0.001) return '<0.1%';
  return `${formatNumber(Number((f * 100).toFixed(1)))}%`;
}

/** What is left, in words: `8 left`, `over by 2`; for a minimum, `2 above the minimum`, `short by 2`. */
export function leftText(bar: ReportBar): string {
  if (bar.kind === 'minimum') return bar.left >= 0 ? `${formatNumber(bar.left)} above the minimum` : `short by ${formatNumber(-bar.left)}`;
  return bar.left >= 0 ? `${formatNumber(bar.left)} left` : `over by ${formatNumber(-bar.left)}`;
}
