// The runway's trend and verdict as pure functions (policy/trend.ts), each expected value
// worked out by hand in the test. The end-to-end cases (histories built by synths) are in
// rules/runway.test.ts.
import { judgeRunway, lastStep, median, RUNWAY_MIN_POINTS, RUNWAY_MIN_SPAN_DAYS, RUNWAY_STEP_FRACTION, theilSen, TrendSample } from '../../src/policy/trend';

const DAY = 86_400_000;
const NOW = Date.parse('2026-02-01T00:00:00.000Z');
/** Samples on days `days` before now ... given as [daysBeforeNow, used, limit?]. */
const samples = (...points: Array<[number, number, number?]>): TrendSample[] => points.map(([d, used, limit = 50]) => ({ t: NOW - d * DAY, used, limit }));
const ask = { nowMs: NOW, minDays: 14, windowDays: 30 };

describe('median', () => {
  it('is the middle value of an odd count, the mean of the middle two of an even one, NaN of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('theilSen', () => {
  it('is exact on a straight line: y = 3 + 2x', () => {
    expect(theilSen([0, 1, 2, 3].map((x) => ({ x, y: 3 + 2 * x })))).toEqual({ slope: 2, level: 3 });
  });

  it('skips pairs with the same x, and has no line when every x is the same', () => {
    // Pairs (0,1)->(1,3): slope 2; (0,1)->(1,5): 4; the pair at x = 1 is skipped. Median of [2, 4] = 3.
    // Level: median of 1 - 0, 3 - 3, 5 - 3 = median [1, 0, 2] = 1.
    expect(
      theilSen([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 1, y: 5 },
      ]),
    ).toEqual({ slope: 3, level: 1 });
    expect(
      theilSen([
        { x: 2, y: 1 },
        { x: 2, y: 3 },
      ]),
    ).toBeUndefined();
    expect(theilSen([])).toBeUndefined();
  });

  it('one wild point does not move it', () => {
    // 1 + x on x = 0..4, but x = 2 reads 30. Pairs without x = 2: 6, all slope 1; with it: 4.
    // Sorted, the 10 slopes have six 1s among them: the median (5th and 6th) is 1. Level: 1 (four points) and 28: median 1.
    expect(theilSen([0, 1, 2, 3, 4].map((x) => ({ x, y: x === 2 ? 30 : 1 + x })))).toEqual({ slope: 1, level: 1 });
  });
});

describe('lastStep', () => {
  const used = (...values: number[]): TrendSample[] => values.map((u, i) => ({ t: i * DAY, used: u, limit: 50 }));

  it('finds none in growth, and none for a single low reading or the fall after a single high one', () => {
    expect(lastStep(used(10, 12, 14, 16), 50)).toBe(0);
    expect(lastStep(used(10, 11, 12, 1, 14, 15), 50)).toBe(0); // the point after the low one is back up
    expect(lastStep(used(10, 11, 50, 13, 14), 50)).toBe(0); // the median before day 3 is 11, not 50
  });

  it('finds a fall of at least a tenth of the limit that the next point holds', () => {
    // Median of 24, 26, 28 is 26; 8 and 10 are at most 26 - 5.
    expect(lastStep(used(20, 22, 24, 26, 28, 8, 10, 12), 50)).toBe(5);
    // Exactly a tenth: 26 - 5 = 21, and max(21, 21) <= 21.
    expect(lastStep(used(24, 26, 28, 21, 21), 50)).toBe(3);
    // Just under a tenth: 21.5 > 21.
    expect(lastStep(used(24, 26, 28, 21.5, 21), 50)).toBe(0);
    // The drop is a tenth of the limit given: with a limit of 100 it takes 10.
    expect(lastStep(used(24, 26, 28, 21, 21), 100)).toBe(0);
    expect(lastStep(used(24, 26, 28, 16, 16), 100)).toBe(3);
  });

  it('needs the point after the fall: a fall on the last point is no step yet', () => {
    expect(lastStep(used(20, 22, 24, 26, 5), 50)).toBe(0);
  });

  it('takes the last of two steps, measuring each against the level since the one before', () => {
    // Step at 3 (40 -> 20), then at 6 (22 -> 5): the median before 6 is of days 3..5 (20, 21, 22) = 21.
    expect(lastStep(used(40, 40, 40, 20, 21, 22, 5, 6), 50)).toBe(6);
    // After a step at 3, day 4 is not another (the level before it is day 3's alone, 20).
    expect(lastStep(used(40, 40, 40, 20, 21, 22, 23), 50)).toBe(3);
  });

  it('reads the level before a point from the three points before it', () => {
    // 0, 0, 0, 0, then 40, 40, 40, then 30, 30. Day 7: the median of days 4..6 is 40, and
    // 30 <= 40 - 5: a step. (Over all seven points before it the median would be 0: none.)
    expect(lastStep(used(0, 0, 0, 0, 40, 40, 40, 30, 30), 50)).toBe(7);
  });
});

describe('judgeRunway', () => {
  it('projects linear growth: rate, level now, days left and the date', () => {
    // 2/day, 30 now: (50 - 30) / 2 = 10 days, 10 < 14: fails.
    const j = judgeRunway(samples([4, 22], [3, 24], [2, 26], [1, 28], [0, 30]), ask);
    expect(j).toMatchObject({
      kind: 'runs-out',
      passed: false,
      ratePerDay: 2,
      usedNow: 30,
      daysLeft: 10,
      exhaustionMs: NOW + 10 * DAY,
      limit: 50,
      spanDays: 4,
    });
    expect(j.stepAt).toBeUndefined();
  });

  it('passes at exactly minDays, fails just under', () => {
    // 22 now at 2/day: (50 - 22) / 2 = 14 days.
    expect(judgeRunway(samples([4, 14], [3, 16], [2, 18], [1, 20], [0, 22]), ask)).toMatchObject({ passed: true, daysLeft: 14 });
    // 22.5 now: 13.75 days.
    expect(judgeRunway(samples([4, 14.5], [3, 16.5], [2, 18.5], [1, 20.5], [0, 22.5]), ask)).toMatchObject({ passed: false, daysLeft: 13.75 });
  });

  it('counts days from now, not from the last point', () => {
    // Last point 2 days ago at 26 (2/day): 30 now by the line, 10 days left.
    expect(judgeRunway(samples([6, 18], [5, 20], [4, 22], [3, 24], [2, 26]), ask)).toMatchObject({ usedNow: 30, daysLeft: 10 });
  });

  it('flat below the limit: no exhaustion; at the limit: none left; falling: no exhaustion', () => {
    const flat = judgeRunway(samples([4, 30], [3, 30], [2, 30], [1, 30], [0, 30]), ask);
    expect(flat).toMatchObject({ kind: 'no-exhaustion', passed: true, ratePerDay: 0, usedNow: 30 });
    expect(flat.daysLeft).toBeUndefined();
    expect(flat.exhaustionMs).toBeUndefined();
    expect(judgeRunway(samples([4, 50], [3, 50], [2, 50], [1, 50], [0, 50]), ask)).toMatchObject({
      kind: 'runs-out',
      passed: false,
      daysLeft: 0,
      exhaustionMs: NOW,
    });
    expect(judgeRunway(samples([4, 49], [3, 49], [2, 49], [1, 49], [0, 49]), ask)).toMatchObject({ kind: 'no-exhaustion', passed: true });
    expect(judgeRunway(samples([4, 60], [3, 58], [2, 56], [1, 54], [0, 52]), ask)).toMatchObject({ kind: 'runs-out', passed: false, daysLeft: 0 });
    expect(judgeRunway(samples([4, 34], [3, 33], [2, 32], [1, 31], [0, 30]), ask)).toMatchObject({ kind: 'no-exhaustion', ratePerDay: -1 });
  });

  it('over the limit and growing: days left are negative, and it fails', () => {
    // 60 now at 2/day against 50: (50 - 60) / 2 = -5.
    expect(judgeRunway(samples([4, 52], [3, 54], [2, 56], [1, 58], [0, 60]), { ...ask, minDays: 1 })).toMatchObject({ passed: false, daysLeft: -5 });
  });

  it(`too little history: fewer than ${RUNWAY_MIN_POINTS} points, or less than ${RUNWAY_MIN_SPAN_DAYS} days`, () => {
    const four = judgeRunway(samples([4, 22], [3, 24], [1, 28], [0, 30]), ask);
    expect(four).toMatchObject({ kind: 'too-little', passed: false, spanDays: 4 });
    expect(four.fitted).toHaveLength(4);
    expect(four.ratePerDay).toBeUndefined();
    // Five points over 2.9 days: too short; over exactly 3 days: enough.
    expect(judgeRunway(samples([2.9, 22], [2, 24], [1, 26], [0.5, 27], [0, 28]), ask)).toMatchObject({ kind: 'too-little' });
    expect(judgeRunway(samples([3, 22], [2, 24], [1, 26], [0.5, 27], [0, 28]), ask)).toMatchObject({ kind: 'runs-out', spanDays: 3 });
    const none = judgeRunway([], ask);
    expect(none).toMatchObject({ kind: 'too-little', spanDays: 0 });
    expect(none.limit).toBeNaN();
  });

  it('keeps the window: points older than windowDays, or after now, are left out; the rest are sorted', () => {
    // Window 10 days: the point 11 days ago is out, the one at exactly 10 in; a point in the future is out.
    const j = judgeRunway(samples([0, 30], [11, 0], [10, 10], [-1, 99], [7.5, 15], [5, 20], [2.5, 25]), { ...ask, windowDays: 10 });
    expect(j.window.map((s) => s.used)).toEqual([10, 15, 20, 25, 30]);
    expect(j).toMatchObject({ kind: 'runs-out', ratePerDay: 2, usedNow: 30, daysLeft: 10 });
  });

  it("holds the trend against the latest point's limit (a quota raised during the history)", () => {
    // Limit 40 until 2 days ago, 60 since: (60 - 30) / 2 = 15 days, a pass.
    const j = judgeRunway(samples([4, 22, 40], [3, 24, 40], [2, 26, 60], [1, 28, 60], [0, 30, 60]), ask);
    expect(j).toMatchObject({ limit: 60, daysLeft: 15, passed: true });
  });

  it('fits from the last step on, and says when it was', () => {
    // 40, 40, 40, then 20, 22, 24, 26, 28 (2/day): step at the 20, 4 days ago... fitted to
    // days 4..0 before now: 28 now, (50 - 28) / 2 = 11.
    const j = judgeRunway(samples([7, 40], [6, 40], [5, 40], [4, 20], [3, 22], [2, 24], [1, 26], [0, 28]), ask);
    expect(j).toMatchObject({ stepAt: NOW - 4 * DAY, ratePerDay: 2, usedNow: 28, daysLeft: 11, spanDays: 4 });
    expect(j.fitted.map((s) => s.used)).toEqual([20, 22, 24, 26, 28]);
    expect(j.window).toHaveLength(8);
    expect(RUNWAY_STEP_FRACTION).toBe(0.1);
  });
});
