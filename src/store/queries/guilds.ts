import { sql } from 'drizzle-orm';
import { asNullableNumber, asNumber, type Executor } from '../sql';
import type { GuildState, GuildStore } from '../types';

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
        // A version no earlier state of the guild had, so that every cached answer of it is stale.
        await tx.run(sql`INSERT INTO guilds (guild_id, version) VALUES (${guildId}, ${Date.now()})`);
        return removed;
      });
    },
  };
}
