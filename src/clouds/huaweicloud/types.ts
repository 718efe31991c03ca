import { CloudServiceError } from '../../core/errors';

// ---------------------------------------------------------------------------------
// Allowed values of the query (lost in the seed's copy; from the HSS API reference and
// the official SDK's request model, see shared/API-NOTES.md §3d).
// ---------------------------------------------------------------------------------

/** HSS editions (`version`), as the API names them. */
export const HSS_VERSIONS = [
  'hss.version.null',
  'hss.version.basic',
  'hss.version.advanced',
  'hss.version.enterprise',
  'hss.version.premium',
  'hss.version.wtp',
  'hss.version.container.enterprise',
] as const;
/** An HSS edition: basic, advanced, enterprise, premium, WTP (web tamper protection), container, or none. */
export type HssVersion = (typeof HSS_VERSIONS)[number];

/** Quota categories (`category`). */
export const HSS_CATEGORIES = ['host_resource', 'container_resource'] as const;
/** A quota category: host or container protection. */
export type HssCategory = (typeof HSS_CATEGORIES)[number];

/** Quota statuses (`quota_status`): normal, expired, frozen (`freeze`). */
export const HSS_QUOTA_STATUSES = ['normal', 'expired', 'freeze'] as const;
/** A quota status. */
export type HssQuotaStatus = (typeof HSS_QUOTA_STATUSES)[number];

/** Use statuses (`used_status`): bound to a host or not. */
export const HSS_USED_STATUSES = ['idle', 'used'] as const;
/** A use status. */
export type HssUsedStatus = (typeof HSS_USED_STATUSES)[number];

/** Charging modes (`charging_mode`): yearly/monthly package or pay per use. */
export const HSS_CHARGING_MODES = ['packet_cycle', 'on_demand'] as const;
/** A charging mode. */
export type HssChargingMode = (typeof HSS_CHARGING_MODES)[number];

/** Rows per page the API accepts (`limit`). */
export const HSS_PAGE_SIZE_RANGE = { min: 10, max: 200 } as const;

/** Largest `offset` the API accepts. */
export const HSS_MAX_OFFSET = 2_000_000;

/** `enterprise_project_id` that asks for every enterprise project the caller may see. */
export const ALL_ENTERPRISE_PROJECTS = 'all_granted_eps';

// ---------------------------------------------------------------------------------
// Wire form (snake_case, as HSS sends it). Optional where the API may leave a field out.
// ---------------------------------------------------------------------------------

/** A tag on a quota (`TagInfo`). */
export interface WireHssTag {
  readonly key?: string;
  readonly value?: string;
}

/** Per-edition count (`QuotaStatisticsResponseInfo`). */
export interface WireQuotaStatistics {
  readonly version?: string;
  readonly total_num?: number;
}

/** One quota (`QuotaResourcesResponseInfo`, a `data_list` item). */
export interface WireQuotaResource {
  readonly resource_id?: string;
  readonly version?: string;
  readonly quota_status?: string;
  readonly used_status?: string;
  readonly host_id?: string;
  readonly host_name?: string;
  readonly charging_mode?: string;
  readonly tags?: WireHssTag[];
  /** `-1` means the quota never expires; otherwise epoch milliseconds (as the Terraform provider reads it). */
  readonly expire_time?: number;
  /** Not in the seed; in the SDK's model (int64). */
  readonly create_time?: number;
  /** `shared` or `unshared`. */
  readonly shared_quota?: string;
  readonly enterprise_project_id?: string;
  readonly enterprise_project_name?: string;
}

/** The body of a `ListQuotasDetail` answer. */
export interface WireListQuotasDetailResponse {
  readonly packet_cycle_num?: number;
  readonly on_demand_num?: number;
  readonly used_num?: number;
  readonly idle_num?: number;
  readonly normal_num?: number;
  readonly expired_num?: number;
  readonly freeze_num?: number;
  /** Not in the seed; in the SDK's model (int64). */
  readonly create_time?: number;
  readonly quota_statistics_list?: WireQuotaStatistics[];
  readonly total_num?: number;
  readonly data_list?: WireQuotaResource[];
}

/** Huawei Cloud's error body (`error_code`, `error_msg`, `request_id`), and the variants some services use. */
export interface WireHuaweiError {
  readonly error_code?: string;
  readonly error_msg?: string;
  readonly request_id?: string;
  readonly code?: string;
  readonly message?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

// ---------------------------------------------------------------------------------
// Public form (camelCase).
// ---------------------------------------------------------------------------------

/** A tag on a quota. */
export interface HssTag {
  readonly key: string;
  readonly value: string;
}

/** How many quotas of one edition there are (`quota_statistics_list` item). */
export interface HssQuotaStatistics {
  /** Edition (`version`), e.g. `hss.version.enterprise`. */
  readonly version: string;
  /** Quotas of that edition (`total_num`). */
  readonly totalNum: number;
}

/** One HSS protection quota (a `data_list` row). */
export interface HssQuota {
  /** Quota resource id (`resource_id`). */
  readonly resourceId: string;
  /** Edition (`version`): one of {@link HSS_VERSIONS}, kept as sent. */
  readonly version: string;
  /** `normal`, `expired` or `freeze` (`quota_status`), kept as sent. */
  readonly quotaStatus: string;
  /** `idle` or `used` (`used_status`), kept as sent. */
  readonly usedStatus: string;
  /** Server the quota protects (`host_id`); null for an idle quota. */
  readonly hostId: string | null;
  /** Server name (`host_name`); null for an idle quota. */
  readonly hostName: string | null;
  /** `packet_cycle` or `on_demand` (`charging_mode`), kept as sent. */
  readonly chargingMode: string;
  /** Tags (`tags`). */
  readonly tags: HssTag[];
  /**
   * When the quota expires (`expire_time`), in epoch milliseconds; null when the API
   * sends `-1` (never expires, e.g. pay-per-use) or nothing. The unit is not in the API
   * reference; Huawei Cloud's Terraform provider reads it as milliseconds, and so does
   * this library. See {@link quotaExpiryDate}.
   */
  readonly expireTime: number | null;
  /** Creation time (`create_time`), as sent (epoch milliseconds by the same reading); null when absent. */
  readonly createTime: number | null;
  /** `shared` or `unshared` (`shared_quota`), kept as sent; null when absent. */
  readonly sharedQuota: string | null;
  /** Enterprise project id (`enterprise_project_id`); null when absent. */
  readonly enterpriseProjectId: string | null;
  /** Enterprise project name (`enterprise_project_name`); null when absent. */
  readonly enterpriseProjectName: string | null;
}

/** The quota counters of a `ListQuotasDetail` answer, exactly as HSS reported them. */
export interface HssQuotaCounts {
  /** Yearly/monthly quotas (`packet_cycle_num`). */
  readonly packetCycleNum: number;
  /** Pay-per-use quotas (`on_demand_num`). */
  readonly onDemandNum: number;
  /** Quotas bound to a server (`used_num`). */
  readonly usedNum: number;
  /** Quotas bound to no server (`idle_num`). */
  readonly idleNum: number;
  /** Quotas in normal status (`normal_num`). */
  readonly normalNum: number;
  /** Expired quotas (`expired_num`). */
  readonly expiredNum: number;
  /** Frozen quotas (wire `freeze_num`). */
  readonly frozenNum: number;
  /** All quotas matching the query (`total_num`); equals the number of rows read. */
  readonly totalNum: number;
}

/** Every quota matching a query, with HSS's own counters and per-edition statistics. */
export interface QuotaDetailResult extends HssQuotaCounts {
  /** Quotas per edition (`quota_statistics_list`). */
  readonly quotaStatistics: HssQuotaStatistics[];
  /** `create_time` of the answer as sent; null when absent. */
  readonly createTime: number | null;
  /** Every quota of every page, in the order the API returned them. */
  readonly quotas: HssQuota[];
}

/** What to ask `ListQuotasDetail`. Every field is a filter; none means all. */
export interface QuotaDetailQuery {
  /**
   * `enterprise_project_id`; `all_granted_eps` for every enterprise project.
   * @default not sent: the API's default, enterprise project `0` (the default project)
   */
  readonly enterpriseProjectId?: string;
  /** `version`: one edition. @default every edition */
  readonly version?: HssVersion;
  /** `category`. @default both */
  readonly category?: HssCategory;
  /** `quota_status`. @default every status */
  readonly quotaStatus?: HssQuotaStatus;
  /** `used_status`. @default both */
  readonly usedStatus?: HssUsedStatus;
  /** `host_name` (1 to 256 characters). @default every server */
  readonly hostName?: string;
  /** `resource_id` (1 to 128 characters). @default every quota */
  readonly resourceId?: string;
  /** `charging_mode`. @default both */
  readonly chargingMode?: HssChargingMode;
  /**
   * Rows per page (`limit`), 10 to 200; every page is read whatever the size.
   * @default 200 (the API's maximum, so most projects take one request; the API's own default is 10)
   */
  readonly pageSize?: number;
}

/** Wire names of the query fields. */
export const QUERY_WIRE_NAMES: ReadonlyArray<readonly [Exclude<keyof QuotaDetailQuery, 'pageSize'>, string]> = [
  ['enterpriseProjectId', 'enterprise_project_id'],
  ['version', 'version'],
  ['category', 'category'],
  ['quotaStatus', 'quota_status'],
  ['usedStatus', 'used_status'],
  ['hostName', 'host_name'],
  ['resourceId', 'resource_id'],
  ['chargingMode', 'charging_mode'],
];

/** The query's filters as wire parameters (without `offset`/`limit`). */
export function toWireQuery(query: QuotaDetailQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, wire] of QUERY_WIRE_NAMES) {
    const v = query[name];
    if (v !== undefined) out[wire] = v;
  }
  return out;
}

/** Counter fields: public name and wire name. */
export const COUNT_FIELDS: ReadonlyArray<readonly [keyof HssQuotaCounts, keyof WireListQuotasDetailResponse]> = [
  ['packetCycleNum', 'packet_cycle_num'],
  ['onDemandNum', 'on_demand_num'],
  ['usedNum', 'used_num'],
  ['idleNum', 'idle_num'],
  ['normalNum', 'normal_num'],
  ['expiredNum', 'expired_num'],
  ['frozenNum', 'freeze_num'],
  ['totalNum', 'total_num'],
];

/**
 * Maps the counters of an answer. An absent counter is 0; one that is not a
 * non-negative integer is a malformed answer.
 */
export function fromWireCounts(body: WireListQuotasDetailResponse, bad: (msg: string) => CloudServiceError): HssQuotaCounts {
  const out: Record<string, number> = {};
  for (const [name, wire] of COUNT_FIELDS) out[name] = count(body[wire], wire, bad);
  return out as unknown as HssQuotaCounts;
}

/** Maps `quota_statistics_list`. */
export function fromWireStatistics(list: unknown, bad: (msg: string) => CloudServiceError): HssQuotaStatistics[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw bad(`quota_statistics_list is ${JSON.stringify(list)}, not a list`);
  return list.map((s: WireQuotaStatistics) => ({ version: String(s?.version ?? ''), totalNum: count(s?.total_num, `total_num of ${s?.version}`, bad) }));
}

/** Maps one `data_list` row to its camelCase form. */
export function fromWireQuota(row: WireQuotaResource, bad: (msg: string) => CloudServiceError): HssQuota {
  if (!row || typeof row !== 'object') throw bad(`a data_list item is ${JSON.stringify(row)}, not an object`);
  const id = row.resource_id ?? '?';
  if (row.tags !== undefined && row.tags !== null && !Array.isArray(row.tags)) throw bad(`tags of quota ${id} is ${JSON.stringify(row.tags)}, not a list`);
  return {
    resourceId: String(row.resource_id ?? ''),
    version: String(row.version ?? ''),
    quotaStatus: String(row.quota_status ?? ''),
    usedStatus: String(row.used_status ?? ''),
    hostId: nonEmpty(row.host_id),
    hostName: nonEmpty(row.host_name),
    chargingMode: String(row.charging_mode ?? ''),
    tags: (row.tags ?? []).map((t) => ({ key: String(t?.key ?? ''), value: String(t?.value ?? '') })),
    expireTime: time(row.expire_time, `expire_time of quota ${id}`, bad),
    createTime: time(row.create_time, `create_time of quota ${id}`, bad),
    sharedQuota: nonEmpty(row.shared_quota),
    enterpriseProjectId: nonEmpty(row.enterprise_project_id),
    enterpriseProjectName: nonEmpty(row.enterprise_project_name),
  };
}

/** When a quota expires, as a Date; undefined when it never does (`expire_time` -1). */
export function quotaExpiryDate(quota: Pick<HssQuota, 'expireTime'>): Date | undefined {
  return quota.expireTime === null ? undefined : new Date(quota.expireTime);
}

/** A time field: null for absent or -1 (the API's "never"), else a finite number. */
export function time(v: unknown, field: string, bad: (msg: string) => CloudServiceError): number | null {
  if (v === undefined || v === null || v === -1) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw bad(`${field} is ${JSON.stringify(v)}, not a time`);
  return n === -1 ? null : n;
}

function count(v: unknown, field: string, bad: (msg: string) => CloudServiceError): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(`${field} is ${JSON.stringify(v)}, not a count`);
  return v;
}

function nonEmpty(v: unknown): string | null {
  return v === undefined || v === null || v === '' ? null : String(v);
}
