import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../core/errors';
import { DEFAULT_MAX_ROWS, MAX_ROWS_CONTEXT, MAX_ROWS_ENV } from '../core/pagination';
import { Validator } from '../core/validate';

/**
 * How a lookup gets its value.
 *
 * - `live`: always query the cloud, then record the answer (the default).
 * - `cached`: reuse a record younger than the max age, else query and record.
 * - `offline`: use records only, never the network; a missing record is an error.
 */
export type LookupMode = 'live' | 'cached' | 'offline';

/** Every {@link LookupMode}, in documentation order. */
export const LOOKUP_MODES: readonly LookupMode[] = ['live', 'cached', 'offline'];

/** Environment variable that sets the lookup mode of an app (wins over cdktf context). */
export const LOOKUP_MODE_ENV = 'HEADROOM_LOOKUP_MODE';
/** Environment variable that sets the max age of `cached` records: seconds, or `90s`, `15m`, `2h`, `1d`. */
export const LOOKUP_MAX_AGE_ENV = 'HEADROOM_LOOKUP_MAX_AGE';
/** Environment variable that sets the path of the lookup record file. */
export const LOOKUP_RECORD_FILE_ENV = 'HEADROOM_LOOKUP_RECORD_FILE';
/**
 * Environment variable that puts the lookup record in a PostgreSQL database shared by a
 * fleet of synths: a `postgres://` URL (wins over the record file settings).
 */
export const LOOKUP_RECORD_URL_ENV = 'HEADROOM_LOOKUP_RECORD_URL';
/**
 * Environment variable that sets how long a synth sharing a PostgreSQL record may hold a
 * question's lease while it asks the cloud (seconds, or `90s`, `2m`): others wait at most
 * this long for its answer, then ask themselves.
 */
export const LOOKUP_LEASE_ENV = 'HEADROOM_LOOKUP_LEASE';
/**
 * Environment variable that sets how long a PostgreSQL record keeps the points of a lookup's
 * history (a duration such as `90d`; default 400 days): a key's older points are deleted
 * when it gets a new one. The record file bounds its history by size instead.
 */
export const LOOKUP_HISTORY_RETENTION_ENV = 'HEADROOM_LOOKUP_HISTORY_RETENTION';
/** cdktf context key of the history retention of a shared lookup record (see {@link LOOKUP_HISTORY_RETENTION_ENV}). */
export const LOOKUP_HISTORY_RETENTION_CONTEXT = 'headroom:lookupHistoryRetention';

/** cdktf context key of the lookup mode (e.g. in `cdktf.json` `"context"`). */
export const LOOKUP_MODE_CONTEXT = 'headroom:lookupMode';
/** cdktf context key of the max age of `cached` records (seconds, or a duration such as `2h`). */
export const LOOKUP_MAX_AGE_CONTEXT = 'headroom:lookupMaxAge';
/** cdktf context key of the path of the lookup record file. */
export const LOOKUP_RECORD_FILE_CONTEXT = 'headroom:lookupRecordFile';
/** cdktf context key of the PostgreSQL URL of a shared lookup record (see {@link LOOKUP_RECORD_URL_ENV}). */
export const LOOKUP_RECORD_URL_CONTEXT = 'headroom:lookupRecordUrl';
/** cdktf context key of the lease of a shared lookup record (see {@link LOOKUP_LEASE_ENV}). */
export const LOOKUP_LEASE_CONTEXT = 'headroom:lookupLease';

/** Name of the lookup record file, in the app's working directory, when nothing else is set. */
export const DEFAULT_LOOKUP_RECORD_FILE = 'cdktf.lookups.json';
/** Max age of a record that `cached` mode reuses, when nothing else is set: one hour. */
export const DEFAULT_LOOKUP_MAX_AGE_SECONDS = 3600;
/** How long a synth sharing a PostgreSQL record holds a question's lease, when nothing else is set. */
export const DEFAULT_LOOKUP_LEASE_SECONDS = 60;

/**
 * Props every lookup construct accepts to choose, for that one lookup, how its value is
 * obtained. Extend it in a construct's props and pass the props to
 * `LookupEngine.register(request, path, props)`.
 *
 * @example
 * // Always ask the cloud for this one, even when the app runs offline or cached.
 * new ProjectResourceStat(this, 'usage', { ...query, lookupMode: 'live' });
 */
export interface LookupModeProps {
  /**
   * How this lookup gets its value: `live`, `cached` or `offline`.
   * @default the app's mode: `HEADROOM_LOOKUP_MODE`, else cdktf context `headroom:lookupMode`, else `live`
   */
  readonly lookupMode?: LookupMode;
  /**
   * In `cached` mode, the age (in seconds) up to which a record is reused.
   * @default `HEADROOM_LOOKUP_MAX_AGE`, else cdktf context `headroom:lookupMaxAge`, else 3600 (one hour)
   */
  readonly lookupMaxAgeSeconds?: number;
}

/** The mode and max age one lookup runs with, after props, environment and context. */
export interface LookupSettings {
  readonly mode: LookupMode;
  readonly maxAgeMs: number;
}

/** Where app-wide settings come from: environment variables, then cdktf context. */
export interface LookupSettingSources {
  readonly env: NodeJS.ProcessEnv;
  /** Reads a cdktf context value of the app (undefined when unset). */
  context(key: string): unknown;
}

/**
 * The settings of one lookup: its own props first, then the environment (per run), then
 * cdktf context (per project), then the defaults. Bad values are {@link InputError}s
 * naming where they came from.
 */
export function lookupSettings(where: string, props: LookupModeProps, sources: LookupSettingSources): LookupSettings {
  const v = new Validator(where);
  let mode: LookupMode;
  if (props.lookupMode !== undefined) mode = v.oneOf('lookupMode', props.lookupMode, LOOKUP_MODES);
  else {
    const [raw, from] = appSetting(sources, LOOKUP_MODE_ENV, LOOKUP_MODE_CONTEXT);
    mode = raw === undefined ? 'live' : new Validator(`${where}: ${from}`).oneOf('the lookup mode', raw, LOOKUP_MODES);
  }
  let maxAgeMs: number;
  if (props.lookupMaxAgeSeconds !== undefined) {
    const s = props.lookupMaxAgeSeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) v.fail('lookupMaxAgeSeconds', s, 'a number of seconds, 0 or more');
    maxAgeMs = s * 1000;
  } else {
    const [raw, from] = appSetting(sources, LOOKUP_MAX_AGE_ENV, LOOKUP_MAX_AGE_CONTEXT);
    maxAgeMs = raw === undefined ? DEFAULT_LOOKUP_MAX_AGE_SECONDS * 1000 : parseDurationMs(raw, `${where}: ${from}`);
  }
  return { mode, maxAgeMs };
}

/**
 * The row ceiling of one lookup: its `maxRows` prop, else `HEADROOM_MAX_ROWS`, else cdktf
 * context `headroom:maxRows`, else {@link DEFAULT_MAX_ROWS} (100,000). A listing larger
 * than this fails the lookup with a `HEADROOM_PAGINATION` error instead of reading on.
 * @throws InputError when a value is not a whole number of rows, 1 or more
 */
export function lookupMaxRows(where: string, prop: number | undefined, sources: LookupSettingSources): number {
  if (prop !== undefined) return new Validator(where).integer('maxRows', prop, 1, Number.MAX_SAFE_INTEGER);
  const [raw, from] = appSetting(sources, MAX_ROWS_ENV, MAX_ROWS_CONTEXT);
  if (raw === undefined) return DEFAULT_MAX_ROWS;
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new InputError(`${where}: ${from} must be a whole number of rows, 1 or more (the most rows one lookup reads); got ${JSON.stringify(raw)}.`);
  }
  return n;
}

/**
 * Absolute path of the lookup record file: `HEADROOM_LOOKUP_RECORD_FILE`, else cdktf
 * context `headroom:lookupRecordFile`, else `cdktf.lookups.json`; relative paths are
 * taken from `cwd` (the app's directory under `cdktf synth`).
 */
export function lookupRecordPath(sources: LookupSettingSources, cwd: string = process.cwd()): string {
  const [raw, from] = appSetting(sources, LOOKUP_RECORD_FILE_ENV, LOOKUP_RECORD_FILE_CONTEXT);
  if (raw === undefined) return path.resolve(cwd, DEFAULT_LOOKUP_RECORD_FILE);
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new InputError(`${from} must be the path of the lookup record file, e.g. "cdktf.lookups.json"; got ${JSON.stringify(raw)}.`);
  }
  return path.resolve(cwd, raw);
}

/**
 * The PostgreSQL URL of a shared lookup record: `HEADROOM_LOOKUP_RECORD_URL`, else cdktf
 * context `headroom:lookupRecordUrl`; undefined when neither is set (the record is a file).
 * @throws InputError when the setting is not a `postgres://` or `postgresql://` URL (the message never shows a password)
 */
export function lookupRecordUrl(sources: LookupSettingSources): { readonly url: string; readonly from: string } | undefined {
  const [raw, from] = appSetting(sources, LOOKUP_RECORD_URL_ENV, LOOKUP_RECORD_URL_CONTEXT);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^postgres(ql)?:\/\//i.test(raw.trim())) {
    // Only the scheme is shown: the rest may hold a password.
    const scheme = typeof raw === 'string' ? /^[a-z][a-z0-9+.-]*:/i.exec(raw.trim())?.[0] : undefined;
    const shown = typeof raw !== 'string' ? JSON.stringify(raw) : scheme ? `a ${JSON.stringify(scheme)} URL` : 'a value that is not a URL';
    throw new InputError(
      `${from} must be the URL of a PostgreSQL database for the lookup record, e.g. "postgres://headroom@db.example:5432/headroom?sslmode=require"; got ${shown}. ` +
        `Unset it to keep the record in a file (${LOOKUP_RECORD_FILE_ENV}).`,
    );
  }
  return { url: raw.trim(), from };
}

/** How long a synth sharing a PostgreSQL record may hold a question's lease: `HEADROOM_LOOKUP_LEASE`, else context `headroom:lookupLease`, else 60 s. */
export function lookupLeaseMs(sources: LookupSettingSources): number {
  const [raw, from] = appSetting(sources, LOOKUP_LEASE_ENV, LOOKUP_LEASE_CONTEXT);
  return raw === undefined ? DEFAULT_LOOKUP_LEASE_SECONDS * 1000 : parseDurationMs(raw, from, 'the lease');
}

/**
 * How long a PostgreSQL record keeps a point of a lookup's history:
 * `HEADROOM_LOOKUP_HISTORY_RETENTION`, else context `headroom:lookupHistoryRetention`, else
 * undefined (the store's default, 400 days).
 * @throws InputError when the value is not a duration
 */
export function lookupHistoryRetentionMs(sources: LookupSettingSources): number | undefined {
  const [raw, from] = appSetting(sources, LOOKUP_HISTORY_RETENTION_ENV, LOOKUP_HISTORY_RETENTION_CONTEXT);
  return raw === undefined ? undefined : parseDurationMs(raw, from, 'the history retention');
}

/**
 * Parses a duration: a number of seconds (`3600`, `"3600"`) or a number with a unit
 * (`"90s"`, `"15m"`, `"2h"`, `"1d"`, `"500ms"`). Returns milliseconds.
 */
export function parseDurationMs(raw: unknown, where: string, what = 'the max age'): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw * 1000;
  const m = typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw) : null;
  if (!m) {
    throw new InputError(`${where}: ${what} must be a number of seconds or a duration such as "90s", "15m", "2h" or "1d"; got ${JSON.stringify(raw)}.`);
  }
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unitMs;
}

/**
 * One app-wide setting: the environment variable when it is set and not empty, else the
 * cdktf context key, else undefined; with where it came from, for messages.
 */
export function appSetting(sources: LookupSettingSources, envName: string, contextKey: string): [unknown, string] {
  const fromEnv = sources.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return [fromEnv, `environment variable ${envName}`];
  const fromContext = sources.context(contextKey);
  if (fromContext !== undefined) return [fromContext, `cdktf context ${contextKey}`];
  return [undefined, ''];
}

/**
 * The record file a project's synth uses, found from outside the app (for the CLI):
 * `HEADROOM_LOOKUP_RECORD_FILE`, else `context["headroom:lookupRecordFile"]` of the
 * project's `cdktf.json`, else `cdktf.lookups.json`, relative to the project directory.
 */
export function projectLookupRecordPath(projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return lookupRecordPath(projectSettingSources(projectDir, env), projectDir);
}

/**
 * The settings a project's synth reads, found from outside the app (for the CLI): the
 * environment, then the `context` of the project's `cdktf.json`.
 * @throws InputError when `cdktf.json` is not valid JSON
 */
export function projectSettingSources(projectDir: string, env: NodeJS.ProcessEnv = process.env): LookupSettingSources {
  let context: Record<string, unknown> = {};
  const cdktfJson = path.join(projectDir, 'cdktf.json');
  if (fs.existsSync(cdktfJson)) {
    try {
      context = (JSON.parse(fs.readFileSync(cdktfJson, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
    } catch (err) {
      throw new InputError(`${cdktfJson} is not valid JSON (${(err as Error).message}); fix it, or name the record file with --file.`);
    }
  }
  return { env, context: (key) => context[key] };
}
