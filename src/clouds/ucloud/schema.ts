// The declared shape of UCloud's DescribeBandwidthUsage answer, and the public types it
// decodes to: one source of truth, read from the wire (PascalCase) by the client and in
// plain form (camelCase) from the lookup record.
import { recordedResult } from '../../core/cloud-api';
import { array, count, Decoder, listOrAbsent, nonEmptyStr, nonNegative, shape } from '../../core/decode';

/** Page sizes (`Limit`) of `DescribeBandwidthUsage`: this library's default, and the range the API documents. */
export const UCLOUD_PAGE_SIZE = {
  /**
   * The API's own default is 20; 100 (the page size UCloud's Terraform provider uses for
   * EIP listings) reads a region of a few hundred EIPs in a handful of requests, while
   * keeping each answer small (about 60 bytes per EIP).
   */
  default: 100,
  min: 1,
  max: 10_000_000,
} as const;

/** One EIP's current bandwidth use. */
export interface EipBandwidth {
  /** EIP resource id (`EIPId`), e.g. `eip-abc`. */
  readonly eipId: string;
  /** Bandwidth used over the last 5 minutes (`CurBandwidth`), in Mbps; a float, kept as one. */
  readonly curBandwidthMbps: number;
}

/** Every EIP's bandwidth use, with the total and the peak. */
export interface BandwidthUsageResult {
  /** Every EIP of every page, in the order UCloud returned them. */
  readonly eips: EipBandwidth[];
  /** Sum of `curBandwidthMbps` over all EIPs (0 when there are none). */
  readonly totalMbps: number;
  /** Largest `curBandwidthMbps` (0 when there are no EIPs). */
  readonly maxMbps: number;
  /** The number of EIPs read (UCloud's `TotalCount` counts at least as many; see docs/constructs.md on paging). */
  readonly totalCount: number;
}

/** One page of `DescribeBandwidthUsage`, decoded. */
export interface BandwidthUsagePage {
  /** `TotalCount`. The API table calls it "EIPSet中的元素个数" (the number of elements in EIPSet). */
  readonly totalCount: number;
  /** `EIPSet`: left out by UCloud when there is no EIP. */
  readonly eips: EipBandwidth[];
}

/** One `EIPSet` element: both fields are required (a missing `CurBandwidth` is never read as 0). */
export const eipBandwidth: Decoder<EipBandwidth> = shape<EipBandwidth>({
  eipId: ['EIPId', nonEmptyStr],
  curBandwidthMbps: ['CurBandwidth', nonNegative],
});

/** One page: `TotalCount` is required; `EIPSet` may be left out when empty. */
export const bandwidthUsagePage: Decoder<BandwidthUsagePage> = shape<BandwidthUsagePage>({
  totalCount: ['TotalCount', count],
  eips: ['EIPSet', listOrAbsent(eipBandwidth)],
});

/** The sum and the peak of `curBandwidthMbps`. */
export function summarizeEips(eips: readonly EipBandwidth[]): { totalMbps: number; maxMbps: number } {
  let totalMbps = 0;
  let maxMbps = 0;
  for (const e of eips) {
    totalMbps += e.curBandwidthMbps;
    if (e.curBandwidthMbps > maxMbps) maxMbps = e.curBandwidthMbps;
  }
  return { totalMbps, maxMbps };
}

const resultShape = shape<BandwidthUsageResult>({
  eips: ['eips', array(eipBandwidth)],
  totalMbps: ['totalMbps', nonNegative],
  maxMbps: ['maxMbps', nonNegative],
  totalCount: ['totalCount', count],
});

/** A whole result in plain form, as the lookup record stores it: the sums and count checked against the EIPs. */
export const bandwidthUsageResult: Decoder<BandwidthUsageResult> = recordedResult(resultShape, (r) => {
  const s = summarizeEips(r.eips);
  return [
    { field: 'totalCount', stored: r.totalCount, fromRows: r.eips.length, rule: 'the number of EIPs' },
    { field: 'totalMbps', stored: r.totalMbps, fromRows: s.totalMbps, rule: 'the sum over the EIPs' },
    { field: 'maxMbps', stored: r.maxMbps, fromRows: s.maxMbps, rule: 'the largest over the EIPs' },
  ];
});
