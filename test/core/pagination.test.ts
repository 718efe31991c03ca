import { InputError, PaginationError } from '../../src/core/errors';
import { fetchAllPages, Page } from '../../src/core/pagination';
import { rejectionOf } from '../_helpers/rejection';

/** An in-memory listing of `n` rows, answering offset/limit like a well-behaved API (optionally capping the limit). */
function listing(n: number, cap = Infinity): { calls: Array<[number, number]>; fetchPage: (o: number, l: number) => Promise<Page<number>> } {
  const rows = Array.from({ length: n }, (_, i) => i);
  const calls: Array<[number, number]> = [];
  return {
    calls,
    fetchPage: async (offset, limit) => {
      calls.push([offset, limit]);
      return { rows: rows.slice(offset, offset + Math.min(limit, cap)), total: n };
    },
  };
}

describe('fetchAllPages', () => {
  it('reads the first page, then every other page, and keeps the order', async () => {
    const l = listing(23);
    const all = await fetchAllPages({ describe: 'T', pageSize: 5, fetchPage: l.fetchPage, key: String });
    expect(all.rows).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect(all.pages).toBe(5);
    expect(l.calls.map(([o]) => o).sort((a, b) => a - b)).toEqual([0, 5, 10, 15, 20]);
  });

  it('fetches the pages after the first concurrently, within the bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const rows = Array.from({ length: 100 }, (_, i) => i);
    await fetchAllPages({
      describe: 'T',
      pageSize: 10,
      concurrency: 3,
      fetchPage: async (offset, limit) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { rows: rows.slice(offset, offset + limit), total: 100 };
      },
    });
    expect(peak).toBe(3);
  });

  it('steps by what the cloud actually returns when it caps the page size', async () => {
    const l = listing(10, 4);
    const all = await fetchAllPages({ describe: 'T', pageSize: 100, fetchPage: l.fetchPage });
    expect(all.rows).toHaveLength(10);
    expect(l.calls).toEqual([
      [0, 100],
      [4, 4],
      [8, 4],
    ]);
  });

  it('reads an empty listing with one call', async () => {
    const l = listing(0);
    expect((await fetchAllPages({ describe: 'T', pageSize: 5, fetchPage: l.fetchPage })).rows).toEqual([]);
    expect(l.calls).toHaveLength(1);
  });

  it('stops on a short page instead of losing rows', async () => {
    const err = await rejectionOf(
      fetchAllPages({
        describe: 'Cloud Op',
        pageSize: 5,
        fetchPage: async (offset) => ({ rows: offset === 5 ? [5, 6] : [0, 1, 2, 3, 4].map((i) => i + offset), total: 15 }),
      }),
    );
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toContain('Cloud Op: the page at offset 5 had 2 rows where 5 were expected');
  });

  it('stops when the cloud repeats a page', async () => {
    const err = await rejectionOf(
      fetchAllPages({
        describe: 'Cloud Op',
        pageSize: 3,
        key: String,
        fetchPage: async () => ({ rows: [0, 1, 2], total: 9 }),
      }),
    );
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toContain('row "0" came back twice');
  });

  it('stops when the first page is empty but the total is not', async () => {
    const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 3, fetchPage: async () => ({ rows: [], total: 4 }) }));
    expect(err.message).toContain('first page was empty but the cloud reported 4 rows');
  });

  it('stops when the total changes between pages', async () => {
    const err = await rejectionOf(
      fetchAllPages({
        describe: 'Cloud Op',
        pageSize: 2,
        fetchPage: async (offset) => ({ rows: [offset, offset + 1], total: offset === 0 ? 4 : 6 }),
      }),
    );
    expect(err.message).toContain('the total changed from 4 to 6');
  });
});

// Issue #17: the edges mutation testing found unpinned. Pure function, in-memory pages.
describe('fetchAllPages edges', () => {
  /** A listing whose answers are scripted by offset: `rows[offset]` (missing: no rows) and one total for all. */
  function scripted(total: number, pages: Record<number, number[]>) {
    const calls: Array<[number, number]> = [];
    return {
      calls,
      fetchPage: async (offset: number, limit: number): Promise<Page<number>> => {
        calls.push([offset, limit]);
        return { rows: pages[offset] ?? [], total };
      },
    };
  }
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

  describe('refuses a page size outside the API range, before any request', () => {
    it.each<[string, number, { min: number; max: number } | undefined, string]>([
      ['zero, with the default range', 0, undefined, 'from 1 to 9007199254740991'],
      ['fractional', 2.5, undefined, 'from 1 to 9007199254740991'],
      ['NaN', NaN, undefined, 'from 1 to 9007199254740991'],
      ['below the minimum', 9, { min: 10, max: 100 }, 'from 10 to 100'],
      ['above the maximum', 101, { min: 10, max: 100 }, 'from 10 to 100'],
    ])('%s', async (_what, pageSize, pageRange, says) => {
      const l = listing(5);
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize, pageRange, fetchPage: l.fetchPage }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain(`Cloud Op: the page size must be an integer ${says}`);
      expect(err.message).toContain(`(the API's range); got ${JSON.stringify(pageSize)}.`);
      expect(l.calls).toEqual([]);
    });

    it('accepts the exact ends of the range', async () => {
      for (const pageSize of [10, 100]) {
        const l = listing(25);
        expect((await fetchAllPages({ describe: 'T', pageSize, pageRange: { min: 10, max: 100 }, fetchPage: l.fetchPage })).rows).toEqual(range(0, 25));
        expect(l.calls[0]).toEqual([0, pageSize]);
      }
    });
  });

  describe('maxRows', () => {
    it.each([0, -1, 1.5, NaN, 2 ** 53])('refuses %p', async (maxRows) => {
      const l = listing(5);
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 5, maxRows, fetchPage: l.fetchPage }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(`Cloud Op: maxRows must be a whole number of rows, 1 or more; got ${JSON.stringify(maxRows)}.`);
      expect(l.calls).toEqual([]);
    });

    it('reads a listing of exactly maxRows rows, and one row fewer', async () => {
      expect((await fetchAllPages({ describe: 'T', pageSize: 3, maxRows: 1, fetchPage: listing(1).fetchPage })).rows).toEqual([0]);
      expect((await fetchAllPages({ describe: 'T', pageSize: 3, maxRows: 8, fetchPage: listing(7).fetchPage })).rows).toEqual(range(0, 7));
      expect((await fetchAllPages({ describe: 'T', pageSize: 3, maxRows: 7, fetchPage: listing(7).fetchPage })).rows).toEqual(range(0, 7));
    });

    it('reads a listing of exactly maxRows rows in full pages (the check for a next page is allowed)', async () => {
      const l = listing(10);
      const all = await fetchAllPages({ describe: 'T', pageSize: 5, maxRows: 10, fetchPage: l.fetchPage });
      expect(all).toEqual({ rows: range(0, 10), total: 10, pages: 3 });
      expect(l.calls.slice().sort((a, b) => a[0] - b[0])).toEqual([
        [0, 5],
        [5, 5],
        [10, 5],
      ]);
    });

    it('refuses a total above maxRows before reading past the first page', async () => {
      const l = listing(11);
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 5, maxRows: 10, fetchPage: l.fetchPage }));
      expect(err).toBeInstanceOf(PaginationError);
      expect(err.message).toContain("Cloud Op: the cloud counts 11 rows, more than this lookup's ceiling of 10; stopped before reading them.");
      expect(err.message).toContain("raise the ceiling with the construct's `maxRows` prop, for the whole app with HEADROOM_MAX_ROWS");
      expect(l.calls).toEqual([[0, 5]]);
    });

    it("'atLeast': stops a cloud that keeps sending full pages at the ceiling", async () => {
      const calls: number[] = [];
      const err = await rejectionOf(
        fetchAllPages({
          describe: 'Cloud Op',
          pageSize: 5,
          maxRows: 12,
          total: 'atLeast',
          fetchPage: async (offset) => {
            calls.push(offset);
            return { rows: range(offset, 5), total: 5 };
          },
        }),
      );
      expect(err).toBeInstanceOf(PaginationError);
      expect(err.message).toMatch(
        /^Cloud Op: the cloud kept sending full pages past 15 rows \(it counted 5\), this lookup's ceiling of 12; stopped\. If the account/,
      );
      expect(calls).toEqual([0, 5, 10]);
    });

    it("'atLeast': refuses rows past the ceiling in a last, short page, and takes exactly maxRows", async () => {
      const pages = { 0: range(0, 5), 5: range(5, 3) };
      const err = await rejectionOf(
        fetchAllPages({ describe: 'Cloud Op', pageSize: 5, maxRows: 7, total: 'atLeast', fetchPage: scripted(5, pages).fetchPage }),
      );
      expect(err).toBeInstanceOf(PaginationError);
      expect(err.message).toMatch(/^Cloud Op: the cloud sent 8 rows, more than this lookup's ceiling of 7; raise the ceiling/);
      const all = await fetchAllPages({ describe: 'T', pageSize: 5, maxRows: 8, total: 'atLeast', fetchPage: scripted(5, pages).fetchPage });
      expect(all).toEqual({ rows: range(0, 8), total: 8, pages: 2 });
    });
  });

  describe('refuses a total that is not a count', () => {
    it.each([NaN, -1, 1.5, Infinity, 2 ** 53])('%p', async (total) => {
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 5, fetchPage: async () => ({ rows: [], total }) }));
      expect(err).toBeInstanceOf(PaginationError);
      expect(err.message).toBe(`Cloud Op: the cloud's total was ${JSON.stringify(total)}, not a count; cannot page.`);
    });
  });

  it('refuses a first page longer than asked for', async () => {
    const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 3, fetchPage: async () => ({ rows: [0, 1, 2, 3], total: 10 }) }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe('Cloud Op: the first page had 4 rows where at most 3 were asked for; stopped rather than trust the pages.');
  });

  it('refuses a first page with more rows than the total, unless the total is only a lower bound', async () => {
    const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 5, fetchPage: async () => ({ rows: [0, 1, 2], total: 2 }) }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe('Cloud Op: the first page had 3 rows, more than the 2 the cloud counted; stopped rather than guess which is right.');
    const all = await fetchAllPages({ describe: 'T', pageSize: 5, total: 'atLeast', fetchPage: async () => ({ rows: [0, 1, 2], total: 2 }) });
    expect(all).toEqual({ rows: [0, 1, 2], total: 3, pages: 1 });
  });

  describe('a cloud that caps the page below the API minimum', () => {
    it.each<[number, string]>([
      [1, 'the cloud returned 1 row of the 20 it counted on the first page, where 10 were asked for.'],
      [2, 'the cloud returned 2 rows of the 20 it counted on the first page, where 10 were asked for.'],
    ])('capped at %p: refused, no request outside the range', async (cap, says) => {
      const l = listing(20, cap);
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 10, pageRange: { min: 3, max: 50 }, fetchPage: l.fetchPage }));
      expect(err).toBeInstanceOf(PaginationError);
      expect(err.message).toBe(
        `Cloud Op: ${says} Reading on would need pages of ${cap}, below the API's minimum page size of 3; stopped rather than send a request outside the API's range or lose rows.`,
      );
      expect(l.calls).toEqual([[0, 10]]);
    });

    it('names the total as what was asked for when it is below the page size', async () => {
      const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 10, pageRange: { min: 5, max: 50 }, fetchPage: listing(7, 2).fetchPage }));
      expect(err.message).toContain('the cloud returned 2 rows of the 7 it counted on the first page, where 7 were asked for.');
    });

    it('capped exactly at the minimum: steps by it', async () => {
      const l = listing(7, 3);
      const all = await fetchAllPages({ describe: 'T', pageSize: 10, pageRange: { min: 3, max: 50 }, fetchPage: l.fetchPage });
      expect(all).toEqual({ rows: range(0, 7), total: 7, pages: 3 });
      expect(l.calls).toEqual([
        [0, 10],
        [3, 3],
        [6, 3],
      ]);
    });
  });

  it('reads a listing shorter than one page with exactly one request', async () => {
    const l = listing(3);
    expect(await fetchAllPages({ describe: 'T', pageSize: 5, fetchPage: l.fetchPage })).toEqual({ rows: [0, 1, 2], total: 3, pages: 1 });
    expect(l.calls).toEqual([[0, 5]]);
  });

  it('after a full last page, asks for the next one (and counts it)', async () => {
    const l = listing(10);
    expect(await fetchAllPages({ describe: 'T', pageSize: 5, fetchPage: l.fetchPage })).toEqual({ rows: range(0, 10), total: 10, pages: 3 });
    expect(l.calls.map(([o]) => o).sort((a, b) => a - b)).toEqual([0, 5, 10]);
  });

  it('refuses rows beyond the total', async () => {
    const err = await rejectionOf(
      fetchAllPages({ describe: 'Cloud Op', pageSize: 5, fetchPage: scripted(10, { 0: range(0, 5), 5: range(5, 5), 10: [10] }).fetchPage }),
    );
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe(
      'Cloud Op: the cloud counted 10 rows, but the page at offset 10 had 1 more; its total cannot be trusted, so no value was taken. ' +
        'Run the lookup again; if this persists, report it to the cloud.',
    );
  });

  it('refuses a page after the counted ones that is longer than asked for', async () => {
    const err = await rejectionOf(
      fetchAllPages({ describe: 'Cloud Op', pageSize: 5, total: 'atLeast', fetchPage: scripted(5, { 0: range(0, 5), 5: range(5, 6) }).fetchPage }),
    );
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe('Cloud Op: the page at offset 5 had 6 rows where at most 5 were asked for; stopped.');
  });

  it('refuses a last counted page longer than the total leaves room for', async () => {
    const err = await rejectionOf(fetchAllPages({ describe: 'Cloud Op', pageSize: 5, fetchPage: scripted(7, { 0: range(0, 5), 5: range(5, 5) }).fetchPage }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe('Cloud Op: the page at offset 5 had 5 rows where 2 were expected (total 7, step 5); stopped rather than lose or repeat rows.');
  });

  it('says where a repeated row came back', async () => {
    const err = await rejectionOf(
      fetchAllPages({ describe: 'Cloud Op', pageSize: 3, key: String, fetchPage: scripted(6, { 0: [0, 1, 2], 3: [3, 1, 5] }).fetchPage }),
    );
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toBe('Cloud Op: row "1" came back twice (again at position 4); the cloud repeated a page. Stopped.');
  });

  it('the total that changes: the whole message', async () => {
    const err = await rejectionOf(
      fetchAllPages({ describe: 'Cloud Op', pageSize: 2, fetchPage: async (offset) => ({ rows: [offset, offset + 1], total: offset === 0 ? 4 : 6 }) }),
    );
    expect(err.message).toBe('Cloud Op: the total changed from 4 to 6 while pages were read (offset 2); the listing changed under us. Run the lookup again.');
  });

  describe("'atLeast' (a total that may count only the page, as UCloud documents)", () => {
    it('reads on while pages come back full, and returns the rows read as the total', async () => {
      const l = scripted(5, { 0: range(0, 5), 5: range(5, 5), 10: range(10, 2) });
      const all = await fetchAllPages({ describe: 'T', pageSize: 5, total: 'atLeast', fetchPage: l.fetchPage });
      expect(all).toEqual({ rows: range(0, 12), total: 12, pages: 3 });
      expect(l.calls).toEqual([
        [0, 5],
        [5, 5],
        [10, 5],
      ]);
    });

    it('takes a full last counted page where the total expected a short one, and reads on', async () => {
      const l = scripted(7, { 0: range(0, 5), 5: range(5, 5), 10: range(10, 1) });
      const all = await fetchAllPages({ describe: 'T', pageSize: 5, total: 'atLeast', fetchPage: l.fetchPage });
      expect(all).toEqual({ rows: range(0, 11), total: 11, pages: 3 });
    });

    it('refuses a last counted page that is neither what the total leaves nor full', async () => {
      for (const short of [range(5, 1), range(5, 3)]) {
        const err = await rejectionOf(
          fetchAllPages({ describe: 'Cloud Op', pageSize: 5, total: 'atLeast', fetchPage: scripted(7, { 0: range(0, 5), 5: short }).fetchPage }),
        );
        expect(err).toBeInstanceOf(PaginationError);
        expect(err.message).toContain(`the page at offset 5 had ${short.length} rows where 2 were expected (total 7, step 5)`);
      }
    });

    it('does not mind the total changing between pages', async () => {
      const all = await fetchAllPages({
        describe: 'T',
        pageSize: 2,
        total: 'atLeast',
        fetchPage: async (offset) => ({ rows: offset < 4 ? [offset, offset + 1] : [], total: offset === 0 ? 4 : 2 }),
      });
      expect(all).toEqual({ rows: [0, 1, 2, 3], total: 4, pages: 3 });
    });

    it('still refuses a short page in the middle', async () => {
      const err = await rejectionOf(
        fetchAllPages({
          describe: 'Cloud Op',
          pageSize: 5,
          total: 'atLeast',
          fetchPage: scripted(15, { 0: range(0, 5), 5: range(5, 4), 10: range(10, 5) }).fetchPage,
        }),
      );
      expect(err.message).toContain('the page at offset 5 had 4 rows where 5 were expected');
    });
  });
});
