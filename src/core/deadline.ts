import { ContextSlot } from './async-context';
import { Clock } from './clock';

/**
 * The point in time by which one operation (a lookup: every page, every attempt) must be
 * done. It starts when the operation's first request gets a slot to its endpoint (time in
 * the queue behind other lookups before that is not the lookup's own: each lookup ahead of
 * it is bounded by its deadline, so the queue drains); from then on every wait of the
 * transport (a free slot, an attempt, a backoff sleep) is bounded by what is left of it.
 */
export class Deadline {
  private atMs?: number;

  constructor(
    /** The budget, for messages. */
    public readonly budgetMs: number,
    private readonly clock: Clock,
  ) {}

  /** Whether the clock is running (the first request got its slot). */
  get started(): boolean {
    return this.atMs !== undefined;
  }

  /** Starts the clock, if it is not running yet. */
  start(): void {
    this.atMs ??= this.clock.now() + this.budgetMs;
  }

  /** Milliseconds left (0 once passed; the whole budget before the start). */
  remainingMs(): number {
    return this.atMs === undefined ? this.budgetMs : Math.max(0, this.atMs - this.clock.now());
  }
}

const current = new ContextSlot<Deadline>('deadline');

/** The deadline in force for the running operation, if any. */
export function currentDeadline(): Deadline | undefined {
  return current.get();
}

/**
 * Runs `fn` under a deadline of `budgetMs` from now, unless one is already in force (an
 * outer operation's deadline bounds everything it calls).
 */
export function withDeadline<T>(budgetMs: number, clock: Clock, fn: () => Promise<T>): Promise<T> {
  if (current.get()) return fn();
  return current.run(new Deadline(budgetMs, clock), fn);
}
