// axios is loaded when a Transport is first made, not when the library is: a synth's main
// thread builds constructs and never sends a request, so it never pays axios's load time.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

it('loading the library does not load axios; making a Transport does', () => {
  const lib = path.resolve(__dirname, '../../lib/index.js');
  const script = `
    const axiosLoaded = () => Object.keys(require.cache).some((k) => /node_modules[\\\\/]axios[\\\\/]/.test(k));
    const { Transport } = require(${JSON.stringify(lib)});
    const before = axiosLoaded();
    new Transport();
    process.stdout.write(JSON.stringify({ before, after: axiosLoaded() }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ before: false, after: true });
});
