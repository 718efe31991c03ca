import { Lazy } from 'cdktf';
import { InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { thrownBy } from '../_helpers/rejection';

/** A stand-in for a lookup construct whose lookup failed (the real ones are tested in gate.test.ts). */
const failed = (message: string) => ({ lookupError: new Error(message) });
const ok = { lookupError: undefined };

describe('Headroom', () => {
  it('gives used, limit, available and utilization as plain numbers', () => {
    const h = Headroom.of({ used: 42, limit: 50 });
    expect([h.used, h.limit, h.available, h.utilization]).toEqual([42, 50, 8, 0.84]);
    expect(h.fits(8)).toBe(true);
    expect(h.fits(9)).toBe(false);
  });

  it('is recognised by Headroom.isHeadroom, also from another copy of the library; other objects are not', () => {
    let OtherHeadroom: typeof Headroom | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      OtherHeadroom = (require('../../src/policy/headroom') as typeof import('../../src/policy/headroom')).Headroom;
    });
    expect(OtherHeadroom).not.toBe(Headroom);
    expect(Headroom.isHeadroom(Headroom.of({ used: 1, limit: 2 }))).toBe(true);
    expect(Headroom.isHeadroom(OtherHeadroom!.of({ used: 1, limit: 2 }))).toBe(true);
    expect(OtherHeadroom!.isHeadroom(Headroom.of({ used: 1, limit: 2 }))).toBe(true);
    for (const x of [{ used: 1, limit: 2 }, { name: 'h', usedInput: 1, limitInput: 2, sources: [] }, null, undefined, 'headroom', 42]) {
      expect(Headroom.isHeadroom(x)).toBe(false);
    }
    expect(Object.getOwnPropertySymbols({ ...Headroom.of({ used: 1, limit: 2 }) })).toEqual([]); // the brand is not enumerable: a spread copy is not a Headroom
  });

  it('never gives a negative available, and a utilization above 1 when over the quota', () => {
    const h = Headroom.of({ used: 55, limit: 50 });
    expect(h.available).toBe(0);
    expect(h.utilization).toBe(1.1);
    expect(h.fits(0)).toBe(true);
    expect(h.fits(1)).toBe(false);
  });

  it('counts a zero limit as full', () => {
    expect(Headroom.of({ used: 0, limit: 0 }).utilization).toBe(1);
    expect(Headroom.of({ used: 3, limit: 0 }).utilization).toBe(Number.POSITIVE_INFINITY);
    expect(Headroom.of({ used: 0, limit: 0 }).available).toBe(0);
  });

  it('reads functions each time a value is asked for', () => {
    let used = 10;
    const h = Headroom.of({ used: () => used, limit: () => 12 });
    expect(h.available).toBe(2);
    used = 11;
    expect(h.available).toBe(1);
  });

  describe('rejects bad input', () => {
    const cases: Array<[string, object, string]> = [
      ['a negative used', { used: -1, limit: 5 }, 'Headroom.of(headroom): used must be a number of at least 0; got -1.'],
      ['a NaN limit', { used: 1, limit: Number.NaN }, 'Headroom.of(headroom): limit must be a finite number; got NaN.'],
      ['an infinite limit', { used: 1, limit: Number.POSITIVE_INFINITY }, 'Headroom.of(headroom): limit must be a finite number; got Infinity.'],
      [
        'a string used',
        { used: '42', limit: 5 },
        'Headroom.of(headroom): used must be a number, or a function that returns one; got "42". Pass a looked-up value such as usage.totals.instanceCount, or () => usage.totals.instanceCount.',
      ],
      [
        'a missing limit',
        { used: 1 },
        'Headroom.of(headroom): limit must be a number, or a function that returns one; got undefined. Pass a looked-up value such as usage.totals.instanceCount, or () => usage.totals.instanceCount.',
      ],
      [
        'a named headroom',
        { used: -2, limit: 5, name: 'qingcloud instances' },
        'Headroom.of(qingcloud instances): used must be a number of at least 0; got -2.',
      ],
      [
        'a source that is not a lookup',
        { used: 1, limit: 5, source: 'usage' },
        'Headroom.of(headroom): source[0] must be a lookup construct (an object with lookupError), such as a ProjectResourceStat; got "string".',
      ],
    ];
    it.each(cases)('%s', (_name, props, message) => {
      const err = thrownBy(() => Headroom.of(props as never));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(message);
    });

    it('rejects a Terraform token, which has no value at synth', () => {
      const err = thrownBy(() => Headroom.of({ used: Lazy.numberValue({ produce: () => 3 }), limit: 5 }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('used must be a plain number known at synth time');
    });

    it('checks what a function returns when it is read', () => {
      const h = Headroom.of({ used: () => -3, limit: 5, name: 'vcpus' });
      const err = thrownBy(() => h.available);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe('Headroom(vcpus): used must be a number of at least 0; got -3.');
    });
  });

  describe('with lookup sources', () => {
    it('reads normally when the lookups succeeded', () => {
      expect(Headroom.of({ used: 1, limit: 5, source: [ok, ok] }).available).toBe(4);
    });

    it("throws the failed lookup's own error on every read", () => {
      const source = failed('lookup qingcloud:GetProjectResourceStat failed: ret_code 2100');
      const h = Headroom.of({ used: 1, limit: 5, source: [ok, source] });
      expect(thrownBy(() => h.available)).toBe(source.lookupError);
      expect(thrownBy(() => h.used)).toBe(source.lookupError);
    });

    it('availableOr gives the fallback when a lookup failed, the real value otherwise', () => {
      expect(Headroom.of({ used: 1, limit: 5, source: failed('x') }).availableOr(0)).toBe(0);
      expect(
        Headroom.of({
          used: () => {
            throw new Error('no value');
          },
          limit: 5,
        }).availableOr(0),
      ).toBe(0);
      expect(Headroom.of({ used: 1, limit: 5, source: ok }).availableOr(0)).toBe(4);
    });
  });
});
