// The declared shape of Huawei Cloud HSS's ListQuotasDetail answer (API-NOTES §3d: the
// seed's flattened page is the top-level body, QuotaStatisticsResponseInfo and
// QuotaResourcesResponseInfo), and the public types it decodes to: one source of truth,
// read from the wire (snake_case) by the client and in plain form from the lookup record.
import { recordedResult } from '../../core/cloud-api';
import { array, count, Decoder, either, int, listOrAbsent, map, nonEmptyStr, nullable, num, shape, ShapeSpec, str } from '../../core/decode';

/** Rows per page (`limit`) the API accepts, 10 to 200 (its own default is 10); this library asks 200. */
export const HSS_PAGE_SIZE = { default: 200, min: 10, max: 200 } as const;

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

/** A time field: absent, `null` or `-1` (the API's "never") is `null`; else epoch milliseconds. */
const epochOrNever: Decoder<number | null> = nullable(map(either('epoch milliseconds, or -1 for never', int, num), (n) => (n === -1 ? null : n))) as Decoder<
  number | null
>;

/** A string the API may leave out or send empty: `null` then. */
const optionalText: Decoder<string | null> = nullable(map(str, (s) => (s === '' ? null : s))) as Decoder<string | null>;

/** One tag: both fields are strings. */
export const hssTag: Decoder<HssTag> = shape<HssTag>({ key: ['key', str], value: ['value', str] });

/** One `quota_statistics_list` item. */
export const hssQuotaStatistics: Decoder<HssQuotaStatistics> = shape<HssQuotaStatistics>({
  version: ['version', nonEmptyStr],
  totalNum: ['total_num', count],
});

/** One `data_list` item: id, edition, statuses and charging mode are required; host fields are null for an idle quota. */
export const hssQuota: Decoder<HssQuota> = shape<HssQuota>({
  resourceId: ['resource_id', nonEmptyStr],
  version: ['version', nonEmptyStr],
  quotaStatus: ['quota_status', nonEmptyStr],
  usedStatus: ['used_status', nonEmptyStr],
  hostId: ['host_id', optionalText],
  hostName: ['host_name', optionalText],
  chargingMode: ['charging_mode', nonEmptyStr],
  tags: ['tags', listOrAbsent(hssTag)],
  expireTime: ['expire_time', epochOrNever],
  createTime: ['create_time', epochOrNever],
  sharedQuota: ['shared_quota', optionalText],
  enterpriseProjectId: ['enterprise_project_id', optionalText],
  enterpriseProjectName: ['enterprise_project_name', optionalText],
});

const COUNTS: ShapeSpec<HssQuotaCounts> = {
  packetCycleNum: ['packet_cycle_num', count],
  onDemandNum: ['on_demand_num', count],
  usedNum: ['used_num', count],
  idleNum: ['idle_num', count],
  normalNum: ['normal_num', count],
  expiredNum: ['expired_num', count],
  frozenNum: ['freeze_num', count],
  totalNum: ['total_num', count],
};

/** One page, decoded: every counter of the top-level table is required; the lists may be left out when empty. */
export interface QuotaDetailPage extends HssQuotaCounts {
  readonly quotaStatistics: HssQuotaStatistics[];
  readonly createTime: number | null;
  readonly quotas: HssQuota[];
}

/** One page of the answer, read from the wire. */
export const quotaDetailPage: Decoder<QuotaDetailPage> = shape<QuotaDetailPage>({
  ...COUNTS,
  quotaStatistics: ['quota_statistics_list', listOrAbsent(hssQuotaStatistics)],
  createTime: ['create_time', epochOrNever],
  quotas: ['data_list', listOrAbsent(hssQuota)],
});

const resultShape = shape<QuotaDetailResult>({
  ...COUNTS,
  quotaStatistics: ['quota_statistics_list', array(hssQuotaStatistics)],
  createTime: ['create_time', epochOrNever],
  quotas: ['data_list', array(hssQuota)],
});

/** A whole result in plain form, as the lookup record stores it: `totalNum` checked against the quotas. */
export const quotaDetailResult: Decoder<QuotaDetailResult> = recordedResult(resultShape, (r) => [
  { field: 'totalNum', stored: r.totalNum, fromRows: r.quotas.length, rule: 'the number of quotas' },
]);

/** When a quota expires, as a Date; undefined when it never does (`expire_time` -1). */
export function quotaExpiryDate(quota: Pick<HssQuota, 'expireTime'>): Date | undefined {
  return quota.expireTime === null ? undefined : new Date(quota.expireTime);
}
