import { SHANGHAI_OFFSET_MS } from '../time';

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai, for lists and timelines. */
export function formatShanghaiTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 138****5678: phone numbers are masked for everyone not handling the request (seed 004). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
