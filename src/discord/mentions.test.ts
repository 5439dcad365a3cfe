import type { APIAllowedMentions } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { defuseMassMentions, NO_MENTIONS } from './mentions';

describe('NO_MENTIONS', () => {
  it('parses nothing and fits the API type', () => {
    const body: APIAllowedMentions = NO_MENTIONS;
    expect(JSON.stringify(body)).toBe('{"parse":[]}');
  });
});

describe('defuseMassMentions', () => {
  it.each([
    ['hello @everyone', 'hello @\u200beveryone'],
    ['@here now', '@\u200bhere now'],
    ['@everyone and @here', '@\u200beveryone and @\u200bhere'],
    ['@Everyone', '@\u200bEveryone'],
    ['ask <@123> or <@!456> or <@&789>', 'ask <@123> or <@!456> or <@&789>'],
    ['mail me@example.com', 'mail me@example.com'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(defuseMassMentions(input)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = defuseMassMentions('@everyone @here');
    expect(defuseMassMentions(once)).toBe(once);
  });
});
