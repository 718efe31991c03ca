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
  /**
   * How each listing ends: `partial` (its last page holds half a page, as real listings
   * mostly do: every page is read once) or `full` (its last page is full, so the library
   * asks one more page to see that nothing follows).
   * @default 'partial'
   */
  readonly lastPage?: 'partial' | 'full';
}

/** Rows of one listing of the shape: `pages` pages, the last one half full or full. */
export function rowsPerListing(shape: BenchShape): number {
  return shape.lastPage === 'full' ? shape.pages * shape.pageSize : (shape.pages - 1) * shape.pageSize + Math.ceil(shape.pageSize / 2);
}

/** Requests one listing of the shape needs: its pages, and one more after a full last page. */
export function requestsPerListing(shape: BenchShape): number {
  return shape.pages + (shape.lastPage === 'full' ? 1 : 0);
}

/** Kinds of lookup the app mixes (the length of `LOOKUPS` in lookups.ts). */
export const FACTORY_COUNT = 3;

/** Query i of the mixed app: factory i mod the table, the factory's (i div table)th query. */
export function appQueries(shape: BenchShape): Array<{ factory: number; query: BenchQuery }> {
  return Array.from({ length: shape.lookups }, (_, i) => ({
    factory: i % FACTORY_COUNT,
    query: { id: `${shape.prefix ?? 'bench'}-${String(i).padStart(3, '0')}`, rows: rowsPerListing(shape) },
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
    lastPage: env.BENCH_LAST_PAGE === 'full' ? 'full' : 'partial',
  };
}

/** The environment that hands `shape` to the app (read back by {@link shapeFromEnv}). */
export function shapeEnv(shape: BenchShape): Record<string, string> {
  return {
    BENCH_LOOKUPS: String(shape.lookups),
    BENCH_PAGES: String(shape.pages),
    BENCH_PAGE_SIZE: String(shape.pageSize),
    BENCH_STACKS: String(shape.stacks),
    BENCH_RESOURCES_PER_LOOKUP: String(shape.resourcesPerLookup),
    BENCH_QUERY_PREFIX: shape.prefix ?? '',
    BENCH_LAST_PAGE: shape.lastPage ?? 'partial',
  };
}
