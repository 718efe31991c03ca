import { inspect } from 'node:util';

const sealedValues = new WeakMap<object, unknown>();

/**
 * A value (credentials, a resolver input holding them) that `console.log`,
 * `util.inspect`, `JSON.stringify` and structured errors cannot show.
 *
 * The value is kept in a module-private `WeakMap`, not on the object: the object has no
 * enumerable data at all, so even `util.inspect(x, { showHidden: true, depth: Infinity })`
 * prints only `[hidden]`. {@link unseal} gives the value back.
 */
export interface Sealed<T> {
  /** A marker only: the sealed value is not reachable from the object. */
  readonly __sealed?: T;
}

/**
 * Seals a value so that printing or serializing the holder shows `[hidden]`.
 *
 * @example
 * const input = seal({ credentials, endpoint });
 * console.log(input); // [hidden]
 * unseal(input).credentials; // the keys
 */
export function seal<T>(value: T): Sealed<T> {
  const holder = Object.freeze(
    Object.create(null, {
      toJSON: { value: () => '[hidden]' },
      [inspect.custom]: { value: () => '[hidden]' },
      toString: { value: () => '[hidden]' },
    }) as object,
  );
  sealedValues.set(holder, value);
  return holder as Sealed<T>;
}

/** Whether `value` was made by {@link seal}. */
export function isSealed(value: unknown): value is Sealed<unknown> {
  return typeof value === 'object' && value !== null && sealedValues.has(value);
}

/** The value {@link seal} hid; a value that is not sealed is returned as it is. */
export function unseal<T>(value: Sealed<T> | T): T {
  return isSealed(value) ? (sealedValues.get(value) as T) : (value as T);
}
