// The main thread's side of the lookup worker: starts the thread from the entry the library
// hands it (useLookupWorker), and sends it a call while this thread blocks (synckit:
// worker_threads + Atomics.wait), because cdktf constructors are synchronous.
import type { createSyncFn } from 'synckit';
import { HeadroomError } from '../../core/errors';
import { unseal } from '../../core/secret';
import { LookupOutcome, LookupRequest } from '../request';
import { PackedValue, unpackValue } from './compact';

/**
 * Where the lookup worker thread starts: the compiled script that builds the table of the
 * lookup kinds it answers and answers each call (a batch, with `answerBatch`; a store's
 * operation).
 * @internal
 */
export interface LookupWorkerEntry {
  /** Absolute path of the compiled entry script (`.js`). */
  readonly script: string;
}

/**
 * What the lookup worker receives: a batch of lookups, or an operation of a store whose I/O
 * runs there (the shared PostgreSQL record types its own operations and replies,
 * record/postgres/calls.ts; the bridge carries them as they are).
 * @internal
 */
export type WorkerCall = LookupRequest[] | { readonly record: unknown };

type WorkerFn = (call: WorkerCall) => unknown;

let entry: LookupWorkerEntry | undefined;
let runSync: WorkerFn | undefined;

/**
 * Tells the bridge which script its worker thread runs.
 *
 * Why a call: the entry sits above lookups/ (it loads every cloud's kind), so lookups/
 * never names it; the library's setup step (`registry/prepare.ts`, taken by the package
 * entry and the CLI) hands it here before any lookup is resolved. The same entry may be
 * given again; another one, once the thread runs, is a bug.
 * @throws HeadroomError when the worker already runs another entry
 * @internal
 */
export function useLookupWorker(worker: LookupWorkerEntry): void {
  if (runSync && entry && entry.script !== worker.script) {
    throw new HeadroomError(
      'HEADROOM_LOOKUP',
      `the lookup worker already runs ${entry.script}; it cannot switch to ${worker.script}. This is a bug in cdktf-headroom.`,
    );
  }
  entry = worker;
}

/**
 * Resolves a batch of lookups synchronously: the batch runs concurrently on a worker
 * thread (async HTTP) while this thread blocks on `Atomics.wait` (synckit).
 *
 * cdktf constructors and `App.synth()` are synchronous and cdktf has no lookup loop, so
 * this is how a construct can hold real values right after it is created.
 */
export function resolveBatchSync(requests: LookupRequest[]): LookupOutcome[] {
  if (requests.length === 0) return [];
  // Unsealed only here, to cross to the worker (structured clone copies plain data).
  const outcomes = startLookupWorker()(requests.map(unsealed)) as LookupOutcome[];
  // Each value crossed packed (answerBatch): its rows are built here, once.
  return outcomes.map((o) => (o.ok ? { ...o, value: unpackValue(o.value as PackedValue) } : o));
}

/**
 * Runs one operation of a store on the lookup worker thread, where its async driver lives,
 * while this thread blocks: a store used from synchronous synth code, with its I/O beside
 * the lookups' own. The requests in `lookups` (a fetch) are unsealed to cross.
 * @internal
 */
export function callStoreOnWorkerSync(operation: { readonly op: string; readonly lookups?: readonly { readonly request: LookupRequest }[] }): unknown {
  const plain = operation.lookups ? { ...operation, lookups: operation.lookups.map((l) => ({ ...l, request: unsealed(l.request) })) } : operation;
  return startLookupWorker()({ record: plain });
}

/** A request with its sealed input opened, to cross to the worker. */
function unsealed(r: LookupRequest): LookupRequest {
  return r.input === undefined ? r : { ...r, input: unseal(r.input) };
}

/**
 * Starts the lookup worker now, if it is not running, without waiting for it.
 *
 * Under `cdktf synth` the library's setup step calls it (see `prewarm.ts`); elsewhere the
 * engine calls it when a live lookup is registered. Either way the thread boots and loads
 * the HTTP stack while the app goes on, instead of after the first read. Offline lookups
 * never call it: an offline synth starts no worker.
 * @throws HeadroomError when no entry was given ({@link useLookupWorker})
 */
export function startLookupWorker(): WorkerFn {
  if (!runSync) {
    if (!entry) {
      throw new HeadroomError(
        'HEADROOM_LOOKUP',
        'cdktf-headroom: the lookup worker has no entry script. Load the library through its package entry ("cdktf-headroom"), ' +
          'which hands it over; code that loads src/ or lib/ modules directly calls useLookupWorker(LOOKUP_WORKER) (registry/lookup-worker-entry) first.',
      );
    }
    // synckit is loaded here, not with this module: an offline synth never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const synckit = require('synckit') as { createSyncFn: typeof createSyncFn };
    runSync = synckit.createSyncFn<(call: WorkerCall) => Promise<unknown>>(entry.script);
  }
  return runSync;
}
