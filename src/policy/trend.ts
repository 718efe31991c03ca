// The trend a runway rule fits to a headroom's history, and its verdict: pure functions of
// the points (time, used, limit) and the settings, so that every case can be checked by
// hand. The rule that reads the history and reports the verdict is rules/runway.ts.

/** A day, in milliseconds. */
export const DAY_MS = 86_400_000;

/** A runway needs at least this many points (in its window, since the last step) to fit a trend. */
export const RUNWAY_MIN_POINTS = 5;

/** A runway needs its points to span at least this many days (first to last) to fit a trend. */
export const RUNWAY_MIN_SPAN_DAYS = 3;

/**
 * A fall of `used` by at least this fraction of the limit, held by the two points after it,
 * is a step (a batch deleted): the trend is fitted from the step on.
 */
export const RUNWAY_STEP_FRACTION = 0.1;

/** One point of a headroom's history: when, and what the headroom read then. */
export interface TrendSample {
  /** When the lookup's answer was fetched (milliseconds since the epoch). */
  readonly t: number;
  /** What was used then. */
  readonly used: number;
  /** The limit then. */
  readonly limit: number;
}

/** What {@link judgeRunway} is asked. */
export interface RunwayQuestion {
  /** Now (milliseconds since the epoch): days left are counted from here. */
  readonly nowMs: number;
  /** The rule fails when the quota runs out sooner than this many days from now. */
  readonly minDays: number;
  /** Only points fetched in the last `windowDays` days (before now) count. */
  readonly windowDays: number;
}

/**
 * A runway's verdict:
 * - `too-little`: fewer than {@link RUNWAY_MIN_POINTS} points or a span shorter than
 *   {@link RUNWAY_MIN_SPAN_DAYS} days to fit (a warning, never a pass);
 * - `no-exhaustion`: usage is flat or falling, and below the limit (a pass);
 * - `runs-out`: the trend reaches the limit in `daysLeft` days (a pass when that is at least `minDays`).
 */
export type RunwayVerdictKind = 'too-little' | 'no-exhaustion' | 'runs-out';

/** What the trend says about a history. */
export interface RunwayJudgement {
  /** The verdict's kind. */
  readonly kind: RunwayVerdictKind;
  /** Whether the rule passes: `no-exhaustion`, or `runs-out` in at least `minDays`. */
  readonly passed: boolean;
  /** The points in the window, oldest first. */
  readonly window: readonly TrendSample[];
  /** The points the trend was fitted to: the window's, from the last step on. */
  readonly fitted: readonly TrendSample[];
  /** When the last step was (the first point fitted after it), or undefined when there was none. */
  readonly stepAt?: number;
  /** The limit the trend is held against: the latest point's (a raised quota counts from when it was raised). */
  readonly limit: number;
  /** Days from the first to the last fitted point. */
  readonly spanDays: number;
  /** The trend's slope, in used per day (undefined when too little history). */
  readonly ratePerDay?: number;
  /** The trend's level now (undefined when too little history). */
  readonly usedNow?: number;
  /** Days from now until the trend reaches the limit (0 or less: already there); undefined when it never does or too little history. */
  readonly daysLeft?: number;
  /** When the trend reaches the limit (milliseconds since the epoch); undefined as `daysLeft`. */
  readonly exhaustionMs?: number;
}

/** The median of numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The Theil–Sen line through points (x, y): the slope is the median of the slopes between
 * every two points with different x, the level at x = 0 the median of `y - slope * x`.
 *
 * Why this fit: a quota's usage read by synths is noisy (a batch running while one synth
 * looked) and sometimes wrong once (a partial answer, a resource counted twice). A
 * least-squares line follows a single far point; the median of pairwise slopes does not
 * (it tolerates up to about 29% of the points being wild), needs no tuning, and is exact
 * on a straight line. Points need not be evenly spaced, so a gap of weeks is fine.
 * @returns undefined when no two points have different x
 */
export function theilSen(points: readonly { readonly x: number; readonly y: number }[]): { readonly slope: number; readonly level: number } | undefined {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[j].x - points[i].x;
      if (dx !== 0) slopes.push((points[j].y - points[i].y) / dx);
    }
  }
  if (slopes.length === 0) return undefined;
  const slope = median(slopes);
  return { slope, level: median(points.map((p) => p.y - slope * p.x)) };
}

/**
 * The index of the last step in a history (oldest first): a point `k` where `used` fell by
 * at least {@link RUNWAY_STEP_FRACTION} of the limit below the median of the (up to) three
 * points before it (since the step before, if any), and the point after it stayed down too. A single low reading is not a
 * step (the point after it is back up), nor is the fall after a single high one (the median
 * before it ignores it). Returns 0 when there is no step.
 *
 * A raised (or lowered) quota is no step: usage goes on as before, and the trend is held
 * against the latest limit.
 */
export function lastStep(samples: readonly TrendSample[], limit: number): number {
  const drop = RUNWAY_STEP_FRACTION * limit;
  let step = 0;
  for (let k = 1; k + 1 < samples.length; k++) {
    // The level before k: never reaching back past the last step found.
    const before = median(samples.slice(Math.max(step, k - 3), k).map((s) => s.used));
    if (Math.max(samples[k].used, samples[k + 1].used) <= before - drop) step = k;
  }
  return step;
}

/**
 * Fits the trend and gives the verdict. The window's points (fetched in the last
 * `windowDays` before now, oldest first) are cut at the last step ({@link lastStep}); with
 * fewer than {@link RUNWAY_MIN_POINTS} points or {@link RUNWAY_MIN_SPAN_DAYS} days left the
 * verdict is `too-little`. Otherwise the Theil–Sen line ({@link theilSen}) of used against
 * days from now gives the rate per day and the level now; with a rate of 0 or less, usage
 * never reaches the limit (`no-exhaustion`), unless it is there already (`runs-out`, 0 days
 * left); else it reaches the limit in `(limit - level) / rate` days.
 */
export function judgeRunway(samples: readonly TrendSample[], q: RunwayQuestion): RunwayJudgement {
  const from = q.nowMs - q.windowDays * DAY_MS;
  const window = samples.filter((s) => s.t >= from && s.t <= q.nowMs).sort((a, b) => a.t - b.t);
  const limit = window.length > 0 ? window[window.length - 1].limit : Number.NaN;
  const step = lastStep(window, limit);
  const fitted = window.slice(step);
  const spanDays = fitted.length > 0 ? (fitted[fitted.length - 1].t - fitted[0].t) / DAY_MS : 0;
  const base = { window, fitted, limit, spanDays, ...(step > 0 ? { stepAt: fitted[0].t } : {}) };
  if (fitted.length < RUNWAY_MIN_POINTS || spanDays < RUNWAY_MIN_SPAN_DAYS) return { ...base, kind: 'too-little', passed: false };
  const line = theilSen(fitted.map((s) => ({ x: (s.t - q.nowMs) / DAY_MS, y: s.used })))!;
  const fit = { ratePerDay: line.slope, usedNow: line.level };
  if (line.slope <= 0) {
    if (line.level < limit) return { ...base, ...fit, kind: 'no-exhaustion', passed: true };
    return { ...base, ...fit, kind: 'runs-out', passed: false, daysLeft: 0, exhaustionMs: q.nowMs };
  }
  const daysLeft = (limit - line.level) / line.slope;
  return { ...base, ...fit, kind: 'runs-out', passed: daysLeft >= q.minDays, daysLeft, exhaustionMs: q.nowMs + daysLeft * DAY_MS };
}

/** One point of a runway's history as the reports show it. */
export interface RunwayPoint {
  /** When the lookup's answer was fetched (ISO 8601). */
  readonly at: string;
  /** What the headroom read as used then. */
  readonly used: number;
  /** What it read as the limit then. */
  readonly limit: number;
  /** Whether the trend was fitted to it (in the window, and from the last step on). */
  readonly fitted: boolean;
}

/**
 * The evidence of a runway rule, in its finding (`runway` in `report.json`): the history it
 * read, the trend it fitted and what the trend says.
 */
export interface RunwayEvidence {
  /** The verdict: `too-little` history, `no-exhaustion` in sight, or the quota `runs-out`. */
  readonly verdict: RunwayVerdictKind;
  /** Now, as the rule saw it (ISO 8601). */
  readonly now: string;
  /** The days of history the trend looks at. */
  readonly windowDays: number;
  /** The days the quota must last. */
  readonly minDays: number;
  /** The limit the trend is held against (the latest point's). */
  readonly limit: number | null;
  /** The points of the window, oldest first. */
  readonly points: readonly RunwayPoint[];
  /** The trend's rate, in used per day; null with too little history. */
  readonly ratePerDay: number | null;
  /** The trend's level now; null with too little history. */
  readonly usedNow: number | null;
  /** Days until the trend reaches the limit; null when it never does (or too little history). */
  readonly daysLeft: number | null;
  /** When the trend reaches the limit (ISO 8601); null as `daysLeft`. */
  readonly projectedAt: string | null;
  /**
   * When the last step was (a batch deleted: the trend is fitted from there on).
   * @default absent when there was none
   */
  readonly stepAt?: string;
  /**
   * Points of the lookup's history at which the headroom could not be read (left out).
   * @default absent when every point was read
   */
  readonly unreadable?: number;
}
