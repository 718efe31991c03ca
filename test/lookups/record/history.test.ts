// A lookup's history in the record file: every live answer is a point (key, fetched at, the
// value), synths at injected times (HEADROOM_TEST_NOW) build it without sleeping, offline and
// cached synths and failures add nothing, the file keeps it within its bounds (oldest
// dropped first), and concurrent writers and a writer killed with SIGKILL lose no point.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { LookupRecord } from '../../../src/lookups/record/entry';
import { LookupRecordFile, MAX_RECORD_FILE_BYTES } from '../../../src/lookups/record/file';
import { DEFAULT_HISTORY_LIMITS } from '../../../src/lookups/record/history';
import { declareLookupKinds } from '../../../src/lookups/kind-table';
import { LOOKUP_KINDS } from '../../../src/registry/all-kinds';
import { FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { cli } from '../../_helpers/cli';
import { iso, serveInstances as serveInstancesOn, synthAt } from '../../_helpers/history';

declareLookupKinds(LOOKUP_KINDS);

const ROOT = path.join(__dirname, '..', '..', '..');
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-history-')), 'cdktf.lookups.json');
}

/** A record of the test kind `k` (the entry check knows no such kind: only for the file's own bounds). */
const point = (key: string, fetchedAt: string, value: unknown): LookupRecord => ({ key, kind: key.split(' ')[0], cloud: key.split(':')[0], fetchedAt, value });

describe('the history of a lookup, in the record file', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));

  let file: string;
  beforeEach(() => {
    file = tempFile();
    process.env.HEADROOM_LOOKUP_RECORD_FILE = file;
    delete process.env.HEADROOM_LOOKUP_MODE;
  });
  afterEach(() => {
    delete process.env.HEADROOM_TEST_NOW;
    delete process.env.HEADROOM_LOOKUP_MODE;
  });

  const serveInstances = (instances: number): Promise<void> => serveInstancesOn(cloud(), instances);

  it('keeps every live answer as a point stamped with the injected time; cached, offline and failed lookups add none', async () => {
    const counts = [10, 12, 15];
    for (const [i, n] of counts.entries()) {
      await serveInstances(n);
      const stat = synthAt(T0 + i * DAY);
      expect(stat.totals.instanceCount).toBe(n);
      expect(stat.fetchedAt).toBe(iso(T0 + i * DAY));
    }
    const store = new LookupRecordFile(file);
    const [key] = [...store.read().keys()];
    const history = () => store.history(key).map((p) => [p.fetchedAt, (p.value as { totals: { instanceCount: number } }).totals.instanceCount]);
    expect(history()).toEqual([
      [iso(T0), 10],
      [iso(T0 + DAY), 12],
      [iso(T0 + 2 * DAY), 15],
    ]);

    await serveInstances(99);
    expect(synthAt(T0 + 2 * DAY + 3_600_000, 'cached').totals.instanceCount).toBe(15); // from the record
    expect(synthAt(T0 + 3 * DAY, 'offline').totals.instanceCount).toBe(15);
    await cloud().inject({ cloud: 'qingcloud', badBody: 20 });
    const failed = synthAt(T0 + 4 * DAY, 'live');
    expect(failed.lookupError).toBeDefined();
    expect(history()).toHaveLength(3);
  });

  it('records history KEY prints the points with their numbers; --json gives them as data; an unknown index says so', async () => {
    for (const [i, n] of [7, 9].entries()) {
      await serveInstances(n);
      synthAt(T0 + i * DAY).totals;
    }
    const text = await cli('records', 'history', '1', '--file', file);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toMatch(/^qingcloud:GetProjectResourceStat \{/);
    expect(lines[1]).toBe(`${file}: 2 points, ${iso(T0)} to ${iso(T0 + DAY)}`);
    expect(lines[2]).toContain(`1  ${iso(T0)}`);
    expect(lines[2]).toContain('totals.instanceCount=7');
    expect(lines[3]).toContain('totals.instanceCount=9');
    const json = await cli('records', 'history', lines[0], '--json', '--file', file);
    const parsed = JSON.parse(json.out) as { file: string; key: string; points: Array<{ fetchedAt: string; value: { totals: { instanceCount: number } } }> };
    expect(parsed.file).toBe(file);
    expect(parsed.key).toBe(lines[0]);
    expect(parsed.points.map((p) => [p.fetchedAt, p.value.totals.instanceCount])).toEqual([
      [iso(T0), 7],
      [iso(T0 + DAY), 9],
    ]);
    const missing = await cli('records', 'history', '5', '--file', file);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('"5" names no record');
  });

  it('HEADROOM_TEST_NOW that is not a time is an InputError naming the variable', async () => {
    process.env.HEADROOM_TEST_NOW = 'yesterday';
    const app = Testing.app();
    const stat = new ProjectResourceStat(new TerraformStack(app, 'stack'), 'usage', FAKE_QINGCLOUD_PROJECT);
    expect(() => stat.totals).toThrow(/HEADROOM_TEST_NOW must be an ISO 8601 time .*got "yesterday"/);
  });
});

describe('the record file bounds its history; the oldest points go first', () => {
  it('keeps at most maxPointsPerKey points per key, the newest', () => {
    const file = new LookupRecordFile(tempFile(), {}, { maxPointsPerKey: 5 });
    for (let i = 0; i < 8; i++) file.merge([point('test:k a', iso(T0 + i * DAY), { n: i })]);
    const json = JSON.parse(fs.readFileSync(file.file, 'utf8')) as { history: Record<string, Array<{ fetchedAt: string; value: { n: number } }>> };
    expect(json.history['test:k a'].map((p) => p.value.n)).toEqual([3, 4, 5, 6, 7]);
  });

  it('keeps at most maxBytesPerKey per key, and at most maxBytes in all, oldest of any key first; the file stays within its size', () => {
    // Each point is {"fetchedAt":"2026-01-05T00:00:00.000Z","value":{"pad":"xxx..."}}: 59 bytes besides the pad.
    const pad = 'x'.repeat(941); // 1000 bytes a point
    const bytes = Buffer.byteLength(JSON.stringify({ fetchedAt: iso(T0), value: { pad } }));
    expect(bytes).toBe(1000);
    const file = new LookupRecordFile(tempFile(), {}, { maxBytesPerKey: 3500, maxBytes: 5000 });
    for (let i = 0; i < 6; i++) file.merge([point('test:k a', iso(T0 + i * DAY), { pad })]);
    const history = (): Record<string, string[]> => {
      const json = JSON.parse(fs.readFileSync(file.file, 'utf8')) as { history: Record<string, Array<{ fetchedAt: string }>> };
      return Object.fromEntries(Object.entries(json.history).map(([k, ps]) => [k, ps.map((p) => p.fetchedAt)]));
    };
    // 3 points of 1000 bytes fit in 3500; the three oldest were dropped.
    expect(history()).toEqual({ 'test:k a': [iso(T0 + 3 * DAY), iso(T0 + 4 * DAY), iso(T0 + 5 * DAY)] });
    // Key b, one newer point at a time: 4000, then 5000 bytes in all (within 5000); the third makes
    // 6000, and the oldest point of any key (key a's first) goes.
    for (let i = 0; i < 3; i++) file.merge([point('test:k b', iso(T0 + (10 + i) * DAY), { pad })]);
    expect(history()).toEqual({
      'test:k a': [iso(T0 + 4 * DAY), iso(T0 + 5 * DAY)],
      'test:k b': [iso(T0 + 10 * DAY), iso(T0 + 11 * DAY), iso(T0 + 12 * DAY)],
    });
    // The defaults keep the file's history far inside the largest file a record may be.
    expect(DEFAULT_HISTORY_LIMITS.maxBytes).toBeLessThanOrEqual(MAX_RECORD_FILE_BYTES / 4);
  });

  it('one answer given twice is one point; a refused entry (invalid, or fetched in the future) is never a point', () => {
    const file = new LookupRecordFile(tempFile());
    file.merge([point('test:k a', iso(T0), { n: 1 })]);
    file.merge([point('test:k a', iso(T0), { n: 1 })]);
    file.merge([{ ...point('test:k a', iso(T0 + DAY), { n: 2 }), invalid: 'kind unknown' }]);
    file.merge([point('test:k a', iso(Date.now() + 30 * DAY), { n: 3 })]);
    file.merge([point('test:k a', 'not a time', { n: 4 })]);
    const json = JSON.parse(fs.readFileSync(file.file, 'utf8')) as { history: Record<string, Array<{ value: { n: number } }>> };
    expect(json.history['test:k a'].map((p) => p.value.n)).toEqual([1]);
  });

  it('reads a point through the entry check: a hand-edited point of the wrong shape is left out', () => {
    const f = tempFile();
    const key = 'qingcloud:GetProjectResourceStat {"x":1}';
    fs.writeFileSync(
      f,
      JSON.stringify({
        version: 1,
        records: {},
        history: {
          [key]: [
            { fetchedAt: iso(T0), value: { rows: 'no' } },
            { fetchedAt: iso(T0 + DAY), value: { rows: [], totalCount: 0, totals: {} } },
          ],
        },
      }),
    );
    // Neither value has ProjectResourceStat's shape: both are left out, and nothing throws.
    expect(new LookupRecordFile(f).history(key)).toEqual([]);
  });

  it('loses no point when processes write at once, and a writer killed with SIGKILL leaves a readable file', async () => {
    const f = tempFile();
    const writers = 4;
    const perWriter = 20;
    const script = `
      const { LookupRecordFile } = require(${JSON.stringify(path.join(ROOT, 'lib', 'lookups', 'record', 'file.js'))});
      const file = new LookupRecordFile(${JSON.stringify(f)});
      const w = Number(process.argv[1]);
      const forever = process.argv[2] === 'forever';
      for (let i = 0; forever || i < ${perWriter}; i++) {
        file.merge([{ key: 'test:write same', kind: 'test:write', cloud: 'test', fetchedAt: new Date(${T0} + (w * 1000 + i) * 60000).toISOString(), value: { w, i, pad: 'x'.repeat(500) } }]);
      }
    `;
    const run = (w: number, forever = false) =>
      spawn(process.execPath, ['-e', script, String(w), forever ? 'forever' : 'once'], { stdio: ['ignore', 'inherit', 'inherit'] });
    const doomed = spawn(process.execPath, ['-e', script.replace("'test:write same'", "'test:write doomed'"), '99', 'forever'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const codes = await Promise.all(Array.from({ length: writers }, (_, w) => new Promise<number | null>((resolve) => run(w).once('exit', resolve))));
    doomed.kill('SIGKILL');
    await new Promise((resolve) => doomed.once('exit', resolve));
    expect(codes).toEqual(Array(writers).fill(0));
    const json = JSON.parse(fs.readFileSync(f, 'utf8')) as { history: Record<string, Array<{ value: { w: number; i: number } }>> };
    const points = json.history['test:write same'].map((p) => `${p.value.w}/${p.value.i}`);
    for (let w = 0; w < writers; w++) for (let i = 0; i < perWriter; i++) expect(points).toContain(`${w}/${i}`);
    // Only the record and its leftovers-free directory: the killed writer's temporary file was never renamed in.
    const left = fs.readdirSync(path.dirname(f)).filter((n) => n !== 'cdktf.lookups.json' && !n.endsWith('.lock'));
    expect(left.every((n) => n.endsWith('.tmp'))).toBe(true);
  });
});
