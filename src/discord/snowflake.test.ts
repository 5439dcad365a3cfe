import { describe, expect, it } from 'vitest';
import {
  compareSnowflakes,
  DISCORD_EPOCH_MS,
  jumpLink,
  maxSnowflake,
  msToSnowflake,
  snowflakeToMs,
} from './snowflake';

describe('snowflakeToMs', () => {
  it.each([
    ['175928847299117063', '2016-04-30T11:18:25.796Z'],
    ['0', '2015-01-01T00:00:00.000Z'],
    ['4194304', '2015-01-01T00:00:00.001Z'],
  ])('%s → %s', (id, iso) => {
    expect(new Date(snowflakeToMs(id)).toISOString()).toBe(iso);
  });

  it.each(['', ' 1', 'abc', '-5', '1.5', '123456789012345678901'])('rejects %j', (id) => {
    expect(() => snowflakeToMs(id)).toThrow(RangeError);
  });
});

describe('msToSnowflake', () => {
  it.each([
    DISCORD_EPOCH_MS + 1,
    Date.parse('2016-04-30T11:18:25.796Z'),
    Date.parse('2024-12-31T23:59:59.999Z'),
  ])('round-trips %d', (ms) => {
    expect(snowflakeToMs(msToSnowflake(ms))).toBe(ms);
  });

  it('is the smallest id of that millisecond', () => {
    const ms = snowflakeToMs('175928847299117063');
    const cursor = msToSnowflake(ms);
    expect(compareSnowflakes(cursor, '175928847299117063')).toBe(-1);
    expect(snowflakeToMs((BigInt(cursor) - 1n).toString())).toBe(ms - 1);
  });

  it.each([
    [DISCORD_EPOCH_MS, '0'],
    [0, '0'],
    [DISCORD_EPOCH_MS + 1.9, '4194304'],
  ])('%d → %s', (ms, id) => {
    expect(msToSnowflake(ms)).toBe(id);
  });

  it('rejects NaN', () => {
    expect(() => msToSnowflake(Number.NaN)).toThrow(RangeError);
  });
});

describe('compareSnowflakes', () => {
  it.each([
    ['9', '10', -1],
    ['10', '9', 1],
    ['175928847299117063', '175928847299117063', 0],
    ['175928847299117063', '175928847299117064', -1],
    ['99999999999999999', '100000000000000000', -1],
  ])('%s vs %s → %d', (a, b, expected) => {
    expect(compareSnowflakes(a, b)).toBe(expected);
  });

  it('sorts numerically', () => {
    expect(['100', '9', '20'].sort(compareSnowflakes)).toEqual(['9', '20', '100']);
  });
});

describe('maxSnowflake', () => {
  it.each([
    [[], undefined],
    [['5'], '5'],
    [['9', '10', '2'], '10'],
    [['99999999999999999', '100000000000000000'], '100000000000000000'],
  ])('%j → %s', (ids, expected) => {
    expect(maxSnowflake(ids)).toBe(expected);
  });

  it('accepts any iterable', () => {
    expect(maxSnowflake(new Set(['3', '30', '4']))).toBe('30');
  });
});

describe('jumpLink', () => {
  it('builds a channel message link', () => {
    expect(jumpLink('1', '2', '3')).toBe('https://discord.com/channels/1/2/3');
  });
});
