import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { ProjectResourceStat } from '../../../src/clouds/qingcloud/project-resource-stat';
import { CloudServiceError, CredentialsError, InputError } from '../../../src/core/errors';
import { LookupEngine } from '../../../src/lookups/batch/engine';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../../src/testing/default-data';
import { FAST_RETRY, useEnv, useFakeCloud } from '../../_helpers/fake-cloud';
import { thrownBy } from '../../_helpers/rejection';

const PROJECT = FAKE_QINGCLOUD_PROJECT;

describe('ProjectResourceStat', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({ ...cloud().env(), QINGCLOUD_ZONE: undefined, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-')) }));

  const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');

  it('holds plain numbers right after construction', () => {
    const stat = new ProjectResourceStat(stack(), 'usage', PROJECT);
    // The bundled data: 7 resource groups of 10, 8, 7, 6, 5, 4 and 2 instances.
    expect(stat.totalCount).toBe(7);
    expect(stat.totals.instanceCount).toBe(42);
    expect(typeof stat.totals.instanceCount).toBe('number');
    expect(stat.rows).toHaveLength(7);
    expect(stat.rows[0]).toMatchObject({ resourceGroupId: 'rg-00000001', instanceCount: 10, duration: 'daily' });
    expect(Date.parse(stat.fetchedAt)).not.toBeNaN();
  });

  it('shows what it saw in the synthesized JSON, and no secret', () => {
    const s = stack();
    new ProjectResourceStat(s, 'usage', PROJECT);
    const json = Testing.synth(s, true);
    const out = JSON.parse(json).variable.headroom_usage;
    expect(out.default.query).toEqual({ consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8', zone: null });
    expect(out.default.totalCount).toBe(7);
    expect(out.default.totals.instanceCount).toBe(42);
    expect(out.default.totals.vcpusCount).toBe(84);
    expect(json).not.toContain(FAKE_CREDENTIALS.qingcloud.secretAccessKey);
    expect(json).not.toContain(FAKE_CREDENTIALS.qingcloud.accessKeyId);
  });

  it('costs one request for two constructs with the same query, even in two stacks', async () => {
    const app = Testing.app();
    const a = new ProjectResourceStat(new TerraformStack(app, 'a'), 'usage', PROJECT);
    const b = new ProjectResourceStat(new TerraformStack(app, 'b'), 'usage', PROJECT);
    expect(a.totals.instanceCount).toBe(b.totals.instanceCount);
    expect(await cloud().requests('qingcloud')).toHaveLength(1);
    expect(LookupEngine.of(app).stats).toEqual({ registered: 2, distinct: 1, batches: 1 });
  });

  it('resolves every pending lookup of the app in one batch on the first read', async () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 's');
    const small = new ProjectResourceStat(s, 'small-pages', { ...PROJECT, pageSize: 3 });
    const zoned = new ProjectResourceStat(s, 'zoned', { ...PROJECT, zone: 'pek3a' });
    expect(await cloud().requests('qingcloud')).toHaveLength(0); // nothing sent before a read
    expect(small.totalCount).toBe(7);
    expect((await cloud().requests('qingcloud')).length).toBe(3 + 1); // both lookups answered by that one read
    expect(zoned.totals.instanceCount).toBe(42);
    expect(LookupEngine.of(app).stats.batches).toBe(1);
    expect((await cloud().requests('qingcloud')).some((r) => r.params.zone === 'pek3a')).toBe(true);
  });

  it('retries a busy cloud during synth', async () => {
    await cloud().inject({ throttle: 1, cloud: 'qingcloud' });
    const stat = new ProjectResourceStat(stack(), 'usage', { ...PROJECT, transport: FAST_RETRY });
    expect(stat.totals.instanceCount).toBe(42);
    expect((await cloud().requests('qingcloud')).map((r) => r.status)).toEqual([200, 200]);
  });

  it('throws the typed cloud error, with the construct path, on every read of a failed lookup and at synth', () => {
    const s = stack();
    const stat = new ProjectResourceStat(s, 'usage', { ...PROJECT, projectId: 'pj-missing' });
    const err = thrownBy(() => stat.totals);
    expect(err).toBeInstanceOf(CloudServiceError);
    expect(err.message).toMatch(/^stack\/usage: lookup qingcloud:GetProjectResourceStat failed: QingCloud GetProjectResourceStat failed with ret_code 2100/);
    expect(err.cloudCode).toBe('2100');
    expect(stat.lookupError).toBeInstanceOf(CloudServiceError);
    // Synth fails through a validation (listed with any gate violations); without
    // validations the output shows the error, never a value.
    expect(() => Testing.synth(s, true)).toThrow(/Validation failed[\s\S]*pj-missing/);
    expect(JSON.parse(Testing.synth(s)).variable.headroom_usage.default).toEqual({
      error: { code: 'HEADROOM_CLOUD', message: expect.stringContaining('pj-missing') },
    });
  });

  describe('rejects bad props at construction, before any request', () => {
    const cases: Array<[string, object, string]> = [
      ['an empty consoleId', { consoleId: '' }, 'stack/usage: consoleId must be a non-empty string; got "".'],
      ['a blank projectId', { projectId: '  ' }, 'stack/usage: projectId must be a non-empty string; got "  ".'],
      ['a missing owner', { owner: undefined }, 'stack/usage: owner must be a non-empty string; got undefined.'],
      ['a zero page size', { pageSize: 0 }, 'stack/usage: pageSize must be an integer from 1 to 1000; got 0.'],
      ['a negative page size', { pageSize: -5 }, 'stack/usage: pageSize must be an integer from 1 to 1000; got -5.'],
      ['a fractional page size', { pageSize: 2.5 }, 'stack/usage: pageSize must be an integer from 1 to 1000; got 2.5.'],
      [
        'an endpoint that is not a URL',
        { endpoint: 'api.qingcloud.com/iaas' },
        'stack/usage: endpoint must be an http(s) URL such as https://api.example.com/; got "api.qingcloud.com/iaas".',
      ],
      [
        'an endpoint with another scheme',
        { endpoint: 'ftp://api.qingcloud.com/' },
        'stack/usage: endpoint must be an http(s) URL (http: or https:); got "ftp://api.qingcloud.com/".',
      ],
      ['an empty zone', { zone: '' }, 'stack/usage: zone must be a non-empty string; got "".'],
    ];
    it.each(cases)('%s', async (_name, override, message) => {
      const err = thrownBy(() => new ProjectResourceStat(stack(), 'usage', { ...PROJECT, ...override }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.code).toBe('HEADROOM_INPUT');
      expect(err.message).toBe(message);
      expect(await cloud().requests()).toHaveLength(0);
    });
  });

  describe('without credentials', () => {
    useEnv({ QINGCLOUD_ACCESS_KEY: undefined, QINGCLOUD_SECRET_KEY: undefined });
    it('fails at construction naming the construct and every place looked', () => {
      const err = thrownBy(() => new ProjectResourceStat(stack(), 'usage', PROJECT));
      expect(err).toBeInstanceOf(CredentialsError);
      expect(err.message).toContain('stack/usage: No QingCloud credentials found. Looked in:');
      expect(err.message).toContain('QINGCLOUD_ACCESS_KEY');
      expect(err.message).toContain('~/.qingcloud/config.yaml');
    });
    it('takes credentials from props', () => {
      const stat = new ProjectResourceStat(stack(), 'usage', { ...PROJECT, credentials: FAKE_CREDENTIALS.qingcloud });
      expect(stat.totalCount).toBe(7);
    });
  });
});
