import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialFileCache, CredentialFileParser, readTextOrUndefined } from './credential-file-cache';
import { CredentialsError } from './errors';

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

/** The environment of a context: its `env`, else `process.env`. */
export function envOf(ctx: CredentialContext): Readonly<Record<string, string | undefined>> {
  return ctx.env ?? process.env;
}

/** The home directory of a context: its `homeDir`, else `HOME` of its environment, else `os.homedir()`. */
export function homeOf(ctx: CredentialContext): string {
  return ctx.homeDir ?? envOf(ctx).HOME ?? os.homedir();
}

/**
 * Reads a credential file (through `ctx.files` when set): its text, or undefined when it
 * does not exist.
 * @throws the file system's error (with its `code`) when it exists but cannot be read
 */
export function readCredentialFile(ctx: CredentialContext, file: string): string | undefined {
  return ctx.files ? ctx.files.text(file) : readTextOrUndefined(file);
}

/**
 * Parses the text of a credential file with `parse` (through `ctx.files` when set: the
 * chains that share the cache parse each file once). The value may be shared: read it,
 * never change it.
 * @throws what `parse` throws
 * @internal
 */
export function parseCredentialFile<T>(ctx: CredentialContext, file: string, text: string, parse: CredentialFileParser<T>): T {
  return ctx.files ? ctx.files.parsed(file, text, parse) : parse(text, file);
}

/**
 * Reads a file under the home directory of a context (through its cache): its path, and
 * its text unless it does not exist.
 * @throws CredentialsError naming the file when it exists but cannot be read
 */
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
