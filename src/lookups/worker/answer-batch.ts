// What the lookup worker thread does with a batch (its entry is registry/lookup-worker.ts,
// which hands it the table of every kind): answers each lookup with its kind's resolver,
// all at once, and checks each value against its kind's shape before handing it back.
import { LookupActivity, runAsLookup } from '../../core/activity';
import { DecodeError } from '../../core/decode';
import { HeadroomError, serializeError } from '../../core/errors';
import { withAppTransportSettings } from '../../core/transport-options';
import { LookupKind } from '../kind-table';
import { LookupOutcome, LookupRequest } from '../request';
import { packValue } from './compact';
import { BatchProgress } from './progress';

/** Finds a lookup kind by its name (the table the worker's entry was given); undefined for an unknown one. */
export type FindLookupKind = (kind: string) => LookupKind<never, unknown> | undefined;

/**
 * Answers one lookup on the worker: finds its kind's resolver, runs it with the app's
 * transport settings, checks the value's shape. Never throws: a failure is an
 * `{ ok: false }` outcome with the serialized error.
 * @param activity updated by the transport (attempts), for the batch's progress line
 */
export async function answerLookup(request: LookupRequest, findKind: FindLookupKind, activity: LookupActivity = idle(request)): Promise<LookupOutcome> {
  try {
    const kind = findKind(request.kind);
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
    return { ok: true, value, fetchedAt: request.answeredAt ?? new Date().toISOString() };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  } finally {
    activity.done = true;
  }
}

/**
 * Answers a batch of lookups, all at once, each found by its kind; shows the batch's
 * progress on stderr when it runs long (see {@link BatchProgress}).
 *
 * Each value that succeeded crosses to the main thread packed ({@link packValue}: a
 * listing's rows as columns, not 100,000 objects that each carry their keys): the outcome's
 * `value` is a `PackedValue`, which the bridge (`resolveBatchSync`) unpacks.
 */
export async function answerBatch(requests: readonly LookupRequest[], findKind: FindLookupKind): Promise<LookupOutcome[]> {
  const progress = new BatchProgress(requests.map((r) => r.kind));
  try {
    const outcomes = await Promise.all(requests.map((r, i) => answerLookup(r, findKind, progress.lookups[i])));
    return outcomes.map((o) => (o.ok ? { ...o, value: packValue(o.value) } : o));
  } finally {
    progress.finish();
  }
}

function idle(request: LookupRequest): LookupActivity {
  return { kind: request.kind, attempt: 0, maxAttempts: 0, done: false };
}
