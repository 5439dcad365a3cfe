import { formatSources } from '../discord/format';
import { defuseMassMentions } from '../discord/mentions';
import { closeTrailingFence } from '../discord/split';
import { truncate } from '../text/cut';
import type { Answer, Degradation } from './pipeline';

export const NOTHING_FOUND =
  "I couldn't find anything about that in the messages of this server that you can read.";

/** The one line an answer says about a part of the search that was unavailable. */
export function degradationNote(d: Degradation | undefined): string {
  if (d === 'vector_unavailable') {
    return '*The search index (Chroma) is unavailable right now, so I searched with keywords only.*';
  }
  if (d === 'embedding_unavailable') {
    return "*I couldn't run the meaning-based search (the embedding model is unavailable), so I searched with keywords only.*";
  }
  return '';
}

/** How long a quote of a source is in a sources-only answer, in UTF-16 units. */
export const QUOTE_MAX = 180;

/** A message's text as a one-line quote: whitespace folded, cut on a character, mass mentions defused. */
export function quote(text: string): string {
  return defuseMassMentions(truncate(text.replace(/\s+/g, ' ').trim(), QUOTE_MAX));
}

/**
 * The whole text of a final answer, before splitting into messages: the degradation note, then the
 * answer and its numbered jump links; or, when the model could not answer, one sentence that says
 * so and the most relevant messages as jump links with short quotes.
 */
export function composeAnswer(
  answer: Answer,
  guildId: string,
  channelName: (id: string) => string | undefined,
): string {
  const note = degradationNote(answer.degraded);
  const withNote = (body: string) => (note ? `${note}\n${body}` : body);
  switch (answer.kind) {
    case 'nothing_found':
      return withNote(NOTHING_FOUND);
    case 'answer': {
      const sources = formatSources(guildId, answer.sources, answer.cited, channelName);
      // An answer cut off by its token budget inside a code block would swallow the sources as code.
      return withNote(sources ? `${closeTrailingFence(answer.text)}\n\n${sources}` : answer.text);
    }
    case 'sources_only': {
      const lines = answer.sources.map((s, i) => {
        const link = formatSources(guildId, [s], [1], channelName).split('\n')[1] ?? '';
        return `${link.replace(/^\[1\]/, `[${i + 1}]`)}\n> ${quote(s.message.content)}`;
      });
      return withNote(
        `The language model can't answer right now (${answer.reason}), so here are the most relevant messages I found:\n\n${lines.join('\n')}`,
      );
    }
  }
}
