import { composeAnswer } from '../answering/compose';
import { createDelivery, takeBack } from '../answering/deliver';
import { type Answer, answerQuestion, type Question } from '../answering/pipeline';
import { targetConversation } from '../answering/target';
import { settleWithin, untilAborted, withTimeout } from '../async';
import { type ReplyGone, replyGoneOf } from '../discord/token-guard';
import { AppError, describeError, errorCodeOf, userMessageOf } from '../errors';
import { type AnswerLanguage, answerLanguage } from '../i18n/language';
import { answerText } from '../i18n/messages/answer';
import { askText } from '../i18n/messages/ask';
import { errorText } from '../i18n/messages/errors';
import { settingsText } from '../i18n/messages/settings';
import { askedQuestion, recordQuestion } from '../insights/record';
import { answerButtons } from '../interactions/components';
import type { Turn } from '../llm/prompt';
import { sourceIdsOf } from '../retrieval/accepted';
import { withoutExcluded } from '../retrieval/audience';
import { type Asker, readableScope, revealsHiddenChannels } from '../retrieval/scope';
import type { Source } from '../retrieval/search';
import type { SearchScope } from '../store/types';
import { type JobResult, LeaseLost, RELEASE, ShuttingDown } from './abort';
import { FINAL_EDIT_MARGIN_MS, type JobDeps, type JobRun, MIN_ANSWER_MS } from './deps';
import type { AskPayload } from './payloads';
import { logScopeFallback } from './scope-fallback';

/** In English; the asker reads it in their own language (answer catalogue, `tooLate`). */
export const TOO_LATE = answerText.source.tooLate;
/** Earlier turns a follow-up gives the model. */
const HISTORY_TURNS = 3;

/**
 * How long a stopping worker waits for an answer already being sent (ms): inside the 35 % of the
 * stop's grace (20 s) that the worker gives jobs after it asks them to stop.
 */
const FINISH_ON_STOP_MS = 6_000;

/**
 * The work of an asked question (`/ask`, a follow-up, "Ask about this message"): scope → retrieve →
 * pack → generate → deliver, within the time the token leaves. Every path ends in a final edit (the
 * answer, or one sentence saying what went wrong) unless the token is already dead or another
 * worker took the job over; on a graceful stop the job says so and goes back in line.
 */
export async function runAsk(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const p = job.payload as unknown as AskPayload;
  // Every fixed sentence is in the asker's language (the presser's, for a follow-up).
  const t = answerText.for(p.locale);
  const log = deps.log.child({ interaction: job.id, guild: job.guildId });
  const now = deps.clock.now();
  const left = job.expiresAt - FINAL_EDIT_MARGIN_MS - now;
  if (job.expiresAt - now < 5_000) {
    log.warn('question taken up after its token expired; nothing can be sent');
    await recordQuestion(deps, askedQuestion(job, p, { failed: 'expired' }));
    return 'expired';
  }
  // The member deleted the reply (or the token died): the answer stops at once, model request included.
  const gone = new AbortController();
  const delivery = createDelivery(
    {
      replier: deps.replier,
      clock: deps.clock,
      log,
      saveFollowUps: (ids) => run.saveState({ ...job.state, followUpIds: ids }),
      onGone: (g) => gone.abort(g),
    },
    { token: job.token, ephemeral: p.ephemeral, locale: p.locale },
  );
  /** The answer ended because its reply is gone: logged and counted as such, nothing more is sent. */
  const ended = async (g: ReplyGone) => {
    log.info({ outcome: g.reason, reason: g.message }, 'the reply is gone; the answer stopped quietly');
    deps.metrics.answers.inc({ outcome: g.reason });
    // Insights still count the question (unless its answer was recorded before the reply went).
    if ((await deps.store.insights.get(job.id).catch(() => undefined)) === undefined)
      await recordQuestion(deps, askedQuestion(job, p, { failed: g.reason }));
    return g.reason;
  };
  if (job.state.followUpIds && job.state.followUpIds.length > 0) {
    // An earlier attempt died mid-answer: take back what it posted; the answer starts over.
    await takeBack(deps.replier, job.token, job.state.followUpIds, log);
    await run.saveState({ ...job.state, followUpIds: [] });
  }
  if (left < MIN_ANSWER_MS) {
    try {
      await delivery.fail(t('tooLate'));
    } catch (err) {
      const g = replyGoneOf(err);
      if (g !== undefined) return ended(g);
      log.error({ err: describeError(err) }, 'could not say it was too late');
    }
    await recordQuestion(deps, askedQuestion(job, p, { failed: 'too_late' }));
    return 'too_late';
  }
  const budget = Math.min(deps.answerTimeoutMs, left);
  const timeout = AbortSignal.timeout(budget);
  const abort = AbortSignal.any([run.signal, timeout, gone.signal]);
  const answered = (outcome: string) => {
    const ms = deps.clock.now() - job.receivedAt;
    deps.metrics.answers.inc({ outcome });
    deps.metrics.answerSeconds.observe(ms / 1000);
    log.info({ outcome, ms, attempt: job.attempts }, 'question answered');
    return outcome;
  };
  const work = answer(deps, run, p, delivery, abort, log);
  try {
    // The deadline is kept even by calls that cannot be cancelled (an embedding that hangs):
    // whatever is still running when it passes is left behind, and its late pieces are ignored.
    return answered(await untilAborted(work, abort));
  } catch (caught) {
    let failure = caught;
    const reason = run.signal.aborted ? run.signal.reason : undefined;
    if (reason instanceof LeaseLost) {
      log.warn('another worker took this question over; stopping without a word');
      return RELEASE;
    }
    const g = replyGoneOf(gone.signal.aborted ? gone.signal.reason : caught);
    if (g !== undefined) return ended(g);
    if (reason instanceof ShuttingDown && delivery.delivering) {
      // The answer is being sent: starting it over after the restart could post a part twice
      // (a follow-up Discord stored but has not confirmed cannot be taken back). It is finished
      // here instead, within what is left of the stop's grace.
      const settled = await settleWithin(work, FINISH_ON_STOP_MS);
      if (settled.status === 'fulfilled') return answered(settled.value);
      if (settled.status === 'pending') {
        log.warn(
          'stopping while the answer was being sent; it is not started over, to avoid a duplicate part',
        );
        await withTimeout(delivery.fail(t('interrupted')), 1_000, () => new Error('no time left')).catch(
          () => {},
        );
        deps.metrics.answers.inc({ outcome: 'interrupted' });
        await recordQuestion(deps, askedQuestion(job, p, { failed: 'interrupted' }));
        return 'interrupted';
      }
      failure = settled.reason;
    } else if (reason instanceof ShuttingDown) {
      await delivery.fail(t('restarting')).catch(() => {});
      return RELEASE;
    }
    const err = timeout.aborted
      ? new AppError(
          'ANSWER_TIMEOUT',
          `Answer took longer than ${budget} ms (ANSWER_TIMEOUT_MS, or the time the interaction token had left).`,
          errorText.sentence('answerTimeout'),
        )
      : failure;
    const code = errorCodeOf(err);
    log[code === 'INTERNAL' ? 'error' : 'warn']({ code, err: describeError(err) }, 'question failed');
    deps.metrics.answers.inc({ outcome: code.toLowerCase() });
    await recordQuestion(deps, askedQuestion(job, p, { failed: code.toLowerCase() }));
    try {
      await delivery.fail(userMessageOf(err, p.locale));
    } catch (editErr) {
      const late = replyGoneOf(editErr);
      if (late !== undefined) return ended(late);
      log.error({ err: describeError(editErr) }, 'could not deliver the error message to Discord');
    }
    return code.toLowerCase();
  }
}

type Delivery = ReturnType<typeof createDelivery>;

async function answer(
  deps: JobDeps,
  run: JobRun,
  p: AskPayload,
  delivery: Delivery,
  abort: AbortSignal,
  log: JobDeps['log'],
): Promise<string> {
  const { job } = run;
  const asker: Asker = {
    guildId: job.guildId,
    channelId: p.channelId,
    userId: job.userId,
    roleIds: p.roleIds,
    permissionsHere: p.permissionsHere,
  };
  const scope = await readableScope(
    {
      store: deps.store,
      directory: deps.directory,
      onFallback: (err) => logScopeFallback(log, err),
      onThreadsLeftOut: (left) => log.warn({ threads: left }, 'private threads left out of the search'),
    },
    asker,
  );
  if (abort.aborted) throw abort.reason;
  // The server's settings (issue 19): excluded channels are never cited; its guidance is shown.
  const settings = await deps.store.settings.get(job.guildId);
  scope.channelIds = withoutExcluded(scope.channelIds, scope.threads, settings.excludedChannelIds);

  let channelIds = scope.channelIds;
  if (p.channel !== undefined) {
    const wanted = p.channel.id;
    if (settings.excludedChannelIds.includes(wanted)) {
      await delivery.finish(settingsText.format(p.locale, 'channelExcluded', { channel: `<#${wanted}>` }));
      await recordQuestion(deps, askedQuestion(job, p, { failed: 'channel_excluded' }));
      return 'channel_excluded';
    }
    if (!scope.channelIds.includes(wanted)) {
      await delivery.finish(askText.format(p.locale, 'channelForbidden', { channel: wanted }));
      await recordQuestion(deps, askedQuestion(job, p, { failed: 'channel_forbidden' }));
      return 'channel_forbidden';
    }
    channelIds = scope.channelIds.filter((id) => id === wanted || scope.threads.get(id)?.parentId === wanted);
  }
  const search: SearchScope = {
    guildId: job.guildId,
    channelIds,
    authorId: p.authorId,
    sinceMs: p.days === undefined ? undefined : deps.clock.now() - p.days * 86_400_000,
  };
  if (!(await deps.store.messages.hasIndexed(job.guildId))) {
    throw new AppError(
      'INDEX_EMPTY',
      `No messages are indexed for guild ${job.guildId}: add it to INDEX_GUILD_IDS and run \`npm run index\`.`,
      errorText.sentence('indexEmpty'),
    );
  }
  const channels = new Map((await deps.store.channels.ofGuild(job.guildId)).map((c) => [c.id, c.name]));
  const channelName = (id: string) => channels.get(id) || undefined;

  const notes: string[] = [];
  const language = await answerLanguageOf(p);
  const question: Question = {
    text: p.question,
    searchText: p.question,
    scope: search,
    channelName,
    language,
    guidance: settings.instructions,
  };
  if (p.parentAnswerId !== undefined) {
    const { history, note } = await conversation(
      deps,
      p.parentAnswerId,
      job.guildId,
      new Set(scope.channelIds),
    );
    if (note) notes.push(answerText.format(p.locale, note));
    if (history.length > 0) {
      question.history = history;
      question.searchText = `${history.at(-1)?.question ?? ''}\n${p.question}`;
    }
  }
  if (p.target !== undefined) {
    const { sources, stored } = await targetConversation(deps.pipeline, search, p.target.id);
    question.pinned = sources;
    // Show and search for what the message says (its stored, searchable text when it was indexed).
    question.target = stored?.content ? { ...p.target, content: stored.content } : p.target;
    question.searchText = stored?.content || p.target.content || p.question;
  }

  // A plain question may be answered from the cache; follow-ups and message questions never are.
  const cacheable = question.history === undefined && question.target === undefined;
  const key = cacheable
    ? deps.cache.key({
        guildId: job.guildId,
        channelIds,
        question: p.question,
        indexVersion: await deps.store.guilds.version(job.guildId),
        // The same words may be answered in another language for a member whose client differs.
        options: `${p.authorId ?? ''}|${p.days ?? ''}|${language.tag}`,
      })
    : undefined;
  const cached = key === undefined ? undefined : deps.cache.get(key);
  deps.metrics.cacheLookups.inc({ result: cached ? 'hit' : 'miss' });

  let routed = false;
  const route = async (sources: Source[]) => {
    routed = true;
    if (
      !p.ephemeral &&
      revealsHiddenChannels(
        scope,
        p.channelId,
        // Every message the model sees, not only the cited ones: a conversation's replies too.
        sources.flatMap((s) => s.messages.map((m) => m.channelId)),
      )
    ) {
      await delivery.goPrivate(answerText.format(p.locale, 'privateNotice'));
    }
  };
  let result: Answer;
  if (cached !== undefined) {
    result = cached;
    if (result.kind !== 'nothing_found') await route(result.sources);
  } else {
    result = await answerQuestion({ ...deps.pipeline, log }, question, {
      signal: abort,
      beforeGenerate: route,
      onText: (t) => delivery.preview(t),
    });
    if (!routed && result.kind !== 'nothing_found') await route(result.sources);
    if (key !== undefined && result.kind !== 'sources_only' && result.degraded === undefined)
      deps.cache.set(key, result);
  }
  if (abort.aborted) throw abort.reason;

  const text = composeAnswer(result, job.guildId, channelName, p.locale);
  await deps.store.answers.save({
    id: job.id,
    guildId: job.guildId,
    channelId: p.channelId,
    userId: job.userId,
    question: p.question,
    answer: result.kind === 'answer' ? result.text : '',
    sourceIds: result.kind === 'nothing_found' ? [] : sourceIdsOf(result.sources),
    parentId: p.parentAnswerId ?? null,
    createdAt: deps.clock.now(),
  });
  // Insights (issue 21). Issue 18's cut-off answers: askedQuestion reads `doneReason: 'length'`.
  await recordQuestion(deps, askedQuestion(job, p, result));
  await delivery.finish(
    notes.length > 0 ? `${notes.join('\n')}\n${text}` : text,
    answerButtons(job.id, p.locale),
  );
  if (cached !== undefined) return 'cached';
  return result.kind === 'answer' ? 'answered' : result.kind;
}

/**
 * The language the model answers in: the question's when it is clear, else the asker's locale.
 * "Ask about this message" has no words of the member's own (its question is ours, in English):
 * their locale, then the server's.
 */
function answerLanguageOf(p: AskPayload): Promise<AnswerLanguage> {
  return answerLanguage({
    text: p.target === undefined ? p.question : '',
    locale: p.locale,
    guildLocale: p.guildLocale,
  });
}

/**
 * The earlier turns of a follow-up's conversation that the presser may see: a turn whose sources
 * are outside their scope, deleted, or forgotten is left out (and a note says so).
 */
async function conversation(
  deps: JobDeps,
  parentId: string,
  guildId: string,
  readable: ReadonlySet<string>,
): Promise<{ history: Turn[]; note?: 'missingConversation' | 'partlyHiddenConversation' }> {
  const turns = (await deps.store.answers.conversation(parentId, HISTORY_TURNS)).filter(
    (t) => t.guildId === guildId,
  );
  if (turns.length === 0) return { history: [], note: 'missingConversation' };
  const cited = await deps.store.messages.byIds([...new Set(turns.flatMap((t) => t.sourceIds))]);
  const live = new Map(cited.map((m) => [m.id, m]));
  const visible = (id: string) => {
    const m = live.get(id);
    return m !== undefined && !m.deleted && readable.has(m.channelId);
  };
  const hidden = turns.filter((t) => !t.sourceIds.every(visible));
  const history = turns
    .filter((t) => t.answer !== '' && !hidden.includes(t))
    .map((t) => ({ question: t.question, answer: t.answer }));
  return hidden.length > 0 ? { history, note: 'partlyHiddenConversation' } : { history };
}
