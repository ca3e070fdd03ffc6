import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  buildCalendar,
  CHINA_CALENDAR_2026,
  CHINA_CALENDAR_2027,
  CHINA_CALENDAR_PROVISIONAL_YEARS,
  DEFAULT_CALENDAR_DAYS,
  isWorkingDay,
  shanghaiDate,
  startOfShanghaiDay,
  workingDaysBetween,
  type CalendarDay,
  type CalendarDayKind,
  type WorkCalendar,
} from './calendar';

/** A Shanghai wall-clock time, e.g. sh('2026-03-13 15:00'). */
const sh = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const cal = buildCalendar(DEFAULT_CALENDAR_DAYS);
const plain = buildCalendar([]);

describe('calendar dates', () => {
  it('maps instants to Shanghai dates across the UTC boundary', () => {
    expect(shanghaiDate(new Date('2026-03-05T15:59:59.999Z'))).toBe('2026-03-05');
    expect(shanghaiDate(new Date('2026-03-05T16:00:00.000Z'))).toBe('2026-03-06');
    expect(shanghaiDate(new Date('2026-03-05T17:30:00Z'))).toBe('2026-03-06');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('gives the UTC instant of 00:00 Shanghai', () => {
    expect(startOfShanghaiDay('2026-03-06')).toEqual(new Date('2026-03-05T16:00:00Z'));
    expect(startOfShanghaiDay('2027-01-01')).toEqual(new Date('2026-12-31T16:00:00Z'));
  });

  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-03-01', 0)).toBe('2026-03-01');
    expect(() => addCalendarDays('2026-03-01', 0.5)).toThrow(RangeError);
  });

  it('rejects malformed or impossible dates', () => {
    for (const bad of ['2026-2-1', '2026-02-30', '2026-13-01', 'abc', '', '2026-02-01T00:00']) {
      expect(() => startOfShanghaiDay(bad)).toThrow(RangeError);
      expect(() => buildCalendar([{ date: bad, kind: 'holiday', name: 'x' }])).toThrow(RangeError);
    }
    expect(() => buildCalendar([{ date: '2026-01-01', kind: 'vacation' as CalendarDayKind, name: 'x' }])).toThrow(
      RangeError,
    );
    expect(() => shanghaiDate(new Date(NaN))).toThrow(RangeError);
  });
});

describe('buildCalendar / isWorkingDay', () => {
  it('works Monday to Friday and rests at weekends by default', () => {
    expect(
      ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'].map((d) => isWorkingDay(d, plain)),
    ).toEqual([true, true, true, true, true]);
    expect(isWorkingDay('2026-03-14', plain)).toBe(false);
    expect(isWorkingDay('2026-03-15', plain)).toBe(false);
  });

  it('lets a later entry override an earlier one for the same date', () => {
    const c = buildCalendar([
      { date: '2026-03-10', kind: 'holiday', name: 'a' },
      { date: '2026-03-10', kind: 'workday', name: 'b' },
      { date: '2026-03-14', kind: 'workday', name: 'c' },
      { date: '2026-03-14', kind: 'holiday', name: 'd' },
    ]);
    expect(c.days.get('2026-03-10')?.name).toBe('b');
    expect(isWorkingDay('2026-03-10', c)).toBe(true);
    expect(isWorkingDay('2026-03-14', c)).toBe(false);
  });

  it('follows every day of the 2026 State Council arrangement', () => {
    const off = [
      ['2026-01-01', '2026-01-03'],
      ['2026-02-15', '2026-02-23'],
      ['2026-04-04', '2026-04-06'],
      ['2026-05-01', '2026-05-05'],
      ['2026-06-19', '2026-06-21'],
      ['2026-09-25', '2026-09-27'],
      ['2026-10-01', '2026-10-07'],
    ];
    const makeUp = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    const offDates: string[] = [];
    for (const [from, to] of off) for (let d = from; d <= to; d = addCalendarDays(d, 1)) offDates.push(d);
    expect(offDates).toHaveLength(33);
    for (const d of offDates) expect([d, isWorkingDay(d, cal)]).toEqual([d, false]);
    for (const d of makeUp) expect([d, isWorkingDay(d, cal)]).toEqual([d, true]);
    expect(CHINA_CALENDAR_2026.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual(offDates);
    expect(CHINA_CALENDAR_2026.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(makeUp);
    // Samples named in the brief.
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday, 春节调休上班
    expect(isWorkingDay('2026-02-16', cal)).toBe(false); // Monday, 春节
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, 国庆调休上班
    expect(isWorkingDay('2026-02-24', cal)).toBe(true);
  });

  it('has 248 working days in 2026 (365 − 104 weekend days − 13 statutory days)', () => {
    expect(workingDaysBetween(startOfShanghaiDay('2026-01-01'), startOfShanghaiDay('2027-01-01'), cal)).toBe(248);
  });

  it('ships 2027 as provisional statutory days without 调休', () => {
    expect(CHINA_CALENDAR_PROVISIONAL_YEARS).toEqual([2027]);
    expect(CHINA_CALENDAR_2027.every((d) => d.kind === 'holiday' && d.date.startsWith('2027-'))).toBe(true);
    expect(CHINA_CALENDAR_2027.map((d) => d.date)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    expect(isWorkingDay('2027-02-05', cal)).toBe(false); // 除夕, Friday
    expect(isWorkingDay('2027-02-08', cal)).toBe(false); // 初三, Monday
    expect(isWorkingDay('2027-02-09', cal)).toBe(true);
    expect(DEFAULT_CALENDAR_DAYS).toEqual([...CHINA_CALENDAR_2026, ...CHINA_CALENDAR_2027]);
  });
});

describe('addWorkingDays', () => {
  it('keeps the clock time when received on a working day', () => {
    expect(addWorkingDays(sh('2026-03-13 15:00'), 3, cal)).toEqual(sh('2026-03-18 15:00')); // Fri → Wed
    expect(addWorkingDays(sh('2026-03-09 00:00'), 1, cal)).toEqual(sh('2026-03-10 00:00'));
    expect(addWorkingDays(sh('2026-03-09 23:59'), 5, cal)).toEqual(sh('2026-03-16 23:59'));
  });

  it('counts from the next working day and ends at 24:00 when received on a day off', () => {
    // 春节 2026: Feb 15–23 off, so working day 1 is Tue Feb 24; deadline = its end.
    expect(addWorkingDays(sh('2026-02-18 10:00'), 1, cal)).toEqual(sh('2026-02-25 00:00'));
    expect(addWorkingDays(sh('2026-02-18 10:00'), 2, cal)).toEqual(sh('2026-02-26 00:00'));
    // An ordinary Saturday: working day 1 is Monday.
    expect(addWorkingDays(sh('2026-03-07 11:00'), 1, cal)).toEqual(sh('2026-03-10 00:00'));
    expect(addWorkingDays(sh('2026-03-08 23:59'), 1, cal)).toEqual(sh('2026-03-10 00:00'));
  });

  it('treats make-up Saturdays as working days', () => {
    expect(addWorkingDays(sh('2026-02-13 09:00'), 1, cal)).toEqual(sh('2026-02-14 09:00'));
    expect(addWorkingDays(sh('2026-02-14 09:00'), 1, cal)).toEqual(sh('2026-02-24 09:00'));
    expect(addWorkingDays(sh('2026-02-27 10:00'), 1, cal)).toEqual(sh('2026-02-28 10:00'));
    expect(addWorkingDays(sh('2026-02-28 10:00'), 1, cal)).toEqual(sh('2026-03-02 10:00'));
  });

  it('crosses month ends and the year end', () => {
    expect(addWorkingDays(sh('2026-01-30 09:30'), 1, cal)).toEqual(sh('2026-02-02 09:30')); // Fri → Mon
    // 2027-01-01 is a (provisional) holiday, 01-02/03 the weekend.
    expect(addWorkingDays(sh('2026-12-31 16:00'), 1, cal)).toEqual(sh('2027-01-04 16:00'));
  });

  it('uses the Shanghai date, not the UTC date', () => {
    const start = new Date('2026-03-05T17:30:00Z'); // 2026-03-06 01:30 Shanghai, a Friday
    expect(addWorkingDays(start, 1, cal)).toEqual(new Date('2026-03-08T17:30:00Z')); // Mon 01:30 Shanghai
    expect(addWorkingDays(new Date('2026-03-05T15:30:00Z'), 1, cal)).toEqual(new Date('2026-03-06T15:30:00Z')); // Thu 23:30 → Fri 23:30
  });

  it('handles 国庆 2026 with its two make-up days', () => {
    expect(addWorkingDays(sh('2026-09-18 14:00'), 1, cal)).toEqual(sh('2026-09-20 14:00')); // Sunday 9/20 works
    expect(addWorkingDays(sh('2026-09-24 14:00'), 1, cal)).toEqual(sh('2026-09-28 14:00')); // 中秋 9/25–27
    expect(addWorkingDays(sh('2026-09-30 10:00'), 1, cal)).toEqual(sh('2026-10-08 10:00'));
    expect(addWorkingDays(sh('2026-09-30 10:00'), 3, cal)).toEqual(sh('2026-10-10 10:00')); // Sat 10/10 works
    expect(addWorkingDays(sh('2026-10-03 10:00'), 1, cal)).toEqual(sh('2026-10-09 00:00'));
    expect(addWorkingDays(sh('2026-10-03 10:00'), 3, cal)).toEqual(sh('2026-10-11 00:00'));
  });

  it('rejects a count that is not an integer ≥ 1', () => {
    for (const n of [0, -1, 1.5, NaN, Infinity])
      expect(() => addWorkingDays(sh('2026-03-09 10:00'), n, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(NaN), 1, cal)).toThrow(RangeError);
  });

  it('stops instead of looping on an absurd calendar or count', () => {
    const days: CalendarDay[] = [];
    for (let i = 0, d = '2026-03-01'; i < 400; i++, d = addCalendarDays(d, 1))
      days.push({ date: d, kind: 'holiday', name: 'x' });
    expect(() => addWorkingDays(sh('2026-03-02 10:00'), 1, buildCalendar(days))).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2026-03-02 10:00'), 1000, cal)).toThrow(RangeError); // > 3 years
    expect(addWorkingDays(sh('2026-03-02 10:00'), 500, cal).getTime()).toBeGreaterThan(
      sh('2027-12-01 00:00').getTime(),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts working days in [from day, to day)', () => {
    expect(workingDaysBetween(sh('2026-03-09 10:00'), sh('2026-03-16 09:00'), cal)).toBe(5);
    expect(workingDaysBetween(sh('2026-03-09 23:00'), sh('2026-03-09 23:30'), cal)).toBe(0);
    expect(workingDaysBetween(sh('2026-03-16 10:00'), sh('2026-03-09 10:00'), cal)).toBe(0);
    expect(workingDaysBetween(sh('2026-02-13 10:00'), sh('2026-03-02 10:00'), cal)).toBe(7); // 2/13, 2/14 (调休), 2/24–27, 2/28 (调休)
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests against a deliberately naive reference: walk day by day with Date arithmetic.

const MINUTE = 60_000;
const RANGE_FROM = sh('2025-12-01 00:00').getTime();
const RANGE_TO = sh('2027-12-31 23:59').getTime();
const startArb = fc
  .integer({ min: 0, max: (RANGE_TO - RANGE_FROM) / MINUTE })
  .map((m) => new Date(RANGE_FROM + m * MINUTE));
const nArb = fc.integer({ min: 1, max: 30 });
const SEED = 20260218;
const RUNS = 500;

type Lookup = Record<string, CalendarDayKind>;

function lookupOf(days: CalendarDay[]): Lookup {
  const lookup: Lookup = {};
  for (const d of days) lookup[d.date] = d.kind;
  return lookup;
}

function refIsWorking(date: string, lookup: Lookup): boolean {
  if (lookup[date] === 'holiday') return false;
  if (lookup[date] === 'workday') return true;
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

function refNextDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function refAddWorkingDays(start: Date, n: number, lookup: Lookup): Date {
  const wall = new Date(start.getTime() + 8 * 3600_000);
  const startDate = wall.toISOString().slice(0, 10);
  const clock = wall.getUTCHours() * 3600_000 + wall.getUTCMinutes() * 60_000 + wall.getUTCSeconds() * 1000;
  let date = startDate;
  let count = 0;
  while (count < n) {
    date = refNextDate(date);
    if (refIsWorking(date, lookup)) count++;
  }
  if (refIsWorking(startDate, lookup)) return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + clock);
  return new Date(`${refNextDate(date)}T00:00:00+08:00`);
}

function refWorkingDaysBetween(from: Date, to: Date, lookup: Lookup): number {
  const end = new Date(to.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  let count = 0;
  for (let d = new Date(from.getTime() + 8 * 3600_000).toISOString().slice(0, 10); d < end; d = refNextDate(d)) {
    if (refIsWorking(d, lookup)) count++;
  }
  return count;
}

/** Random calendars: runs of holidays / make-up days between 2025-11-01 and 2028-12-31. */
const calendarArb = fc
  .array(
    fc.record({
      offset: fc.integer({ min: 0, max: 1155 }),
      length: fc.integer({ min: 1, max: 10 }),
      kind: fc.constantFrom<CalendarDayKind>('holiday', 'workday'),
    }),
    { maxLength: 60 },
  )
  .map((runs) => {
    const days: CalendarDay[] = [];
    for (const { offset, length, kind } of runs) {
      for (let i = 0; i < length; i++) days.push({ date: addCalendarDays('2025-11-01', offset + i), kind, name: kind });
    }
    return days;
  });

const params = (seed: number) => ({ seed, numRuns: RUNS });

function checkLaws(c: WorkCalendar, lookup: Lookup, start: Date, n: number): void {
  const due = addWorkingDays(start, n, c);
  expect(due).toEqual(refAddWorkingDays(start, n, lookup));
  expect(due.getTime()).toBeGreaterThan(start.getTime());
  expect(workingDaysBetween(start, due, c)).toBe(n);
  const startDay = shanghaiDate(start);
  if (isWorkingDay(startDay, c)) {
    // Same clock time on a working day.
    expect(isWorkingDay(shanghaiDate(due), c)).toBe(true);
    expect(due.getTime() - startOfShanghaiDay(shanghaiDate(due)).getTime()).toBe(
      start.getTime() - startOfShanghaiDay(startDay).getTime(),
    );
  } else {
    // 24:00 at the end of a working day.
    expect(due).toEqual(startOfShanghaiDay(shanghaiDate(due)));
    expect(isWorkingDay(addCalendarDays(shanghaiDate(due), -1), c)).toBe(true);
  }
  expect(addWorkingDays(start, n + 1, c).getTime()).toBeGreaterThan(due.getTime());
}

describe('addWorkingDays properties (default calendar)', () => {
  const lookup = lookupOf(DEFAULT_CALENDAR_DAYS);

  it('matches the reference and its laws', () => {
    fc.assert(
      fc.property(startArb, nArb, (start, n) => checkLaws(cal, lookup, start, n)),
      params(SEED),
    );
  });

  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(startArb, startArb, nArb, (a, b, n) => {
        const [s1, s2] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(s1, n, cal).getTime()).toBeLessThanOrEqual(addWorkingDays(s2, n, cal).getTime());
      }),
      params(SEED + 1),
    );
  });

  it('composes from a working-day start', () => {
    fc.assert(
      fc.property(startArb, nArb, nArb, (start, a, b) => {
        fc.pre(isWorkingDay(shanghaiDate(start), cal));
        expect(addWorkingDays(addWorkingDays(start, a, cal), b, cal)).toEqual(addWorkingDays(start, a + b, cal));
      }),
      params(SEED + 2),
    );
  });

  it('counts working days like the reference', () => {
    fc.assert(
      fc.property(startArb, startArb, (from, to) => {
        expect(workingDaysBetween(from, to, cal)).toBe(refWorkingDaysBetween(from, to, lookup));
      }),
      params(SEED + 3),
    );
  });
});

describe('addWorkingDays properties (random calendars)', () => {
  it('matches the reference and its laws', () => {
    fc.assert(
      fc.property(calendarArb, startArb, nArb, (days, start, n) =>
        checkLaws(buildCalendar(days), lookupOf(days), start, n),
      ),
      params(SEED + 4),
    );
  });

  it('is monotonic in the start and composes from a working-day start', () => {
    fc.assert(
      fc.property(calendarArb, startArb, startArb, nArb, nArb, (days, x, y, a, b) => {
        const c = buildCalendar(days);
        const [s1, s2] = x <= y ? [x, y] : [y, x];
        expect(addWorkingDays(s1, a, c).getTime()).toBeLessThanOrEqual(addWorkingDays(s2, a, c).getTime());
        if (isWorkingDay(shanghaiDate(s1), c)) {
          expect(addWorkingDays(addWorkingDays(s1, a, c), b, c)).toEqual(addWorkingDays(s1, a + b, c));
        }
      }),
      params(SEED + 5),
    );
  });

  it('counts working days like the reference', () => {
    fc.assert(
      fc.property(calendarArb, startArb, startArb, (days, from, to) => {
        expect(workingDaysBetween(from, to, buildCalendar(days))).toBe(refWorkingDaysBetween(from, to, lookupOf(days)));
      }),
      params(SEED + 6),
    );
  });
});
