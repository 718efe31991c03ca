// The lookup worker thread's entry (LOOKUP_WORKER in lookup-worker-entry.ts names it to the
// bridge): answers each call of the blocked main thread: a batch of lookups
// (lookups/worker/answer-batch.ts), run concurrently with the async cloud clients, or an
// operation of the shared PostgreSQL record.
//
// What it loads, and when: the table of every lookup kind (their resolvers, and with them
// the clients, the transport and, at the first request, axios) is loaded at boot when the
// app runs live, so that it is ready when the first batch comes; otherwise on the first
// lookup it is asked to answer. A cached synth whose answers all come from the record
// never loads them (the shared record's calls are SQL), nor does a worker that is never
// called.
import { runAsWorker } from 'synckit';
import { lookupKindIn } from '../lookups/kind-table';
import type { RecordCall, RecordReply } from '../lookups/record/postgres/calls';
import { answerBatch, answerLookup, FindLookupKind } from '../lookups/worker/answer-batch';
import type { WorkerCall } from '../lookups/worker/bridge';
import { shouldPreloadLookupClients } from '../lookups/worker/prewarm';
import { LookupOutcome } from '../lookups/request';

let table: FindLookupKind | undefined;

/** The table of every lookup kind, built on first use (loading every cloud's resolver and client). */
function kindTable(): FindLookupKind {
  if (!table) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LOOKUP_KINDS } = require('./all-kinds') as typeof import('./all-kinds');
    table = lookupKindIn(LOOKUP_KINDS);
  }
  return table;
}

const findKind: FindLookupKind = (kind) => kindTable()(kind);

/** Loads the kinds' clients and the HTTP client (axios and its agents) now, before the first batch. */
function preloadClients(): void {
  kindTable();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../core/http-stack') as typeof import('../core/http-stack')).loadHttpClient();
}

if (shouldPreloadLookupClients(process.env)) preloadClients();

async function answer(call: WorkerCall): Promise<LookupOutcome[] | RecordReply> {
  if (Array.isArray(call)) return answerBatch(call, findKind);
  // A shared lookup record's operation: its driver (pg) is loaded on the first one only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRecordCall } = require('../lookups/record/postgres/operations') as typeof import('../lookups/record/postgres/operations');
  return runRecordCall(call.record as RecordCall, (r) => answerLookup(r, findKind));
}

runAsWorker(answer);
