import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LookupRecordError } from '../../../src/core/errors';
import { LookupRecordFile } from '../../../src/lookups/record/file';
import { LookupRecord } from '../../../src/lookups/record/entry';
import { selectRecordKeys } from '../../../src/lookups/record/select-keys';
import { declareLookupKinds } from '../../../src/lookups/kind-table';
import { LOOKUP_KINDS } from '../../../src/registry/all-kinds';
import { thrownBy } from '../../_helpers/rejection';

// The table of every lookup kind, declared as the records CLI declares it: entries are checked against their kind's shape.
declareLookupKinds(LOOKUP_KINDS);

const ROOT = path.join(__dirname, '..', '..', '..');

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-record-'));
  return path.join(dir, 'cdktf.lookups.json');
}

const record = (key: string, fetchedAt: string, value: unknown = { n: 1 }): LookupRecord => ({
  key,
  kind: key.split(' ')[0],
  cloud: key.split(':')[0],
  fetchedAt,
  value,
});

describe('LookupRecordFile', () => {
  it('writes a versioned JSON file with one entry per key, rows one per line', () => {
    const file = new LookupRecordFile(tempFile());
    file.merge([
      record('qingcloud:GetProjectResourceStat {"projectId":"pj-b"}', '2025-01-02T03:04:05.000Z', { rows: [{ id: 'a' }, { id: 'b' }], totalCount: 2 }),
      record('qingcloud:GetProjectResourceStat {"projectId":"pj-a"}', '2025-01-01T00:00:00.000Z'),
    ]);
    const text = fs.readFileSync(file.file, 'utf8');
    const json = JSON.parse(text);
    expect(json.version).toBe(1);
    expect(Object.keys(json.records)).toEqual([
      'qingcloud:GetProjectResourceStat {"projectId":"pj-a"}',
      'qingcloud:GetProjectResourceStat {"projectId":"pj-b"}',
    ]);
    expect(json.records['qingcloud:GetProjectResourceStat {"projectId":"pj-b"}']).toEqual({
      kind: 'qingcloud:GetProjectResourceStat',
      cloud: 'qingcloud',
      fetchedAt: '2025-01-02T03:04:05.000Z',
      value: { rows: [{ id: 'a' }, { id: 'b' }], totalCount: 2 },
    });
    expect(text).toContain('\n          {"id":"a"},\n          {"id":"b"}\n');
    expect(file.list().map((r) => r.key)).toEqual(Object.keys(json.records));
  });

  it('keeps, for each key, the record fetched last', () => {
    // A kind this library knows and a valid value: an invalid entry is always replaced.
    const key = 'ucloud:DescribeBandwidthUsage {"region":"cn-bj2"}';
    const value = (mbps: number) => ({ eips: [{ eipId: 'eip-a', curBandwidthMbps: mbps }], totalMbps: mbps, maxMbps: mbps, totalCount: 1 });
    const file = new LookupRecordFile(tempFile());
    file.merge([record(key, '2025-01-02T00:00:00.000Z', value(2))]);
    file.merge([record(key, '2025-01-01T00:00:00.000Z', value(1))]); // older, from a slower synth
    expect(file.read().get(key)!.value).toEqual(value(2));
    file.merge([record(key, '2025-01-03T00:00:00.000Z', value(3))]);
    expect(file.read().get(key)!.value).toEqual(value(3));
  });

  it('replaces an invalid entry, whatever its fetchedAt says', () => {
    const file = new LookupRecordFile(tempFile());
    file.merge([record('k:x a', '2999-01-01T00:00:00.000Z', 'unknown kind, from the future')]);
    expect(file.read().get('k:x a')!.invalid).toBeDefined();
    file.merge([record('k:x a', '2025-01-01T00:00:00.000Z', 'fresh')]);
    expect(file.read().get('k:x a')!.value).toBe('fresh');
  });

  it('removes records by key and clears the file', () => {
    const file = new LookupRecordFile(tempFile());
    file.merge([record('k:x a', '2025-01-01T00:00:00.000Z'), record('k:x b', '2025-01-01T00:00:00.000Z')]);
    expect(file.remove(['k:x a', 'k:x missing']).map((r) => r.key)).toEqual(['k:x a']);
    expect([...file.read().keys()]).toEqual(['k:x b']);
    expect(file.clear()).toBe(1);
    expect(fs.existsSync(file.file)).toBe(false);
    expect(file.read().size).toBe(0);
  });

  it('creates the directory the record file is configured in', () => {
    const file = new LookupRecordFile(path.join(path.dirname(tempFile()), 'state', 'deeper', 'lookups.json'));
    file.merge([record('k:x a', '2025-01-01T00:00:00.000Z')]);
    expect([...file.read().keys()]).toEqual(['k:x a']);
    expect(fs.readdirSync(path.dirname(file.file))).toEqual(['lookups.json']);
  });

  it('reads a missing file as no records, and creates nothing until there is one to write', () => {
    const file = new LookupRecordFile(tempFile());
    expect(file.read().size).toBe(0);
    expect(file.remove(['k:x a'])).toEqual([]);
    expect(fs.readdirSync(path.dirname(file.file))).toEqual([]);
  });

  describe('refuses an unusable file, and leaves it as it is', () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        'not JSON',
        '{"version": 1, "records": {',
        /is not valid JSON \(.+\)\. It was left as it is\. Fix it by hand, or delete it with `npx cdktf-headroom records clear --file .+` and synthesize in live mode/,
      ],
      [
        'another format version',
        '{"version": 2, "records": {}}',
        /has format version 2; this version of cdktf-headroom reads version 1 only\. It was left as it is\./,
      ],
      ['no version', '{"records": {}}', /has format version nothing; this version of cdktf-headroom reads version 1 only/],
      ['an array', '[]', /is not a cdktf-headroom record: expected an object with "version" and "records"; got \[\]/],
      ['no records object', '{"version": 1, "records": []}', /has no "records" object; got \[\]/],
    ];
    it.each(cases)('%s', (_name, content, message) => {
      const file = new LookupRecordFile(tempFile());
      fs.writeFileSync(file.file, content);
      for (const act of [() => file.read(), () => file.merge([record('k:x b', '2025-01-01T00:00:00.000Z')]), () => file.remove(['k:x a'])]) {
        const err = thrownBy(act);
        expect(err).toBeInstanceOf(LookupRecordError);
        expect(err.code).toBe('HEADROOM_RECORD');
        expect(err.message).toMatch(message);
        expect(err.message).toContain(file.file);
      }
      expect(fs.readFileSync(file.file, 'utf8')).toBe(content);
      expect(fs.readdirSync(path.dirname(file.file))).toEqual(['cdktf.lookups.json']); // no temp or lock file left
    });
  });

  it('reads a malformed entry as invalid, with what is wrong with it, and leaves the file as it is', () => {
    const file = new LookupRecordFile(tempFile());
    const content = '{"version": 1, "records": {"k:x a": {"kind": "k:x", "value": 1}}}';
    fs.writeFileSync(file.file, content);
    expect(file.read().get('k:x a')?.invalid).toBe('fetchedAt is missing; each record needs "kind", "fetchedAt" (ISO 8601) and "value"');
    expect(fs.readFileSync(file.file, 'utf8')).toBe(content);
  });

  it('clears a file that is not valid JSON when asked to', () => {
    const file = new LookupRecordFile(tempFile());
    fs.writeFileSync(file.file, 'garbage');
    expect(file.clear()).toBeUndefined();
    expect(fs.existsSync(file.file)).toBe(false);
  });

  describe('lock', () => {
    it('waits for a lock held by a live process, then gives up naming the lock file', () => {
      const file = new LookupRecordFile(tempFile(), { timeoutMs: 30 });
      fs.writeFileSync(`${file.file}.lock`, `${process.pid}@${os.hostname()} someone-else`);
      const err = thrownBy(() => file.merge([record('k:x a', '2025-01-01T00:00:00.000Z')]));
      expect(err).toBeInstanceOf(LookupRecordError);
      expect(err.message).toMatch(
        /stayed locked by another synth for 30 ms \(lock file .+cdktf\.lookups\.json\.lock\)\. If no other synth is running, delete the lock file\./,
      );
      expect(fs.existsSync(file.file)).toBe(false);
      expect(fs.readFileSync(`${file.file}.lock`, 'utf8')).toBe(`${process.pid}@${os.hostname()} someone-else`);
    });

    it('takes over a lock left by a process that is gone', async () => {
      const deadPid = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['-e', '0']);
        child.once('exit', () => resolve(child.pid!));
      });
      const file = new LookupRecordFile(tempFile(), { timeoutMs: 5000 });
      fs.writeFileSync(`${file.file}.lock`, `${deadPid}@${os.hostname()} crashed`);
      file.merge([record('k:x a', '2025-01-01T00:00:00.000Z')]);
      expect([...file.read().keys()]).toEqual(['k:x a']);
      expect(fs.existsSync(`${file.file}.lock`)).toBe(false);
    });

    it('takes over a lock older than staleMs, whoever holds it', () => {
      const file = new LookupRecordFile(tempFile(), { timeoutMs: 5000, staleMs: 1000 });
      fs.writeFileSync(`${file.file}.lock`, `1@another-host old`);
      const old = new Date(Date.now() - 10_000);
      fs.utimesSync(`${file.file}.lock`, old, old);
      file.merge([record('k:x a', '2025-01-01T00:00:00.000Z')]);
      expect(file.read().size).toBe(1);
    });
  });

  it('loses no record and never shows a half-written file when processes write at once', async () => {
    const file = tempFile();
    const writers = 4;
    const perWriter = 25;
    const script = `
      const { LookupRecordFile } = require(${JSON.stringify(path.join(ROOT, 'lib', 'lookups', 'record', 'file.js'))});
      const file = new LookupRecordFile(${JSON.stringify(file)});
      const w = Number(process.argv[1]);
      for (let i = 0; i < ${perWriter}; i++) {
        file.merge([{ key: 'test:write w' + w + ' i' + i, kind: 'test:write', cloud: 'test', fetchedAt: new Date().toISOString(), value: { w, i, pad: 'x'.repeat(2000) } }]);
      }
    `;
    let reads = 0;
    const badReads: string[] = [];
    let running = true;
    const reader = (async () => {
      while (running) {
        try {
          const text = fs.readFileSync(file, 'utf8');
          reads++;
          try {
            JSON.parse(text);
          } catch (err) {
            badReads.push((err as Error).message);
          }
        } catch {
          // not written yet
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const codes = await Promise.all(
      Array.from(
        { length: writers },
        (_, w) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, ['-e', script, String(w)], { stdio: ['ignore', 'inherit', 'inherit'] });
            child.once('exit', resolve);
          }),
      ),
    );
    running = false;
    await reader;
    expect(codes).toEqual(Array(writers).fill(0));
    expect(badReads).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    const keys = [...new LookupRecordFile(file).read().keys()];
    expect(keys).toHaveLength(writers * perWriter);
    for (let w = 0; w < writers; w++) for (let i = 0; i < perWriter; i++) expect(keys).toContain(`test:write w${w} i${i}`);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['cdktf.lookups.json']);
  });
});

describe('selectRecordKeys', () => {
  const keys = [
    'huaweicloud:ListQuotasDetail {"projectId":"p1"}',
    'qingcloud:GetProjectResourceStat {"projectId":"pj-a"}',
    'qingcloud:GetProjectResourceStat {"projectId":"pj-b"}',
  ];
  it.each<[string, string[]]>([
    ['qingcloud:GetProjectResourceStat {"projectId":"pj-b"}', [keys[2]]],
    ['1', [keys[0]]],
    ['3', [keys[2]]],
    ['0', []],
    ['4', []],
    ['qingcloud:*', [keys[1], keys[2]]],
    ['*"pj-?"*', [keys[1], keys[2]]],
    ['*p1*', [keys[0]]],
    ['*', keys],
    ['qingcloud', []],
    ['*(pj-a)*', []],
  ])('%s', (selector, expected) => {
    expect(selectRecordKeys(selector, keys)).toEqual(expected);
  });
});
