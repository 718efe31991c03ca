/**
 * The error a promise rejects with; fails the test if it resolves instead.
 * Typed loosely so tests can assert on error fields directly.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The error a function throws; fails the test if it returns. */
export function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw, but it returned');
}

/**
 * The error of class `kind` a function throws: anything else it throws is thrown on (so the
 * test fails with it), and a return fails the test.
 */
export function thrownOfClass<E extends Error>(kind: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof kind) return err;
    throw err;
  }
  throw new Error(`expected a ${kind.name}, nothing was thrown`);
}
