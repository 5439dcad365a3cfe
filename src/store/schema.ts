import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every message the indexer has seen, including deleted ones (flagged) and bots' messages. */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    authorIsBot: integer('author_is_bot', { mode: 'boolean' }).notNull().default(false),
    content: text('content').notNull(),
    /** Unix ms. */
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    attachments: text('attachments').notNull().default('[]'),
    embeds: text('embeds').notNull().default('[]'),
    replyToId: text('reply_to_id'),
    type: integer('type').notNull().default(0),
    /**
     * Outbox flag: false while the vector store does not yet reflect this row (new, edited or
     * deleted). The embed stage clears it only after Chroma accepted the change, so a killed run
     * leaves exactly the rows that still need work.
     */
    vectorSynced: integer('vector_synced', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('messages_channel_id_idx').on(t.channelId, t.id),
    index('messages_channel_created_idx').on(t.channelId, t.createdAt),
    index('messages_guild_created_idx').on(t.guildId, t.createdAt),
    index('messages_unsynced_idx').on(t.vectorSynced).where(sql`vector_synced = 0`),
  ],
);

/** Channels and threads the indexer knows, with their crawl cursor. */
export const channels = sqliteTable(
  'channels',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    parentId: text('parent_id'),
    type: integer('type').notNull(),
    name: text('name').notNull().default(''),
    nsfw: integer('nsfw', { mode: 'boolean' }).notNull().default(false),
    /** Highest message id stored; the next run fetches after it. */
    lastMessageId: text('last_message_id'),
    lastCrawledAt: integer('last_crawled_at'),
    /** Why the last crawl of this channel failed or was skipped, for /status and the run summary. */
    lastError: text('last_error'),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('channels_guild_idx').on(t.guildId)],
);

/** One row per indexing run, for /status and the metrics. */
export const indexRuns = sqliteTable('index_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  /** running | ok | failed | partial */
  status: text('status').notNull(),
  source: text('source').notNull().default('discord'),
  channels: integer('channels').notNull().default(0),
  messagesNew: integer('messages_new').notNull().default(0),
  messagesEdited: integer('messages_edited').notNull().default(0),
  messagesDeleted: integer('messages_deleted').notNull().default(0),
  messagesEmbedded: integer('messages_embedded').notNull().default(0),
  error: text('error'),
});

/** Vector collections, one per embedding model; `ready` once filled from SQLite. */
export const collections = sqliteTable('collections', {
  name: text('name').primaryKey(),
  model: text('model').notNull(),
  dimension: integer('dimension'),
  createdAt: integer('created_at').notNull(),
  ready: integer('ready', { mode: 'boolean' }).notNull().default(false),
});

export type MessageRow = typeof messages.$inferSelect;
export type NewMessageRow = typeof messages.$inferInsert;
export type ChannelRow = typeof channels.$inferSelect;
export type IndexRunRow = typeof indexRuns.$inferSelect;

/**
 * Small keyed state of the indexer shared across processes: the run lock (`lock`, JSON with pid,
 * host and heartbeat) and which vector collection the `messages.vector_synced` outbox tracks
 * (`outbox_collection`).
 */
export const indexerState = sqliteTable('indexer_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
