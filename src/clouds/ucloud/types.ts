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
  /**
   * Most EIPs one call reads; more is a `HEADROOM_PAGINATION` error.
   * @default 100000 (DEFAULT_MAX_ROWS)
   */
  readonly maxRows?: number;
}
