import type { Settings } from '../config';
import { checkChroma, checkOllama, type HealthDeps } from '../health';
import type { Logger } from '../log';
import { displayUrl } from '../net/url-credentials';

/** How long the start-up probes wait for each peer (ms); readiness never waits for them. */
export const START_PROBE_MS = 5_000;

/** What an answer loses without each model. */
const COST = {
  chat: 'questions get the most relevant messages without a written answer',
  embed: 'new messages are stored but not embedded, and questions use keyword search only',
};

/**
 * The problems an admin should hear about once, at start, each as one sentence with what to do:
 * no bot token (and what that costs), each Ollama host that does not answer, each model not pulled
 * there (with the exact `ollama pull` command), a CHROMA_URL that does not answer. Uses the probes
 * of /health; nothing here stops the service, which degrades as /ask promises.
 */
export async function startWarnings(
  settings: Settings,
  deps: Pick<HealthDeps, 'ollama' | 'vectors'>,
  ms = START_PROBE_MS,
): Promise<string[]> {
  const warnings: string[] = [];
  if (settings.discord.botToken === undefined)
    warnings.push(
      "DISCORD_BOT_TOKEN is not set: members' permissions cannot be read, so each answer searches only the channel it was asked in, and the indexer cannot crawl; set it (Developer Portal → your application → Bot → Reset Token) and restart",
    );
  const [ollama, chroma] = await Promise.all([
    checkOllama({ ...deps, pingDatabase: async () => {} }, ms),
    settings.chroma.url === undefined ? Promise.resolve('ok') : checkChroma(deps.vectors, ms),
  ]);
  for (const host of ollama.hosts) {
    if (host.reachable !== 'ok') {
      const why =
        host.reachable === 'timeout' ? `did not answer within ${ms / 1000} s` : `is ${host.reachable}`;
      warnings.push(
        `Ollama at ${host.url} ${why}: until it answers, ${COST.chat}; start it there (ollama serve) or correct OLLAMA_HOST`,
      );
      continue;
    }
    for (const [i, model] of host.models.entries()) {
      if (model.present) continue;
      const which =
        i === 0 ? 'the chat model (OLLAMA_CHAT_MODEL)' : 'the embedding model (OLLAMA_EMBED_MODEL)';
      warnings.push(
        `${which} ${model.name} is not pulled on Ollama at ${host.url}: ${i === 0 ? COST.chat : COST.embed}; run \`ollama pull ${model.name}\` there`,
      );
    }
  }
  if (chroma !== 'ok' && settings.chroma.url !== undefined)
    warnings.push(
      `Chroma at ${displayUrl(settings.chroma.url)} ${chroma === 'timeout' ? `did not answer within ${ms / 1000} s` : `is ${chroma}`}: answers use keyword search only until it answers; start it or correct CHROMA_URL`,
    );
  return warnings;
}

/** Logs each start-up warning once, in the background: the caller does not wait for the probes. */
export function warnAtStart(
  settings: Settings,
  deps: Pick<HealthDeps, 'ollama' | 'vectors'>,
  log: Logger,
): void {
  startWarnings(settings, deps).then(
    (warnings) => {
      for (const message of warnings) log.warn({ check: 'start' }, message);
    },
    (err: unknown) => log.warn({ err: String(err) }, 'start-up checks failed'),
  );
}
