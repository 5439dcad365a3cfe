/**
 * The events of a help post, one function each, in one place: what the store keeps, what the
 * metrics count and what the log says. Insights (issue 21) records them from here too.
 */
import type { Answer } from '../answering/pipeline';
import { outcomeOf, recordQuestion, sourcesOf } from '../insights/record';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { HelpPostStatus, NewHelpPost, QuestionRecord, Store } from '../store/types';

export interface EventDeps {
  store: Store;
  metrics: Metrics;
  log: Logger;
  /** Insights (issue 21): told when a question was recorded. */
  insights?: { recorded(): void } | undefined;
}

/** The watcher queued `count` new posts for an answer. */
export function postsOffered(deps: Pick<EventDeps, 'metrics'>, count: number): void {
  if (count > 0) deps.metrics.helpPostsOffered.inc(count);
}

/**
 * A post's answer job ended: answered (with the bot's messages), left to humans (a human answered
 * first, nothing relevant was found), skipped (a bot's or an opted-out member's post, deleted,
 * channel turned off) or failed.
 */
export async function postHandled(
  deps: EventDeps,
  post: NewHelpPost,
  r: {
    status: HelpPostStatus;
    outcome: string;
    at: number;
    answerMessageIds?: string[];
    /** What the bot read and answered: the post's text and the pipeline's answer (insights). */
    asked?: { text: string; answer: Answer } | undefined;
  },
): Promise<void> {
  const { asked, ...finish } = r;
  await deps.store.help.finish(post.postId, finish);
  const question = helpQuestion(post, r);
  if (question !== undefined) await recordQuestion(deps, question);
  deps.metrics.helpOutcomes.inc({ status: r.status, outcome: r.outcome });
  deps.log[r.status === 'failed' ? 'warn' : 'info'](
    { post: post.postId, guild: post.guildId, channel: post.channelId, status: r.status, outcome: r.outcome },
    'help post handled',
  );
}

/**
 * The question a handled post counts as in insights (issue 21): posts the bot answered, found
 * nothing for, or failed on. Posts it left alone (a human answered first, a bot's post, an opted-out
 * member's, gone, channel off) are not the bot's questions.
 */
function helpQuestion(
  post: NewHelpPost,
  r: {
    status: HelpPostStatus;
    outcome: string;
    at: number;
    asked?: { text: string; answer: Answer } | undefined;
  },
): QuestionRecord | undefined {
  const attempted =
    r.status === 'answered' ||
    r.status === 'failed' ||
    (r.status === 'left' && r.outcome.startsWith('nothing_found'));
  if (!attempted) return undefined;
  const ended =
    r.status === 'failed'
      ? { outcome: 'failed' as const, detail: r.outcome }
      : r.asked === undefined
        ? { outcome: 'nothing_found' as const, detail: '' }
        : outcomeOf(r.asked.answer);
  return {
    id: post.postId,
    guildId: post.guildId,
    channelId: post.channelId,
    userId: post.authorId,
    kind: 'help',
    private: false,
    text: r.asked?.text || post.title,
    ...ended,
    askedAt: post.createdAt,
    sources: r.asked === undefined ? [] : sourcesOf(r.asked.answer),
  };
}

/** A post was handed to the helpers ("Ask a human"); `pinged` is the role pinged, if any. */
export async function postHandedOff(
  deps: EventDeps,
  post: NewHelpPost,
  r: { by: string; pinged: string | null; tagged: boolean; at: number },
): Promise<void> {
  // Insights (issue 21): a hand-off makes the post's question a gap.
  await deps.store.insights
    .handOff(post.postId, r.at)
    .catch((err) =>
      deps.log.warn({ post: post.postId, err: String(err) }, 'could not record the hand-off for insights'),
    );
  deps.metrics.helpHandOffs.inc();
  deps.log.info(
    { post: post.postId, guild: post.guildId, by: r.by, role: r.pinged, tagged: r.tagged },
    'help post handed to the helpers',
  );
}

/** A post's answer was accepted ("Solved" on the bot's answer, "Mark as solution" on a member's message). */
export function postSolved(
  deps: EventDeps,
  post: NewHelpPost,
  r: { by: string; kind: 'bot' | 'member'; messageId: string; marked: 'tag' | 'name' | 'reaction' | 'none' },
): void {
  deps.metrics.helpSolved.inc({ by: r.kind });
  deps.log.info(
    {
      post: post.postId,
      guild: post.guildId,
      by: r.by,
      accepted: r.kind,
      message: r.messageId,
      marked: r.marked,
    },
    'help post solved',
  );
}
