import type { CalendarDay } from '@linli/shared';
import {
  addDay,
  byMonth,
  countDays,
  parseYear,
  removeDay,
  sameDays,
  saveErrorText,
  shanghaiYear,
  weekdayLabel,
  yearChoices,
} from './days';

const NATIONAL_DAY: CalendarDay = { date: '2026-10-01', kind: 'holiday', name: '国庆节' };
const MAKE_UP: CalendarDay = { date: '2026-09-27', kind: 'workday', name: '国庆节调休上班' };
const NEW_YEAR: CalendarDay = { date: '2026-01-01', kind: 'holiday', name: '元旦' };

describe('calendar years', () => {
  it('takes the year in Shanghai', () => {
    expect(shanghaiYear(Date.parse('2026-12-31T15:59:00Z'))).toBe(2026);
    expect(shanghaiYear(Date.parse('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('offers this year and next, plus a linked other year', () => {
    const now = Date.parse('2026-11-25T02:00:00Z');
    expect(yearChoices(now)).toEqual([2026, 2027]);
    expect(yearChoices(now, 2027)).toEqual([2026, 2027]);
    expect(yearChoices(now, 2025)).toEqual([2025, 2026, 2027]);
  });

  it('reads ?year= only when the server would take it', () => {
    expect(parseYear('2027')).toBe(2027);
    expect(parseYear(undefined)).toBeNull();
    expect(parseYear('27')).toBeNull();
    expect(parseYear('1999')).toBeNull();
    expect(parseYear('2027abc')).toBeNull();
  });
});

describe('calendar days', () => {
  it('names the weekday', () => {
    expect(weekdayLabel('2026-10-01')).toBe('周四');
    expect(weekdayLabel('2026-09-27')).toBe('周日');
    expect(weekdayLabel('nope')).toBe('');
  });

  it('groups by month in date order and counts both kinds', () => {
    expect(byMonth([NATIONAL_DAY, NEW_YEAR, MAKE_UP])).toEqual([
      { month: 1, days: [NEW_YEAR] },
      { month: 9, days: [MAKE_UP] },
      { month: 10, days: [NATIONAL_DAY] },
    ]);
    expect(countDays([NATIONAL_DAY, NEW_YEAR, MAKE_UP])).toEqual({ holiday: 2, workday: 1 });
  });

  it('compares the editor with the server regardless of order', () => {
    expect(sameDays([NATIONAL_DAY, MAKE_UP], [MAKE_UP, NATIONAL_DAY])).toBe(true);
    expect(sameDays([NATIONAL_DAY], [NATIONAL_DAY, MAKE_UP])).toBe(false);
    expect(sameDays([NATIONAL_DAY], [{ ...NATIONAL_DAY, name: '国庆' }])).toBe(false);
    expect(removeDay([NATIONAL_DAY, MAKE_UP], '2026-10-01')).toEqual([MAKE_UP]);
  });

  it('adds a day in date order, its name trimmed', () => {
    expect(addDay([NATIONAL_DAY], { date: ' 2026-09-27 ', kind: 'workday', name: ' 国庆节调休上班 ' }, 2026)).toEqual({
      ok: true,
      value: [MAKE_UP, NATIONAL_DAY],
    });
  });

  it('checks the date, the kind and the name', () => {
    expect(addDay([], { date: '2026-02-30', kind: 'holiday', name: '春节' }, 2026)).toEqual({
      ok: false,
      errors: { date: '日期不存在' },
    });
    expect(addDay([], { date: '2026/10/01', kind: null, name: '' }, 2026)).toEqual({
      ok: false,
      errors: { date: '日期格式应为 YYYY-MM-DD', kind: '请选择放假或调休上班', name: expect.any(String) },
    });
  });

  it('keeps the day in the year shown, once, and 调休上班 on weekends', () => {
    expect(addDay([], { date: '2027-01-01', kind: 'holiday', name: '元旦' }, 2026)).toEqual({
      ok: false,
      errors: { date: '日期不在 2026 年' },
    });
    expect(addDay([NATIONAL_DAY], { date: '2026-10-01', kind: 'holiday', name: '国庆' }, 2026)).toEqual({
      ok: false,
      errors: { date: '2026-10-01 已在列表中（放假 国庆节），请先删除' },
    });
    expect(addDay([], { date: '2026-10-09', kind: 'workday', name: '调休' }, 2026)).toEqual({
      ok: false,
      errors: { date: '2026-10-09 是周五，调休上班应为周六或周日' },
    });
  });

  it('stops at the most days a year may have', () => {
    const full: CalendarDay[] = Array.from({ length: 120 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      kind: 'holiday',
      name: '假日',
    }));
    expect(addDay(full, { date: '2026-12-01', kind: 'holiday', name: '假日' }, 2026)).toEqual({
      ok: false,
      errors: { form: '一年最多 120 个特殊日期' },
    });
  });

  it('names the day the server refused by its date', () => {
    const sent = [MAKE_UP, NATIONAL_DAY];
    expect(saveErrorText([{ field: 'days[1].date', message: '日期不在 2027 年' }], sent, '提交的内容有误')).toBe(
      '2026-10-01：日期不在 2027 年',
    );
    expect(saveErrorText([{ field: 'days.0.name', message: '请填写名称' }], sent, 'x')).toBe('2026-09-27：请填写名称');
    expect(saveErrorText([{ field: 'days', message: '一年最多 120 个特殊日期' }], sent, 'x')).toBe(
      '一年最多 120 个特殊日期',
    );
    expect(saveErrorText([], sent, '提交的内容有误')).toBe('提交的内容有误');
  });
});
