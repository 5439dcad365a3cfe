import { describe, expect, it } from 'vitest';
import { systemClock } from '../async';
import type { InteractionReplier, ReplyBody } from '../discord/replies';
import { silentLogger } from '../log';
import { createDelivery } from './deliver';

/** Discord's side of one interaction token, as the replier would change it. */
function recordingReplier() {
  const calls: string[] = [];
  const replier: InteractionReplier = {
    async editOriginal(_token, body: ReplyBody) {
      calls.push(`edit:${body.content}`);
    },
    async editFollowUp(_token, id, body) {
      calls.push(`edit ${id}:${body.content}`);
    },
    async followUp(_token, body) {
      calls.push(`post:${body.content}`);
      return String(calls.length);
    },
    async deleteFollowUp(_token, id) {
      calls.push(`delete:${id}`);
    },
  };
  return { calls, replier };
}

const delivery = (replier: InteractionReplier) =>
  createDelivery(
    { replier, clock: systemClock, log: silentLogger, saveFollowUps: async () => {} },
    { token: 'token', ephemeral: false },
  );

describe('createDelivery', () => {
  it('sends nothing for a finish that comes after the answer was ended with a sentence', async () => {
    const { calls, replier } = recordingReplier();
    const d = delivery(replier);
    await d.fail('I am restarting; your question is answered after the restart.');
    await d.finish('the late answer of the abandoned work');
    expect(calls).toEqual(['edit:I am restarting; your question is answered after the restart.']);
    expect(d.delivering).toBe(false);
  });

  it('says it is delivering from the first part of the final answer on', async () => {
    const { calls, replier } = recordingReplier();
    const d = delivery(replier);
    expect(d.delivering).toBe(false);
    await d.finish(`${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}`);
    expect(d.delivering).toBe(true);
    expect(calls.map((c) => c.slice(0, 6))).toEqual(['edit:a', 'post:b']);
  });
});
