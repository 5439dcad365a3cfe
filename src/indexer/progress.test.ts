import { describe, expect, it } from 'vitest';
import {
  createProgressPrinter,
  formatChannelDone,
  formatStatus,
  formatSummary,
  messagesPerSecond,
} from './progress';
import type { RunSummary } from './reports';

const summary = (over: Partial<RunSummary> = {}): RunSummary => ({
  runId: 3,
  source: 'discord',
  status: 'ok',
  channels: 12,
  messagesNew: 12_345,
  messagesEdited: 6,
  messagesDeleted: 2,
  messagesEmbedded: 12_000,
  messagesRead: 12_400,
  pages: 130,
  messagesOptedOut: 0,
  messagesExpired: 0,
  messagesWiped: 0,
  skippedMessages: [],
  failedChannels: [],
  unreachableGuilds: [],
  seconds: 4.1,
  ...over,
});

describe('progress formatting', () => {
  it.each([
    [
      summary(),
      'indexed 12 channels: 12,345 new, 6 edited, 2 deleted, 12,000 embedded in 4.1 s (3,013 messages/s)',
    ],
    [
      summary({
        status: 'partial',
        channels: 1,
        failedChannels: [{ id: '31', error: '403 Missing Access (code 50001)' }],
      }),
      'indexed (partly) 1 channel: 12,345 new, 6 edited, 2 deleted, 12,000 embedded in 4.1 s (3,013 messages/s)\n' +
        '1 channel not indexed:\n  ✗ 31: 403 Missing Access (code 50001)',
    ],
    [
      summary({
        source: 'full',
        channels: 3,
        messagesNew: 0,
        messagesEdited: 1,
        messagesDeleted: 4,
        messagesEmbedded: 1,
        messagesWiped: 4,
        messagesExpired: 20,
        messagesOptedOut: 7,
      }),
      'indexed 3 channels (whole history: 12,400 messages read in 130 requests): 0 new, 1 edited, 4 deleted, 1 embedded in 4.1 s (1 messages/s)\n' +
        '4 deleted messages wiped from the index (text and vectors)\n' +
        '20 messages past the retention limit removed from the index\n' +
        '7 messages of members who opted out not stored',
    ],
    [
      summary({
        status: 'partial',
        channels: 2,
        messagesEmbedded: 0,
        unreachableGuilds: [
          { guildId: '22', error: 'the bot is no longer in this guild (403 Missing Access, code 50001)' },
        ],
        skippedMessages: [
          { id: '5', guildId: '21', channelId: '31', error: 'message 5 not embedded: too long' },
        ],
        embedPending: { messages: 12_351, reason: 'Ollama at http://x:11434 is unreachable' },
      }),
      'indexed (partly) 2 channels: 12,345 new, 6 edited, 2 deleted, 0 embedded in 4.1 s (3,013 messages/s)\n' +
        '✗ guild 22: the bot is no longer in this guild (403 Missing Access, code 50001); what is stored of it stays searchable until you remove it: npm run forget -- --guild 22\n' +
        '1 message not embedded (stored and keyword-searchable; the next run tries again):\n' +
        '  ✗ message 5 not embedded: too long\n' +
        'embedding pending for 12,351 messages: Ollama at http://x:11434 is unreachable; they are stored and keyword-searchable, and once that is fixed `npm run index -- --embed-only` embeds them (so does the next run)',
    ],
    // --embed-only: what it embedded, or that nothing waited.
    [
      summary({
        source: 'embed',
        channels: 0,
        messagesNew: 0,
        messagesEdited: 0,
        messagesDeleted: 0,
        messagesEmbedded: 0,
      }),
      'nothing to embed: every stored message is embedded',
    ],
    [
      summary({
        source: 'embed',
        channels: 0,
        messagesNew: 0,
        messagesEdited: 0,
        messagesDeleted: 0,
        messagesEmbedded: 820,
      }),
      'embedded 820 messages in 4.1 s (200 messages/s)',
    ],
    // Ollama away with nothing waiting: no "pending for 0 messages".
    [
      summary({ embedUnavailable: 'Ollama at http://x:11434 is unreachable.' }),
      'indexed 12 channels: 12,345 new, 6 edited, 2 deleted, 12,000 embedded in 4.1 s (3,013 messages/s)\n' +
        'nothing was waiting to be embedded, but Ollama at http://x:11434 is unreachable: questions are answered from keyword search until it is back',
    ],
    // No channel could be read (the bot left every guild): not "indexed (partly) 0 channels".
    [
      summary({
        status: 'partial',
        channels: 0,
        messagesNew: 0,
        messagesEdited: 0,
        messagesDeleted: 0,
        messagesEmbedded: 0,
        unreachableGuilds: [{ guildId: '22', error: 'the bot is no longer in this guild' }],
      }),
      'indexed no channel: 0 new, 0 edited, 0 deleted, 0 embedded in 4.1 s (0 messages/s)\n' +
        '✗ guild 22: the bot is no longer in this guild; what is stored of it stays searchable until you remove it: npm run forget -- --guild 22',
    ],
    [
      summary({ status: 'failed', error: 'Ollama at http://x:11434 is unreachable' }),
      'index failed: Ollama at http://x:11434 is unreachable',
    ],
    [
      summary({ status: 'skipped', error: 'another index run is in progress (pid 7)' }),
      'index skipped: another index run is in progress (pid 7)',
    ],
  ])('summary %#', (s, text) => {
    expect(formatSummary(s)).toBe(text);
  });

  it('rates a repair run (nothing new, much embedded) by what it embedded', () => {
    expect(
      messagesPerSecond(
        summary({ messagesNew: 0, messagesEdited: 0, messagesDeleted: 0, messagesEmbedded: 500, seconds: 2 }),
      ),
    ).toBe(250);
    expect(messagesPerSecond(summary({ seconds: 0, messagesEmbedded: 0 }))).toBe(12_353);
  });

  it.each([
    [{ fetched: 1200, inserted: 1200, edited: 0, deleted: 0 }, '✓ #general: 1,200 fetched, 1,200 new'],
    [{ fetched: 100, inserted: 0, edited: 2, deleted: 1 }, '✓ #general: 100 fetched, 2 edited, 1 deleted'],
    [{ fetched: 0, inserted: 0, edited: 0, deleted: 0 }, '✓ #general: 0 fetched'],
    [
      { fetched: 0, inserted: 0, edited: 0, deleted: 9, gone: true },
      '✗ #general: deleted on Discord, 9 messages flagged deleted',
    ],
    [
      { fetched: 0, inserted: 0, edited: 0, deleted: 0, error: '403 Missing Access' },
      '✗ #general: 403 Missing Access',
    ],
  ])('channel line %#', (r, text) => {
    expect(formatChannelDone({ kind: 'channel-done', id: '31', name: 'general', ...r })).toBe(text);
  });

  it('status line lists channels in progress and is cut to the terminal width', () => {
    const state = {
      channelsDone: 3,
      channelsTotal: 10,
      active: new Map([
        ['1', { name: 'general', fetched: 2500 }],
        ['2', { name: '', fetched: 3 }],
      ]),
      embedded: 1000,
      pending: 40,
    };
    expect(formatStatus(state)).toBe('channels 3/10 | #general 2,500 · 2 3 | embedded 1,000 (40 queued)');
    expect(formatStatus(state, 20)).toBe('channels 3/10 | #ge…');
  });

  it.each([
    ['emoji', '😀'.repeat(60)],
    ['ZWJ sequences', '👩‍💻'.repeat(30)],
    ['flags', '🇫🇷🇩🇪'.repeat(20)],
    ['combining marks', 'e\u0301'.repeat(60)],
  ])('cuts a status line with %s in a channel name on a character boundary', (_, name) => {
    const state = {
      channelsDone: 1,
      channelsTotal: 2,
      active: new Map([['1', { name, fetched: 7 }]]),
      embedded: 0,
      pending: 0,
    };
    const whole = formatStatus(state, 1000);
    const boundaries = new Set(
      [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(whole)].map((g) => g.index),
    );
    for (let width = 20; width <= 60; width++) {
      const line = formatStatus(state, width);
      expect(line.length).toBeLessThanOrEqual(width);
      expect(line.endsWith('…')).toBe(true);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(line)).toBe(false);
      // The start of the whole line, ending where a character ends: no mark or joiner left dangling.
      const kept = line.slice(0, -1);
      expect(whole.startsWith(kept)).toBe(true);
      expect(boundaries.has(kept.length)).toBe(true);
    }
  });

  it('prints plain lines without a terminal, a redrawn status line on one', () => {
    let t = 0;
    const plain: string[] = [];
    const p = createProgressPrinter(
      { write: (s: string) => plain.push(s), isTTY: false },
      { now: () => t, plainEveryMs: 1000 },
    );
    p.onEvent({ kind: 'channels', total: 2, skipped: 1 });
    p.onEvent({ kind: 'channel-start', id: '1', name: 'general' });
    p.onEvent({ kind: 'channel-page', id: '1', name: 'general', fetched: 100 });
    p.onEvent({ kind: 'embedded', embedded: 64, pending: 36 });
    t = 500;
    p.onEvent({ kind: 'embedded', embedded: 100, pending: 0 }); // too soon for another line
    p.onEvent({
      kind: 'channel-done',
      id: '1',
      name: 'general',
      fetched: 100,
      inserted: 100,
      edited: 0,
      deleted: 0,
    });
    p.finish();
    expect(plain.join('')).toBe(
      '2 channels and threads to crawl (1 archived thread unchanged)\nembedded 64 (36 queued)\n✓ #general: 100 fetched, 100 new\n',
    );
    expect(plain.join('')).not.toContain('\r');

    const fullRun: string[] = [];
    const r = createProgressPrinter({ write: (s: string) => fullRun.push(s), isTTY: false });
    r.onEvent({ kind: 'start', runId: 4, source: 'full' });
    r.onEvent({ kind: 'channels', total: 7, skipped: 0 });
    expect(fullRun.join('')).toBe('7 channels and threads to re-read from their first message (full run)\n');

    const tty: string[] = [];
    const q = createProgressPrinter(
      { write: (s: string) => tty.push(s), isTTY: true, columns: 80 },
      { now: () => t },
    );
    q.onEvent({ kind: 'channel-start', id: '1', name: 'general' });
    q.onEvent({
      kind: 'channel-done',
      id: '1',
      name: 'general',
      fetched: 5,
      inserted: 5,
      edited: 0,
      deleted: 0,
    });
    q.finish();
    expect(tty.join('')).toBe(
      '\r\x1b[2Kchannels 0/0 | #general 0 | embedded 0' +
        '\r\x1b[2K✓ #general: 5 fetched, 5 new\n' +
        '\r\x1b[2Kchannels 1/0 | embedded 0' +
        '\r\x1b[2K',
    );
  });

  it('says "listing" until a crawl knows its total, and the total once it does, mid-crawl', () => {
    const written: string[] = [];
    const p = createProgressPrinter(
      { write: (s: string) => written.push(s), isTTY: true, columns: 80 },
      { now: () => 1000 }, // one unforced redraw, the first: the rest are too soon after it
    );
    const done = { fetched: 5, inserted: 5, edited: 0, deleted: 0 };
    p.onEvent({ kind: 'start', runId: 5, source: 'discord' });
    p.onEvent({ kind: 'channel-start', id: '1', name: 'general' });
    p.onEvent({ kind: 'channel-done', id: '1', name: 'general', ...done });
    p.onEvent({ kind: 'channel-start', id: '2', name: 'news' });
    p.onEvent({ kind: 'channels', total: 3, skipped: 1 });
    p.onEvent({ kind: 'channel-done', id: '2', name: 'news', ...done });
    p.finish();
    expect(written.join('')).toBe(
      '\r\x1b[2Kchannels 0 (listing) | #general 0 | embedded 0' +
        '\r\x1b[2K✓ #general: 5 fetched, 5 new\n' +
        '\r\x1b[2Kchannels 1 (listing) | embedded 0' +
        '\r\x1b[2K3 channels and threads in all to crawl (1 archived thread unchanged)\n' +
        '✓ #news: 5 fetched, 5 new\n' +
        '\r\x1b[2Kchannels 2/3 | embedded 0' +
        '\r\x1b[2K',
    );
  });
});
