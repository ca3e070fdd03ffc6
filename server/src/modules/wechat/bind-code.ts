import { randomInt, timingSafeEqual } from 'node:crypto';

/**
 * A bind code is 10 digits, shown as `1234 567890`: a 4-digit handle that finds the code and a
 * 6-digit secret that proves it. Guessing needs a live handle and then the secret within the 3
 * tries a code survives: about 3 in a million per live code, on top of the per-sender limits.
 * Digits only: easy to type into a chat, no letters to confuse (0/O, 1/l).
 */
export const HANDLE_DIGITS = 4;
export const SECRET_DIGITS = 6;

export interface BindCode {
  handle: string;
  secret: string;
}

export function drawBindCode(): BindCode {
  return { handle: digits(HANDLE_DIGITS), secret: digits(SECRET_DIGITS) };
}

export function formatBindCode(code: BindCode): string {
  return `${code.handle} ${code.secret}`;
}

/**
 * What a follower typed: a code (spaces and dashes allowed, full-width too), `guess` for any
 * other run of 4–16 digits (it still counts against the sender), or null for ordinary text.
 */
export function readBindCode(text: string): BindCode | 'guess' | null {
  const compact = text.normalize('NFKC').replace(/[\s\-‐‑‒–—―]/g, '');
  if (!/^\d{4,16}$/.test(compact)) return null;
  if (compact.length !== HANDLE_DIGITS + SECRET_DIGITS) return 'guess';
  return { handle: compact.slice(0, HANDLE_DIGITS), secret: compact.slice(HANDLE_DIGITS) };
}

export function sameSecret(stored: string | null, given: string): boolean {
  if (stored === null) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function digits(count: number): string {
  return String(randomInt(0, 10 ** count)).padStart(count, '0');
}
