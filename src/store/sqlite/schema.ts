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

// ---------------------------------------------------------------------------------------------
// Insights (issue 21): every question with its outcome, its sources, the topics questions are
// grouped into, and the weekly digests sent.

/**
 * Every question members asked (`/ask`, follow-ups, "Ask about this message", help posts) and what
 * became of it. Private (ephemeral) questions count like the others; their text is never shown in
 * Discord. A member's rows leave with `/forget-me`, `npm run forget` and retention.
 */
export const questions = sqliteTable(
  'questions',
  {
    /** The interaction id (or the help post's id): the same id as the answer and its ratings. */
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    /** Where it was asked. */
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    /** ask | follow_up | message | help */
    kind: text('kind').notNull(),
    /** Asked privately (ephemeral): counted, never shown in Discord. */
    private: integer('private', { mode: 'boolean' }).notNull().default(false),
    text: text('text').notNull(),
    /** answered | nothing_found | degraded | busy | cut_off | failed */
    outcome: text('outcome').notNull(),
    /** More about the outcome, e.g. `keywords_only`, `model_unavailable`, `member_limit`, an error code. */
    detail: text('detail').notNull().default(''),
    /** Unix ms. */
    askedAt: integer('asked_at').notNull(),
    /** When a human was asked to take over (help posts' "Ask a human"). */
    handedOffAt: integer('handed_off_at'),
    /** The topic it belongs to; null while not grouped yet. */
    topicId: text('topic_id'),
    /** How it was grouped: embedding | keywords; null while not grouped yet. */
    grouping: text('grouping'),
    /** Its embedding (base64 of little-endian float32, unit length), '' when none. */
    embedding: text('embedding').notNull().default(''),
  },
  (t) => [
    index('questions_guild_asked_idx').on(t.guildId, t.askedAt),
    index('questions_user_idx').on(t.userId, t.guildId),
    index('questions_topic_idx').on(t.topicId),
    index('questions_grouping_idx').on(t.grouping),
    index('questions_asked_idx').on(t.askedAt),
  ],
);

/** The messages an answer was built from (their channels answer the "which channels help" question). */
export const questionSources = sqliteTable(
  'question_sources',
  {
    questionId: text('question_id').notNull(),
    messageId: text('message_id').notNull(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** Cited by the answer (or every source of a sources-only answer). */
    cited: integer('cited', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.messageId] }),
    index('question_sources_guild_channel_idx').on(t.guildId, t.channelId),
  ],
);

/**
 * Topics: similar questions of a guild, grouped incrementally (each new question joins the nearest
 * topic above the similarity threshold, or founds one). An embedding topic keeps the sum of its
 * members' unit vectors (its direction is the centroid; its medoid is the member nearest it).
 */
export const topics = sqliteTable(
  'topics',
  {
    /** `e` (embedding) or `k` (keywords) and the id of the question that founded it. */
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    /** embedding | keywords */
    method: text('method').notNull(),
    /** The embedding model of its vectors ('' for keyword topics). */
    model: text('model').notNull().default(''),
    /** Sum of the members' unit vectors (base64 float32), '' for keyword topics. */
    vectorSum: text('vector_sum').notNull().default(''),
    /** Keyword topics: the founding question's terms (JSON array). */
    terms: text('terms').notNull().default('[]'),
    size: integer('size').notNull().default(0),
    /** The most typical public question (the medoid), which names the topic; null when none is public. */
    labelQuestionId: text('label_question_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('topics_guild_idx').on(t.guildId, t.method)],
);

/**
 * Weekly digests: one row per guild and ISO week, claimed before sending, so that each is posted
 * once whatever the number of processes; a claim whose process died is taken over after its lease.
 */
export const digests = sqliteTable(
  'digests',
  {
    guildId: text('guild_id').notNull(),
    /** ISO week, e.g. `2026-W49`. */
    week: text('week').notNull(),
    /** sending | sent | failed */
    status: text('status').notNull(),
    owner: text('owner').notNull(),
    leaseUntil: integer('lease_until').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id'),
    error: text('error'),
    claimedAt: integer('claimed_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.week] })],
);

/** Leases of work one process at a time does across all processes (the topic grouper). */
export const insightsLeases = sqliteTable('insights_leases', {
  key: text('key').primaryKey(),
  owner: text('owner').notNull(),
  until: integer('until').notNull(),
});
