// Jest setup (setupFilesAfterEnv): hands the lookup worker's entry to the bridge, the step
// the package entry and the CLI take (src/registry/prepare.ts, src/cli/main.ts). Tests load
// src/ modules directly, not through the package entry: without it a live lookup would have
// no worker to start (and says so).
import { useLookupWorker } from '../../src/lookups/worker/bridge';
import { LOOKUP_WORKER } from '../../src/registry/lookup-worker-entry';

useLookupWorker(LOOKUP_WORKER);
