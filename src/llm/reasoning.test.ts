import { describe, expect, it } from 'vitest';
import { takesThinkLevels, thinkValueFor, visibleContent } from './reasoning';

describe('thinkValueFor: OLLAMA_THINK as Ollama takes it', () => {
  it.each([
    [false, 'qwen3:8b', false],
    [true, 'qwen3:8b', true],
    ['high', 'deepseek-r1:7b', true],
    [false, 'llama3.2:3b', false],
    [false, 'gpt-oss:20b', 'low'],
    [true, 'gpt-oss:20b', 'medium'],
    ['high', 'gpt-oss:120b', 'high'],
    ['low', 'hf.co/openai/gpt-oss-20b-GGUF:Q4_K_M', 'low'],
  ] as const)('%s for %s → %s', (setting, model, sent) => {
    expect(thinkValueFor(setting, model)).toBe(sent);
  });

  it('knows which models take levels', () => {
    expect(takesThinkLevels('gpt-oss')).toBe(true);
    expect(takesThinkLevels('qwen3:8b')).toBe(false);
    expect(takesThinkLevels('my-gpt-ossified:1b')).toBe(false);
  });
});

describe('visibleContent: inline reasoning never shows', () => {
  it.each([
    ['', '', false],
    ['<', '', false],
    ['<thi', '', false],
    ['<think>', '', true],
    ['<think>\nlet me see', '', true],
    ['<think>\nlet me see\n</think>\n\nThe answer', 'The answer', true],
    ['  <think>a</think>b', 'b', true],
    [
      'The answer <think>is not reasoning here</think>',
      'The answer <think>is not reasoning here</think>',
      false,
    ],
    ['<b>bold</b>', '<b>bold</b>', false],
    ['Plain', 'Plain', false],
  ])('%j → %j', (raw, text, reasoning) => {
    expect(visibleContent(raw)).toEqual({ text, reasoning });
  });
});
