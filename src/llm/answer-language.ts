import type { AnswerLanguage } from '../i18n/language';

/**
 * The prompt's rule for the answer's language (one line of the system rules). The language's
 * names come from `Intl.DisplayNames`, never from a member, so they need no escaping.
 */
export function languageRule(language: AnswerLanguage): string {
  const script =
    language.tag === 'zh'
      ? ', in the same script as the question (Simplified or Traditional characters)'
      : '';
  return `- Write the whole answer in ${label(language)}${script}, whatever language the question, the conversations or earlier answers are in. Quote messages, names, code and error messages exactly as they were written; do not translate quotes.`;
}

/** The last line of the user turn, after the question block: the same instruction, where small models look. */
export function languageReminder(language: AnswerLanguage): string {
  return `Answer in ${label(language)}.`;
}

function label(language: AnswerLanguage): string {
  return language.nativeName.toLowerCase() === language.name.toLowerCase()
    ? language.name
    : `${language.name} (${language.nativeName})`;
}
