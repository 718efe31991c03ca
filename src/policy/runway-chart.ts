// A runway rule's evidence drawn for the reports: an inline SVG for the HTML report (the
// history, the trend and where it meets the limit) and a sparkline for Markdown. The
// evidence comes from report.json, which anyone may have edited: every number is checked
// before it places anything, and every text is escaped by the caller's rules.
import { Finding } from './finding';
import { RunwayEvidence } from './trend';

const DAY_MS = 86_400_000;

/** A runway's evidence as the charts read it: only finite numbers and times that parse. */
export interface RunwayChartData {
  readonly points: ReadonlyArray<{ readonly t: number; readonly used: number; readonly limit: number; readonly fitted: boolean }>;
  readonly nowMs: number;
  readonly minDays: number;
  readonly limit?: number;
  readonly ratePerDay?: number;
  readonly usedNow?: number;
  readonly daysLeft?: number;
  readonly projectedMs?: number;
  readonly verdict: string;
}

const finite = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);
/** An ISO 8601 time (as the library writes them) in milliseconds; anything else (Date.parse is lenient) is none. */
const timeOf = (s: unknown): number | undefined => {
  const t = typeof s === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(s) ? Date.parse(s) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** The evidence of a runway finding, checked; undefined when it has none that can be drawn (another kind, a hostile report). */
export function runwayChartData(f: Finding): RunwayChartData | undefined {
  const r = (f.kind === 'runway' && typeof f.runway === 'object' && f.runway !== null ? f.runway : undefined) as Partial<RunwayEvidence> | undefined;
  if (!r) return undefined;
  const nowMs = timeOf(r.now);
  const minDays = finite(r.minDays);
  if (nowMs === undefined || minDays === undefined || minDays <= 0) return undefined;
  const points = (Array.isArray(r.points) ? r.points : [])
    .map((p) =>
      typeof p === 'object' && p !== null ? { t: timeOf(p.at), used: finite(p.used), limit: finite(p.limit), fitted: p.fitted === true } : undefined,
    )
    .filter((p): p is { t: number; used: number; limit: number; fitted: boolean } => p?.t !== undefined && p.used !== undefined && p.limit !== undefined)
    .slice(0, 1000);
  return {
    points,
    nowMs,
    minDays,
    limit: finite(r.limit),
    ratePerDay: finite(r.ratePerDay),
    usedNow: finite(r.usedNow),
    daysLeft: finite(r.daysLeft),
    projectedMs: timeOf(r.projectedAt),
    verdict: typeof r.verdict === 'string' ? r.verdict : 'unknown',
  };
}

const W = 240;
const H = 72;
const PAD = 4;

/** A coordinate for an SVG attribute: finite, two decimals. */
function c(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * The runway as an inline SVG (no script, nothing fetched; `role="img"` with the same
 * numbers said in words by `label`): each point of the window (filled when the trend was
 * fitted to it, hollow before a step), the limit (dashed), the trend line from the first
 * fitted point to where it meets the limit (or to the end of the chart), now, and the
 * day the quota must last until (`minDays` after now). Time runs from the first point to
 * `minDays` and a half after now.
 */
export function runwaySvg(d: RunwayChartData, label: string, escape: (s: string) => string): string {
  const fitted = d.points.filter((p) => p.fitted);
  const t0 = Math.min(d.nowMs - DAY_MS, ...d.points.map((p) => p.t));
  const t1 = d.nowMs + Math.max(1, d.minDays * 1.5) * DAY_MS;
  const trendAt = (t: number): number | undefined =>
    d.usedNow === undefined || d.ratePerDay === undefined ? undefined : d.usedNow + (d.ratePerDay * (t - d.nowMs)) / DAY_MS;
  const trendStart = fitted.length > 0 ? fitted[0].t : undefined;
  const trendEnd = d.projectedMs !== undefined && d.projectedMs >= (trendStart ?? t0) ? Math.min(d.projectedMs, t1) : t1;
  const ys = [0, ...d.points.map((p) => p.used), ...d.points.map((p) => p.limit)];
  if (d.limit !== undefined) ys.push(d.limit);
  const endLevel = trendAt(trendEnd);
  if (endLevel !== undefined) ys.push(endLevel);
  const yMax = Math.max(...ys) * 1.08 || 1;
  const yMin = Math.min(0, ...ys);
  const x = (t: number): number => PAD + ((t - t0) / (t1 - t0)) * (W - 2 * PAD);
  const y = (v: number): number => H - PAD - ((v - yMin) / (yMax - yMin)) * (H - 2 * PAD);
  const parts: string[] = [`<title>${escape(label)}</title>`];
  // The days the quota must last: from now to minDays after.
  const mustLast = d.nowMs + d.minDays * DAY_MS;
  parts.push(
    `<rect class="rw-must" x="${c(x(d.nowMs))}" y="${PAD}" width="${c(Math.max(0, x(Math.min(mustLast, t1)) - x(d.nowMs)))}" height="${H - 2 * PAD}" fill="#fff3cd"/>`,
  );
  if (d.limit !== undefined)
    parts.push(`<line class="rw-limit" x1="${PAD}" x2="${W - PAD}" y1="${c(y(d.limit))}" y2="${c(y(d.limit))}" stroke="#b00020" stroke-dasharray="4 3"/>`);
  parts.push(`<line class="rw-now" x1="${c(x(d.nowMs))}" x2="${c(x(d.nowMs))}" y1="${PAD}" y2="${H - PAD}" stroke="#555" stroke-width="0.8"/>`);
  const startLevel = trendStart === undefined ? undefined : trendAt(trendStart);
  if (trendStart !== undefined && startLevel !== undefined && endLevel !== undefined) {
    parts.push(
      `<line class="rw-trend" x1="${c(x(trendStart))}" y1="${c(y(startLevel))}" x2="${c(x(trendEnd))}" y2="${c(y(endLevel))}" stroke="#1f5fbf" stroke-width="1.5" stroke-dasharray="${d.projectedMs === undefined ? '0' : '5 2'}"/>`,
    );
  }
  for (const p of d.points) {
    parts.push(
      `<circle class="rw-point${p.fitted ? '' : ' rw-unfitted'}" cx="${c(x(p.t))}" cy="${c(y(p.used))}" r="2.2" fill="${p.fitted ? '#1f5fbf' : '#fff'}" stroke="${p.fitted ? '#1f5fbf' : '#777'}"/>`,
    );
  }
  if (d.projectedMs !== undefined && d.projectedMs <= t1 && d.limit !== undefined) {
    const px = x(Math.max(d.projectedMs, t0));
    const py = y(d.limit);
    parts.push(
      `<path class="rw-out" d="M${c(px - 3)} ${c(py - 3)}L${c(px + 3)} ${c(py + 3)}M${c(px - 3)} ${c(py + 3)}L${c(px + 3)} ${c(py - 3)}" stroke="#b00020" stroke-width="1.6"/>`,
    );
  }
  return `<svg class="runway" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(label)}">${parts.join('')}</svg>`;
}

/** Days to one decimal. */
function days(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A day as `2026-03-01` (UTC). */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The runway in words, for the chart's label and beside it: the rate, when it runs out, what is wanted, how many points. */
export function runwayWords(d: RunwayChartData): string {
  const n = d.points.filter((p) => p.fitted).length;
  const pts = `${n} point${n === 1 ? '' : 's'} fitted of ${d.points.length}`;
  if (d.verdict === 'too-little' || d.ratePerDay === undefined) return `too little history (${pts}); ${days(d.minDays)} days wanted`;
  const rate = `${d.ratePerDay > 0 ? '+' : ''}${Math.round(d.ratePerDay * 1000) / 1000}/day`;
  if (d.daysLeft === undefined || d.projectedMs === undefined) return `${rate}: no exhaustion in sight (${pts})`;
  return `${rate}: runs out ${day(d.projectedMs)}, in ${days(d.daysLeft)} days; ${days(d.minDays)} wanted (${pts})`;
}

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * The window's points as a sparkline for Markdown, on a scale from 0 to the limit (a full
 * block is at or over the limit), at most `cells` of the latest points.
 * @example runwaySparkline(d) // '▂▂▃▃▃▄▄▄▅▅' for 10, 12, ..., 28 used of 50
 */
export function runwaySparkline(d: RunwayChartData, cells = 16): string {
  const top = d.limit ?? Math.max(...d.points.map((p) => p.used), 0);
  return d.points
    .slice(-cells)
    .map((p) => SPARKS[top > 0 ? Math.min(7, Math.max(0, Math.floor((p.used / top) * 8 - 1e-9))) : 7])
    .join('');
}
