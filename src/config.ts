import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import * as z from 'zod/mini';
import { redactUrl } from './store/errors';

/**
 * Thrown when settings are missing or malformed. Its message is what the operator sees: one line
 * for one problem; for several, every problem on a line of its own and what to do last.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** Each problem, one sentence naming its variable. */
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(formatProblems(list));
    this.problems = list;
  }
}

const snowflake = z.string().check(z.regex(/^\d{17,20}$/, 'must be a Discord id (17 to 20 digits)'));
/** A comma-separated list, spaces around each item and empty items dropped. */
const commaList = z.pipe(
  z.string(),
  z.transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
);
const idList = z.pipe(commaList, z.array(snowflake));
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).check(
  z.refine((u) => !URL.canParse(u) || (new URL(u).search === '' && new URL(u).hash === ''), {
    error: 'must not have a ?query or #fragment (the clients would drop it)',
  }),
  z.refine((u) => !URL.canParse(u) || new URL(u).port !== '0', { error: 'must not use port 0' }),
);
/** An http(s) URL, without its trailing slashes. */
const url = z.pipe(
  httpUrl,
  z.transform((u) => u.replace(/\/+$/, '')),
);
/** `url`, then `checks` on the URL without its trailing slashes. */
const urlThat = (...checks: z.core.$ZodCheck<string>[]) => z.pipe(url, z.string().check(...checks));
/**
 * An Ollama model name as `ollama pull` takes it: `[host/][namespace/]model[:tag]`, letters, digits
 * and `._-`; spaces around it (an .env line) are dropped.
 */
const modelName = z
  .string()
  .check(
    z.trim(),
    z.regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*(?::\d+)?(?:\/[A-Za-z0-9._-]+)*(?::[A-Za-z0-9_][A-Za-z0-9._-]*)?$/,
      'must be an Ollama model name such as llama3.2:3b (letters, digits, ".", "_", "-", one ":tag")',
    ),
  );
/** chromadb's client builds its URLs from scheme, host and port alone: a path would be dropped silently. */
const chromaUrl = urlThat(
  z.refine((u) => new URL(u).pathname === '/', {
    error: "must be the server's root, e.g. http://chroma:8000 (the Chroma client cannot use a path)",
  }),
);
const wholeNumber = z.coerce.number().check(z.int());
const positiveInt = wholeNumber.check(z.positive());
/** Discord's interaction tokens live 15 minutes; every deadline of an answer must end a minute before. */
const TOKEN_BUDGET_MS = 14 * 60_000;
const withinToken = (what: string) =>
  positiveInt.check(
    z.maximum(
      TOKEN_BUDGET_MS,
      `must be at most ${TOKEN_BUDGET_MS} (${what} must end before the 15-minute interaction token does)`,
    ),
  );
const cron = z.string().check(
  z.refine(
    (expr) => {
      try {
        new Cron(expr, { paused: true }).stop();
        return true;
      } catch {
        return false;
      }
    },
    { error: 'is not a valid cron expression (5 fields, or 6 with seconds), e.g. "*/15 * * * *"' },
  ),
);
/**
 * Chroma's collection names are 3-512 characters of letters, digits, '.', '_' and '-', starting and
 * ending with a letter or digit, without '..'; the product appends `.<guild id>.<model>`.
 */
const collectionPrefix = z
  .string()
  .check(
    z.maxLength(200, 'must be at most 200 characters'),
    z.regex(
      /^[a-zA-Z0-9](?:(?:[a-zA-Z0-9_-]|\.(?!\.))*[a-zA-Z0-9])?$/,
      "must be letters, digits, '.', '_' or '-', start and end with a letter or digit, and have no '..' (Chroma's naming rule)",
    ),
  );

/**
 * Every setting of the product. Optional keys with defaults follow ../shared/INTERFACE.md;
 * the extra tuning knobs below it have defaults that suit one GPU box serving one community.
 *
 * zod/mini, not zod's chained API: the same library and checks, but tree-shaken into the build
 * (41 KB against 755 KB bundled), which the endpoint's cold start compiles on every spawn.
 */
const schema = z.object({
  PORT: z._default(wholeNumber.check(z.minimum(0), z.maximum(65535)), 8787),
  DISCORD_PUBLIC_KEY: z.optional(
    z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'must be the 64-character hex public key')),
  ),
  DISCORD_APPLICATION_ID: z.optional(snowflake),
  DISCORD_BOT_TOKEN: z.optional(
    z.string().check(
      z.trim(),
      z.minLength(1),
      z.refine((t) => !/^bot\s/i.test(t), { error: 'must be the token alone, without "Bot " in front' }),
      z.refine((t) => !/\s/.test(t), { error: 'must not contain spaces (copy the token from the Bot page)' }),
    ),
  ),
  DISCORD_API_URL: z._default(
    urlThat(
      z.refine((u) => new URL(u).username === '' && new URL(u).password === '', {
        error: 'must not contain a user or password',
      }),
      z.refine((u) => !/\/v\d+$/i.test(new URL(u).pathname), {
        error: 'must be the API base without a version, e.g. https://discord.com/api (the client adds /v10)',
      }),
    ),
    'https://discord.com/api',
  ),
  DISCORD_GUILD_ID: z.optional(snowflake),
  OLLAMA_HOST: z._default(
    z.pipe(commaList, z.array(url).check(z.minLength(1, 'must name at least one host'))),
    ['http://127.0.0.1:11434'],
  ),
  OLLAMA_CHAT_MODEL: z._default(modelName, 'llama3.2:3b'),
  OLLAMA_EMBED_MODEL: z._default(modelName, 'nomic-embed-text'),
  CHROMA_URL: z.optional(chromaUrl),
  CHROMA_COLLECTION: z._default(collectionPrefix, 'discord_messages'),
  DATA_DIR: z._default(z.string().check(z.minLength(1)), './data'),
  DATABASE_URL: z.optional(z.string().check(z.minLength(1))),
  INDEX_GUILD_IDS: z.optional(idList),
  INDEX_CHANNEL_IDS: z.optional(idList),
  INDEX_CRON: z.optional(cron),
  INDEX_RESCAN_HOURS: z._default(
    z.coerce
      .number()
      .check(
        z.minimum(0),
        z.maximum(87_600, 'must be at most 87600 (ten years; --full re-reads everything)'),
      ),
    48,
  ),
  INDEX_FULL_CRON: z.optional(cron),
  INDEX_RETENTION_DAYS: z.optional(positiveInt),
  ROLE: z._default(
    z.enum(['all', 'endpoint', 'worker'], { error: 'must be all, endpoint or worker' }),
    'all',
  ),
  ASK_MAX_WAIT_SECONDS: z._default(
    wholeNumber.check(
      z.minimum(0),
      z.maximum(
        TOKEN_BUDGET_MS / 1000,
        `must be at most ${TOKEN_BUDGET_MS / 1000} (a question must be answered before its 15-minute token dies)`,
      ),
    ),
    600,
  ),
  ASK_MAX_PER_MEMBER: z._default(positiveInt, 3),
  // Tuning beyond the contract.
  LOG_LEVEL: z.optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  /** Answers one worker process works on at once; default 2 per Ollama host. */
  ASK_CONCURRENCY: z.optional(positiveInt.check(z.maximum(256))),
  ASK_CACHE_TTL_SECONDS: z._default(wholeNumber.check(z.minimum(0)), 3600),
  OLLAMA_NUM_CTX: z._default(
    positiveInt.check(
      z.minimum(1024, 'must be at least 1024 tokens (the rules, one source and a short answer must fit)'),
      z.maximum(16_777_216, 'must be at most 16777216 tokens (no model has a longer context)'),
    ),
    8192,
  ),
  OLLAMA_TIMEOUT_MS: z._default(withinToken('an Ollama call'), 120_000),
  OLLAMA_FIRST_TOKEN_TIMEOUT_MS: z._default(withinToken('the wait for the first token'), 90_000),
  ANSWER_TIMEOUT_MS: z._default(withinToken('an answer'), 300_000),
  EMBED_TIMEOUT_MS: z._default(withinToken('an embedding call, which answers wait for'), 30_000),
  CHROMA_TIMEOUT_MS: z._default(withinToken('a Chroma call, which answers wait for'), 10_000),
  EMBED_BATCH_SIZE: z._default(positiveInt, 64),
  // Help channels (issue 19): the watcher's schedule and the operator's default for servers that
  // have not chosen with `/settings when-unsure`.
  WATCH_INTERVAL_SECONDS: z._default(
    positiveInt.check(z.maximum(86_400, 'must be at most 86400 (one day)')),
    30,
  ),
  HELP_WHEN_UNSURE: z._default(z.enum(['silent', 'say'], { error: 'must be silent or say' }), 'silent'),
  // Issue 18 (faults round three): reasoning models, keeping models loaded, streams that go silent.
  /** Whether reasoning models think before answering (Ollama's `think`): false, true, or low/medium/high. */
  OLLAMA_THINK: z._default(
    z.pipe(
      z.pipe(
        z.string().check(z.trim(), z.toLowerCase()),
        z.enum(['false', 'true', 'low', 'medium', 'high'], {
          error: "must be false, true, low, medium or high (Ollama's think)",
        }),
      ),
      z.transform((v): ThinkSetting => (v === 'true' ? true : v === 'false' ? false : v)),
    ),
    false,
  ),
  /** How long Ollama keeps the chat and the embedding model loaded after a request (its own syntax). */
  OLLAMA_KEEP_ALIVE: z._default(
    z.pipe(
      z.string().check(
        z.trim(),
        z.refine((v) => parseKeepAlive(v) !== undefined, {
          error:
            "must be a duration such as 30m, 1h30m or 90s, a number of seconds, or -1 to keep the models loaded (Ollama's keep_alive)",
        }),
      ),
      z.transform((v) => parseKeepAlive(v) as KeepAlive),
    ),
    '30m',
  ),
  /** Longest silence between two streamed pieces of an answer, reasoning included. */
  OLLAMA_STALL_TIMEOUT_MS: z._default(withinToken('a silence in the middle of an answer'), 30_000),
  // Insights (issue 21): when the weekly digest goes out (to guilds that chose a channel with
  // `/settings digest`; `off` sends none), and how similar two questions must be to share a topic.
  INSIGHTS_DIGEST_CRON: z._default(
    z.string().check(
      z.trim(),
      z.refine((expr) => expr === 'off' || cron.safeParse(expr).success, {
        error: 'is not a valid cron expression (5 fields, or 6 with seconds), e.g. "0 9 * * 1", nor off',
      }),
    ),
    '0 9 * * 1',
  ),
  INSIGHTS_TOPIC_SIMILARITY: z._default(
    z.coerce
      .number()
      .check(
        z.gt(0, 'must be above 0 (cosine similarity)'),
        z.maximum(1, 'must be at most 1 (cosine similarity)'),
      ),
    0.82,
  ),
});

/** OLLAMA_THINK: Ollama's `think` for answers (levels are for models that take them, such as gpt-oss). */
export type ThinkSetting = boolean | 'low' | 'medium' | 'high';

/** OLLAMA_KEEP_ALIVE as Ollama's `keep_alive` takes it: a Go duration string, or seconds (negative: forever). */
export type KeepAlive = string | number;

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/**
 * Ollama's keep_alive syntax, as its OLLAMA_KEEP_ALIVE reads it: a Go duration ("30m", "1h30m",
 * "-1m") or a whole number of seconds ("3600", "-1": keep loaded, "0": unload at once). Seconds
 * become a number, since the API reads a bare string without a unit as invalid. Undefined when
 * `value` is neither.
 * @see https://github.com/ollama/ollama/blob/main/docs/faq.md#how-do-i-keep-a-model-loaded-in-memory-or-make-it-unload-immediately
 */
export function parseKeepAlive(value: string): KeepAlive | undefined {
  const v = value.trim();
  if (/^[-+]?\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return GO_DURATION.test(v) ? v : undefined;
}

export type RawSettings = z.infer<typeof schema>;

/** Where the store (and the queue) live: a SQLite file, or a PostgreSQL database shared by many processes. */
export type DatabaseSetting =
  | { kind: 'sqlite'; path: string; queuePath: string }
  | { kind: 'postgres'; url: string };

export interface Settings {
  port: number;
  discord: {
    publicKey: string | undefined;
    applicationId: string | undefined;
    botToken: string | undefined;
    apiUrl: string;
    guildId: string | undefined;
  };
  ollama: {
    /** The first of `hosts`, for messages that name one host. */
    host: string;
    /** Every Ollama host, with Ollama's default port filled in; questions and embeddings are spread over them. */
    hosts: string[];
    chatModel: string;
    embedModel: string;
    numCtx: number;
    timeoutMs: number;
    firstTokenTimeoutMs: number;
    embedTimeoutMs: number;
    /** OLLAMA_THINK: Ollama's `think` for answers. */
    think: ThinkSetting;
    /** OLLAMA_KEEP_ALIVE, for the chat and the embedding model alike. */
    keepAlive: KeepAlive;
    /** OLLAMA_STALL_TIMEOUT_MS: longest silence between two streamed pieces (reasoning counts). */
    stallTimeoutMs: number;
  };
  chroma: { url: string | undefined; collection: string; timeoutMs: number };
  dataDir: string;
  /** The SQLite store's path (':memory:' allowed); '' in PostgreSQL mode. */
  databasePath: string;
  database: DatabaseSetting;
  index: {
    guildIds: string[];
    channelIds: string[];
    cron: string | undefined;
    fullCron: string | undefined;
    rescanHours: number;
    /** Messages older than this many days are removed at every run; undefined keeps everything. */
    retentionDays: number | undefined;
    embedBatchSize: number;
  };
  /** What this process does (ROLE): acknowledge, answer and schedule; or one of them. */
  role: 'all' | 'endpoint' | 'worker';
  ask: {
    /** Answers one worker process works on at once. */
    concurrency: number;
    cacheTtlMs: number;
    answerTimeoutMs: number;
    /** A question is refused as busy when its expected wait is longer. */
    maxWaitMs: number;
    maxPerMember: number;
  };
  /** Unset: each entry point picks its own (the service logs at info, the CLI tools at error). */
  logLevel: RawSettings['LOG_LEVEL'];
  /** Help channels (issue 19): how often watched channels are polled, and the operators' defaults. */
  help: {
    /** WATCH_INTERVAL_SECONDS in ms. */
    watchIntervalMs: number;
    /** HELP_WHEN_UNSURE: what a server that has not chosen does when nothing relevant is found. */
    whenUnsure: 'silent' | 'say';
  };
  /** Insights (issue 21). */
  insights: {
    /** INSIGHTS_DIGEST_CRON; undefined when `off`. */
    digestCron: string | undefined;
    /** INSIGHTS_TOPIC_SIMILARITY: the cosine similarity at or above which a question joins a topic. */
    topicSimilarity: number;
  };
}

/**
 * What each entry point needs beyond the defaults; checked at start so nothing fails later.
 * `start` is `npm start`'s need, which depends on ROLE (a worker verifies no request, so it needs no
 * public key); `permissions` is what looking up a member's roles takes (`npm run ask -- --user`).
 */
export type Requirement = 'start' | 'endpoint' | 'worker' | 'register' | 'indexer' | 'permissions';

// Issue 20 (preflight): every setting problem of a run reported at once, in an admin's words.

/** Who needs a setting, as the admin typed it. */
const NEEDED_BY: Record<Exclude<Requirement, 'start'>, string> = {
  endpoint: 'npm start',
  worker: 'npm start with ROLE=worker',
  register: 'npm run register',
  indexer: 'npm run index',
  permissions: 'npm run ask -- --user',
};

const required: Record<Exclude<Requirement, 'start'>, (keyof RawSettings)[]> = {
  endpoint: ['DISCORD_PUBLIC_KEY', 'DISCORD_APPLICATION_ID'],
  worker: ['DISCORD_APPLICATION_ID'],
  register: ['DISCORD_APPLICATION_ID', 'DISCORD_BOT_TOKEN'],
  indexer: ['DISCORD_BOT_TOKEN'],
  permissions: ['DISCORD_BOT_TOKEN'],
};

/** Where an admin finds each required value. */
const WHERE_TO_FIND: Partial<Record<keyof RawSettings, string>> = {
  DISCORD_PUBLIC_KEY:
    'copy the Public Key from the Discord Developer Portal (your application → General Information)',
  DISCORD_APPLICATION_ID:
    'copy the Application ID from the Discord Developer Portal (your application → General Information)',
  DISCORD_BOT_TOKEN:
    "copy the bot's token from the Discord Developer Portal (your application → Bot → Reset Token)",
};

const SERVER_ID_HINT =
  'the ids of the servers to crawl, comma-separated (in Discord: User Settings → Advanced → Developer Mode on, then right-click the server → Copy Server ID)';

/** The problems as the operator reads them: one line for one problem; a list and what to do for several. */
function formatProblems(problems: readonly string[]): string {
  if (problems.length === 1) return problems[0] ?? '';
  return [
    `${problems.length} settings need attention:`,
    ...problems.map((p) => `  - ${p}`),
    'Fix them in .env (each one is explained in .env.example) or in the environment, then run again.',
  ].join('\n');
}

/** zod's own words for a bad value, as an admin reads them (messages written in the schema win). */
const adminWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.inclusive === false
        ? `must be more than ${String(issue.minimum)}`
        : `must be at least ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : 'must be a number';
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    default:
      return undefined;
  }
};

/** Parses and validates the environment once; throws one ConfigError listing every bad or missing variable. */
export function parseSettings(env: Record<string, string | undefined>, needs: Requirement[] = []): Settings {
  // Empty strings (as in a copied .env.example) mean "unset".
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const problems: string[] = [];
  // Each variable on its own, so that one bad value does not hide the next one.
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape) as [string, z.ZodMiniType][]) {
    const parsed = field.safeParse(cleaned[name], { error: adminWords });
    if (parsed.success) {
      values[name] = parsed.data;
      continue;
    }
    const issue = parsed.error.issues[0];
    const value = cleaned[name];
    // Secrets are never echoed; URLs lose their credentials.
    const shown =
      name === 'DISCORD_BOT_TOKEN' || name === 'DATABASE_URL' || value === undefined
        ? ''
        : ` (got "${redactUrl(value)}")`;
    problems.push(`Setting ${name} ${issue?.message ?? 'is invalid'}${shown}.`);
  }
  const s = values as Partial<RawSettings>;
  const role = s.ROLE ?? 'all';
  const resolved = new Set(
    needs.map(
      (need): Exclude<Requirement, 'start'> =>
        need === 'start' ? (role === 'worker' ? 'worker' : 'endpoint') : need,
    ),
  );
  const missing = new Map<keyof RawSettings, string>();
  for (const need of resolved) {
    for (const key of required[need]) {
      if (cleaned[key] === undefined && !missing.has(key)) missing.set(key, NEEDED_BY[need]);
    }
  }
  for (const [key, by] of missing) {
    const where = WHERE_TO_FIND[key];
    problems.push(`Setting ${key} is required by ${by} but is not set${where ? `: ${where}` : ''}.`);
  }
  const nothing = (ids: string[] | undefined) => ids === undefined || ids.length === 0;
  const nothingToCrawl = nothing(s.INDEX_GUILD_IDS) && nothing(s.INDEX_CHANNEL_IDS);
  const badIds = cleaned.INDEX_GUILD_IDS !== undefined && s.INDEX_GUILD_IDS === undefined;
  if (resolved.has('indexer') && nothingToCrawl && !badIds) {
    problems.push(
      `Setting INDEX_GUILD_IDS (or INDEX_CHANNEL_IDS) is required by npm run index but is not set: ${SERVER_ID_HINT}.`,
    );
  }
  for (const key of ['INDEX_CRON', 'INDEX_FULL_CRON'] as const) {
    if (s[key] !== undefined && nothingToCrawl && !badIds && !resolved.has('indexer')) {
      problems.push(
        `Setting ${key} is set but INDEX_GUILD_IDS is not: the indexer would have nothing to crawl (${SERVER_ID_HINT}).`,
      );
    }
  }
  let dataDir = '';
  if (s.DATA_DIR !== undefined) {
    dataDir = path.resolve(s.DATA_DIR);
    if (existsSync(dataDir) && !statSync(dataDir).isDirectory())
      problems.push(`Setting DATA_DIR must be a directory, but ${dataDir} is a file.`);
  }
  let database: DatabaseSetting | undefined;
  if (dataDir !== '' && (cleaned.DATABASE_URL === undefined || s.DATABASE_URL !== undefined)) {
    try {
      database = databaseSetting(s.DATABASE_URL, dataDir);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(err.message);
    }
  }
  if (database?.kind === 'postgres' && cleaned.CHROMA_URL === undefined) {
    problems.push(
      'Setting CHROMA_URL is required with a PostgreSQL DATABASE_URL: every process must share one Chroma server (a local one per process would not be shared).',
    );
  }
  if (problems.length > 0 || database === undefined) throw new ConfigError(problems);
  return settingsOf(s as RawSettings, dataDir, database);
}

/** The typed settings of a valid environment. */
function settingsOf(s: RawSettings, dataDir: string, database: DatabaseSetting): Settings {
  const hosts = [...new Set(s.OLLAMA_HOST.map((h) => withDefaultPort(h, 11434)))];
  return {
    port: s.PORT,
    discord: {
      publicKey: s.DISCORD_PUBLIC_KEY?.toLowerCase(),
      applicationId: s.DISCORD_APPLICATION_ID,
      botToken: s.DISCORD_BOT_TOKEN,
      apiUrl: s.DISCORD_API_URL,
      guildId: s.DISCORD_GUILD_ID,
    },
    ollama: {
      host: hosts[0] as string,
      hosts,
      chatModel: s.OLLAMA_CHAT_MODEL,
      embedModel: s.OLLAMA_EMBED_MODEL,
      numCtx: s.OLLAMA_NUM_CTX,
      timeoutMs: s.OLLAMA_TIMEOUT_MS,
      firstTokenTimeoutMs: s.OLLAMA_FIRST_TOKEN_TIMEOUT_MS,
      embedTimeoutMs: s.EMBED_TIMEOUT_MS,
      think: s.OLLAMA_THINK,
      keepAlive: s.OLLAMA_KEEP_ALIVE,
      stallTimeoutMs: s.OLLAMA_STALL_TIMEOUT_MS,
    },
    chroma: { url: s.CHROMA_URL, collection: s.CHROMA_COLLECTION, timeoutMs: s.CHROMA_TIMEOUT_MS },
    dataDir,
    databasePath: database.kind === 'sqlite' ? database.path : '',
    database,
    index: {
      guildIds: s.INDEX_GUILD_IDS ?? [],
      channelIds: s.INDEX_CHANNEL_IDS ?? [],
      cron: s.INDEX_CRON,
      fullCron: s.INDEX_FULL_CRON,
      rescanHours: s.INDEX_RESCAN_HOURS,
      retentionDays: s.INDEX_RETENTION_DAYS,
      embedBatchSize: s.EMBED_BATCH_SIZE,
    },
    role: s.ROLE,
    ask: {
      concurrency: s.ASK_CONCURRENCY ?? 2 * hosts.length,
      cacheTtlMs: s.ASK_CACHE_TTL_SECONDS * 1000,
      answerTimeoutMs: s.ANSWER_TIMEOUT_MS,
      maxWaitMs: s.ASK_MAX_WAIT_SECONDS * 1000,
      maxPerMember: s.ASK_MAX_PER_MEMBER,
    },
    logLevel: s.LOG_LEVEL,
    help: { watchIntervalMs: s.WATCH_INTERVAL_SECONDS * 1000, whenUnsure: s.HELP_WHEN_UNSURE },
    insights: {
      digestCron: s.INSIGHTS_DIGEST_CRON === 'off' ? undefined : s.INSIGHTS_DIGEST_CRON,
      topicSimilarity: s.INSIGHTS_TOPIC_SIMILARITY,
    },
  };
}

/** The `ollama` client turns `http://host` into port 80; Ollama's own OLLAMA_HOST rule is 11434 (https: 443). */
function withDefaultPort(u: string, port: number): string {
  // An explicit port, even the scheme's own (which URL would hide), is kept; `user:password@` may precede the host.
  if (u.startsWith('https:') || /^https?:\/\/(?:[^/@]*@)?(\[[^\]]+\]|[^/:@]+):\d+/.test(u)) return u;
  const parsed = new URL(u);
  parsed.port = String(port);
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite path (plain,
 * `file:path` or `sqlite:path`, relative to the working directory), whose queue lives in a file of
 * its own beside it (`bot.sqlite` → `bot.queue.sqlite`).
 */
function databaseSetting(databaseUrl: string | undefined, dataDir: string): DatabaseSetting {
  if (databaseUrl !== undefined && /^postgres(ql)?:\/\//i.test(databaseUrl)) {
    try {
      const u = new URL(databaseUrl);
      if (u.hostname === '' && !u.searchParams.has('host')) throw new Error('no host');
    } catch {
      throw new ConfigError(
        'Setting DATABASE_URL is not a valid PostgreSQL URL (postgres://user:password@host:5432/database).',
      );
    }
    return { kind: 'postgres', url: databaseUrl };
  }
  if (
    databaseUrl !== undefined &&
    /^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) &&
    !/^(file|sqlite):/i.test(databaseUrl)
  ) {
    throw new ConfigError(
      `Setting DATABASE_URL must be a SQLite file path or a postgres:// URL (got a ${databaseUrl.split(':')[0]}: URL).`,
    );
  }
  const stripped = (databaseUrl ?? path.join(dataDir, 'bot.sqlite')).replace(/^(file|sqlite):(\/\/)?/i, '');
  if (stripped === ':memory:') return { kind: 'sqlite', path: ':memory:', queuePath: ':memory:' };
  if (stripped.trim() === '')
    throw new ConfigError(
      'Setting DATABASE_URL names no file: give a SQLite path such as ./data/bot.sqlite.',
    );
  const file = path.resolve(stripped);
  if (existsSync(file) && statSync(file).isDirectory())
    throw new ConfigError(
      `Setting DATABASE_URL is a directory (${file}): name the SQLite file in it, e.g. ${path.join(file, 'bot.sqlite')}.`,
    );
  return { kind: 'sqlite', path: file, queuePath: sqliteQueuePath(file) };
}

/** Where the queue of a SQLite store lives: beside it, `bot.sqlite` → `bot.queue.sqlite`. */
export function sqliteQueuePath(storeFile: string): string {
  return storeFile.replace(/(\.(sqlite3?|db))?$/i, '.queue.sqlite');
}

/** Reads `.env` from the working directory into process.env (real environment wins), then parses. */
export function loadSettings(needs: Requirement[] = []): Settings {
  const envFile = path.resolve('.env');
  if (existsSync(envFile)) {
    const before = { ...process.env };
    process.loadEnvFile(envFile);
    Object.assign(process.env, before);
  }
  return parseSettings(process.env, needs);
}
