import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP forwarder that a test can cut (the peer "goes away") and restore. */
export interface TcpProxy {
  port: number;
  /** Drops every connection and refuses new ones, as a lost server or network does. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  /**
   * The peer stops answering without going away (a hung server, a network that drops packets):
   * connections are accepted and held, nothing is forwarded either way, until `restore()`.
   */
  hang(): Promise<void>;
  close(): Promise<void>;
}

/** Forwards 127.0.0.1:<port> to `host:port`, byte for byte. */
export async function startTcpProxy(host: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let hung = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        if (hung) {
          // Held open, never answered.
          sockets.add(client);
          client.on('error', () => {}).on('close', () => sockets.delete(client));
          return;
        }
        const upstream = createConnection({ host, port: targetPort });
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const addr = s.address();
        port = typeof addr === 'object' && addr !== null ? addr.port : port;
        server = s;
        resolve();
      });
    });
  const stop = async () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    async restore() {
      if (hung) {
        hung = false;
        for (const sock of sockets) sock.destroy();
        sockets.clear();
        if (server !== undefined) return;
      }
      await listen();
    },
    async hang() {
      // Connections in flight stop too: their peers wait for answers that never come.
      hung = true;
      for (const sock of sockets) sock.pause();
      if (server === undefined) await listen();
    },
    close: stop,
  };
}
