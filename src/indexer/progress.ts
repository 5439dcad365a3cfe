import type { RunSource } from '../store/types';
import { clause, countOf, formatCount } from '../text/counts';
import { truncate } from '../text/cut';
import type { ProgressEvent, RunSummary } from './reports';

export { formatCount };

function label(name: string, id: string): string {
  return name === '' ? id : `#${name}`;
}

/** The line printed when a channel is finished. */
export function formatChannelDone(e: Extract<ProgressEvent, { kind: 'channel-done' }>): string {
  const where = label(e.name, e.id);
  if (e.error !== undefined) return `✗ ${where}: ${e.error}`;
  if (e.gone === true)
    return `✗ ${where}: deleted on Discord, ${countOf(e.deleted, 'message')} flagged deleted`;
  const changes = [
    e.inserted > 0 ? `${formatCount(e.inserted)} new` : '',
    e.edited > 0 ? `${formatCount(e.edited)} edited` : '',
    e.deleted > 0 ? `${formatCount(e.deleted)} deleted` : '',
  ].filter(Boolean);
  return `✓ ${where}: ${formatCount(e.fetched)} fetched${changes.length > 0 ? `, ${changes.join(', ')}` : ''}`;
}

export interface StatusState {
  channelsDone: number;
  /** Undefined while the run is still listing channels and threads (a crawl lists while it crawls). */
  channelsTotal: number | undefined;
  /** Channels being crawled now, with messages fetched so far. */
  active: Map<string, { name: string; fetched: number }>;
  embedded: number;
  pending: number;
}

/** The one-line live status of a terminal, cut to `width` UTF-16 units on a grapheme boundary. */
export function formatStatus(s: StatusState, width = 100): string {
  const parts = [
    s.channelsTotal === undefined
      ? `channels ${formatCount(s.channelsDone)} (listing)`
      : `channels ${formatCount(s.channelsDone)}/${formatCount(s.channelsTotal)}`,
  ];
  const active = [...s.active.entries()].map(([id, a]) => `${label(a.name, id)} ${formatCount(a.fetched)}`);
  if (active.length > 0) parts.push(active.join(' · '));
  parts.push(
    `embedded ${formatCount(s.embedded)}${s.pending > 0 ? ` (${formatCount(s.pending)} queued)` : ''}`,
  );
  return truncate(parts.join(' | '), width);
}

/** Messages per second of a run: what it stored or embedded, whichever is more. */
export function messagesPerSecond(s: RunSummary): number {
  const work = Math.max(s.messagesNew + s.messagesEdited + s.messagesDeleted, s.messagesEmbedded);
  return s.seconds > 0 ? work / s.seconds : work;
}

/**
 * The summary printed at the end of a run; a failed run gets exactly one line, saying why. When
 * the embedding is pending (Ollama or Chroma down), the last line says so and why.
 */
export function formatSummary(s: RunSummary): string {
  if (s.status === 'skipped') return `index skipped: ${s.error ?? 'another run is in progress'}`;
  if (s.status === 'failed') return `index failed: ${s.error ?? 'unknown error'}`;
  const whole =
    s.source === 'full'
      ? ` (whole history: ${countOf(s.messagesRead, 'message')} read in ${countOf(s.pages, 'request')})`
      : '';
  const rate = `in ${s.seconds.toFixed(1)} s (${formatCount(messagesPerSecond(s))} messages/s)`;
  const what =
    s.channels === 0
      ? 'indexed no channel'
      : `${s.status === 'ok' ? 'indexed' : 'indexed (partly)'} ${countOf(s.channels, 'channel')}`;
  const head =
    s.source === 'embed'
      ? s.messagesEmbedded === 0 && s.embedPending === undefined
        ? 'nothing to embed: every stored message is embedded'
        : `embedded ${countOf(s.messagesEmbedded, 'message')} ${rate}`
      : `${what}${whole}: ` +
        `${formatCount(s.messagesNew)} new, ${formatCount(s.messagesEdited)} edited, ${formatCount(s.messagesDeleted)} deleted, ` +
        `${formatCount(s.messagesEmbedded)} embedded ${rate}`;
  const lines = [head];
  if (s.messagesWiped > 0)
    lines.push(`${countOf(s.messagesWiped, 'deleted message')} wiped from the index (text and vectors)`);
  if (s.messagesExpired > 0)
    lines.push(`${countOf(s.messagesExpired, 'message')} past the retention limit removed from the index`);
  if (s.messagesOptedOut > 0)
    lines.push(`${countOf(s.messagesOptedOut, 'message')} of members who opted out not stored`);
  for (const g of s.unreachableGuilds)
    lines.push(
      `✗ guild ${g.guildId}: ${clause(g.error)}; what is stored of it stays searchable until you remove it: npm run forget -- --guild ${g.guildId}`,
    );
  if (s.failedChannels.length > 0) lines.push(`${countOf(s.failedChannels.length, 'channel')} not indexed:`);
  for (const f of s.failedChannels) lines.push(`  ✗ ${f.id}: ${f.error}`);
  if (s.skippedMessages.length > 0)
    lines.push(
      `${countOf(s.skippedMessages.length, 'message')} not embedded (stored and keyword-searchable; the next run tries again):`,
    );
  for (const m of s.skippedMessages) lines.push(`  ✗ ${m.error}`);
  if (s.embedUnavailable !== undefined)
    lines.push(
      `nothing was waiting to be embedded, but ${clause(s.embedUnavailable)}: questions are answered from keyword search until it is back`,
    );
  if (s.embedPending !== undefined)
    lines.push(
      s.embedPending.reembed
        ? `embedding pending for ${countOf(s.embedPending.messages, 'message')}: ${clause(s.embedPending.reason)}`
        : `embedding pending for ${countOf(s.embedPending.messages, 'message')}: ${clause(s.embedPending.reason)}; they are stored and keyword-searchable, and once that is fixed \`npm run index -- --embed-only\` embeds them (so does the next run)`,
    );
  return lines.join('\n');
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/**
 * Prints progress events: on a terminal, finished channels as lines under one live status line;
 * otherwise plain lines only (finished channels, and the embed count at most every `plainEveryMs`).
 */
export function createProgressPrinter(
  out: ProgressOutput,
  opts: { now?: () => number; plainEveryMs?: number; redrawEveryMs?: number } = {},
): { onEvent(e: ProgressEvent): void; finish(): void } {
  const now = opts.now ?? Date.now;
  const tty = out.isTTY === true;
  const state: StatusState = {
    channelsDone: 0,
    channelsTotal: 0,
    active: new Map(),
    embedded: 0,
    pending: 0,
  };
  let drawn = false;
  let source: RunSource = 'discord';
  let lastDraw = 0;
  let lastPlain = Number.NEGATIVE_INFINITY;
  const clear = () => {
    if (drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  const line = (text: string) => {
    clear();
    out.write(`${text}\n`);
  };
  const draw = (force = false) => {
    if (!tty) return;
    const t = now();
    if (!force && t - lastDraw < (opts.redrawEveryMs ?? 100)) return;
    lastDraw = t;
    out.write(`\r\x1b[2K${formatStatus(state, Math.max(20, (out.columns || 100) - 1))}`);
    drawn = true;
  };
  return {
    onEvent(e) {
      switch (e.kind) {
        case 'start':
          // Nothing yet: a run that fails at once prints only its one failure line.
          source = e.source;
          // A crawl lists its channels while it crawls them: the total comes at the end of the listing.
          if (source === 'discord' || source === 'full') state.channelsTotal = undefined;
          break;
        case 'note':
          line(e.message);
          break;
        case 'channels': {
          // Said once the listing is done; by then some channels may be crawled already.
          const started = state.channelsDone > 0 || state.active.size > 0;
          state.channelsTotal = e.total;
          line(
            source === 'import'
              ? `${countOf(e.total, 'export file')} to import`
              : `${countOf(e.total, 'channel or thread', 'channels and threads')}${started ? ' in all' : ''} to ${source === 'full' ? 're-read from their first message (full run)' : 'crawl'}${e.skipped > 0 ? ` (${countOf(e.skipped, 'archived thread')} unchanged)` : ''}`,
          );
          break;
        }
        case 'channel-start':
          state.active.set(e.id, { name: e.name, fetched: 0 });
          draw();
          break;
        case 'channel-page': {
          const a = state.active.get(e.id);
          if (a) a.fetched += e.fetched;
          draw();
          break;
        }
        case 'channel-done':
          state.active.delete(e.id);
          state.channelsDone++;
          line(formatChannelDone(e));
          draw(true);
          break;
        case 'embedded':
          state.embedded = e.embedded;
          state.pending = e.pending;
          if (tty) draw();
          else if (now() - lastPlain >= (opts.plainEveryMs ?? 5000)) {
            lastPlain = now();
            line(
              `embedded ${formatCount(e.embedded)}${e.pending > 0 ? ` (${formatCount(e.pending)} queued)` : ''}`,
            );
          }
          break;
      }
    },
    finish: clear,
  };
}
