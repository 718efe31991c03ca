import type * as http from 'node:http';
import type * as https from 'node:https';
import * as net from 'node:net';
import { InputError } from './errors';
import { escapeControl } from './text';

/**
 * The proxy to use for `url`, from the environment as the clouds' SDKs and CLIs (Go's
 * `net/http`) read it: `HTTPS_PROXY` for https URLs and `HTTP_PROXY` for http URLs (the
 * upper-case name first, then the lower-case one), skipped for hosts that `NO_PROXY`
 * lists and, as Go does, for loopback hosts.
 *
 * `NO_PROXY` entries: `*` (no proxy at all), a host name (`api.ucloud.cn`), a domain
 * (`.myhuaweicloud.com` or `myhuaweicloud.com`: it and its subdomains), either with a
 * `:port`, an IP address or an IPv4/IPv6 CIDR block (`10.0.0.0/8`).
 *
 * @returns undefined for a direct connection
 * @throws InputError when the proxy variable is not an `http://host:port` URL
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const https = url.protocol === 'https:';
  const [name, raw] = pick(env, https ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']);
  if (!raw) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host)) return undefined;
  const port = url.port || (https ? '443' : '80');
  if (noProxyMatches(pick(env, ['NO_PROXY', 'no_proxy'])[1] ?? '', host, port)) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new InputError(`environment variable ${name} must be a proxy URL such as http://proxy.example.com:3128; got a value that is not a URL.`);
  }
  if (proxy.protocol !== 'http:') {
    throw new InputError(
      `environment variable ${name} must be an http:// proxy URL (https to the cloud is tunnelled through it with CONNECT); got a ${proxy.protocol}// URL. ` +
        'Use the http:// address of the proxy.',
    );
  }
  return proxy;
}

/**
 * Whether `host` (a name or an address, without brackets) names this machine: a loopback
 * address, or `localhost` and names under it (which RFC 6761 reserves for loopback). A
 * name is only a claim: {@link loopbackLookup} checks where it resolves before any
 * connection is made.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  return isLoopbackAddress(h);
}

/** Whether `address` (an IP address, without brackets) is a loopback address: 127.0.0.0/8, ::1, or ::ffff:127.x.x.x. */
export function isLoopbackAddress(address: string): boolean {
  const h = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** The code of the error {@link loopbackLookup} gives for a name that does not resolve to loopback. */
export const NOT_LOOPBACK = 'ERR_HEADROOM_NOT_LOOPBACK';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | Array<{ address: string; family: number }>, family?: number) => void;

/**
 * A `lookup` for sockets of plain http that is allowed because the endpoint is this
 * machine: it resolves the name and keeps only loopback addresses, so the connection is
 * made to a loopback address or not at all (a name such as `evil.localhost` that a
 * resolver points elsewhere fails with code {@link NOT_LOOPBACK}).
 */
export function loopbackLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dns = require('node:dns') as typeof import('node:dns');
  dns.lookup(hostname, { family: options.family ?? 0, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const ok = addresses.filter((a) => isLoopbackAddress(a.address));
    if (ok.length === 0) {
      const e = new Error(
        `${hostname} resolves to ${addresses.map((a) => a.address).join(', ') || 'no address'}, not a loopback address`,
      ) as NodeJS.ErrnoException;
      e.code = NOT_LOOPBACK;
      return callback(e, []);
    }
    if (options.all) callback(null, ok);
    else callback(null, ok[0].address, ok[0].family);
  });
}

/** The proxy as logs and errors may show it: scheme, host and port, never its user and password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

function pick(env: NodeJS.ProcessEnv, names: string[]): [string, string | undefined] {
  for (const n of names) {
    const v = env[n];
    if (v !== undefined && v.trim() !== '') return [n, v.trim()];
  }
  return [names[0], undefined];
}

function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      const [addr, bits] = entry.split('/');
      const family = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr) ? 'ipv6' : undefined;
      if (family && (net.isIPv4(host) || net.isIPv6(host))) {
        const list = new net.BlockList();
        try {
          list.addSubnet(addr, Number(bits), family);
          if (list.check(host, net.isIPv4(host) ? 'ipv4' : 'ipv6')) return true;
        } catch {
          // a malformed block matches nothing
        }
      }
      continue;
    }
    let entryPort: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) [entry, entryPort] = [m[1], m[2]];
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort && entryPort !== port) continue;
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (host === entry.replace(/^\./, '') || (entry.startsWith('.') ? host.endsWith(entry) : host.endsWith(`.${entry}`))) return true;
  }
  return false;
}

/** An error of the proxy itself (it refused the tunnel, or could not be reached). */
export class ProxyTunnelError extends Error {
  constructor(
    message: string,
    /** `ERR_PROXY_TUNNEL` (the proxy answered, not 200), or the socket's code. */
    public readonly code: string,
    /** The HTTP status the proxy answered the `CONNECT` with, when it answered. */
    public readonly status?: number,
  ) {
    super(message);
  }
}

const tunnelAgents = new Map<string, https.Agent>();

/**
 * A keep-alive https agent that reaches every host through an HTTP `CONNECT` tunnel of
 * `proxy`, then speaks TLS to the host inside it (certificates are checked against the
 * host, not the proxy). One tunnel per connection; connections are reused as usual.
 */
export function tunnelAgent(proxy: URL, maxSockets: number): https.Agent {
  const key = proxy.href;
  const agent = tunnelAgents.get(key);
  if (agent) return agent;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const httpModule = require('node:http') as typeof http;
  const httpsModule = require('node:https') as typeof https;
  const tls = require('node:tls') as typeof import('node:tls');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const auth = proxy.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
    : undefined;
  class TunnelAgent extends httpsModule.Agent {
    override createConnection(opts: http.RequestOptions, callback?: (err: Error | null, stream: import('node:stream').Duplex) => void): undefined {
      const options = opts as Record<string, unknown>;
      const target = `${String(options.host)}:${String(options.port ?? 443)}`;
      const headers: Record<string, string> = { host: target };
      if (auth) headers['proxy-authorization'] = auth;
      const req = httpModule.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: target, headers, agent: false });
      let settled = false;
      const done = (err: Error | null, socket?: net.Socket): void => {
        if (settled) return;
        settled = true;
        callback?.(err, socket as net.Socket);
      };
      req.once('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          done(
            new ProxyTunnelError(
              `the proxy ${describeProxy(proxy)} refused the tunnel to ${target} (HTTP ${res.statusCode} ${escapeControl(res.statusMessage ?? '').slice(0, 100)})`.trim(),
              'ERR_PROXY_TUNNEL',
              res.statusCode,
            ),
          );
          return;
        }
        const { path: _path, ...rest } = options;
        void _path;
        done(null, tls.connect({ ...(rest as object), socket, servername: String(options.servername || options.host) }));
      });
      req.once('error', (err: NodeJS.ErrnoException) => {
        done(new ProxyTunnelError(`could not reach the proxy ${describeProxy(proxy)} (${err.code ?? err.message})`, err.code ?? 'ERR_PROXY'));
      });
      req.end();
      return undefined;
    }
  }
  const created = new TunnelAgent({ keepAlive: true, maxSockets });
  tunnelAgents.set(key, created);
  return created;
}
