import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface StartedServer {
  server: Server;
  port: number;
  /** http://127.0.0.1:PORT (no trailing slash) */
  url: string;
  /** Every socket currently open on the server (tracked by us, so it survives close/re-listen). */
  sockets: Set<Socket>;
}

/** Starts a node:http server on 127.0.0.1, port 0. Handler exceptions become a 500. */
export async function startServer(handler: Handler): Promise<StartedServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, { error: `stand-in handler failed: ${String(err)}` });
        } else {
          res.destroy();
        }
      });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Without a listener, EADDRINUSE on a re-listen would crash the test process.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { server, port, url: `http://127.0.0.1:${port}`, sockets };
}

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

export type JsonBody = { ok: true; empty: boolean; value: unknown; raw: string } | { ok: false; raw: string };

/** Reads and parses a JSON body. An empty body is `{ok:true, empty:true, value: undefined}`. */
export async function readJson(req: IncomingMessage): Promise<JsonBody> {
  const raw = (await readBody(req)).toString('utf8');
  if (raw.trim() === '') return { ok: true, empty: true, value: undefined, raw };
  try {
    return { ok: true, empty: false, value: JSON.parse(raw) as unknown, raw };
  } catch {
    return { ok: false, raw };
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Closes the server, destroying open (also hung or keep-alive) connections. Safe if not listening. */
export async function closeServer(started: StartedServer): Promise<void> {
  const { server, sockets } = started;
  const wasListening = server.listening;
  const closed = wasListening
    ? new Promise<void>((resolve) => server.close(() => resolve()))
    : Promise.resolve();
  server.closeAllConnections();
  for (const s of sockets) s.destroy();
  await closed;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Polls `predicate` every 10 ms until it is true; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
