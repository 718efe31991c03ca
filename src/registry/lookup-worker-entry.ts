// Where the lookup worker thread starts: the typed entry the library hands to
// lookups/worker/bridge.ts (registry/prepare.ts, the CLI), so the bridge never names a path above it.
import { workerScript } from '../core/worker-script';
import { LookupWorkerEntry } from '../lookups/worker/bridge';

/**
 * The lookup worker thread's entry: `lookup-worker.js` beside this module (installed, in
 * `lib/registry/`), or its compiled twin under `lib/` when this runs from `src/` (tests).
 * The path is worked out when the thread starts.
 * @internal
 */
export const LOOKUP_WORKER: LookupWorkerEntry = {
  get script(): string {
    return workerScript(__dirname, 'lookup-worker');
  },
};
