import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeadroomError } from './errors';

/**
 * Path of a compiled worker script that sits beside the calling module.
 *
 * Worker threads run plain JavaScript. Installed, the library runs from `lib/` and the
 * script is right there. In this repository's tests the caller runs from `src/` through
 * ts-jest, so the compiled twin under `lib/` is used (`npm test` builds first).
 */
export function workerScript(dirname: string, name: string): string {
  const beside = path.join(dirname, `${name}.js`);
  if (fs.existsSync(beside)) return beside;
  const parts = dirname.split(path.sep);
  const at = parts.lastIndexOf('src');
  if (at < 0) throw new HeadroomError('HEADROOM_LOOKUP', `cdktf-headroom: worker script ${beside} not found; reinstall the package.`);
  parts[at] = 'lib';
  const compiled = path.join(parts.join(path.sep), `${name}.js`);
  if (fs.existsSync(compiled)) return compiled;
  throw new HeadroomError('HEADROOM_LOOKUP', `cdktf-headroom: worker script ${name}.js not found beside ${dirname} or at ${compiled}; run \`npm run build\`.`);
}
