// The library's setup step: what it does before an app or the CLI uses it, in one place and
// by an explicit call, never because a module was loaded.
import { takePartInSynths } from '../policy/synth-run';
import { useLookupWorker } from '../lookups/worker/bridge';
import { prewarmLookupWorker } from '../lookups/worker/prewarm';
import { LOOKUP_WORKER } from './lookup-worker-entry';

/**
 * Readies the library for this process; taken by the package entry (`src/index.ts`) when
 * an app loads it. Calling it again does nothing more.
 *
 * 1. The lookup worker's entry (`registry/lookup-worker.js`, which loads every lookup
 *    kind) is handed to the bridge: lookups/ never names a module above it.
 * 2. Policy's synth run takes part: an App's first lookup begins its run, and under
 *    `cdktf synth` (`CDKTF_OUTDIR` set) the run begins now and the process is watched, so a
 *    synth that fails after `app.synth()` leaves reports that say so.
 * 3. Under `cdktf synth`, unless the app runs offline, the lookup worker starts now, while
 *    the rest of the app loads (provider bindings are often the slowest part of a synth).
 *
 * Why at load and not at the first construct: steps 2 and 3 exist to happen before any
 * construct is made. Outside `cdktf synth` no thread starts and no process handler is added.
 * The CLI takes step 1 only (its commands run no synth); a test that loads src/ modules
 * directly takes the steps it needs.
 * @internal
 */
export function prepareLibrary(env: NodeJS.ProcessEnv = process.env): void {
  useLookupWorker(LOOKUP_WORKER);
  takePartInSynths(env);
  prewarmLookupWorker(env);
}
