// Under `cdktf synth` (CDKTF_OUTDIR set), loading the library (its package entry, which takes
// the setup step) starts the lookup worker at once, unless the app runs offline; anywhere
// else it starts no thread. Loading any other module of it does no work.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shouldPreloadLookupClients, shouldPrewarmLookupWorker } from '../../../src/lookups/worker/prewarm';

describe('shouldPrewarmLookupWorker', () => {
  const synth = { CDKTF_OUTDIR: 'cdktf.out' };
  const context = (ctx: unknown): string => JSON.stringify(ctx);

  it('starts the worker under cdktf synth', () => {
    expect(shouldPrewarmLookupWorker(synth)).toBe(true);
    expect(shouldPrewarmLookupWorker({ ...synth, HEADROOM_LOOKUP_MODE: 'cached' })).toBe(true);
    expect(shouldPrewarmLookupWorker({ ...synth, CDKTF_CONTEXT_JSON: context({ 'headroom:lookupMode': 'live' }) })).toBe(true);
  });

  it('does not outside cdktf synth: tests, scripts, the CLI', () => {
    expect(shouldPrewarmLookupWorker({})).toBe(false);
    expect(shouldPrewarmLookupWorker({ CDKTF_OUTDIR: '' })).toBe(false);
  });

  it('does not when the app runs offline, by environment or by context', () => {
    expect(shouldPrewarmLookupWorker({ ...synth, HEADROOM_LOOKUP_MODE: 'offline' })).toBe(false);
    expect(shouldPrewarmLookupWorker({ ...synth, CDKTF_CONTEXT_JSON: context({ 'headroom:lookupMode': 'offline' }) })).toBe(false);
  });

  it('lets the environment win over context, as lookups do, and takes an empty variable as unset', () => {
    const offlineContext = context({ 'headroom:lookupMode': 'offline' });
    expect(shouldPrewarmLookupWorker({ ...synth, HEADROOM_LOOKUP_MODE: 'live', CDKTF_CONTEXT_JSON: offlineContext })).toBe(true);
    expect(shouldPrewarmLookupWorker({ ...synth, HEADROOM_LOOKUP_MODE: 'offline', CDKTF_CONTEXT_JSON: context({ 'headroom:lookupMode': 'live' }) })).toBe(
      false,
    );
    expect(shouldPrewarmLookupWorker({ ...synth, HEADROOM_LOOKUP_MODE: '', CDKTF_CONTEXT_JSON: offlineContext })).toBe(false);
  });

  it('takes context that is not JSON as unset (cdktf reports it)', () => {
    expect(shouldPrewarmLookupWorker({ ...synth, CDKTF_CONTEXT_JSON: '{not json' })).toBe(true);
    expect(shouldPrewarmLookupWorker({ ...synth, CDKTF_CONTEXT_JSON: 'null' })).toBe(true);
  });
});

describe('shouldPreloadLookupClients (what the worker loads at boot)', () => {
  const context = (mode: string): string => JSON.stringify({ 'headroom:lookupMode': mode });

  it('preloads when the app runs live: by default, by environment or by context', () => {
    expect(shouldPreloadLookupClients({})).toBe(true);
    expect(shouldPreloadLookupClients({ HEADROOM_LOOKUP_MODE: 'live' })).toBe(true);
    expect(shouldPreloadLookupClients({ CDKTF_CONTEXT_JSON: context('live') })).toBe(true);
    expect(shouldPreloadLookupClients({ HEADROOM_LOOKUP_MODE: '', CDKTF_CONTEXT_JSON: '{not json' })).toBe(true);
  });

  it('does not when the app runs cached or offline, the environment winning over context', () => {
    expect(shouldPreloadLookupClients({ HEADROOM_LOOKUP_MODE: 'cached' })).toBe(false);
    expect(shouldPreloadLookupClients({ CDKTF_CONTEXT_JSON: context('cached') })).toBe(false);
    expect(shouldPreloadLookupClients({ CDKTF_CONTEXT_JSON: context('offline') })).toBe(false);
    expect(shouldPreloadLookupClients({ HEADROOM_LOOKUP_MODE: 'cached', CDKTF_CONTEXT_JSON: context('live') })).toBe(false);
    expect(shouldPreloadLookupClients({ HEADROOM_LOOKUP_MODE: 'live', CDKTF_CONTEXT_JSON: context('cached') })).toBe(true);
  });
});

const LIB = path.resolve(__dirname, '../../../lib');

/**
 * Loads `modules` of the built library in a fresh process with `env`, runs `after` (which
 * sees them as `loaded` and may set `out`), and tells what that did: the worker threads
 * started, and the process handlers added.
 */
function loadIn(modules: readonly string[], env: Record<string, string>, after = ''): { started: string[]; handlers: Record<string, number>; out: unknown } {
  const script = `
    const wt = require('node:worker_threads');
    const Original = wt.Worker;
    const started = [];
    wt.Worker = class extends Original { constructor(f, o) { super(f, o); started.push(String(f)); } };
    const events = ['exit', 'uncaughtExceptionMonitor', 'uncaughtException', 'beforeExit'];
    const before = Object.fromEntries(events.map((e) => [e, process.listenerCount(e)]));
    const loaded = ${JSON.stringify(modules.map((m) => path.join(LIB, m)))}.map((m) => require(m));
    let out;
    ${after}
    const handlers = Object.fromEntries(events.map((e) => [e, process.listenerCount(e) - before[e]]));
    process.stdout.write(JSON.stringify({ started, handlers, out }));
  `;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_') && !k.startsWith('HEADROOM_')));
  const r = spawnSync(process.execPath, ['-e', script], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-load-')),
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { started: string[]; handlers: Record<string, number>; out: unknown };
}

describe('loading the built library', () => {
  // Counts the worker threads started while the package entry point loads, in a fresh process.
  const load = (env: Record<string, string>): string[] => loadIn(['index.js'], env).started;

  it('starts the lookup worker under cdktf synth', () => {
    const started = load({ CDKTF_OUTDIR: 'cdktf.out' });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/registry[/\\]lookup-worker\.js$/);
  });

  it('starts no thread outside cdktf synth, nor in an offline synth', () => {
    expect(load({})).toEqual([]);
    expect(load({ CDKTF_OUTDIR: 'cdktf.out', HEADROOM_LOOKUP_MODE: 'offline' })).toEqual([]);
  });

  it("watches a cdktf synth's process from the package entry's setup step, and no other process", () => {
    expect(loadIn(['index.js'], { CDKTF_OUTDIR: 'cdktf.out' }).handlers).toEqual({ exit: 1, uncaughtExceptionMonitor: 1, uncaughtException: 0, beforeExit: 0 });
    expect(loadIn(['index.js'], {}).handlers).toEqual({ exit: 0, uncaughtExceptionMonitor: 0, uncaughtException: 0, beforeExit: 0 });
  });
});

describe('loading a module of the library does no work (issue #24)', () => {
  // The modules that did work when loaded: the prewarm started the worker, the synth run
  // added process handlers; and every other room of lookups/, the registry and policy.
  const modules = [
    'lookups/worker/prewarm.js',
    'lookups/worker/bridge.js',
    'policy/synth-run.js',
    'policy/index.js',
    'lookups/batch/engine.js',
    'lookups/construct/lookup-construct.js',
    'registry/all-kinds.js',
    'registry/prepare.js',
    'registry/run-lookup.js',
  ];

  it('under cdktf synth, loading them starts no thread and adds no process handler', () => {
    const { started, handlers } = loadIn(modules, { CDKTF_OUTDIR: 'cdktf.out' });
    expect(started).toEqual([]);
    expect(handlers).toEqual({ exit: 0, uncaughtExceptionMonitor: 0, uncaughtException: 0, beforeExit: 0 });
  });

  it('the setup step, called (twice), does what the package entry does, once: starts the worker and watches the process', () => {
    const { started, handlers } = loadIn(['registry/prepare.js'], { CDKTF_OUTDIR: 'cdktf.out' }, 'loaded[0].prepareLibrary(); loaded[0].prepareLibrary();');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/registry[/\\]lookup-worker\.js$/);
    expect(handlers).toEqual({ exit: 1, uncaughtExceptionMonitor: 1, uncaughtException: 0, beforeExit: 0 }); // once, called twice
  });

  it('a live lookup without the worker entry handed over fails with a message that says how to hand it', () => {
    const { out } = loadIn(
      ['lookups/worker/bridge.js'],
      {},
      'try { loaded[0].resolveBatchSync([{ kind: "qingcloud:GetProjectResourceStat", key: "k", input: {} }]); } catch (e) { out = { code: e.code, message: e.message }; }',
    );
    expect(out).toEqual({
      code: 'HEADROOM_LOOKUP',
      message:
        'cdktf-headroom: the lookup worker has no entry script. Load the library through its package entry ("cdktf-headroom"), ' +
        'which hands it over; code that loads src/ or lib/ modules directly calls useLookupWorker(LOOKUP_WORKER) (registry/lookup-worker-entry) first.',
    });
  });
});
