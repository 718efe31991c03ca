// The declared shape of QingCloud's GetProjectResourceStat answer, and the public types
// it decodes to: one source of truth, read from the wire (snake_case) by the client and
// in plain form (camelCase) from the lookup record.
import { recordedResult } from '../../core/cloud-api';
import { array, count, Decoder, either, listOrAbsent, map, nonEmptyStr, nonNegative, optional, shape, ShapeSpec, str } from '../../core/decode';

/** Page sizes (`limit`) of `GetProjectResourceStat`: the API's default, and the range this library sends. */
export const QINGCLOUD_PAGE_SIZE = { default: 60, min: 1, max: 1000 } as const;

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
  /**
   * Volume size (`volume_size`): only the API's example shows it, the table does not list
   * it, so it may be absent: `undefined` then (and in a total over rows lacking it), never 0.
   */
  readonly volumeSize: number | undefined;
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
  /** SD-WAN CPE bandwidth (`wan_cpe_bandwidth`): only in the API's example; `undefined` when absent, never 0. */
  readonly wanCpeBandwidth: number | undefined;
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

/** Sums of every counter over all rows; a counter only some answers carry is `undefined` when a row lacks it. */
export type ProjectResourceTotals = ProjectResourceCounters;

/** Every row of a project's resource statistics, with totals. */
export interface ProjectResourceStatResult {
  /** Every row of every page, in the order the API returned them. */
  readonly rows: ProjectResourceStatRow[];
  /** Each counter summed over all rows. */
  readonly totals: ProjectResourceTotals;
  /** `total_count` as reported by the API (equals `rows.length`). */
  readonly totalCount: number;
}

/** One page of `GetProjectResourceStat`, decoded. */
export interface ProjectResourceStatPage {
  /** `total_count`: every row matching the query, over all pages. */
  readonly totalCount: number;
  /** `data`: this page's rows (QingCloud may leave it out when there is none). */
  readonly rows: ProjectResourceStatRow[];
}

/** `duration`: documented Integer, sent as a word (`"daily"`); kept as text. */
const durationText: Decoder<string> = either(
  'a string or a number',
  str,
  map(nonNegative, (n) => String(n)),
);

const COUNTERS: ShapeSpec<ProjectResourceCounters> = {
  instanceCount: ['instance_count', count],
  vcpusCount: ['vcpus_count', count],
  memorySum: ['memory_sum', nonNegative],
  volumeCount: ['volume_count', count],
  volumeSize: ['volume_size', optional(nonNegative)],
  eipCount: ['eip_count', count],
  eipBandwidth: ['eip_bandwidth', nonNegative],
  wanConnectBandwidth: ['wan_connect_bandwidth', nonNegative],
  wanConnectCount: ['wan_connect_count', count],
  wanCpeCount: ['wan_cpe_count', count],
  wanCpeBandwidth: ['wan_cpe_bandwidth', optional(nonNegative)],
  wanLineBandwidth: ['wan_line_bandwidth', nonNegative],
  wanLineCount: ['wan_line_count', count],
  wanVpcBandwidth: ['wan_vpc_bandwidth', nonNegative],
  wanVpcCount: ['wan_vpc_count', count],
};

/** Counter names, in wire order. */
export const COUNTER_NAMES = Object.keys(COUNTERS) as Array<keyof ProjectResourceCounters>;

/** One `data[]` row: every field of the API's table is required; `volume_size` and `wan_cpe_bandwidth` (example only) are optional. */
export const projectResourceStatRow: Decoder<ProjectResourceStatRow> = shape<ProjectResourceStatRow>({
  resourceGroupId: ['resource_group_id', nonEmptyStr],
  consoleId: ['console_id', str],
  duration: ['duration', durationText],
  endTime: ['end_time', str],
  ...COUNTERS,
});

/** One page of the answer: `total_count` is required (a page without it cannot be paged), `data` may be left out when empty. */
export const projectResourceStatPage: Decoder<ProjectResourceStatPage> = shape<ProjectResourceStatPage>({
  totalCount: ['total_count', count],
  rows: ['data', listOrAbsent(projectResourceStatRow)],
});

/** Each counter summed over `rows`; a counter some row lacks sums to `undefined`. */
export function sumCounters(rows: readonly ProjectResourceCounters[]): ProjectResourceTotals {
  const totals: Record<string, number | undefined> = {};
  for (const name of COUNTER_NAMES) {
    let sum: number | undefined = 0;
    for (const row of rows) {
      const v = row[name];
      if (v === undefined) {
        sum = undefined;
        break;
      }
      sum += v;
    }
    totals[name] = sum;
  }
  return totals as unknown as ProjectResourceTotals;
}

const totalsShape = shape<ProjectResourceTotals>(COUNTERS);

const resultShape = shape<ProjectResourceStatResult>({
  rows: ['rows', array(projectResourceStatRow)],
  totals: ['totals', totalsShape],
  totalCount: ['totalCount', count],
});

/**
 * A whole result in plain form, as the lookup record stores it: every row decoded, and
 * the totals and `totalCount` checked against the rows (a record whose totals were
 * edited is not used).
 */
export const projectResourceStatResult: Decoder<ProjectResourceStatResult> = recordedResult(resultShape, (r) => {
  const sums = sumCounters(r.rows);
  return [
    { field: 'totalCount', stored: r.totalCount, fromRows: r.rows.length, rule: 'the number of rows' },
    ...COUNTER_NAMES.map((name) => ({ field: `totals.${name}`, stored: r.totals[name], fromRows: sums[name], rule: 'the sum over the rows' })),
  ];
});
