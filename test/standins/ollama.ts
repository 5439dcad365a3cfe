/**
 * In-process stand-in for the Ollama HTTP API (the parts this bot uses), speaking the real wire
 * protocol so that the `ollama` JS client can be pointed at it: new Ollama({ host: standin.url }).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  closeServer,
  isRecord,
  readJson,
  type StartedServer,
  sendJson,
  sendText,
  sleep,
  startServer,
} from './http';

/**
 * How the stand-in answers inference requests: `error500` as Ollama does when its runner dies (JSON
 * `{error: errorMessage}`), `gateway502` as a reverse proxy in front of it does (`errorMessage` as
 * text/plain).
 */
export type OllamaMode = 'ok' | 'refuse' | 'error500' | 'gateway502' | 'hang' | 'busy503';

const DEFAULT_ERROR = 'llama runner process has terminated';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatScriptRequest {
  model: string;
  messages: ChatMessage[];
  options?: Record<string, unknown>;
  /** `think` as the client sent it. */
  think?: unknown;
}

export interface ChatScript {
  chunks: string[];
  /**
   * The reasoning a thinking model (qwen3, deepseek-r1, gpt-oss) writes before `chunks`, one token
   * a piece. Streamed as `message.thinking` when the request enables thinking (or, for gpt-oss,
   * always: it cannot be turned off), as `<think>…</think>` at the start of `content` when a
   * toggle model gets no `think` at all (Ollama's behaviour for clients that predate the field),
   * and not at all for other models or `think: false`. Counts against `num_predict`.
   */
  thinking?: string[];
  chunkDelayMs?: number;
  firstTokenDelayMs?: number;
  /** after `index` chunks, emit `{"error": message}` as a line and end without `done` (index 0 → HTTP 500) */
  errorAfterChunks?: { index: number; message: string };
  /** after `index` streamed pieces (reasoning included), the host dies: the connection is destroyed mid-body */
  dieAfterChunks?: number;
  /** after `index` streamed pieces (reasoning included), nothing is sent for `ms` (a stalled host) */
  pauseAfterChunks?: { index: number; ms: number };
}

/**
 * How a model family reasons, as Ollama serves it: `toggle` models (qwen3, deepseek-r1) take
 * `think: true/false`; `levels` models (gpt-oss) take "low", "medium" or "high", ignore a boolean
 * and always reason. Undefined: the model cannot think (`think: true` is a 400).
 * https://docs.ollama.com/capabilities/thinking
 */
export function thinkingStyle(model: string): 'toggle' | 'levels' | undefined {
  if (/gpt-oss/i.test(model)) return 'levels';
  if (/qwen3|deepseek-r1|magistral/i.test(model)) return 'toggle';
  return undefined;
}

/** Go's time.ParseDuration, as Ollama reads `keep_alive`, in ms; undefined when invalid. */
export function goDurationMs(text: string): number | undefined {
  const m = /^([-+]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!m) return undefined;
  const unit: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    μs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (unit[part[2] ?? ''] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}

export interface RecordedOllamaRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
  /** set to true when the client went away before the response was finished */
  aborted?: boolean;
  /** the HTTP status of the answer, once it was sent */
  status?: number;
}

export interface RecordedChatRequest {
  model: string;
  messages: ChatMessage[];
  options?: Record<string, unknown>;
  stream?: boolean;
  /** Ollama's `think` as sent (absent when the client sent none). */
  think?: unknown;
  /** `keep_alive` as sent (absent when the client sent none). */
  keep_alive?: unknown;
}

export interface OllamaStandIn {
  url: string;
  models: Set<string>;
  loaded: Set<string>;
  /** When each loaded model unloads (ms since the epoch), from the requests' `keep_alive` (default 5m). */
  expiresAt: Map<string, number>;
  dimension: number;
  embedDelayMs: number;
  /** See {@link OllamaStandInOptions.embedContextTokens}; may be changed between requests. */
  embedContextTokens: number | undefined;
  chatScript: (req: ChatScriptRequest) => ChatScript;
  /** See {@link OllamaStandInOptions.numParallel}; may be changed between requests. */
  numParallel: number | undefined;
  /**
   * Behave like Ollama before 0.9 (no `think` field): `think` is ignored, a toggle model's
   * reasoning arrives inline as `<think>…</think>` at the start of `content`, gpt-oss's separately.
   */
  legacyThink: boolean;
  mode: OllamaMode;
  /** The error text of the `error500` and `gateway502` modes. */
  errorMessage: string;
  requests: RecordedOllamaRequest[];
  chatRequests(): RecordedChatRequest[];
  close(): Promise<void>;
}

export interface OllamaStandInOptions {
  models?: Iterable<string>;
  dimension?: number;
  embedDelayMs?: number;
  /**
   * Behave like Ollama 0.13.5 and later with an embedding model of this context (in
   * {@link standInContextTokens}): any `/api/embed` input longer than it gets 400 `the input length
   * exceeds the context length` for the whole request, whatever `truncate` says
   * (ollama/ollama#14186). `/api/show` and `/api/ps` report it as the embedding models' context.
   * Unset: only `truncate: false` inputs over 8192 tokens are refused, as older Ollama does.
   */
  embedContextTokens?: number;
  chatScript?: (req: ChatScriptRequest) => ChatScript;
  /**
   * Chats generated at once, as Ollama's OLLAMA_NUM_PARALLEL: the others wait in arrival order
   * (their first token comes only when a slot frees). Unset: every chat at once.
   */
  numParallel?: number;
  mode?: OllamaMode;
}

export const DEFAULT_CHAT_SCRIPT = (): ChatScript => ({ chunks: ['Stand-in', ' answer', '.'] });

const CONTEXT_LENGTH = 8192;
/** What Ollama shows as the expiry of a model kept loaded for ever (keep_alive < 0). */
const FOREVER = Date.UTC(2318, 0, 1);
const TEXT_PREFIXES = ['search_document:', 'search_query:'];

// ---------------------------------------------------------------------------------------------
// embeddings

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Lowercased alphanumeric tokens, with an optional leading nomic task prefix removed. */
export function standInTokens(text: string): string[] {
  let t = text.toLowerCase().trimStart();
  for (const p of TEXT_PREFIXES) {
    if (t.startsWith(p)) {
      t = t.slice(p.length);
      break;
    }
  }
  return t.split(/[^\p{L}\p{N}]+/u).filter((s) => s !== '');
}

function rawEmbedding(text: string, dimension: number): number[] {
  const v = new Array<number>(dimension).fill(0);
  for (const tok of standInTokens(text)) {
    const h = fnv1a(tok);
    const i = h % dimension;
    v[i] = (v[i] ?? 0) + (h >>> 31 === 1 ? -1 : 1);
  }
  if (!v.some((x) => x !== 0)) {
    // no tokens (or they cancelled out): fall back to a hash of the whole text so the vector is
    // still non-zero and deterministic
    v[fnv1a(`\u0000${text}`) % dimension] = 1;
  }
  return v;
}

function normalise(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n === 0 ? v : v.map((x) => x / n);
}

/**
 * The stand-in's deterministic embedding: hashed bag of words (lowercase, split on
 * non-alphanumerics, leading 'search_document: ' / 'search_query: ' stripped, FNV-1a into
 * `dimension` buckets with ±1 sign), L2-normalised.
 */
export function standInEmbedding(text: string, dimension: number): number[] {
  return normalise(rawEmbedding(text, dimension));
}

// ---------------------------------------------------------------------------------------------

const normaliseName = (name: string): string => (name.includes(':') ? name : `${name}:latest`);
const isEmbedModel = (name: string): boolean => name.toLowerCase().includes('embed');
const archOf = (name: string): string => (isEmbedModel(name) ? 'nomic-bert' : 'llama');
const digestOf = (name: string): string => createHash('sha256').update(name).digest('hex');
const countTokens = (text: string): number => standInTokens(text).length;

/**
 * The stand-in's count of the tokens an input fills of a model's context, near what real
 * tokenizers give for English: one per up to 5 letters or digits of a word, one per any other
 * visible code point (punctuation, symbols, emoji parts, combining marks). The nomic task prefix
 * counts, as it does for the real model.
 */
export function standInContextTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)) {
    const piece = m[0];
    n += /^[\p{L}\p{N}]/u.test(piece) ? Math.ceil([...piece].length / 5) : 1;
  }
  return n;
}

const LEVELS = ['low', 'medium', 'high'];

/** Thirds of a levels model's reasoning that each `think` value produces (a boolean is ignored: medium). */
function levelShare(think: unknown): number {
  return think === 'low' ? 1 : think === 'high' ? 3 : 2;
}

/** A request's `keep_alive` in ms (negative: for ever), undefined when absent, 'invalid' when Ollama would refuse it. */
function keepAliveOf(v: unknown): number | undefined | 'invalid' {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v < 0 ? -1 : v * 1000;
  if (typeof v === 'string') return goDurationMs(v) ?? 'invalid';
  return 'invalid';
}

const INFERENCE_PATHS = new Set(['/api/chat', '/api/embed', '/api/embeddings', '/api/generate']);

function modelDetails(name: string) {
  const family = archOf(name);
  return {
    parent_model: '',
    format: 'gguf',
    family,
    families: [family],
    parameter_size: isEmbedModel(name) ? '137M' : '3.2B',
    quantization_level: isEmbedModel(name) ? 'F16' : 'Q4_K_M',
  };
}

function modelSize(name: string): number {
  return isEmbedModel(name) ? 274_302_450 : 2_019_393_189;
}

function toChatMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isRecord).map((m) => ({
    ...m,
    role: typeof m.role === 'string' ? m.role : '',
    content: typeof m.content === 'string' ? m.content : '',
  }));
}

/**
 * At most `limit()` responses at once, the rest waiting in arrival order; a slot is held until its
 * response ends or its client goes away. `acquire` resolves false when the client left while waiting.
 */
function slotLimiter(limit: () => number | undefined) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    async acquire(res: ServerResponse): Promise<boolean> {
      const max = limit();
      // Woken by a release, in a microtask: no new request can take the freed slot first.
      if (max !== undefined && running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      if (res.destroyed) {
        release();
        return false;
      }
      res.once('close', release);
      return true;
    },
  };
}

export async function startOllamaStandIn(opts: OllamaStandInOptions = {}): Promise<OllamaStandIn> {
  const requests: RecordedOllamaRequest[] = [];
  let mode: OllamaMode = 'ok';
  const chatSlots = slotLimiter(() => self.numParallel);

  const contextOf = (name: string): number =>
    isEmbedModel(name) ? (self.embedContextTokens ?? CONTEXT_LENGTH) : CONTEXT_LENGTH;

  const findModel = (name: string): string | undefined => {
    const want = normaliseName(name);
    return [...self.models].find((m) => normaliseName(m) === want);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = (req.method ?? 'GET').toUpperCase();
    if (mode === 'refuse') {
      req.socket.destroy();
      return;
    }
    const parsed = await readJson(req);
    const record: RecordedOllamaRequest = {
      method,
      path: url.pathname,
      body: parsed.ok ? parsed.value : parsed.raw,
      at: Date.now(),
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableEnded) record.aborted = true;
    });
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    if (mode === 'hang') return;
    const path = url.pathname;

    if (INFERENCE_PATHS.has(path) && method === 'POST') {
      if (mode === 'error500') {
        sendJson(res, 500, { error: self.errorMessage });
        return;
      }
      if (mode === 'gateway502') {
        sendText(res, 502, self.errorMessage);
        return;
      }
      if (mode === 'busy503') {
        sendJson(res, 503, { error: 'server busy, please try again.  maximum pending requests exceeded' });
        return;
      }
    }

    if (path === '/' && (method === 'GET' || method === 'HEAD')) {
      sendText(res, 200, 'Ollama is running');
      return;
    }
    if (path === '/api/version' && method === 'GET') {
      sendJson(res, 200, { version: '0.12.0' });
      return;
    }
    if (path === '/api/tags' && method === 'GET') {
      sendJson(res, 200, {
        models: [...self.models].map((name) => ({
          name,
          model: name,
          modified_at: '2025-01-01T00:00:00.000000000Z',
          size: modelSize(name),
          digest: digestOf(name),
          details: modelDetails(name),
        })),
      });
      return;
    }
    if (path === '/api/ps' && method === 'GET') {
      const now = Date.now();
      for (const name of [...self.loaded]) {
        if ((self.expiresAt.get(name) ?? Number.POSITIVE_INFINITY) <= now) self.loaded.delete(name);
      }
      sendJson(res, 200, {
        models: [...self.loaded].map((name) => ({
          name,
          model: name,
          size: modelSize(name),
          digest: digestOf(name),
          details: modelDetails(name),
          expires_at: new Date(Math.min(self.expiresAt.get(name) ?? now + 300_000, FOREVER)).toISOString(),
          size_vram: modelSize(name),
          context_length: contextOf(name),
        })),
      });
      return;
    }
    if (method !== 'POST' || !['/api/show', '/api/embed', '/api/embeddings', '/api/chat'].includes(path)) {
      sendText(res, 404, '404 page not found');
      return;
    }

    // POST endpoints with a JSON body
    if (!parsed.ok) {
      sendJson(res, 400, { error: 'invalid character in JSON request body' });
      return;
    }
    if (parsed.empty) {
      sendJson(res, 400, { error: 'missing request body' });
      return;
    }
    const body = parsed.value;
    if (!isRecord(body)) {
      sendJson(res, 400, { error: 'json: cannot unmarshal request body' });
      return;
    }
    const requested = typeof body.model === 'string' ? body.model : '';
    if (requested === '') {
      sendJson(res, 400, { error: 'model is required' });
      return;
    }
    const model = findModel(requested);

    if (path === '/api/show') {
      if (!model) {
        sendJson(res, 404, { error: `model '${requested}' not found` });
        return;
      }
      const arch = archOf(model);
      sendJson(res, 200, {
        modelfile: `# Modelfile generated by the stand-in\nFROM ${model}\n`,
        parameters: isEmbedModel(model) ? `num_ctx ${contextOf(model)}` : 'stop "<|eot_id|>"',
        template: isEmbedModel(model) ? '{{ .Prompt }}' : '{{ .Messages }}',
        details: modelDetails(model),
        model_info: {
          'general.architecture': arch,
          'general.parameter_count': isEmbedModel(model) ? 136_727_040 : 3_212_749_888,
          [`${arch}.context_length`]: contextOf(model),
          [`${arch}.embedding_length`]: isEmbedModel(model) ? self.dimension : 3072,
        },
        capabilities: isEmbedModel(model)
          ? ['embedding']
          : thinkingStyle(model) === undefined
            ? ['completion']
            : ['completion', 'tools', 'thinking'],
        modified_at: '2025-01-01T00:00:00.000000000Z',
      });
      return;
    }

    if (path === '/api/embed' || path === '/api/embeddings') {
      if (!model) {
        sendJson(res, 404, { error: `model "${requested}" not found, try pulling it first` });
        return;
      }
      if (!isEmbedModel(model)) {
        sendJson(res, 400, { error: `"${requested}" does not support embeddings` });
        return;
      }
      const t0 = process.hrtime.bigint();
      const wasLoaded = self.loaded.has(model);
      const keep = keepAliveOf(body.keep_alive);
      if (keep === 'invalid') {
        sendJson(res, 400, { error: 'time: invalid duration' });
        return;
      }
      if (path === '/api/embeddings') {
        const prompt = typeof body.prompt === 'string' ? body.prompt : '';
        if (self.embedDelayMs > 0) await sleep(self.embedDelayMs);
        if (record.aborted) return;
        load(model, keep);
        sendJson(res, 200, { embedding: prompt === '' ? [] : rawEmbedding(prompt, self.dimension) });
        return;
      }
      let inputs: string[];
      const input = body.input;
      if (input === undefined || input === null) {
        inputs = [];
      } else if (typeof input === 'string') {
        inputs = [input];
      } else if (Array.isArray(input) && input.every((x): x is string => typeof x === 'string')) {
        inputs = input;
      } else {
        sendJson(res, 400, { error: 'invalid input type' });
        return;
      }
      if (inputs.some((s) => s === '')) {
        sendJson(res, 400, { error: 'invalid input' });
        return;
      }
      const limit = self.embedContextTokens;
      const tooLong =
        limit === undefined
          ? body.truncate === false && inputs.some((s) => standInContextTokens(s) > CONTEXT_LENGTH)
          : inputs.some((s) => standInContextTokens(s) > limit);
      if (tooLong) {
        sendJson(res, 400, { error: 'the input length exceeds the context length' });
        return;
      }
      if (self.embedDelayMs > 0) await sleep(self.embedDelayMs);
      if (record.aborted) return;
      const dims =
        typeof body.dimensions === 'number' && body.dimensions > 0
          ? Math.min(Math.floor(body.dimensions), self.dimension)
          : self.dimension;
      const embeddings = inputs.map((s) => {
        const v = standInEmbedding(s, self.dimension);
        return dims === self.dimension ? v : normalise(v.slice(0, dims));
      });
      load(model, keep);
      sendJson(res, 200, {
        model: requested,
        embeddings,
        total_duration: Number(process.hrtime.bigint() - t0) + 1000,
        load_duration: wasLoaded ? 100_000 : 1_000_000,
        prompt_eval_count: inputs.reduce((n, s) => n + countTokens(s), 0),
      });
      return;
    }

    // /api/chat
    if (!model) {
      sendJson(res, 404, { error: `model '${requested}' not found` });
      return;
    }
    if (isEmbedModel(model)) {
      sendJson(res, 400, { error: `"${requested}" does not support chat` });
      return;
    }
    const keep = keepAliveOf(body.keep_alive);
    if (keep === 'invalid') {
      sendJson(res, 400, { error: 'time: invalid duration' });
      return;
    }
    // `think` as Ollama checks it: a model that cannot reason refuses true or a level; a toggle
    // model refuses a level; gpt-oss takes a level and ignores a boolean (it always reasons).
    const style = thinkingStyle(model);
    const think = self.legacyThink ? undefined : body.think;
    if (
      think !== undefined &&
      think !== null &&
      typeof think !== 'boolean' &&
      !LEVELS.includes(String(think))
    ) {
      sendJson(res, 400, { error: `invalid think value: ${JSON.stringify(think)}` });
      return;
    }
    if (style === undefined && (think === true || typeof think === 'string')) {
      sendJson(res, 400, { error: `"${requested}" does not support thinking` });
      return;
    }
    if (style === 'toggle' && typeof think === 'string') {
      sendJson(res, 400, { error: `think value "${think}" is not supported for this model` });
      return;
    }
    const messages = toChatMessages(body.messages);
    const stream = body.stream !== false;
    const createdAt = () => new Date().toISOString();
    const t0 = process.hrtime.bigint();
    const wasLoaded = self.loaded.has(model);
    if (messages.length === 0) {
      load(model, keep);
      sendJson(res, 200, {
        model: requested,
        created_at: createdAt(),
        message: { role: 'assistant', content: '' },
        done_reason: keep === 0 ? 'unload' : 'load',
        done: true,
      });
      return;
    }
    const options = isRecord(body.options) ? body.options : undefined;
    const script = self.chatScript({
      model: requested,
      messages,
      ...(options ? { options } : {}),
      ...(think === undefined ? {} : { think }),
    });
    // The pieces the model generates, each one token: its reasoning (as Ollama hands it out), then the answer.
    const reasoning = script.thinking ?? [];
    const shown =
      style === 'levels'
        ? reasoning.slice(0, Math.ceil((reasoning.length * levelShare(think)) / 3))
        : style === 'toggle' && think !== false
          ? reasoning
          : [];
    const inline = style === 'toggle' && think === undefined && shown.length > 0;
    type Piece = { kind: 'thinking' | 'content'; text: string };
    let pieces: Piece[] = [
      ...(inline
        ? [
            { kind: 'content' as const, text: '<think>\n' },
            ...shown.map((text) => ({ kind: 'content' as const, text })),
            { kind: 'content' as const, text: '\n</think>\n\n' },
          ]
        : shown.map((text) => ({ kind: 'thinking' as const, text }))),
      ...script.chunks.map((text) => ({ kind: 'content' as const, text })),
    ];
    let doneReason = 'stop';
    const numPredict = options?.num_predict;
    if (typeof numPredict === 'number' && numPredict >= 0 && pieces.length > numPredict) {
      pieces = pieces.slice(0, numPredict);
      doneReason = 'length';
    }
    const err = script.errorAfterChunks;
    if (err && err.index <= 0) {
      if (script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
      if (!record.aborted) sendJson(res, 500, { error: err.message });
      return;
    }
    if (!(await chatSlots.acquire(res))) return;
    const promptTokens = messages.reduce((n, m) => n + countTokens(m.content), 0);
    const final = (message: Record<string, unknown>, evalCount: number) => {
      const total = Number(process.hrtime.bigint() - t0) + 1000;
      const load = wasLoaded ? 100_000 : 1_000_000;
      return {
        model: requested,
        created_at: createdAt(),
        message: { role: 'assistant', content: '', ...message },
        done_reason: doneReason,
        done: true,
        total_duration: total,
        load_duration: load,
        prompt_eval_count: promptTokens,
        prompt_eval_duration: Math.floor((total - load) / 4),
        eval_count: evalCount,
        eval_duration: Math.floor((total - load) / 2),
      };
    };
    load(model, keep);

    if (!stream) {
      const n = err ? Math.min(err.index, pieces.length) : pieces.length;
      const wait = (script.firstTokenDelayMs ?? 0) + (script.chunkDelayMs ?? 0) * Math.max(0, n - 1);
      if (wait > 0) await sleep(wait);
      if (record.aborted) return;
      if (err) {
        sendJson(res, 500, { error: err.message });
        return;
      }
      const text = (kind: Piece['kind']) =>
        pieces
          .filter((p) => p.kind === kind)
          .map((p) => p.text)
          .join('');
      const thought = text('thinking');
      sendJson(
        res,
        200,
        final({ content: text('content'), ...(thought ? { thinking: thought } : {}) }, pieces.length),
      );
      return;
    }

    if (script.firstTokenDelayMs) await sleep(script.firstTokenDelayMs);
    if (record.aborted) return;
    // like the real server, headers go out with the first chunk
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    const line = (obj: unknown) => res.write(`${JSON.stringify(obj)}\n`);
    /** The host dies: what was written reaches the client, then the connection is reset mid-body. */
    const die = async () => {
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      res.socket?.resetAndDestroy();
    };
    let sent = 0;
    let contentSent = 0;
    for (const [i, piece] of pieces.entries()) {
      if (err && contentSent >= err.index) break;
      if (script.dieAfterChunks !== undefined && sent >= script.dieAfterChunks) {
        await die();
        return;
      }
      if (script.pauseAfterChunks !== undefined && sent === script.pauseAfterChunks.index && sent > 0) {
        await sleep(script.pauseAfterChunks.ms);
      }
      if (i > 0 && script.chunkDelayMs) await sleep(script.chunkDelayMs);
      if (record.aborted) return;
      line({
        model: requested,
        created_at: createdAt(),
        message:
          piece.kind === 'thinking'
            ? { role: 'assistant', content: '', thinking: piece.text }
            : { role: 'assistant', content: piece.text },
        done: false,
      });
      sent++;
      if (piece.kind === 'content') contentSent++;
    }
    if (script.dieAfterChunks !== undefined && sent >= script.dieAfterChunks) {
      await die();
      return;
    }
    if (record.aborted) return;
    if (err) {
      if (script.chunkDelayMs) await sleep(script.chunkDelayMs);
      if (record.aborted) return;
      line({ error: err.message });
      res.end();
      return;
    }
    line(final({}, sent));
    res.end();
  };

  /** Marks `model` loaded until `keep` from now (Ollama's keep_alive; 0 unloads it). */
  const load = (model: string, keep: number | undefined) => {
    const ms = keep ?? 5 * 60_000;
    if (ms === 0) {
      self.loaded.delete(model);
      self.expiresAt.delete(model);
      return;
    }
    self.loaded.add(model);
    self.expiresAt.set(model, ms < 0 ? FOREVER : Date.now() + ms);
  };

  const started: StartedServer = await startServer(handler);
  const { port } = started;

  const applyMode = (next: OllamaMode) => {
    const prev = mode;
    mode = next;
    const s = started;
    if (next === 'refuse' && prev !== 'refuse') {
      // stop listening (new connections get ECONNREFUSED) and drop pooled keep-alive sockets
      if (s.server.listening) s.server.close();
      s.server.closeAllConnections();
      for (const sock of s.sockets) sock.destroy();
    } else if (next !== 'refuse' && prev === 'refuse' && !s.server.listening) {
      s.server.listen(port, '127.0.0.1');
    }
  };

  const self: OllamaStandIn = {
    url: started.url,
    models: new Set(opts.models ?? ['llama3.2:3b', 'nomic-embed-text:latest']),
    loaded: new Set(),
    expiresAt: new Map(),
    dimension: opts.dimension ?? 64,
    embedDelayMs: opts.embedDelayMs ?? 0,
    embedContextTokens: opts.embedContextTokens,
    chatScript: opts.chatScript ?? DEFAULT_CHAT_SCRIPT,
    numParallel: opts.numParallel,
    legacyThink: false,
    errorMessage: DEFAULT_ERROR,
    get mode(): OllamaMode {
      return mode;
    },
    set mode(next: OllamaMode) {
      applyMode(next);
    },
    requests,
    chatRequests() {
      return requests
        .filter((r) => r.path === '/api/chat' && isRecord(r.body))
        .map((r) => {
          const b = isRecord(r.body) ? r.body : {};
          return {
            model: typeof b.model === 'string' ? b.model : '',
            messages: toChatMessages(b.messages),
            ...(isRecord(b.options) ? { options: b.options } : {}),
            ...(typeof b.stream === 'boolean' ? { stream: b.stream } : {}),
            ...('think' in b ? { think: b.think } : {}),
            ...('keep_alive' in b ? { keep_alive: b.keep_alive } : {}),
          };
        });
    },
    close: () => closeServer(started),
  };
  if (opts.mode) self.mode = opts.mode;
  return self;
}
