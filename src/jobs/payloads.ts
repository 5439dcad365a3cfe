/**
 * What each kind of job carries from the interaction to the worker (stored as JSON in the queue).
 * Everything the worker needs is here, so any process may do the work.
 */

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

export interface AskPayload {
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

export interface StatusPayload {
  channelId: string;
}

export interface FeedbackPayload {
  answerId: string;
  rating: 1 | -1;
}

export interface ForgetPayload {
  /** `forget`: confirmed /forget-me; `opt-in`: /forget-me undo. */
  action: 'forget' | 'opt-in';
}
