import { z } from 'zod';
import { parseRequestNumber } from '../numbering/request-number';
import { SHANGHAI_OFFSET_MS } from '../time';

/**
 * What the desk's search box was given (issue 12): a request number, a whole phone number, the
 * last four digits of one, or a name or room. Four digits are both a phone's tail and a door
 * number (1201), so they are searched as both.
 */
export type DeskSearch =
  | { by: 'number'; number: string }
  | { by: 'phone'; phone: string }
  | { by: 'last4'; digits: string }
  | { by: 'text'; text: string };

export const DESK_SEARCH_MAX = 20;

export function classifyDeskSearch(input: string): DeskSearch | null {
  const text = input.trim().replace(/\s+/g, '');
  if (!text) return null;
  const upper = text.toUpperCase();
  if (parseRequestNumber(upper)) return { by: 'number', number: upper };
  const digits = text.replace(/-/g, '');
  if (/^\d{4}$/.test(text)) return { by: 'last4', digits: text };
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return { by: 'phone', phone: text };
  return { by: 'text', text };
}

/** Desk list sort orders: the nearest running time limit first, or the newest first. */
export const DESK_SORTS = ['deadline', 'newest'] as const;
export type DeskSort = (typeof DESK_SORTS)[number];
export const DESK_SORT_LABELS: Record<DeskSort, string> = { deadline: '最紧急', newest: '最新' };

/** The time-limit filter of the desk list: past due, or nearing its limit (the board's two counts). */
export const DUE_FILTERS = ['overdue', 'nearing'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];
export const DUE_FILTER_LABELS: Record<DueFilter, string> = { overdue: '已超时', nearing: '即将超时' };

/** A calendar day as the desk picks it (Asia/Shanghai), e.g. 2026-12-01. */
export const shanghaiDay = (label: string) =>
  z
    .string({ error: `${label}格式不正确` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式不正确，例如 2026-12-01`)
    .refine((value) => {
      // 2026-02-30 parses (as 03-02): a real day reads back as itself.
      const at = Date.parse(`${value}T00:00:00+08:00`);
      return !Number.isNaN(at) && new Date(at + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10) === value;
    }, `${label}不是有效的日期`);

/** The start of a Shanghai calendar day as an instant. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
