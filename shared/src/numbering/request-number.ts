import { KIND_NUMBER_PREFIX, type RequestKind } from '../kinds';
import { SHANGHAI_OFFSET_MS } from '../time';

/** The calendar day in Asia/Shanghai as `yyyyMMdd`: a request filed at 23:30 UTC belongs to the next day. */
export function shanghaiDateKey(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

export const MAX_DAILY_SEQUENCE = 9999;

/** TS/BX/JY + yyyyMMdd (Asia/Shanghai) + 4-digit daily sequence, e.g. TS202611250001. */
export function formatRequestNumber(kind: RequestKind, at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAILY_SEQUENCE) {
    throw new RangeError(`daily sequence must be 1..${MAX_DAILY_SEQUENCE}, got ${sequence}`);
  }
  return `${KIND_NUMBER_PREFIX[kind]}${shanghaiDateKey(at)}${String(sequence).padStart(4, '0')}`;
}

const NUMBER_PATTERN = /^(TS|BX|JY)(\d{8})(\d{4})$/;

export function parseRequestNumber(number: string): { prefix: string; date: string; sequence: number } | null {
  const match = NUMBER_PATTERN.exec(number);
  if (!match) return null;
  return { prefix: match[1], date: match[2], sequence: Number(match[3]) };
}
