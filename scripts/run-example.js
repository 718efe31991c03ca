#!/usr/bin/env node
// `npm run example`: starts the bundled fake cloud, runs `cdktf synth` on the main
// example (examples/quota-aware, via the top-level cdktf.json) against it, and prints
// what the stacks looked up, and the gate's verdict. Needs `npm run build` first (the npm script does it).
//
// The fake cloud listens on a fixed port (HEADROOM_EXAMPLE_PORT, default 47813), so the
// lookup record the run writes (cdktf.lookups.json, keyed by endpoint) can be replayed:
// `npm run example -- --offline` synthesizes the same example from the record alone, with
// the lookups offline and no fake cloud running at all.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { readGateReport, renderVerdictTable } = require('../lib');
const { FakeCloud, startFakeCloud } = require('../lib/testing');

const root = path.join(__dirname, '..');
const DEFAULT_PORT = 47813;

function examplePort() {
  const raw = process.env.HEADROOM_EXAMPLE_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`HEADROOM_EXAMPLE_PORT must be a port from 1 to 65535 (a fixed one: the record's keys name it); got ${JSON.stringify(raw)}`);
  }
  return port;
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--offline');
  if (unknown.length > 0) throw new Error(`unexpected argument ${JSON.stringify(unknown[0])}; allowed: --offline`);
  const offline = args.includes('--offline');
  const port = examplePort();
  let cloud;
  let env;
  if (offline) {
    // The same endpoints (and keys) as the live run, so the keys match the record; nothing listens there.
    env = { ...process.env, ...new FakeCloud(port, '127.0.0.1', async () => {}).env(), HEADROOM_LOOKUP_MODE: 'offline' };
    console.log(`offline: replaying the lookup record; no fake cloud (its endpoints, http://127.0.0.1:${port}, only name the records)`);
  } else {
    try {
      cloud = await startFakeCloud({ port });
    } catch (err) {
      throw new Error(
        `could not start the fake cloud on port ${port} (${err.message}); set HEADROOM_EXAMPLE_PORT to a free port, and use the same one for the offline replay`,
        { cause: err },
      );
    }
    console.log(`fake cloud on ${cloud.url}`);
    env = { ...process.env, ...cloud.env() };
  }
  env.CHECKPOINT_DISABLE = '1';
  const cdktf = path.join(root, 'node_modules', '.bin', 'cdktf');
  const code = await new Promise((resolve) => {
    spawn(cdktf, ['synth'], { cwd: root, env, stdio: 'inherit' }).once('exit', (c) => resolve(c ?? 1));
  });
  const requests = cloud ? await cloud.requests() : [];
  if (cloud) await cloud.stop();
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
    for (const [type, resources] of Object.entries(tf.resource ?? {})) {
      console.log(`  ${type}: ${Object.keys(resources).length}`);
    }
  }
  if (offline) console.log('\n0 request(s): every value came from the lookup record');
  else console.log(`\n${requests.length} request(s) to the fake cloud: ${requests.map((r) => `${r.operation} ${r.status}`).join(', ')}`);
  const report = readGateReport(path.join(root, 'cdktf.out', 'headroom', 'report.json'));
  console.log(`\ngate verdict (synth run ${report.run.id}):\n${renderVerdictTable(report)}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err.message ?? err);
    process.exit(1);
  },
);
