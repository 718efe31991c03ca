// The cloud-agnostic decode kit (issue #17): each decoder accepts exactly the values its
// name promises and refuses the rest with a DecodeError naming the path, the value found
// and what was allowed. Literal inputs only: the expected values are written out here.
import {
  array,
  count,
  DecodeError,
  decodeAnswer,
  describeValue,
  either,
  int,
  listOrAbsent,
  literal,
  malformedAnswer,
  map,
  nonEmptyStr,
  nonNegative,
  notCloudJson,
  nullable,
  num,
  optional,
  parseJsonObject,
  shape,
  str,
} from '../../src/core/decode';
import { CloudServiceError, InputError } from '../../src/core/errors';
import { thrownOfClass } from '../_helpers/rejection';

const decodeErrorOf = (fn: () => unknown): DecodeError => thrownOfClass(DecodeError, fn);

describe('decode kit', () => {
  describe('describeValue', () => {
    it('says "missing" for undefined and JSON for anything else, null and false included', () => {
      expect(describeValue(undefined)).toBe('missing');
      expect(describeValue(null)).toBe('null');
      expect(describeValue(false)).toBe('false');
      expect(describeValue('many')).toBe('"many"');
      expect(describeValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    });

    it('keeps 60 characters whole and cuts 61 to 57 plus "..."', () => {
      const sixty = 'x'.repeat(58); // JSON adds the two quotes
      expect(describeValue(sixty)).toBe(`"${sixty}"`);
      const sixtyOne = 'y'.repeat(59);
      expect(describeValue(sixtyOne)).toBe(`"${'y'.repeat(56)}...`);
      expect(describeValue(sixtyOne)).toHaveLength(60);
    });

    it('falls back to String() for what JSON cannot write: a function, a BigInt, a cycle', () => {
      expect(describeValue(NaN)).toBe('null');
      expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
      expect(describeValue(10n)).toBe('10');
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(describeValue(cyclic)).toBe('[object Object]');
    });
  });

  describe('DecodeError', () => {
    it('is HEADROOM_CLOUD and words path, value and expectation; an empty path is "the body"', () => {
      const e = new DecodeError('data[0].x', 'a string', '3');
      expect(e.code).toBe('HEADROOM_CLOUD');
      expect(e.message).toBe('data[0].x is 3; expected a string');
      expect([e.path, e.expected, e.received]).toEqual(['data[0].x', 'a string', '3']);
      expect(new DecodeError('', 'an object', '[]').message).toBe('the body is []; expected an object');
    });
  });

  describe('scalars', () => {
    it('str takes any string, the empty one too', () => {
      expect(str('', 'p', 'wire')).toBe('');
      expect(str('a', 'p', 'wire')).toBe('a');
      expect(decodeErrorOf(() => str(1, 'p', 'wire')).message).toBe('p is 1; expected a string');
    });

    it('nonEmptyStr refuses the empty string and non-strings', () => {
      expect(nonEmptyStr('a', 'p', 'wire')).toBe('a');
      expect(decodeErrorOf(() => nonEmptyStr('', 'p', 'wire')).message).toBe('p is ""; expected a non-empty string');
      expect(decodeErrorOf(() => nonEmptyStr(7, 'p', 'wire')).message).toBe('p is 7; expected a non-empty string');
    });

    it('num takes finite numbers of any sign, not strings, NaN or Infinity', () => {
      expect(num(-1.5, 'p', 'wire')).toBe(-1.5);
      expect(num(0, 'p', 'wire')).toBe(0);
      expect(decodeErrorOf(() => num('1', 'p', 'wire')).message).toBe('p is "1"; expected a finite number');
      expect(decodeErrorOf(() => num(NaN, 'p', 'wire')).expected).toBe('a finite number');
      expect(decodeErrorOf(() => num(Infinity, 'p', 'wire')).expected).toBe('a finite number');
    });

    it('nonNegative takes 0 and floats above it; refuses -0.1, Infinity and strings', () => {
      expect(nonNegative(0, 'p', 'wire')).toBe(0);
      expect(nonNegative(2.5, 'p', 'wire')).toBe(2.5);
      expect(decodeErrorOf(() => nonNegative(-0.1, 'p', 'wire')).message).toBe('p is -0.1; expected a number, 0 or more');
      expect(decodeErrorOf(() => nonNegative(Infinity, 'p', 'wire')).received).toBe('a number out of range (beyond ±1.8e308)');
      expect(decodeErrorOf(() => nonNegative('3', 'p', 'wire')).received).toBe('"3"');
    });

    it('count takes integers from 0; refuses -1, 1.5, 2^53 and strings', () => {
      expect(count(0, 'p', 'wire')).toBe(0);
      expect(count(Number.MAX_SAFE_INTEGER, 'p', 'wire')).toBe(Number.MAX_SAFE_INTEGER);
      expect(decodeErrorOf(() => count(-1, 'p', 'wire')).message).toBe('p is -1; expected an integer, 0 or more');
      expect(decodeErrorOf(() => count(1.5, 'p', 'wire')).expected).toBe('an integer, 0 or more');
      expect(decodeErrorOf(() => count(2 ** 53, 'p', 'wire')).expected).toBe('an integer, 0 or more');
      expect(decodeErrorOf(() => count('2', 'p', 'wire')).expected).toBe('an integer, 0 or more');
    });

    it('int takes integers of any sign; refuses 1.5 and strings', () => {
      expect(int(-1, 'p', 'wire')).toBe(-1);
      expect(decodeErrorOf(() => int(1.5, 'p', 'wire')).message).toBe('p is 1.5; expected an integer');
      expect(decodeErrorOf(() => int('1', 'p', 'wire')).message).toBe('p is "1"; expected an integer');
    });

    it('literal takes only the listed words and lists them when refusing', () => {
      const d = literal('a', 'b');
      expect(d('b', 'p', 'wire')).toBe('b');
      expect(decodeErrorOf(() => d('c', 'p', 'wire')).message).toBe('p is "c"; expected one of "a", "b"');
      expect(decodeErrorOf(() => d(1, 'p', 'wire')).message).toBe('p is 1; expected one of "a", "b"');
    });
  });

  describe('combinators', () => {
    it('optional: absent is undefined, null is of the wrong type, a value goes to the inner decoder', () => {
      const d = optional(count);
      expect(d(undefined, 'p', 'wire')).toBeUndefined();
      expect(d(3, 'p', 'wire')).toBe(3);
      expect(decodeErrorOf(() => d(null, 'p', 'wire')).message).toBe('p is null; expected an integer, 0 or more');
    });

    it('nullable: absent and null are both null, a value goes to the inner decoder', () => {
      const d = nullable(str);
      expect(d(undefined, 'p', 'wire')).toBeNull();
      expect(d(null, 'p', 'wire')).toBeNull();
      expect(d('x', 'p', 'wire')).toBe('x');
      expect(decodeErrorOf(() => d(5, 'p', 'wire')).message).toBe('p is 5; expected a string');
    });

    it('array: every item decoded, the bad one named by its index; not an array is refused', () => {
      const d = array(count);
      expect(d([], 'rows', 'wire')).toEqual([]);
      expect(d([1, 2], 'rows', 'wire')).toEqual([1, 2]);
      expect(decodeErrorOf(() => d([1, 2, -3], 'rows', 'wire')).message).toBe('rows[2] is -3; expected an integer, 0 or more');
      expect(decodeErrorOf(() => d({ 0: 1, length: 1 }, 'rows', 'wire')).message).toBe('rows is {"0":1,"length":1}; expected an array');
      expect(decodeErrorOf(() => d(undefined, 'rows', 'wire')).message).toBe('rows is missing; expected an array');
    });

    it('listOrAbsent: absent is [], null and objects are refused', () => {
      const d = listOrAbsent(str);
      expect(d(undefined, 'l', 'wire')).toEqual([]);
      expect(d(['a'], 'l', 'wire')).toEqual(['a']);
      expect(decodeErrorOf(() => d(null, 'l', 'wire')).message).toBe('l is null; expected an array');
      expect(decodeErrorOf(() => d({}, 'l', 'wire')).message).toBe('l is {}; expected an array');
    });

    it('map: maps what the inner decoder read, and is told the form', () => {
      const seen: string[] = [];
      const d = map(count, (n, form) => {
        seen.push(form);
        return `${n}!`;
      });
      expect(d(4, 'p', 'plain')).toBe('4!');
      expect(seen).toEqual(['plain']);
      expect(decodeErrorOf(() => d('4', 'p', 'wire')).path).toBe('p');
    });

    it('either: the first decoder that accepts; none accepting is refused with its own words', () => {
      const d = either<string>(
        'a word or a count',
        nonEmptyStr,
        map(count, (n) => `#${n}`),
      );
      expect(d('w', 'p', 'wire')).toBe('w');
      expect(d(3, 'p', 'wire')).toBe('#3');
      expect(decodeErrorOf(() => d(-1, 'p', 'wire')).message).toBe('p is -1; expected a word or a count');
    });

    it('either: an error that is not a DecodeError is not swallowed', () => {
      const boom = new InputError('boom');
      const d = either<string>(
        'anything',
        () => {
          throw boom;
        },
        str,
      );
      expect(() => d('x', 'p', 'wire')).toThrow(boom);
    });
  });

  describe('shape', () => {
    interface Row {
      readonly groupId: string;
      readonly size?: number;
      readonly tags: string[];
    }
    const row = shape<Row>({ groupId: ['group_id', nonEmptyStr], size: ['size', optional(count)], tags: ['tags', listOrAbsent(str)] });

    it('reads wire names from the wire and public names in plain form, ignoring other keys', () => {
      expect(row({ group_id: 'g', size: 2, tags: ['t'], extra: 1 }, '', 'wire')).toEqual({ groupId: 'g', size: 2, tags: ['t'] });
      expect(row({ groupId: 'g', tags: [] }, '', 'plain')).toEqual({ groupId: 'g', tags: [] });
      expect(decodeErrorOf(() => row({ group_id: 'g' }, '', 'plain')).message).toBe('groupId is missing; expected a non-empty string');
    });

    it('leaves out a field that decoded to undefined (no key at all)', () => {
      const out = row({ group_id: 'g' }, '', 'wire');
      expect(Object.keys(out)).toEqual(['groupId', 'tags']);
    });

    it('names the field by its path: the bare name at the top, parent.name below', () => {
      expect(decodeErrorOf(() => row({ group_id: '' }, '', 'wire')).path).toBe('group_id');
      expect(decodeErrorOf(() => row({ group_id: 'g', size: -1 }, 'data[3]', 'wire')).message).toBe('data[3].size is -1; expected an integer, 0 or more');
    });

    it('reads own keys only: an inherited property is missing', () => {
      const inherited = Object.create({ group_id: 'from-prototype' }) as Record<string, unknown>;
      expect(decodeErrorOf(() => row(inherited, '', 'wire')).message).toBe('group_id is missing; expected a non-empty string');
      const d = shape<{ s?: string }>({ s: ['toString', optional(str)] });
      expect(d({}, '', 'wire')).toEqual({});
    });

    it('refuses what is not an object: null, an array, a string', () => {
      expect(decodeErrorOf(() => row(null, 'x', 'wire')).message).toBe('x is null; expected an object');
      expect(decodeErrorOf(() => row([], 'x', 'wire')).message).toBe('x is []; expected an object');
      expect(decodeErrorOf(() => row('{}', '', 'wire')).message).toBe('the body is "{}"; expected an object');
    });
  });

  describe('answers', () => {
    const ctx = { cloud: 'ucloud', describe: 'UCloud DescribeBandwidthUsage', operation: 'DescribeBandwidthUsage', status: 200 };
    const page = shape<{ total: number }>({ total: ['TotalCount', count] });

    it('decodeAnswer reads the wire form', () => {
      expect(decodeAnswer(page, { TotalCount: 2 }, ctx)).toEqual({ total: 2 });
    });

    it('decodeAnswer turns a DecodeError into a HEADROOM_CLOUD CloudServiceError naming the field, never retried', () => {
      let err: unknown;
      try {
        decodeAnswer(page, { TotalCount: 'many' }, { ...ctx, requestId: 'req-1' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CloudServiceError);
      const e = err as CloudServiceError;
      expect(e.code).toBe('HEADROOM_CLOUD');
      expect(e.field).toBe('TotalCount');
      expect(e.retryable).toBe(false);
      expect([e.cloud, e.operation, e.status, e.requestId]).toEqual(['ucloud', 'DescribeBandwidthUsage', 200, 'req-1']);
      expect(e.message).toBe(
        'UCloud DescribeBandwidthUsage: malformed answer: TotalCount is "many"; expected an integer, 0 or more (request id req-1). ' +
          'No value was taken from this answer: a missing or mistyped field is never read as 0. ' +
          "Check that the endpoint is the cloud's API; if it is, report the answer to the cloud's support with the request id.",
      );
    });

    it('decodeAnswer lets an error that is not a DecodeError through', () => {
      const boom = new InputError('boom');
      expect(() =>
        decodeAnswer(
          () => {
            throw boom;
          },
          {},
          ctx,
        ),
      ).toThrow(boom);
    });

    it('malformedAnswer without a request id says nothing of one', () => {
      const e = malformedAnswer(ctx, 'the rows do not add up');
      expect(e.message).toBe(
        'UCloud DescribeBandwidthUsage: malformed answer: the rows do not add up. No value was taken from this answer: a missing or mistyped field is never read as 0. ' +
          "Check that the endpoint is the cloud's API; if it is, report the answer to the cloud's support.",
      );
      expect(e.field).toBeUndefined();
      expect(e.requestId).toBeUndefined();
    });

    it('parseJsonObject gives objects only', () => {
      expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
      expect(parseJsonObject('[1]')).toBeUndefined();
      expect(parseJsonObject('null')).toBeUndefined();
      expect(parseJsonObject('3')).toBeUndefined();
      expect(parseJsonObject('<html>')).toBeUndefined();
    });

    describe('notCloudJson', () => {
      it('is retried at every 2xx, with "if this persists", the body cut to 80 characters and the request id', () => {
        const body = `{html>${'z'.repeat(100)}`;
        for (const status of [200, 299]) {
          const e = notCloudJson({ ...ctx, status, requestId: 'r9' }, 'UCloud', body, false, 1500);
          expect(e.retryable).toBe(true);
          expect(e.retryAfterMs).toBe(1500);
          expect(e.status).toBe(status);
          expect(e.message).toBe(
            `UCloud DescribeBandwidthUsage: HTTP ${status} with a body that is not a UCloud answer ("{html>${'z'.repeat(71)}...") (request id r9); if this persists, check the endpoint URL.`,
          );
        }
      });

      it('outside 2xx follows the status classification', () => {
        for (const status of [199, 300, 404]) {
          const e = notCloudJson({ ...ctx, status }, 'UCloud', 'oops', false);
          expect(e.retryable).toBe(false);
          expect(e.message).toBe(`UCloud DescribeBandwidthUsage: HTTP ${status} with a body that is not a UCloud answer ("oops"); check the endpoint URL.`);
        }
        expect(notCloudJson({ ...ctx, status: 503 }, 'UCloud', 'oops', true).retryable).toBe(true);
      });
    });
  });
});
