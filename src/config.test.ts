import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseSettings } from './config';

const key = 'a'.repeat(64);
const app = '123456789012345678';

describe('parseSettings', () => {
  it('applies the contract defaults', () => {
    const s = parseSettings({ DISCORD_PUBLIC_KEY: key, DISCORD_APPLICATION_ID: app }, ['endpoint']);
    expect(s.port).toBe(8787);
    expect(s.discord.apiUrl).toBe('https://discord.com/api');
    expect(s.ollama).toMatchObject({
      host: 'http://127.0.0.1:11434',
      chatModel: 'llama3.2:3b',
      embedModel: 'nomic-embed-text',
    });
    expect(s.chroma).toMatchObject({ url: undefined, collection: 'discord_messages' });
    expect(s.databasePath).toMatch(/data[/\\]bot\.sqlite$/);
    expect(s.index).toMatchObject({ guildIds: [], channelIds: [], cron: undefined, rescanHours: 48 });
  });

  it.each([
    [{}, ['endpoint'], /DISCORD_PUBLIC_KEY is required/],
    [
      { DISCORD_PUBLIC_KEY: 'xyz', DISCORD_APPLICATION_ID: app },
      ['endpoint'],
      /DISCORD_PUBLIC_KEY must be the 64-character hex/,
    ],
    [{ DISCORD_PUBLIC_KEY: key }, ['endpoint'], /DISCORD_APPLICATION_ID is required/],
    [{ DISCORD_APPLICATION_ID: app }, ['register'], /DISCORD_BOT_TOKEN is required/],
    [{ PORT: 'eighty' }, [], /Setting PORT/],
    [{ OLLAMA_HOST: 'not a url' }, [], /Setting OLLAMA_HOST must be an http\(s\) URL/],
    [{ INDEX_GUILD_IDS: '123,abc' }, [], /Setting INDEX_GUILD_IDS must be a Discord id/],
    [{ INDEX_CRON: '*/5 * * * *' }, [], /INDEX_CRON is set but INDEX_GUILD_IDS is not/],
    [{ INDEX_FULL_CRON: '0 4 * * 0' }, [], /INDEX_FULL_CRON is set but INDEX_GUILD_IDS is not/],
    [
      { INDEX_CRON: 'every monday', INDEX_GUILD_IDS: app },
      [],
      /Setting INDEX_CRON is not a valid cron expression/,
    ],
    [
      { INDEX_FULL_CRON: '61 * * * *', INDEX_GUILD_IDS: app },
      [],
      /Setting INDEX_FULL_CRON is not a valid cron/,
    ],
    // Chroma's naming rule: 3-512 of [a-zA-Z0-9._-], alphanumeric at both ends, no '..'.
    [{ CHROMA_COLLECTION: 'askbot.' }, [], /Setting CHROMA_COLLECTION must be letters.*Chroma's naming rule/],
    [{ CHROMA_COLLECTION: 'ask..bot' }, [], /Setting CHROMA_COLLECTION/],
    [{ CHROMA_COLLECTION: '_askbot' }, [], /Setting CHROMA_COLLECTION/],
    [{ CHROMA_COLLECTION: 'ask bot' }, [], /Setting CHROMA_COLLECTION/],
    [{ CHROMA_COLLECTION: 'a'.repeat(201) }, [], /Setting CHROMA_COLLECTION must be at most 200/],
    [{ CHROMA_URL: 'http://proxy:8080/chroma' }, [], /Setting CHROMA_URL must be the server's root/],
    [
      { DISCORD_API_URL: 'http://u:p@discord.local/api' },
      [],
      /Setting DISCORD_API_URL must not contain a user/,
    ],
    // Interaction tokens die after 15 minutes: no deadline may outlive them.
    [{ ANSWER_TIMEOUT_MS: '1200000' }, [], /Setting ANSWER_TIMEOUT_MS must be at most 840000.*15-minute/],
    [
      { OLLAMA_FIRST_TOKEN_TIMEOUT_MS: '900000' },
      [],
      /Setting OLLAMA_FIRST_TOKEN_TIMEOUT_MS must be at most 840000/,
    ],
    [{ EMBED_TIMEOUT_MS: '3000000000' }, [], /Setting EMBED_TIMEOUT_MS must be at most 840000/],
    [{ CHROMA_TIMEOUT_MS: '900000' }, [], /Setting CHROMA_TIMEOUT_MS must be at most 840000/],
    [{ ASK_MAX_WAIT_SECONDS: '900' }, [], /Setting ASK_MAX_WAIT_SECONDS must be at most 840/],
    [{ ASK_MAX_PER_MEMBER: '0' }, [], /Setting ASK_MAX_PER_MEMBER/],
    [{ ROLE: 'both' }, [], /Setting ROLE must be all, endpoint or worker/],
    [{ PORT: '70000' }, [], /Setting PORT/],
    [{ OLLAMA_NUM_CTX: '512' }, [], /Setting OLLAMA_NUM_CTX must be at least 1024/],
    [{ INDEX_RETENTION_DAYS: '-3' }, [], /Setting INDEX_RETENTION_DAYS/],
    [
      { DATABASE_URL: 'postgres://u:p@db:5432/bot' },
      [],
      /CHROMA_URL is required with a PostgreSQL DATABASE_URL/,
    ],
    [
      { DATABASE_URL: 'mysql://u:p@db/bot' },
      [],
      /Setting DATABASE_URL must be a SQLite file path or a postgres:\/\/ URL/,
    ],
    // Settings that would parse but fail on first use (issue 8, kind 11).
    [{ OLLAMA_CHAT_MODEL: 'llama 3' }, [], /Setting OLLAMA_CHAT_MODEL must be an Ollama model name/],
    [
      { OLLAMA_EMBED_MODEL: 'nomic-embed-text\tv2' },
      [],
      /Setting OLLAMA_EMBED_MODEL must be an Ollama model/,
    ],
    [{ OLLAMA_CHAT_MODEL: 'llama3.2:3b:q4' }, [], /Setting OLLAMA_CHAT_MODEL/],
    [
      { DISCORD_BOT_TOKEN: 'Bot abc.def.ghi', DISCORD_APPLICATION_ID: app },
      ['register'],
      /Setting DISCORD_BOT_TOKEN must be the token alone, without "Bot " in front/,
    ],
    [
      { DISCORD_BOT_TOKEN: 'abc def', DISCORD_APPLICATION_ID: app },
      ['register'],
      /Setting DISCORD_BOT_TOKEN must not contain spaces/,
    ],
    [{ OLLAMA_NUM_CTX: '1e12' }, [], /Setting OLLAMA_NUM_CTX must be at most 16777216/],
    [{ OLLAMA_HOST: 'http://gpu:11434/?pool=a' }, [], /Setting OLLAMA_HOST must not have a \?query/],
    [{ CHROMA_URL: 'http://chroma:8000/#x' }, [], /Setting CHROMA_URL must not have a \?query or #fragment/],
    [{ DISCORD_API_URL: 'https://discord.com/api?v=10' }, [], /Setting DISCORD_API_URL must not have/],
    [{ DATABASE_URL: 'sqlite:' }, [], /Setting DATABASE_URL names no file/],
    [{ DATABASE_URL: 'file://' }, [], /Setting DATABASE_URL names no file/],
    [{ DATABASE_URL: tmpdir() }, [], /Setting DATABASE_URL is a directory .*: name the SQLite file in it/],
    [{ INDEX_RETENTION_DAYS: '1e-9' }, [], /Setting INDEX_RETENTION_DAYS/],
    [{ INDEX_RETENTION_DAYS: '7.5' }, [], /Setting INDEX_RETENTION_DAYS/],
    [
      { DISCORD_API_URL: 'http://127.0.0.1:9999/api/v10' },
      [],
      /Setting DISCORD_API_URL must be the API base without a version/,
    ],
    [
      { DATA_DIR: fileURLToPath(import.meta.url) },
      [],
      /Setting DATA_DIR must be a directory, but .* is a file/,
    ],
    [{ INDEX_RESCAN_HOURS: '1e305' }, [], /Setting INDEX_RESCAN_HOURS must be at most 87600/],
    [{ OLLAMA_HOST: 'http://gpu:0' }, [], /Setting OLLAMA_HOST must not use port 0/],
    [{ CHROMA_URL: 'http://chroma:0' }, [], /Setting CHROMA_URL must not use port 0/],
    [
      { INDEX_CRON: '*/5 * * * *', INDEX_GUILD_IDS: ',,,' },
      [],
      /INDEX_CRON is set but INDEX_GUILD_IDS is not/,
    ],
  ] as const)('%j (%j) fails with one line naming the variable', (env, needs, message) => {
    expect(() => parseSettings(env, [...needs])).toThrow(ConfigError);
    expect(() => parseSettings(env, [...needs])).toThrow(message);
  });

  it('reports every problem of one run together: malformed values in the order of .env.example, then missing ones, then what to do', () => {
    let err: ConfigError | undefined;
    try {
      parseSettings(
        {
          PORT: 'eighty',
          OLLAMA_HOST: 'ftp://gpu',
          CHROMA_COLLECTION: '-x-',
          DISCORD_BOT_TOKEN: 'Bot secret.token',
        },
        ['register'],
      );
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.problems).toEqual([
      'Setting PORT must be a number (got "eighty").',
      'Setting DISCORD_BOT_TOKEN must be the token alone, without "Bot " in front.',
      'Setting OLLAMA_HOST must be an http(s) URL (got "ftp://gpu").',
      expect.stringMatching(/^Setting CHROMA_COLLECTION must be letters/),
      'Setting DISCORD_APPLICATION_ID is required by npm run register but is not set: copy the Application ID from the Discord Developer Portal (your application → General Information).',
    ]);
    const lines = err?.message.split('\n') ?? [];
    expect(lines[0]).toBe('5 settings need attention:');
    expect(lines.at(-1)).toBe(
      'Fix them in .env (each one is explained in .env.example) or in the environment, then run again.',
    );
    expect(err?.message).not.toContain('secret');
  });

  it('asks npm start for what its ROLE needs: a worker needs no public key', () => {
    expect(() => parseSettings({}, ['start'])).toThrow(/2 settings need attention/);
    expect(() => parseSettings({ ROLE: 'worker' }, ['start'])).toThrow(
      /^Setting DISCORD_APPLICATION_ID is required by npm start with ROLE=worker but is not set/,
    );
    expect(parseSettings({ ROLE: 'worker', DISCORD_APPLICATION_ID: app }, ['start']).role).toBe('worker');
  });

  it('never echoes a malformed bot token either', () => {
    for (const token of ['Bot abc.def.ghi', 'abc.def ghi']) {
      let message = '';
      try {
        parseSettings({ DISCORD_BOT_TOKEN: token, DISCORD_APPLICATION_ID: app }, ['register']);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^Setting DISCORD_BOT_TOKEN/);
      expect(message).not.toMatch(/abc|def|ghi/);
    }
  });

  it.each([
    ['llama3.2:3b', 'llama3.2:3b'],
    [' llama3.2:3b ', 'llama3.2:3b'],
    ['qwen2.5:7b-instruct-q4_K_M', 'qwen2.5:7b-instruct-q4_K_M'],
    [
      'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
      'hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M',
    ],
    ['registry.example.com:5000/team/model:v1', 'registry.example.com:5000/team/model:v1'],
    ['library/llama3', 'library/llama3'],
  ])('takes %j as OLLAMA_CHAT_MODEL (%j)', (input, model) => {
    expect(parseSettings({ OLLAMA_CHAT_MODEL: input }).ollama.chatModel).toBe(model);
  });

  it('takes a bot token with spaces around it (an .env line), without them', () => {
    const s = parseSettings({ DISCORD_BOT_TOKEN: ' abc.def.ghi \n', DISCORD_APPLICATION_ID: app }, [
      'register',
    ]);
    expect(s.discord.botToken).toBe('abc.def.ghi');
  });

  it('never echoes the bot token in its error', () => {
    expect(() => parseSettings({ DISCORD_BOT_TOKEN: '', DISCORD_APPLICATION_ID: app }, ['register'])).toThrow(
      /DISCORD_BOT_TOKEN is required/,
    );
  });

  it.each([
    ['http://gpu-box', 'http://gpu-box:11434'],
    ['http://gpu-box:8080', 'http://gpu-box:8080'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['http://[::1]:11434', 'http://[::1]:11434'],
    ['http://[::1]', 'http://[::1]:11434'],
    ['http://gpu-box:80', 'http://gpu-box:80'],
    ['http://user:pa%40ss@gpu-box', 'http://user:pa%40ss@gpu-box:11434'],
    ['http://user:pa%40ss@gpu-box:9000', 'http://user:pa%40ss@gpu-box:9000'],
  ])("OLLAMA_HOST %s → %s (Ollama's own default port rule)", (input, host) => {
    expect(parseSettings({ OLLAMA_HOST: input }).ollama.host).toBe(host);
  });

  it.each(['a', 'ab', 'a.b', 'a-1'])(
    'takes %j as CHROMA_COLLECTION (a guild collection name is longer)',
    (prefix) => {
      expect(parseSettings({ CHROMA_COLLECTION: prefix }).chroma.collection).toBe(prefix);
    },
  );

  it('takes a comma-separated list of Ollama hosts, each with the default port, without duplicates', () => {
    const s = parseSettings({ OLLAMA_HOST: 'http://gpu1, http://gpu2:9000 ,http://gpu1:11434' });
    expect(s.ollama.hosts).toEqual(['http://gpu1:11434', 'http://gpu2:9000']);
    expect(s.ollama.host).toBe('http://gpu1:11434');
    expect(() => parseSettings({ OLLAMA_HOST: 'http://gpu1,ftp://x' })).toThrow(/Setting OLLAMA_HOST/);
  });

  it('treats empty values as unset and parses id lists', () => {
    const s = parseSettings({
      CHROMA_URL: '',
      INDEX_GUILD_IDS: ' 123456789012345678 , 223456789012345678 ',
      INDEX_CRON: '0 * * * *',
    });
    expect(s.chroma.url).toBeUndefined();
    expect(s.index.guildIds).toEqual(['123456789012345678', '223456789012345678']);
  });

  it('resolves DATABASE_URL forms, with the SQLite queue in a file beside the store', () => {
    expect(parseSettings({ DATABASE_URL: 'file:/tmp/x.sqlite' }).database).toEqual({
      kind: 'sqlite',
      path: '/tmp/x.sqlite',
      queuePath: '/tmp/x.queue.sqlite',
    });
    expect(parseSettings({ DATABASE_URL: '/var/lib/bot.db' }).database).toMatchObject({
      path: '/var/lib/bot.db',
      queuePath: '/var/lib/bot.queue.sqlite',
    });
    const pg = parseSettings({
      DATABASE_URL: 'postgresql://bot:secret@db:5432/bot',
      CHROMA_URL: 'http://chroma:8000',
    });
    expect(pg.database).toEqual({ kind: 'postgres', url: 'postgresql://bot:secret@db:5432/bot' });
  });

  it('never echoes a database password in its error', () => {
    let message = '';
    try {
      parseSettings({ DATABASE_URL: 'postgres://bot:hunter2@db:5432/bot' });
    } catch (err) {
      message = String(err);
    }
    expect(message).toMatch(/CHROMA_URL/);
    expect(message).not.toMatch(/hunter2/);
  });

  it('gives each worker 2 answer slots per Ollama host unless ASK_CONCURRENCY says otherwise', () => {
    expect(parseSettings({ OLLAMA_HOST: 'http://a,http://b' }).ask.concurrency).toBe(4);
    expect(parseSettings({ OLLAMA_HOST: 'http://a,http://b', ASK_CONCURRENCY: '3' }).ask.concurrency).toBe(3);
    expect(parseSettings({}).role).toBe('all');
    expect(parseSettings({}).ask).toMatchObject({ maxWaitMs: 600_000, maxPerMember: 3 });
  });
});

describe('issue 18 settings', () => {
  it.each([
    ['30m', '30m'],
    ['1h30m', '1h30m'],
    ['90s', '90s'],
    ['-1m', '-1m'],
    ['3600', 3600],
    ['-1', -1],
    ['0', 0],
  ])('OLLAMA_KEEP_ALIVE=%s is sent as %j', (v, sent) => {
    expect(parseSettings({ OLLAMA_KEEP_ALIVE: v }).ollama.keepAlive).toEqual(sent);
  });

  it('defaults: no reasoning, models kept 30 minutes, a 30 s stall deadline', () => {
    expect(parseSettings({}).ollama).toMatchObject({
      think: false,
      keepAlive: '30m',
      stallTimeoutMs: 30_000,
    });
  });
});
