// Under `cdktf synth` (CDKTF_OUTDIR set), loading the library starts the lookup worker at
// once, unless the app runs offline; anywhere else, loading it starts no thread.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { shouldPrewarmLookupWorker } from '../../src/lookups/synth-prewarm';

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

describe('loading the built library', () => {
  // Counts the worker threads started while the package entry point loads, in a fresh process.
  const script = `
    const wt = require('node:worker_threads');
    const Original = wt.Worker;
    const started = [];
    wt.Worker = class extends Original { constructor(f, o) { super(f, o); started.push(String(f)); } };
    require(${JSON.stringify(path.resolve(__dirname, '../../lib/index.js'))});
    process.stdout.write(JSON.stringify(started));
  `;
  const load = (env: Record<string, string>): string[] => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_') && !k.startsWith('HEADROOM_')));
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...clean, ...env }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as string[];
  };

  it('starts the lookup worker under cdktf synth', () => {
    const started = load({ CDKTF_OUTDIR: 'cdktf.out' });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/catalog[/\\]lookup-worker\.js$/);
  });

  it('starts no thread outside cdktf synth, nor in an offline synth', () => {
    expect(load({})).toEqual([]);
    expect(load({ CDKTF_OUTDIR: 'cdktf.out', HEADROOM_LOOKUP_MODE: 'offline' })).toEqual([]);
  });
});
