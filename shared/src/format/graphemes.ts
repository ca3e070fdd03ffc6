/**
 * Text cut where a reader sees a character end: a grapheme cluster (👨‍👩‍👧‍👦, 🇨🇳, é as e + U+0301),
 * never inside one, so no preview or WeChat value ends in half an emoji (`�`) or a lone flag letter.
 * Intl.Segmenter does it exactly; WeChat's iOS engine before 14.5 and some Android X5 builds lack
 * it, so a small fallback covers the clusters people type. No lookbehind anywhere: old iOS
 * JavaScriptCore refuses it at parse time and the mini-app runs this module too.
 */

/** What a limit counts: graphemes (what a reader sees), code points (WeChat's characters, utf8mb4 columns) or UTF-16 units. */
export type TextUnit = 'grapheme' | 'codePoint' | 'codeUnit';

interface GraphemeSegmenter {
  segment(text: string): Iterable<{ segment: string }>;
}

// undefined: not looked for yet; null: this engine has no Intl.Segmenter.
let cachedSegmenter: GraphemeSegmenter | null | undefined;

function segmenter(): GraphemeSegmenter | null {
  if (cachedSegmenter === undefined) {
    cachedSegmenter = null;
    const Segmenter = typeof Intl === 'object' ? (Intl as { Segmenter?: typeof Intl.Segmenter }).Segmenter : undefined;
    if (typeof Segmenter === 'function') {
      try {
        cachedSegmenter = new Segmenter(undefined, { granularity: 'grapheme' });
      } catch {
        // An engine with a broken Segmenter (no ICU data) still gets the fallback.
      }
    }
  }
  return cachedSegmenter;
}

const ZWJ = 0x200d;
const LF = 0x0a;
const MARK = /\p{M}/u;

function isRegionalIndicator(cp: number): boolean {
  return cp >= 0x1f1e6 && cp <= 0x1f1ff;
}

function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/** Code points that belong to the cluster before them. */
function extendsCluster(cp: number, char: string): boolean {
  return (
    cp === 0x200c || // ZWNJ
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors (FE0E text, FE0F emoji style)
    (cp >= 0x1f3fb && cp <= 0x1f3ff) || // skin-tone modifiers
    (cp >= 0xe0020 && cp <= 0xe007f) || // tags of subdivision flags (🏴 England)
    MARK.test(char) // combining marks, the keycap U+20E3 among them
  );
}

/**
 * Grapheme clusters without Intl.Segmenter: surrogate pairs whole, and ZWJ sequences, variation
 * selectors, skin tones, flag pairs, combining marks, keycaps and CR LF kept together. Hangul
 * jamo sequences and Indic conjuncts are split where UAX #29 would not; precomposed text is not.
 */
export function graphemesWithoutSegmenter(text: string): string[] {
  const clusters: string[] = [];
  let current = '';
  let currentControl = false;
  let joinNext = false;
  let flagOpen = false;
  for (let index = 0; index < text.length;) {
    const cp = text.codePointAt(index) as number;
    const char = String.fromCodePoint(cp);
    index += char.length;
    const control = isControl(cp);
    const attach =
      current !== '' &&
      (currentControl
        ? current === '\r' && cp === LF
        : !control && (joinNext || cp === ZWJ || extendsCluster(cp, char) || (flagOpen && isRegionalIndicator(cp))));
    if (attach) {
      current += char;
      joinNext = cp === ZWJ;
      flagOpen = false;
      currentControl = cp === LF;
    } else {
      if (current !== '') clusters.push(current);
      current = char;
      joinNext = false;
      flagOpen = isRegionalIndicator(cp);
      currentControl = control;
    }
  }
  if (current !== '') clusters.push(current);
  return clusters;
}

/** The grapheme clusters of `text`, in order; joined they give `text` back. */
export function graphemes(text: string): string[] {
  if (!text) return [];
  const native = segmenter();
  if (!native) return graphemesWithoutSegmenter(text);
  return Array.from(native.segment(text), (part) => part.segment);
}

/** How many characters a reader sees in `text`. */
export function graphemeLength(text: string): number {
  return graphemes(text).length;
}

function codePointLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // A low surrogate right after a high one is the second half of one code point.
    if (unit >= 0xdc00 && unit <= 0xdfff && index > 0) {
      const before = text.charCodeAt(index - 1);
      if (before >= 0xd800 && before <= 0xdbff) continue;
    }
    count += 1;
  }
  return count;
}

/** The length of `text` in `unit`. */
export function textLength(text: string, unit: TextUnit = 'grapheme'): number {
  if (unit === 'codeUnit') return text.length;
  if (unit === 'codePoint') return codePointLength(text);
  return graphemeLength(text);
}

/**
 * `text` cut to at most `max` (in `unit`, ellipsis included) at a grapheme boundary, ending in
 * `ellipsis`; text that fits comes back unchanged. Trailing spaces before the ellipsis go. When
 * not even the ellipsis fits, the first graphemes that do are returned without one.
 */
export function cutGraphemes(text: string, max: number, ellipsis = '…', unit: TextUnit = 'grapheme'): string {
  const limit = max > 0 ? Math.floor(max) : 0;
  const parts = graphemes(text);
  const sizes = unit === 'grapheme' ? parts.map(() => 1) : parts.map((part) => textLength(part, unit));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= limit) return text;
  const room = limit - textLength(ellipsis, unit);
  const budget = room >= 0 ? room : limit;
  let kept = '';
  let used = 0;
  for (let index = 0; index < parts.length && used + sizes[index] <= budget; index += 1) {
    kept += parts[index];
    used += sizes[index];
  }
  return room >= 0 ? `${kept.trimEnd()}${ellipsis}` : kept;
}
