import { cutGraphemes, graphemeLength, graphemes, graphemesWithoutSegmenter, textLength } from './graphemes';

const FAMILY = '👨‍👩‍👧‍👦';
const FLAGS = '🇨🇳🇺🇸';
const THUMB = '👍🏽';
const E_ACUTE = 'e\u0301';
const KEYCAP = '1️⃣';
const CHINESE = '楼道灯坏了，请尽快处理！';

/** Both splitters must agree on the clusters people type. */
const SPLITTERS: [string, (text: string) => string[]][] = [
  ['Intl.Segmenter', graphemes],
  ['the fallback', graphemesWithoutSegmenter],
];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

it('runs on an engine that has Intl.Segmenter, so the first path is the native one', () => {
  expect(typeof Intl.Segmenter).toBe('function');
});

describe.each(SPLITTERS)('graphemes with %s', (_name, split) => {
  it('keeps a ZWJ family emoji whole', () => {
    expect(split(FAMILY)).toEqual([FAMILY]);
    expect(split(`a${FAMILY}b`)).toEqual(['a', FAMILY, 'b']);
  });

  it('pairs regional indicators into flags', () => {
    expect(split(FLAGS)).toEqual(['🇨🇳', '🇺🇸']);
    // An odd one out stays alone instead of stealing half of the next flag.
    expect(split('🇨🇨🇳')).toEqual(['🇨🇨', '🇳']);
  });

  it('keeps a skin tone with its emoji', () => {
    expect(split(`${THUMB}${THUMB}`)).toEqual([THUMB, THUMB]);
  });

  it('keeps a combining accent with its letter', () => {
    expect(split(`caf${E_ACUTE}!`)).toEqual(['c', 'a', 'f', E_ACUTE, '!']);
  });

  it('keeps a keycap with its digit and variation selector', () => {
    expect(split(`${KEYCAP}2️⃣`)).toEqual([KEYCAP, '2️⃣']);
    expect(split('❤️x')).toEqual(['❤️', 'x']);
  });

  it('splits Chinese text into its characters, rare ones outside the BMP included', () => {
    expect(split(CHINESE)).toEqual(Array.from(CHINESE));
    expect(split('𠀀𪚥')).toEqual(['𠀀', '𪚥']);
  });

  it('keeps CR LF together and nothing else with a control', () => {
    expect(split('a\r\nb\n\u0301')).toEqual(['a', '\r\n', 'b', '\n', '\u0301']);
  });

  it('gives nothing for an empty string', () => {
    expect(split('')).toEqual([]);
  });

  it('joins back to the text', () => {
    const text = `${CHINESE}${FAMILY}${FLAGS}${THUMB}${E_ACUTE}${KEYCAP}\ud800x`;
    expect(split(text).join('')).toBe(text);
  });
});

describe('without Intl.Segmenter', () => {
  it('graphemes falls back, as on iOS before 14.5', () => {
    const original = Intl.Segmenter;
    // The segmenter is looked up once per module, so a fresh copy sees the engine without it.
    Object.defineProperty(Intl, 'Segmenter', { value: undefined, configurable: true, writable: true });
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fresh = require('./graphemes') as typeof import('./graphemes');
        expect(fresh.graphemes(`${FAMILY}${FLAGS}`)).toEqual([FAMILY, '🇨🇳', '🇺🇸']);
        // Conjoining Hangul jamo are where the two differ: proof that this is the fallback.
        expect(fresh.graphemes('\u1100\u1161')).toEqual(['\u1100', '\u1161']);
        expect(graphemes('\u1100\u1161')).toEqual(['\u1100\u1161']);
        expect(fresh.cutGraphemes(`${'好'.repeat(3)}${FAMILY}`, 3)).toBe('好好…');
      });
    } finally {
      Object.defineProperty(Intl, 'Segmenter', { value: original, configurable: true, writable: true });
    }
  });
});

describe('graphemeLength and textLength', () => {
  it('count what a reader sees, or code points, or UTF-16 units', () => {
    expect(graphemeLength(FAMILY)).toBe(1);
    expect(graphemeLength(`${FLAGS}${THUMB}${E_ACUTE}${KEYCAP}`)).toBe(5);
    expect(graphemeLength(CHINESE)).toBe(12);
    expect(graphemeLength('')).toBe(0);
    expect(textLength(FAMILY, 'codePoint')).toBe(7);
    expect(textLength(FAMILY, 'codeUnit')).toBe(11);
    expect(textLength('\ud800\ud83d\ude00\udc00', 'codePoint')).toBe(3);
  });
});

describe('cutGraphemes', () => {
  it('returns text that fits unchanged', () => {
    expect(cutGraphemes(CHINESE, 12)).toBe(CHINESE);
    expect(cutGraphemes(`${FAMILY}  `, 3)).toBe(`${FAMILY}  `);
    expect(cutGraphemes('', 5)).toBe('');
    expect(cutGraphemes('', 0)).toBe('');
  });

  it('cuts to max graphemes, the ellipsis included', () => {
    const cut = cutGraphemes(CHINESE, 6);
    expect(cut).toBe('楼道灯坏了…');
    expect(graphemeLength(cut)).toBe(6);
  });

  it('never cuts inside an emoji, a flag, a skin tone, an accent or a keycap', () => {
    const text = `${FAMILY}${FLAGS}${THUMB}${E_ACUTE}${KEYCAP}`;
    expect(cutGraphemes(text, 3)).toBe(`${FAMILY}🇨🇳…`);
    expect(cutGraphemes(text, 5)).toBe(`${FAMILY}${FLAGS}${THUMB}…`);
    expect(cutGraphemes(`ab${KEYCAP}${E_ACUTE}`, 3)).toBe('ab…');
    for (let max = 0; max <= graphemeLength(text); max += 1) {
      const cut = cutGraphemes(text, max);
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(cut).not.toContain('\uFFFD');
      expect(graphemeLength(cut)).toBeLessThanOrEqual(max);
      expect(graphemes(text).join('').startsWith(cut.replace(/…$/, ''))).toBe(true);
    }
  });

  it('counts in code points when asked, still cutting whole graphemes', () => {
    // 18 + 7 code points do not fit in 20; the family goes whole.
    expect(cutGraphemes(`${'a'.repeat(18)}${FAMILY}`, 20, '…', 'codePoint')).toBe(`${'a'.repeat(18)}…`);
    expect(cutGraphemes(`${'a'.repeat(12)}${FAMILY}bb`, 20, '…', 'codePoint')).toBe(`${'a'.repeat(12)}${FAMILY}…`);
    expect(cutGraphemes(`${'😀'.repeat(30)}`, 20, '…', 'codeUnit')).toBe(`${'😀'.repeat(9)}…`);
  });

  it('drops trailing spaces before the ellipsis', () => {
    expect(cutGraphemes('水管 漏水了', 4)).toBe('水管…');
  });

  it('leaves the ellipsis out when max is smaller than it', () => {
    expect(cutGraphemes(CHINESE, 2, '...')).toBe('楼道');
    expect(cutGraphemes(`${FAMILY}${FAMILY}`, 1, '……')).toBe(FAMILY);
    expect(cutGraphemes(CHINESE, 0)).toBe('');
    expect(cutGraphemes(CHINESE, -3)).toBe('');
    expect(cutGraphemes(CHINESE, 1)).toBe('…');
  });

  it('takes an empty ellipsis for a plain cut', () => {
    expect(cutGraphemes(`${THUMB}${THUMB}${THUMB}`, 2, '')).toBe(`${THUMB}${THUMB}`);
  });
});
