import { formatSources } from '../discord/format';
import { defuseMassMentions } from '../discord/mentions';
import { closeTrailingFence } from '../discord/split';
import { answerText } from '../i18n/messages/answer';
import { truncate } from '../text/cut';
import type { Answer, Degradation } from './pipeline';

/** In English; the asker reads it in their own language (answer catalogue, `nothingFound`). */
export const NOTHING_FOUND = answerText.source.nothingFound;

/**
 * The note when the embedding model changed its vectors' size under the same name, in English; the
 * asker reads it in their own language (answer catalogue, `vectorDimensionMismatch`).
 */
export const DIMENSION_MISMATCH_NOTE = answerText.source.vectorDimensionMismatch;

/** The one line an answer says about a part of the search that was unavailable, in the asker's `locale`. */
export function degradationNote(d: Degradation | undefined, locale?: string | null): string {
  if (d === 'vector_unavailable') return answerText.format(locale, 'vectorUnavailable');
  if (d === 'embedding_unavailable') return answerText.format(locale, 'embeddingUnavailable');
  if (d === 'vector_dimension_mismatch') return answerText.format(locale, 'vectorDimensionMismatch');
  return '';
}

/**
 * The line under an answer that stopped at its token budget (Ollama's `done_reason: "length"`), in
 * English; the asker reads it in their own language (answer catalogue, `cutOff`).
 */
export const CUT_OFF_NOTE = answerText.source.cutOff;

/**
 * An answer's text as it is shown: a code block left open by a cut-off is closed (it would swallow
 * the sources as code), and a cut-off answer ends with the `cutOff` line, in the asker's `locale`,
 * on a line of its own.
 */
export function answerBody(text: string, cutOff: boolean | undefined, locale?: string | null): string {
  const closed = closeTrailingFence(text);
  return cutOff ? `${closed.trimEnd()}\n\n${answerText.format(locale, 'cutOff')}` : closed;
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
 * so and the most relevant messages as jump links with short quotes. The fixed words are in the
 * asker's `locale` (absent: English); the answer and the quotes stay as written.
 */
export function composeAnswer(
  answer: Answer,
  guildId: string,
  channelName: (id: string) => string | undefined,
  locale?: string | null,
): string {
  const t = answerText.for(locale);
  const note = degradationNote(answer.degraded, locale);
  const withNote = (body: string) => (note ? `${note}\n${body}` : body);
  switch (answer.kind) {
    case 'nothing_found':
      return withNote(t('nothingFound'));
    case 'answer': {
      const sources = formatSources(guildId, answer.sources, answer.cited, channelName, locale);
      const body = answerBody(answer.text, answer.cutOff, locale);
      return withNote(sources ? `${body}\n\n${sources}` : body);
    }
    case 'sources_only': {
      const lines = answer.sources.map((s, i) => {
        const link = formatSources(guildId, [s], [1], channelName, locale).split('\n')[1] ?? '';
        return `${link.replace(/^\[1\]/, `[${i + 1}]`)}\n> ${quote(s.message.content)}`;
      });
      const reason = answer.why?.format(locale) ?? answer.reason;
      return withNote(`${t('sourcesOnly', { reason })}\n\n${lines.join('\n')}`);
    }
  }
}
