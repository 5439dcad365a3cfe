import { afterEach, describe, expect, it } from 'vitest';
import { answerText } from '../src/i18n/messages/answer';
import { encodeCustomId } from '../src/interactions/custom-ids';
import {
  ask,
  buttonPress,
  command,
  finalContent,
  G,
  type Harness,
  messageCommand,
  seedGuilds,
  startHarness,
} from './harness';

/**
 * Issue 22 from the outside: members whose clients speak other languages, asking in theirs and in
 * another. The fixed sentences come from the catalogues; what the model is told comes from the
 * prompt the Ollama stand-in received.
 */
let h: Harness;
afterEach(async () => {
  await h?.close();
});

const FACTS = [
  {
    channelId: G.general,
    content: 'The deploy script lives in tools/deploy.sh and needs Node 20.',
    minutes: 1,
  },
  { channelId: G.general, content: 'Lunch on Friday is pizza at the usual place.', minutes: 2 },
  { channelId: G.mods, content: 'The secret ban list is kept in the moderator vault.', minutes: 3 },
];

/** An interaction as a member whose Discord client is set to `locale` sends it. */
const as = <T extends object>(interaction: T, locale: string, guildLocale = 'en-US') => ({
  ...interaction,
  locale,
  guild_locale: guildLocale,
});

type Reply = { type: number; data: { content: string; components?: unknown[]; title?: string } };
const reply = async (res: Response) => (await res.json()) as Reply;

/** The system rules and the user turn of the last chat request the model server received. */
function lastPrompt(): { system: string; user: string } {
  const messages = h.ollama.chatRequests().at(-1)?.messages ?? [];
  return {
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    user: messages.filter((m) => m.role === 'user').at(-1)?.content ?? '',
  };
}

const labels = (components: unknown): string[] =>
  JSON.stringify(components ?? [])
    .match(/"label":"[^"]*"/g)
    ?.map((l) => l.slice(9, -1)) ?? [];

describe('every member in their own language', () => {
  it("a German member's /ask: German fixed words, German buttons, and the model told to answer in German", async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    h.ollama.chatScript = () => ({ chunks: ['Das Deploy-Skript liegt in ', 'tools/deploy.sh [1].'] });
    const interaction = as(ask('Wo liegt das Deploy-Skript?'), 'de', 'de');
    expect(await reply(await h.interact(interaction))).toEqual({ type: 5 });
    const content = await finalContent(h, interaction.token);
    expect(content).toContain('Das Deploy-Skript liegt in tools/deploy.sh [1].');
    // The source list's fixed word and its date, German style (1. Okt. 2026).
    expect(content).toMatch(/\*\*Quellen\*\*\n\[1\] #general · mason · 1\. Okt\. 2026 </);
    const edits = h.webhook(interaction.token)?.edits ?? [];
    expect(labels(edits.at(-1)?.components)).toEqual(['Nachfragen']);
    const prompt = lastPrompt();
    expect(prompt.system).toContain('Write the whole answer in German (Deutsch)');
    expect(prompt.system).toContain('do not translate quotes');
    expect(prompt.user.trimEnd().endsWith('Answer in German (Deutsch).')).toBe(true);
    // The member's question is still escaped inside its block, the instruction is outside it.
    expect(prompt.user).toContain('<question>\nWo liegt das Deploy-Skript?\n</question>\n\nAnswer in German');
  });

  it('a question in French from a member whose client is English is answered in French', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const interaction = as(ask('où se trouve le script de déploiement ?'), 'en-US');
    await h.interact(interaction);
    const content = await finalContent(h, interaction.token);
    // The bot's own words follow the member's client (English) ...
    expect(content).toContain('**Sources**');
    // ... the answer follows the question.
    expect(lastPrompt().system).toContain('Write the whole answer in French (français)');
  });

  it('an unclear question is answered in the member’s language; an unknown locale falls back to English', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const unclear = as(ask('deploy.sh?'), 'pl');
    await h.interact(unclear);
    await finalContent(h, unclear.token);
    expect(lastPrompt().system).toContain('Write the whole answer in Polish (polski)');

    // A locale no catalogue speaks (Klingon) and one that is no locale at all: English, never a key.
    for (const locale of ['tlh', 'not a locale!']) {
      const odd = as(ask('where is the deploy script?'), locale, locale);
      await h.interact(odd);
      const content = await finalContent(h, odd.token);
      expect(content).toContain('**Sources**');
      expect(content).not.toMatch(/answer:|sources\b/);
      expect(lastPrompt().system).toContain('Write the whole answer in English');
    }
  });

  it('the endpoint answers in the member’s language: DM, member limit, forget prompt, stale button, follow-up form', async () => {
    h = await startHarness({ ASK_MAX_PER_MEMBER: '1' }, { worker: false });
    await seedGuilds(h, FACTS);
    expect((await reply(await h.interact(as(ask('hallo', { dm: true }), 'de')))).data.content).toBe(
      '`/fragen` funktioniert nur auf Servern: Nutze den Befehl in einem Kanal des Servers, dessen Verlauf du durchsuchen willst.',
    );
    // No worker: the first question stays open, the second is over the member's limit.
    expect((await reply(await h.interact(as(ask('erste Frage'), 'de')))).type).toBe(5);
    const limited = await reply(await h.interact(as(ask('zweite Frage'), 'de')));
    expect(limited.data.content).toBe(
      'Du hast schon 1 Frage, die warten oder gerade beantwortet werden. Bitte warte darauf, bevor du mehr fragst.',
    );
    const forget = await reply(await h.interact(as(command('forget-me'), 'ru')));
    expect(forget.data.content).toContain('Это удалит **все ваши сообщения на этом сервере**');
    expect(labels(forget.data.components)).toEqual(['Забыть мои сообщения', 'Отмена']);
    const stale = await reply(await h.interact(as(buttonPress('zz:1'), 'pl')));
    expect(stale.data.content).toBe(
      'Ten przycisk pochodzi ze starszej wersji bota i już nie działa. Użyj `/zapytaj`, żeby zapytać ponownie.',
    );
    const modal = await reply(
      await h.interact(as(buttonPress(encodeCustomId({ kind: 'follow-up', answerId: '123456789' })), 'ja')),
    );
    expect(modal.type).toBe(9);
    expect(modal.data.title).toBe('続けて質問');
    expect(labels(modal.data.components)).toEqual(['次の質問']);
  });

  it('/status, /forget-me and errors in the member’s language, numbers and dates for their locale', async () => {
    h = await startHarness();
    await seedGuilds(h, FACTS);
    const status = as(command('status'), 'de');
    await h.interact(status);
    const report = await finalContent(h, status.token, 3000);
    expect(report).toContain('**Status**');
    expect(report).toMatch(/Indexierte Nachrichten dieses Servers: 3 in 2 Kanälen/);
    expect(report).toContain('Abgemeldete Mitglieder (/vergiss-mich): 0');

    // Ollama refusing connections, for a Spanish member: the sources alone, with why, in Spanish.
    h.ollama.mode = 'refuse';
    const failing = as(ask('¿dónde está el deploy script?'), 'es-ES');
    await h.interact(failing);
    const degraded = await finalContent(h, failing.token, 20_000);
    // The degraded-mode line (no embeddings either), then why the model cannot answer.
    expect(degraded).toMatch(
      /^\*No he podido hacer la búsqueda por significado .*\*\nEl modelo de lenguaje no puede responder ahora \(el servidor de modelos, Ollama, no responde\), así que aquí están/,
    );
    h.ollama.mode = 'ok';

    // The confirmed forget, in Ukrainian, with the count's plural form.
    const confirm = as(buttonPress(encodeCustomId({ kind: 'forget-confirm', userId: G.member })), 'uk');
    expect((await reply(await h.interact(confirm))).data.content).toBe(
      'Видаляю ваші повідомлення з індексу…',
    );
    const done = await finalContent(h, confirm.token);
    expect(done).toMatch(/^Готово: з мого індексу видалено 3 ваші повідомлення разом/);
  });

  it('"Ask about this message" is answered in the asker’s language (its question is the bot’s own)', async () => {
    h = await startHarness();
    const ids = await seedGuilds(h, FACTS);
    const target = FACTS[0];
    const interaction = as(
      messageCommand({
        id: ids.get(target?.content ?? '') ?? '',
        channelId: G.general,
        authorId: G.member,
        content: target?.content ?? '',
        timestamp: new Date().toISOString(),
      }),
      'ko',
    );
    await h.interact(interaction);
    const content = await finalContent(h, interaction.token);
    expect(content).toContain(`**${answerText.format('ko', 'sources')}**`);
    expect(lastPrompt().system).toContain('Write the whole answer in Korean (한국어)');
  });
});
