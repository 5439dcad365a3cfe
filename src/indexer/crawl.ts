import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { WireMessage } from '../discord/message-parts';
import type { ChannelInfo, Store } from '../store/types';
import type { CrawlTarget } from './discovery';
import {
  classifyDiscordError,
  describeDiscordError,
  endsRun,
  fatalDiscordError,
  StoppedError,
  withLinkedSignal,
  withRetry,
} from './failures';
import { messageRow } from './map';

/** Discord's largest page of messages. */
export const PAGE_SIZE = 100;

export interface CrawlContext {
  store: Store;
  rest: REST;
  botUserId: string;
  signal: AbortSignal;
  /** Messages created before this (unix ms) are not stored (INDEX_RETENTION_DAYS); undefined keeps all. */
  keepFromMs?: number | undefined;
  retryBaseMs: number;
  now(): number;
  /** Called after each page's transaction committed (wakes the embed stage, reports progress). */
  onPage(channel: ChannelInfo, page: PageResult): void;
  /** Called after each stored page with the highest id read so far (a full run records it to resume there). */
  savePosition?(channelId: string, lastId: string): Promise<void>;
}

/** What one page changed in the store. */
export interface PageResult {
  fetched: number;
  inserted: number;
  edited: number;
  deleted: number;
  /** Messages of members who opted out, not stored. */
  optedOut: number;
}

export interface ChannelResult extends PageResult {
  /** Discord says the channel no longer exists; it and its messages are now flagged deleted. */
  gone: boolean;
  /** Requests made for this channel's messages (retries of one page count once). */
  pages: number;
  error?: string;
}

/**
 * Reads one channel forward from `after` (exclusive) to its newest message, 100 messages a page,
 * and stores each page in one transaction together with the channel's cursor and the deletions it
 * proves: live stored ids in the page's id range that Discord no longer returns (read from the
 * store per page, so memory stays bounded whatever the channel's size). A short page ends the
 * channel, and so does a full one that reaches the `lastMessageId` discovery saw. A run killed at
 * any point resumes without gaps or duplicates.
 * @see https://discord.com/developers/docs/resources/message#get-channel-messages
 */
export async function crawlChannel(
  ctx: CrawlContext,
  channel: CrawlTarget,
  from: string,
): Promise<ChannelResult> {
  const result: ChannelResult = {
    fetched: 0,
    inserted: 0,
    edited: 0,
    deleted: 0,
    optedOut: 0,
    gone: false,
    pages: 0,
  };
  const newest = channel.lastMessageId ?? undefined;
  let after = from;

  for (;;) {
    if (ctx.signal.aborted) throw new StoppedError();
    let page: WireMessage[];
    try {
      result.pages++;
      page = await fetchPage(ctx, channel.id, after);
    } catch (err) {
      if (ctx.signal.aborted) throw new StoppedError();
      if (endsRun(err)) throw err;
      const kind = classifyDiscordError(err);
      if (kind === 'fatal') throw fatalDiscordError(err);
      if (kind === 'gone') {
        result.deleted += await ctx.store.channels.markDeleted(channel.id, ctx.now());
        result.gone = true;
        ctx.onPage(channel, { fetched: 0, inserted: 0, edited: 0, deleted: result.deleted, optedOut: 0 });
        return result;
      }
      result.error = describeDiscordError(err);
      return result;
    }

    let max: bigint | undefined;
    for (const m of page) {
      const n = BigInt(m.id);
      if (max === undefined || n > max) max = n;
    }
    const maxId = max?.toString();
    const full = page.length >= PAGE_SIZE;
    const last =
      !full || maxId === undefined || (newest !== undefined && max !== undefined && max >= BigInt(newest));
    // A short page covers everything after `after`; a full one only up to its highest id.
    const upper = full && maxId !== undefined ? maxId : null;
    const onPage = new Set(page.map((m) => m.id));
    const stored = await ctx.store.messages.liveIdsInRange(channel.id, after, upper);
    const deletedIds = stored.filter((id) => !onPage.has(id));
    const keepFrom = ctx.keepFromMs;
    const rows = page.flatMap((m) => {
      const row = messageRow(m, channel.guildId, ctx.botUserId);
      return row === undefined || (keepFrom !== undefined && row.createdAt < keepFrom) ? [] : [row];
    });
    const changes = await ctx.store.messages.storePage({
      rows,
      deletedIds,
      ...(maxId === undefined ? {} : { cursor: { channelId: channel.id, lastMessageId: maxId } }),
      source: 'crawl',
    });
    if (maxId !== undefined) await ctx.savePosition?.(channel.id, maxId);
    const r: PageResult = {
      fetched: page.length,
      inserted: changes.inserted,
      edited: changes.edited,
      deleted: changes.deleted,
      optedOut: changes.optedOut,
    };
    result.fetched += r.fetched;
    result.inserted += r.inserted;
    result.edited += r.edited;
    result.deleted += r.deleted;
    result.optedOut += r.optedOut;
    ctx.onPage(channel, r);
    if (last || maxId === undefined) return result;
    after = maxId;
  }
}

async function fetchPage(ctx: CrawlContext, channelId: string, after: string): Promise<WireMessage[]> {
  const query = new URLSearchParams({ after, limit: String(PAGE_SIZE) });
  // @discordjs/rest already waits out 429s (without limit) and retries 5xx three times; these
  // retries cover an outage longer than that before the channel is reported as failed.
  return (await withRetry(
    () =>
      withLinkedSignal(ctx.signal, (signal) =>
        ctx.rest.get(Routes.channelMessages(channelId), { query, signal }),
      ),
    {
      retries: 3,
      baseMs: ctx.retryBaseMs,
      isRetryable: (e) => classifyDiscordError(e) === 'transient',
      signal: ctx.signal,
    },
  )) as WireMessage[];
}
