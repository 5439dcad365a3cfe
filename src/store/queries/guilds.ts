import { sql } from 'drizzle-orm';
import { asNullableNumber, asNumber, type Executor } from '../sql';
import type { GuildState, GuildStore, IndexedGuild } from '../types';

/** Bumps the index version of each guild once (caches of answers key on it). */
export async function bumpVersions(exec: Executor, guildIds: Iterable<string>): Promise<void> {
  for (const guildId of new Set(guildIds)) {
    await exec.run(sql`
      INSERT INTO guilds (guild_id, version) VALUES (${guildId}, 1)
      ON CONFLICT (guild_id) DO UPDATE SET version = guilds.version + 1`);
  }
}

export function createGuildStore(exec: Executor): GuildStore {
  const ensure = (tx: Executor, guildId: string) =>
    tx.run(sql`INSERT INTO guilds (guild_id) VALUES (${guildId}) ON CONFLICT (guild_id) DO NOTHING`);
  return {
    async get(guildId) {
      const r = await exec.get<Record<string, unknown>>(
        sql`SELECT * FROM guilds WHERE guild_id = ${guildId}`,
      );
      const state: GuildState = {
        guildId,
        unreachableAt: asNullableNumber(r?.unreachable_at),
        unreachableReason:
          r?.unreachable_reason === null || r === undefined ? null : String(r.unreachable_reason),
        lastFullRunAt: asNullableNumber(r?.last_full_run_at),
        lastFullRemoved: asNumber(r?.last_full_removed),
      };
      return state;
    },
    async version(guildId) {
      const r = await exec.get<{ version: unknown }>(
        sql`SELECT version FROM guilds WHERE guild_id = ${guildId}`,
      );
      return asNumber(r?.version);
    },
    bumpVersion: (guildIds) => bumpVersions(exec, guildIds),
    async setName(guildId, name, source) {
      const trimmed = name.trim();
      if (trimmed === '') return;
      await exec.run(
        source === 'crawl'
          ? sql`INSERT INTO guilds (guild_id, name) VALUES (${guildId}, ${trimmed})
                ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name`
          : sql`INSERT INTO guilds (guild_id, name) VALUES (${guildId}, ${trimmed})
                ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name WHERE guilds.name = ''`,
      );
    },
    async indexed() {
      const rows = await exec.all<{
        guild_id: string;
        name: string | null;
        messages: unknown;
        channels: unknown;
      }>(
        sql`SELECT m.guild_id, g.name, m.messages, m.channels FROM (
              SELECT guild_id, count(*) AS messages, count(DISTINCT channel_id) AS channels
              FROM messages WHERE deleted = FALSE AND content <> '' GROUP BY guild_id
            ) m LEFT JOIN guilds g ON g.guild_id = m.guild_id`,
      );
      const list: IndexedGuild[] = rows.map((r) => ({
        guildId: r.guild_id,
        name: r.name ?? '',
        messages: asNumber(r.messages),
        channels: asNumber(r.channels),
      }));
      return list.sort(
        (a, b) =>
          a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
          (BigInt(a.guildId) < BigInt(b.guildId) ? -1 : 1),
      );
    },
    setUnreachable(guildId, at, reason) {
      return exec.transaction(async (tx) => {
        await ensure(tx, guildId);
        await tx.run(
          sql`UPDATE guilds SET unreachable_at = ${at}, unreachable_reason = ${reason} WHERE guild_id = ${guildId}`,
        );
      });
    },
    recordFullRun(guildId, at, removed) {
      return exec.transaction(async (tx) => {
        await ensure(tx, guildId);
        await tx.run(
          sql`UPDATE guilds SET last_full_run_at = ${at}, last_full_removed = ${removed} WHERE guild_id = ${guildId}`,
        );
      });
    },
    forget(guildId) {
      return exec.transaction(async (tx) => {
        await tx.run(sql`DELETE FROM feedback WHERE guild_id = ${guildId}`);
        await tx.run(sql`DELETE FROM answers WHERE guild_id = ${guildId}`);
        const removed = await tx.run(sql`DELETE FROM messages WHERE guild_id = ${guildId}`);
        await tx.run(sql`DELETE FROM channels WHERE guild_id = ${guildId}`);
        await tx.run(sql`DELETE FROM collections WHERE guild_id = ${guildId}`);
        await tx.run(sql`DELETE FROM guilds WHERE guild_id = ${guildId}`);
        // Its settings, help channels, polls and posts (issue 19).
        for (const table of [
          'guild_settings',
          'help_channels',
          'excluded_channels',
          'settings_changes',
          'watch_polls',
          'help_posts',
          // Its questions, their sources, topics and digests (issue 21).
          'questions',
          'question_sources',
          'topics',
          'digests',
        ]) {
          await tx.run(sql`DELETE FROM ${sql.raw(table)} WHERE guild_id = ${guildId}`);
        }
        // A version no earlier state of the guild had, so that every cached answer of it is stale.
        await tx.run(sql`INSERT INTO guilds (guild_id, version) VALUES (${guildId}, ${Date.now()})`);
        return removed;
      });
    },
  };
}
