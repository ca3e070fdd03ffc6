import { DAY_MS, SHANGHAI_OFFSET_MS } from '../time';

/**
 * Working-day calendar (DOMAIN.md, "Time limits": working days exclude weekends and public
 * holidays, with make-up workdays (调休) from a yearly calendar the admin maintains).
 *
 * All calendar dates are `YYYY-MM-DD` strings in Asia/Shanghai (fixed UTC+8, no DST); all
 * instants are plain JS `Date`s (UTC inside). Everything here is pure.
 */

/**
 * - `holiday`: a day off that would otherwise be a working day, or any day of a statutory
 *   holiday break (weekend days inside the break may be listed too — harmless).
 * - `workday`: a weekend day that is worked (调休上班, make-up workday).
 */
export type CalendarDayKind = 'holiday' | 'workday';
export const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = ['holiday', 'workday'];

export interface CalendarDay {
  /** `YYYY-MM-DD`, Asia/Shanghai. */
  date: string;
  kind: CalendarDayKind;
  /** e.g. '春节', '春节调休上班'. */
  name: string;
}

export interface WorkCalendar {
  /** date → day */
  days: ReadonlyMap<string, CalendarDay>;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; throws RangeError on a malformed or impossible date. */
function epochDay(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`Invalid calendar date ${JSON.stringify(date)}; expected an existing YYYY-MM-DD date`);
}

function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return ms;
}

/** Shanghai epoch day containing `instant`. */
function shanghaiEpochDay(instant: Date): number {
  return Math.floor((instantMs(instant) + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** UTC instant of 00:00 Shanghai on the given epoch day. */
function startOfEpochDayMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/**
 * Builds a calendar from a list of days. A later entry for the same date overrides an earlier
 * one (so admin edits appended after the shipped defaults win). Throws RangeError on a bad date
 * or an unknown kind.
 */
export function buildCalendar(days: CalendarDay[]): WorkCalendar {
  const map = new Map<string, CalendarDay>();
  for (const day of days) {
    epochDay(day.date);
    if (!CALENDAR_DAY_KINDS.includes(day.kind)) {
      throw new RangeError(`Invalid calendar day kind ${JSON.stringify(day.kind)} for ${day.date}`);
    }
    map.set(day.date, { date: day.date, kind: day.kind, name: day.name });
  }
  return { days: map };
}

/** The Shanghai calendar date (`YYYY-MM-DD`) of an instant. */
export function shanghaiDate(instant: Date): string {
  return dateOfEpochDay(shanghaiEpochDay(instant));
}

/** The UTC instant of 00:00 Shanghai on `date` (i.e. `date` − 1 day, 16:00Z). */
export function startOfShanghaiDay(date: string): Date {
  return new Date(startOfEpochDayMs(epochDay(date)));
}

/** `date` plus `n` calendar days (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Day count must be an integer, got ${n}`);
  return dateOfEpochDay(epochDay(date) + n);
}

function isWorkingEpochDay(day: number, calendar: WorkCalendar): boolean {
  const listed = calendar.days.get(dateOfEpochDay(day));
  if (listed) return listed.kind === 'workday';
  const weekday = weekdayOfEpochDay(day);
  return weekday !== 0 && weekday !== 6;
}

/** Monday–Friday unless listed as `holiday`; Saturday/Sunday only if listed as `workday`. */
export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  return isWorkingEpochDay(epochDay(date), calendar);
}

/** No sane calendar has a whole year without a working day; a longer stretch is a data error. */
export const MAX_DAYS_OFF_IN_A_ROW = 366;
/** addWorkingDays never looks further than this many calendar days past the start (≈ 3 years). */
export const MAX_WORKING_DAY_SCAN = 3 * 366;

/**
 * Deadline `n` working days after `start` (n: integer ≥ 1, else RangeError).
 *
 * 规则 / The rule:
 * - 受理时是工作日 (start falls on a working day, Shanghai date): the deadline is the SAME
 *   Shanghai clock time on the n-th working day AFTER the start day.
 *   e.g. Friday 15:00 + 3 → next Wednesday 15:00 (weekend skipped).
 * - 受理时是休息日 (start falls on a weekend or holiday that is not a make-up workday): the
 *   clock only starts on the next working day; that day counts as working day 1, and the
 *   deadline is the END of working day n, i.e. 24:00 Shanghai = 00:00 of the calendar day after it.
 *   e.g. received 2026-02-18 10:00 (春节) + 1 → end of 2026-02-24 (= 2026-02-25 00:00 Shanghai).
 *
 * Either way exactly n working days lie in [start's day, deadline's day) — see workingDaysBetween.
 * Guards: throws RangeError when more than MAX_DAYS_OFF_IN_A_ROW consecutive days off are met,
 * or when the scan would pass MAX_WORKING_DAY_SCAN calendar days (≈ 3 years) past the start.
 */
export function addWorkingDays(start: Date, n: number, calendar: WorkCalendar): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Working-day count must be an integer ≥ 1, got ${n}`);
  const startMs = instantMs(start);
  const startDay = shanghaiEpochDay(start);
  const startsOnWorkingDay = isWorkingEpochDay(startDay, calendar);

  let day = startDay;
  let found = 0;
  let offInARow = 0;
  while (found < n) {
    day += 1;
    if (day - startDay > MAX_WORKING_DAY_SCAN) {
      throw new RangeError(`No deadline within ${MAX_WORKING_DAY_SCAN} days of ${shanghaiDate(start)} (n = ${n})`);
    }
    if (isWorkingEpochDay(day, calendar)) {
      found += 1;
      offInARow = 0;
    } else if (++offInARow > MAX_DAYS_OFF_IN_A_ROW) {
      throw new RangeError(
        `Calendar has more than ${MAX_DAYS_OFF_IN_A_ROW} consecutive days off after ${shanghaiDate(start)}`,
      );
    }
  }
  if (startsOnWorkingDay) {
    const clock = startMs - startOfEpochDayMs(startDay);
    return new Date(startOfEpochDayMs(day) + clock);
  }
  // Off-day start: the first working day found is working day 1, so `day` is working day n; the
  // deadline is the end of it.
  return new Date(startOfEpochDayMs(day + 1));
}

/** Mon–Fri count in the epoch-day range [from, to). */
function weekdaysInRange(from: number, to: number): number {
  const days = to - from;
  if (days <= 0) return 0;
  const fullWeeks = Math.floor(days / 7);
  let count = fullWeeks * 5;
  for (let d = from + fullWeeks * 7; d < to; d++) {
    const weekday = weekdayOfEpochDay(d);
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * Number of working days D with `shanghaiDate(from)` ≤ D < `shanghaiDate(to)` — whole Shanghai
 * calendar days, clock times ignored; 0 when `to`'s day is not after `from`'s day. For
 * statistics. `workingDaysBetween(s, addWorkingDays(s, n)) === n` for every start s.
 */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkCalendar): number {
  const a = shanghaiEpochDay(from);
  const b = shanghaiEpochDay(to);
  if (b <= a) return 0;
  let count = weekdaysInRange(a, b);
  for (const entry of calendar.days.values()) {
    const d = epochDay(entry.date);
    if (d < a || d >= b) continue;
    const weekday = weekdayOfEpochDay(d);
    const normallyWorking = weekday !== 0 && weekday !== 6;
    const working = entry.kind === 'workday';
    if (working !== normallyWorking) count += working ? 1 : -1;
  }
  return count;
}

function range(from: string, to: string, kind: CalendarDayKind, name: string): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let d = epochDay(from); d <= epochDay(to); d++) out.push({ date: dateOfEpochDay(d), kind, name });
  return out;
}

/** 国务院办公厅关于2026年部分节假日安排的通知. Every day off is `holiday`, every make-up day `workday`. */
export const CHINA_CALENDAR_2026: CalendarDay[] = [
  ...range('2026-01-01', '2026-01-03', 'holiday', '元旦'),
  { date: '2026-01-04', kind: 'workday', name: '元旦调休上班' },
  { date: '2026-02-14', kind: 'workday', name: '春节调休上班' },
  ...range('2026-02-15', '2026-02-23', 'holiday', '春节'),
  { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
  ...range('2026-04-04', '2026-04-06', 'holiday', '清明节'),
  ...range('2026-05-01', '2026-05-05', 'holiday', '劳动节'),
  { date: '2026-05-09', kind: 'workday', name: '劳动节调休上班' },
  ...range('2026-06-19', '2026-06-21', 'holiday', '端午节'),
  { date: '2026-09-20', kind: 'workday', name: '国庆节调休上班' },
  ...range('2026-09-25', '2026-09-27', 'holiday', '中秋节'),
  ...range('2026-10-01', '2026-10-07', 'holiday', '国庆节'),
  { date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' },
];

/**
 * PROVISIONAL 2027: only the statutory holidays of 《全国年节及纪念日放假办法》(2025 revision) on
 * their 2027 dates, WITHOUT any 调休 or 补休 (the State Council's notice is not known yet).
 * Admins: when 国务院办公厅关于2027年部分节假日安排的通知 is published (each November), replace
 * these days with the notice's arrangement through the calendar admin.
 */
export const CHINA_CALENDAR_2027: CalendarDay[] = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  ...range('2027-02-05', '2027-02-08', 'holiday', '春节'), // 除夕 2月5日, 初一至初三 2月6日–8日
  { date: '2027-04-05', kind: 'holiday', name: '清明节' },
  ...range('2027-05-01', '2027-05-02', 'holiday', '劳动节'),
  { date: '2027-06-09', kind: 'holiday', name: '端午节' },
  { date: '2027-09-15', kind: 'holiday', name: '中秋节' },
  ...range('2027-10-01', '2027-10-03', 'holiday', '国庆节'),
];

/** Years whose shipped calendar is a provisional guess rather than the State Council's notice. */
export const CHINA_CALENDAR_PROVISIONAL_YEARS: readonly number[] = [2027];

export const DEFAULT_CALENDAR_DAYS: CalendarDay[] = [...CHINA_CALENDAR_2026, ...CHINA_CALENDAR_2027];
