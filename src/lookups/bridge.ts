import { createSyncFn } from 'synckit';
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
  runSync ??= createSyncFn<(r: LookupRequest[]) => Promise<LookupOutcome[]>>(workerScript(__dirname, 'worker'));
  return runSync(requests);
}
