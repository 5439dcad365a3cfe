import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

/** A running HTTP server and how to stop it (keep-alive connections included). */
export interface Served {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `app` on `port` of every interface through @hono/node-server; rejects with one line that
 * names PORT when the port is taken or not allowed.
 */
export function serveApp(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  port: number,
): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            const s = server as Server;
            s.close(() => done());
            // Idle keep-alive connections would hold close() open until they time out.
            s.closeIdleConnections?.();
          }),
      });
    });
    (server as Server).once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `PORT ${port} is already in use by another program; set PORT to a free port.`
            : err.code === 'EACCES'
              ? `PORT ${port} needs privileges this process does not have; use a port above 1023.`
              : `could not listen on PORT ${port}: ${err.message}`,
        ),
      );
    });
  });
}
