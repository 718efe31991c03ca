import { createHash } from 'node:crypto';
import { IConstruct } from 'constructs';
import { deserializeError, HeadroomError, LookupRecordError, serializeError } from '../core/errors';
import { resolveBatchSync, startLookupWorker } from './bridge';
import { LookupMode, LookupModeProps, lookupRecordPath, LookupSettings, lookupSettings, LookupSettingSources } from './lookup-mode';
import { cloudOf, LookupRecord, LookupRecordFile } from './lookup-record';
import { LookupOutcome, LookupRequest } from './types';

/** Counters of one app's lookup engine, for tests, benchmarks and debugging. */
export interface LookupStats {
  /** Lookups registered, duplicates included. */
  readonly registered: number;
  /** Distinct queries (after deduplication). */
  readonly distinct: number;
  /** Batches sent to the worker (one per first read after new registrations that need the cloud). */
  readonly batches: number;
}

/** How one app's lookups were answered: from the cloud or from the lookup record. */
export interface LookupRecordStats {
  /** Lookups (distinct queries) sent to the cloud. */
  readonly queried: number;
  /** Lookups answered from the record file, without a request. */
  readonly fromRecord: number;
  /** Records written to the record file. */
  readonly recorded: number;
  /** The record file (absolute path), once known. */
  readonly file?: string;
}

/**
 * One registration of a lookup, with the mode it runs in. Several claims can share one
 * query (same key); each gets its own outcome, since modes may differ.
 * @internal
 */
export interface LookupClaim extends LookupSettings {
  outcome?: LookupOutcome;
  fromRecord?: boolean;
}

interface Entry {
  readonly request: LookupRequest;
  readonly claims: LookupClaim[];
  /** The cloud's answer, once asked for in this synth (an error when it could not be recorded). */
  fetched?: LookupOutcome;
}

/**
 * The lookups of one cdktf app: constructs register queries as they are created, and
 * the first read of any value resolves every pending query of the app in one
 * concurrent batch, identical queries once.
 *
 * Each lookup runs in a mode (see {@link LookupMode}): `live` queries and records,
 * `cached` reuses a young enough record, `offline` reads records only and never starts
 * the worker. The record file is read and written on this thread, before and after
 * the batch. Reached through {@link LookupEngine.of}; there is one per construct tree root.
 */
export class LookupEngine {
  private static readonly engines = new WeakMap<IConstruct, LookupEngine>();

  /** The engine of the app that `scope` belongs to. */
  static of(scope: IConstruct): LookupEngine {
    const root = scope.node.root;
    let engine = LookupEngine.engines.get(root);
    if (!engine) {
      engine = new LookupEngine(root);
      LookupEngine.engines.set(root, engine);
    }
    return engine;
  }

  private readonly entries = new Map<string, Entry>();
  private readonly sources: LookupSettingSources;
  private registered = 0;
  private batches = 0;
  private queried = 0;
  private fromRecord = 0;
  private recorded = 0;
  private recordFile?: LookupRecordFile;
  /** Records as last read or written by this engine; undefined until needed. */
  private records?: Map<string, LookupRecord>;

  private constructor(root: IConstruct) {
    this.sources = { env: process.env, context: (key) => root.node.tryGetContext(key) };
  }

  /**
   * Registers a query; a query already known (same key) shares its answer.
   *
   * `options` (usually the construct's props) may set this lookup's mode and max age;
   * otherwise the app's settings apply (environment, then cdktf context, then `live`).
   * @throws InputError when a mode or max age (in props, environment or context) is not allowed
   */
  register<T>(request: LookupRequest, path: string, options: LookupModeProps = {}): LookupHandle<T> {
    const claim: LookupClaim = { ...lookupSettings(path, options, this.sources) };
    this.registered++;
    let entry = this.entries.get(request.key);
    if (!entry) {
      entry = { request, claims: [] };
      this.entries.set(request.key, entry);
    }
    entry.claims.push(claim);
    if (claim.mode === 'live') startLookupWorker(); // boots while the app goes on; offline never starts it
    return new LookupHandle<T>(this, request.key, request.kind, path, claim);
  }

  /**
   * Resolves every lookup not yet answered, in one batch: reads the record file if a
   * lookup may be answered from it, sends the rest to the worker at once, records what
   * succeeded. A no-op when none is pending.
   */
  resolvePending(): void {
    const pending: Array<[Entry, LookupClaim]> = [];
    for (const entry of this.entries.values()) for (const claim of entry.claims) if (!claim.outcome) pending.push([entry, claim]);
    if (pending.length === 0) return;

    let loadError: LookupOutcome | undefined;
    if (pending.some(([, c]) => c.mode !== 'live') && !this.records) {
      try {
        this.records = this.file().read();
      } catch (err) {
        loadError = { ok: false, error: serializeError(err) };
      }
    }

    const now = Date.now();
    const toFetch = new Set<Entry>();
    for (const [entry, claim] of pending) {
      if (entry.fetched) continue;
      if (claim.mode === 'live') toFetch.add(entry);
      else if (claim.mode === 'cached' && !loadError && !isFresh(this.records?.get(entry.request.key), claim.maxAgeMs, now)) toFetch.add(entry);
    }
    if (toFetch.size > 0) this.fetch([...toFetch]);

    for (const [entry, claim] of pending) this.settle(entry, claim, loadError);
  }

  /** The outcome of a query (of its first registration), resolving the pending batch first if needed. */
  outcome(key: string): LookupOutcome {
    const entry = this.entries.get(key);
    if (!entry) throw new HeadroomError('HEADROOM_LOOKUP', `unknown lookup ${key}`);
    return this.outcomeOf(entry.claims[0]);
  }

  /** The outcome of one registration, resolving the pending batch first if needed. @internal */
  outcomeOf(claim: LookupClaim): LookupOutcome {
    if (!claim.outcome) this.resolvePending();
    return claim.outcome!;
  }

  /** Counters so far. */
  get stats(): LookupStats {
    return { registered: this.registered, distinct: this.entries.size, batches: this.batches };
  }

  /** How lookups were answered so far: queried, from the record, recorded. */
  get recordStats(): LookupRecordStats {
    return { queried: this.queried, fromRecord: this.fromRecord, recorded: this.recorded, file: this.recordFile?.file };
  }

  private file(): LookupRecordFile {
    this.recordFile ??= new LookupRecordFile(lookupRecordPath(this.sources));
    return this.recordFile;
  }

  /** Queries the cloud for these entries (one batch on the worker) and records the answers that succeeded. */
  private fetch(entries: Entry[]): void {
    this.batches++;
    this.queried += entries.length;
    const outcomes = resolveBatchSync(entries.map((e) => e.request));
    const succeeded: LookupRecord[] = [];
    outcomes.forEach((o, i) => {
      const { key, kind } = entries[i].request;
      if (o.ok) succeeded.push({ key, kind, cloud: cloudOf(kind), fetchedAt: o.fetchedAt, value: o.value });
    });
    let recordError: LookupOutcome | undefined;
    if (succeeded.length > 0) {
      try {
        this.records = this.file().merge(succeeded);
        this.recorded += succeeded.length;
      } catch (err) {
        const e = new LookupRecordError(`the cloud answered, but the answer could not be recorded: ${(err as Error).message}`);
        recordError = { ok: false, error: serializeError(e) };
      }
    }
    entries.forEach((e, i) => (e.fetched = outcomes[i].ok && recordError ? recordError : outcomes[i]));
  }

  private settle(entry: Entry, claim: LookupClaim, loadError: LookupOutcome | undefined): void {
    if (claim.mode === 'live' || entry.fetched) {
      claim.outcome = entry.fetched!;
      return;
    }
    if (loadError) {
      claim.outcome = loadError;
      return;
    }
    const record = this.records?.get(entry.request.key);
    if (record) {
      this.fromRecord++;
      claim.fromRecord = true;
      claim.outcome = { ok: true, value: record.value, fetchedAt: record.fetchedAt };
      return;
    }
    // Only offline gets here (cached fetches when there is no fresh record).
    const file = this.file();
    const where = file.exists() ? `no record of it in ${file.file}` : `there is no record file at ${file.file}`;
    claim.outcome = {
      ok: false,
      error: serializeError(
        new LookupRecordError(
          `offline mode reads recorded lookups only, and ${where}. Key: ${entry.request.key}. ` +
            'Record it by synthesizing once in live mode, with credentials and network (`HEADROOM_LOOKUP_MODE=live cdktf synth`), ' +
            "or set lookupMode: 'live' (or 'cached') on this construct.",
        ),
      ),
    };
  }
}

function isFresh(record: LookupRecord | undefined, maxAgeMs: number, now: number): boolean {
  return record !== undefined && now - Date.parse(record.fetchedAt) <= maxAgeMs;
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
    private readonly claim: LookupClaim,
  ) {}

  /** The mode this lookup runs in. */
  get mode(): LookupMode {
    return this.claim.mode;
  }

  /** The looked-up value. @throws the lookup's error when it failed. */
  get value(): T {
    const outcome = this.engine.outcomeOf(this.claim);
    if (outcome.ok) return outcome.value as T;
    throw deserializeError(outcome.error, `${this.path}: lookup ${this.kind} failed: `);
  }

  /** When the value was fetched (ISO 8601); for a value read from the record, when it was recorded. @throws the lookup's error when it failed. */
  get fetchedAt(): string {
    const outcome = this.engine.outcomeOf(this.claim);
    if (outcome.ok) return outcome.fetchedAt;
    return this.value as never;
  }

  /** Whether the value came from the lookup record rather than the cloud (resolves first). */
  get fromRecord(): boolean {
    this.engine.outcomeOf(this.claim);
    return this.claim.fromRecord === true;
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
