import { checkAll, type HealthDeps, type ModelState } from '../health';
import type { AnswerStats } from '../stats';
import type { Db } from '../store/db';
import { countIndexed } from '../store/messages';
import { lastRun } from '../store/runs';
import type { Limiter } from './limiter';

export interface StatusDeps extends HealthDeps {
  db: Db;
  stats: AnswerStats;
  limiter: Limiter;
}

/** How long each dependency check may take, so /status always answers inside Discord's 3 s. */
export const STATUS_CHECK_MS = 1500;

const fmt = (n: number) => n.toLocaleString('en-US');
const secs = (ms: number | undefined) => (ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);

function modelLine(kind: string, m: ModelState | undefined, reachable: boolean): string {
  if (m === undefined) return '';
  if (!reachable) return `❔ ${kind} model \`${m.name}\`: unknown (Ollama unreachable)`;
  if (!m.present) return `❌ ${kind} model \`${m.name}\`: not pulled (run \`ollama pull ${m.name}\`)`;
  return `${m.loaded ? '✅' : '🟡'} ${kind} model \`${m.name}\`: present, ${m.loaded ? 'loaded' : 'not loaded yet (first answer will be slower)'}`;
}

/** The /status report for one guild, as one message of at most a few hundred characters. */
export async function statusReport(deps: StatusDeps, guildId: string, now: number): Promise<string> {
  const health = await checkAll(deps, STATUS_CHECK_MS);
  const ollamaOk = health.ollamaState.hosts.some((h) => h.reachable === 'ok');
  const indexed = countIndexed(deps.db, guildId);
  const run = lastRun(deps.db);
  const s = deps.stats.snapshot();
  const lines = [
    '**Status**',
    // One line per Ollama host: its own state, its circuit breaker and the work it has now.
    ...health.ollamaState.hosts.map((h) => {
      const missing = h.models.filter((m) => !m.present).map((m) => `\`${m.name}\``);
      const breaker = `circuit ${h.breaker}, ${h.inFlight} in flight`;
      return h.reachable === 'ok'
        ? `${missing.length > 0 ? '🟡' : '✅'} Ollama: reachable at ${h.url} (version ${h.version ?? '?'}, ${breaker})` +
            (missing.length > 0 ? ` — missing ${missing.join(', ')}` : '')
        : `❌ Ollama: ${h.reachable} at ${h.url} (${breaker}${h.lastError ? `, last error: ${h.lastError}` : ''})`;
    }),
    modelLine('Chat', health.ollamaState.models[0], ollamaOk),
    modelLine('Embedding', health.ollamaState.models[1], ollamaOk),
    health.chroma === 'ok' ? '✅ Chroma: reachable' : `❌ Chroma: ${health.chroma}`,
    health.database === 'ok' ? '✅ Database: ok' : `❌ Database: ${health.database}`,
    `📚 Messages indexed for this server: ${fmt(indexed.messages)} in ${fmt(indexed.channels)} channels`,
    run === undefined
      ? '🕒 Last index run: never (run `npm run index`)'
      : `🕒 Last index run: ${new Date(run.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
        (run.finishedAt === null
          ? `running for ${secs(now - run.startedAt)}`
          : `took ${secs(run.finishedAt - run.startedAt)}, ${run.status}` +
            ` (+${fmt(run.messagesNew)} new, ${fmt(run.messagesEdited)} edited, ${fmt(run.messagesDeleted)} deleted)` +
            (run.error ? ` — ${run.error.slice(0, 120)}` : '')),
    `💬 Answers served: ${fmt(s.answersServed)} · latency p50 ${secs(s.p50Ms)} · p95 ${secs(s.p95Ms)}` +
      ` · cache hit rate ${s.cacheLookups === 0 ? '–' : `${Math.round((100 * s.cacheHits) / s.cacheLookups)}%`}` +
      ` (${s.cacheHits}/${s.cacheLookups})`,
    `⏳ Queue: ${deps.limiter.active} answering, ${deps.limiter.queued} waiting`,
  ];
  return lines.filter(Boolean).join('\n');
}
