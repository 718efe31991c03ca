// What an HTTP client alone costs for the batch's traffic, from a fresh worker thread, as
// the lookup worker starts: boot the thread, load the client, then the first page of each
// lookup at once and, as each answers, its other pages at once (two waves, like the app's
// 30 lookups of 5 pages). No signing, no checking of rows (each body is JSON.parse'd), a
// bare loopback server with the same injected latency (run.ts serves it).
//   transport  the library's Transport (axios underneath, with its limiter, deadlines, redaction scope)
//   axios      axios alone, with the same shared keep-alive agents, no Transport
//   node-http  node:http with a keep-alive agent
// Usage: node http-floor.js <transport|axios|node-http> <port> <lookups> <pages>
import * as http from 'node:http';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** The clients a floor is measured with. */
export type FloorClient = 'transport' | 'axios' | 'node-http';

interface Job {
  readonly client: FloorClient;
  readonly url: string;
  readonly lookups: number;
  readonly pages: number;
  readonly startedAt: number;
}

/** One run's figures, printed as a JSON line. */
export interface FloorSample {
  /** From `new Worker()` to the worker's first line. */
  readonly bootMs: number;
  /** Loading the HTTP client in the worker. */
  readonly loadMs: number;
  /** The two waves of requests. */
  readonly wavesMs: number;
  /** Boot, load and waves: from `new Worker()` to the last answer. */
  readonly totalMs: number;
  /** CPU time of the waves (this process: the worker thread; the main thread waits). */
  readonly wavesCpuMs: number;
  /** CPU time of the whole floor, every thread: from before `new Worker()` to the last answer (boot, load, waves). */
  readonly cpuMs: number;
  /** Requests sent. */
  readonly requests: number;
}

type Send = (i: number) => Promise<unknown>;

function loadClient(job: Job): Send {
  const body = 'Action=Bench';
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  if (job.client === 'transport') {
    // Only the transport module and what it needs, as the lookup worker loads it (the
    // package entry point would also load cdktf, which the worker never does).
    const transportModule = path.join(path.dirname(require.resolve('cdktf-headroom')), 'core', 'transport.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Transport, loadHttpClient } = require(transportModule) as typeof import('../lib/core/transport');
    loadHttpClient(); // the worker loads axios at boot
    // The limiter's default (64 in flight per endpoint) would hold back this one-endpoint
    // floor more than the app's three clouds; the floor measures the client alone.
    const transport = new Transport({ maxConcurrency: 256 });
    return (i) =>
      transport.call({
        cloud: 'bench',
        operation: 'Bench',
        prepare: () => ({ method: 'POST', url: `${job.url}?i=${i}`, headers, body }),
        parse: (res) => JSON.parse(res.body) as unknown,
      });
  }
  if (job.client === 'axios') {
    // axios as an application would use it, with the agents the library shares (and the
    // Transport's instance settings): what is left when the Transport is taken away.
    const stackModule = path.join(path.dirname(require.resolve('cdktf-headroom')), 'core', 'http-stack.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadHttpStack } = require(stackModule) as typeof import('../lib/core/http-stack');
    const stack = loadHttpStack();
    const instance = stack.axios.create({
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      decompress: true,
      httpAgent: stack.httpAgent,
      httpsAgent: stack.httpsAgent,
      proxy: false,
    });
    return async (i) => JSON.parse((await instance.post<string>(`${job.url}?i=${i}`, body, { headers })).data) as unknown;
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return (i) =>
    new Promise((resolve, reject) => {
      const req = http.request(`${job.url}?i=${i}`, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      });
      req.on('error', reject);
      req.end(body);
    });
}

async function inWorker(job: Job): Promise<Omit<FloorSample, 'cpuMs'>> {
  const tStart = performance.now();
  const send = loadClient(job);
  const tLoaded = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: job.lookups }, async (_, l) => {
      await send(l * job.pages);
      await Promise.all(Array.from({ length: job.pages - 1 }, (__, p) => send(l * job.pages + p + 1)));
    }),
  );
  const tEnd = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    bootMs: tStart - job.startedAt,
    loadMs: tLoaded - tStart,
    wavesMs: tEnd - tLoaded,
    totalMs: tEnd - job.startedAt,
    wavesCpuMs: (cpu.user + cpu.system) / 1000,
    requests: job.lookups * job.pages,
  };
}

if (isMainThread) {
  const [client, port, lookups, pages] = process.argv.slice(2);
  const job: Job = { client: client as Job['client'], url: `http://127.0.0.1:${port}/bench`, lookups: Number(lookups), pages: Number(pages), startedAt: 0 };
  // performance.now() of the worker counts from its own start; timeOrigin makes both comparable.
  const cpu0 = process.cpuUsage();
  const startedAt = performance.timeOrigin + performance.now();
  const worker = new Worker(__filename, { workerData: { ...job, startedAt } });
  worker.once('message', (sample: Omit<FloorSample, 'cpuMs'>) => {
    const cpu = process.cpuUsage(cpu0); // the process: both threads
    process.stdout.write(`${JSON.stringify({ ...sample, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
    void worker.terminate();
  });
  worker.once('error', (err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  const job = workerData as Job;
  const origin = performance.timeOrigin;
  void inWorker({ ...job, startedAt: job.startedAt - origin }).then((s) => parentPort!.postMessage(s));
}
