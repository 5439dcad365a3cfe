/**
 * Every sentence the help-channel features show members, in English, in one place (issue 22 turns
 * these into `t()` calls). Functions take the values they insert.
 */
export const HELP_MESSAGES = {
  // Buttons under an answer in a post.
  askHuman: 'Ask a human',
  solved: 'Solved',
  /** The last line of an answer in a post. */
  answerFooter:
    "-# I'm a bot answering from this server's history. Not it? Press **Ask a human**. Did it help? Press **Solved**.",
  /** `when-unsure: say`, when nothing relevant was found. */
  unsure:
    "I couldn't find anything about this in the messages of this server, so I'll leave it to the humans here. Press **Ask a human** to call the helpers.",
  // "Ask a human"
  handOffPing: (role: string) => `${role}: a member would like a human to help with this.`,
  handOffNoRole: 'A member would like a human to help with this.',
  handOffDone: 'Done: I asked the helpers for you and will stay out of this post.',
  handOffDoneNoRole:
    "Done: I'll stay out of this post. This server has no helper role to ping (a moderator can set one with `/settings helper-role`).",
  handOffAlready: 'Someone already asked the helpers to look at this post.',
  handOffCannotPost:
    "I couldn't post in this post to call the helpers (I need Send Messages in Threads here). Please tell a moderator.",
  handOffRefused: "Only the post's author or a moderator (Manage Messages) can ask for a human here.",
  // "Solved" and "Mark as solution"
  solvedRefused: "Only the post's author or a helper can mark it solved.",
  solvedDone: "Marked solved: I'll rank this answer first for similar questions.",
  markDone: "Marked as the solution: I'll rank this message first for similar questions.",
  markNotInPost: '"Mark as solution" works on messages in forum posts, threads and help-channel questions.',
  markBotMessage: 'Pick a message written by a member; for my own answer, press **Solved** under it.',
  markStarter: 'That is the question itself: pick the message that answered it.',
  markOptedOut: 'That member asked me not to keep their messages, so I cannot use it as a solution.',
  markExcluded: 'That channel is excluded from my index, so I cannot use it as a solution.',
  tagFailed: "(I couldn't change the post's tags or name: I need the Manage Threads permission there.)",
  noBotToken: "I can't act in posts right now: the bot has no bot token (ask the operator).",
  failed: "Something went wrong and I couldn't do that; please try again in a moment.",
  postGone: 'That post no longer exists.',
  /** How the bot's accepted answer is named in a source list (in place of an author). */
  botAnswerAuthor: 'accepted bot answer',
  /** The /status line of help channels. */
  statusLine: (
    days: number,
    channels: number,
    f: { watched: string; answered: string; left: string; handedOff: string; solved: string; share: string },
  ) =>
    `🆘 Help channels: ${channels} watched · last ${days} days: ${f.watched} posts, ${f.answered} answered, ${f.left} left to humans, ${f.handedOff} handed to a human, ${f.solved} solved (${f.share})`,
  /** The name prefix of a solved post in a forum without a "Solved" tag. */
  solvedPrefix: '[Solved] ',
};
