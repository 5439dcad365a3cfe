import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { describeError } from '../errors';
import { commonText } from '../i18n/messages/common';
import { type AcknowledgeDeps, acknowledge } from '../interactions/dispatch';
import type { Logger } from '../log';
import { type InteractionEnv, interactionBodyLimit, verifyDiscordRequest } from './verify';

/** The answer to an interaction that could not be handled, in its sender's language when it has one. */
const malformed = (interaction: unknown) => {
  const locale =
    typeof interaction === 'object' && interaction !== null && 'locale' in interaction
      ? String(interaction.locale)
      : undefined;
  return {
    type: 4,
    data: { content: commonText.format(locale, 'malformed'), flags: 64, allowed_mentions: { parse: [] } },
  };
};

/** GET /health's body: each check "ok" or a short reason, plus the Ollama hosts' detail. */
export interface HealthReport {
  checks: { database: string; chroma: string; ollama: string };
  ollamaHosts?: unknown[];
}

export interface AppDeps {
  /** The interactions endpoint; absent in a worker process, which serves /health and /metrics only. */
  interactions?: { publicKey: KeyObject; ack: AcknowledgeDeps } | undefined;
  /** The health checks, each bounded so the whole answer comes within 2 s. */
  health(): Promise<HealthReport>;
  /** Prometheus text of this process (and its worker thread). */
  metrics(): Promise<{ contentType: string; text: string }>;
  log: Logger;
}

/** The HTTP surface: Discord's interactions endpoint, a health check and Prometheus metrics. */
export function createApp(deps: AppDeps): Hono<InteractionEnv> {
  const app = new Hono<InteractionEnv>();
  const endpoint = deps.interactions;
  if (endpoint !== undefined) {
    const { ack } = endpoint;
    app.post('/interactions', interactionBodyLimit(), verifyDiscordRequest(endpoint.publicKey), async (c) => {
      const end = ack.metrics.ackSeconds.startTimer();
      try {
        return c.json(await acknowledge(ack, c.get('interaction')));
      } catch (err) {
        // A signed but malformed interaction: still a valid answer for Discord, never a 500.
        deps.log.warn({ err: describeError(err) }, 'could not handle interaction');
        ack.metrics.interactions.inc({ type: 'malformed', outcome: 'error' });
        return c.json(malformed(c.get('interaction')));
      } finally {
        end();
      }
    });
  }
  app.get('/health', async (c) => {
    const report = await deps.health();
    const ok = Object.values(report.checks).every((v) => v === 'ok');
    return c.json({ status: ok ? 'ok' : 'degraded', ...report }, ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const { contentType, text } = await deps.metrics();
    return c.text(text, 200, { 'Content-Type': contentType });
  });
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    // Never a stack trace to the caller.
    deps.log.error({ err: describeError(err), path: c.req.path }, 'unhandled request error');
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
