import { describe, expect, it } from 'vitest';
import { askCommand, guildArgument } from './guilds';

const g = (guildId: string, name: string) => ({ guildId, name, messages: 1, channels: 1 });

describe('the next command after an import', () => {
  it.each([
    ['My Server', '"My Server"'],
    ["Rock 'n' Roll Club", `"Rock 'n' Roll Club"`],
    ['Café Δ', '"Café Δ"'],
    ['Say "hi"', '100000000000000001'],
    ['$HOME club', '100000000000000001'],
    ['back`tick', '100000000000000001'],
    ['', '100000000000000001'],
    [' padded ', '100000000000000001'],
  ])('names %j as %s (a name only when it pastes safely)', (name, arg) => {
    const guild = g('100000000000000001', name);
    expect(guildArgument(guild, [guild])).toBe(arg);
  });

  it('names a guild by id when another indexed guild has the same name in any case', () => {
    const a = g('100000000000000001', 'Lantern Makers');
    const b = g('100000000000000002', 'lantern makers');
    expect(askCommand(a, [a, b])).toBe('npm run ask -- --guild 100000000000000001 "your question"');
    expect(askCommand(a, [a])).toBe('npm run ask -- --guild "Lantern Makers" "your question"');
  });
});
