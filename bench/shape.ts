// The benchmark app's shape and queries, shared by run.ts and app.ts. Loads nothing of
// the library: the bare app must not.

/** One query of the benchmark: an id the factory turns into its own parameters, and how many rows it answers. */
export interface BenchQuery {
  readonly id: string;
  readonly rows: number;
}

/** The app's shape, shared with run.ts. */
export interface BenchShape {
  readonly lookups: number;
  readonly pages: number;
  readonly pageSize: number;
  readonly stacks: number;
  readonly resourcesPerLookup: number;
  /**
   * Prefix of the query ids, so that apps of different shapes ask for different data.
   * @default 'bench'
   */
  readonly prefix?: string;
}

/** Kinds of lookup the app mixes (the length of `LOOKUPS` in lookups.ts). */
export const FACTORY_COUNT = 3;

/** Query i of the mixed app: factory i mod the table, the factory's (i div table)th query. */
export function appQueries(shape: BenchShape): Array<{ factory: number; query: BenchQuery }> {
  return Array.from({ length: shape.lookups }, (_, i) => ({
    factory: i % FACTORY_COUNT,
    query: { id: `${shape.prefix ?? 'bench'}-${String(i).padStart(3, '0')}`, rows: shape.pages * shape.pageSize },
  }));
}

/** The one big query of `rows` rows (answered by the first factory). */
export function bigQuery(rows: number): BenchQuery {
  return { id: `big-${rows}`, rows };
}

/** Reads the shape from the environment run.ts sets. */
export function shapeFromEnv(env: NodeJS.ProcessEnv = process.env): BenchShape {
  return {
    lookups: Number(env.BENCH_LOOKUPS ?? 30),
    pages: Number(env.BENCH_PAGES ?? 5),
    pageSize: Number(env.BENCH_PAGE_SIZE ?? 10),
    stacks: Number(env.BENCH_STACKS ?? 3),
    resourcesPerLookup: Number(env.BENCH_RESOURCES_PER_LOOKUP ?? 3),
    prefix: env.BENCH_QUERY_PREFIX || undefined,
  };
}
