// Runs the fake cloud's server on its own thread (see startFakeCloud).
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeCloudServer, FakeCloudOptions } from './fake-cloud';

const options = workerData as FakeCloudOptions;
try {
  const server = createFakeCloudServer(options);
  server.once('error', (err) => parentPort!.postMessage({ error: err.message }));
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
    parentPort!.postMessage({ port: (server.address() as { port: number }).port });
  });
  parentPort!.on('message', (m) => {
    if (m === 'stop') {
      server.closeAllConnections();
      // Once the server and the port are closed, nothing keeps the thread alive: it ends by itself.
      server.close(() => parentPort!.close());
    }
  });
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message });
}
