import { splitMessage } from '../discord/split';
import { describeError } from '../errors';
import { deleteVectors } from '../forget';
import { settingsText } from '../i18n/messages/settings';
import type { JobResult } from '../jobs/abort';
import type { JobDeps, JobRun } from '../jobs/deps';
import type { SettingsUpdateResult } from '../store/types';
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
  const p = job.payload as unknown as SettingsPayload & { locale?: string };
  const t = settingsText.for(p.locale);
  const log = deps.log.child({ interaction: job.id, guild: job.guildId });
  let content: string;
  let outcome: string;
  try {
    if (p.action === 'show') {
      content = await showSettings(deps, job.guildId, p.locale);
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
      content = await confirmation(deps, job.guildId, p, result, log, t);
      outcome = result.change === undefined ? 'unchanged' : 'changed';
    }
  } catch (err) {
    log.error({ err: describeError(err) }, 'settings failed');
    content = t('failed');
    outcome = 'failed';
  }
  await deps.replier.editOriginal(job.token, { content: splitMessage(content)[0] ?? content });
  return outcome;
}

/** The `/settings show` report of a guild, in the reader's `locale`. */
export async function showSettings(deps: JobDeps, guildId: string, locale?: string): Promise<string> {
  const [stored, polls, changes] = await Promise.all([
    deps.store.settings.get(guildId),
    deps.store.help.polls(guildId),
    deps.store.settings.changes(guildId, SHOWN_CHANGES),
  ]);
  return renderSettings(resolveSettings(stored, deps.help.defaults), polls, changes, locale);
}

async function confirmation(
  deps: JobDeps,
  guildId: string,
  p: Extract<SettingsPayload, { action: 'update' }>,
  result: SettingsUpdateResult,
  log: JobDeps['log'],
  t: ReturnType<typeof settingsText.for>,
): Promise<string> {
  const u = p.update;
  if (result.change === undefined) return t('unchanged');
  switch (u.kind) {
    case 'help-channel': {
      const channel = channelMention(u.channelId);
      const text = !u.enabled
        ? t('helpChannelOff', { channel })
        : t(
            QUESTION_CHANNEL_TYPES.includes(u.channelType) ? 'helpChannelOnQuestions' : 'helpChannelOnPosts',
            {
              channel,
            },
          );
      return u.enabled && deps.help.channels === undefined ? `${text}\n${t('noBotToken')}` : text;
    }
    case 'helper-role':
      return u.roleId === null ? t('helperRoleCleared') : t('helperRoleSet', { role: roleMention(u.roleId) });
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
      const channel = channelMention(u.channelId);
      const text = u.excluded ? t('excluded', { channel, removed: ids.length }) : t('included', { channel });
      return pending && u.excluded ? `${text}\n${t('vectorsPending')}` : text;
    }
    case 'instructions':
      return u.text === '' ? t('instructionsCleared') : t('instructionsSet', { length: u.text.length });
    case 'when-unsure':
      return t(u.mode === 'silent' ? 'whenUnsureSilent' : 'whenUnsureSay');
    case 'digest':
      return u.channelId === null ? t('digestOff') : t('digestSet', { channel: channelMention(u.channelId) });
  }
}
