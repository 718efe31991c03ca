import { FakeCloudName } from './fake-cloud-types';
import type { FakeHuaweiCloudData } from './huaweicloud-handler';
import type { FakeQingCloudData } from './qingcloud-handler';
import type { FakeUCloudData } from './ucloud-handler';

// What a fake cloud is started with and serves, and the checks of data given to it while it runs.

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

export const CLOUD_NAMES: readonly FakeCloudName[] = ['qingcloud', 'ucloud', 'huaweicloud'];

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

/** A deep copy of plain JSON data. */
export function copyOf<T>(data: T): T {
  return JSON.parse(JSON.stringify(data)) as T;
}

/** What is wrong with the body of `PUT /_fake/data`, or undefined when it is a FakeCloudData. */
export function dataProblem(change: unknown): string | undefined {
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(change)) return `the body must be a JSON object of FakeCloudData, such as {"qingcloud": {"projects": {...}}}; got ${JSON.stringify(change)}`;
  for (const [cloud, data] of Object.entries(change)) {
    if (!(CLOUD_NAMES as readonly string[]).includes(cloud)) return `unknown cloud ${JSON.stringify(cloud)}; allowed: ${CLOUD_NAMES.join(', ')}`;
    if (!isObject(data) || !isObject(data.projects)) return `${cloud} must be an object with projects (by project id); got ${JSON.stringify(data)}`;
  }
  return undefined;
}
