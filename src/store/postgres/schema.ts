import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';

// The PostgreSQL store: the same tables as `../sqlite/schema.ts` (the queries in store/queries/
// are shared), with PostgreSQL's own types and a tsvector column for full-text search, which a
// trigger (migrations/postgres, 0001) keeps in step with the text.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const ms = (name: string) => bigint(name, { mode: 'number' });

/** Every message the indexer has seen, including deleted ones (flagged) and bots' messages. */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    authorIsBot: boolean('author_is_bot').notNull().default(false),
    content: text('content').notNull(),
    createdAt: ms('created_at').notNull(),
    editedAt: ms('edited_at'),
    deleted: boolean('deleted').notNull().default(false),
    wipedAt: ms('wiped_at'),
    attachments: text('attachments').notNull().default('[]'),
    embeds: text('embeds').notNull().default('[]'),
    replyToId: text('reply_to_id'),
    type: integer('type').notNull().default(0),
    vectorSynced: boolean('vector_synced').notNull().default(false),
    /** The words keyword search indexes (text/words.ts); `search` is built from them by a trigger. */
    searchText: text('search_text'),
    /** Full-text search vector of the live text (null when deleted or empty), set by a trigger. */
    search: tsvector('search'),
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
    index('messages_unsynced_idx').on(t.id).where(sql`vector_synced = false`),
    index('messages_search_idx').using('gin', t.search),
  ],
);

export const channels = pgTable(
  'channels',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    parentId: text('parent_id'),
    type: integer('type').notNull(),
    name: text('name').notNull().default(''),
    nsfw: boolean('nsfw').notNull().default(false),
    lastMessageId: text('last_message_id'),
    lastCrawledAt: ms('last_crawled_at'),
    lastError: text('last_error'),
    deleted: boolean('deleted').notNull().default(false),
    availableTags: text('available_tags').notNull().default('[]'),
    appliedTags: text('applied_tags').notNull().default('[]'),
  },
  (t) => [index('channels_guild_idx').on(t.guildId)],
);

export const indexRuns = pgTable('index_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  startedAt: ms('started_at').notNull(),
  finishedAt: ms('finished_at'),
  status: text('status').notNull(),
  source: text('source').notNull().default('discord'),
  channels: integer('channels').notNull().default(0),
  messagesNew: integer('messages_new').notNull().default(0),
  messagesEdited: integer('messages_edited').notNull().default(0),
  messagesDeleted: integer('messages_deleted').notNull().default(0),
  messagesEmbedded: integer('messages_embedded').notNull().default(0),
  error: text('error'),
});

export const collections = pgTable('collections', {
  name: text('name').primaryKey(),
  guildId: text('guild_id').notNull().default(''),
  model: text('model').notNull(),
  dimension: integer('dimension'),
  createdAt: ms('created_at').notNull(),
  ready: boolean('ready').notNull().default(false),
});

export const indexerState = pgTable('indexer_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

export const optOuts = pgTable(
  'opt_outs',
  {
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.guildId] })],
);

export const answers = pgTable(
  'answers',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    sourceIds: text('source_ids').notNull().default('[]'),
    parentId: text('parent_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('answers_guild_created_idx').on(t.guildId, t.createdAt)],
);

export const feedback = pgTable(
  'feedback',
  {
    answerId: text('answer_id').notNull(),
    userId: text('user_id').notNull(),
    guildId: text('guild_id').notNull(),
    rating: integer('rating').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.answerId, t.userId] }),
    index('feedback_guild_created_idx').on(t.guildId, t.createdAt),
  ],
);

export const guilds = pgTable('guilds', {
  guildId: text('guild_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  unreachableAt: ms('unreachable_at'),
  unreachableReason: text('unreachable_reason'),
  lastFullRunAt: ms('last_full_run_at'),
  lastFullRemoved: integer('last_full_removed').notNull().default(0),
  /** The server's name as the crawl (GET /guilds/{id}) or an export last saw it; '' when unknown. */
  name: text('name').notNull().default(''),
});

// Per-server settings and help channels (issue 19); see ../sqlite/schema.ts for each column.

export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  helperRoleId: text('helper_role_id'),
  instructions: text('instructions').notNull().default(''),
  whenUnsure: text('when_unsure'),
  digestChannelId: text('digest_channel_id'),
  updatedAt: ms('updated_at').notNull(),
});

export const helpChannels = pgTable(
  'help_channels',
  {
    channelId: text('channel_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    type: integer('type').notNull(),
    enabledAt: ms('enabled_at').notNull(),
    enabledBy: text('enabled_by').notNull(),
  },
  (t) => [index('help_channels_guild_idx').on(t.guildId)],
);

export const excludedChannels = pgTable(
  'excluded_channels',
  {
    channelId: text('channel_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    excludedAt: ms('excluded_at').notNull(),
    excludedBy: text('excluded_by').notNull(),
  },
  (t) => [index('excluded_channels_guild_idx').on(t.guildId)],
);

export const settingsChanges = pgTable(
  'settings_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    field: text('field').notNull(),
    oldValue: text('old_value').notNull(),
    newValue: text('new_value').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('settings_changes_guild_idx').on(t.guildId, t.at)],
);

export const watchPolls = pgTable('watch_polls', {
  key: text('key').primaryKey(),
  guildId: text('guild_id').notNull(),
  channelId: text('channel_id'),
  cursor: text('cursor'),
  nextPollAt: ms('next_poll_at').notNull(),
  leaseOwner: text('lease_owner'),
  leaseUntil: ms('lease_until'),
  lastPolledAt: ms('last_polled_at'),
  lastError: text('last_error'),
});

export const helpPosts = pgTable(
  'help_posts',
  {
    postId: text('post_id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    parentId: text('parent_id').notNull(),
    kind: text('kind').notNull(),
    authorId: text('author_id').notNull(),
    title: text('title').notNull().default(''),
    createdAt: ms('created_at').notNull(),
    foundAt: ms('found_at').notNull(),
    status: text('status').notNull(),
    outcome: text('outcome'),
    answeredAt: ms('answered_at'),
    answerMessageIds: text('answer_message_ids').notNull().default('[]'),
    handedOffAt: ms('handed_off_at'),
    handedOffBy: text('handed_off_by'),
    handoffJobId: text('handoff_job_id'),
    handoffMessageId: text('handoff_message_id'),
    solvedAt: ms('solved_at'),
    solvedBy: text('solved_by'),
    acceptedMessageId: text('accepted_message_id'),
    acceptedKind: text('accepted_kind'),
  },
  (t) => [
    index('help_posts_guild_found_idx').on(t.guildId, t.foundAt),
    index('help_posts_channel_idx').on(t.channelId),
    index('help_posts_accepted_idx').on(t.acceptedMessageId).where(sql`accepted_message_id IS NOT NULL`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Insights (issue 21); see ../sqlite/schema.ts for the meaning of each column.

export const questions = pgTable(
  'questions',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    private: boolean('private').notNull().default(false),
    text: text('text').notNull(),
    outcome: text('outcome').notNull(),
    detail: text('detail').notNull().default(''),
    askedAt: ms('asked_at').notNull(),
    handedOffAt: ms('handed_off_at'),
    topicId: text('topic_id'),
    grouping: text('grouping'),
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

export const questionSources = pgTable(
  'question_sources',
  {
    questionId: text('question_id').notNull(),
    messageId: text('message_id').notNull(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    cited: boolean('cited').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.messageId] }),
    index('question_sources_guild_channel_idx').on(t.guildId, t.channelId),
  ],
);

export const topics = pgTable(
  'topics',
  {
    id: text('id').primaryKey(),
    guildId: text('guild_id').notNull(),
    method: text('method').notNull(),
    model: text('model').notNull().default(''),
    vectorSum: text('vector_sum').notNull().default(''),
    terms: text('terms').notNull().default('[]'),
    size: integer('size').notNull().default(0),
    labelQuestionId: text('label_question_id'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('topics_guild_idx').on(t.guildId, t.method)],
);

export const digests = pgTable(
  'digests',
  {
    guildId: text('guild_id').notNull(),
    week: text('week').notNull(),
    status: text('status').notNull(),
    owner: text('owner').notNull(),
    leaseUntil: ms('lease_until').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id'),
    error: text('error'),
    claimedAt: ms('claimed_at').notNull(),
    sentAt: ms('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.week] })],
);

export const insightsLeases = pgTable('insights_leases', {
  key: text('key').primaryKey(),
  owner: text('owner').notNull(),
  until: ms('until').notNull(),
});
