// The lookup worker: runs on a worker thread, answers a batch of lookups concurrently
// with the async cloud clients, and hands the outcomes back to the blocked main thread.
import { runAsWorker } from 'synckit';
import { LookupActivity, runAsLookup } from '../core/activity';
import { serializeError } from '../core/errors';
import { loadHttpClient } from '../core/transport';
import { withAppTransportSettings } from '../core/transport-options';
import { BatchProgress } from './worker-progress';
import type { RecordReply, WorkerCall } from './record-call';
import { LookupOutcome, LookupRequest } from './types';

type Resolver = (input: unknown) => Promise<unknown>;

async function resolveOne(request: LookupRequest, activity: LookupActivity): Promise<LookupOutcome> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resolver = (require(request.module) as Record<string, Resolver>)[request.exportName];
    if (typeof resolver !== 'function') throw new Error(`${request.module} has no resolver ${request.exportName}`);
    const value = await withAppTransportSettings(request.transport, () => runAsLookup(activity, () => resolver(request.input)));
    return { ok: true, value, fetchedAt: new Date().toISOString() };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  } finally {
    activity.done = true;
  }
}

// Loaded at boot, before the first batch arrives: the HTTP client (axios) is most of a
// resolver's load time, and the worker is started before the first read.
loadHttpClient();

runAsWorker(async (call: WorkerCall): Promise<LookupOutcome[] | RecordReply> => {
  if (Array.isArray(call)) {
    const progress = new BatchProgress(call.map((r) => r.kind));
    try {
      return await Promise.all(call.map((r, i) => resolveOne(r, progress.lookups[i])));
    } finally {
      progress.finish();
    }
  }
  // A shared lookup record's operation: its driver (pg) is loaded on the first one only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRecordCall } = require('./postgres-record') as typeof import('./postgres-record');
  return runRecordCall(call.record, (r) => resolveOne(r, { kind: r.kind, attempt: 0, maxAttempts: 0, done: false }));
});
