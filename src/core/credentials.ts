import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialsError, MissingCredentialsError } from './errors';

/** Where credential sources look: injected so tests never read the real home directory. */
export interface CredentialContext {
  /**
   * Environment variables to read.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Home directory for config files.
   * @default $HOME, else os.homedir()
   */
  readonly homeDir?: string;
  /**
   * Reads the credential files through this cache, so that many chains resolved for one
   * purpose (the lookups of one app) read each file once. Files are cached by absolute
   * path, so a changed HOME or file variable reads the new file.
   * @default no cache: every chain reads its files anew
   */
  readonly files?: CredentialFileCache;
}

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
        hit = { text: readOrUndefined(key) };
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
 * Reads a credential file (through `ctx.files` when set): its text, or undefined when it
 * does not exist.
 * @throws the file system's error (with its `code`) when it exists but cannot be read
 */
export function readCredentialFile(ctx: CredentialContext, file: string): string | undefined {
  return ctx.files ? ctx.files.text(file) : readOrUndefined(file);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** One place a credential chain looks, and what it found there. */
export interface CredentialSource<T> {
  /** Human description of the place, e.g. `environment (QINGCLOUD_ACCESS_KEY, QINGCLOUD_SECRET_KEY)`. */
  readonly description: string;
  /** Whatever the place holds, or undefined when it holds nothing. */
  load(): Partial<T> | undefined;
}

/** A resolved credential, with the place it came from (never printed with its secret). */
export type Resolved<T> = T & { readonly source: string };

/**
 * Walks a credential chain: the first source that has every `required` field wins whole
 * (keys are never mixed across sources). A source with only some of them is an error,
 * since that is almost always a typo. Nothing found is an error naming every place looked.
 *
 * `settings` (region, zone, endpoint, ...) are not keys: each is taken from the first
 * source that sets it, whichever source the keys came from, so keys passed as a prop
 * still honour an endpoint set in the environment.
 *
 * @throws MissingCredentialsError when no source holds any of the keys (it carries the
 *   settings found, for lookups that run offline); CredentialsError for a half pair.
 */
export function resolveChain<T extends object>(
  cloud: string,
  required: ReadonlyArray<keyof T & string>,
  sources: ReadonlyArray<CredentialSource<T>>,
  fix: string,
  settings: ReadonlyArray<keyof T & string> = [],
): Resolved<T> {
  const loaded = sources.map((s) => ({ source: s, found: s.load() }));
  for (const { source, found } of loaded) checkCredentialTypes(cloud, source.description, found, [...required, ...settings], fix);
  const settled: Partial<T> = {};
  for (const name of settings) {
    const hit = loaded.find(({ found }) => found && nonEmpty(found[name]));
    if (hit) settled[name] = hit.found![name];
  }
  for (const { source, found } of loaded) {
    if (!found) continue;
    const present = required.filter((k) => nonEmpty(found[k]));
    if (present.length === 0) continue;
    if (present.length < required.length) {
      const missing = required.filter((k) => !nonEmpty(found[k]));
      throw new CredentialsError(
        `${cloud} credentials in ${source.description} are incomplete: ${present.join(', ')} set but ${missing.join(', ')} missing. ${fix}`,
      );
    }
    return { ...(found as T), ...settled, source: source.description };
  }
  const places = sources.map((s, i) => `  ${i + 1}. ${s.description}`).join('\n');
  throw new MissingCredentialsError(`No ${cloud} credentials found. Looked in:\n${places}\n${fix}`, settled as Record<string, unknown>);
}

/**
 * Refuses credentials that are not an object, or whose key or setting is a number, a
 * boolean or another value that is not a string (an object is left to the chain, which
 * builds some itself), naming the field and its type but never its value: a secret of
 * the wrong type must not reach a signer, whose error would print it.
 * @throws CredentialsError
 */
export function checkCredentialTypes(cloud: string, where: string, found: unknown, fields: readonly string[], fix: string): void {
  if (found === undefined || found === null) return;
  if (typeof found !== 'object' || Array.isArray(found)) {
    throw new CredentialsError(
      `${cloud} credentials in ${where} must be an object with ${fields.slice(0, 2).join(' and ')}; got ${kindOf(found)} (its value is not shown). ${fix}`,
    );
  }
  for (const field of fields) {
    const v = (found as Record<string, unknown>)[field];
    if (v !== undefined && v !== null && typeof v !== 'string' && (typeof v !== 'object' || Array.isArray(v))) {
      throw new CredentialsError(`${cloud} credentials in ${where}: ${field} must be a string; got ${kindOf(v)} (its value is not shown). ${fix}`);
    }
  }
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;
}

/** The environment of a context. */
export function envOf(ctx: CredentialContext): Readonly<Record<string, string | undefined>> {
  return ctx.env ?? process.env;
}

/** The home directory of a context. */
export function homeOf(ctx: CredentialContext): string {
  return ctx.homeDir ?? envOf(ctx).HOME ?? os.homedir();
}

/** Reads a file under the home directory, or undefined when it does not exist. */
export function readHomeFile(ctx: CredentialContext, ...segments: string[]): { path: string; text?: string } {
  const file = path.join(homeOf(ctx), ...segments);
  let text: string | undefined;
  try {
    text = readCredentialFile(ctx, file);
  } catch (err) {
    throw new CredentialsError(`Could not read ${file}: ${(err as Error).message}`);
  }
  return text === undefined ? { path: file } : { path: file, text };
}

/**
 * Parses the flat `key: value` YAML that cloud CLIs write (quotes, comments, blank
 * lines). Nested structures are not needed by any credential file this library reads.
 */
export function parseFlatYaml(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9_.-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    if (/^'.*'$/.test(value) || /^".*"$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/** Parses an INI file into sections of key/value pairs (`[section]`, `key = value`, `;`/`#` comments). */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const s = /^\[(.+)\]$/.exec(line);
    if (s) {
      section = s[1].trim();
      out[section] ??= {};
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (kv) (out[section] ??= {})[kv[1].trim()] = kv[2].trim();
  }
  return out;
}
