import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { type CommandPayload, commandRuleBreaches } from '../../test/command-rules';
import { LOCALES, SOURCE_LOCALE } from '../i18n/locales';
import { commandText } from '../i18n/messages/commands';
import { commands } from './definitions';
import { commandKey, localizeCommands } from './localize';

const payload = localizeCommands(commands) as CommandPayload[];

describe('command localizations', () => {
  it('registers payloads that Discord accepts: names, case, lengths, counts, the combined total', () => {
    expect(commandRuleBreaches(payload)).toEqual([]);
  });

  it('finds the breaches Discord would refuse', () => {
    const ask = payload.find((c) => c.name === 'ask') as CommandPayload;
    const broken: CommandPayload[] = [
      { ...ask, name_localizations: { ...ask.name_localizations, de: 'Fragen', xx: 'ask' } },
      { ...ask, name: 'ask two', description: 'd'.repeat(101) },
    ];
    expect(commandRuleBreaches(broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"Fragen" is not lower case'),
        expect.stringContaining('"xx" is not a Discord locale'),
        expect.stringContaining('"ask two" breaks the name pattern'),
        expect.stringContaining('description of 101 characters'),
      ]),
    );
  });

  it('localizes every command, option and choice for every catalogue locale', () => {
    for (const command of payload) {
      for (const locale of LOCALES) {
        expect(command.name_localizations?.[locale], `${command.name} ${locale}`).toBeTruthy();
        if ((command.type ?? 1) === 1) expect(command.description_localizations?.[locale]).toBeTruthy();
      }
    }
    const ask = payload.find((c) => c.name === 'ask');
    expect(ask?.name_localizations).toMatchObject({
      de: 'fragen',
      fr: 'demander',
      ja: '質問',
      'es-419': 'preguntar',
    });
    expect(ask?.options?.find((o) => o.name === 'channel')?.name_localizations).toMatchObject({
      de: 'kanal',
      fr: 'salon',
      'zh-CN': '频道',
    });
    // A locale without a catalogue (Traditional Chinese, Italian) sees the English default.
    expect(ask?.name_localizations?.['zh-TW']).toBeUndefined();
    expect(ask?.name_localizations?.it).toBeUndefined();
  });

  it("keeps the catalogue's English equal to the definitions, so Discord's default and en-US agree", () => {
    for (const command of payload) {
      const chat = (command.type ?? 1) === ApplicationCommandType.ChatInput;
      const base = chat ? command.name : commandKey(command.name);
      expect(commandText.format(SOURCE_LOCALE, `${base}.name` as never)).toBe(command.name);
      if (chat)
        expect(commandText.format(SOURCE_LOCALE, `${base}.description` as never)).toBe(command.description);
      for (const o of command.options ?? []) {
        expect(commandText.format(SOURCE_LOCALE, `${base}.${o.name}.description` as never)).toBe(
          o.description,
        );
      }
    }
  });

  it('generates localizations for a command added later from its catalogue entries, and names a missing one', () => {
    const later = [
      {
        name: 'ask',
        description: 'x',
        type: ApplicationCommandType.ChatInput,
        options: [{ name: 'mood', description: 'y', type: ApplicationCommandOptionType.String }],
      },
    ] as const;
    expect(() => localizeCommands(later as never)).toThrow('ask.mood.name');
  });

  it('writes each command the way members of that locale see it in every sentence that names one', async () => {
    const { readdirSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(import.meta.dirname, '..', 'i18n', 'messages');
    const problems: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'commands.ts')) {
      const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
      for (const messages of Object.values(mod) as {
        source: Record<string, string>;
        translations: Record<string, Record<string, string>>;
      }[]) {
        for (const locale of LOCALES) {
          const names = new Set(
            payload.filter((c) => (c.type ?? 1) === 1).map((c) => c.name_localizations?.[locale] ?? c.name),
          );
          const sentences =
            locale === SOURCE_LOCALE
              ? messages.source
              : { ...messages.source, ...messages.translations[locale] };
          for (const [key, text] of Object.entries(sentences)) {
            if (
              locale !== SOURCE_LOCALE &&
              locale !== 'en-GB' &&
              !(key in (messages.translations[locale] ?? {}))
            )
              continue;
            for (const m of text.matchAll(/[`(（]\/([^\s`):）]+)/g)) {
              if (!names.has(m[1] ?? ''))
                problems.push(`${file} ${key} [${locale}]: /${m[1]} is not a command there`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
