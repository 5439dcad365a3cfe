/**
 * What the help-channel jobs carry (stored as JSON in the queue). A `help` job is offered by the
 * watcher, not by an interaction: it has no token and no one waits on it.
 */
import type { NewHelpPost } from '../store/types';

/** Answer one post: everything the watcher knew of it (the job reads the rest from Discord). */
export interface HelpPayload {
  post: NewHelpPost;
}

/** Who pressed or used a command, as Discord computed it for the interaction's channel. */
export interface Presser {
  userId: string;
  roleIds: string[];
  /** The member's permissions in the post's channel (decimal string). */
  permissions: string;
}

/** The message "Mark as solution" was used on, as Discord resolved it. */
export interface TargetMessage {
  id: string;
  channelId: string;
  authorId: string;
  authorIsBot: boolean;
  /** `message_reference.message_id` of a reply (a text channel's post is the question it answers). */
  replyToId: string | null;
}

export type HelpActionPayload =
  /** "Ask a human" under a help answer. */
  | { action: 'hand-off'; postId: string; channelId: string; presser: Presser }
  /** "Solved" under the bot's answer: the bot's answer is accepted. */
  | { action: 'solved'; postId: string; channelId: string; messageId: string; presser: Presser }
  /** "Mark as solution" on a member's message of a post. */
  | { action: 'mark'; target: TargetMessage; presser: Presser };
