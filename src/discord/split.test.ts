import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from './split';

const isFenceLine = (line: string) => line.trim().startsWith('```');
const fenceCount = (chunk: string) => chunk.split('\n').filter(isFenceLine).length;
/** Text with fence lines removed and whitespace collapsed: what a reader sees, whatever the chunking. */
const content = (text: string) =>
  text
    .split('\n')
    .filter((line) => !isFenceLine(line))
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function sentence(i: number): string {
  return `Sentence number ${i} explains one more detail of the deployment.`;
}
function paragraph(start: number, sentences: number): string {
  return Array.from({ length: sentences }, (_, k) => sentence(start + k)).join(' ');
}

describe('splitMessage', () => {
  it('uses Discord’s limit by default', () => {
    expect(DISCORD_MESSAGE_LIMIT).toBe(2000);
    expect(splitMessage('x'.repeat(2000))).toEqual(['x'.repeat(2000)]);
    expect(splitMessage('x'.repeat(2001))).toHaveLength(2);
  });

  it.each<[string, string, number, string[]]>([
    ['empty', '', 100, []],
    ['blank lines only', '\n \n\t\n', 100, []],
    ['short text is trimmed of blank lines', '\n\n  hello\nworld  \n\n', 100, ['  hello\nworld']],
    ['paragraph break preferred', 'aaaa bbbb.\n\ncccc dddd\neeee', 20, ['aaaa bbbb.', 'cccc dddd\neeee']],
    ['line break over sentence', 'aaaa. bbbb\ncccc dddd eeee', 20, ['aaaa. bbbb', 'cccc dddd eeee']],
    ['sentence over space', 'aaaa bbbb. cccc dddd eeee', 20, ['aaaa bbbb.', 'cccc dddd eeee']],
    ['question and exclamation marks', 'Why not? Because! Yes', 12, ['Why not?', 'Because! Yes']],
    ['space when nothing else', 'aaaa bbbb cccc dddd eeee', 12, ['aaaa bbbb', 'cccc dddd', 'eeee']],
    ['an early break is used before a hard cut', 'ab cdefghijklmnop', 10, ['ab', 'cdefghijkl', 'mnop']],
    ['hard cut', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
  ])('%s', (_, text, limit, expected) => {
    expect(splitMessage(text, limit)).toEqual(expected);
  });

  it('prefers paragraph boundaries', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => paragraph(i * 10, 5));
    const text = paragraphs.join('\n\n');
    const chunks = splitMessage(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(2000);
      for (const part of chunk.split('\n\n')) expect(paragraphs).toContain(part);
    }
    expect(chunks.join('\n\n')).toBe(text);
  });

  it('hard-cuts a single 4500-character word', () => {
    const word = 'x'.repeat(4500);
    expect(splitMessage(word).map((c) => c.length)).toEqual([2000, 2000, 500]);
    expect(splitMessage(word).join('')).toBe(word);
  });

  it.each([
    ['emoji after an odd prefix', `a${'😀'.repeat(1500)}`],
    ['emoji only', '😀'.repeat(1501)],
    ['mixed', `${'ab😀'.repeat(700)}`],
  ])('never breaks a surrogate pair: %s', (_, text) => {
    const chunks = splitMessage(text);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(2000);
      expect(LONE_SURROGATE.test(chunk)).toBe(false);
    }
    expect(chunks.join('')).toBe(text);
  });

  describe('a 5000-character answer with a code block across a boundary', () => {
    const intro = [paragraph(0, 8), paragraph(10, 8)].join('\n\n');
    const code = Array.from(
      { length: 70 },
      (_, i) => `  const value${i} = compute(${i}, "argument number ${i}");`,
    ).join('\n');
    const outro = [paragraph(20, 8), paragraph(30, 6)].join('\n\n');
    const text = `${intro}\n\nHere is the code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\n${outro}`;
    const chunks = splitMessage(text);

    it('is about 5000 characters and splits into several chunks', () => {
      expect(text.length).toBeGreaterThan(4800);
      expect(text.length).toBeLessThan(5600);
      expect(chunks.length).toBeGreaterThanOrEqual(3);
    });

    it('keeps every chunk within the limit and non-empty', () => {
      for (const chunk of chunks) {
        expect(chunk.length).toBeLessThanOrEqual(2000);
        expect(chunk.trim()).not.toBe('');
      }
    });

    it('balances fences in every chunk', () => {
      for (const chunk of chunks) expect(fenceCount(chunk) % 2).toBe(0);
    });

    it('closes and reopens the block with its language', () => {
      const closedEarly = chunks.findIndex((c, i) => i < chunks.length - 1 && c.endsWith('\n```'));
      expect(closedEarly).toBeGreaterThanOrEqual(0);
      expect(chunks[closedEarly + 1]?.startsWith('```ts\n')).toBe(true);
    });

    it('reproduces the text once the added fences are removed', () => {
      expect(content(chunks.join('\n'))).toBe(content(text));
      const added = chunks.reduce((n, c) => n + fenceCount(c), 0) - fenceCount(text);
      expect(added % 2).toBe(0);
      expect(added).toBeGreaterThan(0);
    });
  });

  it('does not reopen a block only to close it', () => {
    const code = 'x'.repeat(30);
    const text = `\`\`\`py\n${code}\n${code}\n\`\`\`\nafter the block`;
    const chunks = splitMessage(text, 75);
    expect(chunks).toEqual([`\`\`\`py\n${code}\n${code}\n\`\`\``, 'after the block']);
  });

  it('moves an opening fence line to the next chunk instead of leaving an empty block', () => {
    const prose = 'p'.repeat(40);
    const text = `${prose}\n\`\`\`js\n${'c'.repeat(40)}\n\`\`\``;
    const chunks = splitMessage(text, 50);
    expect(chunks[0]).toBe(prose);
    expect(chunks.slice(1).every((c) => c.startsWith('```js'))).toBe(true);
  });

  it('treats a one-line ```code``` as closed', () => {
    const text = `see \`\`\`inline\`\`\` code\n${'w '.repeat(40)}`;
    for (const chunk of splitMessage(text, 45)) expect(chunk.includes('```\n')).toBe(false);
  });

  it.each([0, 1, 2.5, Number.NaN])('rejects limit %d', (limit) => {
    expect(() => splitMessage('text', limit)).toThrow(RangeError);
  });

  it('holds its invariants on random markdown', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = ['alpha', 'beta.', 'gamma!', 'delta?', '😀', 'x'.repeat(70), 'e', '\n', '\n\n', '  '];
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      let inCode = false;
      for (let i = 0; i < 20 + random() * 200; i++) {
        if (random() < 0.04) {
          parts.push(inCode ? '\n```\n' : `\n\`\`\`${random() < 0.5 ? 'ts' : ''}\n`);
          inCode = !inCode;
        } else {
          parts.push(words[Math.floor(random() * words.length)] ?? '', ' ');
        }
      }
      if (inCode) parts.push('\n```');
      const text = parts.join('');
      const limit = 40 + Math.floor(random() * 200);
      const chunks = splitMessage(text, limit);
      const context = JSON.stringify({ text, limit, chunks });
      for (const chunk of chunks) {
        expect(chunk.length, context).toBeLessThanOrEqual(limit);
        expect(chunk.trim(), context).not.toBe('');
        expect(fenceCount(chunk) % 2, context).toBe(0);
        expect(LONE_SURROGATE.test(chunk), context).toBe(false);
      }
      // Hard cuts through long words add a boundary, so whitespace is ignored altogether here.
      expect(content(chunks.join('\n')).replace(/ /g, ''), context).toBe(content(text).replace(/ /g, ''));
      // A chunk holding only a fence would show as an empty code block.
      for (const chunk of chunks)
        expect(
          chunk.split('\n').some((l) => !isFenceLine(l)),
          context,
        ).toBe(true);
    }
  });
});
