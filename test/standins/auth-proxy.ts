import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A reverse proxy that asks for HTTP Basic authentication (RFC 7617), as nginx's `auth_basic` in
 * front of an Ollama host or a Chroma server does: 401 with `WWW-Authenticate` unless the request
 * carries the user and password, otherwise forwarded as it came (the header included).
 */
export interface AuthProxy {
  url: string;
  port: number;
  /** Where requests go, e.g. an Ollama stand-in started after the proxy. */
  target: string;
  /** Requests that came with the right credentials / without them (or with wrong ones). */
  passed: number;
  refused: number;
  close(): Promise<void>;
}

export async function startAuthProxy(user: string, password: string, target = ''): Promise<AuthProxy> {
  const expected = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  const sockets = new Set<Socket>();
  const authorised = (req: IncomingMessage) => req.headers.authorization === expected;
  const server = createServer((req, res) => {
    if (!authorised(req)) {
      proxy.refused++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ollama"', 'Content-Type': 'text/plain' });
      res.end('401 Authorization Required');
      req.resume();
      return;
    }
    proxy.passed++;
    const up = httpRequest(
      `${proxy.target}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const proxy: AuthProxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    target,
    passed: 0,
    refused: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
