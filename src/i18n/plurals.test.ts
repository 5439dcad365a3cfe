import { describe, expect, it } from 'vitest';
import { formattingLocale } from './catalogue';
import { resolveLocale } from './locales';
import { askText } from './messages/ask';
import { forgetText } from './messages/forget';
import { statusText } from './messages/status';
import { formatDay, formatNumber } from './numbers';

/** The count as the member limit writes it in `locale`. */
const open = (locale: string, n: number) => askText.format(locale, 'memberLimit', { open: n });
const removed = (locale: string, n: number) => forgetText.format(locale, 'done', { removed: n });

describe('plural forms (CLDR) for each locale', () => {
  it('English and German: one and other', () => {
    expect(open('en-US', 1)).toMatch(/^You already have 1 question waiting/);
    expect(open('en-GB', 2)).toMatch(/^You already have 2 questions waiting .* wait for them/);
    expect(open('de', 1)).toMatch(/^Du hast schon 1 Frage,/);
    expect(open('de', 21)).toMatch(/^Du hast schon 21 Fragen,/);
  });

  it('Polish: one, few (2-4, 22-24) and many (5-21, 25…)', () => {
    expect(removed('pl', 1)).toContain('usunięto 1 twoją wiadomość');
    expect(removed('pl', 2)).toContain('usunięto 2 twoje wiadomości');
    expect(removed('pl', 5)).toContain('usunięto 5 twoich wiadomości');
    expect(removed('pl', 12)).toContain('usunięto 12 twoich wiadomości');
    expect(removed('pl', 22)).toContain('usunięto 22 twoje wiadomości');
    expect(open('pl', 3)).toMatch(/^Masz już 3 pytania/);
    expect(open('pl', 11)).toMatch(/^Masz już 11 pytań/);
  });

  it('Russian and Ukrainian: one (1, 21), few (2-4, 22) and many (5-20, 11)', () => {
    expect(open('ru', 1)).toMatch(/^У вас уже 1 вопрос /);
    expect(open('ru', 21)).toMatch(/^У вас уже 21 вопрос /);
    expect(open('ru', 3)).toMatch(/^У вас уже 3 вопроса /);
    expect(open('ru', 11)).toMatch(/^У вас уже 11 вопросов /);
    expect(removed('uk', 1)).toContain('видалено 1 ваше повідомлення');
    expect(removed('uk', 4)).toContain('видалено 4 ваші повідомлення');
    expect(removed('uk', 5)).toContain('видалено 5 ваших повідомлень');
    expect(askText.format('uk', 'busyFor', { minutes: 2 })).toContain('приблизно на 2 хвилини');
    expect(askText.format('uk', 'busyFor', { minutes: 11 })).toContain('приблизно на 11 хвилин');
  });

  it('French, Spanish and Portuguese: one, other, and many for millions', () => {
    expect(open('fr', 1)).toMatch(/^Tu as déjà 1 question en attente/);
    expect(open('fr', 1_000_000)).toMatch(/^Tu as déjà 1\u202f000\u202f000 de questions/);
    expect(removed('es-ES', 1)).toContain('se ha quitado 1 mensaje tuyo');
    expect(removed('es-ES', 3)).toContain('se han quitado 3 mensajes tuyos');
    expect(removed('pt-BR', 2)).toContain('2 mensagens suas foram removidas');
  });

  it('Japanese, Korean and Chinese: one form (other) for every count', () => {
    expect(open('ja', 1)).toContain('1 件');
    expect(open('ja', 5)).toContain('5 件');
    expect(open('ko', 1)).toContain('1개');
    expect(removed('zh-CN', 1)).toContain('你的 1 条消息');
    expect(removed('zh-CN', 3)).toContain('你的 3 条消息');
  });
});

describe('numbers and dates for the locale', () => {
  it('groups digits and writes days as the locale does', () => {
    expect(formatNumber('en-US', 12345)).toBe('12,345');
    expect(formatNumber('de', 12345)).toBe('12.345');
    expect(formatNumber('fr', 12345)).toBe('12\u202f345');
    const day = Date.UTC(2026, 9, 1, 12);
    expect(formatDay('en-US', day)).toBe('Oct 1, 2026');
    expect(formatDay('en-GB', day)).toBe('1 Oct 2026');
    expect(formatDay('de', day)).toBe('1. Okt. 2026');
    expect(formatDay('ja', day)).toBe('2026年10月1日');
    expect(statusText.format('de', 'seconds', { seconds: 1.25 })).toBe('1,3 s');
    expect(statusText.format('de', 'indexed', { messages: 12345, channels: 1 })).toBe(
      'Indexierte Nachrichten dieses Servers: 12.345 in 1 Kanal',
    );
  });
});

describe('locales', () => {
  it('maps every Discord locale onto a catalogue of its language and script, else English', () => {
    expect(resolveLocale('de')).toBe('de');
    expect(resolveLocale('es-419')).toBe('es-ES');
    expect(resolveLocale('en-GB')).toBe('en-GB');
    expect(resolveLocale('zh-CN')).toBe('zh-CN');
    // Traditional Chinese is not shown Simplified: English until it has a catalogue.
    expect(resolveLocale('zh-TW')).toBe('en-US');
    for (const other of ['it', 'tr', 'th', 'sv-SE', 'xx', '', undefined, null, '???']) {
      expect(resolveLocale(other)).toBe('en-US');
    }
  });

  it('writes numbers in the member’s own variant when a catalogue speaks their language', () => {
    expect(formattingLocale('es-419')).toBe('es-419');
    expect(formattingLocale('it')).toBe('en-US');
    expect(askText.format('es-419', 'questionTooLong', { max: 1500 })).toBe(
      'La pregunta debe tener menos de 1,500 caracteres.',
    );
    expect(askText.format('es-ES', 'questionTooLong', { max: 15000 })).toBe(
      'La pregunta debe tener menos de 15.000 caracteres.',
    );
  });

  it('never shows a key: an unknown locale reads English, a broken value falls back to the sentence', () => {
    expect(askText.format('tlh', 'busy')).toBe(askText.source.busy);
    expect(askText.format('de', 'memberLimit', {})).toBe(askText.source.memberLimit);
  });
});
