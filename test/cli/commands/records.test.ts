import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../../_helpers/cli';

const HOUR = 3_600_000;
const KEYS = {
  a: 'qingcloud:GetProjectResourceStat {"account":"0a1b2c3d4e5f","projectId":"pj-a"}',
  b: 'qingcloud:GetProjectResourceStat {"account":"0a1b2c3d4e5f","projectId":"pj-b"}',
  u: 'ucloud:DescribeBandwidthUsage {"account":"99aa88bb77cc","region":"cn-bj2"}',
};

/** Valid recorded values (records are checked against their kind's shape): empty listings. */
const ZEROS = Object.fromEntries(
  [
    'instanceCount',
    'vcpusCount',
    'memorySum',
    'volumeCount',
    'volumeSize',
    'eipCount',
    'eipBandwidth',
    'wanConnectBandwidth',
    'wanConnectCount',
    'wanCpeCount',
    'wanCpeBandwidth',
    'wanLineBandwidth',
    'wanLineCount',
    'wanVpcBandwidth',
    'wanVpcCount',
  ].map((k) => [k, 0]),
);
const QING_VALUE = { rows: [], totals: ZEROS, totalCount: 0 };
const UCLOUD_VALUE = { eips: [], totalMbps: 0, maxMbps: 0, totalCount: 0 };

describe('cdktf-headroom records', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-cli-'));
    file = path.join(dir, 'cdktf.lookups.json');
    const at = (agoMs: number): string => new Date(Date.now() - agoMs).toISOString();
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        records: {
          [KEYS.u]: { kind: 'ucloud:DescribeBandwidthUsage', cloud: 'ucloud', fetchedAt: at(3 * 86_400_000), value: UCLOUD_VALUE },
          [KEYS.b]: { kind: 'qingcloud:GetProjectResourceStat', cloud: 'qingcloud', fetchedAt: at(5 * HOUR), value: QING_VALUE },
          [KEYS.a]: { kind: 'qingcloud:GetProjectResourceStat', cloud: 'qingcloud', fetchedAt: at(30_000), value: QING_VALUE },
        },
      }),
    );
  });
  const keysLeft = (): string[] => Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).records);

  /** Makes two records invalid: #2's totals do not add up, #3 was fetched in the future. */
  const invalidate = (): void => {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    json.records[KEYS.b].value = { ...QING_VALUE, totalCount: 25 };
    json.records[KEYS.u].fetchedAt = '2999-01-01T00:00:00.000Z';
    fs.writeFileSync(file, JSON.stringify(json));
  };

  it.each<[string, () => void, string[]]>([
    [
      'the records: index, cloud, age and key, sorted by key',
      () => undefined,
      ['#  cloud      age  key', `1  qingcloud  30s  ${KEYS.a}`, `2  qingcloud  5h   ${KEYS.b}`, `3  ucloud     3d   ${KEYS.u}`],
    ],
    [
      'an invalid record as INVALID, with what is wrong with it (it is never used)',
      invalidate,
      [
        '#  cloud      age      key',
        `1  qingcloud  30s      ${KEYS.a}`,
        `2  qingcloud  INVALID  ${KEYS.b}`,
        `3  ucloud     INVALID  ${KEYS.u}`,
        '#2 is invalid and is never used: value.totalCount is 25; expected the number of rows (0)',
        '#3 is invalid and is never used: fetchedAt 2999-01-01T00:00:00.000Z is in the future; a record cannot have been fetched after now',
        'Reset invalid records (`records reset INDEX`) and synthesize in live mode to record them again.',
      ],
    ],
  ])('lists %s', async (_what, edit, lines) => {
    edit();
    const run = await cli('records', 'list', '--file', file);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([`${file}: 3 records`, ...lines, '']);
  });

  it('lists an invalid record in JSON as not valid, with its problem', async () => {
    invalidate();
    const listed = JSON.parse((await cli('records', 'list', '--json', '--file', file)).out);
    expect(listed.records.map((r: { valid: boolean; problem?: string }) => [r.valid, r.problem])).toEqual([
      [true, undefined],
      [false, 'value.totalCount is 25; expected the number of rows (0)'],
      [false, 'fetchedAt 2999-01-01T00:00:00.000Z is in the future; a record cannot have been fetched after now'],
    ]);
  });

  it('lists as JSON', async () => {
    const run = await cli('records', 'list', '--json', '--file', file);
    const json = JSON.parse(run.out);
    expect(json.file).toBe(file);
    expect(json.records.map((r: { index: number; cloud: string; key: string }) => [r.index, r.cloud, r.key])).toEqual([
      [1, 'qingcloud', KEYS.a],
      [2, 'qingcloud', KEYS.b],
      [3, 'ucloud', KEYS.u],
    ]);
    expect(json.records[1].ageSeconds).toBeGreaterThanOrEqual(5 * 3600);
  });

  it('finds the file the way synth does: cdktf.json context in --dir', async () => {
    fs.mkdirSync(path.join(dir, 'state'));
    fs.renameSync(file, path.join(dir, 'state', 'lookups.json'));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ app: 'node main.js', context: { 'headroom:lookupRecordFile': 'state/lookups.json' } }));
    const saved = process.env.HEADROOM_LOOKUP_RECORD_FILE;
    delete process.env.HEADROOM_LOOKUP_RECORD_FILE;
    try {
      const run = await cli('records', 'list', '--dir', dir);
      expect(run.out).toContain(`${path.join(dir, 'state', 'lookups.json')}: 3 records`);
    } finally {
      process.env.HEADROOM_LOOKUP_RECORD_FILE = saved;
    }
  });

  it('says when there is no file', async () => {
    const run = await cli('records', 'list', '--file', path.join(dir, 'none.json'));
    expect(run.code).toBe(0);
    expect(run.out).toBe(`${path.join(dir, 'none.json')}: no records (no file)\n`);
  });

  it('resets one record by key', async () => {
    const run = await cli('records', 'reset', KEYS.b, '--file', file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`reset 1 record in ${file}:\n  ${KEYS.b}\n`);
    expect(keysLeft()).toEqual([KEYS.a, KEYS.u]);
  });

  it('resets by index, as list numbers them', async () => {
    const run = await cli('records', 'reset', '3', '--file', file);
    expect(run.code).toBe(0);
    expect(keysLeft()).toEqual([KEYS.a, KEYS.b]);
  });

  it('resets by glob', async () => {
    const run = await cli('records', 'reset', 'qingcloud:*', '--file', file);
    expect(run.out).toBe(`reset 2 records in ${file}:\n  ${KEYS.a}\n  ${KEYS.b}\n`);
    expect(keysLeft()).toEqual([KEYS.u]);
  });

  it('resets several selectors at once, and nothing when one matches nothing', async () => {
    const miss = await cli('records', 'reset', '1', '*pj-zzz*', '--file', file);
    expect(miss.code).toBe(1);
    expect(miss.err).toContain('no record matches "*pj-zzz*"');
    expect(miss.err).toContain('nothing was reset');
    expect(keysLeft()).toHaveLength(3);
    const both = await cli('records', 'reset', '1', '*cn-bj2*', '--file', file);
    expect(both.code).toBe(0);
    expect(keysLeft()).toEqual([KEYS.b]);
  });

  it('clears every record', async () => {
    const run = await cli('records', 'clear', '--file', file);
    expect(run.code).toBe(0);
    expect(run.out).toBe(`cleared ${file}: deleted 3 records\n`);
    expect(fs.existsSync(file)).toBe(false);
    expect((await cli('records', 'clear', '--file', file)).out).toBe(`${file}: no record file; nothing to clear\n`);
  });

  it('refuses to list or reset a file that is not a valid record, and leaves it; clear deletes it', async () => {
    fs.writeFileSync(file, '{"version": 1, "records": {');
    const list = await cli('records', 'list', '--file', file);
    expect(list.code).toBe(2);
    expect(list.err).toMatch(/^cdktf-headroom records: The lookup record .+ is not valid JSON/);
    const reset = await cli('records', 'reset', '1', '--file', file);
    expect(reset.code).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version": 1, "records": {');
    const clear = await cli('records', 'clear', '--file', file);
    expect(clear.out).toBe(`cleared ${file}: deleted a file that was not a valid record\n`);
    expect(fs.existsSync(file)).toBe(false);
  });

  it.each<[string[], RegExp]>([
    [[], /records needs a subcommand: list, history, reset, clear, copy, init, reservations; got none/],
    [['purge'], /records needs a subcommand: list, history, reset, clear, copy, init, reservations; got "purge"/],
    [['reset'], /records reset needs at least one KEY, INDEX/],
    [['list', 'extra'], /records list takes no arguments besides flags; got "extra"/],
    [
      ['list', '--force'],
      /unexpected argument "--force"; allowed: --file FILE, --url URL, --dir DIR, --json, --from FILE\|URL, --to FILE\|URL, --release RUN$/m,
    ],
  ])('explains a bad command line: %p', async (args, message) => {
    const run = await cli('records', ...args, '--file', file);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(keysLeft()).toHaveLength(3);
  });
});
