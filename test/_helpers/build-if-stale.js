// Jest global setup: tests always run the current code.
//
// Lookup workers, the fake cloud's thread, `cdktf synth` and the CLI in child processes
// all run the compiled `lib/` (worker threads and child processes run JavaScript, not
// ts-jest's in-memory TypeScript), and the examples run as compiled `main.js`. So before
// any test runs, this rebuilds `lib/` (and the examples) when a file under `src/` (or an
// example's `main.ts`, or a tsconfig) is newer than the last build; `npx jest` after an edit
// can no longer test stale code. A fresh build costs nothing: only file times are read.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

/** The newest modification time (ms) of the files under `dir` whose names match `re`. */
function newest(dir, re) {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(full, re));
    else if (re.test(entry.name)) max = Math.max(max, fs.statSync(full).mtimeMs);
  }
  return max;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function tsc(project) {
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`jest global setup: \`tsc -p ${project}\` failed, so the tests would run stale code; fix the build first:\n${r.stdout}${r.stderr}`);
  }
}

/** Which builds under `root` are stale: `lib/` from `src/`, the examples from their `main.ts`. */
function staleBuilds(root = ROOT) {
  const configs = Math.max(mtime(path.join(root, 'tsconfig.json')), mtime(path.join(root, 'tsconfig.build.json')));
  const libStale = Math.max(newest(path.join(root, 'src'), /\.ts$/), configs) > mtime(path.join(root, 'lib', 'index.js'));
  const examples = path.join(root, 'examples');
  const examplesStale = fs
    .readdirSync(examples, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(examples, d.name, 'main.ts')))
    .some(
      (d) =>
        Math.max(mtime(path.join(examples, d.name, 'main.ts')), configs, mtime(path.join(examples, 'tsconfig.json'))) >
        mtime(path.join(examples, d.name, 'main.js')),
    );
  return { libStale, examplesStale };
}

module.exports = async function buildIfStale() {
  const { libStale, examplesStale } = staleBuilds();
  if (libStale) {
    process.stderr.write('\njest global setup: src/ is newer than lib/; building (tsc -p tsconfig.build.json)\n');
    tsc('tsconfig.build.json');
  }
  // The examples are compiled against lib/'s declarations: rebuild them after lib too.
  if (libStale || examplesStale) tsc('examples/tsconfig.json');
};

module.exports.staleBuilds = staleBuilds;
