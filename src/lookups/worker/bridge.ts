import * as path from 'node:path';
import type { createSyncFn } from 'synckit';
import { unseal } from '../../core/secret';
import { workerScript } from '../../core/worker-script';
import type { RecordCall, RecordReply, WorkerCall } from '../record/postgres/calls';
import { LookupOutcome, LookupRequest } from '../request';

type WorkerFn = (call: WorkerCall) => LookupOutcome[] | RecordReply;

let runSync: WorkerFn | undefined;

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
  return startLookupWorker()(requests.map(unsealed)) as LookupOutcome[];
}

/**
 * Runs one operation of a shared (PostgreSQL) lookup record on the lookup worker thread,
 * where the async driver lives, while this thread blocks: a store used from synchronous
 * synth code, with its I/O beside the lookups' own.
 * @internal
 */
export function callRecordWorkerSync(call: RecordCall): RecordReply {
  const plain = call.op === 'fetch' ? { ...call, lookups: call.lookups.map((l) => ({ ...l, request: unsealed(l.request) })) } : call;
  return startLookupWorker()({ record: plain }) as RecordReply;
}

/** A request with its sealed input opened, to cross to the worker. */
function unsealed(r: LookupRequest): LookupRequest {
  return r.input === undefined ? r : { ...r, input: unseal(r.input) };
}

/**
 * Starts the lookup worker now, if it is not running, without waiting for it.
 *
 * Under `cdktf synth` it is called when the library loads (see `synth-prewarm.ts`);
 * elsewhere the engine calls it when a live lookup is registered. Either way the thread
 * boots and loads the HTTP stack while the app goes on, instead of after the first read.
 * Offline lookups never call it: an offline synth starts no worker.
 */
export function startLookupWorker(): WorkerFn {
  if (!runSync) {
    // synckit is loaded here, not with this module: an offline synth never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const synckit = require('synckit') as { createSyncFn: typeof createSyncFn };
    runSync = synckit.createSyncFn<(call: WorkerCall) => Promise<LookupOutcome[] | RecordReply>>(lookupWorkerScript());
  }
  return runSync;
}

/**
 * The worker thread's entry script, `registry/lookup-worker.js`: it sits above lookups/
 * because it loads every cloud's lookup kind (the catalog); a thread is started from a
 * file, so this path is the one place lookups/ names it.
 */
function lookupWorkerScript(): string {
  return workerScript(path.join(__dirname, '..', '..', 'registry'), 'lookup-worker');
}
