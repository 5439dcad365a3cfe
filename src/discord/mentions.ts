/**
 * `allowed_mentions` for every body the bot sends, edits included: an edit without it re-parses
 * the content with the default `{ parse: ['users'] }`, which pings.
 * @see https://discord.com/developers/docs/resources/message#allowed-mentions-object
 */
// Typed as the empty tuple so it is assignable to APIAllowedMentions and nothing can be added to it.
export const NO_MENTIONS: { readonly parse: [] } = { parse: [] };

const MASS_MENTION = /@(everyone|here)/gi;

/** Breaks @everyone/@here with a zero-width space after the '@' as a second defence; leaves <@id> untouched. */
export function defuseMassMentions(text: string): string {
  return text.replace(MASS_MENTION, '@\u200b$1');
}
