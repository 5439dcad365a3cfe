/**
 * The Ollama stand-in as a process of its own, so that a test can kill it the way a GPU box dies
 * (SIGKILL: its connections are reset mid-stream by the kernel). Prints `{"url": …}` once it
 * listens, then one line per chat: `chat start` and `chat end`. Its answers: STANDIN_CHUNKS pieces
 * of "word " (default 30), STANDIN_CHUNK_DELAY_MS apart (default 50), ending with " [1].".
 */
import { startOllamaStandIn } from './ollama';

const chunks = Number(process.env.STANDIN_CHUNKS ?? 30);
const delay = Number(process.env.STANDIN_CHUNK_DELAY_MS ?? 50);
const standIn = await startOllamaStandIn();
standIn.chatScript = () => {
  process.stdout.write('chat start\n');
  return { chunks: [...Array.from({ length: chunks }, () => 'word '), '[1].'], chunkDelayMs: delay };
};
const seen = new WeakSet<object>();
setInterval(() => {
  for (const r of standIn.requests) {
    if (r.path === '/api/chat' && r.status !== undefined && !seen.has(r)) {
      seen.add(r);
      process.stdout.write('chat end\n');
    }
  }
}, 10);
process.stdout.write(`${JSON.stringify({ url: standIn.url })}\n`);
