import { prng } from '../test/random';
import { snowflakeFromMs } from '../test/standins/discord';
import { standInEmbedding } from '../test/standins/ollama';

/** Embedding width of nomic-embed-text, so Chroma stores and searches vectors of the real size. */
export const DIMENSION = 768;

export const GUILD_ID = '800000000000000001';
export const OWNER_ID = '830000000000000001';
export const MEMBER_ID = '830000000000000002';
const CHANNEL_BASE = 810000000000000000n;
const AUTHOR_BASE = 820000000000000000n;

export { prng };

export interface BenchChannel {
  id: string;
  name: string;
}

export interface BenchMessage {
  id: string;
  channelId: string;
  authorId: string;
  authorName: string;
  content: string;
  createdAt: number;
  /** The message it replies to (a quarter of the messages reply to a recent one of their channel). */
  replyToId?: string | undefined;
}

export interface Corpus {
  channels: BenchChannel[];
  messages: BenchMessage[];
  /** Pseudo-words with a Zipf-like frequency, as in real chat. */
  vocabulary: string[];
}

const SYLLABLES = (
  'ka ri to mu sa ne lo pi da ve fu zo ha ki ru me ta no si be gu ra mo te ji la so wi po na ze ' +
  'du yo ke li ma ro cu fe vi go hu'
).split(' ');

function makeVocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? 'x';
    words.add(w);
  }
  return [...words];
}

/** Samples ranks with weight 1/r^1.1: a few words are everywhere, most are rare. */
function zipfSampler(rand: () => number, size: number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) {
    total += 1 / (r + 1) ** 1.1;
    cumulative[r] = total;
  }
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * `count` messages of one guild spread over `channelCount` channels and 500 authors, in time order
 * over the 300 days before three days ago (so outside the indexer's rescan window). Each channel has
 * its own topic words, so vector search has something to find; a quarter of the messages reply to
 * one of the last 50 of their channel, so that retrieval's walks along reply chains cost what they
 * cost on a real server.
 */
export function generateCorpus(count: number, channelCount = 200, seed = 42): Corpus {
  const rand = prng(seed);
  const vocabulary = makeVocabulary(rand, 5000);
  const zipf = zipfSampler(rand, vocabulary.length);
  const channels = Array.from({ length: channelCount }, (_, i) => ({
    id: String(CHANNEL_BASE + BigInt(i)),
    name: `channel-${i}`,
  }));
  const topics = channels.map(() =>
    Array.from({ length: 40 }, () => vocabulary[200 + Math.floor(rand() * 4800)] ?? 'x'),
  );
  const end = Date.UTC(2026, 0, 1) - 3 * 86_400_000;
  const start = end - 300 * 86_400_000;
  const step = (end - start) / count;
  const messages: BenchMessage[] = [];
  // Reply links come from a generator of their own, so every message's text and place are the same
  // as before they existed (the other benchmarks' figures stay comparable).
  const links = prng(seed + 1);
  const recent = new Map<string, string[]>();
  for (let i = 0; i < count; i++) {
    const c = Math.floor(rand() * channelCount);
    const topic = topics[c] ?? [];
    const length = 4 + Math.floor(rand() * 26);
    const words: string[] = [];
    for (let w = 0; w < length; w++) {
      words.push(
        rand() < 0.3 ? (topic[Math.floor(rand() * topic.length)] ?? 'x') : (vocabulary[zipf()] ?? 'x'),
      );
    }
    const author = Math.floor(rand() * 500);
    const createdAt = Math.floor(start + i * step);
    const id = snowflakeFromMs(createdAt, i % 4096);
    const channelId = channels[c]?.id ?? '';
    const earlier = recent.get(channelId) ?? [];
    const replyToId =
      earlier.length > 0 && links() < 0.25 ? earlier[Math.floor(links() * earlier.length)] : undefined;
    earlier.push(id);
    if (earlier.length > 50) earlier.shift();
    recent.set(channelId, earlier);
    messages.push({
      id,
      channelId,
      authorId: String(AUTHOR_BASE + BigInt(author)),
      authorName: `user${author}`,
      content: `${words.join(' ')}.`,
      createdAt,
      ...(replyToId === undefined ? {} : { replyToId }),
    });
  }
  return { channels, messages, vocabulary };
}

/** `k` distinct channels of the corpus, chosen at random: the asker's readable scope. */
export function pickChannels(corpus: Corpus, k: number, rand: () => number): string[] {
  const ids = corpus.channels.map((c) => c.id);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j] ?? '', ids[i] ?? ''];
  }
  return ids.slice(0, k);
}

/** A question made of a few words of a random message in `channelIds`, as a user half-remembers it. */
export function questionFor(
  messages: BenchMessage[],
  channelIds: Set<string> | undefined,
  rand: () => number,
): string {
  for (let tries = 0; tries < 1000; tries++) {
    const m = messages[Math.floor(rand() * messages.length)];
    if (m === undefined || (channelIds !== undefined && !channelIds.has(m.channelId))) continue;
    const words = m.content.replace(/\.$/, '').split(' ');
    const picked = Array.from(
      { length: 3 + Math.floor(rand() * 3) },
      () => words[Math.floor(rand() * words.length)],
    );
    return `what did people say about ${picked.join(' ')}?`;
  }
  return 'what did people say about anything?';
}

/**
 * The "instant embedder" of the benchmarks: the Ollama stand-in's own embedding function, computed
 * ahead of time for every message (kept as float32 to halve the memory of 100 000 vectors).
 */
export function precomputeVectors(messages: BenchMessage[]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const m of messages) {
    if (!out.has(m.content)) out.set(m.content, Float32Array.from(standInEmbedding(m.content, DIMENSION)));
  }
  return out;
}
