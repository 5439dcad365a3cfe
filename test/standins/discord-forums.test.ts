/** The Discord stand-in's forum and media channels (discord-forums.ts), through @discordjs/rest. */
import { REST } from '@discordjs/rest';
import { type APIMessage, Routes } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { snowflakeFromMs, startDiscordStandIn } from './discord';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('discord stand-in: forums, media channels, posts and tags', () => {
  it('serves available_tags on forum and media channels, applied_tags on their posts, archived posts, and message fields', async () => {
    const d = await startDiscordStandIn();
    cleanups.push(() => d.close());
    const rest = new REST({ version: '10', api: d.apiUrl }).setToken(d.botToken);
    cleanups.push(() => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    });
    const G = '610000000000000001';
    d.addGuild({ id: G, ownerId: '620000000000000001', roles: [{ id: G, permissions: '66560' }] });
    d.addChannel({ id: '630000000000000001', guildId: G, type: 15, name: 'help' });
    d.addChannel({ id: '630000000000000002', guildId: G, type: 16, name: 'gallery' });
    d.addChannel({ id: '630000000000000003', guildId: G, type: 0, name: 'text' });
    d.setAvailableTags('630000000000000001', [
      { id: '1', name: 'Solved' },
      { id: '2', name: 'Bug', moderated: true },
    ]);
    const post = snowflakeFromMs(Date.UTC(2026, 0, 1), 1);
    d.addChannel({ id: post, guildId: G, type: 11, name: 'It crashes', parentId: '630000000000000001' });
    d.setAppliedTags(post, ['1']);
    d.addMessage(post, { id: post, authorId: '620000000000000002', content: 'it crashes on start' });
    d.setMessageFields(post, { flags: 0, position: 0 });
    d.setThread(post, { archived: true, archiveTimestamp: new Date(Date.UTC(2026, 0, 2)).toISOString() });
    expect(() => d.setAppliedTags(post, ['1', '2', '3', '4', '5', '6'])).toThrow(/at most 5/);

    const channels = (await rest.get(Routes.guildChannels(G))) as Record<string, unknown>[];
    const byId = new Map(channels.map((c) => [c.id, c]));
    expect(byId.get('630000000000000001')?.available_tags).toEqual([
      { id: '1', name: 'Solved', moderated: false, emoji_id: null, emoji_name: null },
      { id: '2', name: 'Bug', moderated: true, emoji_id: null, emoji_name: null },
    ]);
    expect(byId.get('630000000000000002')?.available_tags).toEqual([]);
    expect(byId.get('630000000000000003')).not.toHaveProperty('available_tags');
    const archived = (await rest.get(Routes.channelThreads('630000000000000001', 'public'))) as {
      threads: Record<string, unknown>[];
    };
    expect(archived.threads.map((t) => [t.id, t.applied_tags])).toEqual([[post, ['1']]]);
    const [starter] = (await rest.get(Routes.channelMessages(post))) as (APIMessage & {
      position?: number;
    })[];
    expect(starter).toMatchObject({ id: post, content: 'it crashes on start', position: 0 });
  });
});
