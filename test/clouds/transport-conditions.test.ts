// The lookup constructs under real-world conditions (issue #11): throttling at scale,
// deadlines from an app-wide setting, option and credential checks at construction,
// secrets that never print, plain http refused, request ids on every error. Through the
// fake cloud, and small loopback servers for answers it does not give.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { TerraformStack, Testing } from 'cdktf';
import { QuotaDetail } from '../../src/clouds/huaweicloud/quota-detail';
import { HuaweiCloudHssClient } from '../../src/clouds/huaweicloud/client';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { ProjectResourceStat } from '../../src/clouds/qingcloud/project-resource-stat';
import { UCloudClient } from '../../src/clouds/ucloud/client';
import { EipBandwidthUsage } from '../../src/clouds/ucloud/eip-bandwidth-usage';
import { CloudServiceError, CredentialsError, InputError, serializeError } from '../../src/core/errors';
import { FAKE_CREDENTIALS, FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { useEnv, useFakeCloud } from '../_helpers/fake-cloud';
import { rejectionOf, thrownBy } from '../_helpers/rejection';

const tempHome = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-home-'));
const stack = (): TerraformStack => new TerraformStack(Testing.app(), 'stack');
const BJ2 = Array.from({ length: 12 }, (_, i) => `eip-bj2fk${String(i + 1).padStart(3, '0')}`);

/** A loopback server answering every request with `answer(req)`. */
async function serve(
  answer: (req: http.IncomingMessage) => { status: number; headers?: Record<string, string>; body: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const a = answer(req);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('lookups against a throttling, slow or hostile cloud', () => {
  const cloud = useFakeCloud();
  useEnv(() => ({
    ...cloud().env(),
    HOME: tempHome(),
    UCLOUD_REGION: undefined,
    UCLOUD_PROJECT_ID: undefined,
    QINGCLOUD_ZONE: undefined,
    HEADROOM_LOOKUP_DEADLINE: undefined,
    HEADROOM_MAX_CONCURRENCY: undefined,
    HEADROOM_INSECURE_ALLOW_PLAIN_HTTP: undefined,
    HEADROOM_LOOKUP_RECORD_FILE: path.join(tempHome(), 'cdktf.lookups.json'),
  }));

  it('answers 60 lookups of 3 pages each against a cloud that throttles above 5 requests in flight, none failing', async () => {
    await cloud().inject({ cloud: 'ucloud', maxInFlight: 5, latencyMs: 10 });
    const s = stack();
    const lookups = Array.from({ length: 60 }, (_, i) => {
      const ids = [BJ2[i % 12], BJ2[(i + 1 + Math.floor(i / 12)) % 12], BJ2[(i + 5 + Math.floor(i / 12)) % 12]];
      return new EipBandwidthUsage(s, `bw${i}`, {
        region: 'cn-bj2',
        eipIds: [...new Set(ids)],
        pageSize: 1,
        transport: { retry: { baseDelayMs: 5, maxDelayMs: 50 } },
      });
    });
    expect(lookups.map((l) => l.lookupError?.message).filter(Boolean)).toEqual([]);
    expect(lookups.every((l) => l.eips.length >= 2)).toBe(true);
    const log = await cloud().requests('ucloud');
    const throttled = log.filter((r) => r.status === 200 && r.params.Action === 'DescribeBandwidthUsage').length;
    expect(throttled).toBeGreaterThan(0);
    // The fake cloud logs every answer; the throttled ones are RetCode 153 at HTTP 200, so count by total.
    const pagesNeeded = lookups.reduce((n, l) => n + l.eips.length, 0);
    expect(log.length).toBeGreaterThanOrEqual(pagesNeeded);
    // Without the adaptive limit, 60 first pages go at once: 55 are throttled in the first round alone.
    expect(log.length - pagesNeeded).toBeLessThan(pagesNeeded);
  });

  it('ends lookups at the app-wide deadline (HEADROOM_LOOKUP_DEADLINE) when the cloud never answers in time', async () => {
    await cloud().inject({ latencyMs: 5000 });
    process.env.HEADROOM_LOOKUP_DEADLINE = '400ms';
    try {
      const s = stack();
      const started = Date.now();
      const usage = new ProjectResourceStat(s, 'usage', FAKE_QINGCLOUD_PROJECT);
      const bw = new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2' });
      const err = usage.lookupError as Error & { code?: string };
      expect(err?.message).toContain("the lookup's deadline of 400 ms passed");
      expect(err.code).toBe('HEADROOM_TIMEOUT');
      expect((bw.lookupError as { code?: string }).code).toBe('HEADROOM_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      delete process.env.HEADROOM_LOOKUP_DEADLINE;
    }
  });

  it('refuses an app-wide setting that is not allowed, at construction', () => {
    process.env.HEADROOM_MAX_CONCURRENCY = 'lots';
    try {
      const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2' }));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('environment variable HEADROOM_MAX_CONCURRENCY must be a whole number of requests from 1 to 1024; got "lots"');
    } finally {
      delete process.env.HEADROOM_MAX_CONCURRENCY;
    }
  });

  it('checks transport options at construction, naming the construct and the allowed range', () => {
    const err = thrownBy(
      () => new ProjectResourceStat(stack(), 'usage', { ...FAKE_QINGCLOUD_PROJECT, transport: { retry: { maxAttempts: NaN, baseDelayMs: NaN } } }),
    );
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe('stack/usage: transport: retry.maxAttempts must be a whole number of attempts (the first included) from 1 to 20; got NaN.');
    const t = thrownBy(() => new QuotaDetail(stack(), 'hss', { transport: { timeoutMs: -1 } }));
    expect(t.message).toContain('stack/hss: transport: timeoutMs must be a whole number of milliseconds from 1 to 600000; got -1');
  });

  it('refuses plain http to a cloud at construction, unless the user opts in by name', () => {
    const err = thrownBy(() => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', endpoint: 'http://api.ucloud.cn/' }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('stack/bw: endpoint http://api.ucloud.cn/ is plain http');
    expect(err.message).toContain('insecureAllowPlainHttp: true');
    expect(
      () =>
        new EipBandwidthUsage(stack(), 'bw', {
          region: 'cn-bj2',
          endpoint: 'http://api.ucloud.cn/',
          transport: { insecureAllowPlainHttp: true },
          lookupMode: 'offline',
        }),
    ).not.toThrow();
    expect(
      () => new EipBandwidthUsage(stack(), 'bw', { region: 'cn-bj2', endpoint: 'http://api.ucloud.cn/', transport: { insecureAllowPlainHttp: true } }),
    ).not.toThrow();
    expect(thrownBy(() => new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: 'http://api.ucloud.cn/' }))).toBeInstanceOf(InputError);
  });

  it('refuses a credentials prop of the wrong type without echoing it', () => {
    const err = thrownBy(
      () =>
        new ProjectResourceStat(stack(), 'usage', {
          ...FAKE_QINGCLOUD_PROJECT,
          credentials: { accessKeyId: 'QYACCESSKEYID', secretAccessKey: 987654321 as never },
        }),
    );
    expect(err instanceof CredentialsError || err instanceof InputError).toBe(true);
    expect(err.message).toMatch(/secretAccessKey: \(a number, not shown\)|secretAccessKey must be a string; got a number \(its value is not shown\)/);
    expect(err.message).not.toContain('987654321');
    const hss = thrownBy(() => new QuotaDetail(stack(), 'hss', { credentials: { accessKey: 'AK', secretKey: 55555555 as never } }));
    expect(hss.message).not.toContain('55555555');
  });

  it('never shows a secret when clients and constructs are printed or serialized', () => {
    const { qingcloud, ucloud, huaweicloud } = FAKE_CREDENTIALS;
    const secrets = [qingcloud.secretAccessKey, ucloud.privateKey, huaweicloud.secretKey];
    const clients = [
      new QingCloudClient({ credentials: qingcloud, endpoint: cloud().endpoints.qingcloud }),
      new UCloudClient({ credentials: ucloud, endpoint: cloud().endpoints.ucloud }),
      new HuaweiCloudHssClient({ credentials: huaweicloud, projectId: 'p', endpoint: cloud().endpoints.huaweicloud }),
    ];
    const s = stack();
    const constructs = [
      new ProjectResourceStat(s, 'usage', { ...FAKE_QINGCLOUD_PROJECT, credentials: qingcloud }),
      new EipBandwidthUsage(s, 'bw', { region: 'cn-bj2', credentials: ucloud }),
    ];
    for (const x of [...clients, ...constructs]) {
      const shown = [inspect(x, { depth: 12, showHidden: true }), inspect(x), String(x)];
      try {
        shown.push(JSON.stringify(x));
      } catch {
        // constructs are circular: JSON.stringify refuses them, which shows nothing either
      }
      for (const text of shown) for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it("redacts the key id, the signature and the Authorization header a cloud's message echoes, before the error or a report", async () => {
    const server = await serve((req) => ({
      status: 401,
      headers: { 'x-request-id': 'hss-401' },
      body: JSON.stringify({
        error_code: 'APIGW.0301',
        error_msg: `Incorrect IAM authentication information: Authorization: ${req.headers.authorization}`,
        request_id: 'hss-401',
      }),
    }));
    try {
      const { huaweicloud } = FAKE_CREDENTIALS;
      const client = new HuaweiCloudHssClient({ credentials: huaweicloud, projectId: 'p', endpoint: server.url.replace(/\/$/, '') });
      const err = await rejectionOf(client.listQuotasDetail());
      expect(err.requestId).toBe('hss-401');
      const everything = JSON.stringify({ message: err.message, cloudMessage: err.cloudMessage, serialized: serializeError(err) });
      expect(everything).toContain('Authorization: ***');
      expect(everything).not.toContain(huaweicloud.accessKey);
      expect(everything).not.toContain('Signature=');
    } finally {
      await server.close();
    }
  });

  it('puts the request id on QingCloud errors (header or body), and on malformed answers', async () => {
    let n = 0;
    const server = await serve(() => {
      n++;
      if (n === 1) return { status: 200, headers: { 'x-request-id': 'qc-hdr-1' }, body: JSON.stringify({ ret_code: 1400, message: 'PermissionDenied' }) };
      if (n === 2) return { status: 200, body: JSON.stringify({ ret_code: 1400, message: 'PermissionDenied', request_id: 'qc-body-2' }) };
      return {
        status: 200,
        headers: { 'x-request-id': 'qc-hdr-3' },
        body: JSON.stringify({ ret_code: 0, total_count: 1, data: [{ resource_group_id: 'rg-1', instance_count: 'many' }] }),
      };
    });
    try {
      const client = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: `${server.url}iaas/` });
      const q = { consoleId: 'c', projectId: 'p', owner: 'o' };
      const first = await rejectionOf(client.getProjectResourceStat(q));
      expect(first).toBeInstanceOf(CloudServiceError);
      expect(first.requestId).toBe('qc-hdr-1');
      expect(first.message).toContain('request id qc-hdr-1');
      expect((await rejectionOf(client.getProjectResourceStat(q))).requestId).toBe('qc-body-2');
      const malformed = await rejectionOf(client.getProjectResourceStat(q));
      expect(malformed.message).toContain('malformed answer');
      expect(malformed.requestId).toBe('qc-hdr-3');
    } finally {
      await server.close();
    }
  });

  it('puts the request id on a UCloud malformed answer', async () => {
    const server = await serve(() => ({
      status: 200,
      headers: { 'x-ucloud-request-uuid': 'uc-42' },
      body: JSON.stringify({ RetCode: 0, TotalCount: 1, EIPSet: 'nope' }),
    }));
    try {
      const client = new UCloudClient({ credentials: FAKE_CREDENTIALS.ucloud, endpoint: server.url, region: 'cn-bj2' });
      const err = await rejectionOf(client.describeBandwidthUsage());
      expect(err.message).toContain('malformed answer');
      expect(err.message).toContain('request id uc-42');
      expect(err.requestId).toBe('uc-42');
    } finally {
      await server.close();
    }
  });
});
