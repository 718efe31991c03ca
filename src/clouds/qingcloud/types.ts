import { CloudServiceError } from '../../core/errors';

/** QingCloud's wire form of one `GetProjectResourceStat` row (`data[]`), as documented and as seen. */
export interface WireProjectResourceStatRow {
  readonly resource_group_id?: string;
  readonly console_id?: string;
  /** Documented as Integer; the API's own example returns `"daily"`. */
  readonly duration?: string | number;
  /** `YYYY-MM-DDTHH:mm:ss`, no zone. */
  readonly end_time?: string;
  readonly instance_count?: number;
  readonly vcpus_count?: number;
  readonly memory_sum?: number;
  readonly volume_count?: number;
  /** Not in the table; present in the example. */
  readonly volume_size?: number;
  readonly eip_count?: number;
  readonly eip_bandwidth?: number;
  readonly wan_connect_bandwidth?: number;
  readonly wan_connect_count?: number;
  readonly wan_cpe_count?: number;
  /** Not in the table; present in the example. */
  readonly wan_cpe_bandwidth?: number;
  readonly wan_line_bandwidth?: number;
  readonly wan_line_count?: number;
  readonly wan_vpc_bandwidth?: number;
  readonly wan_vpc_count?: number;
}

/** QingCloud's wire form of a `GetProjectResourceStat` answer. */
export interface WireProjectResourceStatResponse {
  readonly action?: string;
  readonly ret_code: number;
  readonly message?: string;
  readonly total_count?: number;
  /** Seconds, a float (documented as Integer). */
  readonly elapsed_time?: number;
  readonly data?: WireProjectResourceStatRow[];
}

/** The numeric counters of a project resource row; {@link ProjectResourceTotals} sums them. */
export interface ProjectResourceCounters {
  /** Instances (`instance_count`). */
  readonly instanceCount: number;
  /** vCPUs (`vcpus_count`). */
  readonly vcpusCount: number;
  /** Memory (`memory_sum`), in the unit QingCloud reports (undocumented; MB in the console). */
  readonly memorySum: number;
  /** Volumes (`volume_count`). */
  readonly volumeCount: number;
  /** Volume size (`volume_size`, only in the API's example; unit undocumented). */
  readonly volumeSize: number;
  /** EIPs (`eip_count`). */
  readonly eipCount: number;
  /** EIP bandwidth (`eip_bandwidth`; unit undocumented, Mbps in the console). */
  readonly eipBandwidth: number;
  /** SD-WAN connection bandwidth (`wan_connect_bandwidth`). */
  readonly wanConnectBandwidth: number;
  /** SD-WAN connections (`wan_connect_count`). */
  readonly wanConnectCount: number;
  /** SD-WAN CPEs (`wan_cpe_count`). */
  readonly wanCpeCount: number;
  /** SD-WAN CPE bandwidth (`wan_cpe_bandwidth`, only in the API's example). */
  readonly wanCpeBandwidth: number;
  /** SD-WAN line bandwidth (`wan_line_bandwidth`). */
  readonly wanLineBandwidth: number;
  /** SD-WAN lines (`wan_line_count`). */
  readonly wanLineCount: number;
  /** SD-WAN VPC bandwidth (`wan_vpc_bandwidth`). */
  readonly wanVpcBandwidth: number;
  /** SD-WAN VPC attachments (`wan_vpc_count`). */
  readonly wanVpcCount: number;
}

/** One resource group's usage in a QingCloud project (a `GetProjectResourceStat` row). */
export interface ProjectResourceStatRow extends ProjectResourceCounters {
  /** Resource group (`resource_group_id`). */
  readonly resourceGroupId: string;
  /** Console (`console_id`). */
  readonly consoleId: string;
  /**
   * Statistics period (`duration`). Documented as Integer, returned as a word such as
   * `"daily"`; numbers are kept as their decimal string.
   */
  readonly duration: string;
  /**
   * End of the statistics period (`end_time`) exactly as QingCloud sent it:
   * `YYYY-MM-DDTHH:mm:ss` with no time zone. It is not converted, because the API does
   * not say which zone it is in.
   */
  readonly endTime: string;
}

/** Sums of every counter over all rows. */
export type ProjectResourceTotals = ProjectResourceCounters;

/** What to ask `GetProjectResourceStat`. */
export interface ProjectResourceStatQuery {
  /** `console_id`, e.g. `alphacloud`. */
  readonly consoleId: string;
  /** `project_id`, e.g. `pj-xzvlxlb5`. */
  readonly projectId: string;
  /** `owner`, e.g. `usr-WantwZJ8`. */
  readonly owner: string;
  /**
   * `zone`, when the API should run in one zone.
   * @default the client's zone, if any
   */
  readonly zone?: string;
  /**
   * Rows per page (`limit`).
   * @default 60
   */
  readonly pageSize?: number;
}

/** Every row of a project's resource statistics, with totals. */
export interface ProjectResourceStatResult {
  /** Every row of every page, in the order the API returned them. */
  readonly rows: ProjectResourceStatRow[];
  /** Each counter summed over all rows. */
  readonly totals: ProjectResourceTotals;
  /** `total_count` as reported by the API (equals `rows.length`). */
  readonly totalCount: number;
}

/** Names of the counters, in wire order; the mapping below is driven by this table. */
export const COUNTER_FIELDS: ReadonlyArray<readonly [keyof ProjectResourceCounters, keyof WireProjectResourceStatRow]> = [
  ['instanceCount', 'instance_count'],
  ['vcpusCount', 'vcpus_count'],
  ['memorySum', 'memory_sum'],
  ['volumeCount', 'volume_count'],
  ['volumeSize', 'volume_size'],
  ['eipCount', 'eip_count'],
  ['eipBandwidth', 'eip_bandwidth'],
  ['wanConnectBandwidth', 'wan_connect_bandwidth'],
  ['wanConnectCount', 'wan_connect_count'],
  ['wanCpeCount', 'wan_cpe_count'],
  ['wanCpeBandwidth', 'wan_cpe_bandwidth'],
  ['wanLineBandwidth', 'wan_line_bandwidth'],
  ['wanLineCount', 'wan_line_count'],
  ['wanVpcBandwidth', 'wan_vpc_bandwidth'],
  ['wanVpcCount', 'wan_vpc_count'],
];

/** Counters all at zero. */
export function zeroCounters(): ProjectResourceCounters {
  return Object.fromEntries(COUNTER_FIELDS.map(([name]) => [name, 0])) as unknown as ProjectResourceCounters;
}

/**
 * Maps a wire row to its typed, camelCase form. An absent counter is 0; a counter that
 * is not a number (or a numeric string) is a malformed answer.
 */
export function fromWireRow(row: WireProjectResourceStatRow, bad: (msg: string) => CloudServiceError): ProjectResourceStatRow {
  const counters: Record<string, number> = {};
  for (const [name, wire] of COUNTER_FIELDS) {
    const v = row[wire];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : v === undefined || v === null ? 0 : NaN;
    if (!Number.isFinite(n)) throw bad(`field ${wire} of resource group ${row.resource_group_id ?? '?'} is ${JSON.stringify(v)}, not a number`);
    counters[name] = n;
  }
  return {
    resourceGroupId: String(row.resource_group_id ?? ''),
    consoleId: String(row.console_id ?? ''),
    duration: row.duration === undefined || row.duration === null ? '' : String(row.duration),
    endTime: String(row.end_time ?? ''),
    ...(counters as unknown as ProjectResourceCounters),
  };
}

/** Each counter summed over `rows`. */
export function sumCounters(rows: readonly ProjectResourceCounters[]): ProjectResourceTotals {
  const totals = zeroCounters() as Record<keyof ProjectResourceCounters, number>;
  for (const row of rows) for (const [name] of COUNTER_FIELDS) totals[name] += row[name];
  return totals;
}
