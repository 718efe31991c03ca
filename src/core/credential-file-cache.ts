import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Reads a credential file's text into what its chain uses: `file` names it in errors.
 * @internal
 */
export type CredentialFileParser<T> = (text: string, file: string) => T;

/**
 * The credential files read for one purpose, each read once and parsed once: the lookup
 * engine keeps one per app, so 30 lookup constructs of a cloud read `~/.qingcloud/config.yaml`
 * once, not 30 times (most often only to find it missing), and parse it once (a small
 * YAML file costs about 1 ms of CPU a parse, once the parser is loaded).
 *
 * A file is cached by its absolute path, with what reading it gave: its text, its absence,
 * or the error (given again on every read). Whatever changes the path (HOME, a variable
 * naming the file, the working directory for a relative path) reads the new file; a
 * file rewritten in place is seen by the next cache (the next app, the next synth process),
 * not by this one.
 */
export class CredentialFileCache {
  private readonly read = new Map<string, { readonly text?: string; readonly error?: unknown }>();
  /** Per parser, per file as named: the text parsed and what parsing it gave. */
  private readonly parses = new Map<
    CredentialFileParser<unknown>,
    Map<string, { readonly text: string; readonly failed: boolean; readonly value?: unknown; readonly error?: unknown }>
  >();

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

  /**
   * `text`, the text of `file`, parsed with `parse` once for this cache: a later call with
   * the same parser, file and text gives the same value (or throws the same error) without
   * parsing again; another text (the file read through another cache) is parsed anew.
   *
   * The value is shared by every caller: read it, never change it.
   * @throws what `parse` threw, on every call
   * @internal
   */
  parsed<T>(file: string, text: string, parse: CredentialFileParser<T>): T {
    let byFile = this.parses.get(parse);
    if (!byFile) {
      byFile = new Map();
      this.parses.set(parse, byFile);
    }
    let hit = byFile.get(file);
    if (!hit || hit.text !== text) {
      try {
        hit = { text, failed: false, value: parse(text, file) };
      } catch (err) {
        hit = { text, failed: true, error: err };
      }
      byFile.set(file, hit);
    }
    if (hit.failed) throw hit.error;
    return hit.value as T;
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
