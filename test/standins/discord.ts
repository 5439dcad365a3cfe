/**
 * In-process stand-in for the Discord REST API v10 (the parts this bot uses), speaking the real
 * wire protocol so that `@discordjs/rest` can be pointed at it:
 *   new REST({ version: '10', api: standin.apiUrl }).setToken(standin.botToken)
 */
import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { createForumState, type ForumStandIn } from './discord-forums';
import {
  closeServer,
  headerRecord,
  isRecord,
  type JsonBody,
  readBody,
  readJson,
  type StartedServer,
  sleep,
  startServer,
  waitFor,
} from './http';

export const DISCORD_EPOCH = 1420070400000n;

export interface StandInRole {
  id: string;
  permissions: string;
  name?: string;
  position?: number;
}

export interface StandInOverwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface AddGuildInput {
  id: string;
  ownerId: string;
  name?: string;
  roles: StandInRole[];
  /** The server's `preferred_locale` (default en-US). */
  preferredLocale?: string;
}

export interface AddChannelInput {
  id: string;
  guildId: string;
  type: number;
  name?: string;
  parentId?: string | null;
  nsfw?: boolean;
  overwrites?: StandInOverwrite[];
  /** A thread's creator (a forum post's author); the bot when unset. */
  ownerId?: string;
  /** A forum's (type 15, 16) tags. */
  availableTags?: StandInTag[];
  /** A thread's applied tag ids. */
  appliedTags?: string[];
}

/** A forum tag. https://discord.com/developers/docs/resources/channel#forum-tag-object */
export interface StandInTag {
  id: string;
  name: string;
  moderated?: boolean;
}

export interface SetThreadInput {
  archived: boolean;
  archiveTimestamp?: string;
  members?: string[];
}

export interface AddMessageInput {
  id: string;
  authorId: string;
  authorName?: string;
  bot?: boolean;
  content: string;
  /** default: derived from the snowflake */
  timestamp?: string;
  editedTimestamp?: string | null;
  replyTo?: string;
  attachments?: unknown[];
  embeds?: unknown[];
}

export interface RecordedDiscordRequest {
  method: string;
  /** full path including /api/v10, without the query string */
  path: string;
  query: URLSearchParams;
  /** parsed JSON body, the raw string if it was not JSON, undefined if empty */
  body: unknown;
  headers: Record<string, string | undefined>;
  at: number;
}

export interface WebhookOriginal {
  content: string;
  embeds?: unknown[];
  allowed_mentions?: unknown;
  [key: string]: unknown;
}

export interface WebhookRecord {
  original?: WebhookOriginal;
  /** every PATCH body sent to @original, in order */
  edits: Record<string, unknown>[];
  /** one entry per follow-up: the POSTed body merged with later PATCHes, plus its message `id` */
  followups: Record<string, unknown>[];
}

export interface DiscordStandIn extends ForumStandIn {
  /** e.g. http://127.0.0.1:PORT/api (without version; requests arrive at /api/v10/...) */
  apiUrl: string;
  botToken: string;
  applicationId: string;
  botUserId: string;
  addGuild(g: AddGuildInput): void;
  addMember(guildId: string, m: { userId: string; roles: string[] }): void;
  addChannel(c: AddChannelInput): void;
  setThread(channelId: string, t: SetThreadInput): void;
  addMessage(channelId: string, m: AddMessageInput): void;
  editMessage(channelId: string, id: string, content: string, editedTimestamp?: string): void;
  deleteMessage(channelId: string, id: string): void;
  deleteChannel(id: string): void;
  /**
   * Removes the bot from a guild (`false`) or adds it back (`true`): while it is out, the guild's
   * routes, its channels' routes and its command registration answer 403 Missing Access (code
   * 50001), as Discord does (also for an application invited without `applications.commands`).
   */
  setBotInGuild(guildId: string, present: boolean): void;
  rateLimit(opts: { pathIncludes: string; count: number; retryAfterSeconds: number; global?: boolean }): void;
  /**
   * The next `count` matching requests get `status` (with Discord's JSON `code` and `message` when
   * given, e.g. 404 / 10015 "Unknown Webhook" for a token Discord does not know yet) and are not
   * carried out.
   */
  failNext(opts: {
    pathIncludes: string;
    count: number;
    status: number;
    code?: number;
    message?: string;
    /** Only requests of this method, e.g. 'PATCH' (any when unset). */
    method?: string;
  }): void;
  /**
   * The member deletes a message of an interaction, as from Discord's client: the reply
   * (`'@original'`, also before the bot first edited it) or a follow-up by id. Later requests on it
   * get 404 Unknown Message (10008); the token's other routes keep working.
   */
  memberDeletes(token: string, message: '@original' | string): void;
  /**
   * The next `count` matching requests are carried out (a POSTed follow-up is stored), then answered
   * `delayMs` late and/or with `status` instead of the real answer: Discord acted, the client cannot tell.
   */
  failAfterHandling(opts: {
    pathIncludes: string;
    count: number;
    status?: number;
    delayMs?: number;
    /** Only requests of this method, e.g. 'POST' (any when unset). */
    method?: string;
  }): void;
  requests: RecordedDiscordRequest[];
  webhookMessages: Map<string, WebhookRecord>;
  /** Help channels (issue 19): forum posts, members' messages, the bot's messages, tags, reactions, pings. */
  help: HelpChannelsStandIn;
  /** Files uploaded with messages (multipart `files[n]`), issue 21: the digest's chart. */
  uploads: UploadedFile[];
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  commands: { global: unknown[]; guild: Map<string, unknown[]> };
  close(): Promise<void>;
}

/** A message the bot sent with its token (`POST /channels/{id}/messages`), as it is now. */
export interface BotMessage {
  id: string;
  channelId: string;
  content: string;
  components: unknown[];
  allowedMentions: unknown;
  replyTo: string | undefined;
  nonce: string | undefined;
  /** How many PATCHes it had. */
  edits: number;
}

/** Who a message pinged, as Discord computes it from its content and `allowed_mentions`. */
export interface Ping {
  messageId: string;
  channelId: string;
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** The help-channel part of the stand-in (issue 19). */
export interface HelpChannelsStandIn {
  /**
   * A member opens a forum post: a public thread (type 11) of `forumId`, created now unless `id`
   * says when, whose starter message has the thread's id. Returns the thread id.
   */
  createPost(
    forumId: string,
    p: { authorId: string; title: string; content: string; id?: string; bot?: boolean; tags?: string[] },
  ): string;
  /** A member (or a bot) writes in a channel or thread now (or at `id`). Returns the message id. */
  say(
    channelId: string,
    m: { authorId: string; content: string; replyTo?: string; bot?: boolean; id?: string },
  ): string;
  /** The bot's messages in a channel or thread, oldest first. */
  botMessages(channelId: string): BotMessage[];
  /** Every ping any bot message made, in order. */
  pings: Ping[];
  /** The reactions on a message: emoji → user ids. */
  reactions(channelId: string, messageId: string): Map<string, string[]>;
  /** A thread's name and applied tags as they are now. */
  thread(threadId: string): { name: string; appliedTags: string[] };
  /** Every PATCH of a thread (tags, name), in order. */
  threadPatches: { threadId: string; body: Record<string, unknown> }[];
  /** Takes a permission from the bot in a channel: sending messages, or managing threads (tags, names). */
  denyBot(channelId: string, what: 'send' | 'manage-threads'): void;
}

export interface DiscordStandInOptions {
  botToken?: string;
  applicationId?: string;
}

// ---------------------------------------------------------------------------------------------
// helpers

const THREAD_TYPES = new Set([10, 11, 12]);
const SNOWFLAKE_RE = /^\d{1,20}$/;

/** Discord's timestamp format: 2015-01-01T00:00:00.000000+00:00 */
export function discordTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

export function snowflakeToMs(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function snowflakeFromMs(ms: number, increment = 0): string {
  return String(((BigInt(Math.floor(ms)) - DISCORD_EPOCH) << 22n) | BigInt(increment & 0xfff));
}

function cmpId(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

interface ApiError {
  status: number;
  body: { message: string; code: number; errors?: Record<string, unknown> };
}

function apiError(status: number, code: number, message: string): ApiError {
  return { status, body: { message, code } };
}

function formError(errors: Record<string, unknown>): ApiError {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

/** Builds Discord's nested `errors` object for one field path, e.g. ['embeds', '0', 'title']. */
function fieldError(path: string[], code: string, message: string): Record<string, unknown> {
  let node: Record<string, unknown> = { _errors: [{ code, message }] };
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (key === undefined) continue;
    node = { [key]: node };
  }
  return node;
}

const unknownChannel = (): ApiError => apiError(404, 10003, 'Unknown Channel');
const unknownGuild = (): ApiError => apiError(404, 10004, 'Unknown Guild');
const unknownMember = (): ApiError => apiError(404, 10007, 'Unknown Member');
const unknownMessage = (): ApiError => apiError(404, 10008, 'Unknown Message');
const unknownWebhook = (): ApiError => apiError(404, 10015, 'Unknown Webhook');

function parseLimit(query: URLSearchParams, def: number, min: number, max: number): number | ApiError {
  const raw = query.get('limit');
  if (raw === null) return def;
  if (!/^-?\d+$/.test(raw)) {
    return formError(fieldError(['limit'], 'NUMBER_TYPE_COERCE', `Value "${raw}" is not int.`));
  }
  const n = Number(raw);
  if (n > max) {
    return formError(
      fieldError(['limit'], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`),
    );
  }
  if (n < min) {
    return formError(
      fieldError(['limit'], 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`),
    );
  }
  return n;
}

function isApiError(v: unknown): v is ApiError {
  return isRecord(v) && typeof v.status === 'number' && isRecord(v.body);
}

// embed limits (counted after trimming)
function embedText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function validateEmbeds(embeds: unknown): Record<string, unknown> | null {
  if (embeds === undefined || embeds === null) return null;
  if (!Array.isArray(embeds)) return fieldError(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (embeds.length > 10) {
    return fieldError(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  }
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    if (!isRecord(e))
      return fieldError(
        ['embeds', String(i)],
        'MODEL_TYPE_CONVERT',
        'Only dictionaries may be used in a ModelType',
      );
    const checks: [string[], unknown, number][] = [
      [['title'], e.title, 256],
      [['description'], e.description, 4096],
    ];
    if (isRecord(e.footer)) checks.push([['footer', 'text'], e.footer.text, 2048]);
    if (isRecord(e.author)) checks.push([['author', 'name'], e.author.name, 256]);
    if (Array.isArray(e.fields)) {
      if (e.fields.length > 25) {
        return fieldError(
          ['embeds', String(i), 'fields'],
          'BASE_TYPE_MAX_LENGTH',
          'Must be 25 or fewer in length.',
        );
      }
      for (const [j, f] of e.fields.entries()) {
        if (!isRecord(f)) continue;
        checks.push([['fields', String(j), 'name'], f.name, 256]);
        checks.push([['fields', String(j), 'value'], f.value, 1024]);
      }
    }
    for (const [path, value, max] of checks) {
      const t = embedText(value);
      total += t.length;
      if (t.length > max) {
        return fieldError(
          ['embeds', String(i), ...path],
          'BASE_TYPE_MAX_LENGTH',
          `Must be ${max} or fewer in length.`,
        );
      }
    }
  }
  if (total > 6000) {
    return fieldError(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  }
  return null;
}

function validateAllowedMentions(am: unknown): Record<string, unknown> | null {
  if (am === undefined || am === null) return null;
  if (!isRecord(am)) {
    return fieldError(
      ['allowed_mentions'],
      'MODEL_TYPE_CONVERT',
      'Only dictionaries may be used in a ModelType',
    );
  }
  const parse = am.parse;
  if (parse !== undefined) {
    if (!Array.isArray(parse))
      return fieldError(['allowed_mentions', 'parse'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    for (const [i, p] of parse.entries()) {
      if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
        return fieldError(
          ['allowed_mentions', 'parse', String(i)],
          'BASE_TYPE_CHOICES',
          `Value must be one of ('roles', 'users', 'everyone').`,
        );
      }
    }
  }
  for (const kind of ['users', 'roles'] as const) {
    const ids = am[kind];
    if (ids === undefined || ids === null) continue;
    if (!Array.isArray(ids))
      return fieldError(['allowed_mentions', kind], 'BASE_TYPE_ARRAY', 'Must be an array.');
    if (ids.length > 100) {
      return fieldError(
        ['allowed_mentions', kind],
        'BASE_TYPE_MAX_LENGTH',
        'Must be 100 or fewer in length.',
      );
    }
    if (Array.isArray(parse) && parse.includes(kind)) {
      return fieldError(
        ['allowed_mentions'],
        'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
  return null;
}

/** Field-level checks shared by follow-up creation and edits. */
function validateMessageFields(body: Record<string, unknown>): ApiError | null {
  const content = body.content;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string')
      return formError(fieldError(['content'], 'BASE_TYPE_STRING', 'Must be a string.'));
    if ([...content].length > 2000) {
      return formError(fieldError(['content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.'));
    }
  }
  const embedErr = validateEmbeds(body.embeds);
  if (embedErr) return formError(embedErr);
  const amErr = validateAllowedMentions(body.allowed_mentions);
  if (amErr) return formError(amErr);
  const compErr = validateComponents(body.components);
  if (compErr) return formError(compErr);
  return null;
}

/**
 * Discord's limits on a message's components: at most 5 action rows (type 1) of at most 5 buttons
 * (type 2) each; a button has a style 1-5, a label of at most 80 characters, and a custom_id of at
 * most 100 characters (a url instead for style 5), unique within the message.
 */
function validateComponents(components: unknown): Record<string, unknown> | null {
  if (components === undefined || components === null) return null;
  if (!Array.isArray(components)) return fieldError(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (components.length > 5)
    return fieldError(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const [i, row] of components.entries()) {
    const at = (...k: string[]) => ['components', String(i), ...k];
    if (!isRecord(row) || row.type !== 1 || !Array.isArray(row.components))
      return fieldError(at(), 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    if (row.components.length < 1 || row.components.length > 5)
      return fieldError(at('components'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    for (const [j, b] of row.components.entries()) {
      const bt = (...k: string[]) => at('components', String(j), ...k);
      if (!isRecord(b) || b.type !== 2)
        return fieldError(bt('type'), 'UNION_TYPE_CHOICES', 'Invalid component type.');
      if (typeof b.style !== 'number' || b.style < 1 || b.style > 5)
        return fieldError(bt('style'), 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5).');
      if (b.label !== undefined && (typeof b.label !== 'string' || [...b.label].length > 80))
        return fieldError(bt('label'), 'BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
      if (b.label === undefined && !isRecord(b.emoji))
        return fieldError(
          bt(),
          'BUTTON_COMPONENT_MISSING_LABEL_OR_EMOJI',
          'A button needs a label or an emoji.',
        );
      if (b.style === 5) continue;
      if (typeof b.custom_id !== 'string' || b.custom_id.length < 1 || b.custom_id.length > 100)
        return fieldError(bt('custom_id'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      if (ids.has(b.custom_id))
        return fieldError(
          bt('custom_id'),
          'COMPONENT_CUSTOM_ID_DUPLICATED',
          'Component custom id cannot be duplicated',
        );
      ids.add(b.custom_id);
    }
  }
  return null;
}

function isEmptyMessage(m: Record<string, unknown>): boolean {
  const nonEmptyArray = (v: unknown) => Array.isArray(v) && v.length > 0;
  const hasContent = typeof m.content === 'string' && m.content.trim() !== '';
  return !(
    hasContent ||
    nonEmptyArray(m.embeds) ||
    nonEmptyArray(m.components) ||
    nonEmptyArray(m.attachments) ||
    nonEmptyArray(m.sticker_ids) ||
    isRecord(m.poll)
  );
}

const emptyMessage = (): ApiError => apiError(400, 50006, 'Cannot send an empty message');

const COMMAND_NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommand(cmd: unknown, index: number): Record<string, unknown> | null {
  const at = (...p: string[]) => [String(index), ...p];
  if (!isRecord(cmd))
    return fieldError(at(), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  const type = cmd.type ?? 1;
  const name = cmd.name;
  // User and message commands (context menus) may hold spaces and capitals, 1-32 characters.
  const nameOk =
    typeof name === 'string' &&
    (type === 1 ? COMMAND_NAME_RE.test(name) : [...name].length >= 1 && [...name].length <= 32);
  if (!nameOk || (type === 1 && name !== name.toLowerCase())) {
    return fieldError(at('name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  if (type === 1) {
    const d = cmd.description;
    if (typeof d !== 'string' || d.length < 1 || d.length > 100) {
      return fieldError(at('description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
  }
  const options = cmd.options;
  if (options !== undefined && options !== null) {
    if (!Array.isArray(options)) return fieldError(at('options'), 'BASE_TYPE_ARRAY', 'Must be an array.');
    if (options.length > 25)
      return fieldError(at('options'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    let seenOptional = false;
    const names = new Set<string>();
    for (const [j, o] of options.entries()) {
      const p = (...k: string[]) => at('options', String(j), ...k);
      if (!isRecord(o))
        return fieldError(p(), 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      if (typeof o.name !== 'string' || !COMMAND_NAME_RE.test(o.name) || o.name !== o.name.toLowerCase()) {
        return fieldError(p('name'), 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      if (names.has(o.name)) {
        return fieldError(
          at('options'),
          'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
          'Option names must be unique',
        );
      }
      names.add(o.name);
      if (typeof o.description !== 'string' || o.description.length < 1 || o.description.length > 100) {
        return fieldError(p('description'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
      if (o.required === true && seenOptional) {
        return fieldError(
          at('options'),
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
      if (o.required !== true) seenOptional = true;
      if (Array.isArray(o.choices) && o.choices.length > 25) {
        return fieldError(p('choices'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// state

interface GuildState {
  id: string;
  ownerId: string;
  name: string;
  roles: StandInRole[];
  members: Map<string, string[]>;
  preferredLocale?: string;
}

interface ThreadState {
  archived: boolean;
  archiveTimestamp: string;
  members: Set<string>;
}

interface ChannelState {
  id: string;
  guildId: string;
  type: number;
  name: string;
  parentId: string | null;
  nsfw: boolean;
  overwrites: StandInOverwrite[];
  position: number;
  thread?: ThreadState;
  /** Issue 19: a thread's creator, a forum's tags, a thread's applied tags. */
  ownerId?: string | undefined;
  availableTags?: StandInTag[] | undefined;
  appliedTags?: string[] | undefined;
}

interface MessageState {
  id: string;
  channelId: string;
  authorId: string;
  authorName?: string;
  bot: boolean;
  content: string;
  timestamp: string;
  editedTimestamp: string | null;
  replyTo?: string;
  attachments: unknown[];
  embeds: unknown[];
  /** Issue 19: what a bot message was sent with. */
  components?: unknown[];
  nonce?: string;
}

interface Fault {
  pathIncludes: string;
  remaining: number;
  /** Only requests of this method (any when unset). */
  method?: string | undefined;
}
interface RateLimitFault extends Fault {
  retryAfterSeconds: number;
  global: boolean;
}
interface FailFault extends Fault {
  status: number;
  /** Discord's JSON error code and message (default: 0 and "<status>: <reason>"). */
  code?: number | undefined;
  message?: string | undefined;
}
interface LateFault extends Fault {
  status: number | undefined;
  delayMs: number;
}

interface Ctx {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

type Result = { status: number; body: unknown } | ApiError;

interface Route {
  method: string;
  pattern: RegExp;
  /** bucket name for X-RateLimit-Bucket */
  name: string;
  auth: boolean;
  handle: (ctx: Ctx) => Result;
}

// ---------------------------------------------------------------------------------------------

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function startDiscordStandIn(opts: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const botToken = opts.botToken ?? 'test-bot-token';
  const applicationId = opts.applicationId ?? '100000000000000001';
  const botUserId = applicationId;

  const guilds = new Map<string, GuildState>();
  const channels = new Map<string, ChannelState>();
  const messages = new Map<string, Map<string, MessageState>>();
  const rateLimits: RateLimitFault[] = [];
  const failures: FailFault[] = [];
  const lateFailures: LateFault[] = [];
  const requests: RecordedDiscordRequest[] = [];
  const webhookMessages = new Map<string, WebhookRecord>();
  /** Guilds the bot was removed from. */
  const botLeft = new Set<string>();
  const webhookIds = new Map<string, { originalId: string; followupIds: string[] }>();
  /** Tokens whose reply the member deleted. */
  const deletedOriginals = new Set<string>();
  const commands = { global: [] as unknown[], guild: new Map<string, unknown[]>() };

  let idSeq = 0;
  const newId = () => snowflakeFromMs(Date.now(), idSeq++);
  // Tags set after a channel was added, and extra message fields (issue 17): discord-forums.ts.
  const forums = createForumState((id) => channels.get(id));

  // ---- serialisers -------------------------------------------------------------------------

  const roleJson = (g: GuildState, r: StandInRole, i: number) => ({
    id: r.id,
    name: r.name ?? (r.id === g.id ? '@everyone' : `role-${r.id}`),
    permissions: r.permissions,
    position: r.position ?? i,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    managed: false,
    mentionable: false,
    flags: 0,
  });

  const userJson = (id: string, name?: string, bot?: boolean) => ({
    id,
    username: name ?? `user${id.slice(-6)}`,
    global_name: name ?? null,
    discriminator: '0',
    avatar: null,
    ...(bot ? { bot: true } : {}),
  });

  const lastMessageId = (channelId: string): string | null => {
    const ms = messages.get(channelId);
    if (!ms || ms.size === 0) return null;
    let max: string | null = null;
    for (const id of ms.keys()) if (max === null || cmpId(id, max) > 0) max = id;
    return max;
  };

  const channelJson = (c: ChannelState) => {
    const base = {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      parent_id: c.parentId,
      nsfw: c.nsfw,
      flags: 0,
      last_message_id: lastMessageId(c.id),
      rate_limit_per_user: 0,
    };
    if (c.thread) {
      const count = messages.get(c.id)?.size ?? 0;
      return {
        ...base,
        owner_id: c.ownerId ?? botUserId,
        ...(c.appliedTags ? { applied_tags: [...c.appliedTags] } : {}),
        member_count: c.thread.members.size,
        message_count: count,
        total_message_sent: count,
        thread_metadata: {
          archived: c.thread.archived,
          archive_timestamp: c.thread.archiveTimestamp,
          auto_archive_duration: 1440,
          locked: false,
          create_timestamp: discordTimestamp(snowflakeToMs(c.id)),
          ...(c.type === 12 ? { invitable: true } : {}),
        },
      };
    }
    return {
      ...base,
      // Forum and media channels always list their tags (none yet: an empty list).
      ...(c.availableTags || c.type === 15 || c.type === 16
        ? {
            available_tags: (c.availableTags ?? []).map((t) => ({
              id: t.id,
              name: t.name,
              moderated: t.moderated ?? false,
              emoji_id: null,
              emoji_name: null,
            })),
          }
        : {}),
      position: c.position,
      topic: null,
      permission_overwrites: c.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow,
        deny: o.deny,
      })),
    };
  };

  const messageJson = (m: MessageState, withReferenced = true): Record<string, unknown> => {
    const channel = channels.get(m.channelId);
    const out: Record<string, unknown> = {
      id: m.id,
      channel_id: m.channelId,
      author: userJson(m.authorId, m.authorName, m.bot),
      content: m.content,
      timestamp: m.timestamp,
      edited_timestamp: m.editedTimestamp,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: m.attachments,
      embeds: m.embeds,
      components: m.components ?? [],
      pinned: false,
      type: m.replyTo ? 19 : 0,
      flags: 0,
      ...(m.nonce !== undefined ? { nonce: m.nonce } : {}),
    };
    if (m.replyTo) {
      out.message_reference = {
        type: 0,
        message_id: m.replyTo,
        channel_id: m.channelId,
        ...(channel ? { guild_id: channel.guildId } : {}),
      };
      if (withReferenced) {
        const ref = messages.get(m.channelId)?.get(m.replyTo);
        out.referenced_message = ref ? messageJson(ref, false) : null;
      }
    }
    return { ...out, ...forums.messageFields(m.id) };
  };

  const webhookMessageJson = (id: string, body: Record<string, unknown>, edited: boolean) => ({
    id,
    type: 20,
    content: typeof body.content === 'string' ? body.content : '',
    channel_id: '0',
    author: userJson(botUserId, 'stand-in-bot', true),
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    components: Array.isArray(body.components) ? body.components : [],
    timestamp: discordTimestamp(snowflakeToMs(id)),
    edited_timestamp: edited ? discordTimestamp(Date.now()) : null,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    application_id: applicationId,
    webhook_id: applicationId,
  });

  const webhookEntry = (token: string) => {
    let rec = webhookMessages.get(token);
    if (!rec) {
      rec = { edits: [], followups: [] };
      webhookMessages.set(token, rec);
    }
    let ids = webhookIds.get(token);
    if (!ids) {
      ids = { originalId: newId(), followupIds: [] };
      webhookIds.set(token, ids);
    }
    return { rec, ids };
  };

  /** Applies a PATCH body (null = clear) on top of an existing message body. */
  const mergeEdit = (
    prev: Record<string, unknown>,
    body: Record<string, unknown>,
  ): Record<string, unknown> => {
    const merged: Record<string, unknown> = { ...prev };
    for (const [k, v] of Object.entries(body)) {
      if (v === null) {
        if (k === 'content') merged.content = '';
        else delete merged[k];
      } else {
        merged[k] = v;
      }
    }
    return merged;
  };

  // ---- routes ------------------------------------------------------------------------------

  const missingAccess = (): ApiError => apiError(403, 50001, 'Missing Access');
  const getGuild = (id: string | undefined): GuildState | ApiError => {
    if (id !== undefined && botLeft.has(id)) return missingAccess();
    const g = id === undefined ? undefined : guilds.get(id);
    return g ?? unknownGuild();
  };
  const getChannel = (id: string | undefined): ChannelState | ApiError => {
    const c = id === undefined ? undefined : channels.get(id);
    if (c !== undefined && botLeft.has(c.guildId)) return missingAccess();
    return c ?? unknownChannel();
  };
  const ok = (body: unknown, status = 200): Result => ({ status, body });

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: /^\/guilds\/(\d+)$/,
      name: 'guild',
      auth: true,
      handle: ({ params }) => {
        const g = getGuild(params[0]);
        if (isApiError(g)) return g;
        return ok({
          id: g.id,
          name: g.name,
          owner_id: g.ownerId,
          icon: null,
          features: [],
          roles: g.roles.map((r, i) => roleJson(g, r, i)),
          emojis: [],
          stickers: [],
          preferred_locale: g.preferredLocale ?? 'en-US',
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(\d+)\/roles$/,
      name: 'guild-roles',
      auth: true,
      handle: ({ params }) => {
        const g = getGuild(params[0]);
        if (isApiError(g)) return g;
        return ok(g.roles.map((r, i) => roleJson(g, r, i)));
      },
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(\d+)\/members\/(\d+)$/,
      name: 'guild-member',
      auth: true,
      handle: ({ params }) => {
        const g = getGuild(params[0]);
        if (isApiError(g)) return g;
        const userId = params[1] ?? '';
        const roles = g.members.get(userId);
        if (!roles) return unknownMember();
        return ok({
          user: userJson(userId),
          nick: null,
          avatar: null,
          roles: [...roles],
          joined_at: discordTimestamp(snowflakeToMs(userId)),
          premium_since: null,
          deaf: false,
          mute: false,
          flags: 0,
          pending: false,
          communication_disabled_until: null,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(\d+)\/channels$/,
      name: 'guild-channels',
      auth: true,
      handle: ({ params }) => {
        const g = getGuild(params[0]);
        if (isApiError(g)) return g;
        const list = [...channels.values()].filter((c) => c.guildId === g.id && !THREAD_TYPES.has(c.type));
        return ok(list.map(channelJson));
      },
    },
    {
      method: 'GET',
      pattern: /^\/guilds\/(\d+)\/threads\/active$/,
      name: 'guild-active-threads',
      auth: true,
      handle: ({ params }) => {
        const g = getGuild(params[0]);
        if (isApiError(g)) return g;
        const list = [...channels.values()]
          .filter((c) => c.guildId === g.id && c.thread && !c.thread.archived)
          .sort((a, b) => cmpId(b.id, a.id));
        return ok({ threads: list.map(channelJson), members: [] });
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/threads\/archived\/(public|private)$/,
      name: 'channel-archived-threads',
      auth: true,
      handle: ({ params, query }) => {
        const parent = getChannel(params[0]);
        if (isApiError(parent)) return parent;
        const limit = parseLimit(query, 50, 1, 100);
        if (isApiError(limit)) return limit;
        const beforeRaw = query.get('before');
        let before = Number.POSITIVE_INFINITY;
        if (beforeRaw !== null) {
          before = SNOWFLAKE_RE.test(beforeRaw) ? snowflakeToMs(beforeRaw) : Date.parse(beforeRaw);
          if (Number.isNaN(before)) {
            return formError(
              fieldError(['before'], 'DATE_TYPE_PARSE', `Could not parse ${beforeRaw}. Should be ISO8601.`),
            );
          }
        }
        const types = params[1] === 'public' ? [10, 11] : [12];
        const list = [...channels.values()]
          .filter(
            (c) =>
              c.parentId === parent.id &&
              types.includes(c.type) &&
              c.thread?.archived === true &&
              Date.parse(c.thread.archiveTimestamp) < before,
          )
          .sort(
            (a, b) =>
              Date.parse(b.thread?.archiveTimestamp ?? '') - Date.parse(a.thread?.archiveTimestamp ?? '') ||
              cmpId(b.id, a.id),
          );
        return ok({
          threads: list.slice(0, limit).map(channelJson),
          members: [],
          has_more: list.length > limit,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/thread-members\/(\d+)$/,
      name: 'thread-member',
      auth: true,
      handle: ({ params }) => {
        const c = getChannel(params[0]);
        if (isApiError(c)) return c;
        if (!c.thread) return apiError(400, 50024, 'Cannot execute action on this channel type');
        const userId = params[1] ?? '';
        if (!c.thread.members.has(userId)) return unknownMember();
        return ok({
          id: c.id,
          user_id: userId,
          join_timestamp: discordTimestamp(snowflakeToMs(c.id)),
          flags: 0,
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)$/,
      name: 'channel',
      auth: true,
      handle: ({ params }) => {
        const c = getChannel(params[0]);
        if (isApiError(c)) return c;
        return ok(channelJson(c));
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/messages$/,
      name: 'channel-messages',
      auth: true,
      handle: ({ params, query }) => {
        const c = getChannel(params[0]);
        if (isApiError(c)) return c;
        const limit = parseLimit(query, 50, 1, 100);
        if (isApiError(limit)) return limit;
        const cursors = (['before', 'after', 'around'] as const).filter((k) => query.has(k));
        if (cursors.length > 1) {
          return formError(
            fieldError(['_query'], 'MUTUALLY_EXCLUSIVE', 'before, after and around are mutually exclusive.'),
          );
        }
        const kind = cursors[0];
        const cursor = kind ? (query.get(kind) ?? '') : '';
        if (kind && !SNOWFLAKE_RE.test(cursor)) {
          return formError(fieldError([kind], 'NUMBER_TYPE_COERCE', `Value "${cursor}" is not snowflake.`));
        }
        const asc = [...(messages.get(c.id)?.values() ?? [])].sort((a, b) => cmpId(a.id, b.id));
        let page: MessageState[];
        if (kind === 'after') {
          page = asc.filter((m) => cmpId(m.id, cursor) > 0).slice(0, limit);
        } else if (kind === 'before') {
          const older = asc.filter((m) => cmpId(m.id, cursor) < 0);
          page = older.slice(Math.max(0, older.length - limit));
        } else if (kind === 'around') {
          const older = asc.filter((m) => cmpId(m.id, cursor) < 0);
          const self = asc.filter((m) => m.id === cursor);
          const newer = asc.filter((m) => cmpId(m.id, cursor) > 0);
          const nOlder = Math.floor(limit / 2);
          const nNewer = limit - nOlder - self.length;
          page = [
            ...older.slice(Math.max(0, older.length - nOlder)),
            ...self,
            ...newer.slice(0, Math.max(0, nNewer)),
          ];
        } else {
          page = asc.slice(Math.max(0, asc.length - limit));
        }
        page.sort((a, b) => cmpId(b.id, a.id));
        return ok(page.map((m) => messageJson(m)));
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      name: 'channel-message',
      auth: true,
      handle: ({ params }) => {
        const c = getChannel(params[0]);
        if (isApiError(c)) return c;
        const m = messages.get(c.id)?.get(params[1] ?? '');
        if (!m) return unknownMessage();
        return ok(messageJson(m));
      },
    },
    {
      // Get Current Application: the application the bot token belongs to.
      method: 'GET',
      pattern: /^\/applications\/@me$/,
      name: 'current-application',
      auth: true,
      handle: () => ok({ id: applicationId, name: 'askbot', bot_public: false }),
    },
    {
      method: 'PUT',
      pattern: /^\/applications\/(\d+)\/commands$/,
      name: 'application-commands',
      auth: true,
      handle: ({ params, body }) => {
        if (params[0] !== applicationId) return apiError(403, 50001, 'Missing Access');
        const stored = storeCommands(body, commands.global, undefined);
        if (isApiError(stored)) return stored;
        commands.global = stored;
        return ok(stored);
      },
    },
    {
      method: 'PUT',
      pattern: /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
      name: 'application-guild-commands',
      auth: true,
      handle: ({ params, body }) => {
        if (params[0] !== applicationId) return apiError(403, 50001, 'Missing Access');
        const guildId = params[1] ?? '';
        // Not in the guild with the applications.commands scope (not invited, or removed).
        if (botLeft.has(guildId)) return missingAccess();
        const stored = storeCommands(body, commands.guild.get(guildId) ?? [], guildId);
        if (isApiError(stored)) return stored;
        commands.guild.set(guildId, stored);
        return ok(stored);
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      name: 'webhook-original',
      auth: false,
      handle: ({ params }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        if (deletedOriginals.has(params[1] ?? '')) return unknownMessage();
        const { rec, ids } = webhookEntry(params[1] ?? '');
        if (!rec.original) return unknownMessage();
        return ok(webhookMessageJson(ids.originalId, rec.original, rec.edits.length > 1));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      name: 'webhook-original',
      auth: false,
      handle: ({ params, body }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        const invalid = validateMessageFields(body);
        if (invalid) return invalid;
        if (deletedOriginals.has(params[1] ?? '')) return unknownMessage();
        const { rec, ids } = webhookEntry(params[1] ?? '');
        const merged = mergeEdit(rec.original ?? { content: '' }, body);
        if (isEmptyMessage(merged)) return emptyMessage();
        rec.edits.push(body);
        rec.original = { ...merged, content: typeof merged.content === 'string' ? merged.content : '' };
        return ok(webhookMessageJson(ids.originalId, rec.original, rec.edits.length > 1));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/,
      name: 'webhook-original',
      auth: false,
      handle: ({ params }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        const { rec } = webhookEntry(params[1] ?? '');
        if (!rec.original) return unknownMessage();
        rec.original = undefined;
        return ok(undefined, 204);
      },
    },
    {
      method: 'POST',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)$/,
      name: 'webhook',
      auth: false,
      handle: ({ params, body }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        const invalid = validateMessageFields(body);
        if (invalid) return invalid;
        if (isEmptyMessage(body)) return emptyMessage();
        const { rec, ids } = webhookEntry(params[1] ?? '');
        const id = newId();
        ids.followupIds.push(id);
        rec.followups.push({ ...body, id });
        return ok(webhookMessageJson(id, body, false));
      },
    },
    {
      method: 'GET',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/,
      name: 'webhook-message',
      auth: false,
      handle: ({ params }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        const { rec, ids } = webhookEntry(params[1] ?? '');
        const i = ids.followupIds.indexOf(params[2] ?? '');
        const f = rec.followups[i];
        if (i < 0 || !f) return unknownMessage();
        return ok(webhookMessageJson(ids.followupIds[i] ?? '', f, false));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/,
      name: 'webhook-message',
      auth: false,
      handle: ({ params, body }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        const invalid = validateMessageFields(body);
        if (invalid) return invalid;
        const { rec, ids } = webhookEntry(params[1] ?? '');
        const id = params[2] ?? '';
        const i = ids.followupIds.indexOf(id);
        const f = rec.followups[i];
        if (i < 0 || !f) return unknownMessage();
        const merged = mergeEdit(f, body);
        if (isEmptyMessage(merged)) return emptyMessage();
        rec.followups[i] = { ...merged, id };
        return ok(webhookMessageJson(id, merged, true));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/,
      name: 'webhook-message',
      auth: false,
      handle: ({ params }) => {
        if (params[0] !== applicationId) return unknownWebhook();
        const { rec, ids } = webhookEntry(params[1] ?? '');
        const i = ids.followupIds.indexOf(params[2] ?? '');
        if (i < 0) return unknownMessage();
        ids.followupIds.splice(i, 1);
        rec.followups.splice(i, 1);
        return ok(undefined, 204);
      },
    },
  ];

  // ---- help channels (issue 19): bot messages, thread changes, reactions ------------------------
  const uploads: UploadedFile[] = [];
  const help = helpChannelsPart({
    uploads,
    channels,
    messages,
    guilds,
    botUserId,
    newId,
    getChannel,
    messageJson,
    channelJson,
  });
  routes.push(...help.routes);

  function storeCommands(
    body: unknown,
    previous: unknown[],
    guildId: string | undefined,
  ): unknown[] | ApiError {
    if (!Array.isArray(body)) return formError(fieldError([], 'BASE_TYPE_ARRAY', 'Must be an array.'));
    for (const [i, cmd] of body.entries()) {
      const err = validateCommand(cmd, i);
      if (err) return formError(err);
    }
    const prevIds = new Map<string, string>();
    for (const p of previous) {
      if (isRecord(p) && typeof p.name === 'string' && typeof p.id === 'string') {
        prevIds.set(`${String(p.type ?? 1)}:${p.name}`, p.id);
      }
    }
    return body.filter(isRecord).map((cmd) => {
      const type = typeof cmd.type === 'number' ? cmd.type : 1;
      const key = `${type}:${String(cmd.name)}`;
      return {
        ...cmd,
        id: prevIds.get(key) ?? newId(),
        application_id: applicationId,
        type,
        version: newId(),
        default_member_permissions: cmd.default_member_permissions ?? null,
        nsfw: cmd.nsfw ?? false,
        ...(guildId ? { guild_id: guildId } : {}),
      };
    });
  }

  // ---- HTTP --------------------------------------------------------------------------------

  const rlHeaders = (bucket: string): Record<string, string> => {
    const now = Date.now() / 1000;
    return {
      'X-RateLimit-Limit': '1000',
      'X-RateLimit-Remaining': '999',
      'X-RateLimit-Reset': (now + 60).toFixed(3),
      'X-RateLimit-Reset-After': '60.000',
      'X-RateLimit-Bucket': createHash('sha1').update(bucket).digest('hex').slice(0, 32),
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string>) => {
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  const takeFault = <T extends Fault>(list: T[], path: string, method?: string): T | undefined => {
    const f = list.find(
      (x) =>
        x.remaining > 0 && path.includes(x.pathIncludes) && (x.method === undefined || x.method === method),
    );
    if (f) f.remaining--;
    return f;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = (req.method ?? 'GET').toUpperCase();
    const parsed = isMultipart(req) ? await readMultipart(req) : await readJson(req);
    const body = parsed.ok ? parsed.value : parsed.raw;
    requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: headerRecord(req),
      at: Date.now(),
    });

    const prefix = '/api/v10';
    // Like Discord, accept percent-encoded path segments (`Routes.webhookMessage` sends `%40original`).
    const pathname = url.pathname.split('/').map(safeDecode).join('/');
    const sub = pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : null;
    const candidates = sub === null ? [] : routes.filter((r) => r.pattern.test(sub));
    const route = candidates.find((r) => r.method === method);
    const headers = rlHeaders(route ? `${method} ${route.name}` : `${method} unknown`);

    const limited = takeFault(rateLimits, url.pathname);
    if (limited) {
      const s = limited.retryAfterSeconds;
      send(
        res,
        429,
        { message: 'You are being rate limited.', retry_after: s, global: limited.global },
        {
          ...headers,
          'Retry-After': String(s),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': String(s),
          'X-RateLimit-Reset': (Date.now() / 1000 + s).toFixed(3),
          'X-RateLimit-Scope': limited.global ? 'global' : 'user',
          ...(limited.global ? { 'X-RateLimit-Global': 'true' } : {}),
        },
      );
      return;
    }
    const failure = takeFault(failures, url.pathname, method);
    if (failure) {
      const text = STATUS_CODES[failure.status] ?? 'Error';
      send(
        res,
        failure.status,
        { message: failure.message ?? `${failure.status}: ${text}`, code: failure.code ?? 0 },
        headers,
      );
      return;
    }

    if (!route || sub === null) {
      if (candidates.length > 0) {
        send(res, 405, { message: '405: Method Not Allowed', code: 0 }, headers);
      } else {
        send(res, 404, { message: '404: Not Found', code: 0 }, headers);
      }
      return;
    }
    if (route.auth && req.headers.authorization !== `Bot ${botToken}`) {
      send(res, 401, { message: '401: Unauthorized', code: 0 }, headers);
      return;
    }
    if (!parsed.ok) {
      send(res, 400, { message: 'The request body contains invalid JSON.', code: 50109 }, headers);
      return;
    }
    const match = route.pattern.exec(sub);
    const params = match ? match.slice(1) : [];
    const result = route.handle({ method, params, query: url.searchParams, body });
    const late = takeFault(lateFailures, url.pathname, method);
    if (late) {
      if (late.delayMs > 0) await sleep(late.delayMs);
      if (res.destroyed) return; // the client gave up waiting
      if (late.status !== undefined) {
        const text = STATUS_CODES[late.status] ?? 'Error';
        send(res, late.status, { message: `${late.status}: ${text}`, code: 0 }, headers);
        return;
      }
    }
    send(res, result.status, result.body, headers);
  };

  const started: StartedServer = await startServer(handler);

  // ---- test-side API -------------------------------------------------------------------------

  const requireChannel = (id: string): ChannelState => {
    const c = channels.get(id);
    if (!c) throw new Error(`discord stand-in: unknown channel ${id}`);
    return c;
  };

  return {
    ...forums.api,
    apiUrl: `${started.url}/api`,
    botToken,
    applicationId,
    botUserId,
    requests,
    webhookMessages,
    commands,
    help: help.api,
    uploads,
    addGuild(g) {
      guilds.set(g.id, {
        id: g.id,
        ownerId: g.ownerId,
        name: g.name ?? `guild-${g.id}`,
        roles: g.roles.map((r) => ({ ...r })),
        members: guilds.get(g.id)?.members ?? new Map(),
        ...(g.preferredLocale === undefined ? {} : { preferredLocale: g.preferredLocale }),
      });
    },
    addMember(guildId, m) {
      const g = guilds.get(guildId);
      if (!g) throw new Error(`discord stand-in: unknown guild ${guildId}`);
      g.members.set(m.userId, [...m.roles]);
    },
    addChannel(c) {
      const isThread = THREAD_TYPES.has(c.type);
      const position = [...channels.values()].filter((x) => x.guildId === c.guildId).length;
      channels.set(c.id, {
        id: c.id,
        guildId: c.guildId,
        type: c.type,
        name: c.name ?? `${isThread ? 'thread' : 'channel'}-${c.id}`,
        parentId: c.parentId ?? null,
        nsfw: c.nsfw ?? false,
        overwrites: (c.overwrites ?? []).map((o) => ({ ...o })),
        position,
        ownerId: c.ownerId,
        availableTags: c.availableTags?.map((t) => ({ ...t })),
        appliedTags: c.appliedTags ? [...c.appliedTags] : isThread && c.type === 11 ? [] : undefined,
        ...(isThread
          ? {
              thread: {
                archived: false,
                archiveTimestamp: discordTimestamp(snowflakeToMs(c.id)),
                members: new Set<string>(),
              },
            }
          : {}),
      });
      if (!messages.has(c.id)) messages.set(c.id, new Map());
    },
    setThread(channelId, t) {
      const c = requireChannel(channelId);
      if (!c.thread) throw new Error(`discord stand-in: channel ${channelId} is not a thread`);
      c.thread.archived = t.archived;
      if (t.archiveTimestamp !== undefined) c.thread.archiveTimestamp = t.archiveTimestamp;
      if (t.members !== undefined) c.thread.members = new Set(t.members);
    },
    addMessage(channelId, m) {
      requireChannel(channelId);
      const map = messages.get(channelId) ?? new Map<string, MessageState>();
      messages.set(channelId, map);
      map.set(m.id, {
        id: m.id,
        channelId,
        authorId: m.authorId,
        authorName: m.authorName,
        bot: m.bot ?? false,
        content: m.content,
        timestamp: m.timestamp ?? discordTimestamp(snowflakeToMs(m.id)),
        editedTimestamp: m.editedTimestamp ?? null,
        replyTo: m.replyTo,
        attachments: m.attachments ?? [],
        embeds: m.embeds ?? [],
      });
    },
    editMessage(channelId, id, content, editedTimestamp) {
      const m = messages.get(channelId)?.get(id);
      if (!m) throw new Error(`discord stand-in: unknown message ${channelId}/${id}`);
      m.content = content;
      m.editedTimestamp = editedTimestamp ?? discordTimestamp(Date.now());
    },
    deleteMessage(channelId, id) {
      messages.get(channelId)?.delete(id);
    },
    deleteChannel(id) {
      channels.delete(id);
      messages.delete(id);
    },
    setBotInGuild(guildId, present) {
      if (present) botLeft.delete(guildId);
      else botLeft.add(guildId);
    },
    rateLimit(o) {
      rateLimits.push({
        pathIncludes: o.pathIncludes,
        remaining: o.count,
        retryAfterSeconds: o.retryAfterSeconds,
        global: o.global ?? false,
      });
    },
    failNext(o) {
      failures.push({
        pathIncludes: o.pathIncludes,
        remaining: o.count,
        status: o.status,
        code: o.code,
        message: o.message,
        method: o.method,
      });
    },
    memberDeletes(token, message) {
      if (message === '@original') {
        deletedOriginals.add(token);
        return;
      }
      const rec = webhookMessages.get(token);
      const ids = webhookIds.get(token);
      const i = ids?.followupIds.indexOf(message) ?? -1;
      if (rec === undefined || ids === undefined || i < 0)
        throw new Error(`discord stand-in: no follow-up ${message}`);
      ids.followupIds.splice(i, 1);
      rec.followups.splice(i, 1);
    },
    failAfterHandling(o) {
      lateFailures.push({
        method: o.method,
        pathIncludes: o.pathIncludes,
        remaining: o.count,
        status: o.status,
        delayMs: o.delayMs ?? 0,
      });
    },
    waitFor,
    close: () => closeServer(started),
  };
}

// ---------------------------------------------------------------------------------------------
// Attachment uploads (issue 21): a message created with files is sent as multipart/form-data, the
// JSON body in the `payload_json` part and each file in a `files[n]` part, referenced by
// `attachments[].id` = n. The files are kept (`uploads`) and the message's attachments describe them.
// https://discord.com/developers/docs/reference#uploading-files

/** A file a message was created with. */
export interface UploadedFile {
  channelId: string;
  messageId: string;
  /** The form part's name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** The files of each multipart body, until a route turns them into a message's attachments. */
const filesOfBody = new WeakMap<
  object,
  { field: string; filename: string; contentType: string; data: Buffer }[]
>();

function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/** Reads a multipart body: its `payload_json` as the body, its files kept beside it. */
async function readMultipart(req: IncomingMessage): Promise<JsonBody> {
  const raw = await readBody(req);
  let form: FormData;
  try {
    form = await new Response(raw, {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
  } catch {
    return { ok: false, raw: raw.toString('latin1').slice(0, 200) };
  }
  const payload = form.get('payload_json');
  let value: unknown = {};
  if (typeof payload === 'string') {
    try {
      value = JSON.parse(payload);
    } catch {
      return { ok: false, raw: payload };
    }
  }
  const files: { field: string; filename: string; contentType: string; data: Buffer }[] = [];
  for (const [field, part] of form.entries()) {
    if (typeof part === 'string' || !/^files\[\d+\]$/.test(field)) continue;
    files.push({
      field,
      filename: part.name,
      contentType: part.type,
      data: Buffer.from(await part.arrayBuffer()),
    });
  }
  if (isRecord(value)) filesOfBody.set(value, files);
  return { ok: true, empty: false, value, raw: typeof payload === 'string' ? payload : '' };
}

/** The attachments of a message created from `body`: its uploaded files, recorded in `uploads`. */
function attachmentsOf(
  body: unknown,
  messageId: string,
  channelId: string,
  uploads: UploadedFile[],
): unknown[] {
  const files = isRecord(body) ? (filesOfBody.get(body) ?? []) : [];
  return files.map((f, i) => {
    uploads.push({ channelId, messageId, ...f });
    return {
      id: `${messageId}${i}`,
      filename: f.filename,
      size: f.data.length,
      content_type: f.contentType,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${messageId}/${f.filename}`,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Help channels (issue 19): members' forum posts and messages, the bot's own messages (created with
// a nonce Discord enforces, edited, deleted), thread changes (tags, name), reactions, and the pings
// each bot message makes under its `allowed_mentions`.

interface HelpPartState {
  /** Files uploaded with the bot's messages (issue 21). */
  uploads: UploadedFile[];
  channels: Map<string, ChannelState>;
  messages: Map<string, Map<string, MessageState>>;
  guilds: Map<string, GuildState>;
  botUserId: string;
  newId(): string;
  getChannel(id: string | undefined): ChannelState | ApiError;
  messageJson(m: MessageState): Record<string, unknown>;
  channelJson(c: ChannelState): Record<string, unknown>;
}

const NONCE_WINDOW_MS = 2 * 60_000;

/**
 * Who a message pings: mentioned users, roles and @everyone/@here, limited by `allowed_mentions`
 * (absent: everything mentioned pings). https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
function pingsOf(content: string, am: unknown): Omit<Ping, 'messageId' | 'channelId'> {
  const users = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? '');
  const roles = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '');
  const everyone = /@(everyone|here)/.test(content);
  if (!isRecord(am)) return { users, roles, everyone };
  const parse = Array.isArray(am.parse) ? am.parse : [];
  const allowedUsers = Array.isArray(am.users) ? am.users.map(String) : [];
  const allowedRoles = Array.isArray(am.roles) ? am.roles.map(String) : [];
  return {
    users: users.filter((u) => parse.includes('users') || allowedUsers.includes(u)),
    roles: roles.filter((r) => parse.includes('roles') || allowedRoles.includes(r)),
    everyone: everyone && parse.includes('everyone'),
  };
}

function helpChannelsPart(st: HelpPartState): { routes: Route[]; api: HelpChannelsStandIn } {
  const denied = new Map<string, Set<string>>();
  const reactions = new Map<string, Map<string, string[]>>();
  const pings: Ping[] = [];
  const threadPatches: HelpChannelsStandIn['threadPatches'] = [];
  const sentAt = new Map<string, number>();
  const mentionsOf = new Map<string, unknown>();
  const editCounts = new Map<string, number>();
  const missingPermissions = (): ApiError => apiError(403, 50013, 'Missing Permissions');
  const isDenied = (c: ChannelState, what: string) =>
    (denied.get(c.id)?.has(what) ?? false) ||
    (c.parentId !== null && (denied.get(c.parentId)?.has(what) ?? false));
  const ok = (body: unknown, status = 200): Result => ({ status, body });
  const ownMessage = (channelId: string, id: string) => {
    const m = st.messages.get(channelId)?.get(id);
    return m;
  };
  const put = (channelId: string, m: MessageState) => {
    const map = st.messages.get(channelId) ?? new Map<string, MessageState>();
    st.messages.set(channelId, map);
    map.set(m.id, m);
  };
  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/channels\/(\d+)\/messages$/,
      name: 'channel-messages-create',
      auth: true,
      handle: ({ params, body }) => {
        const c = st.getChannel(params[0]);
        if (isApiError(c)) return c;
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        if (isDenied(c, 'send')) return missingPermissions();
        const invalid = validateMessageFields(body);
        if (invalid) return invalid;
        if (isEmptyMessage(body)) return emptyMessage();
        const nonce = body.nonce === undefined ? undefined : String(body.nonce);
        if (nonce !== undefined && nonce.length > 25)
          return formError(fieldError(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
        if (nonce !== undefined && body.enforce_nonce === true) {
          const earlier = [...(st.messages.get(c.id)?.values() ?? [])].find(
            (m) =>
              m.authorId === st.botUserId &&
              m.nonce === nonce &&
              Date.now() - (sentAt.get(m.id) ?? 0) < NONCE_WINDOW_MS,
          );
          if (earlier) return ok(st.messageJson(earlier));
        }
        let replyTo: string | undefined;
        const ref = body.message_reference;
        if (isRecord(ref) && typeof ref.message_id === 'string') {
          if (ownMessage(c.id, ref.message_id)) replyTo = ref.message_id;
          else if (ref.fail_if_not_exists !== false)
            return formError(
              fieldError(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message'),
            );
        }
        // Posting in an archived (not locked) thread opens it again.
        if (c.thread?.archived) c.thread.archived = false;
        const id = st.newId();
        const m: MessageState = {
          id,
          channelId: c.id,
          authorId: st.botUserId,
          authorName: 'stand-in-bot',
          bot: true,
          content: typeof body.content === 'string' ? body.content : '',
          timestamp: discordTimestamp(Date.now()),
          editedTimestamp: null,
          ...(replyTo ? { replyTo } : {}),
          attachments: attachmentsOf(body, id, c.id, st.uploads),
          embeds: Array.isArray(body.embeds) ? body.embeds : [],
          components: Array.isArray(body.components) ? body.components : [],
          ...(nonce !== undefined ? { nonce } : {}),
        };
        mentionsOf.set(id, body.allowed_mentions);
        put(c.id, m);
        sentAt.set(id, Date.now());
        const p = pingsOf(m.content, body.allowed_mentions);
        if (p.users.length > 0 || p.roles.length > 0 || p.everyone)
          pings.push({ messageId: id, channelId: c.id, ...p });
        return ok(st.messageJson(m));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      name: 'channel-message-edit',
      auth: true,
      handle: ({ params, body }) => {
        const c = st.getChannel(params[0]);
        if (isApiError(c)) return c;
        const m = ownMessage(c.id, params[1] ?? '');
        if (!m) return unknownMessage();
        if (m.authorId !== st.botUserId)
          return apiError(403, 50005, 'Cannot edit a message authored by another user');
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        const invalid = validateMessageFields(body);
        if (invalid) return invalid;
        if (typeof body.content === 'string') m.content = body.content;
        if (Array.isArray(body.components)) m.components = body.components;
        if (body.allowed_mentions !== undefined) mentionsOf.set(m.id, body.allowed_mentions);
        editCounts.set(m.id, (editCounts.get(m.id) ?? 0) + 1);
        m.editedTimestamp = discordTimestamp(Date.now());
        return ok(st.messageJson(m));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      name: 'channel-message-delete',
      auth: true,
      handle: ({ params }) => {
        const c = st.getChannel(params[0]);
        if (isApiError(c)) return c;
        const m = ownMessage(c.id, params[1] ?? '');
        if (!m) return unknownMessage();
        if (m.authorId !== st.botUserId) return missingPermissions();
        st.messages.get(c.id)?.delete(m.id);
        return ok(undefined, 204);
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/channels\/(\d+)$/,
      name: 'channel-modify',
      auth: true,
      handle: ({ params, body }) => {
        const c = st.getChannel(params[0]);
        if (isApiError(c)) return c;
        if (!isRecord(body))
          return formError(fieldError(['_misc'], 'MODEL_TYPE_CONVERT', 'Expected an object'));
        if (!c.thread) return apiError(400, 50024, 'Cannot execute action on this channel type');
        if (isDenied(c, 'manage-threads')) return missingPermissions();
        if (body.applied_tags !== undefined) {
          const tags = body.applied_tags;
          const parent = c.parentId === null ? undefined : st.channels.get(c.parentId);
          if (!Array.isArray(tags) || tags.length > 5)
            return formError(
              fieldError(['applied_tags'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.'),
            );
          const known = new Set((parent?.availableTags ?? []).map((t) => t.id));
          if (!tags.every((t) => typeof t === 'string' && known.has(t)))
            return formError(fieldError(['applied_tags'], 'TAG_INVALID', 'Unknown tag'));
          c.appliedTags = tags.map(String);
        }
        if (body.name !== undefined) {
          if (typeof body.name !== 'string' || [...body.name].length < 1 || [...body.name].length > 100)
            return formError(
              fieldError(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.'),
            );
          c.name = body.name;
        }
        if (typeof body.archived === 'boolean') c.thread.archived = body.archived;
        threadPatches.push({ threadId: c.id, body });
        return ok(st.channelJson(c));
      },
    },
    {
      method: 'PUT',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/,
      name: 'channel-message-reaction',
      auth: true,
      handle: ({ params }) => {
        const c = st.getChannel(params[0]);
        if (isApiError(c)) return c;
        const m = ownMessage(c.id, params[1] ?? '');
        if (!m) return unknownMessage();
        const emoji = params[2] ?? '';
        const byEmoji = reactions.get(m.id) ?? new Map<string, string[]>();
        reactions.set(m.id, byEmoji);
        const users = byEmoji.get(emoji) ?? [];
        if (!users.includes(st.botUserId)) users.push(st.botUserId);
        byEmoji.set(emoji, users);
        return ok(undefined, 204);
      },
    },
  ];

  const requireChannel = (id: string): ChannelState => {
    const c = st.channels.get(id);
    if (!c) throw new Error(`discord stand-in: unknown channel ${id}`);
    return c;
  };
  const addMessage = (
    channelId: string,
    m: {
      id: string;
      authorId: string;
      content: string;
      replyTo?: string | undefined;
      bot?: boolean | undefined;
    },
  ) =>
    put(channelId, {
      id: m.id,
      channelId,
      authorId: m.authorId,
      bot: m.bot ?? false,
      content: m.content,
      timestamp: discordTimestamp(snowflakeToMs(m.id)),
      editedTimestamp: null,
      ...(m.replyTo ? { replyTo: m.replyTo } : {}),
      attachments: [],
      embeds: [],
    });
  const api: HelpChannelsStandIn = {
    createPost(forumId, p) {
      const forum = requireChannel(forumId);
      const id = p.id ?? st.newId();
      st.channels.set(id, {
        id,
        guildId: forum.guildId,
        type: 11,
        name: p.title,
        parentId: forumId,
        nsfw: forum.nsfw,
        overwrites: [],
        position: 0,
        ownerId: p.authorId,
        appliedTags: [...(p.tags ?? [])],
        thread: {
          archived: false,
          archiveTimestamp: discordTimestamp(snowflakeToMs(id)),
          members: new Set([p.authorId]),
        },
      });
      addMessage(id, { id, authorId: p.authorId, content: p.content, bot: p.bot });
      return id;
    },
    say(channelId, m) {
      requireChannel(channelId);
      const id = m.id ?? st.newId();
      addMessage(channelId, { id, authorId: m.authorId, content: m.content, replyTo: m.replyTo, bot: m.bot });
      return id;
    },
    botMessages(channelId) {
      return [...(st.messages.get(channelId)?.values() ?? [])]
        .filter((m) => m.authorId === st.botUserId)
        .sort((a, b) => cmpId(a.id, b.id))
        .map((m) => ({
          id: m.id,
          channelId,
          content: m.content,
          components: m.components ?? [],
          allowedMentions: mentionsOf.get(m.id),
          replyTo: m.replyTo,
          nonce: m.nonce,
          edits: editCounts.get(m.id) ?? 0,
        }));
    },
    pings,
    reactions: (_channelId, messageId) => new Map(reactions.get(messageId) ?? []),
    thread(threadId) {
      const c = requireChannel(threadId);
      return { name: c.name, appliedTags: [...(c.appliedTags ?? [])] };
    },
    threadPatches,
    denyBot(channelId, what) {
      const set = denied.get(channelId) ?? new Set<string>();
      set.add(what);
      denied.set(channelId, set);
    },
  };
  return { routes, api };
}
