// The benchmark's lookups: a table of factories, one per lookup construct. The app's
// 30 lookups cycle through the table, so the clouds are mixed evenly. Adding a cloud is
// one factory file (see qingcloud.ts) and one line in LOOKUPS.
import { Construct } from 'constructs';
import type { FakeCloudData } from 'cdktf-headroom';
import { huaweiCloudQuotaDetail } from './huaweicloud';
import { qingCloudProjectResourceStat } from './qingcloud';
import { ucloudEipBandwidthUsage } from './ucloud';

/** One query of the benchmark: an id the factory turns into its own parameters, and how many rows it answers. */
export interface BenchQuery {
  readonly id: string;
  readonly rows: number;
}

/** What a hand-written synchronous lookup would do for one query: a resolver run on a worker, every page in order. */
export interface InOrderCall {
  /** Absolute path of the compiled module exporting the resolver. */
  readonly module: string;
  readonly exportName: string;
  readonly input: unknown;
}

/** How the benchmark builds one kind of lookup. */
export interface LookupFactory {
  /** The construct, for the printed table. */
  readonly name: string;
  /** Fake cloud data that answers these queries (merged with the other factories'). */
  data(queries: readonly BenchQuery[]): FakeCloudData;
  /** Declares the query with the library's construct; returns a reader of one number the stack is sized by. */
  declare(scope: Construct, id: string, query: BenchQuery, pageSize: number): () => number;
  /** The same query for the baseline that blocks on each page in turn. */
  inOrder(query: BenchQuery, pageSize: number): InOrderCall;
  /** Largest page size the construct accepts (for the big lookups). */
  readonly maxPageSize: number;
}

/** The lookups of the benchmark app, mixed in this order. */
export const LOOKUPS: readonly LookupFactory[] = [
  qingCloudProjectResourceStat,
  ucloudEipBandwidthUsage,
  huaweiCloudQuotaDetail,
];
