// Issue #25: the strict reader of answers scans a long answer in one pass. Keys written
// with escapes are still compared as JSON reads them, wherever they stand in the text.
import { jsonStructureProblem, parseJsonAnswer } from '../../src/core/json-answer';

/** A page as the clouds send it: `rows` rows of 19 fields, no escapes anywhere. */
function page(rows: number, extra = ''): string {
  const row = (i: number): string => `{${Array.from({ length: 19 }, (_, f) => `"field_${f}":${f % 2 ? i * f : `"value-${i}-${f}"`}`).join(',')}${extra}}`;
  return `{"ret_code":0,"total_count":${rows},"data":[${Array.from({ length: rows }, (_, i) => row(i)).join(',')}]}`;
}

describe('jsonStructureProblem', () => {
  it('finds a key repeated with an escape (\\u0061 is a) at the end of a long answer', () => {
    const text = `${page(200).slice(0, -1)},"\\u0072et_code":1200}`;
    expect(jsonStructureProblem(text)).toEqual({ path: 'ret_code', what: expect.stringContaining('appears twice in one object') });
  });

  it('reads escaped keys between plain ones, before and after a backslash in a value', () => {
    expect(jsonStructureProblem('{"a":"x\\\\y","b":1,"\\u0062":2}')).toEqual({ path: 'b', what: expect.stringContaining('appears twice') });
    expect(jsonStructureProblem('{"\\u0061":"x","b":{"c":"\\"q\\"","d":1},"e":2}')).toBeUndefined();
    expect(jsonStructureProblem('{"\\u0061":"x","b":{"c":"\\"q\\"","d":1},"a":2}')).toEqual({ path: 'a', what: expect.stringContaining('appears twice') });
  });

  it('reads a page of 20,000 rows (about 6 MB, no escapes) in one pass', () => {
    const text = page(20_000);
    expect(text.length).toBeGreaterThan(5_000_000);
    const started = process.hrtime.bigint();
    expect(parseJsonAnswer(text).kind).toBe('object');
    // One pass takes tens of milliseconds; a search from every key to the end of the text
    // (380,000 keys x megabytes) would take minutes.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });
});
