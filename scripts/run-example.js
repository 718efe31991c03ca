#!/usr/bin/env node
// `npm run example`: starts the bundled fake cloud, runs `cdktf synth` on the main
// example (examples/quota-aware, via the top-level cdktf.json) against it, and prints
// what the stacks looked up. Needs `npm run build` first (the npm script does it).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startFakeCloud } = require('../lib/testing');

const root = path.join(__dirname, '..');

async function main() {
  const cloud = await startFakeCloud();
  console.log(`fake cloud on ${cloud.url}`);
  const env = { ...process.env, ...cloud.env(), CHECKPOINT_DISABLE: '1' };
  const cdktf = path.join(root, 'node_modules', '.bin', 'cdktf');
  const code = await new Promise((resolve) => {
    spawn(cdktf, ['synth'], { cwd: root, env, stdio: 'inherit' }).once('exit', (c) => resolve(c ?? 1));
  });
  const requests = await cloud.requests();
  await cloud.stop();
  if (code !== 0) {
    console.error(`cdktf synth exited with ${code}`);
    return code;
  }
  const stacksDir = path.join(root, 'cdktf.out', 'stacks');
  for (const stack of fs.readdirSync(stacksDir)) {
    const tf = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, 'cdk.tf.json'), 'utf8'));
    console.log(`\nstack ${stack}:`);
    for (const [name, output] of Object.entries(tf.output ?? {})) {
      console.log(`  ${name} = ${JSON.stringify(output.value)}`);
    }
    const resources = Object.keys((tf.resource ?? {}).null_resource ?? {});
    console.log(`  null_resource: ${resources.length}`);
  }
  console.log(`\n${requests.length} request(s) to the fake cloud: ${requests.map((r) => `${r.operation} ${r.status}`).join(', ')}`);
  return 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
