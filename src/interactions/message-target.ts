/**
 * "Ask about this message": what the target says, built the way the indexer builds a message's
 * searchable text (text/searchable-text.ts), since Discord keeps much of a message outside
 * `content`: a poll, a forward's snapshot, an embed's title, a components-only bot message, a
 * sticker, a file name.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { INDEXED_MESSAGE_TYPES, type WireMessage, wireMessageParts } from '../discord/message-parts';
import { searchableText } from '../text/searchable-text';

/** Discord's THREAD_STARTER_MESSAGE: its own content is empty; the message it points at is the start. */
const THREAD_STARTER_MESSAGE = 21;

/**
 * The target's text as the index would hold it, or undefined when there is nothing to ask about
 * (the reply then says so: ask catalogue, `nothingToAskAbout`): a
 * system notice (joins, pins, boosts: the indexer does not store those either) or a message whose
 * every part is empty. A thread's starter notice is read through the message it points at.
 * @see https://discord.com/developers/docs/resources/message#message-object-message-types
 */
export function targetText(m: APIMessage): string | undefined {
  const wire = m as unknown as WireMessage;
  // Discord always sends `type`; a message without one is read as DEFAULT.
  if (!INDEXED_MESSAGE_TYPES.has(wire.type ?? 0)) return undefined;
  const referenced = (m as { referenced_message?: APIMessage | null }).referenced_message;
  const source =
    wire.type === THREAD_STARTER_MESSAGE && referenced ? (referenced as unknown as WireMessage) : wire;
  const text = searchableText(wireMessageParts(source));
  return text.trim() === '' ? undefined : text;
}
