import { signHuaweiRequest } from '../../src/clouds/huaweicloud/signer';
import { FAKE_CREDENTIALS, FAKE_HUAWEICLOUD_PROJECT } from '../../src/testing/default-data';
import { useFakeCloud } from '../_helpers/fake-cloud';

const HW = FAKE_CREDENTIALS.huaweicloud;
const PATH = `/v5/${FAKE_HUAWEICLOUD_PROJECT.projectId}/billing/quotas-detail`;

describe('fake cloud: Huawei Cloud HSS', () => {
  const cloud = useFakeCloud();

  interface Answer {
    status: number;
    headers: Headers;
    body: any;
  }

  /** A GET to the fake, signed with `keys` at `at` (or sent with `headers` only when keys is null). */
  async function get(
    query: Record<string, string>,
    opts: {
      keys?: { accessKey: string; secretKey: string; securityToken?: string } | null;
      at?: Date;
      headers?: Record<string, string>;
      path?: string;
      tamper?: string;
    } = {},
  ): Promise<Answer> {
    const path = opts.path ?? PATH;
    const host = new URL(cloud().url).host;
    const keys = opts.keys === undefined ? { accessKey: HW.accessKey, secretKey: HW.secretKey } : opts.keys;
    let headers: Record<string, string> = { ...opts.headers };
    let q = new URLSearchParams(query).toString();
    if (keys) {
      const signed = signHuaweiRequest({ method: 'GET', path, query, headers: { Host: host, ...opts.headers } }, keys, opts.at ?? new Date());
      headers = signed.headers;
      q = signed.canonicalQuery;
    }
    if (opts.tamper) q = `${q}&${opts.tamper}`;
    const res = await fetch(`${cloud().url}${path}${q ? `?${q}` : ''}`, { headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, headers: res.headers, body };
  }

  it('pages by offset and limit (default 10), with the counters and statistics, in HSS answer shape', async () => {
    const first = await get({ enterprise_project_id: 'all_granted_eps' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      total_num: 36,
      used_num: 24,
      idle_num: 12,
      normal_num: 32,
      expired_num: 2,
      freeze_num: 2,
      packet_cycle_num: 30,
      on_demand_num: 6,
    });
    expect(first.body.data_list).toHaveLength(10);
    const last = await get({ enterprise_project_id: 'all_granted_eps', offset: '30', limit: '200' });
    expect(last.body.data_list.map((r: { resource_id: string }) => r.resource_id.slice(-2))).toEqual(['31', '32', '33', '34', '35', '36']);
    expect(Object.keys(last.body.data_list[0])).not.toContain('category'); // fake-only field stays out of the answer
    expect(last.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects an unsigned request, a bad signature, an unknown key, a tampered query and a stale X-Sdk-Date with 401 APIGW.0301', async () => {
    const cases: Array<[Promise<Answer>, string]> = [
      [get({}, { keys: null }), 'Incorrect IAM authentication information: x-auth-token not found'],
      [get({}, { keys: { accessKey: HW.accessKey, secretKey: 'wrong' } }), 'Incorrect IAM authentication information: verify aksk signature fail'],
      [
        get({}, { keys: { accessKey: 'HWNOBODY', secretKey: 'x' } }),
        'Incorrect IAM authentication information: Get secretKey failed,ak:******,err:ak not exist',
      ],
      [get({ limit: '10' }, { tamper: 'version=hss.version.basic' }), 'Incorrect IAM authentication information: verify aksk signature fail'],
      [get({}, { at: new Date(Date.now() - 16 * 60_000) }), 'Incorrect IAM authentication information: verify aksk signature fail'],
      [get({}, { keys: null, headers: { 'X-Auth-Token': 'MIIforged' } }), 'Incorrect IAM authentication information: decrypt token fail'],
    ];
    for (const [answer, message] of cases) {
      const { status, headers, body } = await answer;
      expect(status).toBe(401);
      expect(body).toEqual({ error_code: 'APIGW.0301', error_msg: message, request_id: headers.get('x-request-id') });
    }
  });

  it('accepts an X-Sdk-Date 14 minutes off, the configured token, and temporary keys with their security token', async () => {
    expect((await get({}, { at: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
    expect((await get({}, { keys: null, headers: { 'X-Auth-Token': HW.authToken } })).status).toBe(200);
    expect((await get({}, { keys: HW.temporary })).status).toBe(200);
    const { securityToken: _t, ...bare } = HW.temporary;
    expect((await get({}, { keys: bare })).body.error_msg).toBe('Incorrect IAM authentication information: decrypt token fail');
  });

  it('locks a key after more than five failures in a row, until reset', async () => {
    for (let i = 0; i < 6; i++) expect((await get({}, { keys: { accessKey: HW.accessKey, secretKey: 'wrong' } })).status).toBe(401);
    expect((await get({})).body.error_msg).toBe('Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.');
    await cloud().reset();
    expect((await get({})).status).toBe(200);
  });

  it('forgets earlier failures after a success', async () => {
    for (let i = 0; i < 5; i++) await get({}, { keys: { accessKey: HW.accessKey, secretKey: 'wrong' } });
    expect((await get({})).status).toBe(200);
    for (let i = 0; i < 5; i++) await get({}, { keys: { accessKey: HW.accessKey, secretKey: 'wrong' } });
    expect((await get({})).status).toBe(200);
  });

  it('refuses parameters HSS would refuse, with 400 and the stand-in code', async () => {
    const bad = async (query: Record<string, string>): Promise<string> => {
      const { status, body } = await get(query);
      expect(status).toBe(400);
      expect(body.error_code).toBe('HSS.0001');
      return body.error_msg;
    };
    expect(await bad({ limit: '9' })).toBe('Invalid parameter: limit [9] must be 10 to 200');
    expect(await bad({ limit: '201' })).toBe('Invalid parameter: limit [201] must be 10 to 200');
    expect(await bad({ offset: '2000001' })).toBe('Invalid parameter: offset [2000001] must be 0 to 2000000');
    expect(await bad({ version: 'hss.version.gold' })).toContain('version [hss.version.gold] is not one of hss.version.null');
    expect(await bad({ quota_status: 'frozen' })).toBe('Invalid parameter: quota_status [frozen] is not one of normal, expired, freeze');
    expect(await bad({ charging_mode: 'prePaid' })).toBe('Invalid parameter: charging_mode [prePaid] is not one of packet_cycle, on_demand');
    expect(await bad({ resource_id: 'r'.repeat(129) })).toBe('Invalid parameter: resource_id must be 1 to 128 characters');
  });

  it('answers 403 for a project it does not know or an X-Project-Id that differs from the path, and 404 for other APIs', async () => {
    expect((await get({}, { path: '/v5/0000/billing/quotas-detail' })).status).toBe(403);
    expect((await get({}, { headers: { 'X-Project-Id': 'someone-else' } })).status).toBe(403);
    const other = await get({}, { path: `/v5/${FAKE_HUAWEICLOUD_PROJECT.projectId}/host-management/hosts` });
    expect(other.status).toBe(404);
    expect(other.body.error_code).toBe('APIGW.0101');
  });

  it("injects faults in Huawei Cloud's shape, logs requests without secrets", async () => {
    await cloud().inject({ cloud: 'huaweicloud', throttle: 1, serverError: 1, badBody: 1 });
    const throttled = await get({});
    expect(throttled.status).toBe(429);
    expect(throttled.body.error_code).toBe('APIGW.0308');
    const failed = await get({});
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error_code: 'HSS.0500', request_id: failed.headers.get('x-request-id') });
    const cut = await get({});
    expect(cut.status).toBe(200);
    expect(typeof cut.body).toBe('string'); // not JSON
    expect((await get({ version: 'hss.version.wtp' })).body.total_num).toBe(3);
    const log = await cloud().requests('huaweicloud');
    expect(log.map((r) => r.status)).toEqual([429, 500, 200, 200]);
    expect(log[3]).toMatchObject({ cloud: 'huaweicloud', operation: 'ListQuotasDetail', method: 'GET', path: PATH, params: { version: 'hss.version.wtp' } });
    expect(JSON.stringify(log)).not.toContain(HW.secretKey);
  });

  it('points Huawei Cloud chains at itself through FakeCloud.env()', () => {
    const env = cloud().env();
    expect(env).toMatchObject({
      HW_ACCESS_KEY: HW.accessKey,
      HW_SECRET_KEY: HW.secretKey,
      HW_REGION_NAME: 'cn-north-4',
      HW_PROJECT_ID: FAKE_HUAWEICLOUD_PROJECT.projectId,
      HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: cloud().url,
      HW_HSS_ENDPOINT: cloud().url,
    });
  });
});
