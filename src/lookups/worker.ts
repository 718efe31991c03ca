// The lookup worker: runs on a worker thread, answers a batch of lookups concurrently
// with the async cloud clients, and hands the outcomes back to the blocked main thread.
import { runAsWorker } from 'synckit';
import { HeadroomError, serializeError } from '../core/errors';
import { loadHttpClient } from '../core/transport';
import type { RecordReply, WorkerCall } from './record-call';
import { LookupOutcome, LookupRequest } from './types';

type Resolver = (input: unknown) => Promise<unknown>;

async function resolveOne(request: LookupRequest): Promise<LookupOutcome> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resolver = (require(request.module) as Record<string, Resolver>)[request.exportName];
    if (typeof resolver !== 'function') throw new HeadroomError('HEADROOM_LOOKUP', `${request.module} has no resolver ${request.exportName}`);
    const value = await resolver(request.input);
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
