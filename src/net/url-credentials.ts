/**
 * Peers reached over HTTP (Ollama hosts, a Chroma server) may sit behind a reverse proxy that asks
 * for a password, written into the setting as `http://user:password@host`. fetch refuses URLs that
 * carry credentials, and logs must never show them: this splits them off once, into the HTTP Basic
 * `Authorization` header they stand for (RFC 7617), and gives the URL to display.
 */

/** A peer's URL without `user:password@`, and the headers that carry them (empty when it had none). */
export interface PeerAddress {
  url: string;
  headers: Record<string, string>;
}

/**
 * `http://user:pa%40ss@host:11434` → `{ url: 'http://host:11434', headers: { Authorization: 'Basic …' } }`.
 * The user and password are percent-decoded first, as URLs encode them. Throws TypeError for a
 * string that is not a URL (settings are validated before this is called).
 */
export function peerAddress(url: string): PeerAddress {
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { url, headers: {} };
  const basic = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  return {
    url: displayUrl(url),
    headers: { Authorization: `Basic ${Buffer.from(basic, 'utf8').toString('base64')}` },
  };
}

/**
 * A URL fit for logs, /health, /status and error messages: any `user:password@` part is dropped.
 * A string that is not a URL comes back as it is.
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username === '' && u.password === '') return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}
