// The three lookup constructs, described alike so that mode and record tests can run
// over each of them (describe.each) against the fake cloud's bundled data.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Construct } from 'constructs';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { LookupModeProps } from '../../src/lookups/settings';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { FakeCloudName } from '../../src/testing/fake-cloud-types';

/** What the tests read from any lookup construct. */
export interface SubjectLookup {
  /** The one number the tests compare (reading it resolves the batch). */
  read(): number;
  readonly fetchedAt: string;
  readonly lookupError: Error | undefined;
}

/** One lookup construct, with its default query over the fake cloud's bundled data. */
export interface Subject {
  readonly name: string;
  readonly cloud: FakeCloudName;
  /** The lookup kind, spelled out (not read from the construct). */
  readonly kind: string;
  /** What `read()` gives for the default query against the bundled data (see the cloud's own tests). */
  readonly live: number;
  /** The construct with the default query (or, with `other`, a query that was never recorded). */
  create(scope: Construct, id: string, props?: LookupModeProps, other?: boolean): SubjectLookup;
  /** Sets, in a recorded value, the number `read()` gives. */
  plant(value: Record<string, unknown>, n: number): void;
  /**
   * The record key of the default query with the fake cloud's keys, written out by hand
   * (kind, then the identity's fields sorted, the account as the first 12 hex digits of
   * the SHA-256 of the key id), as records written before any refactoring have it.
   */
  recordedKey(env: Record<string, string>): string;
  /** Every environment variable of this cloud's chain that holds a key, token or a file of them. */
  readonly credentialVars: readonly string[];
  /** The key and secret strings of the fake cloud, which must never appear in a record. */
  readonly secrets: readonly string[];
}

const sha12 = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);

export const QINGCLOUD: Subject = {
  name: 'ProjectResourceStat',
  cloud: 'qingcloud',
  kind: 'qingcloud:GetProjectResourceStat',
  live: 42, // 7 resource groups: 10 + 8 + 7 + 6 + 5 + 4 + 2 instances
  create(scope, id, props = {}, other = false) {
    const s = new ProjectResourceStat(scope, id, { ...FAKE_QINGCLOUD_PROJECT, ...(other ? { projectId: 'pj-other' } : {}), ...props });
    return {
      read: () => s.totals.instanceCount,
      get fetchedAt() {
        return s.fetchedAt;
      },
      get lookupError() {
        return s.lookupError;
      },
    };
  },
  plant(value, n) {
    plantInstances(value, n);
  },
  recordedKey: (env) =>
    `qingcloud:GetProjectResourceStat {"account":"${sha12(FAKE_CREDENTIALS.qingcloud.accessKeyId)}","consoleId":"alphacloud",` +
    `"endpoint":"${env.QINGCLOUD_ENDPOINT}","owner":"usr-WantwZJ8","projectId":"pj-xzvlxlb5"}`,
  credentialVars: ['QINGCLOUD_ACCESS_KEY', 'QINGCLOUD_SECRET_KEY'],
  secrets: [FAKE_CREDENTIALS.qingcloud.accessKeyId, FAKE_CREDENTIALS.qingcloud.secretAccessKey],
};

export const UCLOUD: Subject = {
  name: 'EipBandwidthUsage',
  cloud: 'ucloud',
  kind: 'ucloud:DescribeBandwidthUsage',
  live: 12, // EIPs of the default project in cn-bj2
  create(scope, id, props = {}, other = false) {
    const bw = new EipBandwidthUsage(scope, id, { region: other ? 'cn-sh2' : 'cn-bj2', ...props });
    return {
      read: () => bw.totalCount,
      get fetchedAt() {
        return bw.fetchedAt;
      },
      get lookupError() {
        return bw.lookupError;
      },
    };
  },
  plant(value, n) {
    // A consistent value (records are checked): n EIPs, with their sum and peak.
    const eips = resized(value.eips as Array<{ eipId: string; curBandwidthMbps: number }>, n, (e, i) => ({ ...e, eipId: `${e.eipId}-planted-${i}` }));
    value.eips = eips;
    value.totalCount = n;
    value.totalMbps = eips.reduce((a, e) => a + e.curBandwidthMbps, 0);
    value.maxMbps = eips.reduce((a, e) => Math.max(a, e.curBandwidthMbps), 0);
  },
  recordedKey: (env) =>
    `ucloud:DescribeBandwidthUsage {"account":"${sha12(FAKE_CREDENTIALS.ucloud.publicKey)}","eipIds":[],"endpoint":"${env.UCLOUD_API_BASE_URL}","region":"cn-bj2"}`,
  credentialVars: ['UCLOUD_PUBLIC_KEY', 'UCLOUD_PRIVATE_KEY', 'UCLOUD_PROFILE', 'UCLOUD_SHARED_CONFIG_FILE', 'UCLOUD_SHARED_CREDENTIAL_FILE'],
  secrets: [FAKE_CREDENTIALS.ucloud.publicKey, FAKE_CREDENTIALS.ucloud.privateKey],
};

export const HUAWEICLOUD: Subject = {
  name: 'QuotaDetail',
  cloud: 'huaweicloud',
  kind: 'huaweicloud:ListQuotasDetail',
  live: 36, // HSS quotas of every enterprise project
  create(scope, id, props = {}, other = false) {
    const hss = new QuotaDetail(scope, id, { enterpriseProjectId: 'all_granted_eps', ...(other ? { version: 'hss.version.premium' as const } : {}), ...props });
    return {
      read: () => hss.totalNum,
      get fetchedAt() {
        return hss.fetchedAt;
      },
      get lookupError() {
        return hss.lookupError;
      },
    };
  },
  plant(value, n) {
    // A consistent value (records are checked): n quotas.
    value.quotas = resized(value.quotas as Array<{ resourceId: string }>, n, (q, i) => ({ ...q, resourceId: `${q.resourceId}-planted-${i}` }));
    value.totalNum = n;
  },
  recordedKey: (env) =>
    `huaweicloud:ListQuotasDetail {"account":"${sha12(FAKE_CREDENTIALS.huaweicloud.accessKey)}","endpoint":"${env.HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4}",` +
    `"enterpriseProjectId":"all_granted_eps","projectId":"${env.HW_PROJECT_ID}"}`,
  credentialVars: [
    'HW_ACCESS_KEY',
    'HW_SECRET_KEY',
    'HW_SECURITY_TOKEN',
    'HW_AUTH_TOKEN',
    'HUAWEICLOUD_SDK_AK',
    'HUAWEICLOUD_SDK_SK',
    'HUAWEICLOUD_SDK_SECURITY_TOKEN',
    'HUAWEICLOUD_SDK_CREDENTIALS_FILE',
  ],
  secrets: [FAKE_CREDENTIALS.huaweicloud.accessKey, FAKE_CREDENTIALS.huaweicloud.secretKey, FAKE_CREDENTIALS.huaweicloud.authToken],
};

/**
 * Sets a recorded QingCloud value's instance total to `n` and keeps it consistent (records
 * are checked: the totals must be the sums over the rows): the first row holds all `n`.
 */
export function plantInstances(value: Record<string, unknown>, n: number): void {
  const rows = value.rows as Array<{ instanceCount: number }>;
  rows.forEach((r, i) => (r.instanceCount = i === 0 ? n : 0));
  (value.totals as Record<string, number>).instanceCount = n;
}

/** `list` cut or grown to `n` items; new items are copies of the first, made unique by `fresh`. */
function resized<T>(list: T[], n: number, fresh: (item: T, i: number) => T): T[] {
  if (n <= list.length) return list.slice(0, n);
  return [...list, ...Array.from({ length: n - list.length }, (_, i) => fresh(list[0], i))];
}

/** The three constructs, for describe.each: `[name, subject]`. */
export const SUBJECTS: ReadonlyArray<[string, Subject]> = [QINGCLOUD, UCLOUD, HUAWEICLOUD].map((s) => [s.name, s]);

/** Every credential variable of every cloud. */
export const ALL_CREDENTIAL_VARS: readonly string[] = [QINGCLOUD, UCLOUD, HUAWEICLOUD].flatMap((s) => s.credentialVars);

/** The lookup record file's JSON. */
export interface RecordJson {
  version: number;
  records: Record<string, { kind: string; cloud: string; fetchedAt: string; value: Record<string, unknown> }>;
}

/** Reads a record file. */
export function readRecords(file: string): RecordJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RecordJson;
}

/**
 * Rewrites the only record of a file: `read()` then gives `n`, and it was fetched
 * `ageMs` ago. Returns its key.
 */
export function plantRecord(file: string, subject: Subject, n: number, ageMs: number): string {
  const json = readRecords(file);
  const keys = Object.keys(json.records);
  if (keys.length !== 1) throw new Error(`expected one record in ${file}, found ${keys.length}`);
  const record = json.records[keys[0]];
  subject.plant(record.value, n);
  record.fetchedAt = new Date(Date.now() - ageMs).toISOString();
  fs.writeFileSync(file, JSON.stringify(json));
  return keys[0];
}
