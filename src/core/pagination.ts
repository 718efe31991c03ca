import { mapLimit } from './concurrency';
import { PaginationError } from './errors';

/** One page as a cloud returned it. */
export interface Page<R> {
  readonly rows: readonly R[];
  /** The cloud's count of all rows (`total_count`, `TotalCount`, `total_num`). */
  readonly total: number;
}

/** How to read every page of an offset/limit API. */
export interface PaginateOptions<R> {
  /** Rows asked for per page. */
  readonly pageSize: number;
  /**
   * Pages in flight at once after the first.
   * @default 8
   */
  readonly concurrency?: number;
  /** Fetches one page. */
  fetchPage(offset: number, limit: number): Promise<Page<R>>;
  /** Names the call in errors, e.g. `QingCloud GetProjectResourceStat`. */
  readonly describe: string;
  /**
   * Identity of a row; when given, a row seen twice is an error.
   * @default none: repeated rows are not looked for
   */
  readonly key?: (row: R) => string;
}

/** Every row of an offset/limit listing. */
export interface AllPages<R> {
  readonly rows: R[];
  /** The cloud's total, which equals `rows.length`. */
  readonly total: number;
  /** Pages fetched. */
  readonly pages: number;
}

/**
 * Reads every page of an offset/limit listing: the first page, then all the others at
 * once (bounded by `concurrency`).
 *
 * If the cloud caps the page size below what was asked, the first page's length becomes
 * the step. A page shorter than expected, a row seen twice, or a total that changes
 * between pages stops the read with a {@link PaginationError} instead of looping or
 * silently losing rows.
 */
export async function fetchAllPages<R>(options: PaginateOptions<R>): Promise<AllPages<R>> {
  const { describe, pageSize } = options;
  const first = await options.fetchPage(0, pageSize);
  const total = first.total;
  const step = first.rows.length;
  if (!Number.isInteger(total) || total < 0) {
    throw new PaginationError(`${describe}: the cloud's total was ${JSON.stringify(total)}, not a count; cannot page.`);
  }
  if (step === 0 && total > 0) {
    throw new PaginationError(`${describe}: the first page was empty but the cloud reported ${total} rows; stopped rather than loop.`);
  }
  const offsets: number[] = [];
  for (let offset = step; offset < total; offset += step) offsets.push(offset);
  const rest = await mapLimit(offsets, options.concurrency ?? 8, async (offset) => {
    const page = await options.fetchPage(offset, step);
    const expected = Math.min(step, total - offset);
    if (page.total !== total) {
      throw new PaginationError(
        `${describe}: the total changed from ${total} to ${page.total} while pages were read (offset ${offset}); ` +
          'the listing changed under us. Run the lookup again.',
      );
    }
    if (page.rows.length !== expected) {
      throw new PaginationError(
        `${describe}: the page at offset ${offset} had ${page.rows.length} rows where ${expected} were expected ` +
          `(total ${total}, step ${step}); stopped rather than lose or repeat rows.`,
      );
    }
    return page.rows;
  });
  const rows: R[] = first.rows.slice();
  for (const page of rest) for (const row of page) rows.push(row);
  if (options.key) {
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const k = options.key!(row);
      if (seen.has(k)) {
        throw new PaginationError(`${describe}: row ${JSON.stringify(k)} came back twice (again at position ${i}); the cloud repeated a page. Stopped.`);
      }
      seen.add(k);
    });
  }
  return { rows, total, pages: 1 + offsets.length };
}
