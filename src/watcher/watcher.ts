/**
 * The help-channel watcher (issue 19). Discord delivers no message events to an HTTP endpoint, so
 * new posts are found by polling the REST API: every WATCH_INTERVAL_SECONDS, one request per
 * watched text channel (its messages after a cursor) and one per guild with watched forums (its
 * active threads: every forum's posts at once). Polls are leased through the store, so however
 * many processes run the watcher, each unit is polled by one of them at a time, at most once an
 * interval. Each new post becomes a durable job in the queue with an id of its own, recorded
 * before the cursor moves: a process killed between its poll and the insert leaves the cursor
 * where it was, the next poll (after the lease runs out) finds the same posts and offers the same
 * ids, and the queue ignores the ones it has.
 */
import type { Clock } from '../async';
import type { ChannelClient } from '../discord/channels';
import { maxSnowflake, msToSnowflake } from '../discord/snowflake';
import { describeError } from '../errors';
import { postsOffered } from '../help/events';
import type { HelpPayload } from '../help/payloads';
import { classifyDiscordError, describeDiscordError } from '../indexer/failures';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { JobQueue } from '../queue/types';
import type { HelpChannel, NewHelpPost, Store, WatchPoll } from '../store/types';
import { newForumPosts, newQuestions } from './select';

/** Polls one process claims at a time (one Discord request each). */
export const POLLS_PER_TICK = 10;
/** A post older than this is not answered, however it was missed (the watcher was down for days). */
export const CATCH_UP_MS = 24 * 3_600_000;
/** A help job waits at most this long for a worker; after it, the post is left to humans. */
export const HELP_JOB_TTL_MS = 6 * 3_600_000;
/** Messages read per poll of a text channel (Discord's largest page). */
const PAGE = 100;
/** After a poll Discord refused (no access, channel gone), the unit waits this many intervals. */
const BACKOFF_INTERVALS = 10;

export interface WatcherDeps {
  store: Store;
  queue: JobQueue;
  client: ChannelClient;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** The bot's user id: its own messages are never questions. */
  botUserId: string;
  /** WATCH_INTERVAL_SECONDS in ms. */
  intervalMs: number;
  /** This process's (thread's) name in poll leases. */
  owner: string;
}

export interface Watcher {
  /** One round: claims the polls that are due and runs them. */
  tick(): Promise<void>;
  /** No more rounds; resolves when the round going (if any) has ended. */
  stop(): Promise<void>;
}

/** How long a poll stays this process's: longer than a poll takes, short enough to recover soon. */
export const leaseFor = (intervalMs: number) => Math.min(60_000, Math.max(10_000, 2 * intervalMs));

/** The job that answers `post`: its id is the post's, so the same post is never queued twice. */
export function helpJobId(postId: string): string {
  return `help:${postId}`;
}

/**
 * Starts the watcher: a round every second (or every interval when shorter) claims the units whose
 * time has come. Returns at once; `stop` ends it.
 */
export function startWatcher(deps: WatcherDeps): Watcher {
  const { store, clock, log } = deps;
  const leaseMs = leaseFor(deps.intervalMs);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  let stopped = false;

  /** Offers each owed post's job, then moves the poll on: in that order, so a crash loses nothing. */
  const offer = async (posts: NewHelpPost[]) => {
    const owed = new Set(await store.help.addPosts(posts));
    let offered = 0;
    for (const post of posts) {
      if (!owed.has(post.postId)) continue;
      const r = await deps.queue.offer(
        {
          id: helpJobId(post.postId),
          kind: 'help',
          guildId: post.guildId,
          userId: post.authorId || post.postId,
          token: '',
          payload: { post } satisfies HelpPayload as unknown as Record<string, unknown>,
          receivedAt: post.foundAt,
        },
        post.foundAt + HELP_JOB_TTL_MS,
      );
      if (r === 'queued') offered++;
    }
    postsOffered(deps, offered);
    return offered;
  };

  const runPoll = async (poll: WatchPoll, watched: (HelpChannel & { guildId: string })[]) => {
    const now = clock.now();
    const kind = poll.channelId === null ? 'forums' : 'channel';
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(Math.floor(leaseMs * 0.8))]);
    let cursor: string | undefined;
    let error: string | null = null;
    let next = now + deps.intervalMs;
    try {
      let posts: NewHelpPost[];
      if (poll.channelId === null) {
        const forums = new Map(
          watched
            .filter((c) => c.guildId === poll.guildId && c.type !== 0 && c.type !== 5)
            .map((c) => [c.channelId, c.enabledAt]),
        );
        if (forums.size === 0) posts = [];
        else {
          const threads = await deps.client.activeThreads(poll.guildId, signal);
          posts = newForumPosts(threads, forums, {
            guildId: poll.guildId,
            notBefore: now - CATCH_UP_MS,
            now,
          });
        }
      } else {
        const channel = watched.find((c) => c.channelId === poll.channelId);
        if (channel === undefined) posts = [];
        else {
          const after = poll.cursor ?? msToSnowflake(channel.enabledAt);
          const page = await deps.client.messagesAfter(channel.channelId, after, PAGE, signal);
          cursor = maxSnowflake(page.map((m) => m.id));
          posts = newQuestions(
            page,
            { guildId: poll.guildId, channelId: channel.channelId, enabledAt: channel.enabledAt },
            { botUserId: deps.botUserId, now },
          );
        }
      }
      const offered = await offer(posts);
      if (offered > 0) log.info({ poll: poll.key, offered }, 'new help posts queued');
      deps.metrics.watchPolls.inc({ kind, result: 'ok' });
    } catch (err) {
      if (controller.signal.aborted) return; // stopping: the lease runs out, another process goes on
      const what = classifyDiscordError(err);
      error = what === 'other' || what === 'transient' ? describeError(err) : describeDiscordError(err);
      if (what === 'gone' || what === 'no-access') next = now + BACKOFF_INTERVALS * deps.intervalMs;
      cursor = undefined;
      deps.metrics.watchPolls.inc({ kind, result: 'error' });
      log.warn({ poll: poll.key, err: error }, 'help channel poll failed');
    }
    const kept = await store.help.finishPoll(poll.key, deps.owner, {
      cursor,
      polledAt: now,
      nextPollAt: next,
      error,
    });
    if (!kept)
      log.warn({ poll: poll.key }, 'a help channel poll outlived its lease; another process took it over');
  };

  const tick = async () => {
    const polls = await store.help.claimPolls(deps.owner, leaseMs, POLLS_PER_TICK);
    if (polls.length === 0) return;
    const watched = await store.settings.watchedChannels();
    for (const poll of polls) {
      if (controller.signal.aborted) return;
      await runPoll(poll, watched);
    }
  };

  const tickMs = Math.min(1_000, deps.intervalMs);
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick()
        .catch((err: unknown) => log.warn({ err: describeError(err) }, 'help channel watcher round failed'))
        .finally(() => {
          current = undefined;
          schedule();
        });
    }, tickMs);
    timer.unref();
  };
  schedule();
  log.info({ intervalMs: deps.intervalMs }, 'help channel watcher started');
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      controller.abort(new Error('stopped'));
      await current;
    },
  };
}
