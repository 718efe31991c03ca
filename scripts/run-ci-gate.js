#!/usr/bin/env node
// `npm run example:ci-gate`: the CI gate example against the bundled fake cloud. Starts
// the fake cloud, runs examples/ci-gate/ci.sh (cdktf synth, then cdktf-headroom check)
// with the environment pointing at it, and exits with ci.sh's code: 0 pass, 1 warnings
// (when failing on warnings), 2 violations. Needs `npm run build` first (the npm script
// does it). Settings such as INSTANCE_LIMIT=44 pass through the environment; arguments
// go to `check` (e.g. --fail-on-warnings).
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const { startFakeCloud } = require('../lib/testing');

const root = path.join(__dirname, '..');

async function main() {
  const cloud = await startFakeCloud();
  console.log(`fake cloud on ${cloud.url}`);
  const env = {
    ...process.env,
    ...cloud.env(),
    CHECKPOINT_DISABLE: '1',
    CDKTF: path.join(root, 'node_modules', '.bin', 'cdktf'),
    HEADROOM: `${process.execPath} ${path.join(root, 'lib', 'cli', 'main.js')}`,
  };
  const script = path.join(root, 'examples', 'ci-gate', 'ci.sh');
  const code = await new Promise((resolve) => {
    spawn('bash', [script, ...process.argv.slice(2)], { env, stdio: 'inherit' }).once('exit', (c) => resolve(c ?? 2));
  });
  await cloud.stop();
  console.log(`\nci-gate: exit ${code}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
