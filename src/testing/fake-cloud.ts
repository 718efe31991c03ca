import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { Worker } from 'node:worker_threads';
import { HeadroomError } from '../core/errors';
import { workerScript } from '../core/worker-script';
import {
  FAKE_CREDENTIALS,
  FAKE_HUAWEICLOUD_PROJECT,
  FAKE_UCLOUD_ACCOUNT,
  FakeCloudCredentials,
  defaultHuaweiCloudData,
  defaultQingCloudData,
  defaultUCloudData,
} from './default-data';
import { FakeCloudHandler, FakeCloudName, FakeFaultKind, FakeFaults, FakeRequest, FakeRequestLogEntry, FakeResponse } from './fake-cloud-types';
import { applyAnswerFault } from './answer-faults';
import { jsonResponse } from './json-response';
import { FakeHuaweiCloudData, huaweiCloudHandler } from './huaweicloud-handler';
import { FakeQingCloudData, qingCloudHandler } from './qingcloud-handler';
import { FakeUCloudData, ucloudHandler } from './ucloud-handler';

/** What the fake cloud serves, by cloud. A cloud left out gets its default data. */
export interface FakeCloudData {
  /**
   * QingCloud projects and their `GetProjectResourceStat` rows.
   * @default {@link defaultQingCloudData}
   */
  readonly qingcloud?: FakeQingCloudData;
  /**
   * UCloud projects, regions and EIPs.
   * @default {@link defaultUCloudData}
   */
  readonly ucloud?: FakeUCloudData;
  /**
   * Huawei Cloud projects and HSS quotas.
   * @default {@link defaultHuaweiCloudData}
   */
  readonly huaweicloud?: FakeHuaweiCloudData;
}

/** What a running fake cloud serves now, every cloud filled in (see {@link FakeCloud.data}). */
export interface FakeCloudServedData {
  /** QingCloud projects and their rows. */
  readonly qingcloud: FakeQingCloudData;
  /** UCloud projects, regions and EIPs. */
  readonly ucloud: FakeUCloudData;
  /** Huawei Cloud projects and HSS quotas. */
  readonly huaweicloud: FakeHuaweiCloudData;
}

const CLOUD_NAMES: readonly FakeCloudName[] = ['qingcloud', 'ucloud', 'huaweicloud'];

/** How to start a fake cloud. Plain data: it is sent to the server's worker thread. */
export interface FakeCloudOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  readonly port?: number;
  /**
   * Address to listen on. Keep it on loopback.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /**
   * Data to serve.
   * @default the bundled data (see `defaultQingCloudData`, `defaultUCloudData`, `defaultHuaweiCloudData`)
   */
  readonly data?: FakeCloudData;
  /**
   * A JSON file with {@link FakeCloudData}, read when the server starts (overrides `data`).
   * @default none
   */
  readonly dataFile?: string;
  /**
   * Serve https with this key and certificate (PEM) instead of plain http, e.g. to test
   * a client through a CONNECT proxy as it reaches a real cloud.
   * @default plain http
   */
  readonly tls?: { readonly key: string; readonly cert: string };
}

/** Every fault counter, as the server keeps them. */
type FaultState = {
  cloud?: FakeCloudName;
  latencyMs: number;
  answer?: FakeFaults['answer'];
  maxInFlight?: number;
  requestsPerSecond?: number;
  retryAfterSeconds?: number;
} & Record<FakeFaultKind, number>;

const noFaults = (): FaultState => ({ throttle: 0, serverError: 0, badBody: 0, latencyMs: 0 });

/** Requests in flight and the rate bucket of one cloud. */
interface CloudLoad {
  inFlight: number;
  tokens: number;
  at: number;
}

/**
 * Creates the fake cloud's HTTP server in this thread (not yet listening).
 *
 * One server speaks every supported cloud API the way the real one does; `/_fake/*`
 * is its control API: `POST /_fake/faults`, `GET /_fake/requests`, `GET /_fake/data`
 * and `PUT /_fake/data` (what it serves, changed while it runs), `POST /_fake/reset`. Prefer {@link startFakeCloud} when
 * the same thread will synthesize stacks: lookups block the thread that asks, so the
 * server must run elsewhere.
 */
export function createFakeCloudServer(options: FakeCloudOptions = {}): http.Server {
  const given: FakeCloudData = options.dataFile ? JSON.parse(fs.readFileSync(options.dataFile, 'utf8')) : (options.data ?? {});
  // What it started with, restored by /_fake/reset; a copy, so that a change never reaches it.
  const initial: FakeCloudServedData = copyOf({
    qingcloud: given.qingcloud ?? defaultQingCloudData(),
    ucloud: given.ucloud ?? defaultUCloudData(),
    huaweicloud: given.huaweicloud ?? defaultHuaweiCloudData(),
  });
  let served: FakeCloudServedData = copyOf(initial);
  const handlerOf = (cloud: FakeCloudName, data: FakeCloudServedData): FakeCloudHandler =>
    cloud === 'qingcloud'
      ? qingCloudHandler(data.qingcloud, FAKE_CREDENTIALS.qingcloud)
      : cloud === 'ucloud'
        ? ucloudHandler(data.ucloud, FAKE_CREDENTIALS.ucloud)
        : huaweiCloudHandler(data.huaweicloud, FAKE_CREDENTIALS.huaweicloud);
  let handlers: FakeCloudHandler[] = CLOUD_NAMES.map((c) => handlerOf(c, served));
  let faults = noFaults();
  let log: FakeRequestLogEntry[] = [];
  const load = new Map<string, CloudLoad>();
  const loadOf = (cloud: string): CloudLoad => {
    let l = load.get(cloud);
    if (!l) load.set(cloud, (l = { inFlight: 0, tokens: faults.requestsPerSecond ?? 0, at: Date.now() }));
    return l;
  };
  /** Whether a request to `cloud` is over the in-flight or rate limit (and takes a rate token when not). */
  const overLimit = (cloud: string): boolean => {
    const l = loadOf(cloud);
    if (faults.maxInFlight !== undefined && l.inFlight >= faults.maxInFlight) return true;
    const rps = faults.requestsPerSecond;
    if (rps !== undefined) {
      const now = Date.now();
      l.tokens = Math.min(rps, l.tokens + ((now - l.at) * rps) / 1000);
      l.at = now;
      if (l.tokens < 1) return true;
      l.tokens -= 1;
    }
    return false;
  };

  const control = (req: FakeRequest): FakeResponse => {
    switch (`${req.method} ${req.url.pathname}`) {
      case 'GET /_fake/requests':
        return jsonResponse(200, log);
      case 'POST /_fake/faults': {
        const f = JSON.parse(req.body || '{}') as FakeFaults;
        faults = {
          cloud: f.cloud,
          throttle: f.throttle ?? 0,
          serverError: f.serverError ?? 0,
          badBody: f.badBody ?? 0,
          latencyMs: f.latencyMs ?? 0,
          answer: f.answer,
          maxInFlight: f.maxInFlight,
          requestsPerSecond: f.requestsPerSecond,
          retryAfterSeconds: f.retryAfterSeconds,
        };
        load.clear();
        return jsonResponse(200, faults);
      }
      case 'GET /_fake/data':
        return jsonResponse(200, served);
      case 'PUT /_fake/data': {
        let change: unknown;
        try {
          change = JSON.parse(req.body || 'null');
        } catch (err) {
          return jsonResponse(400, { message: `PUT /_fake/data: the body is not JSON (${(err as Error).message})` });
        }
        const problem = dataProblem(change);
        if (problem) return jsonResponse(400, { message: `PUT /_fake/data: ${problem}` });
        const next = change as FakeCloudData;
        served = copyOf({ ...served, ...next });
        // The clouds given get a new handler over their new data; the others keep theirs (and their state).
        handlers = CLOUD_NAMES.map((c, i) => (next[c] === undefined ? handlers[i] : handlerOf(c, served)));
        return jsonResponse(200, served);
      }
      case 'POST /_fake/reset':
        faults = noFaults();
        load.clear();
        log = [];
        served = copyOf(initial);
        handlers = CLOUD_NAMES.map((c) => handlerOf(c, served));
        return jsonResponse(200, {});
      default:
        return jsonResponse(404, { message: `no control endpoint ${req.method} ${req.url.pathname}` });
    }
  };

  /** The answer to a request, how long to hold it back, and the cloud whose in-flight count it holds. */
  const answer = (req: FakeRequest): { res: FakeResponse; delayMs: number; holds?: string } => {
    if (req.url.pathname.startsWith('/_fake/')) return { res: control(req), delayMs: 0 };
    const handler = handlers.find((h) => h.matches(req));
    if (!handler) {
      log.push({ cloud: 'unknown', operation: '', method: req.method, path: req.url.pathname, params: {}, status: 404 });
      return { res: jsonResponse(404, { message: `the fake cloud serves no API at ${req.url.pathname}` }), delayMs: 0 };
    }
    const affected = !faults.cloud || faults.cloud === handler.cloud;
    const kinds: FakeFaultKind[] = ['throttle', 'serverError', 'badBody'];
    let kind = affected ? kinds.find((k) => faults[k] > 0) : undefined;
    if (kind) faults[kind]--;
    else if (affected && overLimit(handler.cloud)) kind = 'throttle';
    let res = kind ? handler.fault(kind, req) : handler.handle(req);
    if (kind === 'throttle' && faults.retryAfterSeconds !== undefined) {
      res = { ...res, headers: { ...res.headers, 'retry-after': String(faults.retryAfterSeconds) } };
    }
    if (!kind && affected && faults.answer && handler.answerShape)
      res = applyAnswerFault(res, faults.answer, handler.answerShape, handler.loggedParams(req), req);
    log.push({
      cloud: handler.cloud,
      operation: handler.operation(req),
      method: req.method,
      path: req.url.pathname,
      params: handler.loggedParams(req),
      status: res.status,
    });
    // A throttling answer comes at once; anything else holds a slot of its cloud until sent.
    if (kind === 'throttle') return { res, delayMs: 0 };
    loadOf(handler.cloud).inFlight++;
    return { res, delayMs: affected ? faults.latencyMs : 0, holds: handler.cloud };
  };

  const listener = (incoming: http.IncomingMessage, outgoing: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const req: FakeRequest = {
        method: incoming.method ?? 'GET',
        url: new URL(incoming.url ?? '/', 'http://fake.invalid'),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        now: Date.now(),
      };
      let out: { res: FakeResponse; delayMs: number; holds?: string };
      try {
        out = answer(req);
      } catch (err) {
        out = { res: jsonResponse(500, { message: `fake cloud bug: ${(err as Error).message}` }), delayMs: 0 };
      }
      const send = (): void => {
        if (out.holds) loadOf(out.holds).inFlight--;
        outgoing.writeHead(out.res.status, out.res.headers ?? {});
        outgoing.end(out.res.body);
      };
      if (out.delayMs > 0) setTimeout(send, out.delayMs);
      else send();
    });
  };
  return options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
}

/** A deep copy of plain JSON data. */
function copyOf<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

/** What is wrong with the body of `PUT /_fake/data`, or undefined when it is a FakeCloudData. */
function dataProblem(change: unknown): string | undefined {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(change)) return `the body must be a JSON object of FakeCloudData, such as {"qingcloud": {"projects": {...}}}; got ${JSON.stringify(change)}`;
  for (const [cloud, data] of Object.entries(change)) {
    if (!(CLOUD_NAMES as readonly string[]).includes(cloud)) return `unknown cloud ${JSON.stringify(cloud)}; allowed: ${CLOUD_NAMES.join(', ')}`;
    if (!isObject(data) || !isObject(data.projects)) return `${cloud} must be an object with projects (by project id); got ${JSON.stringify(data)}`;
  }
  return undefined;
}

/**
 * A running fake cloud: where it listens, the keys it accepts, and its control API.
 */
export class FakeCloud {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  public readonly url: string;
  /** Endpoint of each cloud's API on this server. */
  public readonly endpoints: Readonly<Record<FakeCloudName, string>>;
  /** The keys this server accepts. */
  public readonly credentials: FakeCloudCredentials = FAKE_CREDENTIALS;

  constructor(
    /** The port it listens on. */
    public readonly port: number,
    host: string,
    private readonly close: () => Promise<void>,
    scheme: 'http' | 'https' = 'http',
  ) {
    this.url = `${scheme}://${host}:${port}`;
    this.endpoints = { qingcloud: `${this.url}/iaas/`, ucloud: `${this.url}/`, huaweicloud: this.url };
  }

  /**
   * Environment variables that point every cloud's credential chain at this server,
   * for `cdktf synth` in a child process or a test's `process.env`.
   */
  env(): Record<string, string> {
    return {
      QINGCLOUD_ENDPOINT: this.endpoints.qingcloud,
      QINGCLOUD_ACCESS_KEY: this.credentials.qingcloud.accessKeyId,
      QINGCLOUD_SECRET_KEY: this.credentials.qingcloud.secretAccessKey,
      UCLOUD_API_BASE_URL: this.endpoints.ucloud,
      UCLOUD_PUBLIC_KEY: this.credentials.ucloud.publicKey,
      UCLOUD_PRIVATE_KEY: this.credentials.ucloud.privateKey,
      // The region the bundled data's EIPs are in, so a lookup without `region` finds them.
      UCLOUD_REGION: FAKE_UCLOUD_ACCOUNT.region,
      // Huawei Cloud: the official SDKs' per-region endpoint variable for the default
      // region, and HW_HSS_ENDPOINT so that no other region reaches the real cloud.
      HW_ACCESS_KEY: this.credentials.huaweicloud.accessKey,
      HW_SECRET_KEY: this.credentials.huaweicloud.secretKey,
      HW_REGION_NAME: FAKE_HUAWEICLOUD_PROJECT.region,
      HW_PROJECT_ID: FAKE_HUAWEICLOUD_PROJECT.projectId,
      HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: this.endpoints.huaweicloud,
      HW_HSS_ENDPOINT: this.endpoints.huaweicloud,
    };
  }

  /** Injects faults into the next requests (replaces earlier ones). */
  async inject(faults: FakeFaults): Promise<void> {
    await this.control('POST', '/_fake/faults', faults);
  }

  /** Every request received since the last reset, optionally of one cloud. */
  async requests(cloud?: FakeCloudName): Promise<FakeRequestLogEntry[]> {
    const all = (await this.control('GET', '/_fake/requests')) as FakeRequestLogEntry[];
    return cloud ? all.filter((r) => r.cloud === cloud) : all;
  }

  /** Clears faults and the request log, and serves the data it started with again. */
  async reset(): Promise<void> {
    await this.control('POST', '/_fake/reset');
  }

  /** What it serves now, every cloud filled in (`GET /_fake/data`). */
  async data(): Promise<FakeCloudServedData> {
    return (await this.control('GET', '/_fake/data')) as FakeCloudServedData;
  }

  /**
   * Serves new data from now on (`PUT /_fake/data`): each cloud given replaces that cloud's
   * data; the clouds left out keep theirs. Lets a test change the cloud between two synths,
   * e.g. to count the workers a stack created, and check that the stack converges.
   * `reset()` serves the data it started with again.
   * @throws a `HeadroomError` (`HEADROOM_CLOUD`) when the server refuses the data (HTTP 400, with the reason).
   */
  async setData(data: FakeCloudData): Promise<void> {
    await this.control('PUT', '/_fake/data', data);
  }

  /**
   * Changes what it serves: reads the data, lets `change` edit it (or return new data),
   * and serves the result. Not atomic: two updates at once may lose one.
   * @example
   * // The stack's 10 workers now run in resource group rg-workers:
   * await cloud.updateData((d) => {
   *   d.qingcloud.projects['pj-xzvlxlb5'].rows.push(fakeQingCloudRow('rg-workers', 10));
   * });
   */
  async updateData(change: (data: FakeCloudServedData) => FakeCloudData | void): Promise<void> {
    const data = await this.data();
    await this.setData(change(data) ?? data);
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await this.close();
  }

  private async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const send = (): Promise<Response> => fetch(`${this.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    let res: Response;
    try {
      res = await send();
    } catch {
      // A kept-alive connection the server closed just as it was reused (a loaded machine
      // runs the server's idle timer late): the control calls are idempotent, so once more.
      res = await send();
    }
    if (!res.ok) {
      const reason = ((await res.json().catch(() => ({}))) as { message?: unknown }).message;
      throw new HeadroomError('HEADROOM_CLOUD', `fake cloud control ${method} ${path}: HTTP ${res.status}${typeof reason === 'string' ? `: ${reason}` : ''}`);
    }
    return res.json();
  }
}

/**
 * Starts the fake cloud on a worker thread and resolves when it listens.
 *
 * Its own thread keeps it answering while a synthesizing thread is blocked on lookups.
 *
 * @example
 * const cloud = await startFakeCloud();
 * Object.assign(process.env, cloud.env());
 * // ... synthesize stacks, assert on await cloud.requests() ...
 * await cloud.stop();
 */
export async function startFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const worker = new Worker(workerScript(__dirname, 'fake-cloud-worker'), { workerData: options });
  worker.unref();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port?: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.port!)));
    worker.once('error', reject);
  });
  return new FakeCloud(
    port,
    options.host ?? '127.0.0.1',
    async () => {
      worker.ref(); // an unref'd worker would let the process end before the server has closed
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
    options.tls ? 'https' : 'http',
  );
}

/** Starts the fake cloud in this thread (for the CLI, where nothing else runs). */
export async function serveFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const server = createFakeCloudServer(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, host, resolve));
  const port = (server.address() as { port: number }).port;
  return new FakeCloud(
    port,
    host,
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    options.tls ? 'https' : 'http',
  );
}
