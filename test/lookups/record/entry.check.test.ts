// Issue #17: checkRecordEntry on its own (a pure function with an injected clock): every
// way an entry of the record file can be wrong, the exact words, and what the checked
// entry carries. test/lookups/record/entry.test.ts runs the same checks through lookups.
import { declareLookupKinds } from '../../../src/lookups/kind-table';
import { checkRecordEntry, RECORD_FUTURE_SKEW_MS } from '../../../src/lookups/record/entry';
import { LOOKUP_KINDS } from '../../../src/registry/all-kinds';

// The table of every lookup kind, declared as the records CLI declares it: values are checked against their kind's shape.
declareLookupKinds(LOOKUP_KINDS);

const NOW = Date.parse('2026-01-01T00:00:00.000Z');
const KIND = 'ucloud:DescribeBandwidthUsage';
const KEY = `${KIND} {"region":"cn-bj2"}`;
const VALUE = { eips: [], totalMbps: 0, maxMbps: 0, totalCount: 0 };
const AT = '2025-12-31T23:00:00.000Z';
const NEEDS = 'each record needs "kind", "fetchedAt" (ISO 8601) and "value"';

const check = (raw: unknown, key = KEY) => checkRecordEntry(key, raw, NOW);

describe('checkRecordEntry', () => {
  it('passes a good entry through, naming its cloud from the kind', () => {
    expect(check({ kind: KIND, fetchedAt: AT, value: VALUE })).toEqual({ key: KEY, kind: KIND, cloud: 'ucloud', fetchedAt: AT, value: VALUE });
  });

  it("keeps the entry's own cloud when it has one", () => {
    expect(check({ kind: KIND, cloud: 'ucloud-intl', fetchedAt: AT, value: VALUE }).cloud).toBe('ucloud-intl');
    expect(check({ kind: KIND, cloud: 7, fetchedAt: AT, value: VALUE }).cloud).toBe('ucloud');
  });

  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'missing'],
    [0, '0'],
    [42, '42'],
    ['text', '"text"'],
    [true, 'true'],
    [[], '[]'],
    [[{ kind: KIND }], '[{"kind":"ucloud:DescribeBandwidthUsage"}]'],
  ])('refuses an entry that is not an object: %p', (raw, shown) => {
    const checked = check(raw);
    expect(checked).toEqual({
      key: KEY,
      kind: '',
      cloud: '',
      fetchedAt: '',
      value: undefined,
      invalid: `the entry is ${shown}, not an object with "kind", "fetchedAt" and "value"`,
    });
  });

  it.each<[unknown, string]>([
    [undefined, 'missing'],
    ['', '""'],
    [3, '3'],
  ])('refuses a kind of %p', (kind, shown) => {
    const checked = check({ kind, fetchedAt: AT, value: VALUE });
    expect(checked.invalid).toBe(`kind is ${shown}; ${NEEDS}`);
    expect(checked.kind).toBe('');
  });

  it('refuses a kind that the key does not name, and a key that only starts like it', () => {
    expect(check({ kind: 'qingcloud:GetProjectResourceStat', fetchedAt: AT, value: VALUE }).invalid).toBe(
      'kind "qingcloud:GetProjectResourceStat" does not match the key, which names "ucloud:DescribeBandwidthUsage"',
    );
    expect(check({ kind: 'ucloud:Describe', fetchedAt: AT, value: VALUE }).invalid).toBe(
      'kind "ucloud:Describe" does not match the key, which names "ucloud:DescribeBandwidthUsage"',
    );
  });

  it.each<[unknown, string]>([
    [undefined, 'missing'],
    ['', '""'],
    ['yesterday', '"yesterday"'],
    [0, '0'],
    [1767225600000, '1767225600000'],
  ])('refuses a fetchedAt of %p', (fetchedAt, shown) => {
    const checked = check({ kind: KIND, fetchedAt, value: VALUE });
    expect(checked.invalid).toBe(`fetchedAt is ${shown}; ${NEEDS}`);
    expect(checked.fetchedAt).toBe(typeof fetchedAt === 'string' ? fetchedAt : '');
  });

  it('allows a fetchedAt up to exactly the clock skew ahead, not a millisecond more', () => {
    const at = (ms: number) => new Date(NOW + ms).toISOString();
    expect(RECORD_FUTURE_SKEW_MS).toBe(5 * 60_000);
    expect(check({ kind: KIND, fetchedAt: at(5 * 60_000), value: VALUE }).invalid).toBeUndefined();
    expect(check({ kind: KIND, fetchedAt: at(5 * 60_000 + 1), value: VALUE }).invalid).toBe(
      'fetchedAt 2026-01-01T00:05:00.001Z is in the future; a record cannot have been fetched after now',
    );
  });

  it('measures the future from the clock it is given', () => {
    const raw = { kind: KIND, fetchedAt: '2026-01-01T01:00:00.000Z', value: VALUE };
    expect(checkRecordEntry(KEY, raw, NOW).invalid).toMatch(/is in the future/);
    expect(checkRecordEntry(KEY, raw, NOW + 3_600_000).invalid).toBeUndefined();
  });

  it('refuses an entry without a value, but not one whose value fails only its shape', () => {
    expect(check({ kind: KIND, fetchedAt: AT }).invalid).toBe(`it has no "value"; ${NEEDS}`);
    expect(check({ kind: KIND, fetchedAt: AT, value: undefined }).invalid).toBe('value is missing; expected an object');
  });

  it('refuses a kind this version does not know, naming it, and derives its cloud', () => {
    const checked = check({ kind: 'oracle:ListLimits', fetchedAt: AT, value: {} }, 'oracle:ListLimits {}');
    expect(checked.invalid).toBe('this version of cdktf-headroom knows no lookup kind "oracle:ListLimits"');
    expect(checked.cloud).toBe('oracle');
    expect(check({ kind: 'plain', fetchedAt: AT, value: {} }, 'plain {}').cloud).toBe('plain');
    expect(check({ kind: ':Op', fetchedAt: AT, value: {} }, ':Op {}').cloud).toBe('');
  });

  it("refuses a value that does not have its kind's shape, saying where, and keeps the entry as it was", () => {
    const value = { ...VALUE, totalCount: 'none' };
    const checked = check({ kind: KIND, fetchedAt: AT, value });
    expect(checked).toEqual({ key: KEY, kind: KIND, cloud: 'ucloud', fetchedAt: AT, value, invalid: expect.any(String) });
    // The decoder's wording of what is expected is its own (test/core/decode*.test.ts).
    expect(checked.invalid).toMatch(/^value\.totalCount is "none"; expected /);
    expect(check({ kind: KIND, fetchedAt: AT, value: null }).invalid).toBe('value is null; expected an object');
  });

  it('does not disguise a fault that is not about the entry as a bad entry', () => {
    const value = {
      ...VALUE,
      get eips(): never {
        throw new RangeError('not a decode error');
      },
    };
    expect(() => check({ kind: KIND, fetchedAt: AT, value })).toThrow(RangeError);
  });
});
