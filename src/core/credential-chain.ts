import { CredentialContext, envOf } from './credential-context';
import { CredentialsError, MissingCredentialsError } from './errors';

/** One place a credential chain looks, and what it found there. */
export interface CredentialSource<T> {
  /** Human description of the place, e.g. `environment (QINGCLOUD_ACCESS_KEY, QINGCLOUD_SECRET_KEY)`. */
  readonly description: string;
  /** Whatever the place holds, or undefined when it holds nothing. */
  load(): Partial<T> | undefined;
}

/** The explicit `credentials` prop (or option): the first place of every chain. */
export function credentialsProp<T>(explicit: Partial<T> | undefined): CredentialSource<T> {
  return { description: 'the credentials prop', load: () => explicit };
}

/**
 * Environment variables as a place of a chain, described by its key variables
 * (`environment variables A and B`): each key is read as set (a half pair is the chain's
 * error), each setting only when it is not empty.
 */
export function environmentSource<T>(
  env: Readonly<Record<string, string | undefined>>,
  keys: Partial<Record<keyof T & string, string>>,
  settings: Partial<Record<keyof T & string, string>> = {},
): CredentialSource<T> {
  return {
    description: `environment variables ${Object.values(keys).join(' and ')}`,
    load: () => {
      const found: Record<string, string | undefined> = {};
      for (const [field, name] of Object.entries(keys)) found[field] = env[name as string];
      for (const [field, name] of Object.entries(settings)) found[field] = env[name as string] || undefined;
      return found as Partial<T>;
    },
  };
}

/**
 * The options of a client set up from its cloud's chain, as the cloud's construct sets
 * itself up: the keys out of what the chain found, and each named setting (endpoint,
 * zone, region, ...) as the caller gave it, else as the chain found it, so a script
 * honours the same environment as the stacks and what its caller passed wins.
 *
 * @param options the caller's options; their `credentials` (keys and settings) go first in the chain
 * @param chain runs the cloud's chain with the given credentials
 * @param keys the keys the client signs with, out of what the chain found
 * @param settings the settings the chain may give
 */
export function clientOptionsFromChain<F, K, O extends { readonly credentials?: Partial<F> }, N extends keyof F & keyof O & string>(
  options: O,
  chain: (given: Partial<F> | undefined) => F,
  keys: (found: F) => K,
  settings: readonly N[],
): Omit<O, 'credentials'> & { readonly credentials: K } {
  const { credentials, ...rest } = options;
  const found = chain(credentials);
  const settled: Record<string, unknown> = {};
  for (const name of settings) settled[name] = (rest as Record<string, unknown>)[name] ?? found[name];
  return { ...rest, ...settled, credentials: keys(found) };
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
 * A key-pair cloud's credential chain, declared once in its folder: the environment
 * variables of its keys and of its settings, and how to fix a miss. The key and setting
 * names the chain checks are the fields named here, so they cannot drift from the variables.
 */
export interface KeyPairChain<T> {
  /** The cloud as errors name it, e.g. `QingCloud`. */
  readonly cloud: string;
  /** Each key by the environment variable that sets it: every key is required, all from one place. */
  readonly keys: Partial<Record<keyof T & string, string>>;
  /** Each setting (zone, region, endpoint, ...) by its environment variable: each is taken from the first place that sets it. */
  readonly settings: Partial<Record<keyof T & string, string>>;
  /** How to fix missing credentials; ends the errors. */
  readonly fix: string;
}

/**
 * Walks a key-pair cloud's chain: the credentials prop, then the environment, then `files`
 * (the cloud's CLI or SDK files), as {@link resolveChain} does.
 * @throws MissingCredentialsError when no place holds a key; CredentialsError for a half pair.
 */
export function resolveKeyPairChain<T extends object>(
  chain: KeyPairChain<T>,
  explicit: Partial<T> | undefined,
  ctx: CredentialContext,
  files: ReadonlyArray<CredentialSource<T>>,
): Resolved<T> {
  const sources = [credentialsProp(explicit), environmentSource<T>(envOf(ctx), chain.keys, chain.settings), ...files];
  return resolveChain(
    chain.cloud,
    Object.keys(chain.keys) as Array<keyof T & string>,
    sources,
    chain.fix,
    Object.keys(chain.settings) as Array<keyof T & string>,
  );
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
