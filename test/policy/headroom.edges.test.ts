// Edges of Headroom and of the numbers rules read: a negative limit, a zero, exactly full,
// a function that changes its mind. Each case here was a mutant of src/policy/headroom.ts
// or src/policy/number-input.ts the other tests let live (npm run mutate, docs/mutation.md).
import { Lazy } from 'cdktf';
import { InputError } from '../../src/core/errors';
import { Headroom } from '../../src/policy/headroom';
import { checkNumber, checkNumberInput, readNumber } from '../../src/policy/number-input';
import { thrownBy } from '../_helpers/rejection';

describe('Headroom edges', () => {
  it('refuses a negative limit at once, with HEADROOM_INPUT', () => {
    const err = thrownBy(() => Headroom.of({ used: 0, limit: -1 }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe('HEADROOM_INPUT');
    expect(err.message).toBe('Headroom.of(headroom): limit must be a number of at least 0; got -1.');
  });

  it('a negative limit read later throws when read, and availableOr falls back', () => {
    const h = Headroom.of({ used: 0, limit: () => -5, name: 'eips' });
    expect(thrownBy(() => h.limit).message).toBe('Headroom(eips): limit must be a number of at least 0; got -5.');
    expect(thrownBy(() => h.utilization)).toBeInstanceOf(InputError);
    expect(h.availableOr(7)).toBe(7);
  });

  it('zero is allowed for both; exactly full has nothing available and fits only 0', () => {
    const full = Headroom.of({ used: 50, limit: 50 });
    expect([full.available, full.utilization, full.fits(0), full.fits(1)]).toEqual([0, 1, true, false]);
    const empty = Headroom.of({ used: 0, limit: 50 });
    expect([empty.available, empty.utilization, empty.fits(50), empty.fits(51)]).toEqual([50, 0, true, false]);
  });

  it('a fractional quota keeps its fraction', () => {
    const h = Headroom.of({ used: 0.25, limit: 1 });
    expect([h.available, h.utilization, h.fits(0.75), h.fits(0.76)]).toEqual([0.75, 0.25, true, false]);
  });

  it('availableOr gives 0 as a real value, not the fallback', () => {
    expect(Headroom.of({ used: 5, limit: 5 }).availableOr(9)).toBe(0);
  });

  it('names itself in messages, and refuses an empty name or props that are not an object', () => {
    expect(Headroom.of({ used: 1, limit: 2 }).name).toBe('headroom');
    expect(Headroom.of({ used: 1, limit: 2, name: 'qingcloud instances' }).name).toBe('qingcloud instances');
    expect(thrownBy(() => Headroom.of({ used: 1, limit: 2, name: ' ' })).message).toBe('Headroom.of: name must be a non-empty string; got " ".');
    expect(thrownBy(() => Headroom.of(null as never)).message).toBe('Headroom.of: props must be an object such as { used: 42, limit: 50 }; got null.');
    expect(thrownBy(() => Headroom.of(42 as never)).message).toBe('Headroom.of: props must be an object such as { used: 42, limit: 50 }; got 42.');
  });

  it('keeps its sources, and names a bad one by its index', () => {
    const a = { lookupError: undefined };
    expect(Headroom.of({ used: 1, limit: 2, source: a }).sources).toEqual([a]);
    expect(Headroom.of({ used: 1, limit: 2 }).sources).toEqual([]);
    expect(thrownBy(() => Headroom.of({ used: 1, limit: 2, source: [a, null as never] })).message).toBe(
      'Headroom.of(headroom): source[1] must be a lookup construct (an object with lookupError), such as a ProjectResourceStat; got "object".',
    );
  });

  it('a failed source makes limit and utilization throw too, not only used', () => {
    const error = new Error('lookup failed');
    const h = Headroom.of({ used: 1, limit: 5, source: { lookupError: error } });
    expect(thrownBy(() => h.limit)).toBe(error);
    expect(thrownBy(() => h.utilization)).toBe(error);
  });
});

describe('number inputs edges', () => {
  it('a bound of exactly the minimum is allowed, just below is not', () => {
    expect(checkNumber(0, 'w', 'f', { min: 0 })).toBe(0);
    expect(checkNumber(-0.001, 'w', 'f')).toBe(-0.001);
    expect(thrownBy(() => checkNumber(-0.001, 'w', 'f', { min: 0 })).message).toBe('w: f must be a number of at least 0; got -0.001.');
    expect(thrownBy(() => checkNumber(2, 'w', 'f', { min: 3 })).message).toBe('w: f must be a number of at least 3; got 2.');
  });

  it('refuses infinities and Terraform tokens, naming where and what', () => {
    expect(thrownBy(() => checkNumber(Number.NEGATIVE_INFINITY, 'w', 'f')).message).toBe('w: f must be a finite number; got -Infinity.');
    expect(thrownBy(() => checkNumber(Lazy.numberValue({ produce: () => 1 }), 'w', 'f')).message).toBe(
      'w: f must be a plain number known at synth time; got "<Terraform token>". Terraform attributes and variables are only known at apply time; gate on a value a lookup construct read.',
    );
  });

  it('a function is taken unread by checkNumberInput and checked each time readNumber calls it', () => {
    let calls = 0;
    const fn = () => (calls++, calls === 1 ? 3 : -1);
    expect(checkNumberInput(fn, 'w', 'f', { min: 0 })).toBe(fn);
    expect(calls).toBe(0);
    expect(readNumber(fn, 'w', 'f', { min: 0 })).toBe(3);
    expect(thrownBy(() => readNumber(fn, 'w', 'f', { min: 0 })).message).toBe('w: f must be a number of at least 0; got -1.');
    expect(readNumber(4, 'w', 'f')).toBe(4);
  });
});
