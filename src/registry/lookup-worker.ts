// The lookup worker thread's entry (started by lookups/bridge.ts): loads every lookup
// kind (the catalog), then answers each call of the blocked main thread with
// lookups/answer-worker-call.ts: a batch of lookups, run concurrently with the async
// cloud clients, or an operation of a shared lookup record.
import { runAsWorker } from 'synckit';
import { loadHttpClient } from '../core/transport';
import { answerWorkerCall } from '../lookups/worker/answer-batch';
import './all-kinds';

// Loaded at boot, before the first batch arrives: the HTTP client (axios) is most of a
// resolver's load time, and the worker is started before the first read.
loadHttpClient();

runAsWorker(answerWorkerCall);
