import { CloudServiceError } from '../../core/errors';

/** UCloud's wire form of one `EIPSet` element of `DescribeBandwidthUsage` (`UnetBandwidthUsageEIPSet`). */
export interface WireBandwidthUsageEIPSet {
  /** Bandwidth used over the last 5 minutes, in Mbps: a float (`0.0000629425048828125`). */
  readonly CurBandwidth?: number;
  /** EIP resource id, e.g. `eip-XXXX`. */
  readonly EIPId?: string;
}

/** UCloud's wire form of a `DescribeBandwidthUsage` answer. */
export interface WireDescribeBandwidthUsageResponse {
  /** `DescribeBandwidthUsageResponse`. */
  readonly Action?: string;
  /** 0 on success. */
  readonly RetCode: number;
  /** Set when `RetCode` is not 0. */
  readonly Message?: string;
  /** Number of EIPs matching the query, over all pages. */
  readonly TotalCount?: number;
  /** Absent when there is no EIP at all. */
  readonly EIPSet?: WireBandwidthUsageEIPSet[];
}

/** The fields every UCloud answer has. */
export interface WireUCloudResponse {
  readonly Action?: string;
  readonly RetCode: number;
  readonly Message?: string;
}

/** One EIP's current bandwidth use. */
export interface EipBandwidth {
  /** EIP resource id (`EIPId`), e.g. `eip-abc`. */
  readonly eipId: string;
  /** Bandwidth used over the last 5 minutes (`CurBandwidth`), in Mbps; a float, kept as one. */
  readonly curBandwidthMbps: number;
}

/** What to ask `DescribeBandwidthUsage`. */
export interface BandwidthUsageQuery {
  /**
   * `Region`, e.g. `cn-bj2`.
   * @default the client's region
   */
  readonly region?: string;
  /**
   * `ProjectId`; required by UCloud for sub-accounts.
   * @default the client's project, else none (the account's default project)
   */
  readonly projectId?: string;
  /**
   * EIPs to report (`EIPIds.0`, `EIPIds.1`, ...).
   * @default every EIP in the region
   */
  readonly eipIds?: readonly string[];
  /**
   * `BeginTime`, in Unix seconds.
   * @default not sent
   */
  readonly beginTime?: number;
  /**
   * `EndTime`, in Unix seconds.
   * @default not sent
   */
  readonly endTime?: number;
  /**
   * EIPs per page (`Limit`); every page is read whatever the size.
   * @default 100
   */
  readonly pageSize?: number;
}

/** Every EIP's bandwidth use, with the total and the peak. */
export interface BandwidthUsageResult {
  /** Every EIP of every page, in the order UCloud returned them. */
  readonly eips: EipBandwidth[];
  /** Sum of `curBandwidthMbps` over all EIPs (0 when there are none). */
  readonly totalMbps: number;
  /** Largest `curBandwidthMbps` (0 when there are no EIPs). */
  readonly maxMbps: number;
  /** `TotalCount` as UCloud reported it (equals `eips.length`). */
  readonly totalCount: number;
}

/**
 * Maps a wire `EIPSet` element to its typed form. `CurBandwidth` may come as a number
 * or a numeric string; anything else, or a missing `EIPId`, is a malformed answer.
 */
export function fromWireEip(row: WireBandwidthUsageEIPSet, bad: (msg: string) => CloudServiceError): EipBandwidth {
  const id = row?.EIPId;
  if (typeof id !== 'string' || id === '') throw bad(`an EIPSet element has EIPId ${JSON.stringify(id)}, not an id`);
  const v: unknown = row.CurBandwidth;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : v === undefined || v === null ? 0 : NaN;
  if (!Number.isFinite(n)) throw bad(`CurBandwidth of ${id} is ${JSON.stringify(v)}, not a number`);
  return { eipId: id, curBandwidthMbps: n };
}

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
