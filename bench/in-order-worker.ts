// The baseline's worker: runs one lookup at a time, as a hand-written synchronous lookup
// (one blocking call per construct) would.
import { runAsWorker } from 'synckit';
import type { InOrderCall } from './lookup-factory';

runAsWorker(async (call: InOrderCall) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const resolver = (require(call.module) as Record<string, (input: unknown) => Promise<number>>)[call.exportName];
  return resolver(call.input);
});
