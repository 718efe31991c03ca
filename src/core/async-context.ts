// What a lookup carries along its async calls (the app's transport settings, its activity,
// its deadline, its secrets) in one AsyncLocalStorage: Node runs every enabled storage's
// hook for every promise and callback made while it is enabled, so four storages cost four
// times what one does, on every request.
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<Readonly<Record<symbol, unknown>>>();

/**
 * One value carried along async calls, as an `AsyncLocalStorage` of its own would carry
 * it, in the one storage every slot shares.
 * @internal
 */
export class ContextSlot<T> {
  private readonly key: symbol;

  /** @param name names the slot when debugging */
  constructor(name: string) {
    this.key = Symbol(name);
  }

  /** The value in force, if any. */
  get(): T | undefined {
    return storage.getStore()?.[this.key] as T | undefined;
  }

  /** Runs `fn` with `value` in force (the other slots' values stay as they are). */
  run<R>(value: T, fn: () => R): R {
    return storage.run({ ...storage.getStore(), [this.key]: value }, fn);
  }
}
