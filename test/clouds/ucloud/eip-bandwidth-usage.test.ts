import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { EipBandwidthUsage } from '../../../src/clouds/ucloud/eip-bandwidth-usage';
import { CloudCredentialsError, CloudServiceError, CredentialsError, InputError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { FAKE_CREDENTIALS } from '../../../src/testing/default-data';
import { FAST_RETRY, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

const tempHome = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-'));

/** Every UCloud variable unset, so only what a test sets counts. */
const NO_UCLOUD_ENV = {
  UCLOUD_REGION: undefined,
  UCLOUD_PROJECT_ID: undefined,
  UCLOUD_PROFILE: undefined,
  UCLOUD_SHARED_CONFIG_FILE: undefined,
  UCLOUD_SHARED_CREDENTIAL_FILE: undefined,
};

// The bundled data (src/testing/default-data.ts): 12 EIPs in cn-bj2 of the default project,
// peak 95.125 Mbps on eip-bj2fk010; their sum, worked out outside this code, is 270.2955951690674.
const TOTAL_BJ2 = 270.2955951690674;

describe('EipBandwidthUsage', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), ...NO_UCLOUD_ENV, HOME: tempHome() }));

  const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');

  it('holds plain numbers right after construction', () => {
    const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' });
    expect(bw.totalCount).toBe(12);
    expect(bw.eips).toHaveLength(12);
    expect(bw.eips[0]).toEqual({ eipId: 'eip-bj2fk001', curBandwidthMbps: 0.0000629425048828125 });
    expect(bw.maxMbps).toBe(95.125);
    expect(bw.totalMbps).toBeCloseTo(TOTAL_BJ2, 9);
    expect(typeof bw.totalMbps).toBe('number');
    expect(bw.byId('eip-bj2fk010')).toEqual({ eipId: 'eip-bj2fk010', curBandwidthMbps: 95.125 });
    expect(bw.byId('eip-nope')).toBeUndefined();
    expect(bw.missingIds).toEqual([]);
    expect(bw.lookupError).toBeUndefined();
    expect(Date.parse(bw.fetchedAt)).not.toBeNaN();
  });

  it('reports only the EIPs asked for, and names the ones UCloud did not report', async () => {
    const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', eipIds: ['eip-bj2fk003', 'eip-bj2fk010', 'eip-gone'] });
    expect(bw.eips).toEqual([
      { eipId: 'eip-bj2fk003', curBandwidthMbps: 3.75 },
      { eipId: 'eip-bj2fk010', curBandwidthMbps: 95.125 },
    ]);
    expect(bw.totalMbps).toBe(98.875);
    expect(bw.missingIds).toEqual(['eip-gone']);
    const [req] = await cloud().requests('ucloud');
    expect(req.params).toMatchObject({ 'EIPIds.0': 'eip-bj2fk003', 'EIPIds.1': 'eip-bj2fk010', 'EIPIds.2': 'eip-gone' });
  });

  it('shows what it saw in the synthesized JSON, and no key', () => {
    const s = stack();
    new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2' });
    const json = Testing.synth(s, true);
    const out = JSON.parse(json).variable.headroom_bw;
    expect(out.description).toBe('UCloud DescribeBandwidthUsage in cn-bj2, as seen at synth');
    expect(out.default).toMatchObject({
      query: { region: 'cn-bj2', projectId: null, eipIds: [], beginTime: null, endTime: null },
      totalCount: 12,
      maxMbps: 95.125,
      busiestEipId: 'eip-bj2fk010',
      missingIds: [],
    });
    expect(out.default.totalMbps).toBeCloseTo(TOTAL_BJ2, 9);
    expect(Date.parse(out.default.fetchedAt)).not.toBeNaN();
    expect(json).not.toContain(FAKE_CREDENTIALS.ucloud.privateKey);
    expect(json).not.toContain(FAKE_CREDENTIALS.ucloud.publicKey);
  });

  it('costs one request for two constructs with the same query, even in two stacks and with ids in another order', async () => {
    const app = Testing.app();
    const a = new EipBandwidthUsage(new TerraformStack(app, 'a'), 'bw', { region: 'cn-bj2', eipIds: ['eip-bj2fk001', 'eip-bj2fk002'] });
    const b = new EipBandwidthUsage(new TerraformStack(app, 'b'), 'bw', { region: 'cn-bj2', eipIds: ['eip-bj2fk002', 'eip-bj2fk001', 'eip-bj2fk002'] });
    expect(a.totalMbps).toBe(b.totalMbps);
    expect(b.eipIds).toEqual(['eip-bj2fk002', 'eip-bj2fk001']);
    expect(await cloud().requests('ucloud')).toHaveLength(1);
    expect(LookupEngine.of(app).stats).toEqual({ registered: 2, distinct: 1, batches: 1 });
  });

  it('reads every page of a small page size, in the same batch as the other lookups', async () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    const paged = new EipBandwidthUsage(s, 'paged', { region: 'cn-bj2', pageSize: 5 });
    const sh2 = new EipBandwidthUsage(s, 'sh2', { region: 'cn-sh2' });
    expect(await cloud().requests('ucloud')).toHaveLength(0); // nothing sent before a read
    expect(paged.totalCount).toBe(12);
    expect(await cloud().requests('ucloud')).toHaveLength(3 + 1);
    expect(sh2.totalCount).toBe(3);
    expect(LookupEngine.of(app).stats.batches).toBe(1);
  });

  it('queries a project and a time window given as Dates, sent as Unix seconds', async () => {
    const bw = new EipBandwidthUsage(stack(), 'bw', {
      region: 'cn-bj2',
      projectId: 'org-fakesub',
      beginTime: new Date('2024-01-01T00:00:00.999Z'),
      endTime: 1704067500,
    });
    expect(bw.eips.map((e) => e.eipId)).toEqual(['eip-subfk001', 'eip-subfk002']);
    expect(bw.projectId).toBe('org-fakesub');
    const [req] = await cloud().requests('ucloud');
    expect(req.params).toMatchObject({ ProjectId: 'org-fakesub', BeginTime: '1704067200', EndTime: '1704067500' });
  });

  it('retries a throttled and a failing cloud during synth', async () => {
    await cloud().inject({ cloud: 'ucloud', throttle: 1, serverError: 1 });
    const bw = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', transport: FAST_RETRY });
    expect(bw.totalCount).toBe(12);
    expect((await cloud().requests('ucloud')).map((r) => r.status)).toEqual([200, 502, 200]);
  });

  it('throws the typed cloud error, with the construct path, on every read of a failed lookup and at synth', () => {
    const s = stack();
    const bw = new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2', projectId: 'org-missing' });
    const err = thrownBy(() => bw.eips);
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toMatch(/^stack\/bw: lookup ucloud:DescribeBandwidthUsage failed: UCloud DescribeBandwidthUsage failed with RetCode 292/);
    expect(err.message).toContain('project "org-missing" does not exist');
    expect(err.cloudCode).toBe('292');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bw.lookupError).toBeInstanceOf(CloudServiceError);
    expect(() => bw.maxMbps).toThrow('org-missing');
    // Synth fails through a validation (listed with any gate violations); without
    // validations the output shows the error, never a value.
    expect(() => Testing.synth(s, true)).toThrow(/Validation failed[\s\S]*org-missing/);
    expect(JSON.parse(Testing.synth(s)).variable.headroom_bw.default).toEqual({
      error: { code: 'HEADROOM_CLOUD', message: expect.stringContaining('org-missing') },
    });
  });

  it('fails closed on a bad signature: a credentials error, not retried', async () => {
    const bw = new EipBandwidthUsage(stack(), 'bw', {
      region: 'cn-bj2',
      credentials: { publicKey: FAKE_CREDENTIALS.ucloud.publicKey, privateKey: 'wrong-private-key' },
      transport: FAST_RETRY,
    });
    const err = bw.lookupError as CloudCredentialsError;
    expect(err).toBeInstanceOf(CloudCredentialsError);
    expect(err.code).toBe('HEADROOM_CREDENTIALS');
    expect(err.cloudCode).toBe('171');
    expect(err.message).not.toContain('wrong-private-key');
    expect(await cloud().requests('ucloud')).toHaveLength(1);
  });

  describe('rejects bad props at construction, before any request', () => {
    const regionHelp = 'a UCloud region such as "cn-bj2" (lower-case letters, digits and "-")';
    const idHelp = 'an EIP id such as "eip-abc" (a non-empty string without spaces)';
    const timeHelp = 'a Date or Unix seconds (a non-negative integer)';
    const cases: Array<[string, object, string]> = [
      ['an empty region', { region: '' }, `stack/bw: region must be ${regionHelp}; got "". See https://docs.ucloud.cn/api/summary/regionlist.`],
      [
        'an upper-case region',
        { region: 'CN-BJ2' },
        `stack/bw: region must be ${regionHelp}; got "CN-BJ2". See https://docs.ucloud.cn/api/summary/regionlist.`,
      ],
      ['a region that is not a string', { region: 2 }, `stack/bw: region must be ${regionHelp}; got 2. See https://docs.ucloud.cn/api/summary/regionlist.`],
      [
        'an empty projectId',
        { projectId: '' },
        'stack/bw: projectId must be a UCloud project id such as "org-abc123" (no spaces); got "". Leave it out to use the default project.',
      ],
      [
        'eipIds that is not an array',
        { eipIds: 'eip-abc' },
        'stack/bw: eipIds must be an array of EIP ids such as ["eip-abc"]; got "eip-abc". Leave it out for every EIP in the region.',
      ],
      ['an empty eip id', { eipIds: ['eip-a', ''] }, `stack/bw: eipIds[1] must be ${idHelp}; got "".`],
      ['a blank eip id', { eipIds: ['  '] }, `stack/bw: eipIds[0] must be ${idHelp}; got "  ".`],
      ['an eip id that is not a string', { eipIds: ['eip-a', 7] }, `stack/bw: eipIds[1] must be ${idHelp}; got 7.`],
      ['a null eip id', { eipIds: [null] }, `stack/bw: eipIds[0] must be ${idHelp}; got null.`],
      [
        'beginTime after endTime (seconds)',
        { beginTime: 1700000300, endTime: 1700000000 },
        'stack/bw: beginTime must be at or before endTime (1700000000); got 1700000300. Swap them, or fix the window.',
      ],
      [
        'beginTime after endTime (Dates)',
        { beginTime: new Date('2024-01-02T00:00:00Z'), endTime: new Date('2024-01-01T00:00:00Z') },
        'stack/bw: beginTime must be at or before endTime (2024-01-01T00:00:00.000Z, 1704067200 s); got "2024-01-02T00:00:00.000Z". Swap them, or fix the window.',
      ],
      ['a negative beginTime', { beginTime: -1 }, `stack/bw: beginTime must be ${timeHelp}; got -1.`],
      ['a fractional endTime', { endTime: 1700000000.5 }, `stack/bw: endTime must be ${timeHelp}; got 1700000000.5.`],
      [
        'an endTime in milliseconds',
        { endTime: 1700000000000 },
        'stack/bw: endTime must be Unix seconds (at most 253402300799); got 1700000000000. This looks like milliseconds: divide by 1000, or pass a Date.',
      ],
      ['an invalid Date', { beginTime: new Date('not a date') }, 'stack/bw: beginTime must be a valid Date or Unix seconds; got "Invalid Date".'],
      ['a time as a string', { beginTime: '2024-01-01' }, `stack/bw: beginTime must be ${timeHelp}; got "2024-01-01".`],
      ['a zero page size', { pageSize: 0 }, 'stack/bw: pageSize must be an integer from 1 to 10000000; got 0.'],
      ['a negative page size', { pageSize: -5 }, 'stack/bw: pageSize must be an integer from 1 to 10000000; got -5.'],
      ['a fractional page size', { pageSize: 2.5 }, 'stack/bw: pageSize must be an integer from 1 to 10000000; got 2.5.'],
      ['a page size over the API range', { pageSize: 10_000_001 }, 'stack/bw: pageSize must be an integer from 1 to 10000000; got 10000001.'],
      ['a page size as a string', { pageSize: '100' }, 'stack/bw: pageSize must be an integer from 1 to 10000000; got "100".'],
      [
        'an endpoint that is not a URL',
        { endpoint: 'api.ucloud.cn' },
        'stack/bw: endpoint must be an http(s) URL such as https://api.example.com/; got "api.ucloud.cn".',
      ],
      [
        'an endpoint with another scheme',
        { endpoint: 'ftp://api.ucloud.cn/' },
        'stack/bw: endpoint must be an http(s) URL (http: or https:); got "ftp://api.ucloud.cn/".',
      ],
    ];
    it.each(cases)('%s', async (_name, override, message) => {
      const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', ...override }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.code).toBe('HEADROOM_INPUT');
      expect(err.message).toBe(message);
      expect(await cloud().requests()).toHaveLength(0);
    });
  });

  describe('without a region', () => {
    it('fails at construction saying where a region can be set', async () => {
      const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw'));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        'stack/bw: region must be a UCloud region such as "cn-bj2"; got undefined. ' +
          'Set the region prop, or UCLOUD_REGION, or `region` in the UCloud CLI profile (~/.ucloud/config.json).',
      );
      expect(await cloud().requests()).toHaveLength(0);
    });
  });

  describe('with UCLOUD_REGION and UCLOUD_PROJECT_ID set', () => {
    useEnv({ UCLOUD_REGION: 'cn-bj2', UCLOUD_PROJECT_ID: 'org-fakesub' });
    it('takes region and project from the environment; props still win', () => {
      const fromEnv = new EipBandwidthUsage(stack(), 'bw');
      expect(fromEnv.region).toBe('cn-bj2');
      expect(fromEnv.totalCount).toBe(2);
      const fromProps = new EipBandwidthUsage(stack(), 'bw', { region: 'cn-sh2', projectId: 'org-fakedef' });
      expect(fromProps.totalCount).toBe(3);
    });
  });

  describe('with an endpoint in the environment that is not a URL', () => {
    useEnv({ UCLOUD_API_BASE_URL: 'api.ucloud.cn' });
    it('names the variable', () => {
      const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' }));
      expect(err.message).toBe(
        'stack/bw: endpoint (from UCLOUD_API_BASE_URL or the UCloud CLI profile) must be an http(s) URL such as https://api.example.com/; got "api.ucloud.cn".',
      );
    });
  });

  describe('without credentials', () => {
    useEnv({ UCLOUD_PUBLIC_KEY: undefined, UCLOUD_PRIVATE_KEY: undefined });
    it('fails at construction naming the construct and every place looked', () => {
      const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' }));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toContain('stack/bw: No UCloud credentials found. Looked in:\n  1. the credentials prop\n');
      expect(err.message).toContain('2. environment variables UCLOUD_PUBLIC_KEY and UCLOUD_PRIVATE_KEY');
      expect(err.message).toContain('3. the UCloud CLI files ~/.ucloud/config.json and ~/.ucloud/credential.json');
    });
    it('takes credentials from props', () => {
      expect(new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', credentials: FAKE_CREDENTIALS.ucloud }).totalCount).toBe(12);
    });
  });

  describe('with keys, region and endpoint only in the UCloud CLI files', () => {
    useEnv(() => {
      const home = tempHome();
      fs.mkdirSync(path.join(home, '.ucloud'));
      fs.writeFileSync(
        path.join(home, '.ucloud', 'config.json'),
        JSON.stringify([
          { profile: 'default', active: true, region: 'hk', base_url: 'http://127.0.0.1:9/' },
          { profile: 'fake', active: false, region: 'cn-sh2', project_id: 'org-fakedef', base_url: cloud().endpoints.ucloud },
        ]),
      );
      fs.writeFileSync(
        path.join(home, '.ucloud', 'credential.json'),
        JSON.stringify([
          { profile: 'default', public_key: 'not-this-one', private_key: 'nor-this' },
          { profile: 'fake', public_key: FAKE_CREDENTIALS.ucloud.publicKey, private_key: FAKE_CREDENTIALS.ucloud.privateKey },
        ]),
      );
      return { HOME: home, UCLOUD_PROFILE: 'fake', UCLOUD_PUBLIC_KEY: undefined, UCLOUD_PRIVATE_KEY: undefined, UCLOUD_API_BASE_URL: undefined };
    });
    it('uses the profile UCLOUD_PROFILE names', async () => {
      const bw = new EipBandwidthUsage(stack(), 'bw');
      expect(bw.region).toBe('cn-sh2');
      expect(bw.projectId).toBe('org-fakedef');
      expect(bw.totalCount).toBe(3);
      expect((await cloud().requests('ucloud'))[0].params).toMatchObject({ Region: 'cn-sh2', ProjectId: 'org-fakedef' });
    });
  });
});
