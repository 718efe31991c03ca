import { anyFramework } from '../core/framework';
import { Validator } from '../core/validate';

/**
 * A number a rule or a {@link Headroom} reads: a plain number, or a function that returns
 * one when it is needed.
 *
 * Lookup constructs give plain numbers (`usage.totals.instanceCount`), so either form
 * works. A function defers the read to synth time, so a failed lookup becomes a finding
 * of the gate (fail closed) instead of an exception where the stack is written.
 *
 * @example
 * const used: NumberInput = () => usage.totals.instanceCount;
 */
export type NumberInput = number | (() => number);

/** Bounds a {@link NumberInput} must respect. */
export interface NumberBounds {
  /**
   * Smallest value allowed.
   * @default no lower bound
   */
  readonly min?: number;
  /**
   * What to say, after what is allowed, when a value is below `min`.
   * @default nothing more
   */
  readonly fix?: string;
}

/**
 * Checks that `input` is a number or a function; a plain number is checked at once.
 * Throws an `InputError` naming `where` and `field` otherwise.
 */
export function checkNumberInput(input: unknown, where: string, field: string, bounds: NumberBounds = {}): NumberInput {
  if (typeof input === 'function') return input as () => number;
  return checkNumber(input, where, field, bounds);
}

/** Reads a {@link NumberInput} (calling it if it is a function) and checks the value. */
export function readNumber(input: NumberInput, where: string, field: string, bounds: NumberBounds = {}): number {
  return checkNumber(typeof input === 'function' ? input() : input, where, field, bounds);
}

/** Checks that `value` is a finite plain number (not a Terraform token) within `bounds`. */
export function checkNumber(value: unknown, where: string, field: string, bounds: NumberBounds = {}): number {
  const v: Validator = new Validator(where);
  if (typeof value !== 'number') {
    v.fail(
      field,
      value,
      'a number, or a function that returns one',
      'Pass a looked-up value such as usage.totals.instanceCount, or () => usage.totals.instanceCount.',
    );
  }
  if (anyFramework().module.Token.isUnresolved(value)) {
    v.fail(
      field,
      '<Terraform token>',
      'a plain number known at synth time',
      'Terraform attributes and variables are only known at apply time; gate on a value a lookup construct read.',
    );
  }
  if (!Number.isFinite(value)) v.fail(field, value, 'a finite number');
  if (bounds.min !== undefined && value < bounds.min) v.fail(field, value, `a number of at least ${bounds.min}`, bounds.fix);
  return value;
}
