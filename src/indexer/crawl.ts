import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { msToSnowflake } from '../discord/snowflake';
import { advanceCursor, type ChannelInfo, getChannel, markChannelDeleted } from '../store/channels';
import type { Db } from '../store/db';
import { liveIdsBetween, markDeleted, upsertMessages } from '../store/messages';
import {
  classifyDiscordError,
  describeDiscordError,
  endsRun,
  fatalDiscordError,
  StoppedError,
  withLinkedSignal,
  withRetry,
} from './failures';
import { messageRow, type WireMessage } from './map';

/** Discord's largest page of messages. */
export const PAGE_SIZE = 100;
const MAX_ID = '9223372036854775807';

export interface CrawlContext {
  db: Db;
  rest: REST;
  botUserId: string;
  signal: AbortSignal;
  /** Start of the rescan window (unix ms): messages created after it are re-read for edits and deletions. */
  rescanFromMs: number;
  retryBaseMs: number;
  now(): number;
  /** Called after each page's transaction committed (wakes the embed stage, reports progress). */
  onPage(
    channel: ChannelInfo,
    page: { fetched: number; inserted: number; edited: number; deleted: number },
  ): void;
}

export interface ChannelResult {
  fetched: number;
  inserted: number;
  edited: number;
  deleted: number;
  /** Discord says the channel no longer exists; it and its messages are now flagged deleted. */
  gone: boolean;
  error?: string;
}

/**
 * Reads one channel forward from its cursor (or from the start of the rescan window, whichever is
 * earlier), 100 messages a page. Each page is stored in one transaction together with the new
 * cursor and the deletions it proves (stored ids in the page's id range that Discord no longer
 * returns), so a run killed at any point resumes without gaps or duplicates.
 * @see https://discord.com/developers/docs/resources/message#get-channel-messages
 */
export async function crawlChannel(ctx: CrawlContext, channel: ChannelInfo): Promise<ChannelResult> {
  const { db } = ctx;
  const result: ChannelResult = { fetched: 0, inserted: 0, edited: 0, deleted: 0, gone: false };
  const cursor = getChannel(db, channel.id)?.lastMessageId ?? null;
  const rescanFrom = msToSnowflake(ctx.rescanFromMs);
  let after = cursor === null ? '0' : BigInt(rescanFrom) < BigInt(cursor) ? rescanFrom : cursor;
  // Live messages already stored in the range about to be re-read, ascending: whatever of these a
  // page's range covers but the page lacks was deleted on Discord.
  const known =
    cursor === null
      ? []
      : liveIdsBetween(db, channel.id, after, MAX_ID)
          .map((id) => ({ id, n: BigInt(id) }))
          .sort((a, b) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  let k = 0;

  for (;;) {
    if (ctx.signal.aborted) throw new StoppedError();
    let page: WireMessage[];
    try {
      page = await fetchPage(ctx, channel.id, after);
    } catch (err) {
      if (ctx.signal.aborted) throw new StoppedError();
      if (endsRun(err)) throw err;
      const kind = classifyDiscordError(err);
      if (kind === 'fatal') throw fatalDiscordError(err);
      if (kind === 'gone') {
        result.deleted += markChannelDeleted(db, channel.id, ctx.now());
        result.gone = true;
        ctx.onPage(channel, { fetched: 0, inserted: 0, edited: 0, deleted: result.deleted });
        return result;
      }
      result.error = describeDiscordError(err);
      return result;
    }

    const ids = page.map((m) => ({ id: m.id, n: BigInt(m.id) }));
    let max = ids[0];
    for (const x of ids) if (max === undefined || x.n > max.n) max = x;
    const full = page.length >= PAGE_SIZE;
    // A short page ends the channel, so it covers everything after `after`.
    const upper = full && max !== undefined ? max.n : undefined;
    const onPage = new Set(ids.map((x) => x.id));
    const gone: string[] = [];
    while (k < known.length) {
      const next = known[k];
      if (next === undefined || (upper !== undefined && next.n > upper)) break;
      if (!onPage.has(next.id)) gone.push(next.id);
      k++;
    }
    const rows = page.flatMap((m) => messageRow(m, channel.guildId, ctx.botUserId) ?? []);
    const stored = db.transaction(() => {
      const r = upsertMessages(db, rows);
      const deleted = markDeleted(db, gone);
      if (max !== undefined) advanceCursor(db, channel.id, max.id);
      return { ...r, deleted };
    });
    result.fetched += page.length;
    result.inserted += stored.inserted;
    result.edited += stored.edited;
    result.deleted += stored.deleted;
    ctx.onPage(channel, {
      fetched: page.length,
      inserted: stored.inserted,
      edited: stored.edited,
      deleted: stored.deleted,
    });
    if (!full || max === undefined) return result;
    after = max.id;
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
