/**
 * The events of a help post, one function each, in one place: what the store keeps, what the
 * metrics count and what the log says. Insights (issue 21) records them from here too.
 */
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { HelpPostStatus, NewHelpPost, Store } from '../store/types';

export interface EventDeps {
  store: Store;
  metrics: Metrics;
  log: Logger;
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
  r: { status: HelpPostStatus; outcome: string; at: number; answerMessageIds?: string[] },
): Promise<void> {
  await deps.store.help.finish(post.postId, r);
  deps.metrics.helpOutcomes.inc({ status: r.status, outcome: r.outcome });
  deps.log[r.status === 'failed' ? 'warn' : 'info'](
    { post: post.postId, guild: post.guildId, channel: post.channelId, status: r.status, outcome: r.outcome },
    'help post handled',
  );
}

/** A post was handed to the helpers ("Ask a human"); `pinged` is the role pinged, if any. */
export function postHandedOff(
  deps: EventDeps,
  post: NewHelpPost,
  r: { by: string; pinged: string | null; tagged: boolean },
): void {
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
