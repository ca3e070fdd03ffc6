/**
 * Value rules of subscribe-message keys, per WeChat's type table (WECHAT.md §3).
 * A key is a type plus an index (`thing1`, `character_string2`); WeChat answers 47003 when a
 * value breaks its type's rule, so the sandbox rejects exactly those values.
 */

import { TEMPLATE_VALUE_TYPES, type TemplateValueType } from '@linli/shared';

// The type names are WeChat's, listed once in shared; the rules below are the sandbox's own check.
export const VALUE_TYPES = TEMPLATE_VALUE_TYPES;

export type ValueType = TemplateValueType;

export type ValueCheck = 'ok' | 'empty' | 'invalid';

// Longest names first so that `phone_number1` is not read as `number` with a prefix.
const KEY_PATTERN = new RegExp(`^(${[...VALUE_TYPES].sort((a, b) => b.length - a.length).join('|')})(\\d+)$`);

/** The type part of a key such as `thing2`; undefined for keys WeChat does not define. */
export function keyType(key: string): ValueType | undefined {
  const match = KEY_PATTERN.exec(key);
  return match ? (match[1] as ValueType) : undefined;
}

const HAN = /\p{Script=Han}/u;
const ONLY_HAN = /^\p{Script=Han}+$/u;

/** Characters as a phone shows them: code points, so an emoji or a rare Han character counts once. */
export function charCount(value: string): number {
  return Array.from(value).length;
}

function hasHan(value: string): boolean {
  return HAN.test(value);
}

// Date: 2026年11月22日, 2026-11-22 or 2026/11/22 (year optional for the Chinese form).
const DATE = String.raw`(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-/]\d{1,2}[-/]\d{1,2}`;
const CLOCK = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?`;
const TIME_POINT = new RegExp(`^(?:(?:${DATE})\\s*)?${CLOCK}$`);
const DATE_POINT = new RegExp(`^(?:${DATE})(?:\\s*${CLOCK})?$`);

function isRange(value: string, point: RegExp): boolean {
  const parts = value.split('~').map((part) => part.trim());
  return parts.length <= 2 && parts.every((part) => point.test(part));
}

function isCarNumber(value: string): boolean {
  const chars = Array.from(value);
  if (chars.length > 8) return false;
  // Only the first (province) and last (挂/学/警…) characters may be Chinese.
  return chars.every((char, index) => {
    if (/^[A-Za-z0-9]$/.test(char)) return true;
    return (index === 0 || index === chars.length - 1) && ONLY_HAN.test(char);
  });
}

function isName(value: string): boolean {
  const count = charCount(value);
  if (ONLY_HAN.test(value)) return count <= 10;
  // Latin names: letters and ASCII symbols (spaces, dots, hyphens) only, never mixed with Han.
  return count <= 20 && /^[A-Za-z !-/:-@[-`{-~]+$/.test(value);
}

// The currency symbol is optional in practice ("100.00元" is accepted), the digits are not.
function isAmount(value: string): boolean {
  return /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(value);
}

const rules: Record<Exclude<ValueType, 'enum'>, (value: string) => boolean> = {
  thing: (value) => charCount(value) <= 20,
  number: (value) => /^-?\d+(?:\.\d+)?$/.test(value) && value.replace(/\D/g, '').length <= 32,
  letter: (value) => /^[A-Za-z]{1,32}$/.test(value),
  symbol: (value) => charCount(value) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(value),
  character_string: (value) => value.length <= 32 && /^[!-~]+$/.test(value) && !hasHan(value),
  time: (value) => isRange(value, TIME_POINT),
  date: (value) => isRange(value, DATE_POINT),
  amount: isAmount,
  phone_number: (value) => value.length <= 17 && /^[0-9 !-/:-@[-`{-~]+$/.test(value) && /\d/.test(value),
  car_number: isCarNumber,
  name: isName,
  phrase: (value) => charCount(value) <= 5 && ONLY_HAN.test(value),
};

export interface ValueRuleOptions {
  /** The template's allowed values for an `enum` key; without them any non-empty value passes. */
  enumValues?: readonly string[];
}

/**
 * Check one `data[key].value`. `empty` and `invalid` both mean 47003; they differ only in the
 * error text WeChat returns.
 */
export function checkValue(key: string, value: unknown, options: ValueRuleOptions = {}): ValueCheck {
  if (value === undefined || value === null || value === '') return 'empty';
  if (typeof value !== 'string') return 'invalid';
  if (value.trim() === '') return 'empty';
  const type = keyType(key);
  if (!type) return 'invalid';
  if (type === 'enum') {
    return !options.enumValues || options.enumValues.includes(value) ? 'ok' : 'invalid';
  }
  return rules[type](value) ? 'ok' : 'invalid';
}
