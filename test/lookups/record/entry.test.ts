// Issue #10: record entries are checked like answers. A bad entry is a HEADROOM_RECORD
// error naming the file and the key, and is never used.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { LookupRecordError } from '../../../src/core/errors';
import { checkRecordEntry } from '../../../src/lookups/record/entry';
import { isolatedEnv, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { HUAWEICLOUD, QINGCLOUD, readRecords, SUBJECTS, Subject, UCLOUD } from '../../_helpers/lookup-subjects';
import { useOwnRecordFile } from '../../_helpers/own-record-file';

describe('record entries are checked like answers', () => {
  const cloud = useFakeCloud();
  useEnv(() => isolatedEnv(cloud()));
  const ownRecord = useOwnRecordFile('headroom-record-entry-');

  const lookup = (subject: Subject, lookupMode?: 'live' | 'cached' | 'offline') =>
    subject.create(new TerraformStack(new App({ outdir: path.join(ownRecord.dir, 'out') }), 'stack'), 'lookup', lookupMode ? { lookupMode } : {});

  /** Records the subject once (live), then changes its one entry. */
  function recordAndSpoil(subject: Subject, spoil: (entry: { kind: string; fetchedAt: string; value: Record<string, unknown> }) => void): string {
    expect(lookup(subject).read()).toBe(subject.live);
    const json = readRecords(ownRecord.file);
    const [key] = Object.keys(json.records);
    spoil(json.records[key]);
    fs.writeFileSync(ownRecord.file, JSON.stringify(json));
    return key;
  }

  const spoilers: Array<[string, (e: { kind: string; fetchedAt: string; value: Record<string, unknown> }) => void, RegExp]> = [
    ['value null', (e) => ((e as { value: unknown }).value = null), /value is null; expected an object/],
    ['value {}', (e) => (e.value = {}), /value\.\w+ is missing/],
    ['a kind that does not match the key', (e) => (e.kind = 'qingcloud:Other'), /does not match the key/],
    ['fetchedAt in year 2999', (e) => (e.fetchedAt = '2999-01-01T00:00:00.000Z'), /fetchedAt 2999-01-01T00:00:00.000Z is in the future/],
  ];

  describe.each(SUBJECTS)('%s, offline', (_name, subject) => {
    it.each(spoilers)('refuses %s, naming the file and the key, and uses nothing', (_what, spoil, says) => {
      const key = recordAndSpoil(subject, spoil);
      const before = fs.readFileSync(ownRecord.file);
      const l = lookup(subject, 'offline');
      const err = l.lookupError!;
      expect(err).toBeInstanceOf(LookupRecordError);
      expect((err as LookupRecordError).code).toBe('HEADROOM_RECORD');
      expect(err.message).toContain(ownRecord.file);
      expect(err.message).toContain(JSON.stringify(key));
      expect(err.message).toMatch(says);
      expect(() => l.read()).toThrow(LookupRecordError);
      expect(fs.readFileSync(ownRecord.file).equals(before)).toBe(true);
    });
  });

  it.each<[Subject, string, (v: Record<string, unknown>) => void]>([
    [QINGCLOUD, 'value.totals.instanceCount is 0; expected the sum over the rows (42)', (v) => ((v.totals as Record<string, number>).instanceCount = 0)],
    [UCLOUD, 'value.totalCount is 0; expected the number of EIPs (12)', (v) => (v.totalCount = 0)],
    [HUAWEICLOUD, 'value.totalNum is 0; expected the number of quotas (36)', (v) => (v.totalNum = 0)],
  ])('%s: a total edited while the rows remain is refused (%s)', (subject, says, spoil) => {
    recordAndSpoil(subject, (e) => spoil(e.value));
    expect(lookup(subject, 'offline').lookupError?.message).toContain(says);
  });

  it('cached mode never takes a record from the future for fresh: it asks the cloud and replaces it', async () => {
    recordAndSpoil(QINGCLOUD, (e) => {
      e.fetchedAt = '2999-01-01T00:00:00.000Z';
      (e.value.rows as Array<{ instanceCount: number }>).forEach((r, i) => (r.instanceCount = i === 0 ? 999 : 0));
      (e.value.totals as Record<string, number>).instanceCount = 999;
    });
    await cloud().reset();
    expect(lookup(QINGCLOUD, 'cached').read()).toBe(QINGCLOUD.live);
    expect(await cloud().requests('qingcloud')).toHaveLength(1);
    const [entry] = Object.values(readRecords(ownRecord.file).records);
    expect(Date.parse(entry.fetchedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('checkRecordEntry allows a few minutes of clock difference, no more', () => {
    const now = Date.parse('2026-01-01T00:00:00.000Z');
    const value = { eips: [], totalMbps: 0, maxMbps: 0, totalCount: 0 };
    const at = (ms: number) =>
      checkRecordEntry('ucloud:DescribeBandwidthUsage {}', { kind: 'ucloud:DescribeBandwidthUsage', fetchedAt: new Date(now + ms).toISOString(), value }, now);
    expect(at(4 * 60_000).invalid).toBeUndefined();
    expect(at(6 * 60_000).invalid).toMatch(/is in the future/);
  });
});
