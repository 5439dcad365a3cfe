/**
 * The weekly digest (INSIGHTS_DIGEST_CRON, default Mondays 09:00): for every guild with a digest
 * channel (`/settings digest`), the last 7 days' insights and a chart, posted with the bot token in
 * the guild's language. Each (guild, ISO week) is claimed in the store before anything is sent, so
 * however many processes tick at once, one posts it; a claim whose process died is taken over after
 * its lease, and the message carries a nonce Discord enforces, so the takeover never posts twice.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, type REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/rest/v10';
import type { APIMessage } from 'discord-api-types/v10';
import type { GuildDirectory } from '../discord/guild-directory';
import { describeError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';
import { buildReport } from './report';
import { insightsContent } from './view';

/** How long a claim holds before another process may take it over (a dead sender's). */
export const DIGEST_LEASE_MS = 5 * 60_000;
/** The digest's period. */
export const DIGEST_DAYS = 7;
/** The attachment's file name. */
export const CHART_FILE = 'insights.png';

/** The ISO 8601 week of a moment (UTC), e.g. `2026-W49`: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDay() || 7;
  // The Thursday of this week decides the year.
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day);
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The nonce of a guild's digest of a week (Discord allows 25 characters). */
export function digestNonce(guildId: string, week: string): string {
  return createHash('sha256').update(`digest:${guildId}:${week}`).digest('base64url').slice(0, 25);
}

export interface DigestDeps {
  store: Store;
  /** The bot-token REST client. */
  rest: REST;
  directory: Pick<GuildDirectory, 'guild'>;
  clock: { now(): number };
  log: Logger;
  /** Who claims (the worker's id). */
  owner: string;
  metrics?: Metrics | undefined;
  /** Renders the chart (the real one loads Chart.js and Skia on first use). */
  renderChart?: (
    report: Awaited<ReturnType<typeof buildReport>>,
    locale: string | undefined,
  ) => Promise<Buffer>;
}

const loadChart = async (report: Awaited<ReturnType<typeof buildReport>>, locale: string | undefined) =>
  (await import('./chart')).renderChart(report, locale);

/** What one round of digests did. */
export interface DigestRound {
  sent: string[];
  failed: string[];
  /** Guilds whose digest of this week was already sent or is being sent elsewhere. */
  skipped: string[];
}

/**
 * Sends this week's digest of every guild with a digest channel that has not had it, and finishes
 * claims of dead processes (only those with `staleOnly`). A guild whose channel cannot be posted in (403, 404) is marked failed
 * for the week and logged; any other error leaves the claim to be taken over after its lease.
 */
export async function sendDigests(
  deps: DigestDeps,
  opts: { staleOnly?: boolean } = {},
): Promise<DigestRound> {
  const now = deps.clock.now();
  const week = isoWeek(now);
  const round: DigestRound = { sent: [], failed: [], skipped: [] };
  const targets = [
    ...(opts.staleOnly ? [] : (await deps.store.insights.digestChannels()).map((t) => ({ ...t, week }))),
    ...(await deps.store.insights.staleDigests(now)),
  ];
  for (const target of targets) {
    const claim = await deps.store.insights.claimDigest(
      { ...target, owner: deps.owner },
      now,
      DIGEST_LEASE_MS,
    );
    if (claim === undefined) {
      if (target.week === week) round.skipped.push(target.guildId);
      continue;
    }
    const log = deps.log.child({ guild: claim.guildId, week: claim.week, channel: claim.channelId });
    try {
      const messageId = await postDigest(deps, claim.guildId, claim.channelId, claim.week);
      await deps.store.insights.finishDigest(claim.guildId, claim.week, deps.owner, {
        status: 'sent',
        messageId,
        at: deps.clock.now(),
      });
      log.info({ message: messageId, retry: claim.retry }, 'weekly insights digest posted');
      round.sent.push(claim.guildId);
      deps.metrics?.insightsDigests.inc({ result: 'sent' });
    } catch (err) {
      const forGood = err instanceof DiscordAPIError && (err.status === 403 || err.status === 404);
      if (forGood) {
        await deps.store.insights.finishDigest(claim.guildId, claim.week, deps.owner, {
          status: 'failed',
          error: describeError(err),
          at: deps.clock.now(),
        });
      }
      log.warn(
        { err: describeError(err) },
        forGood
          ? 'weekly insights digest not posted: the bot may not post in the digest channel (or it is gone); check /settings digest'
          : 'weekly insights digest not posted yet; another attempt takes it over after its lease',
      );
      round.failed.push(claim.guildId);
      deps.metrics?.insightsDigests.inc({ result: 'failed' });
    }
  }
  if (!opts.staleOnly || round.sent.length + round.failed.length > 0)
    deps.log.info({ week, ...round }, 'weekly insights digest round');
  return round;
}

/** Posts one guild's digest: the text of the week and the chart as an attachment, pinging no one. */
async function postDigest(
  deps: DigestDeps,
  guildId: string,
  channelId: string,
  week: string,
): Promise<string> {
  const now = deps.clock.now();
  const report = await buildReport(deps.store, guildId, DIGEST_DAYS, now, { channels: 5 });
  const locale = await deps.directory
    .guild(guildId)
    .then((g) => g.locale)
    .catch(() => undefined);
  const png = await (deps.renderChart ?? loadChart)(report, locale);
  const message = (await deps.rest.post(Routes.channelMessages(channelId), {
    body: {
      content: insightsContent(report, 0, locale, { digest: true }),
      allowed_mentions: { parse: [] },
      // Discord returns the first message for a nonce it saw in the last minutes: a takeover of a
      // claim whose sender died after sending never posts twice.
      nonce: digestNonce(guildId, week),
      enforce_nonce: true,
      attachments: [{ id: 0, filename: CHART_FILE }],
    },
    files: [{ name: CHART_FILE, data: png, contentType: 'image/png' }],
  })) as APIMessage;
  return message.id;
}
