// The clients' shared plumbing (src/core/cloud-api.ts), driven by a cloud API of the test's
// own declaration against real HTTP on 127.0.0.1: signed calls (re-signed on every
// attempt), the declared request id header, the keys kept out of sight, the endpoint check,
// every page of an offset/limit listing, and a stored result's figures checked against
// its rows.
import { inspect } from 'node:util';
import { CloudAnswer, CloudApi, CloudConnection, CloudPaging, recordedResult } from '../../src/core/cloud-api';
import { array, count, DecodeError, nonEmptyStr, shape } from '../../src/core/decode';
import { CloudServiceError, InputError } from '../../src/core/errors';
import { HttpResponse } from '../../src/core/transport';
import { useLoopbackServers } from '../_helpers/loopback-server';
import { rejectionOf, thrownBy, thrownOfClass } from '../_helpers/rejection';

interface TestKeys {
  readonly keyId: string;
  readonly secret: string;
}

/** One call of the test API before signing: a path and its query. */
interface TestCall {
  readonly path: string;
  readonly query: Readonly<Record<string, string | number>>;
}

const KEYS: TestKeys = { keyId: 'TESTKEYID', secret: 'TESTSECRET' };
const T0 = Date.parse('2026-03-01T10:00:00Z');

/** A clock whose sleeps return at once and move its time forward. */
function movingClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = T0;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

/**
 * The test cloud's API, declared as a cloud folder declares its own: it signs by putting the
 * key id and a signature of the time in the query, names its request id in
 * `x-test-request-id`, and reads a status of 300 or more as a refusal (503 retryable) that
 * quotes the body.
 */
const TEST_API: CloudApi<TestKeys, TestCall, { readonly project: string }> = {
  cloud: 'testcloud',
  client: 'TestCloudClient',
  requestIdHeader: 'x-test-request-id',
  secrets: (keys) => [keys.secret, keys.keyId],
  sign: ({ path, query }, keys, endpoint, now) => {
    const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), key: keys.keyId, at: now.toISOString() });
    q.set('sig', `${keys.secret}-${now.getTime()}`);
    return { method: 'GET', url: `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}${path}?${q}` };
  },
  read: (operation, res: HttpResponse, _secrets, _nowMs, context): CloudAnswer => {
    const requestId = res.headers['x-test-request-id'] || undefined;
    if (res.status < 300) {
      return { body: JSON.parse(res.body), ctx: { cloud: 'testcloud', describe: `TestCloud ${operation}`, operation, status: res.status, requestId } };
    }
    throw new CloudServiceError(`TestCloud ${operation} for ${context.project}: HTTP ${res.status}: ${res.body}`, {
      cloud: 'testcloud',
      operation,
      status: res.status,
      retryable: res.status === 503,
      requestId,
      cloudMessage: res.body,
    });
  },
};

interface Item {
  readonly id: string;
}
interface ItemPage {
  readonly total: number;
  readonly items: Item[];
}

/** How the test API's `ListItems` pages: `offset`/`limit`, `total` counts every item, an item is its id. */
const LIST_ITEMS: CloudPaging<ItemPage, Item> = {
  describe: 'TestCloud ListItems',
  pageSize: { default: 2, min: 1, max: 5 },
  page: shape<ItemPage>({ total: ['total', count], items: ['items', array(shape<Item>({ id: ['id', nonEmptyStr] }))] }),
  rows: (page) => page.items,
  total: (page) => page.total,
  key: (item) => item.id,
};

/** A connection of the test API, its backoff 50 ms then 100 ms (full jitter at 0.5) on a clock that moves only when it sleeps. */
const connect = (endpoint: string, retries = 1) =>
  new CloudConnection(TEST_API, { credentials: KEYS, retry: { maxAttempts: retries, baseDelayMs: 100, maxDelayMs: 1000 } }, endpoint, {
    clock: movingClock(),
    random: () => 0.5,
  });

describe('CloudConnection', () => {
  const servers = useLoopbackServers();

  it('sends a call signed by the declaration, with the keys and the clock, and returns what the declaration read', async () => {
    const server = await servers.scripted(() => ({ status: 200, headers: { 'x-test-request-id': 'rid-1' }, body: '{"ok":true}' }));
    const answer = await connect(`${server.url}/api/`).call('GetThing', { path: '/things/7', query: { verbose: 1 } }, { project: 'p1' });
    expect(answer).toEqual({
      body: { ok: true },
      ctx: { cloud: 'testcloud', describe: 'TestCloud GetThing', operation: 'GetThing', status: 200, requestId: 'rid-1' },
    });
    const [seen] = server.seen;
    expect(seen.url.pathname).toBe('/api/things/7');
    expect(Object.fromEntries(seen.url.searchParams)).toEqual({ verbose: '1', key: 'TESTKEYID', at: '2026-03-01T10:00:00.000Z', sig: `TESTSECRET-${T0}` });
  });

  it('signs again for every attempt, and passes the call context to the reader', async () => {
    const server = await servers.scripted((n) => (n < 2 ? { status: 503, body: 'busy' } : { status: 200, body: '{}' }));
    await connect(server.url, 3).call('GetThing', { path: '/t', query: {} }, { project: 'p1' });
    // Each attempt is signed at its own time: the clock moved over the backoff.
    expect(server.seen.map((r) => r.url.searchParams.get('at'))).toEqual(['2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00.050Z', '2026-03-01T10:00:00.150Z']);
    expect(server.seen.map((r) => r.url.searchParams.get('sig'))).toEqual([`TESTSECRET-${T0}`, `TESTSECRET-${T0 + 50}`, `TESTSECRET-${T0 + 150}`]);
    const refused = await servers.scripted(() => ({ status: 400, body: 'no such thing' }));
    const err = await rejectionOf(connect(refused.url).call('GetThing', { path: '/t', query: {} }, { project: 'p-ctx' }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('TestCloud GetThing for p-ctx: HTTP 400');
  });

  it('redacts the declared secrets wherever an answer echoes them, and never shows the keys when printed or serialized', async () => {
    const server = await servers.scripted(() => ({ status: 403, body: 'key TESTKEYID with secret TESTSECRET refused' }));
    const connection = connect(server.url);
    const err = await rejectionOf(connection.call('GetThing', { path: '/t', query: {} }, { project: 'p1' }));
    expect(err.cloudMessage).toBe('key *** with secret *** refused');
    expect(err.message).not.toContain('TESTSECRET');
    expect(JSON.stringify(connection)).not.toContain('TESTSECRET');
    expect(inspect(connection, { depth: 10 })).not.toContain('TESTSECRET');
    expect(connection.settings).not.toHaveProperty('credentials');
  });

  it('takes the request id of an answer it cannot read from the header the declaration names', async () => {
    const server = await servers.scripted(() => ({
      status: 302,
      headers: { location: 'https://elsewhere.example/', 'x-request-id': 'not-this-one', 'x-test-request-id': 'rid-302' },
    }));
    const err = await rejectionOf(connect(server.url).call('GetThing', { path: '/t', query: {} }, { project: 'p1' }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('redirects are not followed');
    expect(err.requestId).toBe('rid-302');
  });

  it("refuses a plain-http endpoint that is not loopback, naming the declaration's client", () => {
    const err = thrownBy(() => connect('http://api.example.com/'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/^TestCloudClient: endpoint http:\/\/api\.example\.com\/ is plain http/);
    expect(connect('https://api.example.com/v1/').endpoint.href).toBe('https://api.example.com/v1/');
  });

  describe('allPages', () => {
    /** A listing of `total` items served by offset and limit, as the test API pages. */
    const listing = (total: number) =>
      servers.scripted((_n, req) => {
        const offset = Number(req.url.searchParams.get('offset'));
        const limit = Number(req.url.searchParams.get('limit'));
        const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ id: `item-${offset + i}` }));
        return { status: 200, body: JSON.stringify({ total, items }) };
      });
    const list = (connection: ReturnType<typeof connect>, pageSize?: number, inspectPage?: (page: ItemPage, offset: number) => void) =>
      connection.allPages(
        LIST_ITEMS,
        { pageSize },
        (offset, limit) => connection.call('ListItems', { path: '/items', query: { offset, limit } }, { project: 'p1' }),
        inspectPage,
      );

    it("reads every page at the paging's default size, each page decoded and seen, the rows in order", async () => {
      const server = await listing(5);
      const connection = connect(server.url);
      const seen: Array<[number, number]> = [];
      const all = await list(connection, undefined, (page, offset) => seen.push([offset, page.items.length]));
      expect(all.rows.map((r) => r.id)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
      expect(all.total).toBe(5);
      expect(seen.sort((a, b) => a[0] - b[0])).toEqual([
        [0, 2],
        [2, 2],
        [4, 1],
      ]);
      const limits = server.seen.map((r) => Number(r.url.searchParams.get('limit')));
      expect(limits).toEqual([2, 2, 2]);
    });

    it("takes the caller's page size, and refuses one outside the declared range", async () => {
      const server = await listing(5);
      expect((await list(connect(server.url), 5)).rows).toHaveLength(5);
      expect(server.seen.map((r) => r.url.searchParams.get('limit'))).toEqual(server.seen.map(() => '5'));
      const err = await rejectionOf(list(connect(server.url), 6));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('6');
    });

    it('fails a page that does not have the declared shape, naming the field', async () => {
      const server = await servers.scripted(() => ({ status: 200, body: JSON.stringify({ total: 1, items: [{ id: '' }] }) }));
      const err = await rejectionOf(list(connect(server.url)));
      expect(err.code).toBe('HEADROOM_CLOUD');
      expect(err.message).toContain('items[0].id');
    });
  });
});

describe('recordedResult', () => {
  const stored = shape<{ rows: Item[]; count: number; last: string }>({
    rows: ['rows', array(shape<Item>({ id: ['id', nonEmptyStr] }))],
    count: ['count', count],
    last: ['last', nonEmptyStr],
  });
  const decode = recordedResult(stored, (r) => [
    { field: 'count', stored: r.count, fromRows: r.rows.length, rule: 'the number of rows' },
    { field: 'last', stored: r.last, fromRows: r.rows[r.rows.length - 1]?.id, rule: 'the id of the last row' },
  ]);
  const good = { rows: [{ id: 'a' }, { id: 'b' }], count: 2, last: 'b' };

  it('returns a result whose figures agree with its rows', () => {
    expect(decode(good, 'entry.value', 'plain')).toEqual(good);
  });

  it('names the first figure that does not, with what the rows give and what was stored', () => {
    const both = thrownOfClass(DecodeError, () => decode({ ...good, count: 3, last: 'a' }, 'entry.value', 'plain'));
    expect(both.path).toBe('entry.value.count');
    expect(both.message).toBe('entry.value.count is 3; expected the number of rows (2)');
    const last = thrownOfClass(DecodeError, () => decode({ ...good, last: 'a' }, 'v', 'plain'));
    expect(last.message).toBe('v.last is a; expected the id of the last row (b)');
  });

  it('checks the shape first: a result without its rows fails on the shape, not on a figure', () => {
    expect(thrownOfClass(DecodeError, () => decode({ count: 0, last: 'x' }, 'v', 'plain')).path).toBe('v.rows');
  });
});
