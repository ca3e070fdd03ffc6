import {
  SHANGHAI_OFFSET_MS,
  calendarYearSchema,
  type CalendarDay,
  type CalendarDayKind,
  type FieldError,
} from '@linli/shared';

export const DAY_KIND_LABELS: Record<CalendarDayKind, string> = { holiday: '放假', workday: '调休上班' };

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function shanghaiYear(now: number): number {
  return new Date(now + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** `?year=2027` from a link; null when missing or outside what the server accepts. */
export function parseYear(value: string | undefined): number | null {
  if (!value || !/^\d{4}$/.test(value)) return null;
  const year = Number(value);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

/** This year and next (the State Council publishes the next year's in autumn), plus a linked other year. */
export function yearChoices(now: number, linked: number | null = null): number[] {
  const current = shanghaiYear(now);
  const years = [current, current + 1];
  if (linked !== null && !years.includes(linked)) years.push(linked);
  return years.sort((a, b) => a - b);
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** '周四' for 2026-10-01. */
export function weekdayLabel(date: string): string {
  const day = weekday(date);
  return Number.isNaN(day) ? '' : `周${WEEKDAYS[day]}`;
}

export function sortDays(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Days under their month (1–12), in date order. */
export function byMonth(days: readonly CalendarDay[]): { month: number; days: CalendarDay[] }[] {
  const groups: { month: number; days: CalendarDay[] }[] = [];
  for (const day of sortDays(days)) {
    const month = Number(day.date.slice(5, 7));
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.days.push(day);
    else groups.push({ month, days: [day] });
  }
  return groups;
}

export function countDays(days: readonly CalendarDay[]): Record<CalendarDayKind, number> {
  return {
    holiday: days.filter((day) => day.kind === 'holiday').length,
    workday: days.filter((day) => day.kind === 'workday').length,
  };
}

/** Whether the editor holds what the server has (order does not matter). */
export function sameDays(a: readonly CalendarDay[], b: readonly CalendarDay[]): boolean {
  if (a.length !== b.length) return false;
  const key = (day: CalendarDay) => `${day.date}|${day.kind}|${day.name}`;
  const left = sortDays(a).map(key);
  const right = sortDays(b).map(key);
  return left.every((value, index) => value === right[index]);
}

export interface DayDraft {
  date: string;
  kind: CalendarDayKind | null;
  name: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/**
 * The year with one more day, checked as the server will check the whole year
 * (`calendarYearSchema`), and more: the day must be in `year`, not listed yet, and a 调休上班 day
 * must fall on a weekend (a worked weekday changes nothing).
 */
export function addDay(days: readonly CalendarDay[], draft: DayDraft, year: number): Checked<CalendarDay[]> {
  const date = draft.date.trim();
  const candidate = { date, kind: draft.kind ?? undefined, name: draft.name };
  const index = days.length;
  const parsed = calendarYearSchema.safeParse({ days: [...days, candidate] });
  const errors: Record<string, string> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [root, at, field] = issue.path;
      const key = root === 'days' && at === index && typeof field === 'string' ? field : 'form';
      errors[key] ??= issue.message;
    }
  }
  if (draft.kind === null) errors.kind = '请选择放假或调休上班';
  if (!errors.date) {
    if (!date.startsWith(`${year}-`)) errors.date = `日期不在 ${year} 年`;
    else {
      const listed = days.find((day) => day.date === date);
      if (listed) errors.date = `${date} 已在列表中（${DAY_KIND_LABELS[listed.kind]} ${listed.name}），请先删除`;
      else if (draft.kind === 'workday' && weekday(date) !== 0 && weekday(date) !== 6) {
        errors.date = `${date} 是${weekdayLabel(date)}，调休上班应为周六或周日`;
      }
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: sortDays(parsed.data.days) };
}

export function removeDay(days: readonly CalendarDay[], date: string): CalendarDay[] {
  return days.filter((day) => day.date !== date);
}

/**
 * A refused save as one line: the server names a day by its place in the list it was sent
 * (`days[3].date` or `days.3.date`), which the admin knows by its date.
 */
export function saveErrorText(details: readonly FieldError[], sent: readonly CalendarDay[], fallback: string): string {
  const first = details[0];
  if (!first) return fallback;
  const match = /^days[.[](\d+)/.exec(first.field);
  const day = match ? sent[Number(match[1])] : undefined;
  return day ? `${day.date}：${first.message}` : first.message;
}
