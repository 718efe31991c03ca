// The lookup worker thread loads what answers a batch (the kinds' resolvers, the clients,
// the transport and axios), not the construct layer, the lookup engine or the record
// stores: its start-up is paid by every synth that looks anything up live.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

it('the lookup worker loads the clients and axios, not the constructs, the engine or the record stores', () => {
  const worker = path.resolve(__dirname, '../../lib/registry/lookup-worker.js');
  // Outside a worker thread the entry loads its modules and then waits for nothing (synckit's
  // runAsWorker returns without workerData), so what it loaded can be listed.
  const script = `
    require(${JSON.stringify(worker)});
    process.stdout.write(JSON.stringify(Object.keys(require.cache)));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const loaded = (JSON.parse(r.stdout) as string[]).map((f) => f.split(path.sep).join('/'));
  const lib = loaded.filter((f) => f.includes('/lib/')).map((f) => f.slice(f.lastIndexOf('/lib/') + 1));
  // What it needs is there (the check would pass vacuously on a wrong path).
  expect(lib).toEqual(
    expect.arrayContaining(['lib/clouds/qingcloud/client.js', 'lib/clouds/ucloud/client.js', 'lib/clouds/huaweicloud/client.js', 'lib/core/transport.js']),
  );
  expect(loaded.some((f) => f.includes('/node_modules/axios/'))).toBe(true);
  // What it does not.
  expect(lib.filter((f) => /^lib\/lookups\/(construct|batch|record)\//.test(f) || /^lib\/(policy|cli)\//.test(f))).toEqual([]);
  expect(loaded.filter((f) => /\/node_modules\/(cdktf|constructs|pg)\//.test(f))).toEqual([]);
});
