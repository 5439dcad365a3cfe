/**
 * What each kind of job carries from the interaction to the worker (stored as JSON in the queue).
 * Everything the worker needs is here, so any process may do the work.
 */

/**
 * The languages of the interaction, as Discord sent them: every job carries them, so that
 * whatever a worker writes is in the member's language. Absent on jobs queued before they existed
 * (English then). https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
export interface Languages {
  /** The invoking member's client language (`locale`), e.g. `de` or `pt-BR`. */
  locale?: string | undefined;
  /** The server's preferred language (`guild_locale`). */
  guildLocale?: string | undefined;
}

/** The message an "Ask about this message" is about, as Discord resolved it. */
export interface TargetMessage {
  id: string;
  channelId: string;
  authorId: string;
  authorName: string;
  content: string;
  /** Unix ms. */
  createdAt: number;
}

export interface AskPayload extends Languages {
  question: string;
  /** The deferred reply is ephemeral (private: true, an ephemeral answer's follow-up, a message command). */
  ephemeral: boolean;
  /** Where it was asked. */
  channelId: string;
  roleIds: string[];
  /** The asker's permissions in the asked channel, as Discord computed them. */
  permissionsHere?: string | undefined;
  /** /ask options. */
  channel?: { id: string; permissions?: string | undefined } | undefined;
  authorId?: string | undefined;
  days?: number | undefined;
  /** A follow-up: the answer it follows (its conversation is the history). */
  parentAnswerId?: string | undefined;
  /** "Ask about this message". */
  target?: TargetMessage | undefined;
}

export interface StatusPayload extends Languages {
  channelId: string;
}

export interface FeedbackPayload extends Languages {
  answerId: string;
  rating: 1 | -1;
}

export interface ForgetPayload extends Languages {
  /** `forget`: confirmed /forget-me; `opt-in`: /forget-me undo. */
  action: 'forget' | 'opt-in';
}
