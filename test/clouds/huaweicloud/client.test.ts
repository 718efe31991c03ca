import { HuaweiCloudHssClient, HuaweiCloudHssClientOptions } from '../../../src/clouds/huaweicloud/client';
import { parseHuaweiAuthorization } from '../../../src/clouds/huaweicloud/signer';
import { QuotaDetailQuery } from '../../../src/clouds/huaweicloud/types';
import { CloudCredentialsError, CloudServiceError, PaginationError } from '../../../src/core/errors';
import { defaultHuaweiCloudData, FAKE_CREDENTIALS, FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT, FAKE_HUAWEICLOUD_PROJECT } from '../../../src/testing/default-data';
import { FAST_RETRY, requestedPages, useFakeCloud } from '../../_helpers/fake-cloud';
import { useLoopbackServers } from '../../_helpers/loopback-server';
import { rejectionOf } from '../../_helpers/rejection';

const HW = FAKE_CREDENTIALS.huaweicloud;
const KEYS = { accessKey: HW.accessKey, secretKey: HW.secretKey };
const PROJECT = FAKE_HUAWEICLOUD_PROJECT.projectId;
const ALL = 'all_granted_eps';

/** An HSS answer with every documented counter (0) and these rows. */
function hssBody(total: number, rows: object[], over: Record<string, unknown> = {}): string {
  const counters = { packet_cycle_num: 0, on_demand_num: 0, used_num: 0, idle_num: 0, normal_num: 0, expired_num: 0, freeze_num: 0 };
  return JSON.stringify({ ...counters, total_num: total, data_list: rows, ...over });
}

/** A `data_list` row with every required field. */
const quotaRow = (id: string): object => ({
  resource_id: id,
  version: 'hss.version.enterprise',
  quota_status: 'normal',
  used_status: 'idle',
  charging_mode: 'packet_cycle',
  expire_time: -1,
});

describe('HuaweiCloudHssClient#listQuotasDetail', () => {
  const data = defaultHuaweiCloudData();
  const cloud = useFakeCloud({
    data: {
      huaweicloud: {
        projects: {
          ...data.projects,
          // Counters HSS reports that the rows alone would not give: they must come through as sent.
          'proj-summary': {
            quotas: data.projects[PROJECT].quotas.slice(0, 3),
            summary: { idle_num: 99, used_num: 1, freeze_num: 7, quota_statistics_list: [{ version: 'hss.version.premium', total_num: 41 }] },
            createTime: 1234,
          },
        },
      },
    },
  });
  const client = (over: Partial<HuaweiCloudHssClientOptions> = {}, deps = {}): HuaweiCloudHssClient =>
    new HuaweiCloudHssClient({ credentials: KEYS, projectId: PROJECT, endpoint: cloud().endpoints.huaweicloud, ...FAST_RETRY, ...over }, deps);

  it('reads every page (4 pages of 10) and takes the counters from the API', async () => {
    const detail = await client().listQuotasDetail({ enterpriseProjectId: ALL, pageSize: 10 });
    expect(detail.totalNum).toBe(36);
    expect(detail.quotas).toHaveLength(36);
    expect(new Set(detail.quotas.map((q) => q.resourceId)).size).toBe(36);
    expect(detail.quotas[0].resourceId).toBe('7c1f9a52-3e4b-4d1a-9f0e-000000000001');
    expect(detail.quotas[35].resourceId).toBe('7c1f9a52-3e4b-4d1a-9f0e-000000000036');
    expect(detail).toMatchObject({
      packetCycleNum: 30,
      onDemandNum: 6,
      usedNum: 24,
      idleNum: 12,
      normalNum: 32,
      expiredNum: 2,
      frozenNum: 2,
      createTime: 1_700_000_000_000,
    });
    expect(detail.quotaStatistics).toEqual([
      { version: 'hss.version.basic', totalNum: 6 },
      { version: 'hss.version.advanced', totalNum: 4 },
      { version: 'hss.version.enterprise', totalNum: 12 },
      { version: 'hss.version.premium', totalNum: 8 },
      { version: 'hss.version.wtp', totalNum: 3 },
      { version: 'hss.version.container.enterprise', totalNum: 3 },
    ]);
    expect(await requestedPages(cloud(), 'huaweicloud')).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
      [30, 10],
    ]);
  });

  it('maps every row field to camelCase: tags, expire_time -1 as null, shared quota, enterprise project', async () => {
    const detail = await client().listQuotasDetail({ enterpriseProjectId: ALL });
    expect(detail.quotas[15]).toEqual({
      resourceId: '7c1f9a52-3e4b-4d1a-9f0e-000000000016',
      version: 'hss.version.enterprise',
      quotaStatus: 'normal',
      usedStatus: 'used',
      hostId: '5d2e8b31-0c4f-4a7e-b6d9-000000000016',
      hostName: 'ecs-enterprise-16',
      chargingMode: 'packet_cycle',
      tags: [{ key: 'env', value: 'prod' }],
      expireTime: Date.UTC(2027, 2, 31, 16), // 2027-04-01 00:00 Beijing time
      createTime: Date.UTC(2024, 11, 31, 16) + 16 * 86_400_000,
      sharedQuota: 'shared',
      enterpriseProjectId: FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT.id,
      enterpriseProjectName: 'production',
    });
    const idleOnDemand = detail.quotas[4];
    expect(idleOnDemand).toMatchObject({
      usedStatus: 'idle',
      chargingMode: 'on_demand',
      expireTime: null,
      hostId: null,
      hostName: null,
      tags: [],
      sharedQuota: 'unshared',
    });
  });

  it('sends limit 200 and no enterprise project by default (the API then answers for project 0)', async () => {
    const detail = await client().listQuotasDetail();
    expect(detail.totalNum).toBe(28);
    expect(detail).toMatchObject({ usedNum: 18, idleNum: 10, normalNum: 24, expiredNum: 2, frozenNum: 2, packetCycleNum: 22, onDemandNum: 6 });
    const log = await cloud().requests('huaweicloud');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'GET', path: `/v5/${PROJECT}/billing/quotas-detail`, params: { offset: '0', limit: '200' }, status: 200 });
  });

  it('reports the counters HSS sends, not counts of the rows it read', async () => {
    const detail = await client({ projectId: 'proj-summary' }).listQuotasDetail();
    expect(detail.quotas).toHaveLength(3);
    expect(detail).toMatchObject({ idleNum: 99, usedNum: 1, frozenNum: 7, totalNum: 3, createTime: 1234 });
    expect(detail.quotaStatistics).toEqual([{ version: 'hss.version.premium', totalNum: 41 }]);
  });

  describe('sends each filter, and the fake filters by it', () => {
    const cases: Array<[keyof QuotaDetailQuery, string, Record<string, string>, number]> = [
      ['enterpriseProjectId', FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT.id, { enterprise_project_id: FAKE_HUAWEICLOUD_ENTERPRISE_PROJECT.id }, 8],
      ['version', 'hss.version.enterprise', { version: 'hss.version.enterprise' }, 12],
      ['category', 'container_resource', { category: 'container_resource' }, 3],
      ['quotaStatus', 'freeze', { quota_status: 'freeze' }, 2],
      ['usedStatus', 'idle', { used_status: 'idle' }, 12],
      ['hostName', 'ecs-premium', { host_name: 'ecs-premium' }, 5],
      ['resourceId', '7c1f9a52-3e4b-4d1a-9f0e-000000000021', { resource_id: '7c1f9a52-3e4b-4d1a-9f0e-000000000021' }, 1],
      ['chargingMode', 'on_demand', { charging_mode: 'on_demand' }, 6],
    ];
    it.each(cases)('%s', async (field, value, wire, rows) => {
      const query = { enterpriseProjectId: ALL, [field]: value } as QuotaDetailQuery;
      const detail = await client().listQuotasDetail(query);
      expect(detail.totalNum).toBe(rows);
      expect(detail.quotas).toHaveLength(rows);
      const [req] = await cloud().requests('huaweicloud');
      expect(req.params).toEqual({ enterprise_project_id: ALL, offset: '0', limit: '200', ...wire });
    });

    it('all at once', async () => {
      const detail = await client().listQuotasDetail({
        enterpriseProjectId: ALL,
        version: 'hss.version.premium',
        category: 'host_resource',
        quotaStatus: 'normal',
        usedStatus: 'idle',
        chargingMode: 'packet_cycle',
      });
      expect(detail.quotas.map((q) => q.resourceId.slice(-2))).toEqual(['27', '28']);
      expect(detail).toMatchObject({ idleNum: 2, usedNum: 0, totalNum: 2 });
    });
  });

  it('retries throttling (429 APIGW.0308), 5xx and a cut body, then succeeds', async () => {
    await cloud().inject({ cloud: 'huaweicloud', throttle: 2 });
    expect((await client().listQuotasDetail()).totalNum).toBe(28);
    expect((await cloud().requests('huaweicloud')).map((r) => r.status)).toEqual([429, 429, 200]);
    await cloud().reset();
    await cloud().inject({ cloud: 'huaweicloud', serverError: 3 });
    expect((await client().listQuotasDetail()).totalNum).toBe(28);
    expect((await cloud().requests('huaweicloud')).map((r) => r.status)).toEqual([500, 500, 500, 200]);
    await cloud().reset();
    await cloud().inject({ cloud: 'huaweicloud', badBody: 1 });
    expect((await client().listQuotasDetail()).totalNum).toBe(28);
    expect(await cloud().requests('huaweicloud')).toHaveLength(2);
  });

  it('gives up on throttling after the last attempt with the cloud code and request id', async () => {
    await cloud().inject({ cloud: 'huaweicloud', throttle: 10 });
    const err = await rejectionOf(client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).listQuotasDetail());
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).toMatchObject({ cloud: 'huaweicloud', operation: 'ListQuotasDetail', status: 429, cloudCode: 'APIGW.0308', retryable: true });
    expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(err.message).toContain('throttled');
    expect(err.message).toContain('gave up after 3 attempts');
    expect(await cloud().requests('huaweicloud')).toHaveLength(3);
  });

  describe('401 is never retried, and says why', () => {
    it('a wrong secret key: the signature', async () => {
      const err = await rejectionOf(client({ credentials: { accessKey: HW.accessKey, secretKey: 'not-the-secret' } }).listQuotasDetail());
      expect(err).toBeInstanceOf(CloudCredentialsError);
      expect(err).toMatchObject({ code: 'HEADROOM_CREDENTIALS', status: 401, cloudCode: 'APIGW.0301', retryable: false });
      expect(err.message).toContain('verify aksk signature fail');
      expect(err.message).toContain('the signature is the likely cause');
      expect(err.message).toContain('five failed AK/SK attempts in a row lock the key for five minutes');
      expect(err.message).not.toContain('not-the-secret');
      expect(err.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(await cloud().requests('huaweicloud')).toHaveLength(1);
    });

    it('an unknown access key: the key', async () => {
      const err = await rejectionOf(client({ credentials: { accessKey: 'HWNOBODY', secretKey: 'x' } }).listQuotasDetail());
      expect(err.message).toContain('the access key is the likely cause');
      expect(await cloud().requests('huaweicloud')).toHaveLength(1);
    });

    it('a clock 20 minutes behind: the clock', async () => {
      const skewed = client({}, { clock: { now: () => Date.now() - 20 * 60_000, sleep: async () => undefined } });
      const err = await rejectionOf(skewed.listQuotasDetail());
      expect(err).toBeInstanceOf(CloudCredentialsError);
      expect(err.message).toMatch(/the clock is the likely cause: this machine's clock is (19|20|21) minutes behind Huawei Cloud's/);
      expect(err.message).toContain('X-Sdk-Date may be at most 15 minutes off');
      expect(await cloud().requests('huaweicloud')).toHaveLength(1);
    });

    it('after more than five failures in a row the key is locked, even with the right secret', async () => {
      const bad = client({ credentials: { accessKey: HW.accessKey, secretKey: 'wrong' } });
      for (let i = 0; i < 6; i++) await rejectionOf(bad.listQuotasDetail());
      const err = await rejectionOf(client().listQuotasDetail());
      expect(err.cloudMessage).toContain('AK access failed to reach the limit');
      expect(err.message).toContain('the access key is locked');
      expect(await cloud().requests('huaweicloud')).toHaveLength(7);
      await cloud().reset(); // the fake forgets the lock on reset
      expect((await client().listQuotasDetail()).totalNum).toBe(28);
    });
  });

  describe('token auth', () => {
    it('reads with an X-Auth-Token the user already has', async () => {
      const detail = await client({ credentials: { authToken: HW.authToken } }).listQuotasDetail({ enterpriseProjectId: ALL, pageSize: 20 });
      expect(detail.totalNum).toBe(36);
      expect((await cloud().requests('huaweicloud')).map((r) => r.status)).toEqual([200, 200]);
    });

    it('a refused token is a credentials error, not retried, that says to get a new one', async () => {
      const err = await rejectionOf(client({ credentials: { authToken: 'MIIexpired-token' } }).listQuotasDetail());
      expect(err).toBeInstanceOf(CloudCredentialsError);
      expect(err.cloudMessage).toBe('Incorrect IAM authentication information: decrypt token fail');
      expect(err.message).toContain('X-Auth-Token is the likely cause');
      expect(err.message).toContain('Get a new token');
      expect(err.message).not.toContain('MIIexpired-token');
      expect(await cloud().requests('huaweicloud')).toHaveLength(1);
    });
  });

  describe('temporary credentials', () => {
    it('sends and signs the security token, and the fake accepts it', async () => {
      const detail = await client({ credentials: HW.temporary }).listQuotasDetail();
      expect(detail.totalNum).toBe(28);
    });

    it('a temporary key without its token is refused, naming the security token', async () => {
      const { securityToken: _omit, ...bare } = HW.temporary;
      const err = await rejectionOf(client({ credentials: bare }).listQuotasDetail());
      expect(err).toBeInstanceOf(CloudCredentialsError);
      expect(err.message).toContain('the security token is the likely cause');
    });
  });

  it("turns Huawei's error body into a typed, non-retried error with its code and request id", async () => {
    const err = await rejectionOf(client({ projectId: 'proj-nope' }).listQuotasDetail());
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err).toMatchObject({ cloud: 'huaweicloud', status: 403, cloudCode: 'HSS.0004', retryable: false });
    expect(err.message).toContain('project proj-nope does not exist');
    expect(await cloud().requests('huaweicloud')).toHaveLength(1);
  });
});

describe('HuaweiCloudHssClient against answers the fake cloud does not give', () => {
  const servers = useLoopbackServers();
  /** A client of project p-1 with the key pair, asking `server`. */
  const clientOf = (server: { url: string }): HuaweiCloudHssClient =>
    new HuaweiCloudHssClient({ credentials: KEYS, projectId: 'p-1', endpoint: server.url, ...FAST_RETRY });

  it('sends Host, X-Project-Id, X-Sdk-Date and X-Security-Token, all signed; the path and query as signed', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: hssBody(0, []) }));
    const c = new HuaweiCloudHssClient({
      credentials: { accessKey: 'AK1', secretKey: 'SK1', securityToken: 'STS-1' },
      projectId: 'p-1',
      endpoint: `${server.url}/prefix/`,
      ...FAST_RETRY,
    });
    await c.listQuotasDetail({ hostName: 'web 01', version: 'hss.version.wtp' });
    const [seen] = server.seen;
    expect(seen.url.pathname).toBe('/prefix/v5/p-1/billing/quotas-detail');
    expect(seen.url.search).toBe('?host_name=web%2001&limit=200&offset=0&version=hss.version.wtp');
    expect(seen.headers['x-project-id']).toBe('p-1');
    expect(seen.headers['x-security-token']).toBe('STS-1');
    expect(seen.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(seen.headers['x-auth-token']).toBeUndefined();
    const auth = parseHuaweiAuthorization(String(seen.headers.authorization));
    expect(auth).toMatchObject({ accessKey: 'AK1', signedHeaders: ['host', 'x-project-id', 'x-sdk-date', 'x-security-token'] });
  });

  it('sends a token as X-Auth-Token, unsigned', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: hssBody(0, []) }));
    const c = new HuaweiCloudHssClient({ credentials: { authToken: 'TOKEN-1' }, projectId: 'p-1', endpoint: server.url, ...FAST_RETRY });
    await c.listQuotasDetail();
    expect(server.seen[0].headers['x-auth-token']).toBe('TOKEN-1');
    expect(server.seen[0].headers.authorization).toBeUndefined();
    expect(server.seen[0].headers['x-sdk-date']).toBeUndefined();
  });

  it('takes the request id from X-Request-Id when the body has none, and reads {code, message} bodies', async () => {
    const server = await servers.scripted(() => ({
      status: 400,
      headers: { 'content-type': 'application/json', 'x-request-id': 'rid-from-header' },
      body: JSON.stringify({ error: { code: 'HSS.1234', message: 'bad filter' } }),
    }));
    const c = clientOf(server);
    const err = await rejectionOf(c.listQuotasDetail());
    expect(err).toMatchObject({ status: 400, cloudCode: 'HSS.1234', cloudMessage: 'bad filter', requestId: 'rid-from-header', retryable: false });
    expect(server.seen).toHaveLength(1);
  });

  it('does not retry a 401 whatever its body, and redacts the secret if the cloud echoes it', async () => {
    const server = await servers.scripted(() => ({
      status: 401,
      body: JSON.stringify({ error_code: 'APIGW.0301', error_msg: 'echo SK1-secret-value here' }),
    }));
    const c = new HuaweiCloudHssClient({
      credentials: { accessKey: 'AK1', secretKey: 'SK1-secret-value' },
      projectId: 'p-1',
      endpoint: server.url,
      ...FAST_RETRY,
    });
    const err = await rejectionOf(c.listQuotasDetail());
    expect(err).toBeInstanceOf(CloudCredentialsError);
    expect(err.message).not.toContain('SK1-secret-value');
    expect(err.message).toContain('the signature, the key or the clock');
    expect(server.seen).toHaveLength(1);
  });

  it('refuses to page past offset 2000000, before sending the rest', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => quotaRow(`q-${i}`));
    const server = await servers.scripted(() => ({ status: 200, body: hssBody(2_000_201, rows) }));
    const c = clientOf(server);
    const err = await rejectionOf(c.listQuotasDetail({ maxRows: 3_000_000 }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toContain('needs offset 2000200');
    expect(err.message).toContain("past the API's maximum of 2000000");
    expect(server.seen).toHaveLength(1);
  });

  it('rejects a counter that is not a count as a malformed answer', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: hssBody(0, [], { idle_num: 'many' }) }));
    const c = clientOf(server);
    const err = await rejectionOf(c.listQuotasDetail());
    expect(err).toMatchObject({ code: 'HEADROOM_CLOUD', cloud: 'huaweicloud', operation: 'ListQuotasDetail', field: 'idle_num', retryable: false });
    expect(err.message).toContain('malformed answer: idle_num is "many"; expected an integer, 0 or more');
  });

  it('stops with a PaginationError when HSS repeats a page', async () => {
    const page = [quotaRow('q-a'), ...Array.from({ length: 9 }, (_, i) => quotaRow(`q-${i}`))];
    const server = await servers.scripted(() => ({ status: 200, body: hssBody(30, page) }));
    const c = clientOf(server);
    const err = await rejectionOf(c.listQuotasDetail({ pageSize: 10 }));
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.message).toContain('"q-a" came back twice');
    expect(server.seen).toHaveLength(3);
  });
});
