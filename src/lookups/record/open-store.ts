import * as path from 'node:path';
import { LookupRecordFile } from './file';
import { lookupHistoryRetentionMs, lookupLeaseMs, lookupRecordPath, lookupRecordUrl, LookupSettingSources } from '../settings';
import { postgresRecordTarget } from './postgres/target';
import { PostgresRecordStore } from './postgres/store';
import { FileRecordStore } from './file-store';
import { LookupRecordStore } from './store';

/**
 * The lookup record an app (or the CLI, for a project) uses: the PostgreSQL database of
 * `HEADROOM_LOOKUP_RECORD_URL` (else cdktf context `headroom:lookupRecordUrl`) when one is
 * set, else the record file (`HEADROOM_LOOKUP_RECORD_FILE`, context
 * `headroom:lookupRecordFile`, `cdktf.lookups.json`). Opening connects to nothing: the
 * first read or write does.
 * @throws InputError when a setting is not allowed (a URL that is not `postgres://`, a bad lease)
 */
export function openLookupRecordStore(sources: LookupSettingSources, cwd: string = process.cwd()): LookupRecordStore {
  const url = lookupRecordUrl(sources);
  if (url) return new PostgresRecordStore(postgresRecordTarget(url.url, sources.env, url.from), lookupLeaseMs(sources), lookupHistoryRetentionMs(sources));
  return new FileRecordStore(new LookupRecordFile(lookupRecordPath(sources, cwd)));
}

/**
 * A record named on a command line: a `postgres://` or `postgresql://` URL (completed by
 * the `PG*` variables of `env`), else the path of a record file (relative to `cwd`).
 */
export function lookupRecordStoreAt(where: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): LookupRecordStore {
  if (/^postgres(ql)?:\/\//i.test(where)) {
    const sources = { env, context: () => undefined };
    return new PostgresRecordStore(postgresRecordTarget(where, env, 'the record URL'), lookupLeaseMs(sources), lookupHistoryRetentionMs(sources));
  }
  return new FileRecordStore(new LookupRecordFile(path.resolve(cwd, where)));
}
