import { existsSync } from 'node:fs';
import { displayUrl, peerAddress } from './url-credentials';

/** True inside a Docker (`/.dockerenv`) or Podman (`/run/.containerenv`) container. */
export function inContainer(exists: (file: string) => boolean = existsSync): boolean {
  return exists('/.dockerenv') || exists('/run/.containerenv');
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for a URL on this machine's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith('.localhost');
}

/** A peer the process talks to: the setting that names it, its URL, and a path that answers when it is up. */
export interface Peer {
  setting: string;
  url: string;
  path: string;
}

/**
 * One line for each peer on the loopback that does not answer within `timeoutMs` (ms) when this
 * process runs in a container: there 127.0.0.1 is the container itself, not the machine it runs
 * on, so a workstation `.env` (OLLAMA_HOST=http://127.0.0.1:11434) silently points it at nothing.
 * A peer that answers there (host networking, a sidecar sharing the network) gets no line.
 */
export async function loopbackPeerWarnings(
  peers: Peer[],
  opts: { inContainer: boolean; timeoutMs?: number },
): Promise<string[]> {
  if (!opts.inContainer) return [];
  const lines: string[] = [];
  for (const peer of peers) {
    if (!isLoopback(peer.url)) continue;
    const { url, headers } = peerAddress(peer.url);
    const answers = await fetch(new URL(peer.path, url), {
      headers,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 1000),
    }).then(
      async (res) => {
        await res.arrayBuffer();
        return true;
      },
      () => false,
    );
    if (answers) continue;
    const port = new URL(url).port;
    lines.push(
      `${peer.setting}=${displayUrl(peer.url)} is this container's own loopback and nothing answers there: point it at the machine's address (e.g. http://host.docker.internal:${port} with --add-host=host.docker.internal:host-gateway) or at a service name on the container network (e.g. http://${peer.setting === 'CHROMA_URL' ? 'chroma' : 'ollama'}:${port}).`,
    );
  }
  return lines;
}
