/**
 * QingCloud's wire form of one `GetProjectResourceStat` row (`data[]`), as documented and
 * as seen (for the fake cloud and users' fixtures; the client reads answers through
 * `schema.ts`, which declares which fields are required).
 */
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
   * Rows per page (`limit`), 1 to 1000.
   * @default 60
   */
  readonly pageSize?: number;
  /**
   * Most rows one call reads; a project with more is a `HEADROOM_PAGINATION` error.
   * @default 100000 (DEFAULT_MAX_ROWS)
   */
  readonly maxRows?: number;
}
