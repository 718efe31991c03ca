import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../core/errors';
import { CliCommand, parseCommandArgs } from '../command';
import { STARTER_FRAMEWORKS, StarterFramework, starterAppFiles } from '../starter-app';

/**
 * `cdktf-headroom init`: writes the starter app of docs/getting-started.md (package.json,
 * tsconfig.json, cdktf.json, main.ts) into a folder, for cdktf 0.21 or cdktn 0.24. It never
 * overwrites a file unless told to.
 */
export const initCommand: CliCommand = {
  name: 'init',
  usage: 'init [--framework cdktf|cdktn] [--dir DIR] [--force]',
  summary:
    'Write a starter app (package.json, tsconfig.json, cdktf.json, main.ts: three lookups and a gate, against the fake cloud) into a folder, as docs/getting-started.md shows it.',
  options: [
    { name: 'framework', type: 'string', description: `the app's framework: ${STARTER_FRAMEWORKS.join(' or ')}; default cdktf` },
    { name: 'dir', type: 'string', description: 'the folder to write into (made when missing); default the current one' },
    { name: 'force', type: 'boolean', description: 'overwrite files that are already there; default off (refuses, naming them)' },
  ],
  examples: ['mkdir my-app && cd my-app && npx cdktf-headroom init', 'npx cdktf-headroom init --framework cdktn --dir my-app'],
  async run(args, io) {
    const f = parseCommandArgs(this.options, args).values as { framework?: string; dir?: string; force?: boolean };
    const framework = (f.framework ?? 'cdktf') as StarterFramework;
    if (!(STARTER_FRAMEWORKS as readonly string[]).includes(framework)) {
      throw new InputError(`--framework must be one of ${STARTER_FRAMEWORKS.join(', ')}; got ${JSON.stringify(f.framework)}`);
    }
    const dir = path.resolve(f.dir ?? '.');
    const files = starterAppFiles(framework);
    const there = Object.keys(files).filter((name) => fs.existsSync(path.join(dir, name)));
    if (there.length > 0 && !f.force) {
      throw new InputError(`${dir} already has ${there.join(', ')}; init writes no file over another. Use an empty folder, or --force to overwrite them.`);
    }
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const relative = path.relative(process.cwd(), dir);
    const cd = relative === '' ? '' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
    io.out(
      `wrote a ${framework} starter app to ${dir}: ${Object.keys(files).join(', ')}\n\n` +
        'next (docs/getting-started.md has each step):\n' +
        (cd ? `  cd ${cd}\n` : '') +
        '  npm install cdktf-headroom                  # before it is published: npm install /path/to/cdktf-headroom-0.1.0.tgz\n' +
        '  npx cdktf-headroom fake-cloud --port 8080   # in another shell; paste its export lines into this one\n' +
        `  npx ${framework} synth\n` +
        (framework === 'cdktn' ? '  (cdktn-cli needs Node 22.19 or later: see "Node 22 for cdktn-cli" in the guide)\n' : ''),
    );
    return 0;
  },
};
