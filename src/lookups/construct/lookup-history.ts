// How a rule reaches a lookup construct's history: the construct carries, under a symbol
// shared by every copy of the library, the key's history in the app's record and a way to
// read the construct's own getters as they were at a past answer (policy/rules/runway.ts).
import { LookupEngine } from '../batch/engine';
import { LookupHandle } from '../batch/handle';
import { LookupRecord } from '../record/entry';

/** The symbol a lookup construct carries its {@link LookupHistoryAccess} under. */
const LOOKUP_HISTORY = Symbol.for('cdktf-headroom/lookup-history');

/**
 * A lookup construct's history, for a runway rule.
 * @internal
 */
export interface LookupHistoryAccess {
  /** The lookup's key: its history is this key's, never another endpoint's or account's. */
  readonly key: string;
  /**
   * Every recorded answer of the key, oldest first, with this synth's own answer when the
   * record has not kept it (a store that keeps no history for it, a read-only record).
   * @throws LookupRecordError when the record cannot be read
   */
  points(): LookupRecord[];
  /** Runs `read` while the construct's values read as `point`'s answer. */
  readAt<R>(point: LookupRecord, read: () => R): R;
}

/**
 * Gives a lookup construct its history access (done when it registers its lookup).
 * @internal
 */
export function provideLookupHistory(construct: object, engine: LookupEngine, handle: LookupHandle<unknown>): void {
  const access: LookupHistoryAccess = {
    key: handle.key,
    points: () => {
      const points = engine.historyOf(handle.key);
      let fetchedAt: string | undefined;
      let value: unknown;
      try {
        value = handle.value;
        fetchedAt = handle.fetchedAt;
      } catch {
        fetchedAt = undefined; // a failed lookup: only the record's points
      }
      if (fetchedAt !== undefined && !points.some((p) => p.fetchedAt === fetchedAt)) {
        const kind = handle.key.split(' ')[0];
        points.push({ key: handle.key, kind, cloud: kind.split(':')[0], fetchedAt, value });
        points.sort((a: LookupRecord, b: LookupRecord) => Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt));
      }
      return points;
    },
    readAt: (point, read) => handle.readAt(point, read),
  };
  Object.defineProperty(construct, LOOKUP_HISTORY, { value: access, enumerable: false });
}

/**
 * The history access of a lookup construct, or undefined for anything else (a source that
 * is not one of the library's lookup constructs).
 * @internal
 */
export function lookupHistoryOf(source: unknown): LookupHistoryAccess | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const access = (source as Record<symbol, unknown>)[LOOKUP_HISTORY];
  return access && typeof access === 'object' ? (access as LookupHistoryAccess) : undefined;
}
