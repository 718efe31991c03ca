// Issue #22, defects 10 and 12: what the transport does with answers that are the same on
// every try (never retried, named for what they are), and plain http that is allowed only
// to a loopback address, whatever a name resolves to. Real HTTP on 127.0.0.1.
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { QingCloudClient } from '../../src/clouds/qingcloud/client';
import { FAKE_CREDENTIALS } from '../../src/testing/default-data';
import { useLoopbackServers } from '../_helpers/loopback-server';
import { rejectionOf } from '../_helpers/rejection';

const QUERY = { consoleId: 'alphacloud', projectId: 'pj-xzvlxlb5', owner: 'usr-WantwZJ8' };
const FAST = { retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } };

function client(endpoint: string): QingCloudClient {
  return new QingCloudClient({ credentials: FAKE_CREDENTIALS.qingcloud, endpoint, ...FAST });
}

describe('12. answers that are the same on every try are not retried, and are named', () => {
  const servers = useLoopbackServers();

  it('a body that starts with a byte order mark', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: '\uFEFF{"ret_code":0,"total_count":0,"data":[]}' }));
    const err = await rejectionOf(client(`${server.url}/iaas/`).getProjectResourceStat(QUERY));
    expect(err.code).toBe('HEADROOM_CLOUD');
    expect(err.message).toContain('it starts with a byte order mark (U+FEFF)');
    expect(err.message).toContain('not retried');
    expect(server.seen).toHaveLength(1);
  });

  it('an HTML page at HTTP 200 (a portal, a wrong endpoint)', async () => {
    const server = await servers.scripted(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Sign in</title>' }));
    const err = await rejectionOf(client(`${server.url}/iaas/`).getProjectResourceStat(QUERY));
    expect(err.message).toContain('it is an HTML or XML page, not an API answer');
    expect(server.seen).toHaveLength(1);
  });

  it('a cut JSON body is still retried (it is usually transient)', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: '{"ret_code":0,"total_co' }));
    const err = await rejectionOf(client(`${server.url}/iaas/`).getProjectResourceStat(QUERY));
    expect(err.message).toContain('if this persists');
    expect(server.seen).toHaveLength(4);
  });

  it('response headers larger than Node.js accepts: named, not "could not reach the endpoint"', async () => {
    const server = await servers.scripted(() => ({ status: 200, headers: { 'x-padding': 'a'.repeat(100_000) }, body: '{}' }));
    const err = await rejectionOf(client(`${server.url}/iaas/`).getProjectResourceStat(QUERY));
    expect(err.code).toBe('HEADROOM_NETWORK');
    expect(err.message).toContain("the answer's headers are larger than Node.js accepts");
    expect(err.message).not.toContain('could not reach the endpoint');
    expect(server.seen).toHaveLength(1);
  });

  it("a proxy's 407 (it wants credentials) is not retried", async () => {
    let tunnels = 0;
    const proxy = http.createServer();
    proxy.on('connect', (_req: http.IncomingMessage, socket: Socket) => {
      tunnels++;
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="p"\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const err = await rejectionOf(client('https://api.qingcloud.test/iaas/').getProjectResourceStat(QUERY));
      expect(err.code).toBe('HEADROOM_NETWORK');
      expect(err.message).toContain('(HTTP 407 Proxy Authentication Required): the proxy wants credentials, and the proxy URL has none; not retried');
      expect(tunnels).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('10. plain http to "loopback" means a loopback address, not a name', () => {
  const servers = useLoopbackServers();

  it('a *.localhost name that the resolver points elsewhere is refused before anything is sent', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: '{"ret_code":0,"total_count":0,"data":[]}' }));
    const port = new URL(server.url).port;
    // The resolver of a hostile network: evil.localhost is a documentation address, not this machine.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dns = require('node:dns') as { lookup: (...a: unknown[]) => void };
    const real = dns.lookup;
    dns.lookup = (host: unknown, options: unknown, callback: unknown) => {
      if (host === 'evil.localhost') return (callback as (...a: unknown[]) => void)(null, [{ address: '192.0.2.10', family: 4 }]);
      return real(host, options, callback);
    };
    let err: { code: string; message: string };
    try {
      err = await rejectionOf(client(`http://evil.localhost:${port}/iaas/`).getProjectResourceStat(QUERY));
    } finally {
      dns.lookup = real;
    }
    expect(err.code).toBe('HEADROOM_INPUT');
    expect(err.message).toContain(
      'plain http is allowed only to this machine, and evil.localhost resolves to 192.0.2.10, not a loopback address; nothing was sent',
    );
    expect(server.seen).toHaveLength(0);
  });

  it('localhost, which resolves to a loopback address, is used', async () => {
    const server = await servers.scripted(() => ({ status: 200, body: '{"ret_code":0,"total_count":0,"data":[]}' }));
    const port = new URL(server.url).port;
    const stat = await client(`http://localhost:${port}/iaas/`).getProjectResourceStat(QUERY);
    expect(stat.totalCount).toBe(0);
    expect(server.seen).toHaveLength(1);
  });
});
