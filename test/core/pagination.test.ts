import { PaginationError } from '../../src/core/errors';
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
