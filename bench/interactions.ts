import { GUILD_ID, MEMBER_ID } from './corpus';

let seq = 0;

let members = 0;

/** A member of the bench guild of its own for every call: ASK_MAX_PER_MEMBER never refuses a load. */
export function nextMemberId(): string {
  return String(840000000000000000n + BigInt(++members));
}

/** A signed request as Discord sends it: the raw body and its headers. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
  token: string;
}

export type Sign = (body: string) => Record<string, string>;

/** An `/ask` CHAT_INPUT interaction from an ordinary member of the bench guild, as Discord sends it. */
export function askInteraction(
  question: string,
  channelId: string,
  applicationId: string,
  userId: string = MEMBER_ID,
) {
  seq++;
  const token = `bench-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 10)}`;
  const user = { id: userId, username: 'mason', global_name: 'Mason', avatar: null, discriminator: '0' };
  return {
    token,
    body: {
      type: 2,
      id: String(950000000000000000n + BigInt(seq)),
      application_id: applicationId,
      token,
      version: 1,
      locale: 'en-US',
      guild_id: GUILD_ID,
      channel_id: channelId,
      channel: { id: channelId, type: 0 },
      context: 0,
      member: { user, roles: [], permissions: '2147483647', joined_at: '2025-01-01T00:00:00Z' },
      data: {
        id: '960000000000000001',
        name: 'ask',
        type: 1,
        options: [{ name: 'question', type: 3, value: question }],
      },
    },
  };
}

export function signedAsk(
  sign: Sign,
  question: string,
  channelId: string,
  applicationId: string,
  userId?: string,
): SignedRequest {
  const { token, body } = askInteraction(question, channelId, applicationId, userId);
  const raw = JSON.stringify(body);
  return { body: raw, headers: sign(raw), token };
}

export function signedPing(sign: Sign, applicationId: string): SignedRequest {
  seq++;
  const raw = JSON.stringify({
    type: 1,
    id: String(950000000000000000n + BigInt(seq)),
    application_id: applicationId,
    token: `ping-${seq}`,
    version: 1,
  });
  return { body: raw, headers: sign(raw), token: '' };
}
