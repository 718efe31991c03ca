// When the lookup worker starts early: under `cdktf synth`, the library's setup step
// (registry/prepare.ts, taken by the package entry) starts it while the rest of the app
// loads, not when the first lookup is declared. Loading this module starts nothing.
import { CDKTF_OUTDIR_ENV } from '../../core/framework';
import { startLookupWorker } from './bridge';
import { LOOKUP_MODE_CONTEXT, LOOKUP_MODE_ENV } from '../settings';

/** The cdktf context `cdktf synth` hands the app process, as JSON. */
const CDKTF_CONTEXT_ENV = 'CDKTF_CONTEXT_JSON';

/**
 * Whether a process with this environment should start the lookup worker as soon as the
 * library is set up: when `cdktf synth` runs it (it sets `CDKTF_OUTDIR`) and the app's
 * lookup mode, from `HEADROOM_LOOKUP_MODE` or else the context `headroom:lookupMode` that
 * cdktf passes in `CDKTF_CONTEXT_JSON`, is not `offline`.
 *
 * Why: the worker takes about 100 ms to boot and load its HTTP client. Started here, that
 * overlaps with loading the rest of the app (provider bindings are often the slowest part
 * of a synth) instead of delaying the first read. Tests, scripts and the CLI do not set
 * `CDKTF_OUTDIR`, so loading the library there starts no thread. A synth whose lookups
 * all run offline by prop, or that has none, pays one idle thread's start-up on another core.
 * @internal
 */
export function shouldPrewarmLookupWorker(env: NodeJS.ProcessEnv): boolean {
  if (!env[CDKTF_OUTDIR_ENV]) return false;
  return appLookupModeFromEnv(env) !== 'offline';
}

/**
 * The app's lookup mode as the process's environment gives it before any construct
 * exists: `HEADROOM_LOOKUP_MODE`, else the context `headroom:lookupMode` that `cdktf synth`
 * passes in `CDKTF_CONTEXT_JSON`; undefined when neither sets one (the mode is then
 * `live`). Not checked: a mode that is not allowed is the constructs' error to raise.
 *
 * Why: what starts early (this module) and what the worker loads at boot
 * (`shouldPreloadLookupClients`) depend on it; a construct's own `lookupMode` prop may
 * still differ, which costs time, never a wrong answer.
 * @internal
 */
export function appLookupModeFromEnv(env: NodeJS.ProcessEnv): unknown {
  return env[LOOKUP_MODE_ENV] || contextMode(env[CDKTF_CONTEXT_ENV]);
}

/**
 * Whether the lookup worker should load the lookup kinds' clients and the HTTP client
 * (axios) at boot, before its first call: when the app's lookup mode
 * ({@link appLookupModeFromEnv}) is `live` or unset, so every lookup will ask the cloud.
 *
 * Why: loading them takes about 140 ms of CPU. In a live synth the worker boots while the
 * app loads, on another core, so it is paid off the critical path. A `cached` synth most
 * often answers every lookup from the record (a fleet on a shared PostgreSQL record sends
 * the worker only SQL), so it loads them when its first lookup is asked of the cloud; an
 * `offline` one never does.
 * @internal
 */
export function shouldPreloadLookupClients(env: NodeJS.ProcessEnv): boolean {
  const mode = appLookupModeFromEnv(env);
  return mode === undefined || mode === 'live';
}

function contextMode(json: string | undefined): unknown {
  if (!json) return undefined;
  try {
    return (JSON.parse(json) as Record<string, unknown> | null)?.[LOOKUP_MODE_CONTEXT];
  } catch {
    return undefined; // not our error to report: cdktf reads the same context; taken as unset
  }
}

/**
 * Starts the lookup worker now when {@link shouldPrewarmLookupWorker} says so, without
 * waiting for it: a step of the library's setup (`registry/prepare.ts`), taken when the
 * package entry is loaded.
 * @internal
 */
export function prewarmLookupWorker(env: NodeJS.ProcessEnv = process.env): void {
  if (shouldPrewarmLookupWorker(env)) startLookupWorker();
}
