// The record file read as bytes: the scan that locates its parts must accept exactly the
// texts JSON.parse accepts and find the same members; a history point's size is counted
// as JSON.stringify would make it; and a merge that parses only what it keeps still refuses
// a file that is not JSON anywhere, and still checks every entry it keeps or uses.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LookupRecordFile } from '../../../src/lookups/record/file';
import { LookupRecord } from '../../../src/lookups/record/entry';
import { SCAN_FROM_BYTES } from '../../../src/lookups/record/file-contents';
import { JsonScan, JsonSpan, scanJson } from '../../../src/lookups/record/file-scan';
import { jsonBytesUpTo } from '../../../src/lookups/record/history';
import { declareLookupKinds } from '../../../src/lookups/kind-table';
import { LOOKUP_KINDS } from '../../../src/registry/all-kinds';

declareLookupKinds(LOOKUP_KINDS);

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-scan-')), 'cdktf.lookups.json');
}

const parseSpan = (bytes: Buffer, span: JsonSpan): unknown => JSON.parse(bytes.toString('utf8', span.start, span.end));

/** Scans `text` fed in chunks of `size` bytes. */
function scanInChunks(text: string, size: number): JsonSpan | undefined {
  const bytes = Buffer.from(text, 'utf8');
  const scan = new JsonScan(3);
  for (let at = 0; at < bytes.length; at += size) if (!scan.feed(bytes.subarray(at, at + size))) return undefined;
  return scan.end();
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const VALID = [
  '{}',
  '[]',
  ' \n\t\r{ "a" : [ 1 , -2.5e+3 , 0 , -0 , 1E2 , 0.5 , true , false , null , "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9" ] } \n',
  '{"a":1,"a":2,"b":{"a":{"c":[{"d":{}}]}}}',
  '"just a string"',
  '12',
  '{"é ü":"ünïcödé ✓ 😀","__proto__":{"x":1}}',
  '{"records":{"k \\"q\\"":{"kind":"a","fetchedAt":"t","value":{"rows":[{"a":1},{"a":2}]}}}}',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
];
const INVALID = [
  '',
  ' ',
  '{',
  '{"a":1,}',
  '[1,]',
  '[1 2]',
  '{"a" 1}',
  '{a:1}',
  "{'a':1}",
  '[01]',
  '[1.]',
  '[.5]',
  '[1e]',
  '[-]',
  '[+1]',
  '[tru]',
  '[nul]',
  '[NaN]',
  '["\\x"]',
  '["\\u12G4"]',
  '["a\tb"]',
  '["unterminated]',
  '{} {}',
  '{}x',
  '\ufeff{}',
  '/* c */ {}',
  '{"records":{"k":{"kind":"a","value":{"rows":[{"a":1},{"a":2},]}}}}',
];

describe('scanJson', () => {
  it('accepts exactly the texts JSON.parse accepts', () => {
    for (const text of [...VALID, ...INVALID]) {
      expect([text, scanJson(Buffer.from(text, 'utf8'), 3) !== undefined]).toEqual([text, parses(text)]);
    }
    // Fed in chunks of any size (a token cut anywhere), the same judgement and the same places.
    for (const text of [...VALID, ...INVALID]) {
      const whole = JSON.stringify(scanJson(Buffer.from(text, 'utf8'), 3), (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
      for (const size of [1, 2, 3, 5, 8]) {
        const chunked = JSON.stringify(scanInChunks(text, size), (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
        expect([text, size, chunked]).toEqual([text, size, whole]);
      }
    }
    // And every cut of a valid record is judged as JSON.parse judges it.
    const record = VALID[7];
    for (let i = 0; i < record.length; i++) {
      const text = record.slice(0, i) + record.slice(i + 1);
      expect([text, scanJson(Buffer.from(text, 'utf8'), 3) !== undefined]).toEqual([text, parses(text)]);
    }
  });

  it('finds the members JSON.parse gives, a repeated key with its last value, down to the levels asked for', () => {
    const text = '{"version":1,"records":{"k \\"q\\"":{"kind":"a","fetchedAt":"t1","fetchedAt":"t2","value":{"rows":[{"a":1}]}},"é":[]},"x":null}';
    const bytes = Buffer.from(text, 'utf8');
    const top = scanJson(bytes, 3)!;
    const parsed = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
    expect([...top.members!.keys()]).toEqual(Object.keys(parsed));
    for (const [k, span] of top.members!) expect(parseSpan(bytes, span)).toEqual(parsed[k]);
    const records = top.members!.get('records')!;
    expect([...records.members!.keys()]).toEqual(Object.keys(parsed.records));
    const entry = records.members!.get('k "q"')!;
    expect([...entry.members!.keys()]).toEqual(['kind', 'fetchedAt', 'value']);
    expect(parseSpan(bytes, entry.members!.get('fetchedAt')!)).toBe('t2');
    // The entry's value is a fourth level: located, not broken down.
    expect(entry.members!.get('value')!.members).toBeUndefined();
  });
});

describe('jsonBytesUpTo', () => {
  it('counts the bytes of JSON.stringify, and stops past the cap', () => {
    const values: unknown[] = [
      { fetchedAt: '2026-01-05T00:00:00.000Z', value: { rows: [{ a: 1, b: 'x', c: null, d: undefined, e: true }], n: -0.5 } },
      ['é', 'a"b', 'back\\slash', '\u0001', '😀', '\ud800', undefined, () => 1, NaN, Infinity, 1e21, -0, false],
      { nested: { deeper: [[], {}, [{}]] }, date: new Date(0), s: 'x'.repeat(100) },
    ];
    for (const v of values) expect(jsonBytesUpTo(v, Infinity)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
    const big = { rows: Array.from({ length: 10_000 }, (_, i) => ({ id: `rg-${i}`, n: i })) };
    const exact = Buffer.byteLength(JSON.stringify(big), 'utf8');
    expect(jsonBytesUpTo(big, exact)).toBe(exact);
    expect(jsonBytesUpTo(big, 1000)).toBeGreaterThan(1000);
    expect(jsonBytesUpTo(big, 1000)).toBeLessThan(exact);
  });
});

describe('a merge that parses only what it keeps (a file large enough to be scanned)', () => {
  const key = 'ucloud:DescribeBandwidthUsage {"region":"cn-bj2"}';
  const value = (mbps: number) => ({ eips: [{ eipId: 'eip-a', curBandwidthMbps: mbps }], totalMbps: mbps, maxMbps: mbps, totalCount: 1 });
  const record = (k: string, fetchedAt: string, v: unknown): LookupRecord => ({ key: k, kind: k.split(' ')[0], cloud: 'ucloud', fetchedAt, value: v });
  // A big entry of many rows, older than every other: the file is past the size a merge scans from.
  const bigKey = 'ucloud:DescribeBandwidthUsage {"region":"big"}';
  const bigRows = Array.from({ length: 20_000 }, (_, i) => ({ eipId: `eip-${i}`, curBandwidthMbps: 1 }));
  const big = record(bigKey, '2024-01-01T00:00:00.000Z', { eips: bigRows, totalMbps: 20_000, maxMbps: 1, totalCount: 20_000 });
  const sizeOf = (file: LookupRecordFile): number => fs.statSync(file.file).size;

  it('refuses a file with a syntax error inside the entry it would replace, and leaves it as it was', () => {
    const file = new LookupRecordFile(tempFile());
    file.merge([record(key, '2025-01-01T00:00:00.000Z', value(1)), big]);
    expect(sizeOf(file)).toBeGreaterThan(SCAN_FROM_BYTES);
    // Rows are compact JSON, one per line: the error is deep inside the entry's value.
    const text = fs.readFileSync(file.file, 'utf8').replace('"curBandwidthMbps":1', '"curBandwidthMbps":1,,');
    expect(text).toContain(',,');
    fs.writeFileSync(file.file, text);
    expect(() => file.merge([record(key, '2025-01-02T00:00:00.000Z', value(2))])).toThrow(/is not valid JSON \(.+\)\. It was left as it is\./);
    expect(fs.readFileSync(file.file, 'utf8')).toBe(text);
  });

  it('replaces an older entry, keeps a newer valid one, replaces a newer tampered one, and writes back the others as they were', () => {
    const other = 'ucloud:DescribeBandwidthUsage {"region":"cn-sh2"}';
    const file = new LookupRecordFile(tempFile());
    file.merge([record(key, '2025-01-03T00:00:00.000Z', value(3)), record(other, '2025-01-01T00:00:00.000Z', value(7)), big]);
    expect(sizeOf(file)).toBeGreaterThan(SCAN_FROM_BYTES);
    // A slower synth's older answer does not replace the newer one.
    file.merge([record(key, '2025-01-02T00:00:00.000Z', value(2))]);
    expect(file.read().get(key)!.value).toEqual(value(3));
    // A newer entry whose total was edited (valid JSON, wrong figures) is refused, so an older answer replaces it.
    const tampered = JSON.parse(fs.readFileSync(file.file, 'utf8')) as { records: Record<string, { value: { totalMbps: number } }> };
    tampered.records[key].value.totalMbps = 300;
    fs.writeFileSync(file.file, JSON.stringify(tampered, null, 1));
    expect(sizeOf(file)).toBeGreaterThan(SCAN_FROM_BYTES);
    expect(file.read().get(key)!.invalid).toMatch(/totalMbps/);
    file.merge([record(key, '2025-01-02T00:00:00.000Z', value(2))]);
    const after = file.read();
    expect(after.get(key)).toEqual({ ...record(key, '2025-01-02T00:00:00.000Z', value(2)) });
    expect(after.get(other)).toEqual(record(other, '2025-01-01T00:00:00.000Z', value(7)));
    // An invalid entry no answer replaces is kept, as it was, and still refused.
    const hand = JSON.parse(fs.readFileSync(file.file, 'utf8')) as { records: Record<string, unknown> };
    hand.records['ucloud:DescribeBandwidthUsage {"region":"hand"}'] = {
      kind: 'ucloud:DescribeBandwidthUsage',
      fetchedAt: '2025-01-01T00:00:00.000Z',
      value: { eips: 'none' },
    };
    fs.writeFileSync(file.file, JSON.stringify(hand, null, 1));
    file.merge([record(key, '2025-01-04T00:00:00.000Z', value(4))]);
    const kept = file.read().get('ucloud:DescribeBandwidthUsage {"region":"hand"}')!;
    expect(kept.value).toEqual({ eips: 'none' });
    expect(kept.invalid).toBeDefined();
    expect(file.read().get(key)!.value).toEqual(value(4));
    // The big entry, kept through every merge, is as it was and still valid.
    expect(file.read().get(bigKey)).toEqual(big);
  });
});
