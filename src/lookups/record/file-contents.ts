// The record file's bytes, read as a record: its layout checked (JSON, format version, a
// "records" object, a "history" object), each entry parsed only when it is asked for. A
// merge that replaces a big lookup's entry never builds the old one; every entry used is
// still read through the entry check (entry.ts) by the file's methods.
import { LookupRecordError } from '../../core/errors';
import { HistoryPointJson } from './history';
import { JsonSpan, parseSpan, scanJson } from './file-scan';

/** Format version of the lookup record file this library reads and writes. */
export const LOOKUP_RECORD_VERSION = 1;

/**
 * From this size on, a merge scans the file rather than parse it whole: below it, the whole
 * parse costs less than the scan, and the memory saved is small.
 */
export const SCAN_FROM_BYTES = 1024 * 1024;

/** The file as read: its entries' keys (each parsed on demand) and its history. */
export interface RecordFileContents {
  /** The keys under `records`, in the file's order. */
  readonly keys: readonly string[];
  /** The entry under `records[key]` as the file holds it (not checked); undefined for a key it lacks. */
  entry(key: string): unknown;
  /** The entry's `fetchedAt` as the file holds it, without reading the entry's value. */
  fetchedAt(key: string): unknown;
  /** Each key's history as written (its points are checked when asked for). */
  readonly history: Map<string, HistoryPointJson[]>;
}

/** No file: no entries, no history (a new map each time: a merge adds to it). */
export function noContents(): RecordFileContents {
  return { keys: [], entry: () => undefined, fetchedAt: () => undefined, history: new Map() };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Reads the record file's bytes: the whole text is checked as JSON (a file that is not JSON
 * is never overwritten) and its version and parts checked. When only some entries are
 * wanted (a merge) and the file is large, each entry is located without being parsed.
 * @param file the file's path, for messages
 * @param use `all`: every entry will be read; `some`: only the entries a merge keeps
 * @throws LookupRecordError when the bytes are not a record this version reads
 */
export function recordContents(file: string, bytes: Buffer, use: 'all' | 'some'): RecordFileContents {
  const restart = `delete it with \`npx cdktf-headroom records clear --file ${file}\` and synthesize in live mode to record every lookup again.`;
  const fix = `It was left as it is. Fix it by hand, or ${restart}`;
  // Three levels located: the file's parts, the entries under "records", each entry's fields.
  const top = use === 'some' && bytes.length >= SCAN_FROM_BYTES ? scanJson(bytes, 3) : undefined;
  if (!top) {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new LookupRecordError(`The lookup record ${file} is not valid JSON (${(err as Error).message}). ${fix}`);
    }
    // Parsed whole: every entry is wanted, or the file is small (JSON.parse is quicker than the scan there), or
    // JSON.parse took what the scan refused (the scan is only a leaner way to the same answer).
    return parsedContents(file, json, fix, restart);
  }
  if (!top.members) return parsedContents(file, parseSpan(bytes, top), fix, restart);
  const part = (name: string): unknown => {
    const span = top.members!.get(name);
    return span === undefined ? undefined : parseSpan(bytes, span);
  };
  checkVersion(file, part('version'), restart);
  const records = top.members.get('records');
  if (!records?.members) throw new LookupRecordError(`The lookup record ${file} has no "records" object; got ${describe(part('records'))}. ${fix}`);
  const history = historyOf(file, top.members.has('history') ? part('history') : undefined, fix);
  const entries: Map<string, JsonSpan> = records.members;
  return {
    keys: [...entries.keys()],
    entry: (key) => {
      const span = entries.get(key);
      return span === undefined ? undefined : parseSpan(bytes, span);
    },
    fetchedAt: (key) => {
      const at = entries.get(key)?.members?.get('fetchedAt');
      return at === undefined ? undefined : parseSpan(bytes, at);
    },
    history,
  };
}

function checkVersion(file: string, version: unknown, restart: string): void {
  if (version !== LOOKUP_RECORD_VERSION) {
    throw new LookupRecordError(
      `The lookup record ${file} has format version ${describe(version)}; this version of cdktf-headroom reads version ${LOOKUP_RECORD_VERSION} only. ` +
        `It was left as it is. Use the cdktf-headroom version that wrote it, or ${restart}`,
    );
  }
}

function historyOf(file: string, history: unknown, fix: string): Map<string, HistoryPointJson[]> {
  if (history !== undefined && (!history || typeof history !== 'object' || Array.isArray(history))) {
    throw new LookupRecordError(`The lookup record ${file} has a "history" that is not an object of points by key; got ${describe(history)}. ${fix}`);
  }
  const points = new Map<string, HistoryPointJson[]>();
  // A key's points that are not a list are no history (left out, and not written back).
  for (const [key, list] of Object.entries(history ?? {})) if (Array.isArray(list)) points.set(key, list as HistoryPointJson[]);
  return points;
}

/** The contents of a text parsed whole. */
function parsedContents(file: string, json: unknown, fix: string, restart: string): RecordFileContents {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new LookupRecordError(
      `The lookup record ${file} is not a cdktf-headroom record: expected an object with "version" and "records"; got ${describe(json)}. ${fix}`,
    );
  }
  const { version, records, history } = json as { version?: unknown; records?: unknown; history?: unknown };
  checkVersion(file, version, restart);
  if (!records || typeof records !== 'object' || Array.isArray(records)) {
    throw new LookupRecordError(`The lookup record ${file} has no "records" object; got ${describe(records)}. ${fix}`);
  }
  const byKey = new Map(Object.entries(records as Record<string, unknown>));
  return {
    keys: [...byKey.keys()],
    entry: (key) => byKey.get(key),
    fetchedAt: (key) => {
      const e = byKey.get(key);
      return e && typeof e === 'object' ? (e as { fetchedAt?: unknown }).fetchedAt : undefined;
    },
    history: historyOf(file, history, fix),
  };
}
