import { splitMessage } from '../discord/split';
import { describeError } from '../errors';
import { deleteVectors } from '../forget';
import type { JobResult } from '../jobs/abort';
import type { JobDeps, JobRun } from '../jobs/deps';
import type { SettingsUpdateResult } from '../store/types';
import { SETTINGS_MESSAGES as M } from './messages';
import { channelMention, renderSettings, roleMention, SHOWN_CHANGES } from './show';
import { QUESTION_CHANNEL_TYPES, resolveSettings, type SettingsPayload } from './types';

/** Ids per Chroma request when vectors of an excluded channel are removed. */
const CHUNK = 500;

/**
 * The `settings` job: `/settings show`, or one change validated at the acknowledgement, applied
 * and logged (who, what, old → new) in the store and in the log, with its effects: an excluded
 * channel's messages leave the index (text at once, vectors now or at the next index run) and the
 * answers that quoted them are dropped. The deferred ephemeral reply says what happened.
 */
export async function runSettings(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const p = job.payload as unknown as SettingsPayload;
  const log = deps.log.child({ interaction: job.id, guild: job.guildId });
  let content: string;
  let outcome: string;
  try {
    if (p.action === 'show') {
      content = await showSettings(deps, job.guildId);
      outcome = 'shown';
    } else {
      const result = await deps.store.settings.update(job.guildId, p.update, {
        userId: job.userId,
        at: deps.clock.now(),
      });
      if (result.change !== undefined) {
        const { field, oldValue, newValue } = result.change;
        log.info(
          { user: job.userId, field, old: oldValue, new: newValue, removed: result.removedMessageIds.length },
          'settings changed',
        );
      }
      content = await confirmation(deps, job.guildId, p, result, log);
      outcome = result.change === undefined ? 'unchanged' : 'changed';
    }
  } catch (err) {
    log.error({ err: describeError(err) }, 'settings failed');
    content = M.failed;
    outcome = 'failed';
  }
  await deps.replier.editOriginal(job.token, { content: splitMessage(content)[0] ?? content });
  return outcome;
}

/** The `/settings show` report of a guild. */
export async function showSettings(deps: JobDeps, guildId: string): Promise<string> {
  const [stored, polls, changes] = await Promise.all([
    deps.store.settings.get(guildId),
    deps.store.help.polls(guildId),
    deps.store.settings.changes(guildId, SHOWN_CHANGES),
  ]);
  return renderSettings(resolveSettings(stored, deps.help.defaults), polls, changes);
}

async function confirmation(
  deps: JobDeps,
  guildId: string,
  p: Extract<SettingsPayload, { action: 'update' }>,
  result: SettingsUpdateResult,
  log: JobDeps['log'],
): Promise<string> {
  const u = p.update;
  if (result.change === undefined) return M.unchanged;
  switch (u.kind) {
    case 'help-channel': {
      const text = u.enabled
        ? M.helpChannelOn(channelMention(u.channelId), !QUESTION_CHANNEL_TYPES.includes(u.channelType))
        : M.helpChannelOff(channelMention(u.channelId));
      return u.enabled && deps.help.channels === undefined ? `${text}\n${M.noBotToken}` : text;
    }
    case 'helper-role':
      return u.roleId === null ? M.helperRoleCleared : M.helperRoleSet(roleMention(u.roleId));
    case 'exclude-channel': {
      const ids = result.removedMessageIds;
      let pending = false;
      try {
        if (u.excluded) {
          await deleteVectors({ store: deps.store, vectors: deps.vectors }, ids);
        } else {
          // Tombstones already dropped whose vectors Chroma may still hold.
          for (let i = 0; i < ids.length; i += CHUNK)
            await deps.vectors.delete(guildId, ids.slice(i, i + CHUNK));
        }
      } catch (err) {
        pending = true;
        log.warn(
          { err: describeError(err) },
          'vectors of an excluded channel are left for the next index run',
        );
      }
      if (u.excluded) {
        for (let i = 0; i < ids.length; i += CHUNK)
          await deps.store.answers.forgetSources(ids.slice(i, i + CHUNK));
      }
      const text = u.excluded
        ? M.excluded(channelMention(u.channelId), ids.length)
        : M.included(channelMention(u.channelId));
      return pending && u.excluded ? `${text}\n${M.vectorsPending}` : text;
    }
    case 'instructions':
      return u.text === '' ? M.instructionsCleared : M.instructionsSet(u.text.length);
    case 'when-unsure':
      return M.whenUnsureSet(u.mode);
    case 'digest':
      return u.channelId === null ? M.digestOff : M.digestSet(channelMention(u.channelId));
  }
}
