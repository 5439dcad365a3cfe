/**
 * The `help` job: one help post found by the watcher, answered in the post (issue 19). Any number
 * of processes may take it; the queue hands it to one at a time and a second attempt (after a
 * crash) finishes what the first posted instead of posting again.
 */
import { DiscordAPIError } from '@discordjs/rest';
import { composeAnswer } from '../answering/compose';
import { type Answer, answerQuestion } from '../answering/pipeline';
import { untilAborted } from '../async';
import type { ChannelClient } from '../discord/channels';
import { splitMessage } from '../discord/split';
import { describeError, errorCodeOf } from '../errors';
import { answerLanguage } from '../i18n/language';
import { helpText } from '../i18n/messages/help';
import { messageRow } from '../indexer/map';
import { type JobResult, LeaseLost, RELEASE, ShuttingDown } from '../jobs/abort';
import type { JobDeps, JobRun } from '../jobs/deps';
import { sourceIdsOf } from '../retrieval/accepted';
import { audienceScope } from '../retrieval/audience';
import { resolveSettings } from '../settings/types';
import type { NewHelpPost } from '../store/types';
import { helpAnswerButtons, unsureButtons } from './components';
import { postParts } from './deliver';
import { postHandled } from './events';
import type { HelpPayload } from './payloads';
import { decide, readPost } from './post';

const isForbidden = (err: unknown) => err instanceof DiscordAPIError && err.status === 403;

/** A help job's saved progress: the bot's messages posted so far in the post. */
interface HelpState {
  messageIds?: string[];
  [key: string]: unknown;
}

/**
 * Answers one help post: read it from Discord, leave it alone when it is not the bot's to answer
 * (see `decide`), retrieve within the post's audience (what everyone who can read the post can
 * read, never an excluded channel), generate with the server's guidance, and post the answer in the
 * post (split like /ask, sources as jump links, no pings) with 👍 / 👎 / "Ask a human" / "Solved".
 * When nothing relevant is found it stays silent or says so, as the server chose. The outcome is
 * recorded on the post; a graceful stop or a lost lease puts the job back, and the next attempt
 * finishes the same messages.
 */
export async function runHelp(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const { post } = job.payload as unknown as HelpPayload;
  const log = deps.log.child({ post: post.postId, guild: post.guildId });
  const events = { store: deps.store, metrics: deps.metrics, log, insights: deps.insights };
  const end: End = async (status, outcome, ids, asked) => {
    await postHandled(events, post, {
      status,
      outcome,
      at: deps.clock.now(),
      ...(ids === undefined ? {} : { answerMessageIds: ids }),
      asked,
    });
    return outcome;
  };
  const known = await deps.store.help.get(post.postId);
  // Gone from the store (its guild was forgotten) or already handled by an earlier attempt.
  if (known === undefined) return 'unknown_post';
  if (known.status !== 'queued') return `already_${known.status}`;
  const client = deps.help.channels;
  if (client === undefined) return end('failed', 'no_bot_token');
  if (deps.clock.now() > job.expiresAt) return end('skipped', 'stale');
  const timeout = AbortSignal.timeout(deps.answerTimeoutMs);
  const abort = AbortSignal.any([run.signal, timeout]);
  try {
    return await untilAborted(answerPost(deps, run, post, client, abort, end), abort);
  } catch (err) {
    const reason = run.signal.aborted ? run.signal.reason : undefined;
    // Put back: the next attempt edits what this one posted (the nonces keep a late send of this
    // one from posting twice).
    if (reason instanceof LeaseLost || reason instanceof ShuttingDown) return RELEASE;
    if (isForbidden(err)) {
      log.warn(
        { channel: post.channelId, err: describeError(err) },
        'help post not answered: the bot may not send messages there (Send Messages in Threads)',
      );
      return end('failed', 'missing_permissions');
    }
    const code = timeout.aborted ? 'ANSWER_TIMEOUT' : errorCodeOf(err);
    log[code === 'INTERNAL' ? 'error' : 'warn']({ code, err: describeError(err) }, 'help post not answered');
    return end('failed', code.toLowerCase());
  }
}

type End = (
  status: 'answered' | 'left' | 'skipped' | 'failed',
  outcome: string,
  ids?: string[],
  /** What the bot read and how the pipeline answered (insights, issue 21). */
  asked?: { text: string; answer: Answer },
) => Promise<string>;

async function answerPost(
  deps: JobDeps,
  run: JobRun,
  post: NewHelpPost,
  client: ChannelClient,
  abort: AbortSignal,
  end: End,
): Promise<string> {
  const { guildId } = post;
  const settings = resolveSettings(await deps.store.settings.get(guildId), deps.help.defaults);
  if (!settings.helpChannels.some((c) => c.channelId === post.parentId)) return end('skipped', 'channel_off');
  const view = await readPost(client, post);
  if (view === 'gone') return end('skipped', 'gone');
  const authorId = view.question?.author.id ?? post.authorId;
  const decision = decide(view, {
    botUserId: deps.help.botUserId,
    authorOptedOut: await deps.store.members.isOptedOut(authorId, guildId),
    handedOff: (await deps.store.help.get(post.postId))?.handedOffAt != null,
  });
  if (decision.kind === 'skip') return end(decision.status, decision.outcome);
  const question = view.question;
  if (question === undefined) return end('skipped', 'gone');
  if (view.thread !== undefined) {
    // The post's thread, so that its name shows in source lists and later askers' scopes know it.
    await deps.store.channels.insertIfMissing({
      id: view.thread.id,
      guildId,
      parentId: view.thread.parent_id ?? post.parentId,
      type: view.thread.type,
      name: view.thread.name ?? post.title,
      nsfw: false,
    });
  }
  const row = messageRow(question, guildId, deps.help.botUserId);
  const title = view.thread?.name ?? post.title;
  const text = [title, row?.content ?? question.content ?? ''].filter((t) => t.trim() !== '').join('\n');
  if (text.trim() === '') return end('skipped', 'empty');

  const scope = await audienceScope(
    { store: deps.store, directory: deps.directory },
    {
      guildId,
      channelId: post.channelId,
      thread:
        post.kind === 'forum' ? { id: post.channelId, parentId: post.parentId, private: false } : undefined,
      excluded: settings.excludedChannelIds,
    },
  );
  if (abort.aborted) throw abort.reason;
  // The post's language, else the server's: the answer and the fixed lines around it (everyone
  // in the post reads them).
  const language = await answerLanguage({ text, guildLocale: scope.guild.locale });
  const locale = language.tag;
  const names = new Map((await deps.store.channels.ofGuild(guildId)).map((c) => [c.id, c.name]));
  const channelName = (id: string) => names.get(id) || undefined;
  // The post itself is not a source of its own answer.
  const channelIds = scope.channelIds.filter((id) => post.kind !== 'forum' || id !== post.channelId);
  const result = (await deps.store.messages.hasIndexed(guildId))
    ? await answerQuestion(
        { ...deps.pipeline, log: deps.log },
        {
          text,
          searchText: text,
          scope: { guildId, channelIds },
          channelName,
          guidance: settings.instructions,
          excludeIds: new Set([post.postId]),
          language,
        },
        { signal: abort },
      )
    : ({ kind: 'nothing_found' } as const);
  if (abort.aborted) throw abort.reason;

  const state = run.job.state as HelpState;
  const existing = [...new Set([...(state.messageIds ?? []), ...decision.resume])].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const send = (parts: string[], components: Parameters<typeof postParts>[1]['components']) =>
    postParts(client, {
      channelId: post.channelId,
      replyTo: post.postId,
      parts,
      components,
      noncePrefix: `${post.postId}:`,
      existing,
      save: (ids) => run.saveState({ ...run.job.state, messageIds: ids }),
    });
  if (result.kind === 'nothing_found') {
    if (settings.whenUnsure === 'silent' && existing.length === 0)
      return end('left', 'nothing_found', undefined, { text, answer: result });
    const ids = await send([helpText.format(locale, 'unsure')], unsureButtons(post.postId, authorId, locale));
    return end('left', 'nothing_found_said', ids, { text, answer: result });
  }
  const body = composeAnswer(result, guildId, channelName, locale);
  const parts = splitMessage(`${body}\n\n${helpText.format(locale, 'answerFooter')}`);
  const ids = await send(parts, helpAnswerButtons(post.postId, authorId, locale));
  await deps.store.answers.save({
    id: post.postId,
    guildId,
    channelId: post.channelId,
    userId: authorId,
    question: text,
    answer: result.kind === 'answer' ? result.text : '',
    sourceIds: sourceIdsOf(result.sources),
    parentId: null,
    createdAt: deps.clock.now(),
  });
  await end('answered', result.kind === 'answer' ? 'answered' : result.kind, ids, { text, answer: result });
  // The queue's answer statistics count this as an answer served.
  return result.kind === 'answer' ? 'answered' : result.kind;
}
