// The record file read as a record: its layout checked (JSON, format version, a "records"
// object, a "history" object), each entry parsed only when it is asked for. A merge of a
// large file scans it in chunks as it is read and never holds it whole: the entry it
// replaces (a lookup of 100,000 rows) is neither kept as bytes nor parsed. Every entry used
// is still read through the entry check (entry.ts) by the file's methods.
import { LookupRecordError } from '../../core/errors';
import { HistoryPointJson } from './history';
import { JsonScan, JsonSpan } from './file-scan';

/** Format version of the lookup record file this library reads and writes. */
export const LOOKUP_RECORD_VERSION = 1;

/**
 * From this size on, a merge scans the file in chunks rather than parse it whole: below it,
 * the whole parse costs less than the scan, and the memory saved is small.
 */
export const SCAN_FROM_BYTES = 1024 * 1024;

/** Bytes read at a time by the scan. */
const CHUNK_BYTES = 1024 * 1024;

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

/** How the scan reads the open file: `length` bytes at `position` into `into`; returns the bytes read (0 at the end). */
export type ReadAt = (into: Buffer, length: number, position: number) => number;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const restartOf = (file: string): string =>
  `delete it with \`npx cdktf-headroom records clear --file ${file}\` and synthesize in live mode to record every lookup again.`;
const fixOf = (file: string): string => `It was left as it is. Fix it by hand, or ${restartOf(file)}`;

/**
 * Reads the record file's whole bytes as a record: parsed whole (a read that wants every
 * entry, or a small file).
 * @param file the file's path, for messages
 * @throws LookupRecordError when the bytes are not a record this version reads
 */
export function recordContents(file: string, bytes: Buffer): RecordFileContents {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new LookupRecordError(`The lookup record ${file} is not valid JSON (${(err as Error).message}). ${fixOf(file)}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new LookupRecordError(
      `The lookup record ${file} is not a cdktf-headroom record: expected an object with "version" and "records"; got ${describe(json)}. ${fixOf(file)}`,
    );
  }
  const { version, records, history } = json as { version?: unknown; records?: unknown; history?: unknown };
  checkVersion(file, version);
  if (!records || typeof records !== 'object' || Array.isArray(records)) {
    throw new LookupRecordError(`The lookup record ${file} has no "records" object; got ${describe(records)}. ${fixOf(file)}`);
  }
  const byKey = new Map(Object.entries(records as Record<string, unknown>));
  return {
    keys: [...byKey.keys()],
    entry: (key) => byKey.get(key),
    fetchedAt: (key) => {
      const e = byKey.get(key);
      return e && typeof e === 'object' ? (e as { fetchedAt?: unknown }).fetchedAt : undefined;
    },
    history: historyOf(file, history),
  };
}

/**
 * Reads a large record file as a merge needs it, from its open descriptor: the whole text
 * is scanned as JSON chunk by chunk as it is read (a file that is not JSON is never
 * overwritten), its version and history read, and each entry located by its bytes, read
 * and parsed again only when asked for (`readAt` must stay usable meanwhile).
 * @param readAll reads the whole file, for a text the scan refuses (JSON.parse then says why)
 * @throws LookupRecordError when the file is not a record this version reads
 */
export function scannedContents(file: string, readAt: ReadAt, readAll: () => Buffer): RecordFileContents {
  // Three levels located: the file's parts, the entries under "records", each entry's fields.
  const scan = new JsonScan(3);
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  let ok = true;
  for (;;) {
    const n = readAt(chunk, CHUNK_BYTES, position);
    if (n === 0) break;
    position += n;
    if (!scan.feed(chunk.subarray(0, n))) {
      ok = false;
      break;
    }
  }
  const top = ok ? scan.end() : undefined;
  // Not JSON (JSON.parse says why), or not an object: read whole, as a small file is.
  if (!top?.members) return recordContents(file, readAll());
  const parse = (span: JsonSpan): unknown => {
    const bytes = Buffer.allocUnsafe(span.end - span.start);
    let got = 0;
    while (got < bytes.length) {
      const n = readAt(bytes.subarray(got), bytes.length - got, span.start + got);
      if (n === 0) throw new LookupRecordError(`The lookup record ${file} was cut short while it was read. Run the synth again.`);
      got += n;
    }
    return JSON.parse(bytes.toString('utf8'));
  };
  const part = (name: string): unknown => {
    const span = top.members!.get(name);
    return span === undefined ? undefined : parse(span);
  };
  checkVersion(file, part('version'));
  const records = top.members.get('records');
  if (!records?.members) throw new LookupRecordError(`The lookup record ${file} has no "records" object; got ${describe(part('records'))}. ${fixOf(file)}`);
  const history = historyOf(file, top.members.has('history') ? part('history') : undefined);
  const entries: Map<string, JsonSpan> = records.members;
  return {
    keys: [...entries.keys()],
    entry: (key) => {
      const span = entries.get(key);
      return span === undefined ? undefined : parse(span);
    },
    fetchedAt: (key) => {
      const at = entries.get(key)?.members?.get('fetchedAt');
      return at === undefined ? undefined : parse(at);
    },
    history,
  };
}

function checkVersion(file: string, version: unknown): void {
  if (version !== LOOKUP_RECORD_VERSION) {
    throw new LookupRecordError(
      `The lookup record ${file} has format version ${describe(version)}; this version of cdktf-headroom reads version ${LOOKUP_RECORD_VERSION} only. ` +
        `It was left as it is. Use the cdktf-headroom version that wrote it, or ${restartOf(file)}`,
    );
  }
}

function historyOf(file: string, history: unknown): Map<string, HistoryPointJson[]> {
  if (history !== undefined && (!history || typeof history !== 'object' || Array.isArray(history))) {
    throw new LookupRecordError(`The lookup record ${file} has a "history" that is not an object of points by key; got ${describe(history)}. ${fixOf(file)}`);
  }
  const points = new Map<string, HistoryPointJson[]>();
  // A key's points that are not a list are no history (left out, and not written back).
  for (const [key, list] of Object.entries(history ?? {})) if (Array.isArray(list)) points.set(key, list as HistoryPointJson[]);
  return points;
}
