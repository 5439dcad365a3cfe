import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isDateElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  parse,
} from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import type { Messages } from './catalogue';
import { LOCALES, SOURCE_LOCALE } from './locales';

/** Every namespace file in messages/, found on disk so that a new one is checked without a list. */
async function namespaces(): Promise<Messages<string>[]> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'messages');
  const found: Messages<string>[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (typeof value === 'object' && value !== null && 'namespace' in value && 'translations' in value) {
        found.push(value as Messages<string>);
      }
    }
  }
  return found;
}

const all = await namespaces();

interface Shape {
  /** Placeholder names. */
  args: Set<string>;
  /** Each plural argument with the categories its branches use (`=N` branches left out). */
  plurals: { name: string; categories: string[] }[];
  dates: string[];
}

function shapeOf(
  elements: MessageFormatElement[],
  into: Shape = { args: new Set(), plurals: [], dates: [] },
) {
  for (const el of elements) {
    if ('value' in el && typeof el.value === 'string' && el.type !== 0) into.args.add(el.value);
    if (isDateElement(el)) into.dates.push(el.value);
    if (isPluralElement(el)) {
      into.plurals.push({
        name: el.value,
        categories: Object.keys(el.options).filter((k) => !k.startsWith('=')),
      });
    }
    if (isPluralElement(el) || isSelectElement(el)) {
      for (const option of Object.values(el.options)) shapeOf(option.value, into);
    }
    if (isTagElement(el)) shapeOf(el.children, into);
  }
  return into;
}

/** A value of the right kind for each placeholder: numbers for plurals and numbers, Dates for dates. */
function sampleValues(pattern: string, n: number): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  const visit = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === 1 || el.type === 5) values[el.value] ??= el.type === 5 ? 'other' : 'text';
      if (el.type === 2 || el.type === 6) values[el.value] = n;
      if (el.type === 3 || el.type === 4) values[el.value] = new Date(Date.UTC(2026, 2, 5, 14, 7));
      if (isPluralElement(el) || isSelectElement(el))
        for (const o of Object.values(el.options)) visit(o.value);
    }
  };
  visit(parse(pattern, { ignoreTag: true }));
  return values;
}

describe('catalogues', () => {
  it('are found on disk, one namespace each', () => {
    const names = all.map((m) => m.namespace);
    expect(names).toEqual(
      expect.arrayContaining([
        'ask',
        'answer',
        'commands',
        'common',
        'components',
        'errors',
        'forget',
        'status',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  for (const messages of all) {
    describe(`namespace ${messages.namespace}`, () => {
      const keys = Object.keys(messages.source).sort();

      it('has every English key in every locale (en-GB only overrides)', () => {
        for (const locale of LOCALES) {
          if (locale === SOURCE_LOCALE) continue;
          const have = Object.keys(messages.translations[locale]).sort();
          if (locale === 'en-GB') expect(keys).toEqual(expect.arrayContaining(have));
          else expect({ locale, keys: have }).toEqual({ locale, keys });
        }
      });

      it('is valid ICU with the same placeholders as English, and CLDR plural categories', () => {
        const problems: string[] = [];
        for (const key of keys) {
          const source = messages.source[key] ?? '';
          const english = shapeOf(parse(source, { ignoreTag: true }));
          for (const locale of LOCALES) {
            const pattern =
              locale === SOURCE_LOCALE
                ? source
                : (messages.translations[locale] as Record<string, string | undefined>)[key];
            if (pattern === undefined) continue;
            const where = `${messages.namespace}:${key} [${locale}]`;
            let shape: Shape;
            try {
              shape = shapeOf(parse(pattern, { ignoreTag: true }));
            } catch (err) {
              problems.push(`${where}: not valid ICU MessageFormat (${String(err)})`);
              continue;
            }
            const args = [...shape.args].sort().join(',');
            if (args !== [...english.args].sort().join(','))
              problems.push(
                `${where}: placeholders ${args}, English has ${[...english.args].sort().join(',')}`,
              );
            // Every plural lists exactly the categories CLDR defines for the locale.
            const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories.slice().sort();
            for (const plural of shape.plurals) {
              if (plural.categories.sort().join(',') !== categories.join(','))
                problems.push(
                  `${where}: plural ${plural.name} has ${plural.categories}, CLDR wants ${categories}`,
                );
            }
            // Markdown and mentions survive translation: bold marks and backticks in pairs, the same mentions.
            if (pattern.split('**').length % 2 !== 1) problems.push(`${where}: unpaired **`);
            if ((pattern.match(/`/g) ?? []).length % 2 !== 0) problems.push(`${where}: unpaired backtick`);
            if (pattern.includes('<#{') !== source.includes('<#{'))
              problems.push(`${where}: channel mention`);
          }
        }
        if (problems.length > 0) throw new Error(problems.join('\n'));
      });

      it('formats every sentence in every locale with any count, never showing a key or a brace', () => {
        for (const key of keys) {
          for (const locale of LOCALES) {
            for (const n of [0, 1, 2, 5, 22, 1_000_000]) {
              const out = messages.format(locale, key, sampleValues(messages.source[key] ?? '', n));
              expect(out).not.toMatch(/[{}]/);
              expect(out).not.toContain(`${messages.namespace}:`);
              expect(out.length).toBeGreaterThan(0);
            }
          }
        }
      });
    });
  }
});
