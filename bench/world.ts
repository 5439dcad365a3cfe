/**
 * What the product talks to in the process benchmarks: the Discord stand-in holding the bench guild
 * (its roles and 200 channels, which the workers read for every asker's scope), the Ollama
 * stand-ins (streaming the answers, embedding the questions), and the application's signing key.
 * Also the settings of `npm start` that point at them, and signed interactions of distinct members.
 */
import { createSigner } from '../test/sign';
import { type DiscordStandIn, startDiscordStandIn } from '../test/standins/discord';
import { type ChatScript, type OllamaStandIn, startOllamaStandIn } from '../test/standins/ollama';
import { type Corpus, DIMENSION, GUILD_ID, OWNER_ID, prng, questionFor } from './corpus';
import type { SearchSet } from './indexing';
import { nextMemberId, type SignedRequest, signedAsk, signedPing } from './interactions';
import type { Cleanup } from './processes';

const VIEW_HISTORY_SEND = String((1n << 10n) | (1n << 16n) | (1n << 11n));

/** The model's answer: `chunks` pieces, `chunkDelayMs` apart (0: all at once). */
export const streaming = (chunks: number, chunkDelayMs: number) => (): ChatScript => ({
  chunks: Array.from({ length: chunks }, (_, i) => (i === 0 ? 'From the history [1]:' : ` word${i}`)),
  chunkDelayMs,
});

export interface World {
  discord: DiscordStandIn;
  /** The first Ollama stand-in; `ollamaHosts` holds every one. */
  ollama: OllamaStandIn;
  ollamaHosts: OllamaStandIn[];
  applicationId: string;
  publicKeyHex: string;
  /** Settings for `npm start` against the stand-ins, the search set's Chroma collection and `database`. */
  env(extra: Record<string, string>): Record<string, string>;
  /** A signed `/ask` from a member of its own, on a question made of words of the search set. */
  ask(): SignedRequest;
  ping(): SignedRequest;
  /** True once the interaction's reply got its final answer (the edit that carries the buttons). */
  answered(token: string): boolean;
  /** True once the reply got any final edit (answer, or a sentence saying why there is none). */
  ended(token: string): boolean;
  /** When the stand-in received the first edit of `token`'s reply at or after `from` (ms since epoch). */
  firstEditAt(token: string, from: number): number | undefined;
  /** When it received the last edit of `token`'s reply. */
  lastEditAt(token: string): number | undefined;
}

export async function startWorld(opts: {
  corpus: Corpus;
  set: SearchSet;
  chromaUrl: string;
  /** Ollama hosts to start (each a stand-in of its own). */
  hosts?: number;
  cleanup: Cleanup;
}): Promise<World> {
  const { cleanup } = opts;
  const discord = await startDiscordStandIn();
  cleanup.add('Discord stand-in', () => discord.close());
  const ollamaHosts: OllamaStandIn[] = [];
  for (let i = 0; i < (opts.hosts ?? 2); i++) {
    const o = await startOllamaStandIn({ dimension: DIMENSION });
    cleanup.add('Ollama stand-in', () => o.close());
    ollamaHosts.push(o);
  }
  discord.addGuild({
    id: GUILD_ID,
    ownerId: OWNER_ID,
    roles: [{ id: GUILD_ID, permissions: VIEW_HISTORY_SEND }],
  });
  for (const c of opts.corpus.channels)
    discord.addChannel({ id: c.id, guildId: GUILD_ID, type: 0, name: c.name });
  const signer = createSigner();
  const applicationId = discord.applicationId;
  const rand = prng(11);
  const channelOf = () => opts.corpus.channels[Math.floor(rand() * opts.corpus.channels.length)]?.id ?? '';
  const edits = (token: string) => discord.webhookMessages.get(token)?.edits ?? [];
  const isFinal = (e: Record<string, unknown> | undefined) => {
    const content = typeof e?.content === 'string' ? e.content : '';
    return Array.isArray(e?.components) || (content !== '' && !content.endsWith('…'));
  };
  const patchTimes = (token: string) =>
    discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes(token)).map((r) => r.at);
  const [first] = ollamaHosts;
  if (first === undefined) throw new Error('no Ollama stand-in');
  return {
    discord,
    ollama: first,
    ollamaHosts,
    applicationId,
    publicKeyHex: signer.publicKeyHex,
    env: (extra) => ({
      DISCORD_PUBLIC_KEY: signer.publicKeyHex,
      DISCORD_APPLICATION_ID: applicationId,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_API_URL: discord.apiUrl,
      OLLAMA_HOST: first.url,
      CHROMA_URL: opts.chromaUrl,
      CHROMA_COLLECTION: opts.set.collectionPrefix,
      LOG_LEVEL: 'info',
      ...extra,
    }),
    ask: () =>
      signedAsk(
        signer.sign,
        questionFor(opts.set.messages, undefined, rand),
        channelOf(),
        applicationId,
        nextMemberId(),
      ),
    ping: () => signedPing(signer.sign, applicationId),
    answered: (token) => {
      const c = edits(token).at(-1)?.components;
      return Array.isArray(c) && c.length > 0;
    },
    ended: (token) => isFinal(edits(token).at(-1)),
    firstEditAt: (token, from) => patchTimes(token).find((at) => at >= from),
    lastEditAt: (token) => patchTimes(token).at(-1),
  };
}

/** One counter or gauge of a Prometheus text exposition with these labels (any order); 0 when absent. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const head = line.slice(0, line.lastIndexOf(' '));
    if (want.every((w) => head.includes(w))) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}
