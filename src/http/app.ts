import type { webcrypto } from 'node:crypto';
import { Hono } from 'hono';
import { type DispatchDeps, dispatchInteraction } from '../commands/dispatch';
import { describeError } from '../errors';
import { checkAll, type HealthDeps } from '../health';
import type { Metrics } from '../metrics';
import { type InteractionEnv, verifyDiscordRequest } from './verify';

const MALFORMED = {
  type: 4,
  data: { content: "I couldn't understand that interaction.", flags: 64, allowed_mentions: { parse: [] } },
};

export interface AppDeps {
  publicKey: webcrypto.CryptoKey | string;
  dispatch: DispatchDeps;
  health: HealthDeps;
  metrics: Metrics;
  /** Refreshes gauges that are read from elsewhere (the database) just before a scrape. */
  beforeScrape?: () => void;
  /** Each /health check's own limit; the whole answer stays under 2 s. */
  healthCheckMs?: number;
}

/** The HTTP surface: Discord's interactions endpoint, a health check and Prometheus metrics. */
export function createApp(deps: AppDeps): Hono<InteractionEnv> {
  const app = new Hono<InteractionEnv>();
  const { metrics } = deps;

  app.post('/interactions', verifyDiscordRequest(deps.publicKey), (c) => {
    const end = metrics.ackSeconds.startTimer();
    try {
      return c.json(dispatchInteraction(deps.dispatch, c.get('interaction')));
    } catch (err) {
      // A signed but malformed interaction: still a valid answer for Discord, never a 500.
      deps.dispatch.log.warn({ err: describeError(err) }, 'could not handle interaction');
      metrics.interactions.inc({ type: 'malformed', outcome: 'error' });
      return c.json(MALFORMED);
    } finally {
      end();
    }
  });

  app.get('/health', async (c) => {
    const { database, chroma, ollama } = await checkAll(deps.health, deps.healthCheckMs ?? 1500);
    const checks = { database, chroma, ollama };
    const ok = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ok ? 'ok' : 'degraded', checks }, ok ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    metrics.queueDepth.set(deps.dispatch.ask.limiter.queued);
    metrics.activeAnswers.set(deps.dispatch.ask.limiter.active);
    deps.beforeScrape?.();
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    // Never a stack trace to the caller; Discord gets a valid (if apologetic) answer shape elsewhere.
    deps.dispatch.log.error({ err: describeError(err), path: c.req.path }, 'unhandled request error');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
