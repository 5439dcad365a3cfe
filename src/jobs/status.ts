import type { KeepAlive, ThinkSetting } from '../config';
import { describeError } from '../errors';
import { checkAll, type HostHealth, type ModelState } from '../health';
import { helpStatusLine } from '../help/status';
import { statusText } from '../i18n/messages/status';
import { takesThinkLevels } from '../llm/reasoning';
import { truncate } from '../text/cut';
import type { JobResult } from './abort';
import type { JobDeps, JobRun } from './deps';
import type { StatusPayload } from './payloads';

/** How long each dependency check may take, so /status answers well inside Discord's 3 s. */
export const STATUS_CHECK_MS = 1200;
/** /status counts 👍/👎 of this many days. */
export const FEEDBACK_DAYS = 30;
/** /status shows answers and their latency over this window. */
export const ANSWER_STATS_HOURS = 24;

/** `ms` as seconds with one decimal, in the reader's language ("1.5 s", "1,5 s", "1,5 с"); "–" when unknown. */
function seconds(t: StatusT, ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '–' : t('seconds', { seconds: ms / 1000 });
}
type StatusT = ReturnType<typeof statusText.for>;

/** Ollama shows a model kept loaded for ever (keep_alive < 0) as unloading in the year 2318. */
const forever = (until: number, now: number) => until - now > 100 * 365 * 86_400_000;

/** What OLLAMA_THINK does to a chat model that reasons (`thinks`), or "" when unknown. */
function reasoningText(t: StatusT, thinks: boolean | undefined, think: ThinkSetting, model: string): string {
  if (thinks === undefined) return '';
  if (!thinks) return ` · ${t('reasoningNone')}`;
  if (think === false) return ` · ${t(takesThinkLevels(model) ? 'reasoningLow' : 'reasoningOff')}`;
  return ` · ${t('reasoningOn', { level: think === true ? 'on' : think, setting: String(think) })}`;
}

function modelLine(
  t: StatusT,
  kind: 'chat' | 'embed',
  m: ModelState | undefined,
  reachable: boolean,
  opts: { now: number; think: ThinkSetting },
): string {
  if (m === undefined) return '';
  const values = { kind, name: m.name };
  if (!reachable) return `❔ ${t('modelUnknown', values)}`;
  if (!m.present) return `❌ ${t('modelMissing', values)}`;
  const reasoning = kind === 'chat' ? reasoningText(t, m.thinks, opts.think, m.name) : '';
  if (!m.loaded) return `🟡 ${t('modelNotLoaded', values)}${reasoning}`;
  const loaded =
    m.loadedUntil === undefined
      ? t('modelLoaded', values)
      : forever(m.loadedUntil, opts.now)
        ? t('modelLoadedForever', values)
        : t('modelLoadedUntil', { ...values, until: m.loadedUntil });
  return `✅ ${loaded}${reasoning}`;
}

/** The models loaded on a host now (`/api/ps`), and until when; "" when the host did not say. */
function hostLoaded(t: StatusT, h: HostHealth, now: number): string {
  if (h.loaded === undefined) return '';
  const models = h.loaded.map((m) =>
    m.until === undefined
      ? `\`${m.name}\``
      : forever(m.until, now)
        ? t('loadedForever', { name: m.name })
        : t('loadedUntil', { name: m.name, until: m.until }),
  );
  return ` · ${models.length === 0 ? t('hostLoadedNone') : t('hostLoaded', { models: models.join(', ') })}`;
}

/** OLLAMA_KEEP_ALIVE as /status says it. */
function keepAliveLine(t: StatusT, k: KeepAlive): string {
  const never = typeof k === 'number' ? k === 0 : /^[+]?0+(\.0*)?[a-zµμ]*$/.test(k);
  const always = typeof k === 'number' ? k < 0 : k.startsWith('-');
  const key = always ? 'keepAliveForever' : never ? 'keepAliveNever' : 'keepAlive';
  return `🧠 ${t(key, { duration: typeof k === 'number' ? `${k} s` : k })}`;
}

/**
 * The line when the embedding model's vectors no longer fit this server's index (re-pulled or
 * changed under the same name), with what to do; "" when they fit or either size is unknown.
 */
function dimensionLine(t: StatusT, m: ModelState | undefined, indexed: number | null): string {
  if (m?.dimension === undefined || indexed === null || indexed === m.dimension) return '';
  return `❌ ${t('dimensionMismatch', { name: m.name, now: m.dimension, index: indexed })}`;
}

/**
 * The /status report of one guild, the same whichever process makes it (every figure but the
 * Ollama hosts' breakers comes from the database), in the reader's `locale` (absent: English).
 */
export async function statusReport(
  deps: JobDeps,
  guildId: string,
  now: number,
  locale?: string | null,
): Promise<string> {
  const t = statusText.for(locale);
  const secs = (ms: number | undefined) => seconds(t, ms);
  const [health, indexed, run, fullRun, guild, queue, answers, ratings, optedOut, collection, help] =
    await Promise.all([
      checkAll(deps.health, STATUS_CHECK_MS),
      deps.store.messages.countIndexed(guildId),
      deps.store.runs.last(),
      deps.store.runs.last('full'),
      deps.store.guilds.get(guildId),
      deps.queue.stats(deps.policy),
      deps.queue.answerStats(guildId, ANSWER_STATS_HOURS * 3_600_000),
      deps.store.answers.ratingCounts(guildId, now - FEEDBACK_DAYS * 86_400_000),
      deps.store.members.countOptedOut(guildId),
      deps.store.outbox.collection(deps.vectors.collectionName(guildId)),
      helpStatusLine(deps.store, guildId, now, locale),
    ]);
  const hosts = health.ollamaState.hosts;
  const ollamaOk = hosts.some((h) => h.reachable === 'ok');
  const runLine =
    run === undefined
      ? `🕒 ${t('runNever')}`
      : run.finishedAt === null
        ? `🕒 ${t('runRunning', { at: run.startedAt, duration: secs(now - run.startedAt) })}`
        : `🕒 ${t('runDone', {
            at: run.startedAt,
            duration: secs(run.finishedAt - run.startedAt),
            status: run.status,
            added: run.messagesNew,
            edited: run.messagesEdited,
            deleted: run.messagesDeleted,
          })}${run.error ? ` — ${truncate(run.error, 120)}` : ''}`;
  const fullLine =
    guild.lastFullRunAt !== null
      ? `🧹 ${t('fullDone', { at: guild.lastFullRunAt, removed: guild.lastFullRemoved })}`
      : fullRun !== undefined
        ? `🧹 ${t('fullStatus', { at: fullRun.startedAt, status: fullRun.status })}`
        : `🧹 ${t('fullNever')}`;
  const lines = [
    `**${t('title')}**`,
    ...(guild.unreachableAt !== null
      ? [
          `⚠️ ${t('guildUnreachable', { since: guild.unreachableAt, reason: truncate(guild.unreachableReason ?? 'no access', 80) })}`,
        ]
      : []),
    // One line per Ollama host: its own state, its circuit breaker and the work it has now.
    ...hosts.map((h) => {
      const missing = h.models.filter((m) => !m.present).map((m) => `\`${m.name}\``);
      const breaker = t('breaker', { state: h.breaker, inFlight: h.inFlight });
      return h.reachable === 'ok'
        ? `${missing.length > 0 ? '🟡' : '✅'} ${t('hostUp', { url: h.url, version: h.version ?? '?', breaker })}` +
            (missing.length > 0 ? ` — ${t('hostMissing', { models: missing.join(', ') })}` : '') +
            hostLoaded(t, h, now)
        : `❌ ${
            h.lastError
              ? t('hostDownWithError', {
                  reason: h.reachable,
                  url: h.url,
                  breaker,
                  error: truncate(h.lastError, 80),
                })
              : t('hostDown', { reason: h.reachable, url: h.url, breaker })
          }`;
    }),
    modelLine(t, 'chat', health.ollamaState.models[0], ollamaOk, { now, think: deps.ollama.think }),
    modelLine(t, 'embed', health.ollamaState.models[1], ollamaOk, { now, think: deps.ollama.think }),
    keepAliveLine(t, deps.ollama.keepAlive),
    dimensionLine(t, health.ollamaState.models[1], collection?.dimension ?? null),
    health.chroma === 'ok' ? `✅ ${t('chromaOk')}` : `❌ ${t('chromaDown', { reason: health.chroma })}`,
    health.database === 'ok'
      ? `✅ ${t('databaseOk')}`
      : `❌ ${t('databaseDown', { reason: health.database })}`,
    `📚 ${t('indexed', { messages: indexed.messages, channels: indexed.channels })}`,
    runLine,
    fullLine,
    `🙈 ${t('optedOut', { count: optedOut })}`,
    `💬 ${t('answers', { hours: ANSWER_STATS_HOURS, served: answers.served, p50: secs(answers.p50Ms), p95: secs(answers.p95Ms) })}`,
    `⏳ ${t('queue', {
      waiting: queue.waiting,
      longest: secs(queue.oldestWaitMs),
      expected: secs(queue.expectedWaitMs),
      running: queue.running,
      workers: queue.workers,
      slots: queue.slots,
    })}`,
    t('ratings', { up: ratings.up, down: ratings.down, days: FEEDBACK_DAYS }),
    help,
  ];
  return lines.filter(Boolean).join('\n');
}

/** The /status job: the report, edited into the deferred ephemeral reply. */
export async function runStatus(deps: JobDeps, run: JobRun): Promise<JobResult> {
  const { job } = run;
  const { locale } = job.payload as unknown as StatusPayload;
  let content: string;
  try {
    content = await statusReport(deps, job.guildId, deps.clock.now(), locale);
  } catch (err) {
    deps.log.error({ interaction: job.id, err: describeError(err) }, 'status failed');
    content = statusText.format(locale, 'failed');
  }
  await deps.replier.editOriginal(job.token, { content });
  return 'status';
}
