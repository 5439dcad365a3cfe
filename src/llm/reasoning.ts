/**
 * Models that reason before they answer (qwen3, deepseek-r1, gpt-oss): which `think` value to send
 * Ollama for the OLLAMA_THINK setting, and the answer's text without reasoning that arrived inline.
 * Pure functions; chat.ts applies them to each stream.
 * https://docs.ollama.com/capabilities/thinking
 */
import type { ThinkSetting } from '../config';

/** Ollama's `think` field: a boolean, or a level for models that take levels. */
export type ThinkValue = boolean | 'low' | 'medium' | 'high';

/**
 * Models that take reasoning levels and cannot stop reasoning: Ollama ignores `think: true/false`
 * for them (gpt-oss reasons at "medium" then), so "off" is sent as their lowest level.
 */
export function takesThinkLevels(model: string): boolean {
  return /(^|\/)gpt-oss/i.test(model);
}

/**
 * The `think` sent with an answer for the OLLAMA_THINK setting: for level models (gpt-oss) a level
 * ("low" for off, "medium" for on); for the others a boolean (any level means on). Models that
 * cannot reason refuse `true` (400 "does not support thinking"): chat.ts then sends none.
 */
export function thinkValueFor(setting: ThinkSetting, model: string): ThinkValue {
  if (takesThinkLevels(model)) return setting === false ? 'low' : setting === true ? 'medium' : setting;
  return setting !== false;
}

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * The answer's visible part of streamed `content`, and whether reasoning came in it: older Ollama,
 * and models whose template Ollama does not parse, send the reasoning inline as
 * `<think>…</think>` before the answer. While that block is open nothing is visible (the text so
 * far may also be the start of `<think>`, so it is held back until it is not).
 */
export function visibleContent(raw: string): { text: string; reasoning: boolean } {
  const start = raw.trimStart();
  if (start.startsWith(OPEN)) {
    const end = start.indexOf(CLOSE);
    if (end < 0) return { text: '', reasoning: true };
    return { text: start.slice(end + CLOSE.length).trimStart(), reasoning: true };
  }
  if (start.length < OPEN.length && OPEN.startsWith(start)) return { text: '', reasoning: false };
  return { text: raw, reasoning: false };
}

/** Ollama's 400 for `think` sent to a model that cannot reason. */
export const isThinkUnsupported = (message: string): boolean => /does not support thinking/i.test(message);

/** Ollama's 400 for a `think` level a model does not take (a toggle model given "medium"). */
export const isThinkValueRefused = (message: string): boolean =>
  /think value .* is not supported|invalid think value/i.test(message);
