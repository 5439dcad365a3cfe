/**
 * The `help-action` job: "Ask a human", "Solved" and "Mark as solution" (issue 19). Each checks who
 * may act (the post's author, a helper, a moderator), records what happened on the post, marks the
 * post in Discord where it can (a forum tag, the post's name, a ✅ reaction), and ends the presser's
 * ephemeral reply with one sentence.
 */
import { DiscordAPIError } from '@discordjs/rest';
import type { ChannelClient, WireChannel } from '../discord/channels';
import { MANAGE_MESSAGES, MANAGE_THREADS } from '../discord/permissions';
import { snowflakeToMs } from '../discord/snowflake';
import { describeError } from '../errors';
import { helpText } from '../i18n/messages/help';
import { messageRow } from '../indexer/map';
import type { JobResult } from '../jobs/abort';
import type { JobDeps, JobRun } from '../jobs/deps';
import { resolveSettings } from '../settings/types';
import type { HelpPost, NewHelpPost } from '../store/types';
import { type EventDeps, postHandedOff, postSolved } from './events';
import { hasAny } from './interactions';
import type { HelpActionPayload, Presser } from './payloads';
import { findTag, HANDOFF_TAG_NAMES, SOLVED_TAG_NAMES, solvedName, withTag } from './tags';

const THREAD_TYPES = new Set([10, 11, 12]);

/** The language of what the bot writes in the post itself: the server's. */
interface Where {
  guildLocale: string | undefined;
}

type HelpKey = keyof typeof helpText.source;

/** The reply to the presser (a sentence of the help catalogue, and whether tags could not be set) and the job's outcome. */
interface Done {
  key: HelpKey;
  tagFailed?: boolean;
  outcome: string;
}

export async function runHelpAction(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const p = job.payload as unknown as HelpActionPayload & { locale?: string; guildLocale?: string };
  // The presser reads the reply in their language; what the post shows is in the server's.
  const where = { guildLocale: p.guildLocale };
  const log = deps.log.child({ interaction: job.id, guild: job.guildId, action: p.action });
  const events: EventDeps = { store: deps.store, metrics: deps.metrics, log };
  let done: Done;
  const client = deps.help.channels;
  try {
    if (client === undefined) done = { key: 'noBotToken', outcome: 'no_bot_token' };
    else if (p.action === 'hand-off')
      done = await handOff(deps, events, client, job.id, job.guildId, p, where);
    else if (p.action === 'solved') done = await solved(deps, events, client, job.guildId, p, where);
    else done = await markSolution(deps, events, client, job.guildId, p, where);
  } catch (err) {
    log.error({ err: describeError(err) }, 'help action failed');
    done = { key: 'failed', outcome: 'failed' };
  }
  const t = helpText.for(p.locale);
  const content = done.tagFailed ? `${t(done.key)}\n${t('tagFailed')}` : t(done.key);
  await deps.replier.editOriginal(job.token, { content });
  return done.outcome;
}

/** The post's author, a member with the helper role, or a moderator (Manage Messages or Manage Threads). */
export function mayAccept(
  presser: Presser,
  post: Pick<HelpPost, 'authorId'>,
  helperRoleId: string | null,
): boolean {
  return (
    presser.userId === post.authorId ||
    (helperRoleId !== null && presser.roleIds.includes(helperRoleId)) ||
    hasAny(presser.permissions, MANAGE_MESSAGES | MANAGE_THREADS)
  );
}

const isForbidden = (err: unknown) =>
  err instanceof DiscordAPIError && (err.status === 403 || err.code === 50013);

/** Adds the first tag of `names` the post's forum has; false when there is none or Discord refused. */
async function tagPost(
  client: ChannelClient,
  thread: WireChannel,
  names: readonly string[],
): Promise<'tagged' | 'no_tag' | 'forbidden'> {
  if (!thread.parent_id) return 'no_tag';
  const forum = await client.channel(thread.parent_id);
  const tag = findTag(forum.available_tags, names);
  if (tag === undefined) return 'no_tag';
  const tags = withTag(thread.applied_tags, tag.id);
  if (tags === undefined) return thread.applied_tags?.includes(tag.id) ? 'tagged' : 'no_tag';
  try {
    await client.patchThread(thread.id, { applied_tags: tags });
    return 'tagged';
  } catch (err) {
    if (isForbidden(err)) return 'forbidden';
    throw err;
  }
}

/**
 * "Ask a human": pings the helper role once per post (`allowed_mentions` names only that role, so
 * nothing else in the message can ping), adds a hand-off tag when the forum has one, and the bot
 * stays out of the post from then on. A second press says it was already done.
 */
async function handOff(
  deps: JobDeps,
  events: EventDeps,
  client: ChannelClient,
  jobId: string,
  guildId: string,
  p: Extract<HelpActionPayload, { action: 'hand-off' }>,
  where: Where,
): Promise<Done> {
  const post = await deps.store.help.get(p.postId);
  if (post === undefined || post.guildId !== guildId) return { key: 'postGone', outcome: 'unknown_post' };
  if (p.presser.userId !== post.authorId && !hasAny(p.presser.permissions, MANAGE_MESSAGES))
    return { key: 'handOffRefused', outcome: 'forbidden' };
  const won = await deps.store.help.handOff(post.postId, {
    by: p.presser.userId,
    at: deps.clock.now(),
    jobId,
  });
  if (!won) return { key: 'handOffAlready', outcome: 'already' };
  const { helperRoleId } = await deps.store.settings.get(guildId);
  let sent: { id: string };
  try {
    sent = await client.send(post.channelId, {
      content:
        helperRoleId === null
          ? helpText.format(where.guildLocale, 'handOffNoRole')
          : helpText.format(where.guildLocale, 'handOffPing', { role: `<@&${helperRoleId}>` }),
      // Exactly that role may be pinged: no user, no @everyone, whatever the text says.
      allowedMentions:
        helperRoleId === null
          ? { parse: [] }
          : { parse: [], roles: [helperRoleId], users: [], replied_user: false },
      nonce: `hh${post.postId}`,
    });
  } catch (err) {
    // Nobody was called: the next press may try again.
    await deps.store.help.releaseHandOff(post.postId, jobId);
    if (isForbidden(err)) return { key: 'handOffCannotPost', outcome: 'missing_permissions' };
    throw err;
  }
  await deps.store.help.setHandOffMessage(post.postId, sent.id);
  let tagged = false;
  let tagFailed = false;
  if (post.kind === 'forum') {
    const r = await tagPost(client, await client.channel(post.channelId), HANDOFF_TAG_NAMES);
    tagged = r === 'tagged';
    tagFailed = r === 'forbidden';
  }
  await postHandedOff(events, post, {
    by: p.presser.userId,
    pinged: helperRoleId,
    tagged,
    at: deps.clock.now(),
  });
  return {
    key: helperRoleId === null ? 'handOffDoneNoRole' : 'handOffDone',
    tagFailed,
    outcome: 'handed_off',
  };
}

/**
 * Marks a post solved where members see it: the forum's "Solved"/"Resolved" tag, or else the
 * post's name prefixed; in a text channel a ✅ reaction on the question. The accepted message gets
 * a ✅ too.
 */
async function markSolved(
  client: ChannelClient,
  post: HelpPost,
  acceptedId: string,
  where: Where,
): Promise<{ marked: 'tag' | 'name' | 'reaction' | 'none'; forbidden: boolean }> {
  let marked: 'tag' | 'name' | 'reaction' | 'none' = 'none';
  let forbidden = false;
  const attempt = async (f: () => Promise<void>) => {
    try {
      await f();
      return true;
    } catch (err) {
      if (!isForbidden(err)) throw err;
      forbidden = true;
      return false;
    }
  };
  if (post.kind === 'forum') {
    const thread = await client.channel(post.channelId);
    const r = await tagPost(client, thread, SOLVED_TAG_NAMES);
    if (r === 'tagged') marked = 'tag';
    else if (r === 'forbidden') forbidden = true;
    else {
      const name = solvedName(thread.name ?? post.title, helpText.format(where.guildLocale, 'solvedPrefix'));
      if (name === undefined) marked = 'name';
      else if (await attempt(() => client.patchThread(thread.id, { name }))) marked = 'name';
    }
  } else if (await attempt(() => client.react(post.channelId, post.postId, '✅'))) {
    marked = 'reaction';
  }
  await attempt(() => client.react(post.channelId, acceptedId, '✅'));
  return { marked, forbidden };
}

/**
 * Stores messages of the post as the crawl would (the store's rules apply: opted-out authors and
 * excluded channels are refused), so that an accepted answer is found and checked before the next
 * index run. Returns what the store refused.
 */
async function storeNow(
  deps: JobDeps,
  client: ChannelClient,
  guildId: string,
  channelId: string,
  ids: string[],
): Promise<{ optedOut: number; excluded: number }> {
  const rows = [];
  for (const id of ids) {
    try {
      const row = messageRow(await client.message(channelId, id), guildId, deps.help.botUserId);
      if (row !== undefined) rows.push(row);
    } catch (err) {
      // The question may have been deleted: the accepted answer still stands on its own.
      if (!(err instanceof DiscordAPIError && err.status === 404)) throw err;
    }
  }
  if (rows.length === 0) return { optedOut: 0, excluded: 0 };
  const r = await deps.store.messages.storePage({ rows, source: 'crawl' });
  return { optedOut: r.optedOut, excluded: r.excluded };
}

/** "Solved" under the bot's answer: the post's author or a helper accepts the bot's answer. */
async function solved(
  deps: JobDeps,
  events: EventDeps,
  client: ChannelClient,
  guildId: string,
  p: Extract<HelpActionPayload, { action: 'solved' }>,
  where: Where,
): Promise<Done> {
  const post = await deps.store.help.get(p.postId);
  if (post === undefined || post.guildId !== guildId) return { key: 'postGone', outcome: 'unknown_post' };
  const settings = resolveSettings(await deps.store.settings.get(guildId), deps.help.defaults);
  if (!mayAccept(p.presser, post, settings.helperRoleId))
    return { key: 'solvedRefused', outcome: 'forbidden' };
  const acceptedId = post.answerMessageIds[0] ?? p.messageId;
  await storeNow(deps, client, guildId, post.channelId, [post.postId]);
  await deps.store.help.accept(post.postId, {
    kind: 'bot',
    messageId: acceptedId,
    by: p.presser.userId,
    at: deps.clock.now(),
  });
  const { marked, forbidden } = await markSolved(client, post, acceptedId, where);
  postSolved(events, post, { by: p.presser.userId, kind: 'bot', messageId: acceptedId, marked });
  return { key: 'solvedDone', tagFailed: forbidden, outcome: 'solved' };
}

/**
 * "Mark as solution" on a member's message: finds the message's post (its thread, or in a watched
 * text channel the question it replies to), checks that the presser is the post's author or a
 * helper, and accepts that message.
 */
async function markSolution(
  deps: JobDeps,
  events: EventDeps,
  client: ChannelClient,
  guildId: string,
  p: Extract<HelpActionPayload, { action: 'mark' }>,
  where: Where,
): Promise<Done> {
  const { target } = p;
  if (target.authorIsBot) return { key: 'markBotMessage', outcome: 'bot_message' };
  const post = await postOf(deps, client, guildId, target);
  if (post === undefined) return { key: 'markNotInPost', outcome: 'not_in_post' };
  if (target.id === post.postId) return { key: 'markStarter', outcome: 'starter' };
  const settings = resolveSettings(await deps.store.settings.get(guildId), deps.help.defaults);
  if (!mayAccept(p.presser, post, settings.helperRoleId))
    return { key: 'solvedRefused', outcome: 'forbidden' };
  const refused = await storeNow(deps, client, guildId, post.channelId, [post.postId, target.id]);
  const [stored] = await deps.store.messages.byIds([target.id]);
  if (refused.excluded > 0 || settings.excludedChannelIds.includes(post.parentId))
    return { key: 'markExcluded', outcome: 'excluded' };
  if (await deps.store.members.isOptedOut(target.authorId, guildId))
    return { key: 'markOptedOut', outcome: 'opted_out' };
  if (stored === undefined || stored.deleted) return { key: 'postGone', outcome: 'gone' };
  await deps.store.help.accept(post.postId, {
    kind: 'member',
    messageId: target.id,
    by: p.presser.userId,
    at: deps.clock.now(),
  });
  const { marked, forbidden } = await markSolved(client, post, target.id, where);
  postSolved(events, post, { by: p.presser.userId, kind: 'member', messageId: target.id, marked });
  return { key: 'markDone', tagFailed: forbidden, outcome: 'solved' };
}

/**
 * The post a message belongs to: the help post of its thread (recorded as not watched when the
 * watcher never saw it: a thread created before its channel was turned on, or outside help
 * channels), or the watched question it replies to in a text channel.
 */
async function postOf(
  deps: JobDeps,
  client: ChannelClient,
  guildId: string,
  target: Extract<HelpActionPayload, { action: 'mark' }>['target'],
): Promise<HelpPost | undefined> {
  const byThread = await deps.store.help.get(target.channelId);
  if (byThread !== undefined && byThread.kind === 'forum') return byThread;
  const channel = await client.channel(target.channelId);
  if (THREAD_TYPES.has(channel.type) && channel.parent_id) {
    await deps.store.channels.insertIfMissing({
      id: channel.id,
      guildId,
      parentId: channel.parent_id,
      type: channel.type,
      name: channel.name ?? '',
      nsfw: false,
    });
    const post: NewHelpPost = {
      postId: channel.id,
      guildId,
      channelId: channel.id,
      parentId: channel.parent_id,
      kind: 'forum',
      authorId: channel.owner_id ?? '',
      title: channel.name ?? '',
      createdAt: snowflakeToMs(channel.id),
      foundAt: deps.clock.now(),
    };
    return deps.store.help.ensure(post);
  }
  if (target.replyToId === null) return undefined;
  const question = await deps.store.help.get(target.replyToId);
  return question !== undefined && question.kind === 'text' && question.guildId === guildId
    ? question
    : undefined;
}
