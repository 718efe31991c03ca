// Proxies from the environment (issue #11): HTTPS_PROXY/HTTP_PROXY/NO_PROXY and their
// lower-case forms, https tunnelled with CONNECT. The cloud is the fake cloud serving https
// with a certificate made here for a name that does not resolve (api.qingcloud.test), so
// a request can only reach it through the proxy, a CONNECT proxy on 127.0.0.1 that counts
// its tunnels; the client runs in a child process that trusts the certificate
// (NODE_EXTRA_CA_CERTS), as a user behind a company proxy runs it.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { proxyFor } from '../../src/core/proxy';
import { FakeCloud, serveFakeCloud } from '../../src/testing/fake-cloud';
import { FAKE_QINGCLOUD_PROJECT } from '../../src/testing/default-data';
import { skippedName } from '../_helpers/tools';

const HOST = 'api.qingcloud.test';

function makeCert(dir: string): { key: string; cert: string; certFile: string } | undefined {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        `/CN=${HOST}`,
        '-addext',
        `subjectAltName=DNS:${HOST}`,
      ],
      { stdio: 'ignore' },
    );
  } catch {
    return undefined;
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}

interface Proxy {
  readonly url: string;
  /** CONNECT requests accepted, by target. */
  readonly tunnels: string[];
  /** Proxy-Authorization headers seen. */
  readonly auth: Array<string | undefined>;
  close(): Promise<void>;
}

/** A CONNECT proxy that sends every tunnel to `port` on 127.0.0.1; with `password`, it asks for Basic auth. */
async function startConnectProxy(port: number, password?: string): Promise<Proxy> {
  const tunnels: string[] = [];
  const auth: Array<string | undefined> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    auth.push(req.headers['proxy-authorization']);
    if (password && req.headers['proxy-authorization'] !== `Basic ${Buffer.from(`user:${password}`).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    tunnels.push(req.url ?? '');
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    tunnels,
    auth,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Runs three QingCloud lookups with the library in a child process; returns its JSON line or error. */
async function runClient(env: Record<string, string | undefined>, certFile: string, port: number): Promise<{ ok: boolean; out: string }> {
  const script = `
    const { QingCloudClient } = require(${JSON.stringify(path.resolve(__dirname, '../../lib/clouds/qingcloud/client'))});
    const { FAKE_CREDENTIALS } = require(${JSON.stringify(path.resolve(__dirname, '../../lib/testing/default-data'))});
    const client = new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint: 'https://${HOST}:${port}/iaas/', retry: { maxAttempts: 1 } });
    Promise.all([1, 2, 3].map(() => client.getProjectResourceStat(${JSON.stringify(FAKE_QINGCLOUD_PROJECT)})))
      .then((r) => console.log(JSON.stringify({ ok: true, total: r[0].totalCount })), (e) => console.log(JSON.stringify({ ok: false, message: e.message })));
  `;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_proxy$/i.test(k)));
  // Not spawnSync: the fake cloud and the proxy answer from this thread.
  const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { env: { ...clean, NODE_EXTRA_CA_CERTS: certFile, ...env } as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('close', () => resolve({ stdout, stderr }));
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as { ok: boolean; message?: string };
    return { ok: parsed.ok, out: parsed.ok ? line : (parsed.message ?? '') };
  } catch {
    return { ok: false, out: `${r.stdout}${r.stderr}` };
  }
}

describe('proxies from the environment, through a CONNECT proxy that counts tunnels', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-proxy-'));
  const tls = makeCert(dir);
  let cloud: FakeCloud | undefined;
  let proxy: Proxy | undefined;

  if (!tls) {
    if (process.env.HEADROOM_REQUIRE_TOOLS === '1') {
      it('needs openssl to make a certificate', () => {
        throw new Error('openssl is not on the PATH, and HEADROOM_REQUIRE_TOOLS=1');
      });
    } else {
      console.warn('SKIPPED: the proxy tests need openssl to make a test certificate; it is not on the PATH.');
      it.skip(skippedName('needs openssl', 'openssl is not on the PATH (the proxy tests need it for a test certificate)'), () => undefined);
    }
    return;
  }

  beforeAll(async () => {
    cloud = await serveFakeCloud({ tls: { key: tls.key, cert: tls.cert } });
  });
  afterAll(async () => {
    await cloud?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('tunnels https through HTTPS_PROXY: the only way to a host that does not resolve', async () => {
    proxy = await startConnectProxy(cloud!.port);
    const r = await runClient({ HTTPS_PROXY: proxy.url }, tls.certFile, cloud!.port);
    expect(r).toEqual({ ok: true, out: expect.stringContaining('"total":') });
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.length).toBeLessThanOrEqual(3);
    expect(new Set(proxy.tunnels)).toEqual(new Set([`${HOST}:${cloud!.port}`]));
  });

  it('honours the lower-case https_proxy too', async () => {
    proxy = await startConnectProxy(cloud!.port);
    expect((await runClient({ https_proxy: proxy.url }, tls.certFile, cloud!.port)).ok).toBe(true);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
  });

  it('goes direct for a host NO_PROXY lists (and so cannot reach this one)', async () => {
    proxy = await startConnectProxy(cloud!.port);
    const r = await runClient({ HTTPS_PROXY: proxy.url, NO_PROXY: `localhost,.qingcloud.test` }, tls.certFile, cloud!.port);
    expect(r.ok).toBe(false);
    expect(r.out).toContain('could not reach the endpoint (ENOTFOUND)');
    expect(proxy.tunnels).toEqual([]);
  });

  it('sends the proxy credentials of the URL, and never shows them in an error', async () => {
    proxy = await startConnectProxy(cloud!.port, 's3cret-pw');
    expect((await runClient({ HTTPS_PROXY: proxy.url.replace('http://', 'http://user:s3cret-pw@') }, tls.certFile, cloud!.port)).ok).toBe(true);
    const refused = await runClient({ HTTPS_PROXY: proxy.url.replace('http://', 'http://user:wrong-pw@') }, tls.certFile, cloud!.port);
    expect(refused.ok).toBe(false);
    expect(refused.out).toContain(`the proxy ${proxy.url} refused the tunnel to ${HOST}:${cloud!.port} (HTTP 407`);
    expect(refused.out).not.toContain('wrong-pw');
  });
});

describe('proxyFor', () => {
  const url = (u: string): URL => new URL(u);
  it('picks HTTPS_PROXY for https and HTTP_PROXY for http, upper case first', () => {
    const env = { HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:1', http_proxy: 'c:3128' };
    expect(proxyFor(url('https://api.ucloud.cn/'), env)?.host).toBe('a:1');
    expect(proxyFor(url('http://api.ucloud.cn/'), env)?.href).toBe('http://c:3128/');
  });

  it('goes direct for loopback and for NO_PROXY hosts, domains, ports, CIDR blocks and *', () => {
    const env = (NO_PROXY: string): NodeJS.ProcessEnv => ({ HTTPS_PROXY: 'http://p:1', NO_PROXY });
    expect(proxyFor(url('https://127.0.0.1:9/'), env(''))).toBeUndefined();
    expect(proxyFor(url('https://localhost/'), env(''))).toBeUndefined();
    expect(proxyFor(url('https://hss.cn-north-4.myhuaweicloud.com/'), env('.myhuaweicloud.com'))).toBeUndefined();
    expect(proxyFor(url('https://hss.cn-north-4.myhuaweicloud.com/'), env('myhuaweicloud.com'))).toBeUndefined();
    expect(proxyFor(url('https://notmyhuaweicloud.com/'), env('myhuaweicloud.com'))).toBeDefined();
    expect(proxyFor(url('https://api.ucloud.cn/'), env('api.ucloud.cn:443'))).toBeUndefined();
    expect(proxyFor(url('https://api.ucloud.cn:8443/'), env('api.ucloud.cn:443'))).toBeDefined();
    expect(proxyFor(url('https://10.1.2.3/'), env('10.0.0.0/8'))).toBeUndefined();
    expect(proxyFor(url('https://11.1.2.3/'), env('10.0.0.0/8'))).toBeDefined();
    expect(proxyFor(url('https://api.qingcloud.com/'), env('*'))).toBeUndefined();
    expect(proxyFor(url('https://api.qingcloud.com/'), { HTTPS_PROXY: 'http://p:1', no_proxy: 'qingcloud.com' })).toBeUndefined();
  });

  it('refuses a proxy URL that is not http://', () => {
    expect(() => proxyFor(url('https://api.ucloud.cn/'), { HTTPS_PROXY: 'socks5://p:1080' })).toThrow('must be an http:// proxy URL');
  });
});
