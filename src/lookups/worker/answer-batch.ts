// What the lookup worker thread does with each call (its entry is
// src/catalog/lookup-worker.ts, which loads every lookup kind first): answers a batch of
// lookups concurrently with the async cloud clients, or runs an operation of a shared
// lookup record, and hands the outcomes back to the blocked main thread.
import { LookupActivity, runAsLookup } from '../../core/activity';
import { DecodeError } from '../../core/decode';
import { HeadroomError, serializeError } from '../../core/errors';
import { withAppTransportSettings } from '../../core/transport-options';
import { lookupKind } from '../kind-table';
import type { RecordReply, WorkerCall } from '../record/postgres/calls';
import { LookupOutcome, LookupRequest } from '../request';
import { BatchProgress } from './progress';

async function resolveOne(request: LookupRequest, activity: LookupActivity): Promise<LookupOutcome> {
  try {
    const kind = lookupKind(request.kind);
    if (!kind)
      throw new HeadroomError(
        'HEADROOM_LOOKUP',
        `no resolver is registered for the lookup kind ${JSON.stringify(request.kind)}; this is a bug in the construct that asked for it.`,
      );
    const resolve = kind.resolve as (input: unknown) => Promise<unknown>;
    const value = await withAppTransportSettings(request.transport, () => runAsLookup(activity, () => resolve(request.input)));
    try {
      // The value is checked as a record entry will be: never record what could not be read back.
      kind.result(value, 'value', 'plain');
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      throw new HeadroomError(
        'HEADROOM_LOOKUP',
        `${request.kind}: the resolved value does not have its declared shape (${err.message}); this is a bug in cdktf-headroom.`,
      );
    }
    return { ok: true, value, fetchedAt: new Date().toISOString() };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  } finally {
    activity.done = true;
  }
}

/**
 * Answers one call of the main thread: a batch of lookups (each found by its kind in the
 * lookups' table, all run at once), or an operation of a shared lookup record.
 */
export async function answerWorkerCall(call: WorkerCall): Promise<LookupOutcome[] | RecordReply> {
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
  const { runRecordCall } = require('../record/postgres/operations') as typeof import('../record/postgres/operations');
  return runRecordCall(call.record, (r) => resolveOne(r, { kind: r.kind, attempt: 0, maxAttempts: 0, done: false }));
}
