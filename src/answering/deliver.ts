import type { Clock } from '../async';
import { streamingPreview } from '../discord/format';
import type { InteractionReplier, ReplyBody } from '../discord/replies';
import { splitMessage } from '../discord/split';
import { createStreamEditor, type StreamEditor } from '../discord/stream-editor';
import { type ReplyGone, replyGoneOf } from '../discord/token-guard';
import { describeError } from '../errors';
import { answerText } from '../i18n/messages/answer';
import type { Logger } from '../log';

/** In English; the asker reads it in their own language (answer catalogue, `privateNotice`). */
export const PRIVATE_NOTICE = answerText.source.privateNotice;

/** Where an answer's messages go, and what it has posted (so a second attempt can take it back). */
export interface Delivery {
  /**
   * From now on the answer goes to the asker alone: the original (public) reply says so, and an
   * ephemeral follow-up takes the streamed text and the final answer.
   */
  goPrivate(notice: string): Promise<void>;
  /** Shows the text so far (throttled: at most about one edit a second, never two in flight). */
  preview(text: string): void;
  /**
   * The final answer: the first ≤2000-character part replaces the streamed message, the rest
   * follow as follow-up messages; `components` go on the last part.
   */
  finish(text: string, components?: ReplyBody['components']): Promise<void>;
  /**
   * Stops streaming and ends the message that was being streamed into with one sentence; once part
   * of the final answer is out, the sentence follows it instead of replacing it.
   */
  fail(sentence: string): Promise<void>;
  /**
   * True once `finish` has begun sending the final answer: from then on the answer is not started
   * over (a part whose follow-up Discord has not yet confirmed could be shown twice).
   */
  readonly delivering: boolean;
}

export interface DeliveryDeps {
  replier: InteractionReplier;
  clock: Clock;
  log: Logger;
  /** Records the follow-ups posted so far (durably), before anything else is sent. */
  saveFollowUps(ids: string[]): Promise<void>;
  /**
   * The reply is gone (the member deleted it, or the token died): called once, from whichever
   * send found out, streamed edits included, so the caller can stop the answer at once.
   */
  onGone?(gone: ReplyGone): void;
}

/**
 * Delivers one interaction's answer through its token. Every message sent or edited has
 * `allowed_mentions: {parse: []}` (the replier adds it); a follow-up is never posted twice.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */
export function createDelivery(
  deps: DeliveryDeps,
  opts: {
    token: string;
    ephemeral: boolean;
    postedBefore?: string[] | undefined;
    /** The asker's Discord locale, for the few words the delivery writes itself. */
    locale?: string | undefined;
  },
): Delivery {
  const { replier, log } = deps;
  const posted = [...(opts.postedBefore ?? [])];
  // Once the final text (or the failure) is sent, a late piece of the stream must not edit again.
  let closed = false;
  let target: { kind: 'original' } | { kind: 'followup'; id: string } = { kind: 'original' };
  let ephemeral = opts.ephemeral;
  let gone: ReplyGone | undefined;
  /** Every send: once the reply is gone, nothing more is sent, and the caller hears of it once. */
  const send = async <T>(f: () => Promise<T>): Promise<T> => {
    if (gone) throw gone;
    try {
      return await f();
    } catch (err) {
      const g = replyGoneOf(err);
      if (g !== undefined && gone === undefined) {
        gone = g;
        deps.onGone?.(g);
      }
      throw err;
    }
  };
  const edit = (body: ReplyBody) =>
    send(() =>
      target.kind === 'original'
        ? replier.editOriginal(opts.token, body)
        : replier.editFollowUp(opts.token, target.id, body),
    );
  const post = async (body: ReplyBody) => {
    const id = await send(() => replier.followUp(opts.token, { ...body, ephemeral }));
    posted.push(id);
    await deps.saveFollowUps(posted);
    return id;
  };
  let editor: StreamEditor | undefined;

  // The first part of the final answer is out: a later failure must not overwrite it.
  let answerShown = false;
  const stopStreaming = async () => {
    await editor?.finish();
    editor = undefined;
  };
  let delivering = false;
  return {
    get delivering() {
      return delivering;
    },
    async goPrivate(notice) {
      await stopStreaming();
      await send(() => replier.editOriginal(opts.token, { content: notice }));
      ephemeral = true;
      target = { kind: 'followup', id: await post({ content: answerText.format(opts.locale, 'thinking') }) };
    },
    preview(text) {
      if (closed || gone) return;
      editor ??= createStreamEditor((t) => edit({ content: streamingPreview(t) }), {
        now: () => deps.clock.now(),
        onError: (err) => {
          // A reply that is gone was reported through onGone; later edits are not sent.
          if (replyGoneOf(err) === undefined) log.warn({ err: describeError(err) }, 'streaming edit failed');
        },
      });
      editor.update(text);
    },
    async finish(text, components) {
      // After fail() (a stop or a deadline ended the answer), a late finish of the abandoned work
      // must not send the answer over the sentence.
      if (gone) throw gone;
      if (closed) return;
      closed = true;
      delivering = true;
      await stopStreaming();
      const chunks = splitMessage(text);
      const parts = chunks.length > 0 ? chunks : ['…'];
      const last = parts.length - 1;
      await edit({ content: parts[0] ?? '…', ...(last === 0 && components ? { components } : {}) });
      answerShown = true;
      for (let i = 1; i <= last; i++) {
        await post({ content: parts[i] ?? '', ...(i === last && components ? { components } : {}) });
      }
    },
    async fail(sentence) {
      if (gone) throw gone;
      closed = true;
      await stopStreaming();
      if (answerShown) {
        // A later part failed (e.g. Discord did not confirm a follow-up): keep what was delivered,
        // and say so after it, once.
        await post({ content: sentence });
        return;
      }
      await edit({ content: sentence, components: [] });
    },
  };
}

/**
 * Takes back what an earlier attempt of the same job posted (its worker died mid-answer), so the
 * answer restarts cleanly: the streamed-into original is edited again anyway.
 */
export async function takeBack(
  replier: InteractionReplier,
  token: string,
  followUpIds: readonly string[],
  log: Logger,
): Promise<void> {
  for (const id of followUpIds) {
    try {
      await replier.deleteFollowUp(token, id);
    } catch (err) {
      log.warn({ err: describeError(err) }, 'could not delete a follow-up of an earlier attempt');
    }
  }
}
