/**
 * The `custom_id`s of the bot's buttons and modals (≤ 100 characters, echoed back by Discord).
 * Everything a press needs is in the id or in the store, so a button keeps working after a
 * restart and on any process. https://discord.com/developers/docs/interactions/message-components#custom-id
 */

export type CustomId =
  /** "Follow up" under an answer: opens the follow-up modal. */
  | { kind: 'follow-up'; answerId: string }
  /** 👍 / 👎 under an answer. */
  | { kind: 'feedback'; answerId: string; rating: 1 | -1 }
  /** The follow-up modal's submission. */
  | { kind: 'follow-up-modal'; answerId: string }
  /** /forget-me's confirm and cancel buttons, for the member who asked only. */
  | { kind: 'forget-confirm'; userId: string }
  | { kind: 'forget-cancel'; userId: string }
  /** Help-channel answers (issue 19): "Ask a human" and "Solved", with the post and its author. */
  | { kind: 'help-handoff'; postId: string; authorId: string }
  | { kind: 'help-solved'; postId: string; authorId: string }
  /** The `/settings instructions` modal's submission, for the moderator who opened it. */
  | { kind: 'settings-instructions'; userId: string }
  /** `/insights` page buttons (issue 21): the period and the page to show. */
  | { kind: 'insights-page'; days: number; page: number };

const SNOWFLAKE = /^\d{1,20}$/;

/** The custom_id string of a button or modal. */
export function encodeCustomId(id: CustomId): string {
  switch (id.kind) {
    case 'follow-up':
      return `fu:${id.answerId}`;
    case 'feedback':
      return `fb:${id.answerId}:${id.rating > 0 ? 'up' : 'down'}`;
    case 'follow-up-modal':
      return `fq:${id.answerId}`;
    case 'forget-confirm':
      return `fm:yes:${id.userId}`;
    case 'forget-cancel':
      return `fm:no:${id.userId}`;
    case 'help-handoff':
      return `hh:${id.postId}:${id.authorId}`;
    case 'help-solved':
      return `hs:${id.postId}:${id.authorId}`;
    case 'settings-instructions':
      return `si:${id.userId}`;
    case 'insights-page':
      return `ip:${id.days}:${id.page}`;
  }
}

/** The custom_id Discord echoed back, or undefined for one this version does not know. */
export function decodeCustomId(raw: string): CustomId | undefined {
  const [head, a, b] = raw.split(':');
  if (a === undefined || !SNOWFLAKE.test(a === 'yes' || a === 'no' ? (b ?? '') : a)) return undefined;
  switch (head) {
    case 'fu':
      return b === undefined ? { kind: 'follow-up', answerId: a } : undefined;
    case 'fq':
      return b === undefined ? { kind: 'follow-up-modal', answerId: a } : undefined;
    case 'fb':
      return b === 'up' || b === 'down'
        ? { kind: 'feedback', answerId: a, rating: b === 'up' ? 1 : -1 }
        : undefined;
    case 'fm':
      if (b === undefined) return undefined;
      return a === 'yes'
        ? { kind: 'forget-confirm', userId: b }
        : a === 'no'
          ? { kind: 'forget-cancel', userId: b }
          : undefined;
    case 'hh':
    case 'hs':
      if (b === undefined || !SNOWFLAKE.test(b)) return undefined;
      return { kind: head === 'hh' ? 'help-handoff' : 'help-solved', postId: a, authorId: b };
    case 'si':
      return b === undefined ? { kind: 'settings-instructions', userId: a } : undefined;
    case 'ip':
      return b === undefined || !/^\d{1,4}$/.test(b) || a.length > 3
        ? undefined
        : { kind: 'insights-page', days: Number(a), page: Number(b) };
    default:
      return undefined;
  }
}
