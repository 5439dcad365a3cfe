import { sql } from 'drizzle-orm';
import { msToSnowflake } from '../../discord/snowflake';
import { asBool, asNumber, type Executor, asNullableString as str } from '../sql';
import type {
  HelpChannel,
  SettingsChangeRecord,
  SettingsStore,
  SettingsUpdate,
  StoredGuildSettings,
  WhenUnsure,
} from '../types';
import { bumpVersions } from './guilds';
import { WIPED } from './messages';

/** Channel types whose questions are top-level messages (text, announcement); the rest hold posts. */
const MESSAGE_CHANNELS = new Set([0, 5]);

/** The watcher's poll key of a text channel, or of a guild's forums (one request covers them all). */
export const channelPollKey = (channelId: string) => `channel:${channelId}`;
export const forumsPollKey = (guildId: string) => `forums:${guildId}`;

async function read(exec: Executor, guildId: string): Promise<StoredGuildSettings> {
  const [row, channels, excluded] = await Promise.all([
    exec.get<Record<string, unknown>>(sql`SELECT * FROM guild_settings WHERE guild_id = ${guildId}`),
    exec.all<Record<string, unknown>>(
      sql`SELECT * FROM help_channels WHERE guild_id = ${guildId} ORDER BY enabled_at, channel_id`,
    ),
    exec.all<{ channel_id: string }>(
      sql`SELECT channel_id FROM excluded_channels WHERE guild_id = ${guildId} ORDER BY excluded_at, channel_id`,
    ),
  ]);
  const mode = str(row?.when_unsure);
  return {
    guildId,
    helpChannels: channels.map(helpChannelFromRow),
    helperRoleId: str(row?.helper_role_id),
    excludedChannelIds: excluded.map((r) => r.channel_id),
    instructions: str(row?.instructions) ?? '',
    whenUnsure: mode === 'silent' || mode === 'say' ? (mode as WhenUnsure) : null,
    digestChannelId: str(row?.digest_channel_id),
  };
}

function helpChannelFromRow(r: Record<string, unknown>): HelpChannel {
  return {
    channelId: String(r.channel_id),
    type: asNumber(r.type),
    enabledAt: asNumber(r.enabled_at),
    enabledBy: String(r.enabled_by),
  };
}

/** The channel and every stored thread under it (a forum's posts, a text channel's threads). */
async function withThreads(exec: Executor, channelId: string): Promise<string[]> {
  const rows = await exec.all<{ id: string }>(sql`SELECT id FROM channels WHERE parent_id = ${channelId}`);
  return [channelId, ...rows.map((r) => r.id)];
}

/** Sets one column of the guild's settings row, creating the row when needed. */
async function setColumn(
  exec: Executor,
  guildId: string,
  column: 'helper_role_id' | 'instructions' | 'when_unsure' | 'digest_channel_id',
  value: string | null,
  at: number,
): Promise<void> {
  const col = sql.raw(column);
  await exec.run(sql`
    INSERT INTO guild_settings (guild_id, ${col}, updated_at) VALUES (${guildId}, ${value}, ${at})
    ON CONFLICT (guild_id) DO UPDATE SET ${col} = excluded.${col}, updated_at = excluded.updated_at`);
}

/** One change as the log shows it. */
interface Logged {
  field: string;
  oldValue: string;
  newValue: string;
}

/**
 * The settings queries of both dialects. Every change and its log row are one transaction, so the
 * log never misses a change nor records one that did not happen.
 */
export function createSettingsStore(exec: Executor): SettingsStore {
  /** Applies `u` inside `tx`; returns what the log records (undefined: nothing changed) and the messages it removed. */
  const apply = async (
    tx: Executor,
    guildId: string,
    before: StoredGuildSettings,
    u: SettingsUpdate,
    by: { userId: string; at: number },
  ): Promise<{ logged: Logged | undefined; removed: string[] }> => {
    const { at } = by;
    switch (u.kind) {
      case 'help-channel': {
        const on = before.helpChannels.some((c) => c.channelId === u.channelId);
        if (on === u.enabled) return { logged: undefined, removed: [] };
        const field = `help-channel:${u.channelId}`;
        if (u.enabled) {
          await tx.run(sql`
            INSERT INTO help_channels (channel_id, guild_id, type, enabled_at, enabled_by)
            VALUES (${u.channelId}, ${guildId}, ${u.channelType}, ${at}, ${by.userId})`);
          if (MESSAGE_CHANNELS.has(u.channelType)) {
            // The cursor starts at the moment it was turned on: the backlog is never read.
            await tx.run(sql`
              INSERT INTO watch_polls (key, guild_id, channel_id, cursor, next_poll_at)
              VALUES (${channelPollKey(u.channelId)}, ${guildId}, ${u.channelId}, ${msToSnowflake(at)}, ${tx.now})
              ON CONFLICT (key) DO UPDATE SET cursor = excluded.cursor, next_poll_at = excluded.next_poll_at,
                last_error = NULL`);
          } else {
            await tx.run(sql`
              INSERT INTO watch_polls (key, guild_id, channel_id, cursor, next_poll_at)
              VALUES (${forumsPollKey(guildId)}, ${guildId}, NULL, NULL, ${tx.now})
              ON CONFLICT (key) DO NOTHING`);
          }
          return { logged: { field, oldValue: 'off', newValue: 'on' }, removed: [] };
        }
        const channel = before.helpChannels.find((c) => c.channelId === u.channelId);
        await tx.run(sql`DELETE FROM help_channels WHERE channel_id = ${u.channelId}`);
        if (channel !== undefined && MESSAGE_CHANNELS.has(channel.type)) {
          await tx.run(sql`DELETE FROM watch_polls WHERE key = ${channelPollKey(u.channelId)}`);
        } else {
          const forums = before.helpChannels.filter(
            (c) => c.channelId !== u.channelId && !MESSAGE_CHANNELS.has(c.type),
          );
          if (forums.length === 0)
            await tx.run(sql`DELETE FROM watch_polls WHERE key = ${forumsPollKey(guildId)}`);
        }
        return { logged: { field, oldValue: 'on', newValue: 'off' }, removed: [] };
      }
      case 'exclude-channel': {
        const row = await tx.get<{ excluded_at: unknown }>(
          sql`SELECT excluded_at FROM excluded_channels WHERE channel_id = ${u.channelId}`,
        );
        if ((row !== undefined) === u.excluded) return { logged: undefined, removed: [] };
        const field = `exclude-channel:${u.channelId}`;
        const ids = await withThreads(tx, u.channelId);
        if (u.excluded) {
          await tx.run(sql`
            INSERT INTO excluded_channels (channel_id, guild_id, excluded_at, excluded_by)
            VALUES (${u.channelId}, ${guildId}, ${at}, ${by.userId})`);
          // Tombstones like a forgotten member's: text wiped, vectors out through the outbox.
          const gone = await tx.all<{ id: string }>(sql`
            UPDATE messages SET ${WIPED}, deleted = TRUE, wiped_at = ${at}, vector_synced = FALSE
            WHERE ${tx.inList(sql`channel_id`, ids)} AND wiped_at IS NULL
            RETURNING id`);
          await bumpVersions(tx, [guildId]);
          return {
            logged: { field, oldValue: 'included', newValue: 'excluded' },
            removed: gone.map((g) => g.id),
          };
        }
        const excludedAt = asNumber(row?.excluded_at);
        await tx.run(sql`DELETE FROM excluded_channels WHERE channel_id = ${u.channelId}`);
        // Exactly the exclusion's tombstones go (those of forgotten members stay, and their
        // opt-out keeps them out); the rewound cursors make the next index run read them again.
        const dropped = await tx.all<{ id: string; vector_synced: unknown }>(sql`
          DELETE FROM messages WHERE ${tx.inList(sql`channel_id`, ids)} AND wiped_at = ${excludedAt}
          RETURNING id, vector_synced`);
        await tx.run(sql`UPDATE channels SET last_message_id = NULL WHERE ${tx.inList(sql`id`, ids)}`);
        await bumpVersions(tx, [guildId]);
        return {
          logged: { field, oldValue: 'excluded', newValue: 'included' },
          // Rows whose vector Chroma may still hold: the caller deletes those vectors.
          removed: dropped.filter((d) => !asBool(d.vector_synced)).map((d) => d.id),
        };
      }
      case 'helper-role': {
        if (before.helperRoleId === u.roleId) return { logged: undefined, removed: [] };
        await setColumn(tx, guildId, 'helper_role_id', u.roleId, at);
        return {
          logged: { field: 'helper-role', oldValue: before.helperRoleId ?? '', newValue: u.roleId ?? '' },
          removed: [],
        };
      }
      case 'instructions': {
        if (before.instructions === u.text) return { logged: undefined, removed: [] };
        await setColumn(tx, guildId, 'instructions', u.text, at);
        // Cached answers were written without (or with other) guidance.
        await bumpVersions(tx, [guildId]);
        return {
          logged: { field: 'instructions', oldValue: before.instructions, newValue: u.text },
          removed: [],
        };
      }
      case 'when-unsure': {
        if (before.whenUnsure === u.mode) return { logged: undefined, removed: [] };
        await setColumn(tx, guildId, 'when_unsure', u.mode, at);
        return {
          logged: { field: 'when-unsure', oldValue: before.whenUnsure ?? '', newValue: u.mode },
          removed: [],
        };
      }
      case 'digest': {
        if (before.digestChannelId === u.channelId) return { logged: undefined, removed: [] };
        await setColumn(tx, guildId, 'digest_channel_id', u.channelId, at);
        return {
          logged: { field: 'digest', oldValue: before.digestChannelId ?? '', newValue: u.channelId ?? '' },
          removed: [],
        };
      }
    }
  };

  return {
    get: (guildId) => read(exec, guildId),

    update(guildId, u, by) {
      return exec.transaction(async (tx) => {
        const before = await read(tx, guildId);
        const { logged, removed } = await apply(tx, guildId, before, u, by);
        let change: SettingsChangeRecord | undefined;
        if (logged !== undefined) {
          change = { guildId, userId: by.userId, at: by.at, ...logged };
          await tx.run(sql`
            INSERT INTO settings_changes (guild_id, user_id, field, old_value, new_value, at)
            VALUES (${guildId}, ${by.userId}, ${logged.field}, ${logged.oldValue}, ${logged.newValue}, ${by.at})`);
        }
        return { before, after: await read(tx, guildId), change, removedMessageIds: removed };
      });
    },

    async changes(guildId, limit) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM settings_changes WHERE guild_id = ${guildId} ORDER BY at DESC, id DESC LIMIT ${limit}`);
      return rows.map((r) => ({
        guildId: String(r.guild_id),
        userId: String(r.user_id),
        field: String(r.field),
        oldValue: String(r.old_value),
        newValue: String(r.new_value),
        at: asNumber(r.at),
      }));
    },

    async excludedChannelIds(guildId) {
      const rows = await exec.all<{ channel_id: string }>(
        sql`SELECT channel_id FROM excluded_channels WHERE guild_id = ${guildId}`,
      );
      return rows.map((r) => r.channel_id);
    },

    async watchedChannels() {
      const rows = await exec.all<Record<string, unknown>>(sql`SELECT * FROM help_channels`);
      return rows.map((r) => ({ ...helpChannelFromRow(r), guildId: String(r.guild_id) }));
    },
  };
}
