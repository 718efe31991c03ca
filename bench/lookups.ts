// The benchmark's lookups: a table of factories, one per lookup construct. The app's
// 30 lookups cycle through the table, so the clouds are mixed evenly. Adding a cloud is
// one factory file (see qingcloud.ts), one line in LOOKUPS and FACTORY_COUNT in shape.ts.
import { Construct } from 'constructs';
import type { FakeCloudData } from 'cdktf-headroom/testing';
import { huaweiCloudQuotaDetail } from './huaweicloud';
import { qingCloudProjectResourceStat } from './qingcloud';
import { BenchQuery, FACTORY_COUNT } from './shape';
import { ucloudEipBandwidthUsage } from './ucloud';

export type { BenchQuery } from './shape';

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
export const LOOKUPS: readonly LookupFactory[] = [qingCloudProjectResourceStat, ucloudEipBandwidthUsage, huaweiCloudQuotaDetail];
if (LOOKUPS.length !== FACTORY_COUNT) throw new Error(`bench/shape.ts FACTORY_COUNT is ${FACTORY_COUNT}; LOOKUPS has ${LOOKUPS.length}`);
