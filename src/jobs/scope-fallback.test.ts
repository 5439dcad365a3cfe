import { Writable } from 'node:stream';
import { REST } from '@discordjs/rest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { logScopeFallback } from './scope-fallback';

function captured() {
  const lines: { msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { msg: string });
      done();
    },
  });
  return { log: createLogger('warn', { destination }), lines };
}

describe('logScopeFallback', () => {
  it('says once per process that answers search only the asked channel without a bot token; Discord failing each time', async () => {
    // The error @discordjs/rest itself raises for a bot route without a token.
    const noToken = await new REST({ api: 'http://127.0.0.1:9' }).get('/guilds/1').catch((e: unknown) => e);
    const { log, lines } = captured();
    for (let i = 0; i < 3; i++) logScopeFallback(log, noToken);
    logScopeFallback(log, new Error('503 Service Unavailable'));
    logScopeFallback(log, new Error('503 Service Unavailable'));
    expect(lines.map((l) => l.msg)).toEqual([
      'DISCORD_BOT_TOKEN is not set: answers search only the channel they are asked in (said once)',
      'guild permissions unavailable (Discord failing?); searching the asked channel only',
      'guild permissions unavailable (Discord failing?); searching the asked channel only',
    ]);
  });
});
