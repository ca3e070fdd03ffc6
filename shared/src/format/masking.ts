/**
 * Resident contact details as staff who do not handle a request see them (seed 004: a complaint
 * was about staff selling residents' numbers). The patterns avoid lookbehind: the mini-app runs
 * this too, and older iOS JavaScriptCore refuses lookbehind at parse time.
 */

import { graphemes } from './graphemes';

/** 138****5678: phone numbers are masked for everyone not handling the request (seed 004). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** Mobile numbers (with an optional +86 and spaces or dashes: 138 0013 8000) and landlines with an area code. */
const MOBILE = /(^|\D)((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g;
const LANDLINE = /(^|\D)(0\d{2,3}[- ]?)\d{3,4}(\d{4})(?!\d)/g;

/** Phone numbers written into free text (content, notes, comments), masked as 138****8000. */
export function maskPhonesInText(text: string): string;
export function maskPhonesInText(text: string | null): string | null;
export function maskPhonesInText(text: string | null): string | null {
  if (!text) return text;
  return text.replace(MOBILE, '$1$2****$3').replace(LANDLINE, '$1$2****$3');
}

/** 张*, 欧阳**: the surname stays, so a worker can still greet the resident. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  // By grapheme, so an Émile typed as E + U+0301 keeps its accented É, and no emoji loses half.
  const chars = graphemes(name);
  if (chars.length === 1) return '*';
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
