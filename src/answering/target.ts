/**
 * "Ask about this message": the target's own conversation, which the answer must see whatever the
 * search finds (its replies, what it replied to, its thread or forum post).
 */
import { type AcceptedAnswers, expandConversations } from '../retrieval/expand';
import { inScope } from '../retrieval/overfetch';
import type { Source } from '../retrieval/search';
import type { SearchScope, Store, StoredMessage } from '../store/types';

/** Replies to a target that is not stored (or not readable), taken as its conversation's hits. */
const MAX_REPLY_SEEDS = 5;

/**
 * The conversation of the message asked about, as sources that come before any found by search:
 * the stored target (when the asker may read it) and everything its links bring, or, when it is
 * not stored or not readable, the conversations of the replies it got. Every message is checked
 * against `scope`. `stored` is the target's stored row when it is readable (its searchable text
 * is what retrieval then searches for).
 */
export async function targetConversation(
  deps: { store: Store; acceptedAnswers?: AcceptedAnswers | undefined },
  scope: SearchScope,
  targetId: string,
): Promise<{ sources: Source[]; stored: StoredMessage | undefined }> {
  const ok = inScope(scope, new Set(scope.channelIds));
  const [row] = await deps.store.messages.byIds([targetId]);
  const stored = row !== undefined && ok(row) ? row : undefined;
  const seeds =
    stored !== undefined
      ? [stored]
      : (await deps.store.messages.replies(targetId, MAX_REPLY_SEEDS)).filter(ok);
  const sources = await expandConversations(
    deps,
    scope,
    seeds.map((message, i) => ({ message, score: 1 / (i + 1) })),
    { limit: seeds.length, around: 2 },
  );
  return { sources, stored };
}
