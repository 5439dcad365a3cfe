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
  ] as const)('%j (%j) fails with one line naming the variable', (env, needs, message) => {
    expect(() => parseSettings(env, [...needs])).toThrow(ConfigError);
    expect(() => parseSettings(env, [...needs])).toThrow(message);
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
  ])("OLLAMA_HOST %s → %s (Ollama's own default port rule)", (input, host) => {
    expect(parseSettings({ OLLAMA_HOST: input }).ollama.host).toBe(host);
  });

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

  it('resolves DATABASE_URL forms', () => {
    expect(parseSettings({ DATABASE_URL: 'file:/tmp/x.sqlite' }).databasePath).toBe('/tmp/x.sqlite');
    expect(parseSettings({ DATABASE_URL: '/var/lib/bot.db' }).databasePath).toBe('/var/lib/bot.db');
  });
});
