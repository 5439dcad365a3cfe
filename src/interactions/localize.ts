import {
  type APIApplicationCommandOption,
  ApplicationCommandType,
  type LocalizationMap,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { DISCORD_LOCALES, languageOf, resolveLocale, SOURCE_LOCALE } from '../i18n/locales';
import { commandText } from '../i18n/messages/commands';

type Command = RESTPutAPIApplicationCommandsJSONBody[number];
type CommandKey = keyof typeof commandText.source;

/** A message or user command's catalogue key: its name in lower case with dashes. */
export const commandKey = (name: string) => name.toLowerCase().replace(/\s+/g, '-');

/**
 * Discord locales that get a localization: each one a catalogue speaks (es-419 reads es-ES),
 * English ones included; a locale without a catalogue shows the English default.
 */
const LOCALIZED = DISCORD_LOCALES.filter(
  (tag) => resolveLocale(tag) !== SOURCE_LOCALE || languageOf(tag) === 'en',
);

function localizations(key: string): LocalizationMap {
  if (!(key in commandText.source)) {
    throw new Error(
      `The commands catalogue has no "${key}": add it, with its translations, to src/i18n/messages/commands.ts.`,
    );
  }
  return Object.fromEntries(LOCALIZED.map((tag) => [tag, commandText.format(tag, key as CommandKey)]));
}

function localizeOption(option: APIApplicationCommandOption, path: string): APIApplicationCommandOption {
  const at = `${path}.${option.name}`;
  const out = {
    ...option,
    name_localizations: localizations(`${at}.name`),
    description_localizations: localizations(`${at}.description`),
  } as APIApplicationCommandOption;
  if ('options' in option && option.options) {
    (out as { options: APIApplicationCommandOption[] }).options = option.options.map((o) =>
      localizeOption(o as APIApplicationCommandOption, at),
    );
  }
  if ('choices' in option && option.choices) {
    (out as { choices: unknown[] }).choices = option.choices.map((c) => ({
      ...c,
      name_localizations: localizations(`${at}.${c.value}.name`),
    }));
  }
  return out;
}

/**
 * The commands with `name_localizations` and `description_localizations` on every command, option
 * (subcommands included) and choice, from the `commands` catalogue: what `npm run register` sends.
 * The data in definitions.ts stays English; a command or option without catalogue entries throws,
 * naming the key to add. Message and user commands take names only (Discord gives them no
 * description). https://discord.com/developers/docs/interactions/application-commands#localization
 */
export function localizeCommands(commands: readonly Command[]): Command[] {
  return commands.map((command) => {
    const chatInput = command.type === undefined || command.type === ApplicationCommandType.ChatInput;
    const base = chatInput ? command.name : commandKey(command.name);
    if (!chatInput) return { ...command, name_localizations: localizations(`${base}.name`) };
    return {
      ...command,
      name_localizations: localizations(`${base}.name`),
      description_localizations: localizations(`${base}.description`),
      ...('options' in command && command.options
        ? { options: command.options.map((o) => localizeOption(o as APIApplicationCommandOption, base)) }
        : {}),
    } as Command;
  });
}
