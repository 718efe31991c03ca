// What a benchmark lookup is made of: the factory each cloud's file (qingcloud.ts, ...)
// exports, and the baseline's call. The table of factories is lookups.ts; the factories
// import their types from here, so the table and its entries form no import circle.
import { Construct } from 'constructs';
import type { FakeCloudData } from 'cdktf-headroom/testing';
import type { BenchQuery } from './shape';

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
  /** The cloud, as the fake cloud's request log names it. */
  readonly cloud: 'qingcloud' | 'ucloud' | 'huaweicloud';
  /** Fake cloud data that answers these queries (merged with the other factories'). */
  data(queries: readonly BenchQuery[]): FakeCloudData;
  /** Declares the query with the library's construct; returns a reader of one number the stack is sized by. */
  declare(scope: Construct, id: string, query: BenchQuery, pageSize: number): () => number;
  /** The same query for the baseline that blocks on each page in turn. */
  inOrder(query: BenchQuery, pageSize: number): InOrderCall;
  /** Largest page size the construct accepts (for the big lookups). */
  readonly maxPageSize: number;
}
