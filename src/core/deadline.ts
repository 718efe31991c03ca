import { AsyncLocalStorage } from 'node:async_hooks';
import { Clock } from './clock';

/**
 * The point in time by which one operation (a lookup: every page, every attempt) must be
 * done. Every wait of the transport (a free slot, an attempt, a backoff sleep) is
 * bounded by what is left of it.
 */
export class Deadline {
  constructor(
    /** When it passes, in the clock's milliseconds. */
    public readonly atMs: number,
    /** The budget it was made with, for messages. */
    public readonly budgetMs: number,
    private readonly clock: Clock,
  ) {}

  /** Milliseconds left (0 once passed). */
  remainingMs(): number {
    return Math.max(0, this.atMs - this.clock.now());
  }
}

const current = new AsyncLocalStorage<Deadline>();

/** The deadline in force for the running operation, if any. */
export function currentDeadline(): Deadline | undefined {
  return current.getStore();
}

/**
 * Runs `fn` under a deadline of `budgetMs` from now, unless one is already in force (an
 * outer operation's deadline bounds everything it calls).
 */
export function withDeadline<T>(budgetMs: number, clock: Clock, fn: () => Promise<T>): Promise<T> {
  if (current.getStore()) return fn();
  return current.run(new Deadline(clock.now() + budgetMs, budgetMs, clock), fn);
}
