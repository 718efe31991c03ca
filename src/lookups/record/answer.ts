// How a lookup is answered from the lookup record (offline, or cached with a young enough
// record): which records match it, whether one is fresh, and the answer or the error
// that says what is missing and how to record it.
import { LookupRecordError, serializeError } from '../../core/errors';
import { accountOfKey, lookupKeyWithoutAccount } from '../key';
import { LookupRecord } from './entry';
import { LookupRecordStore } from './store';
import { LookupOutcome, LookupRequest } from '../request';

/** Finds the records that answer a request among those read for a batch (one per app's engine). */
export class RecordMatches {
  /** The records last indexed, by their keys with the account left out; built when a lookup without credentials needs it. */
  private byKeyWithoutAccount?: { readonly records: ReadonlyMap<string, LookupRecord>; readonly index: Map<string, LookupRecord[]> };

  /**
   * The records that answer a request: the one with its key, or, for a request whose key
   * leaves the account out, every record whose key equals it once its account is left out.
   */
  of(records: ReadonlyMap<string, LookupRecord> | undefined, request: LookupRequest): LookupRecord[] {
    if (!records) return [];
    if (!request.anyAccount) {
      const record = records.get(request.key);
      return record ? [record] : [];
    }
    if (this.byKeyWithoutAccount?.records !== records) {
      const index = new Map<string, LookupRecord[]>();
      for (const record of records.values()) {
        const k = lookupKeyWithoutAccount(record.key);
        if (k !== undefined) index.set(k, [...(index.get(k) ?? []), record]);
      }
      this.byKeyWithoutAccount = { records, index };
    }
    return this.byKeyWithoutAccount.index.get(request.key) ?? [];
  }
}

/** Whether a record is young enough for a cached lookup. An invalid entry is never fresh: cached mode asks the cloud again and replaces it. */
export function isFresh(record: LookupRecord | undefined, maxAgeMs: number, now: number): boolean {
  return record !== undefined && !record.invalid && now - Date.parse(record.fetchedAt) <= maxAgeMs;
}

/**
 * The outcome of a lookup that the record answers (`matches`, from {@link RecordMatches}):
 * the one valid record's value, or a {@link LookupRecordError} that names the record, the
 * key and the fix (an invalid entry, records of several accounts, no record).
 */
export function answerFromRecord(
  request: LookupRequest,
  matches: readonly LookupRecord[],
  store: LookupRecordStore,
): { readonly outcome: LookupOutcome; readonly fromRecord: boolean } {
  const failed = (message: string) => ({ outcome: { ok: false, error: serializeError(new LookupRecordError(message)) } as const, fromRecord: false });
  if (matches.length === 1 && matches[0].invalid) {
    const [record] = matches;
    return failed(
      `The lookup record ${store.location} has an invalid entry for this lookup (key ${JSON.stringify(record.key)}): ${record.invalid}. ` +
        'It was not used: a value that no cloud gave is never read. Remove it with `npx cdktf-headroom records reset <key>` ' +
        '(`records list` shows it as invalid) and synthesize once in live mode to record it again.',
    );
  }
  if (matches.length === 1) {
    const [record] = matches;
    return { outcome: { ok: true, value: record.value, fetchedAt: record.fetchedAt }, fromRecord: true };
  }
  // Only offline gets here (cached fetches when there is no fresh record).
  const key = request.anyAccount ? `Key (the account left out): ${request.key}.` : `Key: ${request.key}.`;
  if (matches.length > 1) {
    const accounts = matches.map((r) => accountOfKey(r.key) ?? '(none)').join(', ');
    return failed(
      `offline mode found ${matches.length} records of this query in ${store.location}, for different accounts (fingerprints ${accounts}), ` +
        `and no credentials were found to choose between them. ${key} ` +
        'Provide the credentials of the account to use, as for a live synth (offline mode only uses them to pick its record and sends no request), ' +
        'or remove the records of the other accounts with `npx cdktf-headroom records reset <key>`.',
    );
  }
  const where = store.exists() ? `no record of it in ${store.location}` : `there is no record file at ${store.location}`;
  const open = request.anyAccount
    ? ' No credentials were found, so the account is left out of the key: a record of this query for any one account would do.'
    : '';
  return failed(
    `offline mode reads recorded lookups only, and ${where}.${open} ${key} ` +
      'Record it by synthesizing once in live mode, with credentials and network (`HEADROOM_LOOKUP_MODE=live cdktf synth`), ' +
      "or set lookupMode: 'live' (or 'cached') on this construct.",
  );
}
