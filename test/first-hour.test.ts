import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../src/vector/local-server';
import { CH, G1, G2, makeIndexer, startFixture, writeExport } from './indexer/world';
import { npm, ownLines } from './npm';
import { ROOT, runEntry, until } from './process';
import { createSigner } from './sign';
import { type DiscordStandIn, snowflakeFromMs, startDiscordStandIn } from './standins/discord';
import { type OllamaStandIn, startOllamaStandIn } from './standins/ollama';
import { tempDir, uniquePrefix } from './tmp';

// The first hour of a new admin, as processes: a whole server's export imported several ways,
// `--guild` by name, `--embed-only`, the preflight of every setting, register's translated errors,
// the start-up warnings, and `--help` of every script (issue 20).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Processes on a busy 2-core machine: generous, never a timed assertion. */
const SLOW = 180_000;

const GUILD = '810000000000000001';
const GUILD_NAME = 'Lantern Makers';
const OTHER = '820000000000000001';
const CHANNELS = {
  general: { id: '811000000000000001', name: 'general' },
  help: { id: '811000000000000002', name: 'help' },
  builds: { id: '811000000000000003', name: 'builds' },
};
const BASE = Date.UTC(2025, 5, 1);

/** A whole server's export as DiscordChatExporter writes it: one JSON file per channel, in one folder. */
function writeServerExport(dir: string): { files: string[]; perChannel: number } {
  mkdirSync(dir, { recursive: true });
  const perChannel = 40;
  const files = Object.values(CHANNELS).map((channel, c) =>
    writeExport(path.join(dir, `${GUILD_NAME} - ${channel.name} [${channel.id}].json`), {
      guildId: GUILD,
      guildName: GUILD_NAME,
      channel,
      messages: Array.from({ length: perChannel }, (_, i) => ({
        id: snowflakeFromMs(BASE + c * 86_400_000 + i * 60_000),
        content:
          channel.name === 'help' && i === 7
            ? 'To reset the lantern firmware hold the wick button for ten seconds'
            : `${channel.name} message ${i} about brass and glass`,
      })),
    }),
  );
  return { files, perChannel };
}

const own = ownLines;

async function ollama(opts: Parameters<typeof startOllamaStandIn>[0] = {}): Promise<OllamaStandIn> {
  const o = await startOllamaStandIn(opts);
  cleanups.push(() => o.close());
  return o;
}

/** The settings of an offline trial: no Discord application at all. */
function offlineEnv(o: OllamaStandIn, dataDir: string, prefix: string): Record<string, string> {
  return {
    OLLAMA_HOST: o.url,
    CHROMA_URL: inject('chromaUrl'),
    CHROMA_COLLECTION: prefix,
    DATA_DIR: dataDir,
  };
}

describe('the offline trial: a whole server imported, then asked by name', () => {
  it(
    'imports several files, a folder and a glob; names the guild and the next command; --guild takes its name',
    async () => {
      const o = await ollama();
      o.chatScript = () => ({ chunks: ['Hold the wick button ', 'for ten seconds [1].'] });
      const exports = tempDir();
      const { files, perChannel } = writeServerExport(path.join(exports, 'lantern'));
      const dataDir = tempDir();
      const env = offlineEnv(o, dataDir, uniquePrefix());

      // Two files with two --import: both are imported (before, only the last one was).
      const two = npm(['run', 'index', '--', '--import', files[0] ?? '', '--import', files[1] ?? ''], env);
      expect((await two.exit).code, two.stderr()).toBe(0);
      const twoLines = own(two.stderr());
      expect(twoLines).toContain(
        `guild "${GUILD_NAME}" (${GUILD}): ${2 * perChannel} messages in 2 channels searchable`,
      );
      expect(twoLines.at(-1)).toBe(`next: npm run ask -- --guild "${GUILD_NAME}" "your question"`);

      // The whole folder: the third channel comes in; the first two are not stored twice.
      const folder = npm(['run', 'index', '--', '--import', `${path.join(exports, 'lantern')}/`], env);
      expect((await folder.exit).code, folder.stderr()).toBe(0);
      expect(own(folder.stderr())).toContain(
        `guild "${GUILD_NAME}" (${GUILD}): ${3 * perChannel} messages in 3 channels searchable`,
      );
      expect(folder.stderr()).toMatch(new RegExp(`indexed 3 channels: ${perChannel} new, 0 edited`));

      // A glob, quoted so that the tool (not the shell) expands it, into a fresh store.
      const globDir = tempDir();
      const glob = npm(['run', 'index', '--', '--import', path.join(exports, 'lantern', '*.json')], {
        ...env,
        DATA_DIR: globDir,
        CHROMA_COLLECTION: uniquePrefix(),
      });
      expect((await glob.exit).code, glob.stderr()).toBe(0);
      expect(own(glob.stderr())).toContain(
        `guild "${GUILD_NAME}" (${GUILD}): ${3 * perChannel} messages in 3 channels searchable`,
      );

      // The next command, as printed, with the name in another case.
      const ask = npm(
        ['run', 'ask', '--', '--guild', GUILD_NAME.toUpperCase(), 'how do I reset the lantern firmware?'],
        env,
      );
      expect((await ask.exit).code, ask.stderr()).toBe(0);
      expect(ask.stdout()).toContain('Hold the wick button for ten seconds [1].');
      const helpId = snowflakeFromMs(BASE + 86_400_000 + 7 * 60_000);
      expect(ask.stdout()).toContain(`https://discord.com/channels/${GUILD}/${CHANNELS.help.id}/${helpId}`);
      // No Discord route was needed: nothing points at Discord, and it answered.

      // Chroma away: the note that precedes the answer in Discord precedes it here too.
      const keywords = npm(['run', 'ask', '--', '--guild', GUILD, 'how do I reset the lantern firmware?'], {
        ...env,
        CHROMA_URL: `http://127.0.0.1:${await freePort()}`,
      });
      expect((await keywords.exit).code, keywords.stderr()).toBe(0);
      expect(own(keywords.stdout()).slice(0, 2)).toEqual([
        '*The search index (Chroma) is unavailable right now, so I searched with keywords only.*',
        'Hold the wick button for ten seconds [1].',
      ]);

      // A name with nothing indexed: the indexed guilds, then what to do.
      const none = npm(['run', 'ask', '--', '--guild', 'Candle Makers', 'anything?'], env);
      expect((await none.exit).code).toBe(1);
      expect(own(none.stderr())).toEqual([
        'no messages are indexed for a guild named "Candle Makers". The indexed guilds:',
        `  "${GUILD_NAME}" (${GUILD}): ${3 * perChannel} messages in 3 channels`,
        'ask one of them by id or name: npm run ask -- --guild ID_OR_NAME "your question"',
      ]);

      // A second server of the same name: the next command names it by id, and the name asks which.
      const twin = writeExport(path.join(exports, 'twin.json'), {
        guildId: OTHER,
        guildName: GUILD_NAME.toLowerCase(),
        channel: { id: '821000000000000001', name: 'general' },
        messages: [{ id: snowflakeFromMs(BASE - 86_400_000), content: 'a lantern of our own' }],
      });
      const second = npm(['run', 'index', '--', '--import', twin], env);
      expect((await second.exit).code, second.stderr()).toBe(0);
      expect(own(second.stderr()).at(-1)).toBe(`next: npm run ask -- --guild ${OTHER} "your question"`);
      const ambiguous = npm(['run', 'ask', '--', '--guild', GUILD_NAME, 'lanterns?'], env);
      expect((await ambiguous.exit).code).toBe(1);
      expect(own(ambiguous.stderr())).toEqual([
        `2 indexed guilds are named "${GUILD_NAME}":`,
        `  "${GUILD_NAME}" (${GUILD}): ${3 * perChannel} messages in 3 channels`,
        `  "${GUILD_NAME.toLowerCase()}" (${OTHER}): 1 message in 1 channel`,
        'ask one of them by its id: npm run ask -- --guild ID "your question"',
      ]);
    },
    SLOW,
  );

  it(
    'checks every file first: one bad file among several imports nothing and names each problem',
    async () => {
      const o = await ollama();
      const exports = tempDir();
      const dir = path.join(exports, 'lantern');
      const { files } = writeServerExport(dir);
      writeFileSync(path.join(dir, 'notes.json'), '[1, 2, 3]');
      const cut = files[2] ?? '';
      const text = (await import('node:fs')).readFileSync(cut, 'utf8');
      writeFileSync(cut, text.slice(0, text.length - 300));
      const dataDir = tempDir();
      const run = npm(['run', 'index', '--', '--import', dir], offlineEnv(o, dataDir, uniquePrefix()));
      expect((await run.exit).code).toBe(1);
      const lines = own(run.stderr());
      expect(lines).toContain(
        `✗ ${path.join(dir, 'notes.json')} is a JSON array, not a DiscordChatExporter export (an object with "guild", "channel" and "messages")`,
      );
      expect(lines).toContain(
        `✗ ${cut} ends inside its "messages" array: the file is cut short (export the channel again)`,
      );
      expect(lines.at(-1)).toBe(
        'index failed: 2 problems with the export files (listed above); nothing was imported: fix or leave out those files and run again',
      );
      // Nothing was opened: no store, no embedding.
      expect((await import('node:fs')).existsSync(path.join(dataDir, 'bot.sqlite'))).toBe(false);
      expect(o.requests).toEqual([]);
    },
    SLOW,
  );

  it(
    '--embed-only embeds what was stored while Ollama was away, without a bot token or any Discord route',
    async () => {
      const o = await ollama();
      const exports = tempDir();
      const { files, perChannel } = writeServerExport(path.join(exports, 'lantern'));
      const dataDir = tempDir();
      const prefix = uniquePrefix();
      const deadOllama = `http://127.0.0.1:${await freePort()}`;
      // Discord would answer here: it must not be called.
      const discord = await startDiscordStandIn();
      cleanups.push(() => discord.close());
      const env = { ...offlineEnv(o, dataDir, prefix), DISCORD_API_URL: discord.apiUrl };

      const stored = npm(['run', 'index', '--', '--import', files[0] ?? ''], {
        ...env,
        OLLAMA_HOST: deadOllama,
      });
      expect((await stored.exit).code).toBe(1);
      const storedLines = own(stored.stderr());
      expect(storedLines.at(-1)).toMatch(
        new RegExp(
          `^embedding pending for ${perChannel} messages: Ollama at ${deadOllama} is unreachable.*; they are stored and keyword-searchable, and once that is fixed \`npm run index -- --embed-only\` embeds them \\(so does the next run\\)$`,
        ),
      );
      // A first install has nothing to migrate: no upgrade note.
      expect(stored.stderr()).not.toMatch(/one collection per guild/);

      const embed = npm(['run', 'index', '--', '--embed-only'], env);
      expect((await embed.exit).code, embed.stderr()).toBe(0);
      expect(own(embed.stderr()).at(-1)).toMatch(new RegExp(`^embedded ${perChannel} messages in `));
      expect(embed.stderr()).not.toMatch(/one collection per guild/);

      const again = npm(['run', 'index', '--', '--embed-only'], env);
      expect((await again.exit).code).toBe(0);
      expect(own(again.stderr()).at(-1)).toBe('nothing to embed: every stored message is embedded');

      // Ollama away with nothing to embed: no "pending for 0 messages".
      const idle = npm(['run', 'index', '--', '--embed-only'], { ...env, OLLAMA_HOST: deadOllama });
      expect((await idle.exit).code).toBe(0);
      expect(idle.stderr()).not.toMatch(/pending for 0/);
      expect(own(idle.stderr()).at(-1)).toMatch(
        /^nothing was waiting to be embedded, but Ollama at .* is unreachable/,
      );
      expect(discord.requests).toEqual([]);
    },
    SLOW,
  );
});

describe('guild names from the crawl', () => {
  it('records the name Discord gives each guild (GET /guilds/{id}); an older export never renames it back', async () => {
    const f = await startFixture({ small: true });
    const h = await makeIndexer(f);
    const summary = await h.indexer.run();
    // The stand-in names a guild guild-<id>, as addGuild left it.
    expect(summary.guilds).toEqual([
      { id: G1, name: `guild-${G1}` },
      { id: G2, name: `guild-${G2}` },
    ]);
    expect((await h.store.guilds.indexed()).map((g) => [g.guildId, g.name])).toEqual([
      [G1, `guild-${G1}`],
      [G2, `guild-${G2}`],
    ]);
    const file = writeExport(path.join(tempDir(), 'old.json'), {
      guildId: G1,
      guildName: 'An Old Name',
      channel: { id: CH.general, name: 'general' },
      messages: [],
    });
    expect((await h.indexer.importFile(file)).status).toBe('ok');
    expect((await h.store.guilds.indexed()).find((g) => g.guildId === G1)?.name).toBe(`guild-${G1}`);
  });
});

describe('npm run index without Discord', () => {
  it(
    'says it could not reach Discord instead of "indexed (partly) 0 channels"',
    async () => {
      const o = await ollama();
      const dead = `http://127.0.0.1:${await freePort()}/api`;
      const run = npm(['run', 'index'], {
        ...offlineEnv(o, tempDir(), uniquePrefix()),
        DISCORD_API_URL: dead,
        DISCORD_BOT_TOKEN: 'token',
        DISCORD_APPLICATION_ID: '830000000000000001',
        INDEX_GUILD_IDS: GUILD,
      });
      expect((await run.exit).code).toBe(1);
      const last = own(run.stderr()).at(-1) ?? '';
      expect(last).toMatch(
        /^index failed: could not reach Discord \(guild 810000000000000001: .*\); nothing was read: check the network and DISCORD_API_URL, then run again$/,
      );
      expect(run.stderr()).not.toMatch(/indexed \(partly\)/);
    },
    SLOW,
  );
});

describe('the preflight: every setting problem in one run', () => {
  /** A fresh folder holding .env copied from .env.example, as the README says to start. */
  function envExampleDir(extra = ''): string {
    const dir = tempDir();
    copyFileSync(path.join(ROOT, '.env.example'), path.join(dir, '.env'));
    if (extra !== '') writeFileSync(path.join(dir, '.env'), `\n${extra}\n`, { flag: 'a' });
    return dir;
  }

  it(
    'npm start with .env.example as it comes: every placeholder at once, then what to do',
    async () => {
      const dir = envExampleDir('OLLAMA_HOST=ftp://gpu\nPORT=99999');
      const run = runEntry('src/main.ts', [], { DATA_DIR: dir }, dir);
      expect((await run.exit).code).toBe(1);
      expect(run.stderr().trim().split('\n')).toEqual([
        '4 settings need attention:',
        '  - Setting PORT must be at most 65535 (got "99999").',
        '  - Setting OLLAMA_HOST must be an http(s) URL (got "ftp://gpu").',
        '  - Setting DISCORD_PUBLIC_KEY is required by npm start but is not set: copy the Public Key from the Discord Developer Portal (your application → General Information).',
        '  - Setting DISCORD_APPLICATION_ID is required by npm start but is not set: copy the Application ID from the Discord Developer Portal (your application → General Information).',
        'Fix them in .env (each one is explained in .env.example) or in the environment, then run again.',
      ]);
    },
    SLOW,
  );

  it.each([
    [
      'scripts/index.ts',
      [
        '2 settings need attention:',
        "  - Setting DISCORD_BOT_TOKEN is required by npm run index but is not set: copy the bot's token from the Discord Developer Portal (your application → Bot → Reset Token).",
        '  - Setting INDEX_GUILD_IDS (or INDEX_CHANNEL_IDS) is required by npm run index but is not set: the ids of the servers to crawl, comma-separated (in Discord: User Settings → Advanced → Developer Mode on, then right-click the server → Copy Server ID).',
        'Fix them in .env (each one is explained in .env.example) or in the environment, then run again.',
      ],
    ],
    [
      'scripts/register.ts',
      [
        '2 settings need attention:',
        '  - Setting DISCORD_APPLICATION_ID is required by npm run register but is not set: copy the Application ID from the Discord Developer Portal (your application → General Information).',
        "  - Setting DISCORD_BOT_TOKEN is required by npm run register but is not set: copy the bot's token from the Discord Developer Portal (your application → Bot → Reset Token).",
        'Fix them in .env (each one is explained in .env.example) or in the environment, then run again.',
      ],
    ],
  ])(
    '%s with .env.example as it comes',
    async (entry, expected) => {
      const dir = envExampleDir();
      const run = runEntry(entry, [], { DATA_DIR: dir }, dir);
      expect((await run.exit).code).toBe(1);
      expect(run.stderr().trim().split('\n')).toEqual(expected);
    },
    SLOW,
  );

  it(
    'npm start warns once per missing part, with what to do, and serves meanwhile',
    async () => {
      // The embedding model is pulled, the chat model is not; no bot token.
      const o = await ollama({ models: ['nomic-embed-text:latest'] });
      const dir = tempDir();
      const port = await freePort();
      const run = runEntry(
        'src/main.ts',
        [],
        {
          PORT: String(port),
          DISCORD_PUBLIC_KEY: createSigner().publicKeyHex,
          DISCORD_APPLICATION_ID: '830000000000000001',
          OLLAMA_HOST: `${o.url},http://127.0.0.1:${await freePort()}`,
          CHROMA_URL: inject('chromaUrl'),
          DATA_DIR: dir,
          LOG_LEVEL: 'warn',
        },
        dir,
      );
      cleanups.push(() => {
        run.child.kill('SIGKILL');
      });
      const warnings = () =>
        run
          .stdout()
          .split('\n')
          .filter((l) => l.includes('"check":"start"'))
          .map((l) => (JSON.parse(l) as { msg: string }).msg);
      await until(
        () => warnings().length >= 3,
        60_000,
        () => run.stdout() + run.stderr(),
      );
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(503); // the missing parts, as /health says too
      await new Promise((r) => setTimeout(r, 500));
      expect(warnings().sort()).toEqual(
        [
          "DISCORD_BOT_TOKEN is not set: members' permissions cannot be read, so each answer searches only the channel it was asked in, and the indexer cannot crawl; set it (Developer Portal → your application → Bot → Reset Token) and restart",
          `the chat model (OLLAMA_CHAT_MODEL) llama3.2:3b is not pulled on Ollama at ${o.url}: questions get the most relevant messages without a written answer; run \`ollama pull llama3.2:3b\` there`,
          expect.stringMatching(
            /^Ollama at http:\/\/127\.0\.0\.1:\d+ is unreachable: until it answers, questions get the most relevant messages without a written answer; start it there \(ollama serve\) or correct OLLAMA_HOST$/,
          ),
        ].sort(),
      );
      run.child.kill('SIGTERM');
      expect((await run.exit).code).toBe(0);
    },
    SLOW,
  );
});

describe('npm run register: what to check when Discord refuses', () => {
  let discord: DiscordStandIn;
  const printed: string[] = [];
  async function register(env: Record<string, string>): Promise<string[]> {
    const dir = tempDir();
    const run = runEntry(
      'scripts/register.ts',
      [],
      {
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_BOT_TOKEN: discord.botToken,
        DISCORD_API_URL: discord.apiUrl,
        ...env,
      },
      dir,
    );
    expect((await run.exit).code).toBe(1);
    printed.push(run.stdout(), run.stderr());
    return run.stderr().trim().split('\n');
  }

  it(
    'translates 401, 403 and 50001 into the setting or invite to check, in one line',
    async () => {
      discord = await startDiscordStandIn();
      cleanups.push(() => discord.close());
      expect(await register({ DISCORD_BOT_TOKEN: 'not-the-token' })).toEqual([
        'register failed: Discord refused the bot token (401 Unauthorized): DISCORD_BOT_TOKEN is wrong or was reset; copy it again from the Developer Portal (your application → Bot → Reset Token), the token alone without "Bot " in front.',
      ]);
      // 50001 for an application id that is not the token's: the right one is named.
      expect(await register({ DISCORD_APPLICATION_ID: '839999999999999999' })).toEqual([
        `register failed: Discord refused (403 Missing Access, code 50001): DISCORD_APPLICATION_ID is 839999999999999999, but the bot token belongs to application ${discord.applicationId}; set DISCORD_APPLICATION_ID=${discord.applicationId} (Developer Portal → General Information → Application ID).`,
      ]);
      // 50001 in a server the bot was not invited to with applications.commands: the invite to use.
      discord.setBotInGuild(GUILD, false);
      expect(await register({ DISCORD_GUILD_ID: GUILD })).toEqual([
        `register failed: Discord refused (403 Missing Access, code 50001) in server ${GUILD}: the bot is not in that server with the applications.commands scope, or DISCORD_GUILD_ID is not that server's id; invite it with the scopes "bot applications.commands": https://discord.com/oauth2/authorize?client_id=${discord.applicationId}&scope=bot+applications.commands&permissions=66560 , then run npm run register again.`,
      ]);
      // Another 403: which two settings must belong together.
      discord.failNext({ pathIncludes: '/commands', count: 1, status: 403 });
      expect(await register({})).toEqual([
        `register failed: Discord refused (403 Forbidden): check that DISCORD_APPLICATION_ID (${discord.applicationId}) is the Application ID of the application whose bot token is DISCORD_BOT_TOKEN (Developer Portal → General Information).`,
      ]);
      expect(printed.join('')).not.toContain('not-the-token');
    },
    SLOW,
  );
});

describe('--help', () => {
  it.each([
    ['index', ['--full', '--import FILE_OR_FOLDER', '--embed-only']],
    ['ask', ['--guild ID_OR_NAME', '--user ID', '--channel ID']],
    ['forget', ['--user ID', '--guild ID']],
    ['feedback', ['--guild GUILD_ID', '--down', '--limit N']],
    ['register', []],
    ['backup', []],
    ['restore', []],
    ['migrate-store', ['--to URL', '--batch-size N']],
  ])(
    'npm run %s -- --help lists its options and exits 0',
    async (script, options) => {
      const run = npm(['run', script, '--', '--help'], {});
      expect((await run.exit).code, run.stderr()).toBe(0);
      const out = run.stdout();
      expect(out).toMatch(new RegExp(`^usage: npm run ${script}`, 'm'));
      for (const o of [...options, '-h, --help']) expect(out).toContain(o);
      expect(own(run.stderr())).toEqual([]);
    },
    SLOW,
  );
});
