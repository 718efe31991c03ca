// Rule.runway's own part (src/policy/rules/runway.ts), beside the trend it fits
// (test/policy/trend.test.ts) and the end-to-end verdicts (test/policy/rules/runway.test.ts):
// every argument it refuses, what the rule and its outcome carry, and points of the
// history that the stack's getters cannot read. Histories are built by live synths at
// injected times against the fake cloud; each expected figure is worked out in a comment.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { InputError } from '../../../src/core/errors';
import { Headroom, HeadroomProps } from '../../../src/policy/headroom';
import { Rule } from '../../../src/policy/rule';
import { fakeQingCloudRow, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00.000Z');
const at = (day: number): string => new Date(T0 + day * DAY).toISOString();

const cloud = useFakeCloud();
useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));
beforeEach(() => {
  process.env.HEADROOM_LOOKUP_RECORD_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-runway-args-')), 'cdktf.lookups.json');
  process.env.HEADROOM_TEST_NOW = at(0);
});
afterEach(() => {
  delete process.env.HEADROOM_TEST_NOW;
});

const usage = (): ProjectResourceStat =>
  new ProjectResourceStat(new TerraformStack(Testing.app(), 's'), 'usage', { ...FAKE_QINGCLOUD_PROJECT, endpoint: cloud().endpoints.qingcloud });
/** One live synth on `day` while the cloud serves these resource groups (id: instances). */
const synthOn = async (day: number, groups: Record<string, number>): Promise<ProjectResourceStat> => {
  await cloud().updateData((d) => {
    const rows = d.qingcloud.projects[FAKE_QINGCLOUD_PROJECT.projectId].rows;
    rows.splice(0, rows.length, ...Object.entries(groups).map(([id, n]) => fakeQingCloudRow(id, n)));
  });
  process.env.HEADROOM_TEST_NOW = at(day);
  const u = usage();
  expect(u.rows).toHaveLength(Object.keys(groups).length); // read live now: a point of the history
  return u;
};
const instances = (u: ProjectResourceStat): HeadroomProps => ({ name: 'instances', used: () => u.totals.instanceCount, limit: 50, source: u });

describe('Rule.runway refuses what cannot be a runway, naming the field, the value and what is allowed', () => {
  const where = 'Rule.runway("r")';
  it.each([
    ['options null', null, `${where}: options must be an object with minDays, such as { minDays: 14 }; got null.`],
    ['options a number', 14, `${where}: options must be an object with minDays, such as { minDays: 14 }; got 14.`],
    ['minDays left out', {}, `${where}: minDays must be a number of days greater than 0, such as 14; got undefined.`],
    ['minDays a string', { minDays: '14' }, `${where}: minDays must be a number of days greater than 0, such as 14; got "14".`],
    ['minDays NaN', { minDays: Number.NaN }, `${where}: minDays must be a number of days greater than 0, such as 14; got NaN.`],
    ['minDays Infinity', { minDays: Number.POSITIVE_INFINITY }, `${where}: minDays must be a number of days greater than 0, such as 14; got Infinity.`],
    ['minDays 0', { minDays: 0 }, `${where}: minDays must be a number of days greater than 0, such as 14; got 0.`],
    ['minDays negative', { minDays: -1 }, `${where}: minDays must be a number of days greater than 0, such as 14; got -1.`],
    ['window a string', { minDays: 14, window: '30' }, `${where}: window must be a number of days of at least 3, such as 30; got "30".`],
    ['window NaN', { minDays: 14, window: Number.NaN }, `${where}: window must be a number of days of at least 3, such as 30; got NaN.`],
    [
      'window Infinity',
      { minDays: 14, window: Number.POSITIVE_INFINITY },
      `${where}: window must be a number of days of at least 3, such as 30; got Infinity.`,
    ],
    ['window under 3 days', { minDays: 14, window: 2.9 }, `${where}: window must be a number of days of at least 3, such as 30; got 2.9.`],
  ])('%s', (_name, options, message) => {
    const e = thrownBy(() => Rule.runway('r', Headroom.of(instances(usage())), options as never));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(message);
  });

  it('takes the shortest window it allows (3 days) and a fraction of a day as minDays', () => {
    expect(() => Rule.runway('r', Headroom.of(instances(usage())), { minDays: 0.5, window: 3 })).not.toThrow();
  });

  it('a plain number as used: it would read the same at every point', () => {
    const u = usage();
    expect(thrownBy(() => Rule.runway('r', Headroom.of({ used: 5, limit: 50, source: u }), { minDays: 14 })).message).toBe(
      `${where}: headroom.used must be a function such as () => usage.totals.instanceCount; got "a plain number". ` +
        'A runway reads the headroom at each point of the lookup history; a plain number would read the same at every point.',
    );
  });

  it('no lookup construct, or two: the runway reads exactly one history', () => {
    const fix = 'Give the headroom the construct its numbers come from: Headroom.of({ used: () => ..., limit, source: usage }).';
    const allowed = 'exactly one lookup construct (ProjectResourceStat, EipBandwidthUsage, QuotaDetail), whose history the runway reads';
    expect(thrownBy(() => Rule.runway('r', Headroom.of({ used: () => 1, limit: 50 }), { minDays: 14 })).message).toBe(
      `${where}: headroom.source must be ${allowed}; got "0 lookup constructs". ${fix}`,
    );
    const [a, b] = [usage(), usage()];
    const other = new ProjectResourceStat(new TerraformStack(Testing.app(), 't'), 'usage', {
      ...FAKE_QINGCLOUD_PROJECT,
      projectId: 'pj-other001',
      endpoint: cloud().endpoints.qingcloud,
    });
    // a and b ask the same question (one history); `other` asks another.
    expect(() => Rule.runway('r', Headroom.of({ used: () => 1, limit: 50, source: [a, b] }), { minDays: 14 })).not.toThrow();
    expect(thrownBy(() => Rule.runway('r', Headroom.of({ used: () => 1, limit: 50, source: [a, other] }), { minDays: 14 })).message).toBe(
      `${where}: headroom.source must be ${allowed}; got "2 lookup constructs". ${fix}`,
    );
  });

  it("a source of the user's own (an ILookupSource without a history) beside the lookup construct is not a second history", async () => {
    await synthOn(0, { 'rg-a': 10 });
    const own = { lookupError: undefined };
    const rule = Rule.runway('r', Headroom.of(instances(usage())), { minDays: 14, source: own });
    expect(rule.evaluate().runway!.verdict).toBe('too-little');
  });
});

describe('what a runway rule and its outcome carry', () => {
  it('its kind, and a description that names the headroom, minDays and the window; or the one given', () => {
    const u = usage();
    const rule = Rule.runway('r', Headroom.of(instances(u)), { minDays: 14 });
    expect(rule.kind).toBe('runway');
    expect(rule.description).toBe('instances lasts at least 14 days at its trend (last 30 days)');
    expect(Rule.runway('r', Headroom.of(instances(u)), { minDays: 7.5, window: 10 }).description).toBe(
      'instances lasts at least 7.5 days at its trend (last 10 days)',
    );
    expect(Rule.runway('r', Headroom.of(instances(u)), { minDays: 14, description: 'workers keep two weeks' }).description).toBe('workers keep two weeks');
  });

  it('one point: "1 point", and only the figures it has (no rate, level, days left or date; the limit is the latest)', async () => {
    const u = await synthOn(0, { 'rg-a': 10 });
    const o = Rule.runway('r', Headroom.of(instances(u)), { minDays: 14 }).evaluate();
    expect(o.message).toMatch(/^too little history to project instances: 1 point over 0 days in the last 30 days; /);
    expect(o.values).toEqual({ minDays: 14, windowDays: 30, points: 1, spanDays: 0, limit: 50 });
    expect(o.runway).toEqual({
      verdict: 'too-little',
      now: at(0),
      windowDays: 30,
      minDays: 14,
      limit: 50,
      points: [{ at: at(0), used: 10, limit: 50, fitted: true }],
      ratePerDay: null,
      usedNow: null,
      daysLeft: null,
      projectedAt: null,
    });
  });

  it('no point in the window: the limit is unknown, written as null and left out of the values', async () => {
    await synthOn(0, { 'rg-a': 10 });
    // The rule on day 40, offline (no new point): the only point, day 0, is outside a 30-day window.
    process.env.HEADROOM_TEST_NOW = at(40);
    process.env.HEADROOM_LOOKUP_MODE = 'offline';
    try {
      const o = Rule.runway('r', Headroom.of(instances(usage())), { minDays: 14 }).evaluate();
      expect(o.values).toEqual({ minDays: 14, windowDays: 30, points: 0, spanDays: 0 });
      expect(o.runway).toMatchObject({ verdict: 'too-little', limit: null, points: [], ratePerDay: null, usedNow: null, daysLeft: null, projectedAt: null });
      expect(o.message).toMatch(/: 0 points over 0 days in the last 30 days; /);
    } finally {
      delete process.env.HEADROOM_LOOKUP_MODE;
    }
  });

  it('a point the getters cannot read is left out and counted; none unreadable: no such field', async () => {
    // Group rg-b exists from day 3 on; used reads rg-b alone and throws before it existed.
    // Days 3..8 read 10, 12, ..., 20: rate 2/day, 20 now (day 8), (50 - 20) / 2 = 15 days
    // left, on day 23; 15 >= 14: a pass. Days 0..2 are unreadable.
    let u!: ProjectResourceStat;
    for (let d = 0; d <= 8; d++) u = await synthOn(d, d < 3 ? { 'rg-a': 4 } : { 'rg-a': 4, 'rg-b': 10 + 2 * (d - 3) });
    const rgB = (): number => {
      const row = u.rows.find((r) => r.resourceGroupId === 'rg-b');
      if (!row) throw new Error('no rg-b in this answer');
      return row.instanceCount;
    };
    const o = Rule.runway('r', Headroom.of({ name: 'rg-b instances', used: rgB, limit: 50, source: u }), { minDays: 14 }).evaluate();
    expect(o.passed).toBe(true);
    expect(o.values).toEqual({ minDays: 14, windowDays: 30, points: 6, spanDays: 5, limit: 50, ratePerDay: 2, usedNow: 20, daysLeft: 15, projectedAt: at(23) });
    expect(o.runway).toMatchObject({ unreadable: 3, daysLeft: 15, projectedAt: at(23) });
    expect(o.runway!.points.map((p) => p.at)).toEqual([3, 4, 5, 6, 7, 8].map(at));

    const all = Rule.runway('r', Headroom.of(instances(u)), { minDays: 14 }).evaluate();
    expect(all.runway!.points).toHaveLength(9);
    expect(all.runway).not.toHaveProperty('unreadable');
  });
});
