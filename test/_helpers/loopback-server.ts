import * as http from 'node:http';

/** A request a {@link LoopbackServer} received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: http.IncomingHttpHeaders;
}

/** A scripted HTTP server on 127.0.0.1, for transport behaviours the fake cloud does not model. */
export interface LoopbackServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a server that answers request n (from 0) with `script(n, request)`: a status,
 * headers and body, optionally after a delay. Returning `'hang'` never answers.
 */
export async function startLoopbackServer(
  script: (n: number, req: SeenRequest) => { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang',
): Promise<LoopbackServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const r: SeenRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers: req.headers };
    const n = seen.length;
    seen.push(r);
    req.resume();
    const out = script(n, r);
    if (out === 'hang') return;
    setTimeout(() => {
      res.writeHead(out.status, out.headers ?? { 'content-type': 'application/json' });
      res.end(out.body ?? '');
    }, out.delayMs ?? 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
