import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { QuotaDetail, QuotaDetailProps } from '../../../src/clouds/huaweicloud/quota-detail';
import { quotaExpiryDate } from '../../../src/clouds/huaweicloud/schema';
import { CloudServiceError, CredentialsError, InputError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { FAKE_CREDENTIALS, FAKE_HUAWEICLOUD_PROJECT } from '../../../src/testing/default-data';
import { FAST_RETRY, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

const HW = FAKE_CREDENTIALS.huaweicloud;
const ALL = { enterpriseProjectId: 'all_granted_eps' } as const;

/** Every Huawei Cloud variable the chain reads, unset. */
const NO_HW_ENV = {
  HW_ACCESS_KEY: undefined,
  HW_SECRET_KEY: undefined,
  HW_SECURITY_TOKEN: undefined,
  HW_AUTH_TOKEN: undefined,
  HW_REGION_NAME: undefined,
  HW_PROJECT_ID: undefined,
  HW_ENTERPRISE_PROJECT_ID: undefined,
  HW_HSS_ENDPOINT: undefined,
  HUAWEICLOUD_SDK_AK: undefined,
  HUAWEICLOUD_SDK_SK: undefined,
  HUAWEICLOUD_SDK_PROJECT_ID: undefined,
  HUAWEICLOUD_SDK_SECURITY_TOKEN: undefined,
  HUAWEICLOUD_SDK_CREDENTIALS_FILE: undefined,
  HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: undefined,
};

describe('QuotaDetail', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...NO_HW_ENV, ...cloud().env(), HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));

  const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');

  it('holds plain values right after construction: HSS counters, statistics, every row', () => {
    const hss = new QuotaDetail(stack(), 'hss', ALL);
    expect(hss.totalNum).toBe(36);
    expect(typeof hss.idleNum).toBe('number');
    expect([hss.usedNum, hss.idleNum, hss.normalNum, hss.expiredNum, hss.frozenNum, hss.packetCycleNum, hss.onDemandNum]).toEqual([24, 12, 32, 2, 2, 30, 6]);
    expect(hss.quotas).toHaveLength(36);
    expect(hss.statistics).toContainEqual({ version: 'hss.version.enterprise', totalNum: 12 });
    expect(hss.statisticsFor('hss.version.premium')).toBe(8);
    expect(hss.statisticsFor('hss.version.null')).toBe(0);
    expect(hss.createTime).toBe(1_700_000_000_000);
    expect(Date.parse(hss.fetchedAt)).not.toBeNaN();
    expect(hss.projectId).toBe(FAKE_HUAWEICLOUD_PROJECT.projectId);
    expect(hss.region).toBe('cn-north-4');
  });

  it('answers what gating needs: usable idle quota per edition, expiring quotas, frozen and expired counts', () => {
    const hss = new QuotaDetail(stack(), 'hss', ALL);
    // Idle and normal: 3 enterprise quotas (one more is idle but expired).
    expect(hss.idleQuotaFor('hss.version.enterprise')).toBe(3);
    expect(hss.idleQuotaFor('hss.version.premium')).toBe(2);
    expect(hss.idleQuotaFor()).toBe(9); // 12 idle, less 2 expired and 1 frozen
    expect(hss.usableIdleByVersion).toEqual({
      'hss.version.basic': 2,
      'hss.version.advanced': 0,
      'hss.version.enterprise': 3,
      'hss.version.premium': 2,
      'hss.version.wtp': 1,
      'hss.version.container.enterprise': 1,
    });
    // Expiry dates are midnight Beijing time (16:00 UTC the day before).
    expect(hss.quotasExpiringBefore(new Date(Date.UTC(2027, 0, 1)))).toHaveLength(11);
    expect(hss.quotasExpiringBefore(Date.UTC(2027, 0, 16))).toHaveLength(13);
    expect(hss.quotasExpiringBefore(Date.UTC(2026, 8, 1))).toHaveLength(0);
    expect(hss.quotas.filter((q) => q.expireTime === null)).toHaveLength(6); // the pay-per-use ones: -1 on the wire
    expect(quotaExpiryDate(hss.quotas[0])!.toISOString()).toBe('2027-06-30T16:00:00.000Z');
    expect(quotaExpiryDate(hss.quotas[4])).toBeUndefined();
    expect([hss.frozenNum, hss.expiredNum]).toEqual([2, 2]);
    expect(() => hss.quotasExpiringBefore(new Date('not a date'))).toThrow(InputError);
  });

  it('without an enterprise project, gets what the API answers for the default project', async () => {
    const hss = new QuotaDetail(stack(), 'hss');
    expect([hss.totalNum, hss.usedNum, hss.idleNum]).toEqual([28, 18, 10]);
    const [req] = await cloud().requests('huaweicloud');
    expect(req.params).toEqual({ offset: '0', limit: '200' });
  });

  it('sends every filter prop, and reads every page of the given size', async () => {
    const hss = new QuotaDetail(stack(), 'hss', {
      ...ALL,
      version: 'hss.version.enterprise',
      category: 'host_resource',
      quotaStatus: 'normal',
      usedStatus: 'used',
      hostName: 'ecs-enterprise',
      chargingMode: 'packet_cycle',
      pageSize: 10,
    });
    expect(hss.totalNum).toBe(7);
    const log = await cloud().requests('huaweicloud');
    expect(log).toHaveLength(1);
    expect(log[0].params).toEqual({
      enterprise_project_id: 'all_granted_eps',
      version: 'hss.version.enterprise',
      category: 'host_resource',
      quota_status: 'normal',
      used_status: 'used',
      host_name: 'ecs-enterprise',
      charging_mode: 'packet_cycle',
      offset: '0',
      limit: '10',
    });
    const one = new QuotaDetail(stack(), 'one', { ...ALL, resourceId: '7c1f9a52-3e4b-4d1a-9f0e-000000000030' });
    expect(one.quotas.map((q) => q.hostName)).toEqual(['ecs-premium-30']);
    const paged = new QuotaDetail(stack(), 'paged', { ...ALL, pageSize: 10 });
    expect(paged.quotas).toHaveLength(36);
  });

  it('shows what it saw in the synthesized JSON, and no secret', () => {
    const s = stack();
    new QuotaDetail(s, 'hss', { ...ALL, version: 'hss.version.enterprise' });
    const json = Testing.synth(s, true);
    const out = JSON.parse(json).variable.headroom_hss;
    expect(out.default.query).toEqual({
      projectId: FAKE_HUAWEICLOUD_PROJECT.projectId,
      region: 'cn-north-4',
      enterpriseProjectId: 'all_granted_eps',
      version: 'hss.version.enterprise',
      category: null,
      quotaStatus: null,
      usedStatus: null,
      hostName: null,
      resourceId: null,
      chargingMode: null,
    });
    expect(out.default).toMatchObject({ totalNum: 12, usedNum: 8, idleNum: 4, normalNum: 10, expiredNum: 1, frozenNum: 1, packetCycleNum: 12, onDemandNum: 0 });
    expect(out.default.statistics).toEqual([{ version: 'hss.version.enterprise', totalNum: 12 }]);
    expect(out.default.usableIdleByVersion).toEqual({ 'hss.version.enterprise': 3 });
    expect(typeof out.default.fetchedAt).toBe('string');
    for (const secret of [HW.secretKey, HW.accessKey, HW.authToken]) expect(json).not.toContain(secret);
  });

  it('costs one request for two constructs with the same query, even in two stacks and with different page sizes', async () => {
    const app = Testing.app();
    const a = new QuotaDetail(new TerraformStack(app, 'a'), 'hss', ALL);
    const b = new QuotaDetail(new TerraformStack(app, 'b'), 'hss', { ...ALL, pageSize: 200 });
    expect(a.idleNum).toBe(b.idleNum);
    expect(await cloud().requests('huaweicloud')).toHaveLength(1);
    expect(LookupEngine.of(app).stats).toEqual({ registered: 2, distinct: 1, batches: 1 });
  });

  it('resolves every pending lookup of the app in one batch on the first read', async () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    const enterprise = new QuotaDetail(s, 'enterprise', { ...ALL, version: 'hss.version.enterprise' });
    const premium = new QuotaDetail(s, 'premium', { ...ALL, version: 'hss.version.premium' });
    expect(await cloud().requests('huaweicloud')).toHaveLength(0);
    expect(enterprise.totalNum).toBe(12);
    expect(await cloud().requests('huaweicloud')).toHaveLength(2);
    expect(premium.totalNum).toBe(8);
    expect(LookupEngine.of(app).stats.batches).toBe(1);
  });

  it('retries a throttled HSS during synth', async () => {
    await cloud().inject({ cloud: 'huaweicloud', throttle: 1 });
    const hss = new QuotaDetail(stack(), 'hss', { ...ALL, transport: FAST_RETRY });
    expect(hss.totalNum).toBe(36);
    expect((await cloud().requests('huaweicloud')).map((r) => r.status)).toEqual([429, 200]);
  });

  it('authenticates with a token prop', async () => {
    const hss = new QuotaDetail(stack(), 'hss', { ...ALL, credentials: { authToken: HW.authToken } });
    expect(hss.totalNum).toBe(36);
  });

  it('throws the typed cloud error, with the construct path, on every read of a failed lookup and at synth', () => {
    const s = stack();
    const hss = new QuotaDetail(s, 'hss', { ...ALL, projectId: 'ffffffffffffffffffffffffffffffff' });
    const err = thrownBy(() => hss.idleNum);
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toMatch(/^stack\/hss: lookup huaweicloud:ListQuotasDetail failed: Huawei Cloud HSS ListQuotasDetail failed with HTTP 403 HSS\.0004/);
    expect(hss.lookupError).toBeInstanceOf(CloudServiceError);
    // Synth fails through a validation (listed with any gate violations); without
    // validations the output shows the error, never a value.
    expect(() => Testing.synth(s, true)).toThrow(/Validation failed[\s\S]*ffffffffffffffffffffffffffffffff/);
    expect(JSON.parse(Testing.synth(s)).variable.headroom_hss.default).toEqual({
      error: { code: 'HEADROOM_CLOUD', message: expect.stringContaining('ffffffffffffffffffffffffffffffff') },
    });
  });

  it('reports a refused key as a credentials error at read time, sent once', async () => {
    const hss = new QuotaDetail(stack(), 'hss', { credentials: { accessKey: HW.accessKey, secretKey: 'wrong-secret' } });
    const err = thrownBy(() => hss.totalNum);
    expect(err.code).toBe('HEADROOM_CREDENTIALS');
    expect(err.message).toContain('the signature is the likely cause');
    expect(err.message).not.toContain('wrong-secret');
    expect(await cloud().requests('huaweicloud')).toHaveLength(1);
  });

  describe('rejects bad props at construction, before any request', () => {
    const enumMsg = (field: string, got: string, allowed: string[]): string =>
      `stack/hss: ${field} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}; got "${got}".`;
    const cases: Array<[string, Partial<Record<keyof QuotaDetailProps, unknown>>, string]> = [
      [
        'an unknown version',
        { version: 'hss.version.gold' },
        enumMsg('version', 'hss.version.gold', [
          'hss.version.null',
          'hss.version.basic',
          'hss.version.advanced',
          'hss.version.enterprise',
          'hss.version.premium',
          'hss.version.wtp',
          'hss.version.container.enterprise',
        ]),
      ],
      ['an unknown category', { category: 'host' }, enumMsg('category', 'host', ['host_resource', 'container_resource'])],
      ['"frozen" for a quota status', { quotaStatus: 'frozen' }, enumMsg('quotaStatus', 'frozen', ['normal', 'expired', 'freeze'])],
      ['an unknown used status', { usedStatus: 'free' }, enumMsg('usedStatus', 'free', ['idle', 'used'])],
      ["Terraform's prePaid for a charging mode", { chargingMode: 'prePaid' }, enumMsg('chargingMode', 'prePaid', ['packet_cycle', 'on_demand'])],
      ['a page size under 10', { pageSize: 5 }, 'stack/hss: pageSize must be an integer from 10 to 200; got 5.'],
      ['a page size over 200', { pageSize: 201 }, 'stack/hss: pageSize must be an integer from 10 to 200; got 201.'],
      ['a fractional page size', { pageSize: 50.5 }, 'stack/hss: pageSize must be an integer from 10 to 200; got 50.5.'],
      [
        'an endpoint that is not a URL',
        { endpoint: 'hss.cn-north-4.myhuaweicloud.com' },
        'stack/hss: endpoint must be an http(s) URL such as https://api.example.com/; got "hss.cn-north-4.myhuaweicloud.com".',
      ],
      [
        'an endpoint with another scheme',
        { endpoint: 'ftp://hss.example/' },
        'stack/hss: endpoint must be an http(s) URL (http: or https:); got "ftp://hss.example/".',
      ],
      ['a region that is not a region id', { region: 'CN North 4' }, 'stack/hss: region must be a region id such as "cn-north-4"; got "CN North 4".'],
      [
        'a project id with a slash',
        { projectId: 'a/b' },
        'stack/hss: projectId must be a project id such as "0a1b2c3d4e5f60718293a4b5c6d7e8f9" (letters, digits, - and _, up to 64); got "a/b".',
      ],
      ['an empty enterprise project', { enterpriseProjectId: '' }, 'stack/hss: enterpriseProjectId must be a non-empty string; got "".'],
      ['an empty host name', { hostName: '' }, 'stack/hss: hostName must be a string of 1 to 256 characters; got "".'],
      [
        'a resource id over 128 characters',
        { resourceId: 'r'.repeat(129) },
        `stack/hss: resourceId must be a string of 1 to 128 characters; got "${'r'.repeat(116)}.... It has 129.`,
      ],
      [
        'half a key pair',
        { credentials: { accessKey: 'AK' } },
        'stack/hss: credentials must be { accessKey, secretKey, securityToken? } or { authToken }: both accessKey and secretKey; got "{ accessKey: *** }".',
      ],
      [
        'an empty token',
        { credentials: { authToken: '' } },
        'stack/hss: credentials must be { accessKey, secretKey, securityToken? } or { authToken } with non-empty strings (authToken is not); got "{ authToken: (empty) }".',
      ],
      ['no key and no token', { credentials: {} }, 'stack/hss: credentials must be { accessKey, secretKey, securityToken? } or { authToken }; got "{  }".'],
    ];
    it.each(cases)('%s', async (_name, override, message) => {
      const err = thrownBy(() => new QuotaDetail(stack(), 'hss', { ...ALL, ...override } as QuotaDetailProps));
      expect(err).toBeInstanceOf(InputError);
      expect(err.code).toBe('HEADROOM_INPUT');
      expect(err.message).toBe(message);
      expect(await cloud().requests()).toHaveLength(0);
    });
  });

  describe('without credentials, project or region in the environment', () => {
    useEnv(NO_HW_ENV);

    it('fails at construction naming the construct and every place looked', () => {
      const err = thrownBy(() => new QuotaDetail(stack(), 'hss', { region: 'cn-north-4', projectId: 'p' }));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toContain('stack/hss: No Huawei Cloud credentials found. Looked in:');
      for (const place of ['the credentials prop', 'HW_ACCESS_KEY', 'HW_AUTH_TOKEN', 'HUAWEICLOUD_SDK_AK', '~/.huaweicloud/credentials']) {
        expect(err.message).toContain(place);
      }
    });

    it('needs a project id, and says where it looked', () => {
      const err = thrownBy(() => new QuotaDetail(stack(), 'hss', { region: 'cn-north-4', credentials: { authToken: 'T' } }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        'stack/hss: projectId is required; none found in the projectId prop, HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, projectId of the KooCLI profile in ~/.hcloud/config.json, and project_id under [basic] in ~/.huaweicloud/credentials. Set one of them.',
      );
    });

    it('needs a region (or an endpoint) to pick the endpoint', () => {
      const err = thrownBy(() => new QuotaDetail(stack(), 'hss', { projectId: 'p', credentials: { authToken: 'T' } }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('stack/hss: region is required to pick the HSS endpoint; none found in the region prop or HW_REGION_NAME.');
      expect(err.message).toContain('HUAWEICLOUD_SDK_REGION_HSS_<REGION> or HW_HSS_ENDPOINT');
    });

    it('takes everything from props', () => {
      const hss = new QuotaDetail(stack(), 'hss', {
        ...ALL,
        projectId: FAKE_HUAWEICLOUD_PROJECT.projectId,
        endpoint: cloud().endpoints.huaweicloud,
        credentials: { accessKey: HW.accessKey, secretKey: HW.secretKey },
      });
      expect(hss.totalNum).toBe(36);
      expect(hss.region).toBeUndefined();
    });
  });

  describe('from the official SDK variables, file and endpoint convention', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-'));
    fs.mkdirSync(path.join(home, '.huaweicloud'));
    fs.writeFileSync(
      path.join(home, '.huaweicloud', 'credentials'),
      `[basic]\nak = ${HW.temporary.accessKey}\nsk = ${HW.temporary.secretKey}\nsecurity_token = ${HW.temporary.securityToken}\nproject_id = ${FAKE_HUAWEICLOUD_PROJECT.projectId}\n`,
    );
    useEnv(() => ({ ...NO_HW_ENV, HOME: home, HW_REGION_NAME: 'cn-north-4', HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4: cloud().endpoints.huaweicloud }));

    it('reads temporary keys and the project from ~/.huaweicloud/credentials and the endpoint from HUAWEICLOUD_SDK_REGION_HSS_CN_NORTH_4', () => {
      const hss = new QuotaDetail(stack(), 'hss', ALL);
      expect(hss.totalNum).toBe(36);
      expect(hss.projectId).toBe(FAKE_HUAWEICLOUD_PROJECT.projectId);
    });
  });
});
