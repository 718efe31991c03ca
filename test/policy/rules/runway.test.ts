// Rule.runway end to end: histories built by live synths at injected times
// (HEADROOM_TEST_NOW) against the fake cloud, whose instance count changes between synths;
// then the rule over the last synth's lookup. Every projected date and verdict below is
// worked out by hand in the comment above it (limit 50 unless said; T0 = 2026-01-05).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { InputError } from '../../../src/core/errors';
import { Headroom } from '../../../src/policy/headroom';
import { Rule, RuleOutcome } from '../../../src/policy/rule';
import { FakeCloud } from '../../../src/testing/fake-cloud';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');
const at = (day: number): string => new Date(T0 + day * DAY).toISOString();

describe('Rule.runway over a lookup history built by synths at injected times', () => {
  const cloud = useFakeCloud();
  const other = useFakeCloud(); // a second endpoint, with data of its own
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));

  beforeEach(() => {
    process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-runway-')), 'cdktf.lookups.json');
  });
  afterEach(() => {
    delete process.env.HEADROOM_TEST_NOW;
  });

  const serve = (c: FakeCloud, instances: number): Promise<void> =>
    c.updateData((d) => {
      const rows = d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
      rows.splice(0, rows.length, fakeQingCloudRow('rg-a', instances));
    });
  const stat = (c: FakeCloud = cloud()): ProjectResourceStat =>
    new ProjectResourceStat(new TerraformStack(Testing.app(), 's'), 'usage', { ...FAKE_QINGCLOUD_PROJECT, endpoint: c.endpoints.qingcloud });
  /** One live synth on `day` while the cloud serves `instances`. */
  const synth = async (day: number, instances: number, c: FakeCloud = cloud()): Promise<void> => {
    await serve(c, instances);
    process.env.HEADROOM_TEST_NOW = at(day);
    expect(stat(c).totals.instanceCount).toBe(instances);
  };
  /** Synths on days 0, 1, ... reading `counts`; then the rule in a last synth on `nowDay` (default: the last day). */
  const runway = async (
    counts: readonly number[],
    options: { limit?: number; minDays?: number; window?: number; days?: readonly number[]; nowDay?: number; c?: FakeCloud } = {},
  ): Promise<RuleOutcome> => {
    const days = options.days ?? counts.map((_, i) => i);
    for (let i = 0; i < counts.length; i++) await synth(days[i], counts[i], options.c);
    process.env.HEADROOM_TEST_NOW = at(options.nowDay ?? days[days.length - 1]);
    const usage = stat(options.c);
    const h = Headroom.of({ name: 'instances', used: () => usage.totals.instanceCount, limit: options.limit ?? 50, source: usage });
    return Rule.runway('instances-runway', h, { minDays: options.minDays ?? 14, ...(options.window ? { window: options.window } : {}) }).evaluate();
  };

  it('linear growth: fails when the quota runs out sooner than minDays, with the rate, the date and the points', async () => {
    // used = 10 + 2d on days 0..9: rate 2/day, 28 now (day 9); (50 - 28) / 2 = 11 days left,
    // on day 20 = 2026-01-25; 11 < 14: a violation.
    const o = await runway([10, 12, 14, 16, 18, 20, 22, 24, 26, 28]);
    expect(o.passed).toBe(false);
    expect(o.level).toBe('error');
    expect(o.observed).toBe(11);
    expect(o.bound).toBe(14);
    expect(o.values).toMatchObject({ ratePerDay: 2, usedNow: 28, limit: 50, daysLeft: 11, points: 10, spanDays: 9, projectedAt: at(20) });
    expect(o.runway).toMatchObject({
      verdict: 'runs-out',
      ratePerDay: 2,
      daysLeft: 11,
      projectedAt: at(20),
      now: at(9),
      minDays: 14,
      windowDays: 30,
      limit: 50,
    });
    expect(o.runway!.points).toEqual([10, 12, 14, 16, 18, 20, 22, 24, 26, 28].map((used, d) => ({ at: at(d), used, limit: 50, fitted: true })));
    expect(o.message).toBe(
      'at +2/day (10 points over 9 days), instances reaches its limit 50 on 2026-01-25, in 11 days: sooner than the 14 days wanted. ' +
        'Raise the quota above 56 (what the trend uses in 14 days), or free some of it.',
    );
  });

  it('the same growth with minDays 10 passes, and says when', async () => {
    const o = await runway([10, 12, 14, 16, 18, 20, 22, 24, 26, 28], { minDays: 10 });
    expect(o.passed).toBe(true);
    expect(o.message).toBe('at +2/day (10 points over 9 days), instances reaches its limit 50 on 2026-01-25, in 11 days; at least 10 wanted.');
  });

  it('noisy growth: the median of pairwise slopes is the underlying rate', async () => {
    // used = 10 + 2d + e with e = 0, +1, -1 repeating (10, 13, 13, 16, 19, 19, 22, 25, 25, 28).
    // Each pairwise slope is 2 + (e_j - e_i)/(j - i): of the 45 pairs, 12 (a multiple of 3 days
    // apart) deviate by 0, 18 negatively, 15 positively, so the 23rd of 45 sorted is 2 + 0.
    // Level now: the median of y - 2(d - 9) = 28 + e over the ten points is 28 + 0.
    // (50 - 28) / 2 = 11 days: 2026-01-25, a violation.
    const o = await runway([10, 13, 13, 16, 19, 19, 22, 25, 25, 28]);
    expect(o.values).toMatchObject({ ratePerDay: 2, usedNow: 28, daysLeft: 11, projectedAt: at(20) });
    expect(o.passed).toBe(false);
  });

  it('one outlier does not move the trend', async () => {
    // 10 + 2d, but day 5 read 45 (a count gone wild once). 36 of the 45 pairwise slopes do not
    // involve day 5 and are exactly 2: the median is 2. Level: nine points give 28, one 53:
    // the median is 28. 11 days left, 2026-01-25, as without the outlier. (A least-squares
    // line through the same points would slope 2.15/day from 31.2 now: 8.7 days.)
    const o = await runway([10, 12, 14, 16, 18, 45, 22, 24, 26, 28]);
    expect(o.values).toMatchObject({ ratePerDay: 2, usedNow: 28, daysLeft: 11, projectedAt: at(20) });
    expect(o.passed).toBe(false);
  });

  it('flat usage passes: no exhaustion in sight', async () => {
    // 30 every day: rate 0, 30 < 50: never reaches the limit.
    const o = await runway([30, 30, 30, 30, 30, 30]);
    expect(o.passed).toBe(true);
    expect(o.observed).toBe('Infinity');
    expect(o.runway).toMatchObject({ verdict: 'no-exhaustion', ratePerDay: 0, daysLeft: null, projectedAt: null });
    expect(o.message).toBe('no exhaustion in sight: instances is flat at 0/day (6 points over 5 days), 30 of 50 now.');
  });

  it('falling usage passes: no exhaustion in sight', async () => {
    // 40 - d: rate -1/day.
    const o = await runway([40, 39, 38, 37, 36, 35]);
    expect(o.passed).toBe(true);
    expect(o.runway).toMatchObject({ verdict: 'no-exhaustion', ratePerDay: -1, usedNow: 35 });
    expect(o.message).toBe('no exhaustion in sight: instances is falling at -1/day (6 points over 5 days), 35 of 50 now.');
  });

  it('usage at the limit and not falling: no runway left', async () => {
    // 50 every day: rate 0, and 50 is the limit: 0 days left, now.
    const o = await runway([50, 50, 50, 50, 50]);
    expect(o.passed).toBe(false);
    expect(o.values).toMatchObject({ daysLeft: 0, projectedAt: at(4) });
    expect(o.message).toMatch(/^at 0\/day \(5 points over 4 days\), instances has reached its limit 50 already: sooner than the 14 days wanted\./);
  });

  it('a step (a batch deleted): the trend is fitted from the step on', async () => {
    // 20, 22, 24, 26, 28 on days 0..4, then a batch of 20 deleted: 8, 10, 12, 14, 16 on days 5..9.
    // Day 5 is a step: 8 and 10 are both at least 5 (a tenth of 50) below 26, the median of
    // days 2..4. Fitted to days 5..9: rate 2/day, 16 now; (50 - 16) / 2 = 17 days, on day 26
    // = 2026-01-31: a violation with 20 wanted. (Fitted across the step, the median pairwise
    // slope would be -0.75/day: "falling", a pass, while usage grows 2 a day.)
    const o = await runway([20, 22, 24, 26, 28, 8, 10, 12, 14, 16], { minDays: 20 });
    expect(o.passed).toBe(false);
    expect(o.values).toMatchObject({ ratePerDay: 2, usedNow: 16, daysLeft: 17, points: 5, spanDays: 4, projectedAt: at(26) });
    expect(o.runway!.stepAt).toBe(at(5));
    expect(o.runway!.points.map((p) => p.fitted)).toEqual([false, false, false, false, false, true, true, true, true, true]);
    expect(o.message).toContain('(5 points over 4 days since a step on 2026-01-10)');
  });

  it('a quota raised in the stack: the trend is held against the limit now', async () => {
    // 10 + 2d on days 0..9 with the limit now 60: (60 - 28) / 2 = 16 days, on day 25 = 2026-01-30: a pass.
    const o = await runway([10, 12, 14, 16, 18, 20, 22, 24, 26, 28], { limit: 60 });
    expect(o.passed).toBe(true);
    expect(o.values).toMatchObject({ daysLeft: 16, projectedAt: at(25), limit: 60 });
  });

  it('too few points: a warning that says what it has and needs, never a pass', async () => {
    const o = await runway([10, 12, 14]);
    expect(o.passed).toBe(false);
    expect(o.level).toBe('warning');
    expect(o.observed).toBeNull();
    expect(o.runway).toMatchObject({ verdict: 'too-little', ratePerDay: null, daysLeft: null });
    expect(o.message).toBe(
      'too little history to project instances: 3 points over 2 days in the last 30 days; a runway needs at least 5 points over at least 3 days. ' +
        'Each live synth adds a point (offline and cached ones add none): synthesize live on more days and check again.',
    );
  });

  it('enough points over too short a span: a warning too', async () => {
    // Six synths within 1.25 days: the span is under 3 days.
    const o = await runway([10, 11, 12, 13, 14, 15], { days: [0, 0.25, 0.5, 0.75, 1, 1.25] });
    expect(o.level).toBe('warning');
    expect(o.message).toContain('6 points over 1.3 days');
  });

  it('a gap of weeks: unevenly spaced points fit as well; the window leaves out what is older', async () => {
    // Days 0, 1, 2 and 20, 21, 22, on the line 10 + 2d: 10, 12, 14, 50, 52, 54 (limit 100).
    // Rate 2/day, 54 now (day 22): (100 - 54) / 2 = 23 days, on day 45 = 2026-02-19: a pass.
    const days = [0, 1, 2, 20, 21, 22];
    const o = await runway([10, 12, 14, 50, 52, 54], { days, limit: 100 });
    expect(o.passed).toBe(true);
    expect(o.values).toMatchObject({ ratePerDay: 2, usedNow: 54, daysLeft: 23, projectedAt: at(45) });
    // With a 10-day window (day 12 on) only days 20..22 count: 3 points, too little.
    process.env.HEADROOM_TEST_NOW = at(22);
    const usage = stat();
    const h = Headroom.of({ used: () => usage.totals.instanceCount, limit: 100, source: usage });
    const narrow = Rule.runway('narrow', h, { minDays: 14, window: 10 }).evaluate();
    expect(narrow.level).toBe('warning');
    expect(narrow.message).toContain('3 points over 2 days in the last 10 days');
  });

  it("two endpoints never mix: each lookup reads its own key's history", async () => {
    // Endpoint A grows 10 + 2d (11 days left: a violation); endpoint B, the same query at
    // another endpoint, reads 30 on the same days (flat: a pass). Mixed, neither would hold.
    for (let d = 0; d < 6; d++) {
      await synth(d, 10 + 2 * d, cloud());
      await synth(d, 30, other());
    }
    process.env.HEADROOM_TEST_NOW = at(5);
    const judge = (c: FakeCloud): RuleOutcome => {
      const usage = stat(c);
      return Rule.runway('r', Headroom.of({ used: () => usage.totals.instanceCount, limit: 50, source: usage }), { minDays: 14 }).evaluate();
    };
    const a = judge(cloud());
    const b = judge(other());
    // A: 20 now, (50 - 20) / 2 = 15 days: on day 20; a pass with 14 wanted.
    expect(a.values).toMatchObject({ ratePerDay: 2, usedNow: 20, daysLeft: 15, points: 6, projectedAt: at(20) });
    expect(b.values).toMatchObject({ ratePerDay: 0, usedNow: 30, points: 6 });
    expect(b.runway!.verdict).toBe('no-exhaustion');
  });

  it('refuses what cannot be a runway: a plain used, no lookup source, bad minDays or window', () => {
    process.env.HEADROOM_TEST_NOW = at(0);
    const usage = stat();
    const fn = () => 1;
    const err = (f: () => unknown): InputError => thrownBy(f) as InputError;
    expect(err(() => Rule.runway('r', Headroom.of({ used: 5, limit: 50, source: usage }), { minDays: 14 })).message).toMatch(
      /Rule\.runway\("r"\).*headroom\.used.*a function such as \(\) => usage\.totals\.instanceCount/s,
    );
    expect(err(() => Rule.runway('r', Headroom.of({ used: fn, limit: 50 }), { minDays: 14 })).message).toMatch(
      /headroom\.source.*exactly one lookup construct/s,
    );
    expect(err(() => Rule.runway('r', Headroom.of({ used: fn, limit: 50, source: usage }), { minDays: 0 })).message).toMatch(/minDays.*greater than 0/s);
    expect(err(() => Rule.runway('r', Headroom.of({ used: fn, limit: 50, source: usage }), { minDays: 14, window: 2 })).message).toMatch(/window.*at least 3/s);
    expect(err(() => Rule.runway('r', Headroom.of({ used: fn, limit: 50, source: usage }), undefined as never)).message).toMatch(/options.*minDays/s);
  });
});
