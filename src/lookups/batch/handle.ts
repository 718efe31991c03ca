// A construct's claim on one looked-up value: registered with the app's lookup engine,
// settled when the app's pending batch is resolved (on the first read of any value).
import { deserializeError } from '../../core/errors';
import { identityOfKey } from '../key';
import { LookupMode, LookupSettings } from '../settings';
import { LookupProvenance, lookupProvenance } from './provenance';
import { LookupOutcome } from '../request';

/**
 * One registration of a lookup, with the mode it runs in. Several claims can share one
 * query (same key); each gets its own outcome, since modes may differ.
 * @internal
 */
export interface LookupClaim extends LookupSettings {
  outcome?: LookupOutcome;
  fromRecord?: boolean;
}

/**
 * What settles a claim: the app's lookup engine, which resolves every pending lookup of
 * the app when one outcome is first asked for.
 * @internal
 */
export interface ClaimSettler {
  /** The outcome of one registration, resolving the pending batch first if needed. */
  outcomeOf(claim: LookupClaim): LookupOutcome;
}

/**
 * A construct's claim on one looked-up value. Reading `value` resolves the app's
 * pending batch on first use; a failed lookup throws its typed error, prefixed with the
 * construct path, on every read.
 */
export class LookupHandle<T> {
  /** While {@link LookupHandle.readAt} runs: the answer the value reads as. */
  private replayed?: { readonly value: unknown; readonly fetchedAt: string };

  constructor(
    private readonly engine: ClaimSettler,
    /** The query's stable key. */
    public readonly key: string,
    private readonly kind: string,
    private readonly path: string,
    private readonly claim: LookupClaim,
  ) {}

  /** The mode this lookup runs in. */
  get mode(): LookupMode {
    return this.claim.mode;
  }

  /** The looked-up value. @throws the lookup's error when it failed. */
  get value(): T {
    if (this.replayed) return this.replayed.value as T;
    const outcome = this.engine.outcomeOf(this.claim);
    if (outcome.ok) return outcome.value as T;
    throw deserializeError(outcome.error, `${this.path}: lookup ${this.kind} failed: `);
  }

  /** When the value was fetched (ISO 8601); for a value read from the record, when it was recorded. @throws the lookup's error when it failed. */
  get fetchedAt(): string {
    if (this.replayed) return this.replayed.fetchedAt;
    const outcome = this.engine.outcomeOf(this.claim);
    if (outcome.ok) return outcome.fetchedAt;
    return this.value as never;
  }

  /** Whether the value came from the lookup record rather than the cloud (resolves first). */
  get fromRecord(): boolean {
    this.engine.outcomeOf(this.claim);
    return this.claim.fromRecord === true;
  }

  /**
   * Where the value came from, for reports: cloud, API, query, mode, cloud or record,
   * fetched at (resolves first; never throws, also for a failed lookup).
   */
  get provenance(): LookupProvenance {
    const outcome = this.engine.outcomeOf(this.claim);
    const identity = identityOfKey(this.key)?.identity ?? {};
    return lookupProvenance(this.kind, identity, this.claim.mode, {
      ok: outcome.ok,
      fetchedAt: outcome.ok ? outcome.fetchedAt : undefined,
      fromRecord: this.claim.fromRecord === true,
    });
  }

  /**
   * Runs `read` while this lookup's value (and fetch time) read as a past answer's, then
   * puts them back: a runway rule reads a headroom at each point of the lookup's history
   * with the stack's own getters. Synth is single-threaded, so nothing else reads meanwhile.
   * @internal
   */
  readAt<R>(answer: { readonly value: unknown; readonly fetchedAt: string }, read: () => R): R {
    const before = this.replayed;
    this.replayed = answer;
    try {
      return read();
    } finally {
      this.replayed = before;
    }
  }

  /** The error of a failed lookup, or undefined when it succeeded (resolves first). */
  get error(): Error | undefined {
    try {
      void this.value;
      return undefined;
    } catch (err) {
      return err as Error;
    }
  }
}
