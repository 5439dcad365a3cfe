import fs, { openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test/tmp';
import { createLogger, flushLog, LOG_FLUSH_MS } from './log';

afterEach(() => {
  vi.restoreAllMocks();
});

function logFile() {
  const file = path.join(tempDir('askbot-log-'), 'service.log');
  return { file, fd: openSync(file, 'a') };
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("the service's log", () => {
  it('gathers lines logged one event-loop turn apart into few writes of whole lines, none lost', async () => {
    const { file, fd } = logFile();
    const writes: string[] = [];
    const write = fs.write;
    vi.spyOn(fs, 'write').mockImplementation(((...args: Parameters<typeof fs.write>) => {
      if (args[0] === fd) writes.push(String(args[1]));
      return (write as (...a: unknown[]) => void)(...args);
    }) as typeof fs.write);
    const log = createLogger('info', { async: true, fd, pretty: false });
    for (let i = 0; i < 300; i++) {
      log.info(
        { interaction: `${1_000_000 + i}`, guild: '100000000000000001', token: 'secret' },
        'question queued',
      );
      await turn();
    }
    await flushLog(log);
    const got = lines(file);
    expect(got.map((l) => l.interaction)).toEqual(Array.from({ length: 300 }, (_, i) => `${1_000_000 + i}`));
    expect(got.every((l) => l.token === '[redacted]')).toBe(true);
    // One write per line before: 300. Lines are ~130 bytes, gathered up to 2 KiB before a write.
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.length).toBeLessThanOrEqual(30);
    for (const w of writes.filter(Boolean)) {
      expect(Buffer.byteLength(w)).toBeLessThanOrEqual(4096);
      expect(w.endsWith('\n')).toBe(true);
    }
  });

  it('writes a lone line out by itself within a flush interval', async () => {
    const { file, fd } = logFile();
    const log = createLogger('info', { async: true, fd, pretty: false });
    log.warn({ guild: '100000000000000001' }, 'a quiet moment');
    let seen = lines(file);
    for (let waited = 0; seen.length === 0 && waited < LOG_FLUSH_MS * 8; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
      seen = lines(file);
    }
    expect(seen.map((l) => l.msg)).toEqual(['a quiet moment']);
  });

  it('has a command-line tool write each line at once', () => {
    const { file, fd } = logFile();
    const log = createLogger('info', { fd, pretty: false });
    log.info('done');
    expect(lines(file).map((l) => l.msg)).toEqual(['done']);
  });
});
