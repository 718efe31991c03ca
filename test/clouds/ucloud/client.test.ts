import { UCloudClient } from '../../../src/clouds/ucloud/client';
import { CloudCredentialsError, CloudServiceError, InputError, PaginationError } from '../../../src/core/errors';
import { FAKE_CREDENTIALS } from '../../../src/testing/default-data';
import { FAST_RETRY, requestedPages, useFakeCloud } from '../../_helpers/fake-cloud';
import { startLoopbackServer } from '../../_helpers/loopback-server';
import { rejectionOf } from '../../_helpers/rejection';

// 11 EIPs in cn-bj2: pages of 4 are 3 pages (4 + 4 + 3).
const MBPS = [0.0000629425048828125, 1.5, 2.25, 10, 0.125, 3, 40.5, 0.0000457763671875, 7.75, 12, 0.5];
const EIPS = MBPS.map((m, i) => ({ EIPId: `eip-t${i + 1}`, CurBandwidth: m }));
const SUM = 77.6251087188720703125; // exact sum of MBPS, worked out by hand in binary fractions
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('UCloudClient#describeBandwidthUsage', () => {
  const cloud = useFakeCloud({
    data: {
      ucloud: {
        defaultProjectId: 'org-t',
        projects: {
          'org-t': { regions: { 'cn-bj2': EIPS, hk: [] } },
          'org-sub': { regions: { 'cn-bj2': [{ EIPId: 'eip-s1', CurBandwidth: 9 }] } },
        },
      },
    },
  });
  const client = (over: Partial<ConstructorParameters<typeof UCloudClient>[0]> = {}): UCloudClient =>
    new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: cloud().endpoints.ucloud, region: 'cn-bj2', ...FAST_RETRY, ...over });

  it('reads every page (3 pages of 4) with Limit/OffSet, keeping floats as floats', async () => {
    const usage = await client().describeBandwidthUsage({ pageSize: 4 });
    expect(usage.totalCount).toBe(11);
    expect(usage.eips.map((e) => e.eipId)).toEqual(EIPS.map((e) => e.EIPId));
    expect(usage.eips[0]).toEqual({ eipId: 'eip-t1', curBandwidthMbps: 0.0000629425048828125 });
    expect(usage.eips[7].curBandwidthMbps).toBe(0.0000457763671875);
    expect(usage.maxMbps).toBe(40.5);
    expect(usage.totalMbps).toBeCloseTo(SUM, 12);
    expect(await requestedPages(cloud(), 'ucloud')).toEqual([
      [0, 4],
      [4, 4],
      [8, 4],
    ]);
  });

  it('POSTs a form with Action, Region, Limit (100 by default) and OffSet, and no ProjectId unless given', async () => {
    await client().describeBandwidthUsage();
    const [req] = await cloud().requests('ucloud');
    expect(req).toMatchObject({ method: 'POST', path: '/', operation: 'DescribeBandwidthUsage', status: 200 });
    expect(req.params).toEqual({ Action: 'DescribeBandwidthUsage', Region: 'cn-bj2', Limit: '100', OffSet: '0' });
  });

  it('filters by id with EIPIds.0, EIPIds.1 (0-based, as the SDKs send), not EIP.0', async () => {
    const usage = await client().describeBandwidthUsage({ eipIds: ['eip-t7', 'eip-t2'] });
    expect(usage.eips).toEqual([
      { eipId: 'eip-t2', curBandwidthMbps: 1.5 },
      { eipId: 'eip-t7', curBandwidthMbps: 40.5 },
    ]);
    expect(usage).toMatchObject({ totalCount: 2, totalMbps: 42, maxMbps: 40.5 });
    const [req] = await cloud().requests('ucloud');
    expect(req.params).toMatchObject({ 'EIPIds.0': 'eip-t7', 'EIPIds.1': 'eip-t2' });
    expect(Object.keys(req.params).filter((k) => k.startsWith('EIP.'))).toEqual([]);
  });

  it('sends ProjectId, BeginTime and EndTime when given', async () => {
    const usage = await client().describeBandwidthUsage({ projectId: 'org-sub', beginTime: 1700000000, endTime: 1700000300 });
    expect(usage.eips).toEqual([{ eipId: 'eip-s1', curBandwidthMbps: 9 }]);
    const [req] = await cloud().requests('ucloud');
    expect(req.params).toMatchObject({ ProjectId: 'org-sub', BeginTime: '1700000000', EndTime: '1700000300' });
  });

  it('reads a region without EIPs (no EIPSet in the answer) as zero', async () => {
    expect(await client().describeBandwidthUsage({ region: 'hk' })).toEqual({ eips: [], totalMbps: 0, maxMbps: 0, totalCount: 0 });
  });

  it('retries throttling (RetCode 153), then succeeds', async () => {
    await cloud().inject({ cloud: 'ucloud', throttle: 2 });
    expect((await client().describeBandwidthUsage()).totalCount).toBe(11);
    expect(await cloud().requests('ucloud')).toHaveLength(3);
  });

  it('retries HTTP 502 and 503 from the gateway, then succeeds', async () => {
    await cloud().inject({ cloud: 'ucloud', serverError: 2 });
    expect((await client().describeBandwidthUsage()).totalCount).toBe(11);
    expect((await cloud().requests('ucloud')).map((r) => r.status)).toEqual([502, 503, 200]);
  });

  it('gives up on throttling after maxAttempts with the RetCode, message and request id', async () => {
    await cloud().inject({ cloud: 'ucloud', throttle: 10 });
    const err = await rejectionOf(client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).describeBandwidthUsage());
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).toMatchObject({ cloud: 'ucloud', operation: 'DescribeBandwidthUsage', cloudCode: '153', retryable: true });
    expect(err.cloudMessage).toBe('API Request Frequency Limit Exceeded, please retry later');
    expect(err.requestId).toMatch(UUID);
    expect(err.message).toContain('throttled');
    expect(err.message).toContain('gave up after 3 attempts');
    expect(await cloud().requests('ucloud')).toHaveLength(3);
  });

  it('reports a wrong private key as a credentials error (171), not retried, without the key', async () => {
    const bad = client({ credentials: { publicKey: FAKE_CREDENTIALS.ucloud.publicKey, privateKey: 'not-the-private-key' } });
    const err = await rejectionOf(bad.describeBandwidthUsage());
    expect(err).toBeInstanceOf(CloudCredentialsError);
    expect(err).toMatchObject({ code: 'HEADROOM_CREDENTIALS', cloudCode: '171', cloudMessage: 'Signature VerifyAC Error', retryable: false });
    expect(err.requestId).toMatch(UUID);
    expect(err.message).toContain('the signature does not match');
    expect(err.message).toContain('Check UCLOUD_PRIVATE_KEY');
    expect(err.message).toContain(`(request id ${err.requestId})`);
    expect(err.message).not.toContain('not-the-private-key');
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('reports an unknown public key (172) as a credentials error that names the key variable', async () => {
    const err = await rejectionOf(client({ credentials: { publicKey: 'nobody', privateKey: 'x' } }).describeBandwidthUsage());
    expect(err).toBeInstanceOf(CloudCredentialsError);
    expect(err.cloudCode).toBe('172');
    expect(err.message).toContain('UCloud knows no user with this public key. Check UCLOUD_PUBLIC_KEY');
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('reports an unknown project (292) once, saying what to fix', async () => {
    const err = await rejectionOf(client().describeBandwidthUsage({ projectId: 'org-nope' }));
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).not.toBeInstanceOf(CloudCredentialsError);
    expect(err).toMatchObject({ code: 'HEADROOM_CLOUD', cloudCode: '292', retryable: false });
    expect(err.message).toMatch(
      /^UCloud DescribeBandwidthUsage failed with RetCode 292 \(Project \[org-nope\] not exists\) \(request id [0-9a-f-]{36}\): project "org-nope" does not exist/,
    );
    expect(err.message).toContain('UCLOUD_PROJECT_ID');
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('does not retry an HTTP 200 HTML page (it is the same on every try), and says what it is', async () => {
    await cloud().inject({ cloud: 'ucloud', badBody: 5 });
    const err = await rejectionOf(client({ retry: { maxAttempts: 2, baseDelayMs: 1 } }).describeBandwidthUsage());
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toContain('HTTP 200 with a body that is not a UCloud answer (it is an HTML or XML page, not an API answer)');
    expect(err.message).toContain('not retried: check the endpoint URL');
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  it('refuses a query without a region before sending anything', async () => {
    const err = await rejectionOf(client({ region: undefined }).describeBandwidthUsage());
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('region must be a UCloud region such as "cn-bj2"; got none');
    expect(await cloud().requests('ucloud')).toHaveLength(0);
  });
});

describe('UCloudClient against answers the fake cloud does not give', () => {
  const ok = JSON.stringify({ Action: 'DescribeBandwidthUsageResponse', RetCode: 0, TotalCount: 1, EIPSet: [{ EIPId: 'eip-x', CurBandwidth: 1.25 }] });
  const retCode = (code: number, message = 'x'): string => JSON.stringify({ Action: 'DescribeBandwidthUsageResponse', RetCode: code, Message: message });

  async function run(script: Parameters<typeof startLoopbackServer>[0]): Promise<{ result?: unknown; err?: any; seen: number }> {
    const server = await startLoopbackServer(script);
    try {
      const c = new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: server.url, region: 'cn-bj2', ...FAST_RETRY });
      try {
        return { result: await c.describeBandwidthUsage(), seen: server.seen.length };
      } catch (err) {
        return { err, seen: server.seen.length };
      }
    } finally {
      await server.close();
    }
  }

  it.each([
    ['RetCode 110 (gateway timeout)', 110],
    ['RetCode 150 (service unavailable)', 150],
    ['RetCode 2000 (first service code)', 2000],
    ['RetCode 4000 (UNet internal error)', 4000],
  ])('retries %s, then succeeds', async (_name, code) => {
    const { result, seen } = await run((n) => ({ status: 200, body: n === 0 ? retCode(code) : ok }));
    expect(result).toEqual({ eips: [{ eipId: 'eip-x', curBandwidthMbps: 1.25 }], totalMbps: 1.25, maxMbps: 1.25, totalCount: 1 });
    expect(seen).toBe(2);
  });

  it.each([429, 502, 503, 504])('retries HTTP %i, then succeeds', async (status) => {
    const { result, seen } = await run((n) => (n === 0 ? { status, headers: { 'content-type': 'text/plain' }, body: 'busy' } : { status: 200, body: ok }));
    expect(result).toMatchObject({ totalCount: 1 });
    expect(seen).toBe(2);
  });

  it.each<[number, string, boolean]>([
    [170, 'without a Signature', true],
    [230, 'check the query parameters', false],
    [294, "refused this machine's source IP", false],
    [299, 'IAM denied DescribeBandwidthUsage', false],
    [1999, 'check the query parameters', false],
  ])('does not retry RetCode %i and says what to fix', async (code, fix, credentials) => {
    const { err, seen } = await run(() => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'X-UCLOUD-REQUEST-UUID': 'req-123' },
      body: retCode(code, 'refused'),
    }));
    expect(seen).toBe(1);
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).toMatchObject({ cloudCode: String(code), cloudMessage: 'refused', requestId: 'req-123', retryable: false });
    expect(err.code).toBe(credentials ? 'HEADROOM_CREDENTIALS' : 'HEADROOM_CLOUD');
    expect(err.message).toContain(fix);
  });

  it('does not retry HTTP 500, which the SDKs do not retry either', async () => {
    const { err, seen } = await run(() => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' }));
    expect(seen).toBe(1);
    expect(err).toMatchObject({ status: 500, retryable: false });
  });

  it('rejects a CurBandwidth that is not a number as a malformed answer', async () => {
    const body = JSON.stringify({ RetCode: 0, TotalCount: 1, EIPSet: [{ EIPId: 'eip-x', CurBandwidth: 'lots' }] });
    const { err } = await run(() => ({ status: 200, body }));
    expect(err).toMatchObject({
      code: 'HEADROOM_CLOUD',
      cloud: 'ucloud',
      operation: 'DescribeBandwidthUsage',
      field: 'EIPSet[0].CurBandwidth',
      retryable: false,
    });
    expect(err.message).toMatch(/^UCloud DescribeBandwidthUsage: malformed answer: EIPSet\[0\]\.CurBandwidth is "lots"; expected a number, 0 or more/);
  });

  it('stops with a PaginationError when UCloud repeats a page', async () => {
    const body = JSON.stringify({ RetCode: 0, TotalCount: 250, EIPSet: Array.from({ length: 100 }, (_, i) => ({ EIPId: `eip-${i}`, CurBandwidth: 1 })) });
    const { err } = await run(() => ({ status: 200, body }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toContain('"eip-0" came back twice');
  });
});
