import type { ChannelClient, SendBody } from '../discord/channels';

/**
 * Posts an answer's parts in a post as the bot: the first as a reply to the question, the buttons
 * on the last. Never twice, whatever crashes: parts an earlier attempt posted (`existing`, found in
 * the post or saved) are edited instead, every new part is sent with a nonce Discord enforces (a
 * repeat returns the first message), and the ids are saved after each part. Parts left over from a
 * longer earlier attempt are deleted. Resolves to the parts' message ids, in order.
 * https://discord.com/developers/docs/resources/message#create-message-jsonform-params
 */
export async function postParts(
  client: ChannelClient,
  opts: {
    channelId: string;
    replyTo: string;
    parts: readonly string[];
    components: NonNullable<SendBody['components']>;
    /** Unique per post and purpose; the part's number is appended (a nonce is at most 25 characters). */
    noncePrefix: string;
    existing: readonly string[];
    save(ids: string[]): Promise<void>;
  },
): Promise<string[]> {
  const ids: string[] = [];
  const last = opts.parts.length - 1;
  for (const [i, content] of opts.parts.entries()) {
    // Buttons only on the last part: an earlier last part loses its own.
    const components = i === last ? opts.components : [];
    const earlier = opts.existing[i];
    if (earlier !== undefined) {
      await client.edit(opts.channelId, earlier, { content, components });
      ids.push(earlier);
    } else {
      const sent = await client.send(opts.channelId, {
        content,
        components,
        nonce: `${opts.noncePrefix}${i}`,
        ...(i === 0 ? { replyTo: opts.replyTo } : {}),
      });
      // A repeated nonce returns the message of an earlier attempt, with its own text.
      if (sent.content !== content) await client.edit(opts.channelId, sent.id, { content, components });
      ids.push(sent.id);
    }
    await opts.save([...ids, ...opts.existing.slice(ids.length)]);
  }
  for (const extra of opts.existing.slice(opts.parts.length)) await client.delete(opts.channelId, extra);
  return ids;
}
