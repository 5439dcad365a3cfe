import type { Clock } from '../async';
import { formatSources, streamingPreview } from '../discord/format';
import type { GuildDirectory } from '../discord/guild-directory';
import type { InteractionReplier } from '../discord/replies';
import { splitMessage } from '../discord/split';
import { createStreamEditor } from '../discord/stream-editor';
import { AppError, describeError, errorCodeOf, userMessageOf } from '../errors';
import { type Answer, type AnswerDeps, answerQuestion } from '../llm/answer';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { type Asker, readableScope, revealsHiddenChannels, type Scope } from '../retrieval/scope';
import type { AnswerStats } from '../stats';
import { getChannel } from '../store/channels';
import { hasIndexedMessages, indexVersion } from '../store/messages';
import type { AnswerCache } from './answer-cache';
import type { Limiter } from './limiter';

export interface AskJob extends Asker {
  interactionId: string;
  token: string;
  question: string;
  /** The asker chose `private: true`: the deferred reply is already ephemeral. */
  ephemeral: boolean;
  receivedAt: number;
}

export interface AskJobDeps extends AnswerDeps {
  directory: GuildDirectory;
  replier: InteractionReplier;
  limiter: Limiter;
  cache: AnswerCache;
  stats: AnswerStats;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  answerTimeoutMs: number;
}

export const PRIVATE_NOTICE =
  'I sent my answer to you privately, because it draws on channels that not everyone here can read.';

/**
 * The work after /ask was deferred. Every path ends in a final edit of the deferred reply: the
 * answer, "nothing found", or one sentence saying what went wrong.
 */
export async function runAskJob(deps: AskJobDeps, job: AskJob, signal: AbortSignal): Promise<void> {
  const log = deps.log.child({ interaction: job.interactionId, guild: job.guildId });
  const timeout = AbortSignal.timeout(deps.answerTimeoutMs);
  const abort = AbortSignal.any([signal, timeout]);
  const replyError = async (err: unknown) => {
    const code = errorCodeOf(err);
    log[code === 'INTERNAL' ? 'error' : 'warn']({ code, err: describeError(err) }, 'ask failed');
    deps.stats.recordAnswer(deps.clock.now() - job.receivedAt, 'error');
    deps.metrics.answers.inc({ outcome: code.toLowerCase() });
    try {
      await deps.replier.editOriginal(job.token, { content: userMessageOf(err) });
    } catch (editErr) {
      log.error({ err: describeError(editErr) }, 'could not deliver the error message to Discord');
    }
  };
  const abortError = () =>
    timeout.aborted
      ? new AppError(
          'ANSWER_TIMEOUT',
          `Answer took longer than ANSWER_TIMEOUT_MS (${deps.answerTimeoutMs} ms).`,
          'Answering took too long, so I stopped. Please try a narrower question or try again later.',
        )
      : signal.reason instanceof Error
        ? signal.reason
        : new AppError(
            'SHUTTING_DOWN',
            'Service stopping.',
            'The bot is restarting; please ask again in a minute.',
          );
  try {
    await deps.limiter.run(async () => {
      if (abort.aborted) throw abortError();
      const outcome = await answerFor(deps, job, abort, abortError);
      deps.stats.recordAnswer(deps.clock.now() - job.receivedAt, outcome);
      deps.metrics.answers.inc({ outcome });
      deps.metrics.answerSeconds.observe((deps.clock.now() - job.receivedAt) / 1000);
      log.info({ outcome, ms: deps.clock.now() - job.receivedAt }, 'ask answered');
    });
  } catch (err) {
    await replyError(
      abort.aborted && !(err instanceof AppError && err.code === 'QUEUE_FULL') ? abortError() : err,
    );
  }
}

async function answerFor(
  deps: AskJobDeps,
  job: AskJob,
  abort: AbortSignal,
  abortError: () => Error,
): Promise<'answered' | 'nothing_found' | 'cached'> {
  const scope = await readableScope(
    {
      ...deps,
      onFallback: (err) =>
        deps.log.warn(
          { interaction: job.interactionId, err: describeError(err) },
          'guild permissions unavailable (is DISCORD_BOT_TOKEN set?); searching the asked channel only',
        ),
    },
    job,
  );
  const channelName = (id: string) => getChannel(deps.db, id)?.name || undefined;
  if (!hasIndexedMessages(deps.db, job.guildId)) {
    throw new AppError(
      'INDEX_EMPTY',
      `No messages are indexed for guild ${job.guildId}: add it to INDEX_GUILD_IDS and run \`npm run index\`.`,
      "This server's messages have not been indexed yet, so I have nothing to search. An admin needs to run the indexer.",
    );
  }
  const key = deps.cache.key({
    guildId: job.guildId,
    channelIds: scope.channelIds,
    question: job.question,
    indexVersion: indexVersion(deps.db),
  });
  const cached = deps.cache.get(key);
  deps.stats.recordCacheLookup(cached !== undefined);
  deps.metrics.cacheLookups.inc({ result: cached ? 'hit' : 'miss' });
  if (cached) {
    await deliver(deps, job, scope, cached, channelName);
    return 'cached';
  }

  // Where the answer goes is decided before generating, so even the streamed text lands only there.
  let target: { kind: 'original' } | { kind: 'followup'; id: string } = { kind: 'original' };
  const edit = (content: string) =>
    target.kind === 'original'
      ? deps.replier.editOriginal(job.token, { content })
      : deps.replier.editFollowUp(job.token, target.id, { content });
  const editor = createStreamEditor((t) => edit(streamingPreview(t)), {
    now: () => deps.clock.now(),
    onError: (err) =>
      deps.log.warn({ interaction: job.interactionId, err: describeError(err) }, 'streaming edit failed'),
  });
  let answer: Answer;
  try {
    answer = await answerQuestion(
      deps,
      { question: job.question, guildId: job.guildId, channelIds: scope.channelIds, channelName },
      {
        signal: abort,
        beforeGenerate: async (sources) => {
          if (
            mustAnswerPrivately(
              job,
              scope,
              sources.map((s) => s.message.channelId),
            )
          ) {
            await deps.replier.editOriginal(job.token, { content: PRIVATE_NOTICE });
            const id = await deps.replier.followUp(job.token, { content: 'Thinking …', ephemeral: true });
            target = { kind: 'followup', id };
          }
        },
        onText: (t) => editor.update(t),
      },
    );
  } catch (err) {
    await editor.finish();
    if (abort.aborted) throw abortError();
    throw err;
  }
  await editor.finish();
  deps.cache.set(key, answer);
  await deliver(deps, job, scope, answer, channelName, target);
  return answer.kind === 'answer' ? 'answered' : 'nothing_found';
}

function mustAnswerPrivately(job: AskJob, scope: Scope, sourceChannelIds: string[]): boolean {
  return !job.ephemeral && revealsHiddenChannels(scope, job.channelId, sourceChannelIds);
}

export const NOTHING_FOUND =
  "I couldn't find anything about that in the messages of this server that you can read.";

/** Final edits: the answer split into ≤2000-character messages, the first into the streamed-to message. */
async function deliver(
  deps: AskJobDeps,
  job: AskJob,
  scope: Scope,
  answer: Answer,
  channelName: (id: string) => string | undefined,
  target?: { kind: 'original' } | { kind: 'followup'; id: string },
): Promise<void> {
  if (answer.kind === 'nothing_found') {
    await deps.replier.editOriginal(job.token, { content: NOTHING_FOUND });
    return;
  }
  const sourceChannels = answer.sources.map((s) => s.message.channelId);
  let to = target;
  if (to === undefined) {
    // A cached answer: choose its destination the same way as a fresh one.
    to = { kind: 'original' };
    if (mustAnswerPrivately(job, scope, sourceChannels)) {
      await deps.replier.editOriginal(job.token, { content: PRIVATE_NOTICE });
      to = {
        kind: 'followup',
        id: await deps.replier.followUp(job.token, { content: 'Thinking …', ephemeral: true }),
      };
    }
  }
  const sources = formatSources(job.guildId, answer.sources, answer.cited, channelName);
  const chunks = splitMessage(sources ? `${answer.text}\n\n${sources}` : answer.text);
  const [first = NOTHING_FOUND, ...rest] = chunks;
  const ephemeral = job.ephemeral || to.kind === 'followup';
  if (to.kind === 'original') await deps.replier.editOriginal(job.token, { content: first });
  else await deps.replier.editFollowUp(job.token, to.id, { content: first });
  for (const content of rest) await deps.replier.followUp(job.token, { content, ephemeral });
}
