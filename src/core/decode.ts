import { CloudServiceError, HeadroomError } from './errors';
import { parseJsonAnswer } from './json-answer';
import { redactInScope, redactValueInScope } from './redact';
import { escapeControl } from './text';

/**
 * Which form a value is read in: `wire` (a cloud's answer: snake_case or PascalCase
 * names, as the API sends them) or `plain` (the library's camelCase result, as lookups
 * return it and the lookup record stores it).
 */
export type DecodeForm = 'wire' | 'plain';

/**
 * Reads an unknown value at a path (e.g. `data[3].instance_count`) into a typed one, or
 * throws a {@link DecodeError} naming the path. Never returns a default for a value that
 * is missing or of the wrong type.
 */
export type Decoder<T> = (value: unknown, path: string, form: DecodeForm) => T;

/**
 * A value did not have its declared shape. Thrown by the decoders of this module and
 * always turned, by whoever decodes, into the error of its context: a malformed cloud
 * answer (`HEADROOM_CLOUD`) or a bad record entry (`HEADROOM_RECORD`).
 */
export class DecodeError extends HeadroomError {
  constructor(
    /** Where the bad value is, e.g. `data[3].instance_count`. */
    public readonly path: string,
    /** What was allowed there, e.g. `an integer, 0 or more`. */
    public readonly expected: string,
    /** The value found (abbreviated), or `missing`. */
    public readonly received: string,
  ) {
    super('HEADROOM_CLOUD', `${path || 'the body'} is ${received}; expected ${expected}`);
  }
}

/**
 * A short description of a value for messages: `missing`, a number out of range (JSON's
 * `1e309` reads as Infinity), or JSON cut to 60 characters. The value is quoted from an
 * answer, which may echo the request: the running lookup's secrets are redacted (before
 * it is cut) and control characters escaped.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value)) return 'a number out of range (beyond ±1.8e308)';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  s = escapeControl(redactInScope(s.length > 4096 ? s.slice(0, 4096) : s));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new DecodeError(path, expected, describeValue(value));
}

/** A string (empty allowed). */
export const str: Decoder<string> = (v, p) => (typeof v === 'string' ? v : fail(p, 'a string', v));

/** A non-empty string. */
export const nonEmptyStr: Decoder<string> = (v, p) => (typeof v === 'string' && v !== '' ? v : fail(p, 'a non-empty string', v));

/** A finite number (floats allowed). */
export const num: Decoder<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'a finite number', v));

/** A finite number, 0 or more. */
export const nonNegative: Decoder<number> = (v, p) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(p, 'a number, 0 or more', v));

/** An integer, 0 or more: a count. */
export const count: Decoder<number> = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fail(p, 'an integer, 0 or more', v));

/** An integer (any sign). */
export const int: Decoder<number> = (v, p) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(p, 'an integer', v));

/** One of the given strings. */
export function literal<T extends string>(...allowed: T[]): Decoder<T> {
  return (v, p) =>
    typeof v === 'string' && (allowed as string[]).includes(v) ? (v as T) : fail(p, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, v);
}

/**
 * A value only some answers carry (a field only a seed's example shows): absent stays
 * `undefined`, never a default. `null` is not absent: it is of the wrong type.
 */
export function optional<T>(inner: Decoder<T>): Decoder<T | undefined> {
  return (v, p, f) => (v === undefined ? undefined : inner(v, p, f));
}

/** A value that may be absent or `null`, both read as `null`. */
export function nullable<T>(inner: Decoder<T>): Decoder<T | null> {
  return (v, p, f) => (v === undefined || v === null ? null : inner(v, p, f));
}

// Paths are built only for errors. `array` and `shape` hand their items and fields their
// own path, not the item's or field's; when one of them fails, it is decoded again with
// its exact path, which gives the error its exact path (decoders are pure: only the
// error differs). A page of 1,000 rows of 19 fields then builds no path at all.

/** Decodes again with the exact path, after a failure under the parent's path: throws the error with its exact path. */
function again<T>(inner: Decoder<T>, value: unknown, exactPath: string, f: DecodeForm, err: unknown): T {
  if (!(err instanceof DecodeError)) throw err;
  return inner(value, exactPath, f);
}

/** An array whose every item has the inner shape (paths `name[i]`). */
export function array<T>(inner: Decoder<T>): Decoder<T[]> {
  return (v, p, f) => {
    if (!Array.isArray(v)) fail(p, 'an array', v);
    const out: T[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      try {
        out[i] = inner(v[i], p, f);
      } catch (err) {
        out[i] = again(inner, v[i], `${p}[${i}]`, f, err);
      }
    }
    return out;
  };
}

/** An array that a cloud leaves out when it is empty: absent is `[]`; `null` or any other type is malformed. */
export function listOrAbsent<T>(inner: Decoder<T>): Decoder<T[]> {
  const list = array(inner);
  return (v, p, f) => (v === undefined ? [] : list(v, p, f));
}

/** Reads with `inner`, then maps the result (e.g. a number kept as its decimal string). */
export function map<A, B>(inner: Decoder<A>, fn: (a: A, form: DecodeForm) => B): Decoder<B> {
  return (v, p, f) => fn(inner(v, p, f), f);
}

/** The first of `decoders` that accepts the value; `expected` words the error when none does. */
export function either<T>(expected: string, ...decoders: Decoder<T>[]): Decoder<T> {
  return (v, p, f) => {
    for (const d of decoders) {
      try {
        return d(v, p, f);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
      }
    }
    return fail(p, expected, v);
  };
}

/** One field of a {@link shape}: its wire name and its decoder. */
export type Field<V> = readonly [wireName: string, decoder: Decoder<V>];

/** Every field of `T`, each with its wire name and decoder: what {@link shape} is built from. */
export type ShapeSpec<T> = { readonly [K in keyof T]-?: Field<T[K]> };

/**
 * An object's declared shape, read in either form: from the wire (keys by wire name) or
 * plain (keys by the public camelCase name). The public type `T` and the spec are checked
 * against each other by the compiler: every field of `T` has exactly one wire name and one
 * decoder, so the answer's shape and the result's type cannot drift apart.
 *
 * Keys the spec does not name are ignored (clouds add fields); a declared field that is
 * missing or mistyped is a {@link DecodeError}.
 */
export function shape<T>(spec: ShapeSpec<T>): Decoder<T> {
  const fields = Object.entries(spec) as Array<[string, Field<unknown>]>;
  const names = fields.map(([name]) => name);
  const wires = fields.map(([, [wire]]) => wire);
  const decoders = fields.map(([, [, dec]]) => dec);
  const has = Object.prototype.hasOwnProperty;
  return (v, p, f) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(p, 'an object', v);
    const src = v as Record<string, unknown>;
    const keys = f === 'wire' ? wires : names;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const raw = has.call(src, key) ? src[key] : undefined;
      let value: unknown;
      try {
        value = decoders[i](raw, p, f);
      } catch (err) {
        value = again(decoders[i], raw, p ? `${p}.${key}` : key, f, err);
      }
      if (value !== undefined) out[names[i]] = value;
    }
    return out as T;
  };
}

/** Who answered, for the errors of {@link decodeAnswer}. */
export interface AnswerContext {
  /** The cloud: `qingcloud`, `ucloud` or `huaweicloud`. */
  readonly cloud: string;
  /** How messages name the API, e.g. `QingCloud GetProjectResourceStat`. */
  readonly describe: string;
  /** The API operation. */
  readonly operation: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** The request id the cloud sent, if any. */
  readonly requestId?: string;
}

/**
 * Decodes a cloud's answer against its declared shape; every string of the result is
 * redacted of the running lookup's secrets (a cloud that echoes a signature into an id
 * cannot get it recorded). A missing or mistyped field is
 * a {@link CloudServiceError} (`HEADROOM_CLOUD`, not retried) naming the cloud, the
 * action, the request id and the field's path; nothing of the answer is used.
 */
export function decodeAnswer<T>(decoder: Decoder<T>, body: unknown, ctx: AnswerContext): T {
  try {
    // The decoder builds new objects: redacting their strings leaves the answer itself alone.
    return redactValueInScope(decoder(body, '', 'wire'));
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    throw malformedAnswer(ctx, err.message, err.path);
  }
}

/** The error of an answer whose content does not add up (`field` names where, when one field is to blame). */
export function malformedAnswer(ctx: AnswerContext, what: string, field?: string): CloudServiceError {
  const rid = ctx.requestId ? ` (request id ${ctx.requestId})` : '';
  return new CloudServiceError(
    `${ctx.describe}: malformed answer: ${what}${rid}. No value was taken from this answer: a missing or mistyped field is never read as 0. ` +
      "Check that the endpoint is the cloud's API; if it is, report the answer to the cloud's support" +
      (ctx.requestId ? ' with the request id.' : '.'),
    { cloud: ctx.cloud, operation: ctx.operation, status: ctx.status, requestId: ctx.requestId, retryable: false, field },
  );
}

/**
 * Parses a body as a JSON object; undefined when it is not JSON or not an object, or when
 * its structure cannot be trusted (a key twice in one object, nesting too deep).
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const answer = parseJsonAnswer(text);
  return answer.kind === 'object' ? answer.body : undefined;
}

/**
 * Parses a cloud's answer as a JSON object: undefined when it is not JSON or not an
 * object (the cloud's reader then applies {@link notCloudJson}); a key twice in one
 * object or nesting deeper than 64 levels is a malformed answer (`HEADROOM_CLOUD`, not
 * retried) naming the field, never "the last key wins".
 */
export function readJsonObject(text: string, ctx: AnswerContext): Record<string, unknown> | undefined {
  const answer = parseJsonAnswer(text);
  if (answer.kind === 'malformed') {
    const { path, what } = answer.problem;
    throw malformedAnswer(ctx, `${path || 'the body'} ${what}`, path || undefined);
  }
  return answer.kind === 'object' ? answer.body : undefined;
}

/**
 * What kind of not-an-answer a body is, when that kind never changes on a retry: a byte
 * order mark, a page of HTML or XML (a portal, a wrong endpoint), JSON that is not an
 * object. Undefined for what may be transient (an empty or cut body).
 */
function deterministicNotJson(body: string): string | undefined {
  if (body.charCodeAt(0) === 0xfeff) return 'it starts with a byte order mark (U+FEFF), which no JSON answer of the API has';
  const head = body.trimStart();
  if (head.startsWith('<')) return 'it is an HTML or XML page, not an API answer';
  if (head !== '' && parseJsonAnswer(body).kind === 'other') return 'it is JSON, but not an object';
  return undefined;
}

/**
 * The one rule for an answer that is not the cloud's JSON at all: a body that is the
 * same on every try (a byte order mark, an HTML page, JSON that is not an object) is never
 * retried; an empty or cut body at 2xx is (a truncated answer is usually transient); at
 * any other status the cloud's own retry classification of that status decides
 * (`statusRetryable`). The body is quoted redacted, escaped and cut to 80 characters.
 */
export function notCloudJson(ctx: AnswerContext, cloudLabel: string, body: string, statusRetryable: boolean, retryAfterMs?: number): CloudServiceError {
  const rid = ctx.requestId ? ` (request id ${ctx.requestId})` : '';
  const ok = ctx.status >= 200 && ctx.status < 300;
  // At 2xx the kind of body decides the retry, so the message names it.
  const why = ok ? deterministicNotJson(body) : undefined;
  const retryable = (ok && why === undefined) || statusRetryable;
  // Redacted before it is cut: a cut signature would no longer match as a whole.
  const quoted = escapeControl(JSON.stringify(redactInScope(body.slice(0, 4096))));
  return new CloudServiceError(
    `${ctx.describe}: HTTP ${ctx.status} with a body that is not a ${cloudLabel} answer${why ? ` (${why})` : ''} ` +
      `(${quoted.length > 82 ? `${quoted.slice(0, 78)}..."` : quoted})${rid}` +
      `${retryable ? '; if this persists,' : why ? '; not retried:' : ';'} check the endpoint URL.`,
    { cloud: ctx.cloud, operation: ctx.operation, status: ctx.status, requestId: ctx.requestId, retryable, retryAfterMs },
  );
}
