import { and, eq } from 'drizzle-orm';
import type { Db } from './db';
import { liveIdsBetween, markDeleted } from './messages';
import { type ChannelRow, channels } from './schema';

export interface ChannelInfo {
  id: string;
  guildId: string;
  parentId: string | null;
  type: number;
  name: string;
  nsfw: boolean;
}

/** Records a channel or thread (name, parent, type) without touching its crawl cursor. */
export function upsertChannel(db: Db, c: ChannelInfo): void {
  db.insert(channels)
    .values({ ...c, deleted: false })
    .onConflictDoUpdate({
      target: channels.id,
      set: { parentId: c.parentId, type: c.type, name: c.name, nsfw: c.nsfw, deleted: false },
    })
    .run();
}

export function getChannel(db: Db, id: string): ChannelRow | undefined {
  return db.select().from(channels).where(eq(channels.id, id)).get();
}

export function guildChannels(db: Db, guildId: string): ChannelRow[] {
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.guildId, guildId), eq(channels.deleted, false)))
    .all();
}

export function setCrawlResult(
  db: Db,
  id: string,
  r: { lastMessageId?: string | null; crawledAt: number; error: string | null },
): void {
  db.update(channels)
    .set({
      ...(r.lastMessageId === undefined ? {} : { lastMessageId: r.lastMessageId }),
      lastCrawledAt: r.crawledAt,
      lastError: r.error,
    })
    .where(eq(channels.id, id))
    .run();
}

/** Records a channel only when it is unknown (an import must not overwrite what a live crawl saw). */
export function insertChannelIfMissing(db: Db, c: ChannelInfo): void {
  db.insert(channels)
    .values({ ...c, deleted: false })
    .onConflictDoNothing({ target: channels.id })
    .run();
}

/** Moves a channel's crawl cursor forward (never back); call it in the transaction that stored the messages. */
export function advanceCursor(db: Db, id: string, lastMessageId: string): void {
  db.$client
    .prepare(
      `UPDATE channels SET last_message_id = @last
       WHERE id = @id AND (last_message_id IS NULL OR CAST(last_message_id AS INTEGER) < CAST(@last AS INTEGER))`,
    )
    .run({ last: lastMessageId, id });
}

/** Discord says the channel no longer exists: flag it and all its live messages deleted, in one transaction. */
export function markChannelDeleted(db: Db, id: string, at: number): number {
  return db.transaction(() => {
    const ids = liveIdsBetween(db, id, '0', '9223372036854775807');
    const n = markDeleted(db, ids);
    db.update(channels)
      .set({ deleted: true, lastCrawledAt: at, lastError: null })
      .where(eq(channels.id, id))
      .run();
    return n;
  });
}

/** Every channel and thread ever recorded for a guild, deleted ones included. */
export function allGuildChannels(db: Db, guildId: string): ChannelRow[] {
  return db.select().from(channels).where(eq(channels.guildId, guildId)).all();
}
