// The lookup worker thread's entry (LOOKUP_WORKER in lookup-worker-entry.ts names it to the
// bridge): builds the table of every lookup kind, then answers each call of the blocked main
// thread: a batch of lookups (lookups/worker/answer-batch.ts), run concurrently with the
// async cloud clients, or an operation of the shared PostgreSQL record.
import { runAsWorker } from 'synckit';
import { loadHttpClient } from '../core/transport';
import { lookupKindIn } from '../lookups/kind-table';
import type { RecordCall, RecordReply } from '../lookups/record/postgres/calls';
import { answerBatch, answerLookup, FindLookupKind } from '../lookups/worker/answer-batch';
import type { WorkerCall } from '../lookups/worker/bridge';
import { LookupOutcome } from '../lookups/request';
import { LOOKUP_KINDS } from './all-kinds';

// Loaded at boot, before the first batch arrives: the HTTP client (axios) is most of a
// resolver's load time, and the worker is started before the first read.
loadHttpClient();

const findKind: FindLookupKind = lookupKindIn(LOOKUP_KINDS);

async function answer(call: WorkerCall): Promise<LookupOutcome[] | RecordReply> {
  if (Array.isArray(call)) return answerBatch(call, findKind);
  // A shared lookup record's operation: its driver (pg) is loaded on the first one only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRecordCall } = require('../lookups/record/postgres/operations') as typeof import('../lookups/record/postgres/operations');
  return runRecordCall(call.record as RecordCall, (r) => answerLookup(r, findKind));
}

runAsWorker(answer);
