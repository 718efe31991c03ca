import { InputError } from './errors';

/**
 * Builds input errors that name the construct path, the field, the value received,
 * what is allowed, and (optionally) how to fix it.
 */
export class Validator {
  constructor(private readonly where: string) {}

  /** Throws an {@link InputError} for `field`. */
  fail(field: string, value: unknown, allowed: string, fix?: string): never {
    throw new InputError(`${this.where}: ${field} must be ${allowed}; got ${show(value)}.${fix ? ` ${fix}` : ''}`);
  }

  /**
   * A construct's props object. `undefined` is `{}` when the construct has no required
   * prop (`required` left out); otherwise `undefined`, `null` or anything but an object
   * is an {@link InputError} naming the construct and what it requires.
   */
  props<T extends object>(construct: string, value: T | null | undefined, required?: string): T {
    if (value === undefined && required === undefined) return {} as T;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    const allowed = required === undefined ? 'an object of props, or left out' : `an object with ${required}`;
    throw new InputError(`${this.where}: ${construct} props must be ${allowed}; got ${show(value)}.`);
  }

  /** A string with at least one non-blank character. */
  nonEmptyString(field: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, value, 'a non-empty string');
    return value;
  }

  /** An optional non-empty string. */
  optionalString(field: string, value: unknown): string | undefined {
    return value === undefined ? undefined : this.nonEmptyString(field, value);
  }

  /** An integer in [min, max]. */
  integer(field: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, value, `an integer from ${min} to ${max}`);
    }
    return value;
  }

  /** An http(s) URL. */
  url(field: string, value: unknown): string {
    if (typeof value !== 'string') this.fail(field, value, 'an http(s) URL such as https://api.example.com/');
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      return this.fail(field, value, 'an http(s) URL such as https://api.example.com/');
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') this.fail(field, value, 'an http(s) URL (http: or https:)');
    if (u.username || u.password) this.fail(field, describe(u), 'a URL without user:password (pass credentials in props or the environment)');
    return value;
  }

  /**
   * A credentials prop holding a key pair: an object whose two named fields are non-empty
   * strings. The error shows the shape received with every value masked (`***`), never a secret.
   */
  keyPair(field: string, value: unknown, names: readonly [string, string]): void {
    const allowed = `{ ${names.join(', ')} } with non-empty strings`;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(field, value === null ? null : Array.isArray(value) ? 'an array' : typeof value, allowed);
    const o = value as Record<string, unknown>;
    const ok = names.every((n) => typeof o[n] === 'string' && (o[n] as string).trim() !== '');
    if (!ok) {
      const shape = `{ ${Object.keys(o)
        .map(
          (k) =>
            `${k}: ${typeof o[k] === 'string' ? (o[k] === '' ? '(empty)' : '***') : o[k] === undefined || o[k] === null ? String(o[k]) : `(a ${typeof o[k]}, not shown)`}`,
        )
        .join(', ')} }`;
      throw new InputError(`${this.where}: ${field} must be ${allowed}; got ${shape}. Pass both, or leave the prop out to use the credential chain.`);
    }
  }

  /**
   * A list of ids: an array of non-empty strings without spaces, duplicates removed (first
   * kept). `what` names one id with an example, e.g. `a resource group id such as "rg-workers"`.
   * An empty array is allowed: it gives an empty list.
   */
  idList(field: string, value: unknown, what: string): string[] {
    if (!Array.isArray(value)) this.fail(field, value, `an array of ids, each ${what}`);
    const out: string[] = [];
    value.forEach((id: unknown, i: number) => {
      if (typeof id !== 'string' || id.trim() === '' || /\s/.test(id)) this.fail(`${field}[${i}]`, id, `${what} (a non-empty string without spaces)`);
      if (!out.includes(id)) out.push(id);
    });
    return out;
  }

  /** One of a fixed set of strings. */
  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    }
    return value as T;
  }
}

function describe(u: URL): string {
  return `${u.protocol}//***@${u.host}${u.pathname}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
