import { mapLimit } from './concurrency';
import { InputError, PaginationError } from './errors';

/** Rows one lookup reads at most, unless raised: far above any real account, far below what exhausts memory. */
export const DEFAULT_MAX_ROWS = 100_000;

/** Environment variable that raises (or lowers) the row ceiling of every lookup of an app. */
export const MAX_ROWS_ENV = 'HEADROOM_MAX_ROWS';

/** cdktf context key of the row ceiling of every lookup of an app. */
export const MAX_ROWS_CONTEXT = 'headroom:maxRows';

/**
 * Pages read past the total a cloud claimed, when that total counts more than one page
 * (so it is a count of every row, not of the page). Rows added while a listing is read
 * (an EIP allocated meanwhile) can push it a little past the total of its first page;
 * two pages cover any such growth in the seconds a read takes, while a cloud that keeps
 * sending full pages past its own total would otherwise be read to the row ceiling
 * (10,001 requests at pageSize 10).
 */
export const MAX_PAGES_PAST_TOTAL = 2;

/** How to raise the ceiling, for error messages. */
export const RAISE_MAX_ROWS =
  `raise the ceiling with the construct's \`maxRows\` prop, for the whole app with ${MAX_ROWS_ENV} or cdktf context "${MAX_ROWS_CONTEXT}", ` +
  "or with `maxRows` in the client's query";

/** One page as a cloud returned it (already decoded: `total` is an integer). */
export interface Page<R> {
  readonly rows: readonly R[];
  /** The cloud's count of all rows (`total_count`, `TotalCount`, `total_num`). */
  readonly total: number;
}

/** The `limit` values an API accepts. */
export interface PageSizeRange {
  readonly min: number;
  readonly max: number;
}

/** How to read every page of an offset/limit API. */
export interface PaginateOptions<R> {
  /** Rows asked for per page (`limit`); must be within `pageRange`. */
  readonly pageSize: number;
  /**
   * The `limit` values the API accepts; no request ever carries another.
   * @default 1 and up
   */
  readonly pageRange?: PageSizeRange;
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
  /**
   * Most rows read; a listing that claims or yields more is a {@link PaginationError}.
   * Every page but the last is full, so this also bounds the pages read.
   * @default DEFAULT_MAX_ROWS (100,000)
   */
  readonly maxRows?: number;
  /**
   * `'count'`: the total counts every row (QingCloud, HSS): rows beyond it are an error.
   * `'atLeast'`: the total may count only the page (UCloud documents `TotalCount` as the
   * number of elements in `EIPSet`), so reading goes on while pages come back full, and
   * the result's total is the number of rows read.
   * @default 'count'
   */
  readonly total?: 'count' | 'atLeast';
}

/** Every row of an offset/limit listing. */
export interface AllPages<R> {
  readonly rows: R[];
  /** The number of rows, which the cloud's total agreed with. */
  readonly total: number;
  /** Pages fetched. */
  readonly pages: number;
}

/**
 * Reads every page of an offset/limit listing: the first page, the others the total
 * calls for at once (bounded by `concurrency`), then, while the last page came back
 * full, the next one, so that a total that undercounts cannot hide rows.
 *
 * If the cloud caps the page size below what was asked, the first page's length becomes
 * the step, unless that is below the API's minimum `limit` (then the answer is refused:
 * a request outside the API's range is never sent). A total that is not a count, a page
 * shorter than expected, a row seen twice, a total that changes between pages, rows
 * beyond the total, or more rows than `maxRows` stop the read with a
 * {@link PaginationError} instead of looping or silently losing rows.
 */
export async function fetchAllPages<R>(options: PaginateOptions<R>): Promise<AllPages<R>> {
  const { describe, pageSize } = options;
  const pageRange = options.pageRange ?? { min: 1, max: Number.MAX_SAFE_INTEGER };
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const atLeast = options.total === 'atLeast';
  if (!Number.isInteger(pageSize) || pageSize < pageRange.min || pageSize > pageRange.max) {
    throw new InputError(
      `${describe}: the page size must be an integer from ${pageRange.min} to ${pageRange.max} (the API's range); got ${JSON.stringify(pageSize)}.`,
    );
  }
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new InputError(`${describe}: maxRows must be a whole number of rows, 1 or more; got ${JSON.stringify(maxRows)}.`);
  }
  const first = await options.fetchPage(0, pageSize);
  const total = first.total;
  const n = first.rows.length;
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new PaginationError(`${describe}: the cloud's total was ${JSON.stringify(total)}, not a count; cannot page.`);
  }
  if (total > maxRows) {
    throw new PaginationError(
      `${describe}: the cloud counts ${total} rows, more than this lookup's ceiling of ${maxRows}; stopped before reading them. ` +
        `If the account really has that many, ${RAISE_MAX_ROWS}.`,
    );
  }
  if (n > pageSize) {
    throw new PaginationError(`${describe}: the first page had ${n} rows where at most ${pageSize} were asked for; stopped rather than trust the pages.`);
  }
  if (!atLeast && n > total) {
    throw new PaginationError(`${describe}: the first page had ${n} rows, more than the ${total} the cloud counted; stopped rather than guess which is right.`);
  }
  if (n === 0 && total > 0) {
    throw new PaginationError(`${describe}: the first page was empty but the cloud reported ${total} rows; stopped rather than loop.`);
  }
  if (n < pageSize && n < total && n < pageRange.min) {
    throw new PaginationError(
      `${describe}: the cloud returned ${n} row${n === 1 ? '' : 's'} of the ${total} it counted on the first page, where ${Math.min(pageSize, total)} were asked for. ` +
        `Reading on would need pages of ${n}, below the API's minimum page size of ${pageRange.min}; stopped rather than send a request outside the API's range or lose rows.`,
    );
  }
  // The cloud may cap the page below what was asked: its first page tells the step.
  const step = n < pageSize && n < total ? n : pageSize;
  const offsets: number[] = [];
  for (let offset = step; offset < total; offset += step) offsets.push(offset);
  const restTotals: number[] = new Array(offsets.length);
  const rest = await mapLimit(offsets, options.concurrency ?? 8, async (offset, index) => {
    const page = await options.fetchPage(offset, step);
    restTotals[index] = page.total;
    const expected = Math.min(step, total - offset);
    if (!atLeast && page.total !== total) {
      throw new PaginationError(
        `${describe}: the total changed from ${total} to ${page.total} while pages were read (offset ${offset}); ` +
          'the listing changed under us. Run the lookup again.',
      );
    }
    const last = offset + step >= total;
    if (page.rows.length !== expected && !(atLeast && last && page.rows.length === step)) {
      throw new PaginationError(
        `${describe}: the page at offset ${offset} had ${page.rows.length} rows where ${expected} were expected ` +
          `(total ${total}, step ${step}); stopped rather than lose or repeat rows.`,
      );
    }
    return page.rows;
  });
  const rows: R[] = [];
  const seen = new Set<string>();
  const add = (page: readonly R[]): void => {
    for (const row of page) {
      if (options.key) {
        const k = options.key(row);
        if (seen.has(k)) {
          throw new PaginationError(
            `${describe}: row ${JSON.stringify(k)} came back twice (again at position ${rows.length}); the cloud repeated a page. Stopped.`,
          );
        }
        seen.add(k);
      }
      rows.push(row);
    }
  };
  add(first.rows);
  for (const page of rest) add(page);
  let pages = 1 + offsets.length;
  // A last page that came back full may not be the last: ask for the next one. A listing
  // of exactly maxRows rows in full pages still gets that look; only rows past the
  // ceiling are refused (at most one page is read beyond it).
  let lastLength = rest.length > 0 ? rest[rest.length - 1].length : n;
  // In 'atLeast' mode, a page whose total is more than its own rows claims a count of
  // every row: reading far past it is refused (see MAX_PAGES_PAST_TOTAL).
  let claimed = [first, ...rest.map((rows, i) => ({ rows, total: restTotals[i] }))].reduce((m, p) => (p.total > p.rows.length ? Math.max(m, p.total) : m), 0);
  let pastTotal = 0;
  while (lastLength === step && step > 0) {
    if (atLeast && claimed > 0 && rows.length >= claimed && ++pastTotal > MAX_PAGES_PAST_TOTAL) {
      throw new PaginationError(
        `${describe}: the cloud counted ${claimed} rows, yet kept sending full pages past them (${rows.length} rows read, ${MAX_PAGES_PAST_TOTAL} pages past its total); ` +
          'its total cannot be trusted, so no value was taken. Run the lookup again; if this persists, report it to the cloud.',
      );
    }
    if (rows.length > maxRows) {
      throw new PaginationError(
        `${describe}: the cloud kept sending full pages past ${rows.length} rows (it counted ${total}), this lookup's ceiling of ${maxRows}; stopped. ` +
          `If the account really has that many, ${RAISE_MAX_ROWS}.`,
      );
    }
    const page = await options.fetchPage(rows.length, step);
    pages++;
    if (page.total > page.rows.length) claimed = Math.max(claimed, page.total);
    if (page.rows.length > step) {
      throw new PaginationError(`${describe}: the page at offset ${rows.length} had ${page.rows.length} rows where at most ${step} were asked for; stopped.`);
    }
    if (!atLeast && page.rows.length > 0) {
      throw new PaginationError(
        `${describe}: the cloud counted ${total} rows, but the page at offset ${rows.length} had ${page.rows.length} more; ` +
          'its total cannot be trusted, so no value was taken. Run the lookup again; if this persists, report it to the cloud.',
      );
    }
    add(page.rows);
    lastLength = page.rows.length;
  }
  if (rows.length > maxRows) {
    throw new PaginationError(`${describe}: the cloud sent ${rows.length} rows, more than this lookup's ceiling of ${maxRows}; ${RAISE_MAX_ROWS}.`);
  }
  return { rows, total: atLeast ? rows.length : total, pages };
}
