import { DISCORD_LOCALES } from '../src/i18n/locales';

/**
 * Discord's rules for application command payloads, as a checker that lists every breach (empty
 * when the payload would be accepted): names, descriptions and their localizations, counts, the
 * combined length. https://discord.com/developers/docs/interactions/application-commands
 */
const CHAT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_TOTAL = 4000;

interface Localized {
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description?: string;
  description_localizations?: Record<string, string | null> | null;
}
interface Option extends Localized {
  type: number;
  options?: Option[];
  choices?: (Localized & { value: string | number })[];
}
export interface CommandPayload extends Localized {
  type?: number;
  options?: Option[];
}

const chars = (s: string) => [...s].length;

export function commandRuleBreaches(commands: CommandPayload[]): string[] {
  const problems: string[] = [];
  const locales = new Set<string>(DISCORD_LOCALES);
  const checkMap = (
    where: string,
    map: Record<string, string | null> | null | undefined,
    check: (v: string, l: string) => void,
  ) => {
    for (const [locale, value] of Object.entries(map ?? {})) {
      if (!locales.has(locale)) problems.push(`${where}: "${locale}" is not a Discord locale`);
      if (value !== null) check(value, locale);
    }
  };
  const chatName =
    (where: string) =>
    (name: string, locale = 'default') => {
      if (!CHAT_NAME.test(name))
        problems.push(`${where} [${locale}]: name "${name}" breaks the name pattern`);
      if (name !== name.toLowerCase())
        problems.push(`${where} [${locale}]: name "${name}" is not lower case`);
    };
  const description =
    (where: string) =>
    (text: string, locale = 'default') => {
      if (chars(text) < 1 || chars(text) > 100)
        problems.push(`${where} [${locale}]: description of ${chars(text)} characters (1-100)`);
    };
  /** Names of siblings must differ in every locale. */
  const unique = (where: string, items: Localized[]) => {
    const all = new Set<string>(['default', ...Object.keys(items[0]?.name_localizations ?? {})]);
    for (const locale of all) {
      const names = items.map((i) =>
        locale === 'default' ? i.name : (i.name_localizations?.[locale] ?? i.name),
      );
      if (new Set(names).size !== names.length)
        problems.push(`${where} [${locale}]: duplicate names ${names}`);
    }
  };
  /** The longest of the default and every localization counts, per field (the strict reading). */
  const longest = (value: string | undefined, map: Record<string, string | null> | null | undefined) =>
    Math.max(chars(value ?? ''), ...Object.values(map ?? {}).map((v) => chars(v ?? '')));

  for (const type of new Set(commands.map((c) => c.type ?? 1))) {
    unique(
      `commands of type ${type}`,
      commands.filter((c) => (c.type ?? 1) === type),
    );
  }
  for (const command of commands) {
    const where = `command ${command.name}`;
    let total = longest(command.name, command.name_localizations);
    if ((command.type ?? 1) === 1) {
      chatName(where)(command.name);
      checkMap(where, command.name_localizations, chatName(where));
      description(where)(command.description ?? '');
      checkMap(where, command.description_localizations, description(where));
      total += longest(command.description, command.description_localizations);
    } else {
      const name = (n: string, l = 'default') => {
        if (chars(n) < 1 || chars(n) > 32)
          problems.push(`${where} [${l}]: name of ${chars(n)} characters (1-32)`);
      };
      name(command.name);
      checkMap(where, command.name_localizations, name);
      if (command.description) problems.push(`${where}: a message or user command has no description`);
      if (command.description_localizations) problems.push(`${where}: no description_localizations allowed`);
    }
    const walk = (options: Option[] | undefined, path: string) => {
      if (!options) return;
      if (options.length > 25) problems.push(`${path}: ${options.length} options (at most 25)`);
      unique(`${path} options`, options);
      for (const o of options) {
        const at = `${path}.${o.name}`;
        chatName(at)(o.name);
        checkMap(at, o.name_localizations, chatName(at));
        description(at)(o.description ?? '');
        checkMap(at, o.description_localizations, description(at));
        if (!o.name_localizations || !o.description_localizations) problems.push(`${at}: not localized`);
        total += longest(o.name, o.name_localizations) + longest(o.description, o.description_localizations);
        if (o.choices) {
          if (o.choices.length > 25) problems.push(`${at}: ${o.choices.length} choices (at most 25)`);
          for (const c of o.choices) {
            const n = (v: string, l = 'default') => {
              if (chars(v) < 1 || chars(v) > 100)
                problems.push(`${at}.${c.value} [${l}]: choice name of ${chars(v)}`);
            };
            n(c.name);
            checkMap(`${at}.${c.value}`, c.name_localizations, n);
            if (!c.name_localizations) problems.push(`${at}.${c.value}: choice not localized`);
            total += longest(c.name, c.name_localizations) + chars(String(c.value));
          }
        }
        walk(o.options, at);
      }
    };
    walk(command.options, where);
    if (!command.name_localizations) problems.push(`${where}: not localized`);
    if (total > MAX_TOTAL) problems.push(`${where}: ${total} characters in all (at most ${MAX_TOTAL})`);
  }
  return problems;
}
