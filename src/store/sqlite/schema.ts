import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// The SQLite store (the embedded default). `../postgres/schema.ts` declares the same tables for
// PostgreSQL; the queries shared by both (store/queries/) name these tables and columns.

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
    /** When the text was wiped (forgotten, deleted and fully re-checked, or past retention): never revived. */
    wipedAt: integer('wiped_at'),
    attachments: text('attachments').notNull().default('[]'),
    embeds: text('embeds').notNull().default('[]'),
    /** The message this one replies to (a reply chain's edge); cleared when the text is wiped. */
    replyToId: text('reply_to_id'),
    type: integer('type').notNull().default(0),
    /**
     * The words keyword search indexes (text/words.ts: folded, unspaced scripts as bigrams), written
     * with the text by `storePage` and wiped with it; the FTS5 table (migrations/0009) indexes it.
     */
    searchText: text('search_text'),
    /**
     * Outbox flag: false while the vector store does not yet reflect this row (new, edited or
     * deleted). The embed stage clears it only after Chroma accepted the change, so a killed run
     * leaves exactly the rows that still need work.
     */
    vectorSynced: integer('vector_synced', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('messages_channel_created_idx').on(t.channelId, t.createdAt),
    index('messages_guild_created_idx').on(t.guildId, t.createdAt),
    index('messages_author_idx').on(t.authorId, t.guildId),
    index('messages_reply_idx').on(t.replyToId).where(sql`reply_to_id IS NOT NULL`),
    // Rows a version before migrations/0009 stored without keyword words: found at once, none once filled in.
    index('messages_search_missing_idx')
      .on(t.id)
      .where(sql`search_text IS NULL AND deleted = FALSE AND content <> ''`),
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
    /** A forum or media channel's tags, JSON `[{id, name, moderated}]` as Discord's `available_tags`. */
    availableTags: text('available_tags').notNull().default('[]'),
    /** A thread's (forum post's) tag ids, JSON as Discord's `applied_tags`. */
    appliedTags: text('applied_tags').notNull().default('[]'),
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
  /** discord | full | import */
  source: text('source').notNull().default('discord'),
  channels: integer('channels').notNull().default(0),
  messagesNew: integer('messages_new').notNull().default(0),
  messagesEdited: integer('messages_edited').notNull().default(0),
  messagesDeleted: integer('messages_deleted').notNull().default(0),
  messagesEmbedded: integer('messages_embedded').notNull().default(0),
  error: text('error'),
});

/** Vector collections, one per guild and embedding model; `ready` once filled from the store. */
export const collections = sqliteTable('collections', {
  name: text('name').primaryKey(),
  guildId: text('guild_id').notNull().default(''),
  model: text('model').notNull(),
  dimension: integer('dimension'),
  createdAt: integer('created_at').notNull(),
  ready: integer('ready', { mode: 'boolean' }).notNull().default(false),
});

/**
 * Small keyed state of the indexer shared across processes: the run lock (`lock`, JSON with pid,
 * host and heartbeat) and the embedding model the outbox fills collections for (`outbox_model`).
 */
export const indexerState = sqliteTable('indexer_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Members who asked to be forgotten (`/forget-me`, `npm run forget`); guild '' means every guild. */
export const optOuts = sqliteTable(
  'opt_outs',
  {
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.guildId] })],
);

/** Answers given, for follow-up conversations and feedback review. */
export const answers = sqliteTable(
  'answers',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    /** JSON array of message ids. */
    sourceIds: text('source_ids').notNull().default('[]'),
    parentId: text('parent_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('answers_guild_created_idx').on(t.guildId, t.createdAt)],
);

/** Members' 👍 (1) / 👎 (-1) on answers; one per member and answer. */
export const feedback = sqliteTable(
  'feedback',
  {
    answerId: text('answer_id').notNull(),
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    rating: integer('rating').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.userId] }),
    index('feedback_guild_created_idx').on(t.guildId, t.createdAt),
  ],
);

/** Per guild: the index version caches key on, reachability, and the last full run. */
export const guilds = sqliteTable('guilds', {
  guildId: text('guild_id').primaryKey(),
  version: integer('version').notNull().default(0),
  unreachableAt: integer('unreachable_at'),
  unreachableReason: text('unreachable_reason'),
  lastFullRunAt: integer('last_full_run_at'),
  lastFullRemoved: integer('last_full_removed').notNull().default(0),
  /** The server's name as the crawl (GET /guilds/{id}) or an export last saw it; '' when unknown. */
  name: text('name').notNull().default(''),
});

// ---------------------------------------------------------------------------------------------
// Per-server settings and help channels (issue 19)

/** One row per guild that changed a setting; null columns take the operator's default. */
export const guildSettings = sqliteTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  helperRoleId: text('helper_role_id'),
  /** Extra guidance for answers ('' for none), at most 1,000 characters. */
  instructions: text('instructions').notNull().default(''),
  /** silent | say; null: HELP_WHEN_UNSURE. */
  whenUnsure: text('when_unsure'),
  digestChannelId: text('digest_channel_id'),
  updatedAt: integer('updated_at').notNull(),
});

/** Watched help channels: only posts created after `enabled_at` are answered. */
export const helpChannels = sqliteTable(
  'help_channels',
  {
    channelId: text('channel_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    /** 0, 5: questions are top-level messages; 15, 16: posts are threads. */
    type: integer('type').notNull(),
    enabledAt: integer('enabled_at').notNull(),
    enabledBy: text('enabled_by').notNull(),
  },
  (t) => [index('help_channels_guild_idx').on(t.guildId)],
);

/** Channels never indexed nor cited (with their threads). */
export const excludedChannels = sqliteTable(
  'excluded_channels',
  {
    channelId: text('channel_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    /** Also the `wiped_at` of the tombstones the exclusion made, so that re-including drops exactly those. */
    excludedAt: integer('excluded_at').notNull(),
    excludedBy: text('excluded_by').notNull(),
  },
  (t) => [index('excluded_channels_guild_idx').on(t.guildId)],
);

/** Every settings change: who, what, old → new, when. */
export const settingsChanges = sqliteTable(
  'settings_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value').notNull(),
    newValue: text('new_value').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('settings_changes_guild_idx').on(t.guildId, t.at)],
);

/**
 * The watcher's polls: one per watched text channel (`channel:<id>`, with its message cursor) and
 * one per guild with watched forums (`forums:<guild id>`: one request lists every active post). A
 * lease lets one process poll a unit at a time across every process sharing the store.
 */
export const watchPolls = sqliteTable('watch_polls', {
  key: text('key').primaryKey(),
  guildId: text('guild_id').notNull(),
  channelId: text('channel_id'),
  cursor: text('cursor'),
  nextPollAt: integer('next_poll_at').notNull(),
  leaseOwner: text('lease_owner'),
  leaseUntil: integer('lease_until'),
  lastPolledAt: integer('last_polled_at'),
  lastError: text('last_error'),
});

/** Posts of help channels and what became of them: answer, hand-off, accepted answer. */
export const helpPosts = sqliteTable(
  'help_posts',
  {
    /** The thread id (forum post) or the question's message id (text channel). */
    postId: text('post_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    parentId: text('parent_id').notNull(),
    /** forum | text */
    kind: text('kind').notNull(),
    authorId: text('author_id').notNull(),
    title: text('title').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    foundAt: integer('found_at').notNull(),
    /** queued | answered | left | skipped | failed | not_watched */
    status: text('status').notNull(),
    outcome: text('outcome'),
    answeredAt: integer('answered_at'),
    /** JSON array of the bot's answer message ids. */
    answerMessageIds: text('answer_message_ids').notNull().default('[]'),
    handedOffAt: integer('handed_off_at'),
    handedOffBy: text('handed_off_by'),
    handoffJobId: text('handoff_job_id'),
    handoffMessageId: text('handoff_message_id'),
    solvedAt: integer('solved_at'),
    solvedBy: text('solved_by'),
    acceptedMessageId: text('accepted_message_id'),
    /** bot | member */
    acceptedKind: text('accepted_kind'),
  },
  (t) => [
    index('help_posts_guild_found_idx').on(t.guildId, t.foundAt),
    index('help_posts_channel_idx').on(t.channelId),
    index('help_posts_accepted_idx').on(t.acceptedMessageId).where(sql`accepted_message_id IS NOT NULL`),
  ],
);
