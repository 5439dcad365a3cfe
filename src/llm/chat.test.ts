import { afterEach, describe, expect, it } from 'vitest';
import { type OllamaStandIn, startOllamaStandIn } from '../../test/standins/ollama';
import { createOllamaChat } from './chat';

let standIn: OllamaStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const chatOn = async (maxTokens?: number) => {
  standIn = await startOllamaStandIn();
  return createOllamaChat({
    host: standIn.url,
    model: 'llama3.2:3b',
    numCtx: 2048,
    firstTokenTimeoutMs: 10_000,
    ...(maxTokens === undefined ? {} : { maxTokens }),
  });
};
const sentOptions = () => standIn?.chatRequests().at(-1)?.options;
const question = [{ role: 'user' as const, content: 'hello there' }];

describe('createOllamaChat', () => {
  it('sends num_ctx and the num_predict it is given, and returns prompt_eval_count', async () => {
    const chat = await chatOn();
    const result = await chat.chat(question, { numPredict: 300 });
    expect(sentOptions()).toMatchObject({ num_ctx: 2048, num_predict: 300 });
    expect(result.text).toBe('Stand-in answer.');
    expect(result.evalCount).toBe(3);
    // The stand-in reports a positive prompt count, as Ollama does for an uncached prompt.
    expect(result.promptEvalCount).toBeGreaterThan(0);
  });

  it.each([
    [undefined, undefined, 1024],
    [undefined, 500, 500],
    [300, 500, 300],
    [5000, undefined, 2048],
    [0, undefined, 1],
    [-1, undefined, 1],
    [12.7, undefined, 12],
  ])(
    'numPredict %s with maxTokens %s sends num_predict %i (within num_ctx 2048)',
    async (numPredict, maxTokens, sent) => {
      const chat = await chatOn(maxTokens);
      await chat.chat(question, numPredict === undefined ? {} : { numPredict });
      expect(sentOptions()).toMatchObject({ num_predict: sent });
    },
  );
});
