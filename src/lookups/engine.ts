import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';
import { deserializeError, HeadroomError } from '../core/errors';
import { resolveBatchSync } from './bridge';
import { LookupOutcome, LookupRequest } from './types';

/** Counters of one app's lookup engine, for tests, benchmarks and debugging. */
export interface LookupStats {
  /** Lookups registered, duplicates included. */
  readonly registered: number;
  /** Distinct queries (after deduplication). */
  readonly distinct: number;
  /** Batches sent to the worker (one per first read after new registrations). */
  readonly batches: number;
}

interface Entry {
  readonly request: LookupRequest;
  outcome?: LookupOutcome;
}

/**
 * The lookups of one cdktf app: constructs register queries as they are created, and
 * the first read of any value resolves every pending query of the app in one
 * concurrent batch, identical queries once.
 *
 * Reached through {@link LookupEngine.of}; there is one per construct tree root.
 */
export class LookupEngine {
  private static readonly engines = new WeakMap<IConstruct, LookupEngine>();

  /** The engine of the app that `scope` belongs to. */
  static of(scope: IConstruct): LookupEngine {
    const root = scope.node.root;
    let engine = LookupEngine.engines.get(root);
    if (!engine) {
      engine = new LookupEngine();
      LookupEngine.engines.set(root, engine);
    }
    return engine;
  }

  private readonly entries = new Map<string, Entry>();
  private registered = 0;
  private batches = 0;

  private constructor() {}

  /** Registers a query; a query already known (same key) shares its answer. */
  register<T>(request: LookupRequest, path: string): LookupHandle<T> {
    this.registered++;
    if (!this.entries.has(request.key)) this.entries.set(request.key, { request });
    return new LookupHandle<T>(this, request.key, request.kind, path);
  }

  /** Resolves every query not yet answered, in one batch. A no-op when none is pending. */
  resolvePending(): void {
    const pending = [...this.entries.values()].filter((e) => !e.outcome);
    if (pending.length === 0) return;
    this.batches++;
    const outcomes = resolveBatchSync(pending.map((e) => e.request));
    pending.forEach((e, i) => (e.outcome = outcomes[i]));
  }

  /** The outcome of a query, resolving the pending batch first if needed. */
  outcome(key: string): LookupOutcome {
    const entry = this.entries.get(key);
    if (!entry) throw new HeadroomError('HEADROOM_LOOKUP', `unknown lookup ${key}`);
    if (!entry.outcome) this.resolvePending();
    return entry.outcome!;
  }

  /** Counters so far. */
  get stats(): LookupStats {
    return { registered: this.registered, distinct: this.entries.size, batches: this.batches };
  }
}

/**
 * A construct's claim on one looked-up value. Reading `value` resolves the app's
 * pending batch on first use; a failed lookup throws its typed error, prefixed with the
 * construct path, on every read.
 */
export class LookupHandle<T> {
  constructor(
    private readonly engine: LookupEngine,
    /** The query's stable key. */
    public readonly key: string,
    private readonly kind: string,
    private readonly path: string,
  ) {}

  /** The looked-up value. @throws the lookup's error when it failed. */
  get value(): T {
    const outcome = this.engine.outcome(this.key);
    if (outcome.ok) return outcome.value as T;
    throw deserializeError(outcome.error, `${this.path}: lookup ${this.kind} failed: `);
  }

  /** When the value was fetched (ISO 8601). @throws the lookup's error when it failed. */
  get fetchedAt(): string {
    const outcome = this.engine.outcome(this.key);
    if (outcome.ok) return outcome.fetchedAt;
    return this.value as never;
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

/**
 * Builds a lookup's stable key from its kind and identity (endpoint, account, query).
 * Object keys are sorted so the same query always gives the same key.
 */
export function lookupKey(kind: string, identity: Record<string, unknown>): string {
  return `${kind} ${stableJson(identity)}`;
}

/** A short, one-way fingerprint of an access key id: identifies the account in keys without showing it. */
export function accountFingerprint(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId).digest('hex').slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
