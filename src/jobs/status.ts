import { describeError } from '../errors';
import { checkAll, type ModelState } from '../health';
import { countOf, formatCount } from '../text/counts';
import { truncate } from '../text/cut';
import type { JobResult } from './abort';
import type { JobDeps, JobRun } from './deps';

/** How long each dependency check may take, so /status answers well inside Discord's 3 s. */
export const STATUS_CHECK_MS = 1200;
/** /status counts 👍/👎 of this many days. */
export const FEEDBACK_DAYS = 30;
/** /status shows answers and their latency over this window. */
export const ANSWER_STATS_HOURS = 24;

const secs = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`;
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function modelLine(kind: string, m: ModelState | undefined, reachable: boolean): string {
  if (m === undefined) return '';
  if (!reachable) return `❔ ${kind} model \`${m.name}\`: unknown (Ollama unreachable)`;
  if (!m.present) return `❌ ${kind} model \`${m.name}\`: not pulled (run \`ollama pull ${m.name}\`)`;
  return `${m.loaded ? '✅' : '🟡'} ${kind} model \`${m.name}\`: present, ${m.loaded ? 'loaded' : 'not loaded yet (first answer will be slower)'}`;
}

/**
 * The /status report of one guild, the same whichever process makes it (every figure but the
 * Ollama hosts' breakers comes from the database).
 */
export async function statusReport(deps: JobDeps, guildId: string, now: number): Promise<string> {
  const [health, indexed, run, fullRun, guild, queue, answers, ratings, optedOut] = await Promise.all([
    checkAll(deps.health, STATUS_CHECK_MS),
    deps.store.messages.countIndexed(guildId),
    deps.store.runs.last(),
    deps.store.runs.last('full'),
    deps.store.guilds.get(guildId),
    deps.queue.stats(now, deps.policy),
    deps.queue.answerStats(guildId, now - ANSWER_STATS_HOURS * 3_600_000),
    deps.store.answers.ratingCounts(guildId, now - FEEDBACK_DAYS * 86_400_000),
    deps.store.members.countOptedOut(guildId),
  ]);
  const hosts = health.ollamaState.hosts;
  const ollamaOk = hosts.some((h) => h.reachable === 'ok');
  const runLine =
    run === undefined
      ? '🕒 Last index run: never (run `npm run index`)'
      : `🕒 Last index run: ${when(run.startedAt)}, ` +
        (run.finishedAt === null
          ? `running for ${secs(now - run.startedAt)}`
          : `took ${secs(run.finishedAt - run.startedAt)}, ${run.status}` +
            ` (+${formatCount(run.messagesNew)} new, ${formatCount(run.messagesEdited)} edited, ${formatCount(run.messagesDeleted)} deleted)` +
            (run.error ? ` — ${truncate(run.error, 120)}` : ''));
  const fullLine =
    guild.lastFullRunAt !== null
      ? `🧹 Last full re-check: ${when(guild.lastFullRunAt)}, ${countOf(guild.lastFullRemoved, 'deleted message')} removed`
      : fullRun !== undefined
        ? `🧹 Last full re-check: ${when(fullRun.startedAt)}, ${fullRun.status}`
        : '🧹 Last full re-check: never (`npm run index -- --full`, or INDEX_FULL_CRON)';
  const lines = [
    '**Status**',
    ...(guild.unreachableAt !== null
      ? [
          `⚠️ The indexer could not reach this server since ${when(guild.unreachableAt)} (${truncate(guild.unreachableReason ?? 'no access', 80)}): was the bot removed?`,
        ]
      : []),
    // One line per Ollama host: its own state, its circuit breaker and the work it has now.
    ...hosts.map((h) => {
      const missing = h.models.filter((m) => !m.present).map((m) => `\`${m.name}\``);
      const breaker = `circuit ${h.breaker}, ${h.inFlight} in flight`;
      return h.reachable === 'ok'
        ? `${missing.length > 0 ? '🟡' : '✅'} Ollama: reachable at ${h.url} (version ${h.version ?? '?'}, ${breaker})` +
            (missing.length > 0 ? ` — missing ${missing.join(', ')}` : '')
        : `❌ Ollama: ${h.reachable} at ${h.url} (${breaker}${h.lastError ? `, last error: ${truncate(h.lastError, 80)}` : ''})`;
    }),
    modelLine('Chat', health.ollamaState.models[0], ollamaOk),
    modelLine('Embedding', health.ollamaState.models[1], ollamaOk),
    health.chroma === 'ok' ? '✅ Chroma: reachable' : `❌ Chroma: ${health.chroma}`,
    health.database === 'ok' ? '✅ Database: ok' : `❌ Database: ${health.database}`,
    `📚 Messages indexed for this server: ${formatCount(indexed.messages)} in ${countOf(indexed.channels, 'channel')}`,
    runLine,
    fullLine,
    `🙈 Members opted out (/forget-me): ${formatCount(optedOut)}`,
    `💬 Answers served (last ${ANSWER_STATS_HOURS} h): ${formatCount(answers.served)} · latency p50 ${secs(answers.p50Ms)} · p95 ${secs(answers.p95Ms)}`,
    `⏳ Queue: ${formatCount(queue.waiting)} waiting (longest ${secs(queue.oldestWaitMs)}, a new question would wait ~${secs(queue.expectedWaitMs)}) · ` +
      `${formatCount(queue.running)} being answered by ${countOf(queue.workers, 'worker')} (${countOf(queue.slots, 'slot')})`,
    `👍 ${formatCount(ratings.up)} · 👎 ${formatCount(ratings.down)} (last ${FEEDBACK_DAYS} days)`,
  ];
  return lines.filter(Boolean).join('\n');
}

/** The /status job: the report, edited into the deferred ephemeral reply. */
export async function runStatus(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  let content: string;
  try {
    content = await statusReport(deps, job.guildId, deps.clock.now());
  } catch (err) {
    deps.log.error({ interaction: job.id, err: describeError(err) }, 'status failed');
    content = 'I could not gather the status right now (is the database reachable?).';
  }
  await deps.replier.editOriginal(job.token, { content });
  return 'status';
}
