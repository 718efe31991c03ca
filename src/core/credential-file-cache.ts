import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The credential files read for one purpose, each read once: the lookup engine keeps one
 * per app, so 30 lookup constructs of a cloud read `~/.qingcloud/config.yaml` once, not 30
 * times (most often only to find it missing).
 *
 * A file is cached by its absolute path, with what reading it gave: its text, its absence,
 * or the error (given again on every read). Whatever changes the path (HOME, a variable
 * naming the file, the working directory for a relative path) reads the new file; a
 * file rewritten in place is seen by the next cache (the next app), not by this one.
 */
export class CredentialFileCache {
  private readonly read = new Map<string, { readonly text?: string; readonly error?: unknown }>();

  /**
   * The text of `file`, or undefined when it does not exist.
   * @throws the file system's error (with its `code`) when it exists but cannot be read
   */
  text(file: string): string | undefined {
    const key = path.resolve(file);
    let hit = this.read.get(key);
    if (!hit) {
      try {
        hit = { text: readTextOrUndefined(key) };
      } catch (err) {
        hit = { error: err };
      }
      this.read.set(key, hit);
    }
    if (hit.error !== undefined) throw hit.error;
    return hit.text;
  }
}

/**
 * The UTF-8 text of `file`, read now, or undefined when it does not exist: a missing
 * credential file is the common case (the cloud's CLI was never set up), not an error.
 * @throws the file system's error (with its `code`) when it exists but cannot be read
 */
export function readTextOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
