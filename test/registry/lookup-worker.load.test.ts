// The lookup worker thread loads what answers a batch (the kinds' resolvers, the clients,
// the transport and axios), not the construct layer, the lookup engine or the record
// stores: its start-up is paid by every synth that looks anything up live. It loads the
// clients at boot only when the app runs live; a cached or offline app's worker loads them
// on its first lookup asked of the cloud (test/registry/lookup-worker.lazy.test.ts runs it).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The files the worker's entry loads at boot with `env`: the library's (as `lib/...`), and every one. */
function loadedAtBoot(env: Record<string, string>): { lib: string[]; loaded: string[] } {
  const worker = path.resolve(__dirname, '../../lib/registry/lookup-worker.js');
  // Outside a worker thread the entry loads its modules and then waits for nothing (synckit's
  // runAsWorker returns without workerData), so what it loaded can be listed.
  const script = `
    require(${JSON.stringify(worker)});
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));
  `;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDKTF_') && !k.startsWith('HEADROOM_')));
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...clean, ...env } });
  expect(r.stderr).toBe('');
  const loaded = (JSON.parse(r.stdout) as string[]).map((f) => f.split(path.sep).join('/'));
  const lib = loaded.filter((f) => f.includes('/lib/')).map((f) => f.slice(f.lastIndexOf('/lib/') + 1));
  return { lib, loaded };
}

/** What no worker loads at boot: the construct layer, the engine, the record stores, policy, the CLI, cdktf, constructs, pg. */
function expectNoConstructLayer({ lib, loaded }: { lib: string[]; loaded: string[] }): void {
  expect(lib.filter((f) => /^lib\/lookups\/(construct|batch|record)\//.test(f) || /^lib\/(policy|cli)\//.test(f))).toEqual([]);
  expect(loaded.filter((f) => /\/node_modules\/(cdktf|constructs|pg)\//.test(f))).toEqual([]);
}

it('in a live app, the lookup worker loads the clients and axios at boot, not the constructs, the engine, the record stores or the credential chains', () => {
  for (const env of [{}, { HEADROOM_LOOKUP_MODE: 'live' }] as Record<string, string>[]) {
    const boot = loadedAtBoot(env);
    // What it needs is there (the check would pass vacuously on a wrong path).
    expect(boot.lib).toEqual(
      expect.arrayContaining(['lib/clouds/qingcloud/client.js', 'lib/clouds/ucloud/client.js', 'lib/clouds/huaweicloud/client.js', 'lib/core/transport.js']),
    );
    expect(boot.loaded.some((f) => f.includes('/node_modules/axios/'))).toBe(true);
    expectNoConstructLayer(boot);
    // Nor the credential chains: the constructs run them; the clients get the keys (Huawei's isHuaweiToken is in auth.ts).
    expect(boot.lib).toContain('lib/clouds/huaweicloud/auth.js');
    expect(boot.lib.filter((f) => /\/credentials\.js$|\/koocli-profile\.js$|^lib\/core\/credential-(chain|parsers)\.js$/.test(f))).toEqual([]);
  }
});

it('in a cached or offline app, the lookup worker loads no client, transport, HTTP stack or axios at boot', () => {
  for (const env of [{ HEADROOM_LOOKUP_MODE: 'cached' }, { CDKTF_CONTEXT_JSON: JSON.stringify({ 'headroom:lookupMode': 'offline' }) }] as Record<
    string,
    string
  >[]) {
    const boot = loadedAtBoot(env);
    expect(boot.lib).toContain('lib/registry/lookup-worker.js'); // the check would pass vacuously on a wrong path
    expect(boot.lib.filter((f) => /^lib\/(clouds\/|registry\/all-kinds|core\/(transport|http-stack|cloud-api|proxy)\.js)/.test(f))).toEqual([]);
    expect(boot.loaded.filter((f) => /\/node_modules\/(axios|follow-redirects|form-data|https-proxy-agent)\//.test(f))).toEqual([]);
    expectNoConstructLayer(boot);
  }
});
