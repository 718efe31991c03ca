// The lookup worker: runs on a worker thread, answers a batch of lookups concurrently
// with the async cloud clients, and hands the outcomes back to the blocked main thread.
import { runAsWorker } from 'synckit';
import { DecodeError } from '../core/decode';
import { HeadroomError, serializeError } from '../core/errors';
import { loadHttpClient } from '../core/transport';
import type { RecordReply, WorkerCall } from './record-call';
import { lookupKind } from './registry';
import { LookupOutcome, LookupRequest } from './types';

async function resolveOne(request: LookupRequest): Promise<LookupOutcome> {
  try {
    const kind = lookupKind(request.kind);
    if (!kind) throw new HeadroomError('HEADROOM_LOOKUP', `no resolver is registered for the lookup kind ${JSON.stringify(request.kind)}; this is a bug in the construct that asked for it.`);
    const value = await (kind.resolve as (input: unknown) => Promise<unknown>)(request.input);
    try {
      // The value is checked as a record entry will be: never record what could not be read back.
      kind.result(value, 'value', 'plain');
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      throw new HeadroomError('HEADROOM_LOOKUP', `${request.kind}: the resolved value does not have its declared shape (${err.message}); this is a bug in cdktf-headroom.`);
    }
    return { ok: true, value, fetchedAt: new Date().toISOString() };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}

// Loaded at boot, before the first batch arrives: the HTTP client (axios) is most of a
// resolver's load time, and the worker is started before the first read.
loadHttpClient();

runAsWorker(async (call: WorkerCall): Promise<LookupOutcome[] | RecordReply> => {
  if (Array.isArray(call)) return Promise.all(call.map(resolveOne));
  // A shared lookup record's operation: its driver (pg) is loaded on the first one only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRecordCall } = require('./postgres-record') as typeof import('./postgres-record');
  return runRecordCall(call.record, resolveOne);
});
