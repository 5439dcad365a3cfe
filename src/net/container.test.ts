import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePort } from '../vector/local-server';
import { inContainer, isLoopback, loopbackPeerWarnings } from './container';

describe('loopback peers in a container', () => {
  it('knows a container by the files Docker and Podman leave', () => {
    expect(inContainer((f) => f === '/.dockerenv')).toBe(true);
    expect(inContainer((f) => f === '/run/.containerenv')).toBe(true);
    expect(inContainer(() => false)).toBe(false);
  });

  it('knows loopback URLs', () => {
    for (const u of ['http://127.0.0.1:11434', 'http://localhost:8000', 'http://[::1]:1', 'http://127.3.0.1'])
      expect(isLoopback(u), u).toBe(true);
    for (const u of ['http://ollama:11434', 'http://10.0.0.2:8000', 'http://host.docker.internal:11434'])
      expect(isLoopback(u), u).toBe(false);
  });

  it('warns in one line per loopback peer that does not answer, only in a container', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const up = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const down = await freePort();
    const peers = [
      { setting: 'OLLAMA_HOST', url: `http://127.0.0.1:${down}`, path: '/api/version' },
      { setting: 'CHROMA_URL', url: `http://user:secret@127.0.0.1:${up}`, path: '/api/v2/heartbeat' },
      { setting: 'OLLAMA_HOST', url: 'http://ollama.invalid:11434', path: '/api/version' },
    ];
    try {
      const lines = await loopbackPeerWarnings(peers, { inContainer: true });
      expect(lines).toEqual([
        `OLLAMA_HOST=http://127.0.0.1:${down} is this container's own loopback and nothing answers there: point it at the machine's address (e.g. http://host.docker.internal:${down} with --add-host=host.docker.internal:host-gateway) or at a service name on the container network (e.g. http://ollama:${down}).`,
      ]);
      expect(await loopbackPeerWarnings(peers, { inContainer: false })).toEqual([]);
    } finally {
      server.close();
    }
  });
});
