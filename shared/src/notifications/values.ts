/**
 * Subscribe-message values (WECHAT.md §3). WeChat answers 47003 when a `data[key].value` breaks
 * the rule of its key's type, or is empty, so every value goes through one of these formatters.
 * They never return an empty string: a value that cannot be made valid throws instead.
 */
import { cutGraphemes, formatShanghaiTime } from '../format';

export const TEMPLATE_VALUE_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'enum',
] as const;
export type TemplateValueType = (typeof TEMPLATE_VALUE_TYPES)[number];

/** What a template field may be fed with; Dates are shown in Asia/Shanghai. */
export type TemplateRaw = string | number | Date;

export interface TemplateDataValue {
  value: string;
}

// Longest names first so that `phone_number1` is not read as `number`.
const KEY_PATTERN = new RegExp(`^(${[...TEMPLATE_VALUE_TYPES].sort((a, b) => b.length - a.length).join('|')})(\\d+)$`);

/** The type part of a template key (`thing2` → `thing`); undefined when WeChat has no such type. */
export function templateKeyType(key: string): TemplateValueType | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as TemplateValueType) : undefined;
}

const HAN = /\p{Script=Han}/u;
const NOT_HAN = /\P{Script=Han}/gu;
const WHITESPACE = /\s+/gu;
// Control characters and lone surrogate halves are invisible or break the JSON WeChat reads.
const CONTROL = /[\p{Cc}\p{Cs}]/gu;
// Combining marks left after NFD, so that `José` keeps its letters as `Jose`.
const COMBINING = /\p{M}/gu;

/** Code points: WeChat's characters, so a rare Han character or a lone emoji counts once. */
function chars(text: string): string[] {
  return Array.from(text);
}

/**
 * The first `max` characters, counted as WeChat counts them (code points) but cut only between
 * graphemes: 👍🏽 is two characters and goes whole or not at all, never as 👍 without its tone.
 */
function take(text: string, max: number): string {
  return cutGraphemes(text, max, '', 'codePoint');
}

function clean(text: string): string {
  return text.replace(WHITESPACE, ' ').replace(CONTROL, '').replace(/ {2,}/g, ' ').trim();
}

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '');
}

/**
 * `thing`: ≤ 20 characters of any kind. Whitespace collapses; longer text ends with "…", cut
 * between graphemes (a family emoji is 7 characters to WeChat and goes whole). Empty → 无.
 */
export function thingValue(text: string): string {
  const cleaned = clean(text);
  if (!cleaned) return '无';
  return cutGraphemes(cleaned, 20, '…', 'codePoint');
}

/** `phrase`: ≤ 5 Chinese characters and nothing else (e.g. 处理中). Empty → `fallback`. */
export function phraseValue(text: string, fallback = '有更新'): string {
  const phrase = take(text.replace(NOT_HAN, ''), 5);
  if (phrase) return phrase;
  const fallbackPhrase = take(fallback.replace(NOT_HAN, ''), 5);
  if (fallbackPhrase) return fallbackPhrase;
  throw new Error(`phraseValue: neither "${text}" nor the fallback "${fallback}" has a Chinese character`);
}

/** `character_string`: ≤ 32 printable ASCII characters, no Chinese, no spaces. Empty → `-`. */
export function characterStringValue(text: string): string {
  const ascii = text.replace(/[^!-~]/g, '').slice(0, 32);
  return ascii || '-';
}

function shanghaiParts(value: TemplateRaw, caller: string): { date: string; clock: string } {
  const date = value instanceof Date ? value : new Date(value);
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(formatShanghaiTime(date));
  if (!match) throw new RangeError(`${caller}: ${String(value)} is not a valid date (years 0–9999)`);
  const [, year, month, day, clock] = match;
  return { date: `${year}年${Number(month)}月${Number(day)}日`, clock };
}

/** `time`: date and 24-hour time in Asia/Shanghai, `2026年11月22日 15:01`. Numbers are epoch ms. */
export function timeValue(date: Date | string | number): string {
  const parts = shanghaiParts(date, 'timeValue');
  return `${parts.date} ${parts.clock}`;
}

/** `date`: the Asia/Shanghai calendar day, `2026年11月22日`. Numbers are epoch ms. */
export function dateValue(date: Date | string | number): string {
  return shanghaiParts(date, 'dateValue').date;
}

/** The largest amount WeChat takes: 10 digits of yuan. */
export const MAX_AMOUNT_FEN = 9_999_999_999_99;

/** `amount`: integer fen (分) → `¥12.50`. Throws for negative, fractional or over-10-digit amounts. */
export function amountValue(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > MAX_AMOUNT_FEN) {
    throw new RangeError(`amountValue: ${fen} is not a whole number of fen between 0 and ${MAX_AMOUNT_FEN}`);
  }
  const yuan = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `¥${yuan}.${cents}`;
}

function plainDecimal(n: number): string {
  if (Number.isInteger(n)) return BigInt(n).toString();
  const text = String(n);
  if (!text.includes('e')) return text;
  // Only tiny fractions print in exponent form here (anything ≥ 1e21 is an integer).
  const fixed = n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** `number`: ≤ 32 digits, decimals allowed. Extra decimals are cut; too many whole digits throw. */
export function numberValue(n: number | string): string {
  let text: string;
  if (typeof n === 'number') {
    if (!Number.isFinite(n)) throw new RangeError(`numberValue: ${n} is not a finite number`);
    text = plainDecimal(n);
  } else {
    text = n.replace(/[\s,]/g, '').replace(/^\+/, '');
    if (!/^-?\d+(?:\.\d+)?$/.test(text)) throw new RangeError(`numberValue: "${n}" is not a decimal number`);
  }
  const [whole, fraction = ''] = text.split('.');
  const wholeDigits = whole.replace('-', '').length;
  if (wholeDigits > 32) throw new RangeError(`numberValue: ${text} has more than 32 digits`);
  const kept = fraction.slice(0, 32 - wholeDigits);
  return kept ? `${whole}.${kept}` : whole;
}

/** `letter`: ≤ 32 Latin letters (accents dropped). Throws when none are left. */
export function letterValue(text: string): string {
  const letters = withoutAccents(text)
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 32);
  if (!letters) throw new Error(`letterValue: "${text}" has no Latin letter`);
  return letters;
}

/** `symbol`: ≤ 5 symbols (no letters, digits or spaces). Throws when none are left. */
export function symbolValue(text: string): string {
  const symbols = take(text.replace(/[\p{L}\p{N}\s\p{Cc}\p{Cs}]/gu, ''), 5);
  if (!symbols) throw new Error(`symbolValue: "${text}" has no symbol that fits in 5 characters`);
  return symbols;
}

/** `phone_number`: ≤ 17 of digits, `+` and `-` (`+86-138-0013-8000`). Throws without a digit. */
export function phoneNumberValue(phone: string): string {
  const kept = phone.replace(/[^0-9+-]/g, '').slice(0, 17);
  if (!/\d/.test(kept)) throw new Error(`phoneNumberValue: "${phone}" has no digit`);
  return kept;
}

/**
 * `name`: ≤ 10 Chinese characters, or ≤ 20 Latin letters and ASCII symbols (no digits). A name
 * with any Chinese character keeps only its Chinese characters (`买买提·艾力` → `买买提艾力`). Empty → 无.
 */
export function nameValue(name: string): string {
  const cleaned = clean(name);
  if (HAN.test(cleaned)) return take(cleaned.replace(NOT_HAN, ''), 10);
  const latin = withoutAccents(cleaned)
    .replace(/[^A-Za-z !-/:-@[-`{-~]/g, '')
    .replace(/ +/g, ' ')
    .trim()
    .slice(0, 20)
    .trimEnd();
  return latin || '无';
}

/**
 * `car_number`: ≤ 8 characters, letters and digits, Chinese only first (province) or last (挂, 学…):
 * `京A·12345` → `京A12345`. Empty → 无.
 */
export function carNumberValue(plate: string): string {
  const kept = chars(plate.toUpperCase()).filter((char) => /^[A-Z0-9]$/.test(char) || HAN.test(char));
  const placed = kept.filter((char, index) => /^[A-Z0-9]$/.test(char) || index === 0 || index === kept.length - 1);
  return placed.slice(0, 8).join('') || '无';
}

/** `enum`: one of the template's own values; passed through trimmed. Throws when empty. */
export function enumValue(text: string): string {
  const value = text.trim();
  if (!value) throw new Error('enumValue: an enum value cannot be empty');
  return value;
}

function asText(raw: TemplateRaw): string {
  return raw instanceof Date ? formatShanghaiTime(raw) : String(raw);
}

function asFen(raw: TemplateRaw, key: string): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)) return Number(raw);
  throw new TypeError(`templateValue: ${key} is an amount and takes integer fen, not ${JSON.stringify(raw)}`);
}

function asNumber(raw: TemplateRaw, key: string): number | string {
  if (raw instanceof Date) throw new TypeError(`templateValue: ${key} is a number and cannot take a Date`);
  return raw;
}

/** Format one value for a template key, by the key's type (`thing3` → thingValue…). */
export function templateValue(key: string, raw: TemplateRaw): string {
  const type = templateKeyType(key);
  switch (type) {
    case 'thing':
      return thingValue(asText(raw));
    case 'phrase':
      return phraseValue(asText(raw));
    case 'character_string':
      return characterStringValue(asText(raw));
    case 'time':
      return timeValue(raw);
    case 'date':
      return dateValue(raw);
    case 'amount':
      return amountValue(asFen(raw, key));
    case 'number':
      return numberValue(asNumber(raw, key));
    case 'letter':
      return letterValue(asText(raw));
    case 'symbol':
      return symbolValue(asText(raw));
    case 'phone_number':
      return phoneNumberValue(asText(raw));
    case 'name':
      return nameValue(asText(raw));
    case 'car_number':
      return carNumberValue(asText(raw));
    case 'enum':
      return enumValue(asText(raw));
    case undefined:
      throw new Error(
        `templateValue: "${key}" is not a WeChat template key (a type such as thing or time, then a number)`,
      );
  }
}

/**
 * What an empty field shows, per type. Types that are missing here (time, date, amount, number,
 * phone_number, letter, symbol, enum) have no honest placeholder, so an empty field throws.
 */
export const TEMPLATE_EMPTY_VALUES: Partial<Record<TemplateValueType, string>> = {
  thing: '无',
  phrase: '有更新',
  character_string: '-',
  name: '无',
  car_number: '无',
};

/**
 * Build a subscribe message's `data` from Linli's fields. `mapping` says which WeChat key each
 * field goes to (`{ number: 'character_string1', title: 'thing2' }`); fields not in it are ignored.
 * A null, undefined or blank field gets its type's placeholder (TEMPLATE_EMPTY_VALUES).
 */
export function templateData(
  mapping: Record<string, string>,
  fields: Record<string, TemplateRaw | null | undefined>,
): Record<string, TemplateDataValue> {
  const data: Record<string, TemplateDataValue> = {};
  for (const [field, key] of Object.entries(mapping)) {
    const type = templateKeyType(key);
    if (!type) throw new Error(`templateData: field "${field}" maps to "${key}", which is not a WeChat template key`);
    if (key in data) throw new Error(`templateData: more than one field maps to "${key}"`);
    const raw = fields[field];
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      const empty = TEMPLATE_EMPTY_VALUES[type];
      if (empty === undefined) {
        throw new Error(`templateData: field "${field}" (${key}) is empty and ${type} values cannot be empty`);
      }
      data[key] = { value: empty };
    } else {
      data[key] = { value: templateValue(key, raw) };
    }
  }
  return data;
}
