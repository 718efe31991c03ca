// axios is loaded when a Transport is first made, not when the library is: a synth's main
// thread builds constructs and never sends a request, so it never pays axios's load time.
// Likewise synckit, which only the lookup worker's bridge needs (an offline synth never does).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

it('loading the library loads neither axios nor synckit; making a Transport loads axios', () => {
  const lib = path.resolve(__dirname, '../../lib/index.js');
  const transport = path.resolve(__dirname, '../../lib/core/transport.js'); // internal: not in the public surface
  const script = `
    const loaded = (name) => Object.keys(require.cache).some((k) => k.includes(require('path').join('node_modules', name, '')));
    require(${JSON.stringify(lib)});
    const { Transport } = require(${JSON.stringify(transport)});
    const before = { axios: loaded('axios'), synckit: loaded('synckit') };
    new Transport();
    process.stdout.write(JSON.stringify({ before, after: { axios: loaded('axios'), synckit: loaded('synckit') } }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ before: { axios: false, synckit: false }, after: { axios: true, synckit: false } });
});

it('loading the fake cloud does not load axios (its thread would pay about 70 ms at every start)', () => {
  const fakeCloud = path.resolve(__dirname, '../../lib/testing/fake-cloud.js');
  const script = `
    require(${JSON.stringify(fakeCloud)});
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes(require('path').join('node_modules', 'axios', '')))));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([]);
});
