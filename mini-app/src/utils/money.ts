/** Money is integer fen (分) on the wire; people type and read yuan (元). */

const YUAN_PATTERN = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/** '12.5' → 1250, '0.07' → 7, '3' → 300; null for empty or malformed text (no floating-point maths). */
export function yuanToFen(text: string): number | null {
  const match = YUAN_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 1250 → '12.50' (no currency sign). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 1250 → '¥12.50'. */
export function formatFen(fen: number): string {
  return `¥${fenToYuan(fen)}`;
}

/** A typed amount is acceptable when empty or valid yuan. */
export function isYuanText(text: string): boolean {
  return text.trim() === '' || yuanToFen(text) !== null;
}
