import { encodeUCloudParams, signUCloudRequest } from '../../src/clouds/ucloud/signer';
import { UCloudKeys } from '../../src/clouds/ucloud/credentials';
import { FAKE_CREDENTIALS, FAKE_UCLOUD_ACCOUNT } from '../../src/testing/default-data';
import { useFakeCloud } from '../_helpers/fake-cloud';

describe('fake cloud: UCloud', () => {
  const cloud = useFakeCloud();

  interface Answer {
    status: number;
    requestId: string | null;
    body: any;
  }

  /** A signed call to the fake, sent as GET, as a POST form or as a POST JSON body. */
  async function call(
    params: Record<string, string | number>,
    how: 'GET' | 'FORM' | 'JSON' = 'FORM',
    keys: UCloudKeys = FAKE_CREDENTIALS.ucloud,
  ): Promise<Answer> {
    const signed = signUCloudRequest({ Action: 'DescribeBandwidthUsage', ...params }, keys);
    const url = cloud().endpoints.ucloud;
    const res =
      how === 'GET'
        ? await fetch(`${url}?${signed.encoded}`)
        : how === 'FORM'
          ? await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: signed.encoded })
          : await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...params, Action: 'DescribeBandwidthUsage', PublicKey: keys.publicKey, Signature: signed.signature }),
            });
    return { status: res.status, requestId: res.headers.get('x-ucloud-request-uuid'), body: await res.json() };
  }

  const ids = (body: { EIPSet: Array<{ EIPId: string }> }): string[] => body.EIPSet.map((e) => e.EIPId);

  it.each(['GET', 'FORM', 'JSON'] as const)('answers a signed %s in UCloud shape, with a request id header', async (how) => {
    const { status, requestId, body } = await call({ Region: 'cn-bj2', Limit: 2 }, how);
    expect(status).toBe(200);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({
      Action: 'DescribeBandwidthUsageResponse',
      RetCode: 0,
      TotalCount: 12,
      EIPSet: [
        { CurBandwidth: 0.0000629425048828125, EIPId: 'eip-bj2fk001' },
        { CurBandwidth: 12.5, EIPId: 'eip-bj2fk002' },
      ],
    });
  });

  it('pages by Limit (20 by default) and OffSet', async () => {
    expect(ids((await call({ Region: 'cn-bj2', OffSet: 10 })).body)).toEqual(['eip-bj2fk011', 'eip-bj2fk012']);
    expect(ids((await call({ Region: 'cn-bj2', Limit: 3, OffSet: 4 })).body)).toEqual(['eip-bj2fk005', 'eip-bj2fk006', 'eip-bj2fk007']);
    expect((await call({ Region: 'cn-bj2' })).body.EIPSet).toHaveLength(12);
  });

  it("filters by EIPIds.N; the seed example's EIP.0 is not a filter", async () => {
    const filtered = (await call({ Region: 'cn-bj2', 'EIPIds.0': 'eip-bj2fk009', 'EIPIds.1': 'eip-bj2fk002' })).body;
    expect(filtered.TotalCount).toBe(2);
    expect(ids(filtered)).toEqual(['eip-bj2fk002', 'eip-bj2fk009']);
    expect((await call({ Region: 'cn-bj2', 'EIP.0': 'eip-bj2fk009' })).body.TotalCount).toBe(12);
  });

  it('leaves EIPSet out when the region has no EIP, and reads another project with ProjectId', async () => {
    expect((await call({ Region: 'hk' })).body).toEqual({ Action: 'DescribeBandwidthUsageResponse', RetCode: 0, TotalCount: 0 });
    expect(ids((await call({ Region: 'cn-bj2', ProjectId: FAKE_UCLOUD_ACCOUNT.subProjectId })).body)).toEqual(['eip-subfk001', 'eip-subfk002']);
  });

  it('checks the signature: 170 when missing, 172 for an unknown public key, 171 when it does not match', async () => {
    const missing = await fetch(
      `${cloud().endpoints.ucloud}?${encodeUCloudParams({ Action: 'DescribeBandwidthUsage', Region: 'cn-bj2', PublicKey: FAKE_CREDENTIALS.ucloud.publicKey })}`,
    );
    expect(await missing.json()).toEqual({ RetCode: 170, Message: 'Missing signature', Action: 'DescribeBandwidthUsageResponse' });
    expect((await call({ Region: 'cn-bj2' }, 'FORM', { publicKey: 'someone-else', privateKey: 'x' })).body).toEqual({
      RetCode: 172,
      Message: 'User Not Exists',
      Action: 'DescribeBandwidthUsageResponse',
    });
    const wrong = await call({ Region: 'cn-bj2' }, 'GET', { ...FAKE_CREDENTIALS.ucloud, privateKey: 'wrong' });
    expect(wrong.status).toBe(200);
    expect(wrong.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wrong.body).toEqual({ RetCode: 171, Message: 'Signature VerifyAC Error', Action: 'DescribeBandwidthUsageResponse' });
  });

  it('refuses a missing Region (230), an unknown region (230), an unknown project (292) and an unknown action (161)', async () => {
    expect((await call({})).body).toMatchObject({ RetCode: 230, Message: 'Missing params [Region]' });
    expect((await call({ Region: 'xx-nowhere' })).body).toMatchObject({ RetCode: 230, Message: 'Params [Region] not available' });
    expect((await call({ Region: 'cn-bj2', Limit: -1 })).body).toMatchObject({ RetCode: 230, Message: 'Params [Limit] not available' });
    expect((await call({ Region: 'cn-bj2', ProjectId: 'org-nope' })).body).toEqual({
      RetCode: 292,
      Message: 'Project [org-nope] not exists',
      Action: 'DescribeBandwidthUsageResponse',
    });
    expect((await call({ Action: 'DescribeEIP', Region: 'cn-bj2' })).body).toEqual({
      RetCode: 161,
      Message: 'Action [DescribeEIP] not found',
      Action: 'DescribeEIPResponse',
    });
  });

  it('injects UCloud-shaped faults: throttling as RetCode 153, 502 then 503 from the gateway, an HTML body', async () => {
    await cloud().inject({ cloud: 'ucloud', throttle: 1, serverError: 2, badBody: 1 });
    const p = { Region: 'cn-bj2' };
    const throttled = await call(p);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toMatchObject({ RetCode: 153, Action: 'DescribeBandwidthUsageResponse' });
    for (const status of [502, 503]) {
      const res = await fetch(cloud().endpoints.ucloud, {
        method: 'POST',
        body: signUCloudRequest({ Action: 'DescribeBandwidthUsage', ...p }, FAKE_CREDENTIALS.ucloud).encoded,
      });
      expect(res.status).toBe(status);
      expect(await res.text()).toContain(`<title>${status}`);
    }
    const html = await fetch(cloud().endpoints.ucloud, {
      method: 'POST',
      body: signUCloudRequest({ Action: 'DescribeBandwidthUsage', ...p }, FAKE_CREDENTIALS.ucloud).encoded,
    });
    expect(html.headers.get('content-type')).toBe('text/html');
    expect((await call(p)).body.RetCode).toBe(0);
  });

  it('logs every request without Signature and PublicKey', async () => {
    await call({ Region: 'cn-bj2', Limit: 5 }, 'GET');
    const [entry] = await cloud().requests('ucloud');
    expect(entry).toEqual({
      cloud: 'ucloud',
      operation: 'DescribeBandwidthUsage',
      method: 'GET',
      path: '/',
      status: 200,
      params: { Action: 'DescribeBandwidthUsage', Limit: '5', Region: 'cn-bj2' },
    });
  });

  it('points the UCloud credential chain at itself through FakeCloud.env()', () => {
    expect(cloud().env()).toMatchObject({
      UCLOUD_API_BASE_URL: cloud().endpoints.ucloud,
      UCLOUD_PUBLIC_KEY: FAKE_CREDENTIALS.ucloud.publicKey,
      UCLOUD_PRIVATE_KEY: FAKE_CREDENTIALS.ucloud.privateKey,
    });
    expect(cloud().endpoints.ucloud).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});
