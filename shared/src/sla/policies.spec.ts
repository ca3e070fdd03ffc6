import { GRADES, REQUEST_KINDS, type Grade, type RequestKind } from '../kinds';
import { buildCalendar, DEFAULT_CALENDAR_DAYS } from './calendar';
import {
  DEADLINE_STATE_LABELS,
  deadlineFor,
  deadlineState,
  DEFAULT_SLA_POLICIES,
  formatLimit,
  remainingText,
  resolvePolicy,
  SLA_STEP_LABELS,
  SLA_STEPS,
  type SlaLimit,
  type SlaPolicyRule,
  type SlaStep,
} from './policies';

const sh = (text: string): Date => new Date(`${text.replace(' ', 'T')}:00+08:00`);
const cal = buildCalendar(DEFAULT_CALENDAR_DAYS);

const limit = (amount: number, unit: SlaLimit['unit'] = 'hours'): SlaLimit => ({ unit, amount });
const rule = (partial: Partial<SlaPolicyRule>): SlaPolicyRule => ({
  kind: null,
  grade: null,
  categoryId: null,
  step: 'resolution',
  limit: limit(1),
  ...partial,
});

describe('labels and limits', () => {
  it('labels every step', () => {
    expect(SLA_STEPS.map((s) => SLA_STEP_LABELS[s])).toEqual([
      '派单',
      '首次答复',
      '办结',
      '回访',
      '等待业主评价',
      '无效判定说明',
    ]);
    expect(DEADLINE_STATE_LABELS).toEqual({
      ok: '正常',
      nearing: '即将超时',
      overdue: '已超时',
      met: '按时完成',
      missed: '超时完成',
    });
  });

  it('formats limits', () => {
    expect(formatLimit(limit(10, 'minutes'))).toBe('10 分钟');
    expect(formatLimit(limit(24, 'hours'))).toBe('24 小时');
    expect(formatLimit(limit(3, 'days'))).toBe('3 天');
    expect(formatLimit(limit(3, 'working_days'))).toBe('3 个工作日');
  });
});

describe('resolvePolicy', () => {
  // Category tree: 30 (leaf) → 20 (parent) → 10 (root).
  const target = { kind: 'complaint' as const, grade: 'C' as const, categoryPath: [30, 20, 10] };
  const anyRule = rule({ limit: limit(1) });
  const kindRule = rule({ kind: 'complaint', limit: limit(2) });
  const gradeRule = rule({ grade: 'C', limit: limit(3) });
  const rootRule = rule({ categoryId: 10, limit: limit(4) });
  const parentRule = rule({ categoryId: 20, limit: limit(5) });
  const leafRule = rule({ categoryId: 30, limit: limit(6) });

  it('prefers leaf over parent over root over grade over kind over nothing, whatever the order', () => {
    const all = [leafRule, parentRule, rootRule, gradeRule, kindRule, anyRule];
    for (const rules of [all, [...all].reverse()]) {
      expect(resolvePolicy(rules, target, 'resolution')).toBe(leafRule);
      expect(
        resolvePolicy(
          rules.filter((r) => r !== leafRule),
          target,
          'resolution',
        ),
      ).toBe(parentRule);
      expect(
        resolvePolicy(
          rules.filter((r) => r !== leafRule && r !== parentRule),
          target,
          'resolution',
        ),
      ).toBe(rootRule);
      expect(resolvePolicy([gradeRule, kindRule, anyRule], target, 'resolution')).toBe(gradeRule);
      expect(resolvePolicy([kindRule, gradeRule], target, 'resolution')).toBe(gradeRule);
      expect(resolvePolicy([anyRule, kindRule], target, 'resolution')).toBe(kindRule);
    }
  });

  it('ranks a parent rule above a rule naming grade and kind but no category', () => {
    const gradeAndKind = rule({ kind: 'complaint', grade: 'C', limit: limit(7) });
    expect(resolvePolicy([parentRule, gradeAndKind], target, 'resolution')).toBe(parentRule);
    expect(resolvePolicy([gradeAndKind, parentRule], target, 'resolution')).toBe(parentRule);
    // Same category: grade breaks the tie, then kind.
    const parentGrade = rule({ categoryId: 20, grade: 'C', limit: limit(8) });
    const parentKind = rule({ categoryId: 20, kind: 'complaint', limit: limit(9) });
    expect(resolvePolicy([parentGrade, parentKind, parentRule], target, 'resolution')).toBe(parentGrade);
    expect(resolvePolicy([parentKind, parentRule], target, 'resolution')).toBe(parentKind);
  });

  it('lets the later rule win a tie', () => {
    const first = rule({ kind: 'complaint', limit: limit(1) });
    const second = rule({ kind: 'complaint', limit: limit(2) });
    expect(resolvePolicy([first, second], target, 'resolution')).toBe(second);
    expect(resolvePolicy([second, first], target, 'resolution')).toBe(first);
  });

  it('ignores rules for other steps, kinds, grades and categories; null when nothing matches', () => {
    const rules = [
      rule({ step: 'dispatch' }),
      rule({ kind: 'repair' }),
      rule({ grade: 'A' }),
      rule({ categoryId: 99 }),
      rule({ categoryId: 30, kind: 'repair' }),
    ];
    expect(resolvePolicy(rules, target, 'resolution')).toBeNull();
    expect(resolvePolicy([], target, 'resolution')).toBeNull();
    expect(resolvePolicy(rules, { ...target, categoryPath: [] }, 'resolution')).toBeNull();
  });
});

describe('DEFAULT_SLA_POLICIES', () => {
  const resolve = (kind: RequestKind, grade: Grade, step: SlaStep) =>
    resolvePolicy(DEFAULT_SLA_POLICIES, { kind, grade, categoryPath: [7, 1] }, step)?.limit ?? null;

  it('dispatches complaints in 10 minutes, everything else in 2 hours', () => {
    for (const grade of GRADES) {
      expect(resolve('complaint', grade, 'dispatch')).toEqual(limit(10, 'minutes'));
      expect(resolve('repair', grade, 'dispatch')).toEqual(limit(2, 'hours'));
      expect(resolve('suggestion', grade, 'dispatch')).toEqual(limit(2, 'hours'));
    }
  });

  it('answers every request first within 24 hours', () => {
    for (const kind of REQUEST_KINDS) {
      for (const grade of GRADES) expect(resolve(kind, grade, 'first_reply')).toEqual(limit(24, 'hours'));
    }
  });

  it('resolves by grade for complaints, 2 days for repairs and suggestions', () => {
    const complaint: Record<Grade, SlaLimit> = {
      A: limit(3, 'days'),
      B: limit(15, 'days'),
      C: limit(3, 'working_days'),
      D: limit(3, 'working_days'),
      E: limit(2, 'days'),
    };
    for (const grade of GRADES) {
      expect(resolve('complaint', grade, 'resolution')).toEqual(complaint[grade]);
      expect(resolve('repair', grade, 'resolution')).toEqual(limit(2, 'days'));
      expect(resolve('suggestion', grade, 'resolution')).toEqual(limit(2, 'days'));
    }
  });

  it('calls back complaints and repairs within 3 days; suggestions need none', () => {
    for (const grade of GRADES) {
      expect(resolve('complaint', grade, 'callback')).toEqual(limit(3, 'days'));
      expect(resolve('repair', grade, 'callback')).toEqual(limit(3, 'days'));
      expect(resolve('suggestion', grade, 'callback')).toBeNull();
    }
  });

  it('explains an invalid ruling to the resident within 24 hours (seed 002 处理程序 2.2)', () => {
    for (const kind of REQUEST_KINDS) expect(resolve(kind, 'C', 'invalid_ruling')).toEqual(limit(24, 'hours'));
  });

  it('is overridden by an admin rule appended after it', () => {
    const admin = rule({ kind: 'complaint', grade: 'C', limit: limit(5, 'working_days') });
    expect(
      resolvePolicy(
        [...DEFAULT_SLA_POLICIES, admin],
        { kind: 'complaint', grade: 'C', categoryPath: [] },
        'resolution',
      ),
    ).toBe(admin);
  });
});

describe('deadlineFor', () => {
  const start = sh('2026-03-13 15:00'); // Friday

  it('runs minutes, hours and days on the clock', () => {
    expect(deadlineFor(start, limit(10, 'minutes'), cal)).toEqual(sh('2026-03-13 15:10'));
    expect(deadlineFor(start, limit(24, 'hours'), cal)).toEqual(sh('2026-03-14 15:00'));
    expect(deadlineFor(start, limit(3, 'days'), cal)).toEqual(sh('2026-03-16 15:00'));
  });

  it('runs working days on the calendar', () => {
    expect(deadlineFor(start, limit(3, 'working_days'), cal)).toEqual(sh('2026-03-18 15:00'));
    expect(deadlineFor(sh('2026-02-18 10:00'), limit(1, 'working_days'), cal)).toEqual(sh('2026-02-25 00:00'));
  });

  it('rejects non-positive amounts and fractional working days', () => {
    expect(() => deadlineFor(start, limit(0, 'hours'), cal)).toThrow(RangeError);
    expect(() => deadlineFor(start, limit(-1, 'days'), cal)).toThrow(RangeError);
    expect(() => deadlineFor(start, limit(NaN, 'minutes'), cal)).toThrow(RangeError);
    expect(() => deadlineFor(start, limit(1.5, 'working_days'), cal)).toThrow(RangeError);
  });
});

describe('deadlineState', () => {
  // 10-hour step: the last 2 hours are "nearing".
  const start = sh('2026-03-13 08:00');
  const due = sh('2026-03-13 18:00');

  it('is ok, then nearing in the last 20%, then overdue after the deadline', () => {
    expect(deadlineState({ start, due, now: start })).toBe('ok');
    expect(deadlineState({ start, due, now: new Date(sh('2026-03-13 16:00').getTime() - 1) })).toBe('ok');
    expect(deadlineState({ start, due, now: sh('2026-03-13 16:00') })).toBe('nearing');
    expect(deadlineState({ start, due, now: due })).toBe('nearing');
    expect(deadlineState({ start, due, now: new Date(due.getTime() + 1) })).toBe('overdue');
  });

  it('is met or missed once done, whatever now is', () => {
    const late = sh('2026-03-20 00:00');
    expect(deadlineState({ start, due, now: late, doneAt: due })).toBe('met');
    expect(deadlineState({ start, due, now: late, doneAt: sh('2026-03-13 09:00') })).toBe('met');
    expect(deadlineState({ start, due, now: start, doneAt: new Date(due.getTime() + 1) })).toBe('missed');
    expect(deadlineState({ start, due, now: start, doneAt: null })).toBe('ok');
  });

  it('has no nearing window when due is not after start', () => {
    expect(deadlineState({ start: due, due, now: new Date(due.getTime() - 1) })).toBe('ok');
    expect(deadlineState({ start: due, due, now: due })).toBe('nearing');
    expect(deadlineState({ start: new Date(due.getTime() + 60_000), due, now: new Date(due.getTime() - 1) })).toBe(
      'ok',
    );
  });
});

describe('remainingText', () => {
  const now = sh('2026-03-13 08:00');
  const at = (ms: number) => new Date(now.getTime() + ms);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  it('counts down', () => {
    expect(remainingText(at(2 * HOUR + 15 * MIN), now)).toBe('剩 2 小时 15 分');
    expect(remainingText(at(3 * DAY), now)).toBe('剩 3 天');
    expect(remainingText(at(2 * DAY), now)).toBe('剩 2 天');
    expect(remainingText(at(2 * DAY - MIN), now)).toBe('剩 47 小时 59 分');
    expect(remainingText(at(HOUR), now)).toBe('剩 1 小时');
    expect(remainingText(at(HOUR - 1), now)).toBe('剩 59 分');
    expect(remainingText(at(30_000), now)).toBe('剩 1 分');
    expect(remainingText(now, now)).toBe('剩 1 分');
  });

  it('counts up once overdue', () => {
    expect(remainingText(at(-45 * MIN), now)).toBe('已超时 45 分');
    expect(remainingText(at(-2 * DAY - 5 * HOUR), now)).toBe('已超时 2 天');
    expect(remainingText(at(-(3 * HOUR + 5 * MIN)), now)).toBe('已超时 3 小时 5 分');
    expect(remainingText(at(-1), now)).toBe('已超时 1 分');
  });
});
