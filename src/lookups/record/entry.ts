// Checks one entry of the lookup record as strictly as a cloud's answer: the value is
// decoded against its kind's declared result shape (the one the worker checks before a
// value is recorded), the kind must match the key, and fetchedAt must be a time that
// has been. An entry that fails is kept (so the file is never rewritten behind the
// user's back) but marked invalid, and is never used.
import { DecodeError, describeValue } from '../../core/decode';
import { lookupKind } from '../kind-table';

/** How far in the future a `fetchedAt` may be (clock differences between machines) before the entry is refused. */
export const RECORD_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * One recorded lookup: what was asked (the key), what came back, and when. The file and the
 * PostgreSQL store hold the same entries, and read each through {@link checkRecordEntry}.
 */
export interface LookupRecord {
  /** The lookup's stable key: kind, endpoint, account fingerprint and query, never a credential. */
  readonly key: string;
  /** What was looked up, e.g. `qingcloud:GetProjectResourceStat`. */
  readonly kind: string;
  /** The cloud, e.g. `qingcloud` (the part of `kind` before the colon). */
  readonly cloud: string;
  /** When the value was fetched (ISO 8601). */
  readonly fetchedAt: string;
  /** The value the lookup returned. */
  readonly value: unknown;
  /**
   * Why this entry cannot be used (it is then never used: offline it is an error naming
   * the record and the key, cached mode asks the cloud again); undefined for a valid entry.
   */
  readonly invalid?: string;
}

/** The cloud of a lookup kind: `qingcloud` for `qingcloud:GetProjectResourceStat`. */
export function cloudOf(kind: string): string {
  const i = kind.indexOf(':');
  return i < 0 ? kind : kind.slice(0, i);
}

/** An entry's fields as a store writes them back: kind, cloud, fetchedAt, value. */
export interface RecordEntryFields {
  readonly kind: string;
  readonly cloud: string;
  readonly fetchedAt: string;
  readonly value: unknown;
}

/**
 * The fields of one raw entry (as the file holds it) as they are read and written back,
 * whether or not the entry is valid: a field of the wrong type reads as empty (`''`), a
 * missing cloud is the kind's. The value is as it is (not checked).
 */
export function entryFields(raw: unknown): RecordEntryFields {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const kind = typeof r.kind === 'string' ? r.kind : '';
  return {
    kind,
    cloud: typeof r.cloud === 'string' ? r.cloud : cloudOf(kind),
    fetchedAt: typeof r.fetchedAt === 'string' ? r.fetchedAt : '',
    value: r.value,
  };
}

/**
 * Checks one entry of the record (`raw` is the JSON under the file's `records[key]`, or a
 * database row): every store reads its entries through this one check.
 * Never throws: a bad entry comes back with `invalid` saying what is wrong and where
 * (e.g. `value.totals.instanceCount is 0; expected the sum over the rows (42)`).
 */
export function checkRecordEntry(key: string, raw: unknown, nowMs: number = Date.now()): LookupRecord {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const fields = entryFields(raw);
  const { kind, fetchedAt } = fields;
  const entry = { key, ...fields };
  const bad = (invalid: string): LookupRecord => ({ ...entry, invalid });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return bad(`the entry is ${describeValue(raw)}, not an object with "kind", "fetchedAt" and "value"`);
  if (typeof r.kind !== 'string' || r.kind === '') return bad(`kind is ${describeValue(r.kind)}; each record needs "kind", "fetchedAt" (ISO 8601) and "value"`);
  if (!key.startsWith(`${kind} `)) return bad(`kind ${JSON.stringify(kind)} does not match the key, which names ${JSON.stringify(key.split(' ')[0])}`);
  const at = typeof r.fetchedAt === 'string' ? Date.parse(r.fetchedAt) : NaN;
  if (Number.isNaN(at)) return bad(`fetchedAt is ${describeValue(r.fetchedAt)}; each record needs "kind", "fetchedAt" (ISO 8601) and "value"`);
  if (at > nowMs + RECORD_FUTURE_SKEW_MS) return bad(`fetchedAt ${fetchedAt} is in the future; a record cannot have been fetched after now`);
  if (!('value' in r)) return bad('it has no "value"; each record needs "kind", "fetchedAt" (ISO 8601) and "value"');
  const known = lookupKind(kind);
  if (!known) return bad(`this version of cdktf-headroom knows no lookup kind ${JSON.stringify(kind)}`);
  try {
    known.result(r.value, 'value', 'plain');
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return bad(err.message);
  }
  return entry;
}
