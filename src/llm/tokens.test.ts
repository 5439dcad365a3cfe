import { createRequire } from 'node:module';
import type { Llama3Tokenizer } from 'llama3-tokenizer-js';
import { describe, expect, it } from 'vitest';
import { prng } from '../../test/random';
import { estimateDrift, FALLBACK_FACTOR, isLlama3Family, tokenCounterFor } from './tokens';

// The reference: Meta's Llama 3 tokenizer as packaged, read directly rather than through our counter.
const llama3 = (
  createRequire(import.meta.url)(
    'llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs',
  ) as {
    llama3Tokenizer: Llama3Tokenizer;
  }
).llama3Tokenizer;
const realCount = (text: string) => llama3.encode(text, { bos: false, eos: false }).length;

describe('isLlama3Family', () => {
  it.each([
    ['llama3.2:3b', true],
    ['llama3.2', true],
    ['llama3', true],
    ['llama3:8b-instruct-q4_K_M', true],
    ['llama3.1:70b', true],
    ['llama3.3:latest', true],
    ['llama3.2-vision:11b', true],
    ['registry.ollama.ai/library/llama3.2:3b', true],
    ['hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', true],
    ['hf.co/lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF', true],
    ['llama2:7b', false],
    ['llama4:scout', false],
    ['llama3.4', false],
    ['llama30', false],
    ['qwen2.5:7b', false],
    ['mistral', false],
    ['gemma3:4b', false],
    ['dolphin-llama3', false],
  ])('%s → %s', (model, expected) => {
    expect(isLlama3Family(model)).toBe(expected);
  });
});

describe('tokenCounterFor', () => {
  it('counts exactly with the Llama 3 tokenizer for the Llama 3 family', () => {
    const c = tokenCounterFor('llama3.2:3b');
    expect(c.exact).toBe(true);
    expect(c.name).toBe('llama3');
  });

  it('falls back to a marked estimate for other families', () => {
    const c = tokenCounterFor('qwen2.5:7b');
    expect(c.exact).toBe(false);
    expect(c.name).toBe(`cl100k×${FALLBACK_FACTOR}+script`);
  });

  // Expected token ids as published by Meta's reference tokenizer (lengths taken here).
  it.each([
    ['This is a test sentence.', 6],
    ['grabbed', 2],
    [' grabbed', 1],
    ['\n', 1],
    ['镇', 1],
    ['🦙', 3],
    ['🦙Ꙋ', 6],
    ['ax\n####\nboo', 4],
    ['', 0],
    // Special tokens spelled in text are single tokens, as Ollama parses them.
    [
      '<|start_header_id|>This text has special tokens<|eom_id|> in the middle of it.<|end_header_id|><|eot_id|>',
      15,
    ],
  ])('llama3 counts %j as %i tokens', (text, expected) => {
    expect(tokenCounterFor('llama3.2:3b').count(text)).toBe(expected);
  });

  it('loads once: warming again costs nothing', () => {
    const c = tokenCounterFor('llama3.1:8b');
    c.warm();
    expect(c.warm()).toBe(0);
    expect(tokenCounterFor('qwen2.5').count('<|endoftext|> is plain text here')).toBeGreaterThan(1);
  });
});

// Sample text of each script the budget must hold for.
const SCRIPTS: Record<string, string> = {
  english:
    'The deploy failed again last night because the migration ran before the new schema was pushed. Ping me before restarting the indexer.',
  french:
    "Bonjour à tous ! La réunion de jeudi est déplacée à vendredi, 18 h 30. N'oubliez pas vos idées pour l'événement.",
  vietnamese:
    'Xin chào mọi người, tối nay chúng ta sẽ họp trực tuyến lúc tám giờ để bàn về kế hoạch cuối năm.',
  russian:
    'Всем привет! Сервер будет недоступен в субботу с десяти до двух: меняем диски и обновляем драйверы видеокарты.',
  greek: 'Γεια σας σε όλους! Η συνάντηση της Πέμπτης μεταφέρεται την Παρασκευή στις έξι και μισή.',
  chinese: '大家好，昨晚的部署又失败了，原因是迁移脚本在新的数据库结构推送之前就运行了。我已经回滚了版本。',
  japanese:
    '皆さん、こんにちは。昨夜のデプロイは、新しいスキーマが反映される前にマイグレーションが実行されたため失敗しました。',
  korean:
    '안녕하세요 여러분, 어젯밤 배포가 또 실패했습니다. 새 스키마가 반영되기 전에 마이그레이션이 실행되었기 때문입니다.',
  arabic:
    'مرحباً بالجميع، فشل النشر مرة أخرى الليلة الماضية لأن عملية الترحيل بدأت قبل رفع المخطط الجديد لقاعدة البيانات.',
  hindi: 'सभी को नमस्कार, कल रात का डिप्लॉयमेंट फिर से विफल हो गया क्योंकि नया स्कीमा लागू होने से पहले माइग्रेशन चल गया।',
  thai: 'สวัสดีทุกคน เมื่อคืนการปรับใช้ล้มเหลวอีกครั้งเพราะการย้ายข้อมูลทำงานก่อนที่โครงสร้างฐานข้อมูลใหม่จะถูกส่งขึ้นไป',
  emoji:
    'gg everyone 🎉🎉🎉 we did it!!! 🥳🔥💯 🙏🏽🙏🏿 👋😄 ❤️🧡💛💚💙💜 🇫🇷🇯🇵🇧🇷 👨‍👩‍👧‍👦 🏳️‍🌈 🧑🏻‍💻 😂😂😂🤣 ✨✨ 🦙🦙',
  code: "```ts\nfor (let i = 0; i < n; i++) { try { return await fn(); } catch (e) { last = e; } }\n```\nerror TS2345: Argument of type 'string | undefined'",
  mixed:
    '[attachment: 截图.png] <@123456789012345678> 你看这个 error: ECONNREFUSED 127.0.0.1:11434 — Ollama не запущен? 😅',
  zalgo: 'Z̴̢̛̤a̶̞͑l̷̰̈́g̸̣̾o̵̺͝ Z̴̢̛̤a̶̞͑l̷̰̈́g̸̣̾o̵̺͝',
};

// Deterministic random text from a code-point range, the hardest case for a vocabulary.
function randomText(lo: number, hi: number, n: number, seed: number): string {
  let s = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out += String.fromCodePoint(lo + (s % (hi - lo)));
  }
  return out;
}
const RANDOM: Record<string, string> = {
  'random CJK': randomText(0x4e00, 0x9fff, 400, 1),
  'random CJK extension B': randomText(0x20000, 0x2a6df, 200, 2),
  'random Hangul': randomText(0xac00, 0xd7a3, 300, 3),
  'random Cyrillic': randomText(0x0410, 0x044f, 300, 4),
  'random Arabic': randomText(0x0621, 0x064a, 300, 5),
  'random emoji': randomText(0x1f300, 0x1f5ff, 200, 6),
  'random Latin-1 and Latin Extended-A': randomText(0x00c0, 0x017f, 300, 7),
};

// 32,000-token SentencePiece vocabularies with byte fallback: the families the fallback must cover.
type Encoder = { encode(text: string, bos?: boolean, eos?: boolean): number[] };
const load = (name: string) => {
  const m = createRequire(import.meta.url)(name) as { default?: Encoder } & Encoder;
  return m.default ?? m;
};
const llama2 = load('llama-tokenizer-js');
const mistral = load('mistral-tokenizer-js');

const NUMBERS: Record<string, string> = {
  'snowflakes and jump links':
    'https://discord.com/channels/800000000000000001/810000000000000123/1456104894627840122 <@123456789012345678>',
  timestamps: '2026-11-29 20:15 · 2026-11-30 08:05 · 1764446100000 · v10.4.2 · 127.0.0.1:11434',
  'white space': 'a    b      c        d\n\n\n\t\t e',
};

describe('the fallback estimate', () => {
  const fallback = tokenCounterFor('mistral:7b');
  it.each(Object.entries({ ...SCRIPTS, ...RANDOM, ...NUMBERS }))(
    'is never below the Llama 3, Llama 2 or Mistral count: %s',
    (_, text) => {
      const repeated = `${text}\n`.repeat(5);
      const estimate = fallback.count(repeated);
      expect(estimate).toBeGreaterThanOrEqual(realCount(repeated));
      expect(estimate).toBeGreaterThanOrEqual(llama2.encode(repeated, false, false).length);
      expect(estimate).toBeGreaterThanOrEqual(mistral.encode(repeated, false, false).length);
    },
  );
});

describe('estimateDrift', () => {
  it.each([
    [1000, 900, { estimated: 1000, actual: 900, delta: 100, ratio: 0.9, underCounted: false }],
    [1000, 1000, { estimated: 1000, actual: 1000, delta: 0, ratio: 1, underCounted: false }],
    [800, 1000, { estimated: 800, actual: 1000, delta: -200, ratio: 1.25, underCounted: true }],
  ])('estimate %i vs Ollama %i', (estimated, actual, expected) => {
    expect(estimateDrift(estimated, actual)).toEqual(expected);
  });

  it.each([
    [1000, undefined],
    [1000, 0],
    [0, 500],
  ])('nothing to compare: estimate %i vs Ollama %s', (estimated, actual) => {
    expect(estimateDrift(estimated, actual)).toBeUndefined();
  });
});

describe('counting joined parts (countJoined)', () => {
  // Pieces of text that meet at a border in every way the pre-tokenizer treats differently:
  // letters of several scripts, digit runs, contractions, punctuation runs (which take the line
  // breaks after them), white space of all kinds, emoji, and special-token text.
  const ATOMS = [
    'word',
    'Über',
    'ça',
    'где',
    '日本語',
    '한국어',
    'مرحبا',
    '12',
    '12345',
    '7',
    "'s",
    "'ll",
    "n't",
    '.',
    '...',
    '!?',
    ')',
    '»',
    '—',
    '<',
    '>',
    '</conversation>',
    '<message n="1">',
    '[1]',
    '`code`',
    '🙂',
    '👩‍💻',
    ' ',
    '  ',
    '\t',
    '\n',
    '\n\n',
    ' \n',
    '\u00a0',
    '\u3000',
    '<|eot_id|>',
    '<|',
    '|>',
  ];
  const random = prng(23);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const text = (atoms: number) => Array.from({ length: atoms }, () => pick(ATOMS)).join('');
  const VISIBLE = ATOMS.filter((a) => /^\S+$/.test(a) && !a.includes('<|'));
  /** Mostly a part as prompts have them (visible at both ends); sometimes anything. */
  const part = () => {
    const inner = text(Math.floor(random() * 12));
    return random() < 0.8 ? `${pick(VISIBLE)}${inner}${pick(VISIBLE)}` : inner || pick(ATOMS);
  };
  const counter = tokenCounterFor('llama3.2');

  it('gives the count of the joined text, for 3,000 random joins, with the parts counted apart', () => {
    let borderCounted = 0;
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 5) }, part);
      const separator = pick(['\n', '\n\n', '\n\n\n', ' ', '\r\n']);
      const joined = parts.join(separator);
      const whole: string[] = [];
      const got = counter.countJoined(parts, separator, (t) => {
        if (t === joined) whole.push(t);
        return realCount(t);
      });
      expect(got, JSON.stringify({ parts, separator })).toBe(realCount(joined));
      if (whole.length === 0 && parts.length > 1) borderCounted++;
    }
    // Many of these joins were counted from their parts, not joined and counted whole (599 of 3,000
    // with this seed; the rest hold special-token text, a space separator or a blank end).
    expect(borderCounted).toBeGreaterThan(500);
  });

  it('counts a prompt-shaped join from its parts: the whole text is never tokenized', () => {
    const blocks = Array.from(
      { length: 12 },
      (_, i) =>
        `<conversation n="${i + 1}" channel="general">\n<message n="1" author="ana" time="2026-01-0${(i % 9) + 1}">${text(40).replace(/<\|/g, '<\\|')}.</message>\n</conversation>`,
    ).filter((b) => /^\S/.test(b) && /\S$/.test(b));
    const parts = ['<conversations>', ...blocks, '</conversations>'];
    const seen: string[] = [];
    const got = counter.countJoined(parts, '\n', (t) => {
      seen.push(t);
      return realCount(t);
    });
    expect(got).toBe(realCount(parts.join('\n')));
    const longest = Math.max(...parts.map((p) => p.length));
    expect(seen.every((t) => t.length <= longest)).toBe(true);
  });
});
