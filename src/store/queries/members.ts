import { sql } from 'drizzle-orm';
import { asNumber, type Executor } from '../sql';
import type { MemberStore } from '../types';

/** Opt-outs: guild '' stands for every guild. */
export function createMemberStore(exec: Executor): MemberStore {
  return {
    async optOut(userId, guildId, at) {
      await exec.run(sql`
        INSERT INTO opt_outs (user_id, guild_id, created_at) VALUES (${userId}, ${guildId ?? ''}, ${at})
        ON CONFLICT (user_id, guild_id) DO NOTHING`);
    },
    async optIn(userId, guildId) {
      return (
        (await exec.run(
          sql`DELETE FROM opt_outs WHERE user_id = ${userId} AND guild_id = ${guildId ?? ''}`,
        )) > 0
      );
    },
    async isOptedOut(userId, guildId) {
      const r = await exec.get(
        sql`SELECT 1 AS one FROM opt_outs WHERE user_id = ${userId} AND guild_id IN (${guildId}, '') LIMIT 1`,
      );
      return r !== undefined;
    },
    async countOptedOut(guildId) {
      const r = await exec.get<{ n: unknown }>(
        sql`SELECT count(DISTINCT user_id) AS n FROM opt_outs WHERE guild_id IN (${guildId}, '')`,
      );
      return asNumber(r?.n);
    },
  };
}
