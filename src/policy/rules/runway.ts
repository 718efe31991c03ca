import { libraryNowMs } from '../../core/clock';
import { Validator } from '../../core/validate';
import { LookupHistoryAccess, lookupHistoryOf } from '../../lookups/construct/lookup-history';
import { Headroom, HeadroomProps } from '../headroom';
import { fmt, jsonNumber } from '../message-format';
import { judgeRunway, RUNWAY_MIN_POINTS, RUNWAY_MIN_SPAN_DAYS, RunwayEvidence, RunwayJudgement, TrendSample } from '../trend';
import { ruleBase, RuleLevel, RuleOptions, RuleOutcome, RuleSpec, ruleWhere, toHeadroom } from './rule-kind';

/** Options of {@link Rule.runway}. */
export interface RunwayOptions extends RuleOptions {
  /**
   * The rule fails when the trend says the quota runs out sooner than this many days from
   * now, e.g. `14` to fail a deployment two weeks before the quota is exhausted. More than 0.
   */
  readonly minDays: number;
  /**
   * How many days of history the trend is fitted to (the points fetched in the last
   * `window` days). At least 3.
   * @default 30
   */
  readonly window?: number;
}

/** The default window of a runway rule, in days. */
export const RUNWAY_DEFAULT_WINDOW_DAYS = 30;

/**
 * The rule of `Rule.runway`: fits a trend to the headroom's history (see policy/trend.ts)
 * and fails when the quota runs out sooner than `minDays`.
 * @internal
 */
export function runwayRule(id: string, headroom: Headroom | HeadroomProps, options: RunwayOptions): RuleSpec {
  const where = ruleWhere('runway', id);
  const v: Validator = new Validator(where);
  if (typeof options !== 'object' || options === null) v.fail('options', options, 'an object with minDays, such as { minDays: 14 }');
  const { minDays, window = RUNWAY_DEFAULT_WINDOW_DAYS } = options;
  if (typeof minDays !== 'number' || !Number.isFinite(minDays) || minDays <= 0) v.fail('minDays', minDays, 'a number of days greater than 0, such as 14');
  if (typeof window !== 'number' || !Number.isFinite(window) || window < RUNWAY_MIN_SPAN_DAYS) {
    v.fail('window', window, `a number of days of at least ${RUNWAY_MIN_SPAN_DAYS}, such as 30`);
  }
  const base = ruleBase(where, id, options);
  const h = toHeadroom(headroom, id);
  if (!h.usedIsRead) {
    v.fail(
      'headroom.used',
      'a plain number',
      'a function such as () => usage.totals.instanceCount',
      'A runway reads the headroom at each point of the lookup history; a plain number would read the same at every point.',
    );
  }
  const sources = [...h.sources, ...base.sources];
  const keys = new Map<string, LookupHistoryAccess>();
  for (const s of sources) {
    const access = lookupHistoryOf(s);
    if (access) keys.set(access.key, access);
  }
  if (keys.size !== 1) {
    v.fail(
      'headroom.source',
      `${keys.size} lookup constructs`,
      'exactly one lookup construct (ProjectResourceStat, EipBandwidthUsage, QuotaDetail), whose history the runway reads',
      'Give the headroom the construct its numbers come from: Headroom.of({ used: () => ..., limit, source: usage }).',
    );
  }
  const [access] = keys.values();
  return {
    ...base,
    kind: 'runway',
    headroom: h,
    sources,
    description: options.description ?? `${h.name} lasts at least ${fmt(minDays)} days at its trend (last ${fmt(window)} days)`,
    check: () => checkRunway(h, access, base.level, minDays, window, options.fix),
  };
}

/** Reads the headroom at each point of the history, fits the trend and judges it. */
function checkRunway(h: Headroom, access: LookupHistoryAccess, level: RuleLevel, minDays: number, windowDays: number, fix: string | undefined): RuleOutcome {
  const samples: TrendSample[] = [];
  let unreadable = 0;
  for (const point of access.points()) {
    try {
      const read = access.readAt(point, () => ({ used: h.used, limit: h.limit }));
      samples.push({ t: Date.parse(point.fetchedAt), ...read });
    } catch {
      unreadable++; // an answer the stack's getters cannot read (a resource group that did not exist then, say)
    }
  }
  const nowMs = libraryNowMs();
  const j = judgeRunway(samples, { nowMs, minDays, windowDays });
  const evidence = runwayEvidence(j, nowMs, minDays, windowDays, unreadable);
  const values: Record<string, number | string> = { minDays, windowDays, points: j.fitted.length, spanDays: j.spanDays };
  for (const [name, value] of [
    ['limit', j.limit],
    ['ratePerDay', j.ratePerDay],
    ['usedNow', j.usedNow],
    ['daysLeft', j.daysLeft],
  ] as const) {
    if (value !== undefined && !Number.isNaN(value)) values[name] = jsonNumber(value);
  }
  if (evidence.projectedAt) values.projectedAt = evidence.projectedAt;
  const fitted = `${j.fitted.length} point${j.fitted.length === 1 ? '' : 's'} over ${days(j.spanDays)} days${j.stepAt === undefined ? '' : ` since a step on ${day(j.stepAt)}`}`;
  const outcome = { bound: minDays, values, runway: evidence };
  if (j.kind === 'too-little') {
    return {
      ...outcome,
      passed: false,
      level: 'warning',
      observed: null,
      message:
        `too little history to project ${h.name}: ${fitted} in the last ${fmt(windowDays)} days; a runway needs at least ${RUNWAY_MIN_POINTS} points over at least ${RUNWAY_MIN_SPAN_DAYS} days. ` +
        'Each live synth adds a point (offline and cached ones add none): synthesize live on more days and check again.',
    };
  }
  const rate = `${signed(j.ratePerDay!)}/day (${fitted})`;
  if (j.kind === 'no-exhaustion') {
    return {
      ...outcome,
      passed: true,
      level,
      observed: 'Infinity',
      message: `no exhaustion in sight: ${h.name} is ${j.ratePerDay! < 0 ? 'falling' : 'flat'} at ${rate}, ${fmt(j.usedNow!)} of ${fmt(j.limit)} now.`,
    };
  }
  const when =
    j.daysLeft! <= 0
      ? `has reached its limit ${fmt(j.limit)} already`
      : `reaches its limit ${fmt(j.limit)} on ${day(j.exhaustionMs!)}, in ${days(j.daysLeft!)} days`;
  const head = `at ${rate}, ${h.name} ${when}`;
  if (j.passed) return { ...outcome, passed: true, level, observed: jsonNumber(j.daysLeft!), message: `${head}; at least ${fmt(minDays)} wanted.` };
  const need = j.usedNow! + j.ratePerDay! * minDays;
  return {
    ...outcome,
    passed: false,
    level,
    observed: jsonNumber(j.daysLeft!),
    message: `${head}: sooner than the ${fmt(minDays)} days wanted. ${fix ?? `Raise the quota above ${fmt(Math.ceil(need))} (what the trend uses in ${fmt(minDays)} days), or free some of it.`}`,
  };
}

function runwayEvidence(j: RunwayJudgement, nowMs: number, minDays: number, windowDays: number, unreadable: number): RunwayEvidence {
  const fitted = new Set(j.fitted);
  const orNull = (n: number | undefined): number | null => (n === undefined || !Number.isFinite(n) ? null : n);
  return {
    verdict: j.kind,
    now: new Date(nowMs).toISOString(),
    windowDays,
    minDays,
    limit: orNull(j.limit),
    points: j.window.map((s) => ({ at: new Date(s.t).toISOString(), used: s.used, limit: s.limit, fitted: fitted.has(s) })),
    ratePerDay: orNull(j.ratePerDay),
    usedNow: orNull(j.usedNow),
    daysLeft: orNull(j.daysLeft),
    projectedAt: j.exhaustionMs === undefined ? null : new Date(j.exhaustionMs).toISOString(),
    ...(j.stepAt === undefined ? {} : { stepAt: new Date(j.stepAt).toISOString() }),
    ...(unreadable > 0 ? { unreadable } : {}),
  };
}

/** A day as `2026-03-01` (UTC). */
function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Days to one decimal. */
function days(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** A rate with its sign: `+2`, `-0.5`, `0`. */
function signed(n: number): string {
  return n > 0 ? `+${fmt(n)}` : fmt(n);
}
