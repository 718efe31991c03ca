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

/**
 * The query's filters that take one of a fixed list of values, by wire name, with the
 * values HSS accepts: one table for the fake cloud's check of a request.
 */
export const HSS_LISTED_FILTERS: Readonly<Record<'version' | 'category' | 'quota_status' | 'used_status' | 'charging_mode', readonly string[]>> = {
  version: HSS_VERSIONS,
  category: HSS_CATEGORIES,
  quota_status: HSS_QUOTA_STATUSES,
  used_status: HSS_USED_STATUSES,
  charging_mode: HSS_CHARGING_MODES,
};

/** The query's free-text filters, by wire name, with their longest value: HSS takes 1 to that many characters. */
export const HSS_TEXT_FILTER_MAX_LENGTH = { host_name: 256, resource_id: 128 } as const;

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
  /**
   * Most quotas one call reads; more is a `HEADROOM_PAGINATION` error.
   * @default 100000 (DEFAULT_MAX_ROWS)
   */
  readonly maxRows?: number;
}

/** Wire names of the query fields. */
export const QUERY_WIRE_NAMES: ReadonlyArray<readonly [Exclude<keyof QuotaDetailQuery, 'pageSize' | 'maxRows'>, string]> = [
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
