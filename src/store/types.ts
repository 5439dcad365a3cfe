/**
 * The store: every durable fact of the product behind one interface, with a SQLite implementation
 * (the embedded default, `store/sqlite/`) and a PostgreSQL one (`store/postgres/`), chosen once
 * from `DATABASE_URL` by `openStore`. Nothing outside `store/` knows which one it talks to.
 * Every method may reject with a StoreError when the database is unreachable or broken.
 */

/** One Discord message as stored: deleted ones stay as tombstones (flag set, text wiped when forgotten). */
export interface StoredMessage {
  id: string;
  guildId: string;
  channelId: string;
  authorId: string;
  authorName: string;
  authorIsBot: boolean;
  /** The searchable text: the message's own text plus marked forwarded text, file names, stickers, embeds. */
  content: string;
  /** Unix ms. */
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** JSON arrays as Discord sent them (trimmed to the fields the product reads). */
  attachments: string;
  embeds: string;
  replyToId: string | null;
  type: number;
  /** False while the vector store does not yet reflect this row (the embed stage's outbox). */
  vectorSynced: boolean;
}

/** A message as the crawl or an import hands it to the store; omitted fields take their defaults. */
export type NewMessage = Pick<
  StoredMessage,
  'id' | 'guildId' | 'channelId' | 'authorId' | 'authorName' | 'content' | 'createdAt'
> &
  Partial<
    Pick<
      StoredMessage,
      'authorIsBot' | 'editedAt' | 'deleted' | 'attachments' | 'embeds' | 'replyToId' | 'type'
    >
  >;

/**
 * A tag of a forum or media channel, as Discord lists it in the channel's `available_tags`.
 * @see https://discord.com/developers/docs/resources/channel#forum-tag-object
 */
export interface ForumTag {
  id: string;
  name: string;
  /** Only members with Manage Threads may apply it. */
  moderated: boolean;
}

/** A channel or thread as discovery reports it. */
export interface ChannelInfo {
  id: string;
  guildId: string;
  parentId: string | null;
  type: number;
  /** The channel's name; a thread's (a forum post's) title. */
  name: string;
  nsfw: boolean;
  /** A forum or media channel's tags (`available_tags`); none when omitted. */
  availableTags?: ForumTag[] | undefined;
  /** A thread's (forum post's) tag ids (`applied_tags`); none when omitted. */
  appliedTags?: string[] | undefined;
}

export interface StoredChannel extends ChannelInfo {
  availableTags: ForumTag[];
  appliedTags: string[];
  /** Highest message id stored; the next run fetches after it. */
  lastMessageId: string | null;
  lastCrawledAt: number | null;
  /** Why the last crawl of this channel failed or was skipped. */
  lastError: string | null;
  deleted: boolean;
}

/** What storing one page of messages changed. */
export interface PageChanges {
  inserted: number;
  edited: number;
  deleted: number;
  unchanged: number;
  /** Messages not stored because their author opted out (`/forget-me`). */
  optedOut: number;
  /** Import only: rows not applied because the store already knows better (deleted, or a newer edit). */
  stale: number;
  /** Messages of channels excluded with `/settings exclude-channel` (or their threads), not stored. */
  excluded: number;
}

/** Where a page of messages comes from: a live crawl is the truth; an import never moves the store backwards. */
export type PageSource = 'crawl' | 'import';

/** Which messages a search may return: one guild, and the channels (and threads) the asker may read. */
export interface SearchScope {
  guildId: string;
  /** Readable channel and thread ids; the store bounds the query size whatever their number. */
  channelIds: readonly string[];
  /** Only messages of this author (`/ask author:`). */
  authorId?: string | undefined;
  /** Only messages created at or after this time, unix ms (`/ask days:`). */
  sinceMs?: number | undefined;
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';
/**
 * What an index run reads: Discord (incremental), Discord's whole history (`--full`), export
 * files, or nothing (`--embed-only`: it only embeds what is stored; `--reembed`: it embeds
 * everything stored again, into fresh collections).
 */
export type RunSource = 'discord' | 'full' | 'import' | 'embed' | 'reembed';

export interface RunTotals {
  channels: number;
  messagesNew: number;
  messagesEdited: number;
  messagesDeleted: number;
  messagesEmbedded: number;
}

export interface IndexRun extends RunTotals {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  source: RunSource;
  error: string | null;
}

/** Who holds the indexer's run lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Tells two holders in one process apart. */
  token: string;
  startedAt: number;
  heartbeatAt: number;
}

/** The run lock while held; `lost` aborts when another process took it over (it thought us dead). */
export interface IndexLock {
  readonly holder: LockHolder;
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export type LockResult = { lock: IndexLock; replaced?: LockHolder } | { busy: LockHolder };

/** A vector collection the outbox fills: one per guild and embedding model. */
export interface CollectionState {
  name: string;
  guildId: string;
  model: string;
  dimension: number | null;
  ready: boolean;
}

/** An answer the bot gave, kept for follow-ups (conversation turns) and feedback review. */
export interface StoredAnswer {
  /** The id of the interaction that asked. */
  id: string;
  guildId: string;
  channelId: string;
  userId: string;
  question: string;
  /** The answer text as delivered (without the source list); '' once a source was forgotten. */
  answer: string;
  /** Every message the answer's prompt showed (each conversation's, oldest first). */
  sourceIds: string[];
  /** The answer this one followed up, if any. */
  parentId: string | null;
  createdAt: number;
}

export interface FeedbackEntry {
  answer: StoredAnswer;
  userId: string;
  rating: 1 | -1;
  at: number;
}

/** What the store knows about a guild beyond its messages. */
export interface GuildState {
  guildId: string;
  /** When the indexer found that the bot is no longer in the guild (403/404), if it did. */
  unreachableAt: number | null;
  unreachableReason: string | null;
  lastFullRunAt: number | null;
  /** Messages the last full run found deleted on Discord and removed. */
  lastFullRemoved: number;
}

export interface MessageStore {
  /**
   * Stores one page in one transaction: inserts new rows, updates changed ones (marking them for
   * re-embedding), flags `deletedIds` deleted, and moves `cursor` forward (never back). Messages of
   * opted-out authors are not stored. An `import` page never revives a deleted message nor
   * replaces a newer edit with an older version.
   */
  storePage(page: {
    rows: NewMessage[];
    deletedIds?: readonly string[];
    cursor?: { channelId: string; lastMessageId: string };
    source: PageSource;
  }): Promise<PageChanges>;
  /** Live message ids of a channel with afterId < id ≤ upToId (no upper bound when null), ascending. */
  liveIdsInRange(channelId: string, afterId: string, upToId: string | null): Promise<string[]>;
  byIds(ids: readonly string[]): Promise<StoredMessage[]>;
  /** Up to `before` live messages before and `after` after `m` in its channel, by time (oldest first). */
  neighbours(
    m: Pick<StoredMessage, 'id' | 'channelId' | 'createdAt'>,
    before: number,
    after: number,
  ): Promise<StoredMessage[]>;
  /** Replies to a message that are stored and live, oldest first. */
  replies(messageId: string, limit: number): Promise<StoredMessage[]>;
  /**
   * Keyword search within `scope`, best first: the rarest of the question's terms are searched
   * first while the messages they match stay under `budget`, so the work is bounded.
   */
  keywordSearch(scope: SearchScope, text: string, limit: number, budget?: number): Promise<string[]>;
  /** Whether the guild has any searchable message (an index seek, not a count). */
  hasIndexed(guildId: string): Promise<boolean>;
  /** Live, non-empty messages of a guild and the channels they are in. */
  countIndexed(guildId: string): Promise<{ messages: number; channels: number }>;
  /** Live, non-empty messages of every guild. */
  countAllIndexed(): Promise<number>;
  /** Live messages per readable channel of a guild (for sizing vector over-fetch). */
  countByChannel(guildId: string): Promise<Map<string, number>>;
  /**
   * Messages of one author (in one guild, or every guild) become tombstones: text, name and files
   * wiped, flagged deleted, never stored again by a later page. Returns their ids.
   */
  forgetAuthor(userId: string, guildId: string | undefined, at: number): Promise<string[]>;
  /** Messages created before `beforeMs` become tombstones (retention); returns how many. */
  expireBefore(beforeMs: number, at: number): Promise<number>;
  /** Messages flagged deleted that still hold text become tombstones (a full run's last step); returns how many. */
  wipeDeletedText(at: number): Promise<number>;
  /**
   * Fills in the keyword words (`search_text`) of up to `limit` live rows stored by a version that
   * did not write them (each index run calls it until it returns 0); returns how many it filled.
   */
  refreshSearchText(limit: number): Promise<number>;
}

export interface ChannelStore {
  /** Records channels and threads (name, parent, type) without touching their crawl cursors. */
  upsert(channels: readonly ChannelInfo[]): Promise<void>;
  /** Records a channel only when unknown (an import must not overwrite what a live crawl saw). */
  insertIfMissing(channel: ChannelInfo): Promise<void>;
  get(id: string): Promise<StoredChannel | undefined>;
  /** Live channels and threads of a guild. */
  ofGuild(guildId: string): Promise<StoredChannel[]>;
  /** Every channel and thread ever recorded for a guild, deleted ones included. */
  allOfGuild(guildId: string): Promise<StoredChannel[]>;
  setCrawlResult(id: string, r: { crawledAt: number; error: string | null }): Promise<void>;
  /** Moves a channel's cursor forward, never back. */
  advanceCursor(id: string, lastMessageId: string): Promise<void>;
  /** Discord says the channel is gone: it and its live messages are flagged deleted. Returns how many messages. */
  markDeleted(id: string, at: number): Promise<number>;
  /** Guild ids that have stored channels. */
  guildIds(): Promise<string[]>;
}

/** A thread or forum post, with its tags by name (its forum's `available_tags` name the ids it applied). */
export interface ThreadRecord {
  id: string;
  guildId: string;
  parentId: string | null;
  /** ANNOUNCEMENT_THREAD 10, PUBLIC_THREAD 11, PRIVATE_THREAD 12. */
  type: number;
  /** The parent's channel type (15 forum, 16 media, 0 text, 5 announcement), when it is stored. */
  parentType: number | null;
  /** The thread's name: a forum post's title. */
  title: string;
  /** Names of the tags applied to it (a forum post's `applied_tags`). */
  tags: string[];
}

/**
 * The structure of conversations: reply chains (both directions, any depth) and threads. A thread
 * started from a message has that message's id; a forum or media post's starter message has the
 * post's id and is in the post itself. Rows come as stored, deleted ones included: the caller
 * decides what may be shown (retrieval checks its scope on every row).
 */
export interface ConversationStore {
  /**
   * The reply trees through `ids`: each message's ancestors (what it replies to, and so on up),
   * then every descendant of the topmost ones (replies, replies to those…), walking only through
   * messages of `scope.guildId` in `scope.channelIds`, at most `depth` edges from where each walk
   * started; at most `limit` descendants, every ancestor. One statement per direction.
   */
  replyTrees(
    scope: Pick<SearchScope, 'guildId' | 'channelIds'>,
    ids: readonly string[],
    opts: { depth: number; limit: number },
  ): Promise<StoredMessage[]>;
  /** The first `limit` messages of a channel or thread, oldest first. */
  opening(channelId: string, limit: number): Promise<StoredMessage[]>;
  /**
   * Each message's live time neighbours in its channel (up to `before` before and `after` after it,
   * oldest first), by message id, in one statement for all of them.
   */
  around(
    messages: readonly Pick<StoredMessage, 'id' | 'channelId' | 'createdAt'>[],
    before: number,
    after: number,
  ): Promise<Map<string, StoredMessage[]>>;
  /** Those of `ids` that are live threads (or forum posts), with their tags. */
  threads(ids: readonly string[]): Promise<ThreadRecord[]>;
}

/** The embed stage's outbox: rows whose vectors Chroma does not reflect yet. */
export interface OutboxStore {
  /** Up to `limit` unsynced rows, skipping `exclude` (rows already being embedded). */
  next(limit: number, exclude?: ReadonlySet<string>): Promise<StoredMessage[]>;
  /** Marks rows synced where what was sent (text, deleted flag, author) is still what is stored. */
  markSyncedIfUnchanged(
    rows: readonly Pick<StoredMessage, 'id' | 'content' | 'deleted' | 'authorName'>[],
  ): Promise<number>;
  pending(): Promise<number>;
  /** Synced, live, non-empty rows of a guild: what its collection should hold. */
  countSyncedSearchable(guildId: string): Promise<number>;
  /** One page of those ids in id order after `afterId`. */
  syncedSearchablePage(guildId: string, afterId: string, limit: number): Promise<string[]>;
  /** Puts rows (or every synced searchable row of a guild) back into the outbox. */
  requeue(ids: readonly string[]): Promise<void>;
  requeueGuild(guildId: string): Promise<number>;
  /** The embedding model the outbox fills collections for, if any. */
  model(): Promise<string | undefined>;
  /** Points the outbox at a new model: every row unsynced, every collection of other models not ready. */
  switchModel(model: string, now: number): Promise<void>;
  collection(name: string): Promise<CollectionState | undefined>;
  collections(): Promise<CollectionState[]>;
  saveCollection(c: CollectionState): Promise<void>;
  dropCollection(name: string): Promise<void>;
}

export interface RunStore {
  start(at: number, source: RunSource): Promise<number>;
  finish(
    id: number,
    r: RunTotals & { finishedAt: number; status: RunStatus; error: string | null },
  ): Promise<void>;
  /** The most recent run (of one source, when given), finished or not. */
  last(source?: RunSource): Promise<IndexRun | undefined>;
  /** Runs left 'running' by a killed process are closed as failed. */
  closeAbandoned(now: number): Promise<void>;
  /**
   * A `--full` run's progress, kept until a full run ends so that a killed one resumes where it
   * stopped: per channel id, the highest message id it re-read, or 'done'.
   */
  fullProgress(): Promise<Map<string, string>>;
  saveFullProgress(channelId: string, position: string, at: number): Promise<void>;
  /** A full run ended: the next one starts again from the beginning of every channel. */
  clearFullProgress(): Promise<void>;
  /**
   * The one-run-at-a-time lock across every process sharing this store. A holder that died (killed,
   * machine lost) loses it: its session ends (PostgreSQL) or its heartbeat goes stale (SQLite).
   */
  acquireLock(opts?: { heartbeatMs?: number; staleMs?: number }): Promise<LockResult>;
}

export interface MemberStore {
  /** Records that a member's messages (in one guild, or every guild when guildId is undefined) must not be stored. */
  optOut(userId: string, guildId: string | undefined, at: number): Promise<void>;
  /** Removes an opt-out; true when there was one. */
  optIn(userId: string, guildId: string | undefined): Promise<boolean>;
  isOptedOut(userId: string, guildId: string): Promise<boolean>;
  countOptedOut(guildId: string): Promise<number>;
}

export interface AnswerStore {
  save(a: StoredAnswer): Promise<void>;
  get(id: string): Promise<StoredAnswer | undefined>;
  /** The conversation ending with `id`, oldest first, at most `turns` answers. */
  conversation(id: string, turns: number): Promise<StoredAnswer[]>;
  /** Records a member's rating of an answer, replacing their earlier one. */
  rate(answerId: string, userId: string, rating: 1 | -1, at: number): Promise<void>;
  ratingCounts(guildId: string, sinceMs: number): Promise<{ up: number; down: number }>;
  /** Rated answers of a guild, newest first (only 👎 ones when `down`). */
  feedback(guildId: string, opts: { down?: boolean; limit: number }): Promise<FeedbackEntry[]>;
  /** Wipes the text of answers that cite any of `messageIds`; returns how many. */
  forgetSources(messageIds: readonly string[]): Promise<number>;
  /** Wipes the questions and answers a member asked (in one guild, or every guild); returns how many. */
  forgetAsker(userId: string, guildId: string | undefined): Promise<number>;
}

/** A guild with searchable messages, as `npm run ask -- --guild` lists them. */
export interface IndexedGuild {
  guildId: string;
  /** Its name as last seen ('' when never seen: stored before names were kept). */
  name: string;
  /** Live, non-empty messages. */
  messages: number;
  channels: number;
}

export interface GuildStore {
  get(guildId: string): Promise<GuildState>;
  /**
   * Records a guild's name. `source: 'crawl'` (Discord's own answer) always wins; an `import`
   * names a guild only when no name is known yet, so an older export never renames it back.
   */
  setName(guildId: string, name: string, source: 'crawl' | 'import'): Promise<void>;
  /** Every guild with searchable messages, with its name and counts, by name then id. */
  indexed(): Promise<IndexedGuild[]>;
  /** Bumped by every change to a guild's searchable messages; caches key on it. */
  version(guildId: string): Promise<number>;
  bumpVersion(guildIds: Iterable<string>): Promise<void>;
  setUnreachable(guildId: string, at: number | null, reason: string | null): Promise<void>;
  recordFullRun(guildId: string, at: number, removed: number): Promise<void>;
  /** Removes everything stored for a guild (messages, channels, answers, feedback, state). Returns messages removed. */
  forget(guildId: string): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Per-server settings and help channels (issue 19)

/** In help channels, what the bot does when nothing relevant is found. */
export type WhenUnsure = 'silent' | 'say';

/** A watched help channel: a text or announcement channel (questions) or a forum or media channel (posts). */
export interface HelpChannel {
  channelId: string;
  /** Discord channel type: 0, 5 (questions are top-level messages) or 15, 16 (posts are threads). */
  type: number;
  /** When it was turned on (unix ms): only questions and posts created after it are answered. */
  enabledAt: number;
  enabledBy: string;
}

/** A guild's settings as stored; unset values are null (the operator's default then applies). */
export interface StoredGuildSettings {
  guildId: string;
  helpChannels: HelpChannel[];
  helperRoleId: string | null;
  excludedChannelIds: string[];
  /** Extra guidance for answers, '' for none. */
  instructions: string;
  whenUnsure: WhenUnsure | null;
  /** Where the weekly insights digest goes; null when off. */
  digestChannelId: string | null;
}

/** One validated change of a guild's settings, as `/settings` makes it. */
export type SettingsUpdate =
  | { kind: 'help-channel'; channelId: string; channelType: number; enabled: boolean }
  | { kind: 'helper-role'; roleId: string | null }
  | { kind: 'exclude-channel'; channelId: string; excluded: boolean }
  | { kind: 'instructions'; text: string }
  | { kind: 'when-unsure'; mode: WhenUnsure }
  | { kind: 'digest'; channelId: string | null };

/** A row of the settings change log: who changed what, from what to what, and when. */
export interface SettingsChangeRecord {
  guildId: string;
  userId: string;
  /** The setting, e.g. `help-channel:<id>` or `instructions`. */
  field: string;
  oldValue: string;
  newValue: string;
  at: number;
}

export interface SettingsUpdateResult {
  before: StoredGuildSettings;
  after: StoredGuildSettings;
  /** The logged change; undefined when the value was already what was asked. */
  change: SettingsChangeRecord | undefined;
  /** Excluding a channel: the ids of its messages (and its threads') that left the index now. */
  removedMessageIds: string[];
}

export interface SettingsStore {
  /** The guild's settings (empty ones when it never had any). */
  get(guildId: string): Promise<StoredGuildSettings>;
  /**
   * Applies one change in one transaction and logs it (who, what, old → new, when) when it changes
   * anything. Turning a help channel on or off also (re)schedules its watcher poll; excluding a
   * channel turns its stored messages and its threads' into tombstones (their vectors leave Chroma
   * through the outbox, or at once by the caller) and re-including it drops those tombstones and
   * rewinds the channels' crawl cursors, so the next index run reads them again.
   */
  update(
    guildId: string,
    update: SettingsUpdate,
    by: { userId: string; at: number },
  ): Promise<SettingsUpdateResult>;
  /** The newest changes first. */
  changes(guildId: string, limit: number): Promise<SettingsChangeRecord[]>;
  /** Excluded channel ids of a guild (threads of an excluded channel are excluded with it). */
  excludedChannelIds(guildId: string): Promise<string[]>;
  /** Every enabled help channel of every guild, for the watcher. */
  watchedChannels(): Promise<(HelpChannel & { guildId: string })[]>;
}

/** What became of a help post: waiting for its answer job, or one of its ends. */
export type HelpPostStatus =
  /** Found by the watcher; its answer job is queued or running. */
  | 'queued'
  /** The bot posted an answer. */
  | 'answered'
  /** Left to humans: a human answered first, or nothing relevant was found. */
  | 'left'
  /** Not for the bot: posted by a bot or an opted-out member, deleted, or the channel was turned off. */
  | 'skipped'
  /** The answer could not be delivered (Discord refused, the guild's permissions could not be read). */
  | 'failed'
  /** Known only through a hand-off or an accepted answer: created before the channel was watched. */
  | 'not_watched';

/** A post the watcher found (a forum thread, or a top-level question in a text channel). */
export interface NewHelpPost {
  /** The thread id (forum) or the question's message id (text channel). */
  postId: string;
  guildId: string;
  /** Where the bot answers: the thread, or the text channel. */
  channelId: string;
  /** The watched help channel. */
  parentId: string;
  kind: 'forum' | 'text';
  authorId: string;
  /** The post's title (forum), '' in a text channel. */
  title: string;
  /** When the post was created (unix ms). */
  createdAt: number;
  foundAt: number;
}

export interface HelpPost extends NewHelpPost {
  status: HelpPostStatus;
  /** Why it ended as it did, e.g. `human_answered`, `nothing_found`, `opted_out`. */
  outcome: string | null;
  answeredAt: number | null;
  /** The bot's answer messages, first (the reply) to last (the one with the buttons). */
  answerMessageIds: string[];
  handedOffAt: number | null;
  handedOffBy: string | null;
  /** The job that did the hand-off (its retry after a crash sends the same ping, once). */
  handoffJobId: string | null;
  handoffMessageId: string | null;
  solvedAt: number | null;
  solvedBy: string | null;
  /** The accepted answer: the bot's answer (its first message) or a member's message of the post. */
  acceptedMessageId: string | null;
  acceptedKind: 'bot' | 'member' | null;
}

/** The watcher's poll of one unit: a text channel, or every watched forum of a guild (one request). */
export interface WatchPoll {
  /** `channel:<id>` or `forums:<guild id>`. */
  key: string;
  guildId: string;
  /** The text channel polled; null for a guild's forums. */
  channelId: string | null;
  /** A text channel's last message id read; null for forums. */
  cursor: string | null;
  nextPollAt: number;
  lastPolledAt: number | null;
  lastError: string | null;
}

/** Help figures of one guild (or every guild) over a period. */
export interface HelpStats {
  /** Posts the watcher found. */
  watched: number;
  answered: number;
  /** Left to humans: a human answered first, or nothing relevant was found. */
  left: number;
  handedOff: number;
  solved: number;
  /** Solved with the bot's own answer accepted. */
  solvedByBot: number;
}

export interface HelpStore {
  /**
   * Leases up to `limit` polls that are due (their time has come and no live lease holds them) to
   * `owner` for `leaseMs`, so that one process polls each unit at a time. Due times and leases are
   * the database's clock.
   */
  claimPolls(owner: string, leaseMs: number, limit: number): Promise<WatchPoll[]>;
  /**
   * Ends a poll held by `owner`: moves its cursor forward (never back) and schedules the next,
   * `nextPollAt - polledAt` (the caller's clock: only the interval counts) after the database's now.
   * False when the lease was lost.
   */
  finishPoll(
    key: string,
    owner: string,
    r: { cursor?: string | undefined; polledAt: number; nextPollAt: number; error: string | null },
  ): Promise<boolean>;
  /** The polls of a guild (for `/settings show`). */
  polls(guildId: string): Promise<WatchPoll[]>;
  /**
   * Records posts the watcher found (a post already known is left as it is); returns the ids of
   * those whose answer is still owed (new, or still `queued`), whose job must be (re)offered.
   */
  addPosts(posts: readonly NewHelpPost[]): Promise<string[]>;
  get(postId: string): Promise<HelpPost | undefined>;
  /** Records a post known only through an action (hand-off, accepted answer) as `not_watched`. */
  ensure(post: NewHelpPost): Promise<HelpPost>;
  /** Ends a post's answer job: its status, why, and the bot's messages when it answered. */
  finish(
    postId: string,
    r: { status: HelpPostStatus; outcome: string; at: number; answerMessageIds?: string[] },
  ): Promise<void>;
  /**
   * Records a hand-off once per post: true when this call (or an earlier attempt of the same job)
   * owns it and must send the ping; false when another hand-off came first.
   */
  handOff(postId: string, r: { by: string; at: number; jobId: string }): Promise<boolean>;
  setHandOffMessage(postId: string, messageId: string): Promise<void>;
  /** Undoes a hand-off of `jobId` whose ping could not be sent (the next press tries again). */
  releaseHandOff(postId: string, jobId: string): Promise<void>;
  /** Records the accepted answer of a post (a later one replaces it) and bumps the guild's index version. */
  accept(
    postId: string,
    r: { kind: 'bot' | 'member'; messageId: string; by: string; at: number },
  ): Promise<void>;
  /**
   * Posts of a guild with an accepted answer whose post channel is one of `channelIds`, whose
   * post id is one of `messageIds`, or whose accepted message is one of `messageIds`.
   */
  acceptedFor(
    guildId: string,
    keys: { channelIds: readonly string[]; messageIds: readonly string[] },
  ): Promise<HelpPost[]>;
  stats(guildId: string | undefined, sinceMs: number): Promise<HelpStats>;
  /** Handed-off posts of a guild, newest first. */
  handOffs(guildId: string, limit: number): Promise<HelpPost[]>;
  /** Wipes the titles of a member's posts (in one guild, or every guild). */
  forgetAuthor(userId: string, guildId: string | undefined): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Insights (issue 21)

/** Where a question came from. */
export type QuestionKind = 'ask' | 'follow_up' | 'message' | 'help';

/**
 * What became of a question: answered with sources; nothing relevant found; answered, but degraded
 * (keyword search only, or the sources alone when the model was unavailable); refused as busy at
 * the acknowledgement; cut off at the model's token budget; failed (an error, too late).
 */
export type QuestionOutcome = 'answered' | 'nothing_found' | 'degraded' | 'busy' | 'cut_off' | 'failed';

/** How a question was put in its topic. */
export type Grouping = 'embedding' | 'keywords';

/** A question as the answer paths record it (a second record of the same id replaces the first). */
export interface QuestionRecord {
  id: string;
  guildId: string;
  channelId: string;
  userId: string;
  kind: QuestionKind;
  /** Asked privately (ephemeral): counted in every figure, its text never shown in Discord. */
  private: boolean;
  text: string;
  outcome: QuestionOutcome;
  /** More about the outcome (`keywords_only`, `model_unavailable`, `member_limit`, an error code), '' for none. */
  detail: string;
  /** Unix ms. */
  askedAt: number;
  /** The messages the answer was built from, with their channels; `cited` when the answer cites them. */
  sources: { messageId: string; channelId: string; cited: boolean }[];
}

export interface StoredQuestion extends Omit<QuestionRecord, 'sources'> {
  handedOffAt: number | null;
  topicId: string | null;
  grouping: Grouping | null;
  /** base64 float32 unit vector, '' when none. */
  embedding: string;
}

/** Similar questions of a guild (see src/insights/grouping.ts). */
export interface Topic {
  /** `e` (embedding) or `k` (keywords) and the id of the question that founded it. */
  id: string;
  guildId: string;
  method: Grouping;
  /** The embedding model of its vectors ('' for keyword topics). */
  model: string;
  /** Sum of the members' unit vectors (base64 float32), '' for keyword topics. */
  vectorSum: string;
  /** Keyword topics: the founding question's terms. */
  terms: string[];
  size: number;
  /** The medoid among its public questions, which names it; null when none is public. */
  labelQuestionId: string | null;
  updatedAt: number;
}

/** A topic's member as grouping reads it. */
export interface TopicMember {
  id: string;
  text: string;
  private: boolean;
  embedding: string;
}

/** Figures of one topic (or of the questions not grouped yet, topicId null) over a period. */
export interface TopicFigures {
  topicId: string | null;
  questions: number;
  /** Questions of the period that found nothing relevant. */
  nothingFound: number;
  /** Questions whose answer got at least one 👎. */
  ratedDown: number;
  /** Questions handed to a human. */
  handedOff: number;
  /** Questions that are any of the three (each counted once). */
  gaps: number;
  /** Questions grouped by keywords (the embedding model was unreachable). */
  byKeywords: number;
}

/** A topic's name: its label question's text when it is public. */
export interface TopicLabel {
  topicId: string;
  size: number;
  method: Grouping;
  /** The medoid's text, or null when the topic holds only private questions. */
  text: string | null;
}

/** A weekly digest's claim: one per guild and ISO week. */
export interface DigestClaim {
  guildId: string;
  week: string;
  channelId: string;
  /** The claim took over an earlier one whose process died (its message may already exist). */
  retry: boolean;
}

export interface InsightsStore {
  /** Records a question and its outcome (replacing an earlier record of the same id, its topic kept). */
  record(q: QuestionRecord): Promise<void>;
  /** Records that a question was handed to a human (its first hand-off is kept). */
  handOff(questionId: string, at: number): Promise<void>;
  get(id: string): Promise<StoredQuestion | undefined>;
  /** A lease held by one process at a time across all (`key`), until now + leaseMs; true when `owner` holds it. */
  claimLease(key: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  releaseLease(key: string, owner: string): Promise<void>;
  /** Questions not grouped yet, oldest first; with `regroup`, then those grouped by keywords. */
  toGroup(limit: number, opts?: { regroup?: boolean }): Promise<StoredQuestion[]>;
  /** A guild's topics of one method (embedding topics of one model). */
  topics(guildId: string, method: Grouping, model?: string): Promise<Topic[]>;
  /**
   * Saves one grouping step in one transaction: each question's topic (and embedding), and the
   * topics created or changed. A question grouped meanwhile by someone else is left alone.
   */
  saveGrouping(step: {
    assignments: { questionId: string; topicId: string; grouping: Grouping; embedding: string }[];
    topics: Topic[];
  }): Promise<void>;
  /** A topic's members, newest first (only public ones when `publicOnly`). */
  members(topicId: string, opts: { publicOnly: boolean; limit: number }): Promise<TopicMember[]>;
  /** Sets a topic's size, vector sum and label, or deletes it when size is 0. */
  saveTopic(t: Topic): Promise<void>;
  topic(id: string): Promise<Topic | undefined>;
  /** Deletes a member's questions (one guild, or every guild) with their sources; returns how many and the topics they were in. */
  forgetAsker(userId: string, guildId: string | undefined): Promise<{ removed: number; topicIds: string[] }>;
  /** Deletes questions asked before `beforeMs` (retention); returns how many and the topics they were in. */
  expireBefore(beforeMs: number): Promise<{ removed: number; topicIds: string[] }>;
  /** Per topic (and null: not grouped yet): the figures of the questions asked in [since, until). */
  topicFigures(guildId: string, sinceMs: number, untilMs: number): Promise<TopicFigures[]>;
  /** Questions in [since, until) by outcome, and how many of them were private. */
  outcomes(
    guildId: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<{ byOutcome: Partial<Record<QuestionOutcome, number>>; total: number; private: number }>;
  /** Questions and gaps per UTC day (day = floor(ms / 86 400 000)) in [since, until). */
  daily(
    guildId: string,
    sinceMs: number,
    untilMs: number,
  ): Promise<{ day: number; questions: number; gaps: number }[]>;
  /** Channels whose messages the answers of [since, until) cited, most questions first. */
  sourceChannels(
    guildId: string,
    sinceMs: number,
    untilMs: number,
    limit: number,
  ): Promise<{ channelId: string; questions: number }[]>;
  /** The 👍 / 👎 of answers to questions asked in [since, until), one per member and answer. */
  ratings(guildId: string, sinceMs: number, untilMs: number): Promise<{ up: number; down: number }>;
  /** The topics' names (the label question's text only when it is public). */
  labels(topicIds: readonly string[]): Promise<TopicLabel[]>;
  /** Public questions of a topic (null: not grouped yet) in [since, until), newest first: for operators. */
  publicTexts(
    guildId: string,
    topicId: string | null,
    sinceMs: number,
    untilMs: number,
    limit: number,
  ): Promise<{ id: string; text: string; outcome: QuestionOutcome; askedAt: number }[]>;
  /** Guilds with a digest channel set (`/settings digest`). */
  digestChannels(): Promise<{ guildId: string; channelId: string }[]>;
  /**
   * Claims the digest of (guild, week) for `owner` until now + leaseMs: undefined when it was sent,
   * failed for good, or is being sent by a live claim.
   */
  claimDigest(
    r: { guildId: string; week: string; channelId: string; owner: string },
    now: number,
    leaseMs: number,
  ): Promise<DigestClaim | undefined>;
  /** Ends a claim: sent (with the message id) or failed (with why). */
  finishDigest(
    guildId: string,
    week: string,
    owner: string,
    r: { status: 'sent'; messageId: string; at: number } | { status: 'failed'; error: string; at: number },
  ): Promise<void>;
  /** Claims of the digest left `sending` by a process that died (their lease ran out before `now`). */
  staleDigests(now: number): Promise<{ guildId: string; week: string; channelId: string }[]>;
  /** The digest row of (guild, week), if any. */
  digest(
    guildId: string,
    week: string,
  ): Promise<{ status: string; messageId: string | null; error: string | null } | undefined>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly messages: MessageStore;
  readonly channels: ChannelStore;
  readonly conversations: ConversationStore;
  readonly outbox: OutboxStore;
  readonly runs: RunStore;
  readonly members: MemberStore;
  readonly answers: AnswerStore;
  readonly guilds: GuildStore;
  readonly settings: SettingsStore;
  readonly help: HelpStore;
  readonly insights: InsightsStore;
  /** A trivial query: resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
