import { inject, onTestFinished } from 'vitest';
import { systemClock } from '../src/async';
import { parseSettings, type Settings } from '../src/config';
import { createRest } from '../src/discord/rest';
import { createIndexer, type Indexer } from '../src/indexer/indexer';
import { createLogger, type Logger, silentLogger } from '../src/log';
import { createMetrics, type Metrics } from '../src/metrics';
import { LANE } from '../src/queue/types';
import { createEndpointApp } from '../src/roles/endpoint';
import { startWorkerRole, type WorkerRole } from '../src/roles/worker-role';
import { type Database, openDatabase } from '../src/store/open';
import type { NewMessage } from '../src/store/types';
import { vectorRecord } from '../src/vector/store';
import { type Backend, freshDatabase } from './databases';
import { createSigner } from './sign';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';
import { tempDir, uniquePrefix } from './tmp';

export interface Harness {
  discord: DiscordStandIn;
  ollama: OllamaStandIn;
  settings: Settings;
  /** The store and queue both halves share, as two processes sharing one database would. */
  db: Database;
  /** The acknowledgement path's HTTP app (POST /interactions, /health, /metrics). */
  app: Awaited<ReturnType<typeof createEndpointApp>>;
  /** The answer worker (in this thread, so tests can see its effects at once). */
  worker: WorkerRole;
  metrics: Metrics;
  /** POSTs a signed interaction to the in-process app. */
  interact(body: unknown): Promise<Response>;
  /** POSTs exactly these bytes, correctly signed. */
  interactRaw(raw: string): Promise<Response>;
  /** The stand-in's record of one interaction token's messages. */
  webhook(token: string): ReturnType<DiscordStandIn['webhookMessages']['get']>;
  close(): Promise<void>;
}

/**
 * The real acknowledgement path and the real answer worker (real clients, a real SQLite file or
 * PostgreSQL database, the run's real Chroma server) wired to fresh Discord and Ollama stand-ins.
 * `worker: false` starts no worker (jobs stay queued). Closed after the current test.
 */
export async function startHarness(
  env: Record<string, string> = {},
  opts: { chromaUrl?: string; log?: Logger; worker?: boolean; backend?: Backend } = {},
): Promise<Harness> {
  const discord = await startDiscordStandIn();
  const ollama = await startOllamaStandIn();
  const signer = createSigner();
  const database = await freshDatabase(opts.backend ?? 'sqlite');
  const settings = parseSettings(
    {
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      OLLAMA_HOST: ollama.url,
      CHROMA_COLLECTION: uniquePrefix(),
      DATA_DIR: tempDir(),
      ...(database.kind === 'postgres' ? { DATABASE_URL: database.url, CHROMA_URL: 'http://unused' } : {}),
      ...(database.kind === 'sqlite' ? { DATABASE_URL: database.path } : {}),
      ...env,
    },
    ['endpoint'],
  );
  const log = opts.log ?? (process.env.TEST_LOG ? createLogger('debug', { pretty: false }) : silentLogger);
  const chromaUrl = opts.chromaUrl ?? inject('chromaUrl');
  const db = await openDatabase(settings.database);
  const metrics = createMetrics();
  const worker = await startWorkerRole(settings, db, { chromaUrl, log, metrics, clock: systemClock });
  if (opts.worker === false) await worker.worker.stop(0);
  const app = await createEndpointApp(settings, {
    db,
    chromaUrl,
    log,
    metrics,
    clock: systemClock,
    interactions: true,
    onQueued: (kind) => worker.worker.wake(LANE[kind]),
  });
  const interactRaw = (raw: string) =>
    Promise.resolve(app.request('/interactions', { method: 'POST', body: raw, headers: signer.sign(raw) }));
  let closed = false;
  const h: Harness = {
    discord,
    ollama,
    settings,
    db,
    app,
    worker,
    metrics,
    interact: (body) => interactRaw(JSON.stringify(body)),
    interactRaw,
    webhook: (token) => discord.webhookMessages.get(token),
    async close() {
      if (closed) return;
      closed = true;
      await worker.stop(2000);
      await db.close();
      await Promise.all([discord.close(), ollama.close()]);
    },
  };
  onTestFinished(() => h.close());
  return h;
}

// ---------------------------------------------------------------------------------------------
// A small server: two guilds, a public and a moderators-only channel, a member and a moderator.

const VIEW = 1n << 10n;
const HISTORY = 1n << 16n;
const SEND = 1n << 11n;
const t0 = Date.UTC(2026, 9, 1, 12);
let seq = 0;
export const id = (offsetMinutes = 0) => snowflakeFromMs(t0 + offsetMinutes * 60_000, seq++ % 4000);

export const G = {
  guild: '900000000000000001',
  other: '900000000000000002',
  owner: '910000000000000001',
  member: '910000000000000002',
  moderator: '910000000000000003',
  modRole: '920000000000000001',
  general: '930000000000000001',
  mods: '930000000000000002',
  otherGeneral: '930000000000000003',
  nsfw: '930000000000000004',
  generalThread: '940000000000000001',
  modsThread: '940000000000000002',
  privateThread: '940000000000000003',
};

export interface FixtureMessage {
  channelId: string;
  content: string;
  authorId?: string;
  authorName?: string;
  minutes?: number;
}

/** Builds the fixture guilds in the Discord stand-in and stores + embeds their messages. */
export async function seedGuilds(h: Harness, messages: FixtureMessage[]): Promise<Map<string, string>> {
  const everyone = String(VIEW | HISTORY | SEND);
  h.discord.addGuild({
    id: G.guild,
    ownerId: G.owner,
    roles: [
      { id: G.guild, permissions: everyone },
      { id: G.modRole, permissions: '0' },
    ],
  });
  h.discord.addGuild({ id: G.other, ownerId: G.owner, roles: [{ id: G.other, permissions: everyone }] });
  h.discord.addChannel({ id: G.general, guildId: G.guild, type: 0, name: 'general' });
  h.discord.addChannel({ id: G.nsfw, guildId: G.guild, type: 0, name: 'after-dark', nsfw: true });
  h.discord.addChannel({
    id: G.mods,
    guildId: G.guild,
    type: 0,
    name: 'mod-only',
    overwrites: [
      { id: G.guild, type: 0, allow: '0', deny: String(VIEW) },
      { id: G.modRole, type: 0, allow: String(VIEW | HISTORY), deny: '0' },
    ],
  });
  h.discord.addChannel({ id: G.otherGeneral, guildId: G.other, type: 0, name: 'general' });
  h.discord.addMember(G.guild, { userId: G.member, roles: [] });
  h.discord.addMember(G.guild, { userId: G.moderator, roles: [G.modRole] });

  const guildOf = (channelId: string): string => (channelId === G.otherGeneral ? G.other : G.guild);
  await h.db.store.channels.upsert(
    (
      [
        [G.general, 'general'],
        [G.mods, 'mod-only'],
        [G.otherGeneral, 'general'],
        [G.nsfw, 'after-dark'],
      ] as const
    ).map(([cid, name]) => ({
      id: cid,
      guildId: guildOf(cid),
      parentId: null,
      type: 0,
      name,
      nsfw: cid === G.nsfw,
    })),
  );
  for (const [tid, parent, type, name] of [
    [G.generalThread, G.general, 11, 'release-planning'],
    [G.modsThread, G.mods, 11, 'raid-response'],
    [G.privateThread, G.general, 12, 'surprise-party'],
  ] as const) {
    h.discord.addChannel({ id: tid, guildId: G.guild, type, name, parentId: parent });
    h.discord.setThread(tid, { archived: false, members: tid === G.privateThread ? [G.moderator] : [] });
    await h.db.store.channels.upsert([
      { id: tid, guildId: G.guild, parentId: parent, type, name, nsfw: false },
    ]);
  }
  const ids = new Map<string, string>();
  const rows: NewMessage[] = messages.map((m) => {
    const mid = id(m.minutes ?? 0);
    ids.set(m.content, mid);
    h.discord.addMessage(m.channelId, { id: mid, authorId: m.authorId ?? G.member, content: m.content });
    return {
      id: mid,
      guildId: guildOf(m.channelId),
      channelId: m.channelId,
      authorId: m.authorId ?? G.member,
      authorName: m.authorName ?? 'mason',
      content: m.content,
      createdAt: t0 + (m.minutes ?? 0) * 60_000,
    };
  });
  await storeAndEmbed(h, rows);
  return ids;
}

/** Stores messages and puts their vectors in their guild's collection, as an index run would. */
export async function storeAndEmbed(h: Harness, rows: NewMessage[]): Promise<void> {
  await h.db.store.messages.storePage({ rows, source: 'crawl' });
  const { embedder, vectors } = h.worker.runtime.raw;
  const embedded = await embedder.embed(
    rows.map((r) => r.content),
    'document',
  );
  const byGuild = new Map<string, ReturnType<typeof vectorRecord>[]>();
  rows.forEach((r, i) => {
    const list = byGuild.get(r.guildId) ?? [];
    list.push(vectorRecord(r, embedded[i] ?? []));
    byGuild.set(r.guildId, list);
  });
  for (const [guildId, records] of byGuild) await vectors.upsert(guildId, records);
  await h.db.store.outbox.markSyncedIfUnchanged(await h.db.store.outbox.next(rows.length + 10));
}

let interactionSeq = 0;

interface InteractionOptions {
  guildId?: string | undefined;
  channelId?: string;
  userId?: string;
  roles?: string[];
  dm?: boolean;
}

/** The fields every interaction of a guild member has, as Discord sends them. */
function interaction(
  type: number,
  data: Record<string, unknown>,
  opts: InteractionOptions,
  extra: Record<string, unknown> = {},
) {
  interactionSeq++;
  const token = `itoken-${process.pid}-${interactionSeq}-${Math.random().toString(36).slice(2)}`;
  const userId = opts.userId ?? G.member;
  const user = { id: userId, username: 'mason', global_name: 'Mason', avatar: null, discriminator: '0' };
  const base = {
    type,
    id: `95${String(process.pid % 1000).padStart(3, '0')}${String(interactionSeq).padStart(13, '0')}`,
    application_id: '100000000000000001',
    token,
    version: 1,
    locale: 'en-US',
    data,
    ...extra,
  };
  if (opts.dm) return { ...base, user, channel_id: '970000000000000001', context: 1 };
  const channelId = opts.channelId ?? G.general;
  return {
    ...base,
    guild_id: opts.guildId ?? G.guild,
    channel_id: channelId,
    channel: { id: channelId, type: 0 },
    context: 0,
    member: { user, roles: opts.roles ?? [], permissions: '2147483647', joined_at: '2025-01-01T00:00:00Z' },
  };
}

/** A CHAT_INPUT interaction as Discord sends it. */
export function command(
  name: string,
  opts: InteractionOptions & {
    options?: { name: string; type: number; value: unknown }[];
    resolved?: Record<string, unknown>;
  } = {},
) {
  return interaction(
    2,
    {
      id: '960000000000000001',
      name,
      type: 1,
      ...(opts.options ? { options: opts.options } : {}),
      ...(opts.resolved ? { resolved: opts.resolved } : {}),
    },
    opts,
  );
}

/** A button press (MESSAGE_COMPONENT) on `message`, which carries the button. */
export function buttonPress(
  customId: string,
  opts: InteractionOptions & { message?: { id?: string; flags?: number; content?: string } } = {},
) {
  const message = {
    id: opts.message?.id ?? '970000000000000002',
    channel_id: opts.channelId ?? G.general,
    content: opts.message?.content ?? '',
    flags: opts.message?.flags ?? 0,
    components: [],
  };
  return interaction(3, { custom_id: customId, component_type: 2 }, opts, { message });
}

/** A modal submission (MODAL_SUBMIT) with one text input, from a modal opened on a button of `message`. */
export function modalSubmit(
  customId: string,
  value: string,
  opts: InteractionOptions & { inputId?: string; message?: { flags?: number }; labelShape?: boolean } = {},
) {
  const input = { type: 4, custom_id: opts.inputId ?? 'question', value };
  const components = opts.labelShape
    ? [{ type: 18, id: 1, component: input }]
    : [{ type: 1, components: [input] }];
  return interaction(5, { custom_id: customId, components }, opts, {
    message: {
      id: '970000000000000003',
      channel_id: opts.channelId ?? G.general,
      content: '',
      flags: opts.message?.flags ?? 0,
    },
  });
}

/** The "Ask about this message" message command (type 3) on `target` (`fields`: more of the message object). */
export function messageCommand(
  target: {
    id: string;
    channelId: string;
    authorId: string;
    content: string;
    timestamp: string;
    fields?: Record<string, unknown>;
  },
  opts: InteractionOptions = {},
) {
  return interaction(
    2,
    {
      id: '960000000000000002',
      name: 'Ask about this message',
      type: 3,
      target_id: target.id,
      resolved: {
        messages: {
          [target.id]: {
            id: target.id,
            channel_id: target.channelId,
            content: target.content,
            timestamp: target.timestamp,
            author: {
              id: target.authorId,
              username: 'poster',
              global_name: 'Poster',
              avatar: null,
              discriminator: '0',
            },
            attachments: [],
            embeds: [],
            ...target.fields,
          },
        },
      },
    },
    opts,
  );
}

export const ask = (question: string, opts: Parameters<typeof command>[1] & { private?: boolean } = {}) =>
  command('ask', {
    ...opts,
    options: [
      { name: 'question', type: 3, value: question },
      ...(opts.private === undefined ? [] : [{ name: 'private', type: 5, value: opts.private }]),
    ],
  });

/** Waits until the stand-in saw the final edit of an interaction (the one not ending in '…'). */
export async function finalContent(h: Harness, token: string, timeoutMs = 10_000): Promise<string> {
  let content = '';
  await h.discord.waitFor(() => {
    const edits = h.webhook(token)?.edits ?? [];
    const last = edits[edits.length - 1];
    content = typeof last?.content === 'string' ? last.content : '';
    return content !== '' && !content.endsWith('…') && content !== 'Thinking …';
  }, timeoutMs);
  return content;
}

/**
 * An indexer that crawls the harness's Discord stand-in into its store and the worker's vectors,
 * as `npm run index` would (retries 10 ms apart instead of seconds).
 */
export function harnessIndexer(h: Harness, opts: { guildIds: string[]; retentionDays?: number }): Indexer {
  return createIndexer({
    store: h.db.store,
    rest: createRest({ apiUrl: h.discord.apiUrl, botToken: h.discord.botToken }),
    embedder: h.worker.runtime.raw.embedder,
    vectors: h.worker.runtime.raw.vectors,
    clock: systemClock,
    log: silentLogger,
    botUserId: h.discord.botUserId,
    settings: {
      guildIds: opts.guildIds,
      channelIds: [],
      rescanHours: 48,
      embedBatchSize: 64,
      embedModel: h.settings.ollama.embedModel,
      ...(opts.retentionDays === undefined ? {} : { retentionDays: opts.retentionDays }),
    },
    tuning: { retryBaseMs: 10 },
  });
}
