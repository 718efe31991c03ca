import type { createSyncFn } from 'synckit';
import { unseal } from '../core/secret';
import { workerScript } from '../core/worker-script';
import { LookupOutcome, LookupRequest } from './types';

let runSync: ((requests: LookupRequest[]) => LookupOutcome[]) | undefined;

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
  return startLookupWorker()(requests.map((r) => (r.input === undefined ? r : { ...r, input: unseal(r.input) })));
}

/**
 * Starts the lookup worker now, if it is not running, without waiting for it.
 *
 * Under `cdktf synth` it is called when the library loads (see `synth-prewarm.ts`);
 * elsewhere the engine calls it when a live lookup is registered. Either way the thread
 * boots and loads the HTTP stack while the app goes on, instead of after the first read.
 * Offline lookups never call it: an offline synth starts no worker.
 */
export function startLookupWorker(): (requests: LookupRequest[]) => LookupOutcome[] {
  if (!runSync) {
    // synckit is loaded here, not with this module: an offline synth never needs it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const synckit = require('synckit') as { createSyncFn: typeof createSyncFn };
    runSync = synckit.createSyncFn<(r: LookupRequest[]) => Promise<LookupOutcome[]>>(workerScript(__dirname, 'worker'));
  }
  return runSync;
}
