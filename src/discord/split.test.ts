import { Lexer, type Token, Tokenizer, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { LONE_SURROGATE } from '../../test/unicode';
import { closeTrailingFence, DISCORD_MESSAGE_LIMIT, splitMessage } from './split';

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

  it.each([
    ['list item', '- '],
    ['numbered item', '2. '],
    ['heading', '#'],
    ['quote', '>'],
  ])(
    'sends no message that is only an empty %s, even before a code line longer than a message',
    (_, empty) => {
      const text = `${empty}\n~~~\n${'x '.repeat(120)}\n~~~`;
      const chunks = splitMessage(text, 160);
      expect(chunks.length).toBeGreaterThan(1);
      expectFaithful(text, chunks, 160);
    },
  );

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

// ---------------------------------------------------------------------------------------------
// Rendering, as CommonMark (marked's lexer) sees it: what is code and what is prose.

/** CommonMark (GFM) as Discord shows it: no HTML, so a `<div>` line is text like any other. */
function lexAsDiscord(md: string): Token[] {
  class NoHtml extends Tokenizer {
    override html(): undefined {
      return undefined;
    }
    override tag(): undefined {
      return undefined;
    }
  }
  return Lexer.lex(md, { gfm: true, tokenizer: new NoHtml() });
}

type Part = ['code' | 'prose', string];

/** Code (blocks and spans) and prose of `md` in reading order, whitespace ignored, runs merged. */
function rendering(md: string): Part[] {
  const parts: Part[] = [];
  const push = (kind: Part[0], text: string) => {
    const t = text.replace(/\s+/g, '');
    const last = parts.at(-1);
    if (t === '') return;
    if (last !== undefined && last[0] === kind) last[1] += t;
    else parts.push([kind, t]);
  };
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'code' || t.type === 'codespan') push('code', t.text);
      else if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens);
      else if ('tokens' in t && t.tokens !== undefined && t.tokens.length > 0) walk(t.tokens);
      else if (t.type !== 'space' && t.type !== 'br') push('prose', 'text' in t ? t.text : t.raw);
    }
  };
  walk(lexAsDiscord(md));
  return parts;
}

/** The rendering of the chunks read one after the other. */
function renderingOfChunks(chunks: string[]): Part[] {
  const parts: Part[] = [];
  for (const [kind, text] of chunks.flatMap(rendering)) {
    const last = parts.at(-1);
    if (last !== undefined && last[0] === kind) last[1] += text;
    else parts.push([kind, text]);
  }
  return parts;
}

/** The code blocks of `md`, nested ones included. */
function codeBlocks(md: string): Tokens.Code[] {
  const found: Tokens.Code[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'code') found.push(t as Tokens.Code);
      else if (t.type === 'list') for (const item of (t as Tokens.List).items) walk(item.tokens);
      else if (t.type !== 'paragraph' && 'tokens' in t && t.tokens !== undefined) walk(t.tokens);
    }
  };
  walk(lexAsDiscord(md));
  return found;
}

/** Every chunk fits, shows something, splits no character, and together they render as `text`. */
function expectFaithful(text: string, chunks: string[], limit: number): void {
  const context = JSON.stringify({ text, limit, chunks });
  expect(chunks.length, context).toBeGreaterThan(0);
  for (const chunk of chunks) {
    expect(chunk.length, context).toBeLessThanOrEqual(limit);
    expect(chunk.trim(), context).not.toBe('');
    expect(LONE_SURROGATE.test(chunk), context).toBe(false);
    // No chunk that is only a fence: every chunk shows some text.
    expect(rendering(chunk).length, context).toBeGreaterThan(0);
  }
  expect(renderingOfChunks(chunks), context).toEqual(rendering(text.replace(/\r\n?/g, '\n')));
}

const codeLines = (n: number, width = 40) =>
  Array.from({ length: n }, (_, i) => `step(${i}); // ${'c'.repeat(width - 12 - String(i).length)}`);

describe('splitMessage and CommonMark code blocks (issue 8)', () => {
  const prose = Array.from({ length: 7 }, (_, p) => paragraph(p * 10, 6)).join('\n\n');

  it('keeps what CommonMark renders for a fence opened in the middle of a line', () => {
    // "Run this: ```bash" is no fence (a fence starts its line); the lone ``` line after it opens
    // one (no info string) that runs over the prose; "```js" cannot close it (a closing fence has
    // no info string); the last ``` closes it. So the whole answer shows prose and script as code,
    // and so must every message, even when the cut falls after the "```js" line.
    expect(prose.length).toBeGreaterThan(2400);
    const script = Array.from({ length: 80 }, (_, i) => `console.log('step ${i}');`).join('\n');
    const text = `Run this: \`\`\`bash\nnpm install\n\`\`\`\n${prose}\n\n\`\`\`js\n${script}\n\`\`\`\n`;
    const chunks = splitMessage(text);
    expectFaithful(text, chunks, 2000);
    expect(chunks).toHaveLength(3);
    expect(
      Lexer.lex(chunks[0] ?? '')
        .filter((t) => t.type !== 'space')
        .map((t) => t.type),
    ).toEqual(['paragraph', 'code']);
    expect(chunks[0]?.startsWith('Run this: ```bash\nnpm install\n```\n')).toBe(true);
    // Closed with the same fence, reopened with the same fence and (empty) info string.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith('\n```'), chunk).toBe(true);
    for (const chunk of chunks.slice(1)) {
      expect(chunk.startsWith('```\n'), chunk).toBe(true);
      expect(
        Lexer.lex(chunk)
          .filter((t) => t.type !== 'space')
          .map((t) => t.type),
      ).toEqual(['code']);
    }
    // "```js" stays a line of code, and the code reads as in the whole answer.
    const code = chunks.flatMap((c) => codeBlocks(c).map((b) => b.text)).join('\n');
    expect(code.replace(/\s+/g, '')).toBe(`${prose}\n\`\`\`js\n${script}`.replace(/\s+/g, ''));
  });

  it.each([
    ['<details>\n<summary>Setup</summary>', '</details>'],
    ['<div>', '</div>'],
    ['<br>', ''],
  ])('reads %j as text, as Discord does, so the fences after it split like any others', (open, close) => {
    const prose = Array.from(
      { length: 40 },
      (_, i) => `Line ${i} of the explanation, which is fairly long so it fills up space.`,
    ).join('\n');
    const text = `${open}\n${prose}\nRun this: \`\`\`bash\nnpm install\n\`\`\`\n${prose}\n\`\`\`js\nconst a = 1;\n\`\`\`\n${prose}\n${close}`;
    expectFaithful(text, splitMessage(text), DISCORD_MESSAGE_LIMIT);
  });

  it('keeps prose as prose and code as code when the fences start their lines', () => {
    const text = `Run this:\n\n\`\`\`bash\nnpm install\n\`\`\`\n\n${prose}\n\n\`\`\`js\nconsole.log('done');\n\`\`\`\n`;
    const chunks = splitMessage(text);
    expectFaithful(text, chunks, 2000);
    expect(chunks.flatMap((c) => codeBlocks(c).map((b) => [b.lang, b.text]))).toEqual([
      ['bash', 'npm install'],
      ['js', "console.log('done');"],
    ]);
    expect(chunks.every((c) => !c.startsWith('```\n'))).toBe(true);
  });

  it.each<[string, string, string]>([
    ['tildes with a language', '~~~py', '~~~'],
    ['four backticks around ``` lines', '````md', '````'],
    ['an indented fence', '   ```ts', '   ```'],
    ['an info string with spaces and braces', '```js title="a b.js" {1,3}', '```'],
    ['a longer closing fence', '```sh', '``````'],
    ['an info string with backticks after tildes', '~~~ `odd` info', '~~~'],
  ])('reopens %s with the same fence and info string', (_, open, close) => {
    const indent = /^ */.exec(open)?.[0] ?? '';
    const body = codeLines(30).map((l, i) => (i % 7 === 3 ? '```' : i % 7 === 5 ? '```js' : l));
    const fenced = open.startsWith('~') || open.includes('````');
    // Inside a ``` block, ``` lines would close it; they are content only in the other kinds.
    const lines = fenced ? body : codeLines(30);
    const text = `Intro paragraph.\n\n${open}\n${lines.map((l) => indent + l).join('\n')}\n${close}\n\nOutro paragraph.`;
    const limit = 400;
    const chunks = splitMessage(text, limit);
    expectFaithful(text, chunks, limit);
    const fence = open.trim().match(/^(`+|~+)/)?.[0] ?? '';
    const withCode = chunks.filter((c) => codeBlocks(c).length > 0);
    expect(withCode.length).toBeGreaterThan(2);
    for (const [i, chunk] of withCode.entries()) {
      if (i > 0) expect(chunk.startsWith(`${open}\n`), chunk).toBe(true);
      if (i < withCode.length - 1) expect(chunk.endsWith(`\n${fence}`), chunk).toBe(true);
    }
    // The code reads the same: every line once, in order.
    const code = chunks.flatMap((c) => codeBlocks(c).map((b) => b.text)).join('\n');
    expect(code).toBe(lines.join('\n'));
  });

  it('keeps an unclosed fence running to the end, and closes it there', () => {
    const lines = codeLines(40);
    const text = `Here:\n\n\`\`\`python\n${lines.join('\n')}`;
    const chunks = splitMessage(text, 300);
    expectFaithful(text, chunks, 300);
    expect(chunks.slice(1).every((c) => c.startsWith('```python\n') && c.endsWith('\n```'))).toBe(true);
    expect(chunks.flatMap((c) => codeBlocks(c).map((b) => b.text)).join('\n')).toBe(lines.join('\n'));
    // Short enough to send at once, an unclosed fence is still closed (Discord needs the closer).
    expect(splitMessage('```js\nconst a = 1;')).toEqual(['```js\nconst a = 1;\n```']);
  });

  it('closes and reopens a fence nested in a list item, and keeps the next items a list', () => {
    const lines = codeLines(30);
    const text = `1. Install the tools:\n\n   \`\`\`bash\n${lines.map((l) => `   ${l}`).join('\n')}\n   \`\`\`\n2. Run the bot.\n3. Ask it something.`;
    const chunks = splitMessage(text, 400);
    expectFaithful(text, chunks, 400);
    expect(Lexer.lex(chunks[0] ?? '')[0]?.type).toBe('list');
    expect(chunks.flatMap((c) => codeBlocks(c).map((b) => b.text)).join('\n')).toBe(lines.join('\n'));
    for (const chunk of chunks.filter((c) => codeBlocks(c).length > 0))
      expect(
        codeBlocks(chunk).every((b) => b.lang === 'bash'),
        chunk,
      ).toBe(true);
    const last = Lexer.lex(chunks.at(-1) ?? '').filter((t) => t.type === 'list') as Tokens.List[];
    expect(last.at(-1)?.start).toBe(2);
    expect(last.at(-1)?.items.map((i) => i.text)).toEqual(['Run the bot.', 'Ask it something.']);
  });

  it('closes and reopens a fence inside a block quote, still quoted', () => {
    const lines = codeLines(30);
    const text = `> Quoted:\n>\n> \`\`\`ts\n${lines.map((l) => `> ${l}`).join('\n')}\n> \`\`\`\n\nAfter.`;
    const chunks = splitMessage(text, 400);
    expectFaithful(text, chunks, 400);
    for (const chunk of chunks.filter((c) => codeBlocks(c).length > 0)) {
      expect(Lexer.lex(chunk)[0]?.type, chunk).toBe('blockquote');
      expect(
        codeBlocks(chunk).every((b) => b.lang === 'ts'),
        chunk,
      ).toBe(true);
    }
  });

  it('keeps indented code indented on both sides of a cut', () => {
    const lines = codeLines(40);
    const text = `Before.\n\n${lines.map((l) => `    ${l}`).join('\n')}\n\nAfter.`;
    const chunks = splitMessage(text, 300);
    expectFaithful(text, chunks, 300);
    expect(chunks.flatMap((c) => codeBlocks(c).map((b) => b.text)).join('\n')).toBe(lines.join('\n'));
  });

  it('splits CRLF input as it splits LF input', () => {
    const lines = codeLines(30);
    const text = `1. Install:\n\n   \`\`\`bash\n${lines.map((l) => `   ${l}`).join('\n')}\n   \`\`\`\n2. Run.\n\n${prose}`;
    const crlf = text.replace(/\n/g, '\r\n');
    const chunks = splitMessage(crlf, 500);
    expectFaithful(crlf, chunks, 500);
    expect(chunks).toEqual(splitMessage(text, 500));
    expect(chunks.some((c) => c.includes('\r'))).toBe(false);
  });

  it('hard-cuts a code line too long for a message on a character boundary, in the block', () => {
    const line = `a${'👩‍💻'.repeat(600)}`;
    const text = `\`\`\`\n${line}\n\`\`\``;
    const chunks = splitMessage(text);
    expectFaithful(text, chunks, 2000);
    expect(chunks.every((c) => c.startsWith('```\n') && c.endsWith('\n```'))).toBe(true);
    expect(chunks.map((c) => c.slice(4, -4)).join('')).toBe(line);
  });

  // A run of blank lines longer than a message inside a block: no chunk of a lone fence or of an
  // empty block made only of them, and what is code stays code. The block is cut at its end, so
  // what follows it starts the next message.
  const blank = '\n'.repeat(3000);
  it.each<[string, string, string[]]>([
    ['at its start', `\`\`\`\n${blank}x\n\`\`\``, ['```\nx\n```']],
    ['at its end', `\`\`\`\nx${blank}\`\`\``, ['```\nx\n```']],
    ['at its start, with more after', `\`\`\`py\n${blank}x\ny\n\`\`\`\nafter`, ['```py\nx\ny\n```', 'after']],
    ['as its whole body', `before\n\n\`\`\`\n${blank}\`\`\`\nafter`, ['before\n\n```\n```', 'after']],
  ])('drops blank lines longer than a message %s', (_, text, expected) => {
    expect(splitMessage(text)).toEqual(expected);
  });
});

describe('splitMessage and prose that must stay prose', () => {
  it.each<[string, string, string]>([
    ['an ordered-list number', '2. and more words', '2\\. and more words'],
    ['a dash', '- and a dash', '\\- and a dash'],
    ['a heading mark', '# and a hash', '\\# and a hash'],
    ['a quote mark', '> and an arrow', '\\> and an arrow'],
    ['three backticks', '``` not a fence', '\\`\\`\\` not a fence'],
    ['three tildes', '~~~ not a fence', '\\~\\~\\~ not a fence'],
  ])('escapes %s that would start the next chunk as another block', (_, rest, expected) => {
    // Mid-line the mark is text; at the start of a message it would open a list, a heading, a fence.
    const text = `${'x'.repeat(50)} ${rest}`;
    const chunks = splitMessage(text, 50);
    expect(chunks).toEqual(['x'.repeat(50), expected]);
    expectFaithful(text, chunks, 50);
  });

  it('does not turn a continuation line into indented code', () => {
    const text = `${'word '.repeat(9)}word\n        indented continuation of the paragraph`;
    const chunks = splitMessage(text, 55);
    expectFaithful(text, chunks, 55);
    expect(chunks[1]).toBe('indented continuation of the paragraph');
  });

  it('ends a chunk before a code span or a link rather than inside it', () => {
    const span = '`npm run build --workspace packages/answer-renderer`';
    const link = '[the deployment guide](https://example.com/docs/deploy/guide)';
    const text = `${'Some words before. '.repeat(3)}Run ${span} then read ${link} and ${span} again.`;
    // From the link's length up: a link longer than a message is the one cut that must go through it.
    for (let limit = 70; limit <= 140; limit += 7) {
      const chunks = splitMessage(text, limit);
      expectFaithful(text, chunks, limit);
      expect(chunks.filter((c) => c.includes(span))).toHaveLength(2);
      expect(chunks.filter((c) => c.includes(link))).toHaveLength(1);
    }
  });

  it('closes and reopens a code span longer than a message', () => {
    const words = Array.from({ length: 60 }, (_, i) => `arg${i}`).join(' ');
    const text = `Run \`tool ${words}\` now.`;
    const chunks = splitMessage(text, 100);
    expectFaithful(text, chunks, 100);
    expect(chunks.length).toBeGreaterThan(3);
  });

  it.each([
    ['ZWJ sequences', `a${'👩‍💻'.repeat(500)}`, '👩‍💻'],
    ['flags', `a${'🇫🇷'.repeat(600)}`, '🇫🇷'],
    ['combining marks', `a${'e\u0301'.repeat(1100)}`, 'e\u0301'],
  ])('hard-cuts %s only between characters', (_, text, character) => {
    const chunks = splitMessage(text);
    expectFaithful(text, chunks, 2000);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks.slice(1)) expect(chunk.split(character).join('')).toBe('');
  });
});

const lexes = (md: string) => {
  try {
    Lexer.lex(md, { gfm: true });
    return true;
  } catch {
    return false;
  }
};

describe('splitMessage on random markdown', () => {
  it('splits what marked cannot lex as plain text instead of throwing', () => {
    // marked 18 throws a TypeError on a list item holding ">2." followed by a "|" line.
    const text = `1. x\n   >2.\n|\n\n${'word '.repeat(30)}`;
    expect(lexes(text)).toBe(false);
    const chunks = splitMessage(text, 50);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(50);
    expect(chunks.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
  });

  // Answers as a model writes them: paragraphs with inline code, links and emphasis; fenced code
  // of every form (``` ~~~ ````, indented, with info strings, unclosed at the end); indented
  // code; lists with fences nested in their items; quotes; headings; some with CRLF.
  function randomMarkdown(random: () => number): string {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const WORDS = [
      'alpha',
      'beta.',
      'gamma!',
      'delta?',
      'x'.repeat(70),
      'e',
      '😀',
      '👩‍💻',
      '🇫🇷',
      'cafe\u0301',
      '`npm i`',
      '``a ` b``',
      '[docs](https://example.com/a_b)',
      '<https://discord.com/x>',
      '**bold**',
      '_em_',
      '2.',
      '-',
      '#',
      '>',
      '```x```',
      '~~~',
      '1)',
      '|',
      '\\*',
      '&amp;',
    ] as const;
    const words = (n: number) =>
      Array.from({ length: n }, () => (random() < 0.08 ? '\n' : '') + pick(WORDS)).join(' ');
    const fence = (indent: string, last: boolean) => {
      const char = random() < 0.7 ? '`' : '~';
      const length = 3 + Math.floor(random() * 3);
      const lines = Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
        pick([
          'const a = 1;',
          '',
          '  nested()',
          '```',
          '```js',
          '~~~',
          '    deep',
          'y'.repeat(60),
          '😀👩‍💻🇫🇷',
        ]),
      ).map((l) => (new RegExp(`^\\${char}{${length},}$`).test(l) ? 'noop' : l));
      lines.push('last();');
      const open = `${indent}${char.repeat(length)}${pick(['', 'js', 'ts title="a b"', 'bash {1,3}'])}`;
      const block = [open, ...lines.map((l) => (l === '' ? '' : indent + l))];
      if (!(last && random() < 0.5)) block.push(`${indent}${char.repeat(length + (random() < 0.3 ? 2 : 0))}`);
      return block.join('\n');
    };
    const block = (last: boolean): string => {
      const r = random();
      if (r < 0.35) return words(3 + Math.floor(random() * 80));
      if (r < 0.6) return fence(' '.repeat(Math.floor(random() * 4)), last);
      if (r < 0.65)
        return Array.from(
          { length: 2 + Math.floor(random() * 10) },
          () => `    ${words(3).replace(/\n/g, ' ')}`,
        ).join('\n');
      if (r < 0.8) {
        const ordered = random() < 0.5;
        return Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => {
          const marker = ordered ? `${i + 1}. ` : '- ';
          const pad = ' '.repeat(marker.length);
          let item = marker + words(2 + Math.floor(random() * 30)).replace(/\n/g, `\n${pad}`);
          if (random() < 0.5) item += `\n\n${fence(pad, false)}`;
          if (random() < 0.2) item += `\n${pad}- nested ${words(5).replace(/\n/g, ' ')}`;
          return item;
        }).join(random() < 0.5 ? '\n' : '\n\n');
      }
      if (r < 0.9) {
        const inner =
          random() < 0.5 ? words(10 + Math.floor(random() * 40)) : `${words(5)}\n\n${fence('', false)}`;
        return inner
          .split('\n')
          .map((l) => (l === '' ? '>' : `> ${l}`))
          .join('\n');
      }
      return `${pick(['#', '##', '###'])} ${words(4).replace(/\n/g, ' ')}`;
    };
    const n = 1 + Math.floor(random() * 8);
    const text = Array.from({ length: n }, (_, i) => block(i === n - 1))
      .map((b, i) => (i === 0 ? b : (random() < 0.8 ? '\n\n' : '\n') + b))
      .join('');
    return random() < 0.2 ? text.replace(/\n/g, '\r\n') : text;
  }

  it('keeps every chunk within the limit, non-empty and rendering the same code and prose', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 300; round++) {
      const text = randomMarkdown(random);
      const limit = 40 + Math.floor(random() * 400);
      const chunks = splitMessage(text, limit);
      for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(limit);
      const lf = text.replace(/\r\n/g, '\n');
      // What marked itself cannot lex has no rendering to compare with (see the test below).
      if (!lexes(lf)) continue;
      // Texts with an empty code block render nothing there, so "shows something" is checked
      // only where every block shows something.
      if (codeBlocks(lf).some((b) => b.text.trim() === ''))
        expect(renderingOfChunks(chunks)).toEqual(rendering(lf));
      else expectFaithful(text, chunks, limit);
    }
  });
});

describe('closeTrailingFence', () => {
  it.each([
    ['an answer cut off inside a block', 'Try:\n\n```js\nconst a = 1;', 'Try:\n\n```js\nconst a = 1;\n```'],
    ['a tilde fence, same character and length', '~~~~py\nx = 1\n', '~~~~py\nx = 1\n~~~~'],
    ['an indented fence', '   ```\ncode', '   ```\ncode\n```'],
    ['CRLF', '```\r\ncode\r\n', '```\ncode\n```'],
    ['a closed block is left alone', '```\ncode\n```\nafter', '```\ncode\n```\nafter'],
    ['"```js" does not close a block', '```\ncode\n```js\n', '```\ncode\n```js\n```'],
    ['prose is left alone', 'Run this: ```bash', 'Run this: ```bash'],
  ])('%s', (_, text, expected) => {
    expect(closeTrailingFence(text)).toBe(expected);
  });

  it('keeps a source list appended after a cut-off answer out of the code', () => {
    const sources = '**Sources**\n[1] #general · ana · 2024-05-01 <https://discord.com/channels/1/2/3>';
    const answer = 'Use:\n\n```sh\nnpm run deploy';
    expect(rendering(`${answer}\n\n${sources}`).at(-1)?.[0]).toBe('code');
    const fixed = `${closeTrailingFence(answer)}\n\n${sources}`;
    expect(rendering(fixed).at(-1)).toEqual([
      'prose',
      'Sources[1]#general·ana·2024-05-01https://discord.com/channels/1/2/3',
    ]);
  });
});
