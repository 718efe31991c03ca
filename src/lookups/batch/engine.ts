// The lookups of one cdktf app: registration, batching and settling. What a construct
// holds is a LookupHandle (handle.ts); keys are built in ../key.ts; answers from the record
// in ../record/answer.ts. The engine asks the cloud (one batch on the lookup worker, through
// ../worker/bridge.ts) and hands the answers to the store; a store only stores.
import { IConstruct } from 'constructs';
import { clockIsMoved, libraryNowMs } from '../../core/clock';
import { CredentialFileCache } from '../../core/credential-file-cache';
import { perConstructTree } from '../../core/per-app';
import { HeadroomError, LookupRecordError, serializeError } from '../../core/errors';
import { AppTransportSettings } from '../../core/transport-options';
import { answerFromRecord, isFresh, RecordMatches } from '../record/answer';
import { cloudOf, LookupRecord } from '../record/entry';
import { FileRecordStore } from '../record/file-store';
import { openLookupRecordStore } from '../record/open-store';
import { LookupRecordStore, ReadOnlyRecordStore, StoreFetch, StoreFetched } from '../record/store';
import { LookupOutcome, LookupRequest } from '../request';
import { lookupMaxRows, LookupModeProps, LookupSettings, lookupSettings, LookupSettingSources } from '../settings';
import { resolveBatchSync, startLookupWorker } from '../worker/bridge';
import { ClaimSettler, LookupClaim, LookupHandle } from './handle';
import { firstLookupDeclared } from './on-first-lookup';
import { appTransportSettings } from './transport-settings';

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
  /** Lookups answered from the record (file or database), without a request. */
  readonly fromRecord: number;
  /** Records written to the record (file or database). */
  readonly recorded: number;
  /** The record file (absolute path), once known; undefined for a record in a database. */
  readonly file?: string;
}

interface Entry {
  readonly request: LookupRequest;
  readonly claims: LookupClaim[];
  /** The cloud's answer, once asked for in this synth (an error when it could not be recorded). */
  fetched?: LookupOutcome;
  /** `fetched` is another synth's answer, read from a shared record while this one waited. */
  fetchedFromRecord?: boolean;
}

/**
 * The lookups of one cdktf app: constructs register queries as they are created, and
 * the first read of any value resolves every pending query of the app in one
 * concurrent batch, identical queries once.
 *
 * Each lookup runs in a mode (see {@link LookupMode}): `live` queries and records,
 * `cached` reuses a young enough record, `offline` reads records only and never starts
 * the worker. The record (a file, or a shared database: see {@link LookupRecordStore}) is
 * read before the batch; the store asks the cloud and records the answers. Reached through
 * {@link LookupEngine.of}; there is one per construct tree root.
 */
export class LookupEngine implements ClaimSettler {
  private static readonly forTree = perConstructTree((root) => new LookupEngine(root));

  /** The engine of the app that `scope` belongs to. */
  static of(scope: IConstruct): LookupEngine {
    return LookupEngine.forTree(scope);
  }

  /**
   * The credential files read by this app's lookup constructs: each is read once per app,
   * however many constructs' chains look at it (see {@link CredentialFileCache}).
   */
  readonly credentialFiles = new CredentialFileCache();

  private readonly entries = new Map<string, Entry>();
  /** Held in a private field: the environment holds keys, and printing a construct reaches its engine. */
  readonly #sources: LookupSettingSources;
  private registered = 0;
  private batches = 0;
  private queried = 0;
  private fromRecord = 0;
  private recorded = 0;
  private recordStore?: LookupRecordStore;
  private recordReadOnly = false;
  /** Records read for the current batch; undefined until needed. */
  private records?: Map<string, LookupRecord>;
  /** Finds the records that answer a lookup among `records`. */
  private readonly matches = new RecordMatches();

  private constructor(root: IConstruct) {
    this.#sources = { env: process.env, context: (key) => root.node.tryGetContext(key) };
    // From the first lookup on, this synth's run owns the gate reports: an earlier run's pass is gone
    // (policy/synth-run.ts listens).
    firstLookupDeclared(root);
  }

  /**
   * Registers a query; a query already known (same key) shares its answer.
   *
   * `options` (usually the construct's props) may set this lookup's mode and max age;
   * otherwise the app's settings apply (environment, then cdktf context, then `live`).
   * @throws InputError when a mode or max age (in props, environment or context) is not allowed
   */
  register<T>(request: LookupRequest, path: string, options: LookupModeProps = {}): LookupHandle<T> {
    return this.registerWith<T>(request, path, this.settingsFor(path, options));
  }

  /**
   * {@link register} with the settings already worked out by {@link settingsFor} (as
   * {@link LookupCredentials} has them), so they are not worked out twice.
   * @internal
   */
  registerWith<T>(request: LookupRequest, path: string, settings: LookupSettings): LookupHandle<T> {
    const claim: LookupClaim = { mode: settings.mode, maxAgeMs: settings.maxAgeMs };
    if (request.anyAccount && claim.mode !== 'offline') {
      // LookupCredentials never asks for this; a construct that does has a bug.
      throw new HeadroomError(
        'HEADROOM_LOOKUP',
        `${path}: a lookup without credentials (its key leaves the account out) can only run offline; this one runs ${claim.mode}.`,
      );
    }
    const transport = claim.mode === 'offline' ? undefined : this.appTransport();
    this.registered++;
    let entry = this.entries.get(request.key);
    if (!entry) {
      entry = { request: transport && Object.keys(transport).length > 0 ? { ...request, transport } : request, claims: [] };
      this.entries.set(request.key, entry);
    }
    entry.claims.push(claim);
    if (claim.mode === 'live') startLookupWorker(); // boots while the app goes on; offline never starts it
    return new LookupHandle<T>(this, request.key, request.kind, path, claim);
  }

  /**
   * The app-wide transport settings (deadline, concurrency, plain-http opt-in) from the
   * environment and cdktf context, applied on the worker where a lookup's own transport
   * options are silent.
   * @throws InputError when a setting is not allowed
   */
  appTransport(): AppTransportSettings {
    return appTransportSettings(this.#sources);
  }

  /**
   * The mode and max age a lookup registered at `path` with these options runs in: the
   * options first, then the environment, then cdktf context, then `live`.
   * @throws InputError when a mode or max age (in options, environment or context) is not allowed
   */
  settingsFor(path: string, options: LookupModeProps = {}): LookupSettings {
    return lookupSettings(path, options, this.#sources);
  }

  /**
   * The row ceiling of a lookup registered at `path`: its `maxRows` prop, else
   * `HEADROOM_MAX_ROWS`, else cdktf context `headroom:maxRows`, else 100,000.
   * @throws InputError when a value is not a whole number of rows, 1 or more
   */
  maxRowsFor(path: string, maxRows?: number): number {
    return lookupMaxRows(path, maxRows, this.#sources);
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
    const fromRecord = pending.filter(([entry, c]) => c.mode !== 'live' && !entry.fetched).map(([entry]) => entry.request);
    if (fromRecord.length > 0) {
      try {
        this.records = this.store().recordsFor(fromRecord);
      } catch (err) {
        loadError = { ok: false, error: serializeError(err) };
      }
    }

    const now = libraryNowMs(this.#sources.env);
    const toFetch = new Map<Entry, number | undefined>();
    for (const [entry, claim] of pending) {
      if (entry.fetched) continue;
      if (claim.mode === 'live') toFetch.set(entry, undefined);
      else if (claim.mode === 'cached' && !loadError && !isFresh(this.records?.get(entry.request.key), claim.maxAgeMs, now)) {
        // A shared record may answer it from another synth's fetch: how young that answer must be.
        if (!toFetch.has(entry) || toFetch.get(entry) !== undefined) toFetch.set(entry, Math.min(toFetch.get(entry) ?? Infinity, claim.maxAgeMs));
      }
    }
    if (toFetch.size > 0) this.fetch(toFetch);

    for (const [entry, claim] of pending) this.settle(entry, claim, loadError);
  }

  /** The outcome of one registration, resolving the pending batch first if needed. @internal */
  outcomeOf(claim: LookupClaim): LookupOutcome {
    if (!claim.outcome) this.resolvePending();
    return claim.outcome!;
  }

  /**
   * The history of a lookup key in this app's record, oldest point first (see
   * {@link LookupRecordStore.history}).
   * @throws LookupRecordError when the record cannot be read
   * @internal
   */
  historyOf(key: string): LookupRecord[] {
    return this.store().history(key);
  }

  /** Counters so far. */
  get stats(): LookupStats {
    return { registered: this.registered, distinct: this.entries.size, batches: this.batches };
  }

  /** How lookups were answered so far: queried, from the record, recorded. */
  get recordStats(): LookupRecordStats {
    const store = this.recordStore;
    return { queried: this.queried, fromRecord: this.fromRecord, recorded: this.recorded, file: store instanceof FileRecordStore ? store.location : undefined };
  }

  /**
   * Makes this app read its lookup record (offline and cached modes still answer from it)
   * but never write it: answers from the cloud are used and not recorded. For a throwaway
   * app that must leave the project's record as it was (`cdktf-headroom lookup` without
   * `--record`). Call it before the first lookup is resolved.
   * @internal
   */
  readRecordOnly(): void {
    if (this.recordStore) throw new HeadroomError('HEADROOM_LOOKUP', 'readRecordOnly() must come before the first lookup is resolved.');
    this.recordReadOnly = true;
  }

  /** Where this app's lookups are recorded: chosen once, from the environment and context. */
  private store(): LookupRecordStore {
    if (!this.recordStore) {
      const store = openLookupRecordStore(this.#sources);
      this.recordStore = this.recordReadOnly ? new ReadOnlyRecordStore(store) : store;
    }
    return this.recordStore;
  }

  /**
   * Asks the cloud for these entries (one batch on the worker) and has the store record the
   * answers that succeeded; a store shared by a fleet (one with `fetch`) is handed the
   * batch instead, and asks once for the fleet. Each entry maps to undefined (live: ask) or
   * the max age of a record that would do instead (cached: a shared store may get it from
   * another synth).
   */
  private fetch(toFetch: Map<Entry, number | undefined>): void {
    const entries = [...toFetch.keys()];
    this.batches++;
    let results;
    try {
      const store = this.store();
      // The test clock (HEADROOM_TEST_NOW) stamps the answers with its time.
      const answeredAt = clockIsMoved(this.#sources.env) ? new Date(libraryNowMs(this.#sources.env)).toISOString() : undefined;
      const lookups = entries.map((e) => ({ request: answeredAt ? { ...e.request, answeredAt } : e.request, maxAgeMs: toFetch.get(e) }));
      results = store.fetch ? store.fetch(lookups) : askAndRecord(lookups, this.recordReadOnly ? undefined : store);
    } catch (err) {
      if (!(err instanceof LookupRecordError)) throw err;
      const failed: LookupOutcome = { ok: false, error: serializeError(err) };
      for (const e of entries) e.fetched = failed;
      return;
    }
    results.forEach((r, i) => {
      entries[i].fetched = r.outcome;
      entries[i].fetchedFromRecord = r.fromRecord;
      if (r.queried) this.queried++;
      if (r.recorded) this.recorded++;
    });
  }

  private settle(entry: Entry, claim: LookupClaim, loadError: LookupOutcome | undefined): void {
    if (claim.mode === 'live' || entry.fetched) {
      claim.outcome = entry.fetched!;
      if (entry.fetchedFromRecord && claim.mode !== 'live') {
        this.fromRecord++;
        claim.fromRecord = true;
      }
      return;
    }
    if (loadError) {
      claim.outcome = loadError;
      return;
    }
    const answer = answerFromRecord(entry.request, this.matches.of(this.records, entry.request), this.store());
    claim.outcome = answer.outcome;
    if (answer.fromRecord) {
      this.fromRecord++;
      claim.fromRecord = true;
    }
  }
}

/**
 * Asks the cloud for these lookups (one concurrent batch on the lookup worker) and records
 * in `store` the answers that succeeded; failures are never recorded. When the answers
 * cannot be recorded, each answer becomes a {@link LookupRecordError} outcome: a value that
 * the next offline synth could not read back is never used as if it had been. Without a
 * store (a read-only record), nothing is recorded.
 */
function askAndRecord(lookups: readonly StoreFetch[], store: LookupRecordStore | undefined): StoreFetched[] {
  const outcomes = resolveBatchSync(lookups.map((l) => l.request));
  if (!store) return outcomes.map((outcome) => ({ outcome, fromRecord: false, queried: true, recorded: false }));
  const succeeded: LookupRecord[] = [];
  outcomes.forEach((o, i) => {
    const { key, kind } = lookups[i].request;
    if (o.ok) succeeded.push({ key, kind, cloud: cloudOf(kind), fetchedAt: o.fetchedAt, value: o.value });
  });
  let recordError: LookupOutcome | undefined;
  if (succeeded.length > 0) {
    try {
      store.merge(succeeded);
    } catch (err) {
      const e = new LookupRecordError(`the cloud answered, but the answer could not be recorded: ${(err as Error).message}`);
      recordError = { ok: false, error: serializeError(e) };
    }
  }
  return outcomes.map((o) => ({ outcome: o.ok && recordError ? recordError : o, fromRecord: false, queried: true, recorded: o.ok && !recordError }));
}
