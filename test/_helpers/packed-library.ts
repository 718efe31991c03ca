// The library as a user gets it, for the packaging tests: `npm pack` into a folder of the
// test file's own, with a fake cloud to run the packed apps against.
import { execFileSync, spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FakeCloud, startFakeCloud } from '../../src/testing/fake-cloud';

/** What a packaging test works with. */
export interface PackedLibrary {
  /**
   * A fake cloud started for the whole file, not with useFakeCloud: its reset before each
   * test talks to the server over a kept-alive socket that minutes of blocking installs
   * (spawnSync) leave dead (EPIPE).
   */
  readonly fake: FakeCloud;
  /** A new folder (its real path) the apps are made in; the tarball is in it. */
  readonly work: string;
  /** The packed library, `cdktf-headroom-<version>.tgz`. */
  readonly tarball: string;
}

const REPO = path.join(__dirname, '..', '..');

/**
 * Starts a fake cloud and packs the library into a new folder named from `prefix`. `npm
 * test` built lib/ already, so `--ignore-scripts` skips prepack's second build. What it
 * started is stopped again when packing fails.
 */
export async function packLibrary(prefix: string): Promise<PackedLibrary> {
  const fake = await startFakeCloud();
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  try {
    const name = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--loglevel=error'], { cwd: REPO, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop();
    if (!name) throw new Error(`npm pack named no tarball in ${work}`);
    return { fake, work, tarball: path.join(work, name) };
  } catch (err) {
    await unpackLibrary({ fake, work });
    throw err;
  }
}

/** Stops the fake cloud and removes the folder of {@link packLibrary}, as far as it got. */
export async function unpackLibrary(packed: Partial<PackedLibrary>): Promise<void> {
  await packed.fake?.stop();
  if (packed.work) fs.rmSync(packed.work, { recursive: true, force: true });
}

/** Runs a command to its end, as a user's shell would, and returns what it did; throws only when it could not be started. */
export function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}
