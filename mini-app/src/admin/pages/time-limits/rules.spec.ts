import type { SlaPolicyView } from '@linli/shared';
import { EMPTY_RULE, checkLimit, checkRule, groupByStep, parseAmount, scopeText, toPolicyInput } from './rules';

let nextId = 1;
function policy(overrides: Partial<SlaPolicyView>): SlaPolicyView {
  return {
    id: nextId++,
    kind: null,
    grade: null,
    categoryId: null,
    categoryName: null,
    step: 'dispatch',
    stepLabel: '派单',
    limit: { unit: 'hours', amount: 2 },
    limitLabel: '2 小时',
    ...overrides,
  };
}

describe('time-limit rules by step', () => {
  it('lists every step in order, a step without rules too', () => {
    const groups = groupByStep([policy({ step: 'resolution', stepLabel: '办结' })]);
    expect(groups.map((group) => [group.step, group.label, group.policies.length])).toEqual([
      ['dispatch', '派单', 0],
      ['first_reply', '首次答复', 0],
      ['resolution', '办结', 1],
      ['callback', '回访', 0],
      ['rating_wait', '等待业主评价', 0],
      ['invalid_ruling', '无效判定说明', 0],
    ]);
  });

  it('puts broad rules before the narrower ones that override them', () => {
    const elevator = policy({ step: 'resolution', kind: 'complaint', categoryId: 9, categoryName: '电梯' });
    const gradeB = policy({ step: 'resolution', kind: 'complaint', grade: 'B' });
    const repair = policy({ step: 'resolution', kind: 'repair' });
    const gradeA = policy({ step: 'resolution', kind: 'complaint', grade: 'A' });
    const everyone = policy({ step: 'resolution' });
    const complaints = policy({ step: 'resolution', kind: 'complaint' });
    const [, , resolution] = groupByStep([elevator, gradeB, repair, gradeA, everyone, complaints]);
    expect(resolution.policies).toEqual([everyone, complaints, elevator, gradeA, gradeB, repair]);
  });

  it('words a rule’s scope, 全部 when it names nothing', () => {
    expect(scopeText(policy({}))).toBe('全部');
    expect(scopeText(policy({ kind: 'complaint', grade: 'A' }))).toBe('投诉 · A 级');
    expect(scopeText(policy({ kind: 'repair', categoryId: 4, categoryName: '水电' }))).toBe('报修 · 水电');
    expect(scopeText(policy({ grade: 'E' }))).toBe('E 级');
    expect(scopeText(policy({ categoryId: 4 }))).toBe('分类 4');
  });
});

describe('editing a limit', () => {
  it('takes a whole positive amount and a unit', () => {
    expect(checkLimit({ unit: 'working_days', amount: ' 3 ' })).toEqual({
      ok: true,
      value: { unit: 'working_days', amount: 3 },
    });
  });

  it('explains what is wrong in Chinese', () => {
    expect(checkLimit({ unit: 'hours', amount: '' })).toEqual({ ok: false, errors: { amount: '请填写时限' } });
    expect(checkLimit({ unit: 'hours', amount: '1.5' })).toEqual({ ok: false, errors: { amount: '时限应为整数' } });
    expect(checkLimit({ unit: 'hours', amount: '0' })).toEqual({ ok: false, errors: { amount: '时限至少为 1' } });
    expect(checkLimit({ unit: 'days', amount: '400' })).toEqual({ ok: false, errors: { amount: '时限不能超过 365' } });
    const noUnit = checkLimit({ unit: null, amount: '3' });
    expect(noUnit).toEqual({ ok: false, errors: { unit: '请选择时限单位' } });
  });

  it('reads an empty amount as not given', () => {
    expect(parseAmount('  ')).toBeUndefined();
    expect(parseAmount('12')).toBe(12);
  });
});

describe('adding a rule', () => {
  it('sends null for any kind, grade or category, and the last category picked', () => {
    expect(toPolicyInput({ ...EMPTY_RULE, step: 'dispatch', amount: '10', unit: 'minutes' })).toEqual({
      kind: null,
      grade: null,
      categoryId: null,
      step: 'dispatch',
      unit: 'minutes',
      amount: 10,
    });
    expect(toPolicyInput({ ...EMPTY_RULE, kind: 'repair', categoryPath: [3, 7] }).categoryId).toBe(7);
    expect(toPolicyInput({ ...EMPTY_RULE, kind: null, categoryPath: [3, 7] }).categoryId).toBeNull();
  });

  it('asks for the step and the limit', () => {
    const checked = checkRule({ ...EMPTY_RULE, unit: null }, []);
    expect(checked).toEqual({
      ok: false,
      errors: { step: '请选择环节', unit: '请选择时限单位', amount: '请填写时限' },
    });
  });

  it('accepts a complete rule', () => {
    const draft = { ...EMPTY_RULE, kind: 'complaint' as const, grade: 'A' as const, step: 'resolution' as const };
    expect(checkRule({ ...draft, unit: 'days', amount: '2' }, [])).toEqual({
      ok: true,
      value: { kind: 'complaint', grade: 'A', categoryId: null, step: 'resolution', unit: 'days', amount: 2 },
    });
  });

  it('refuses a second rule for the same step and scope', () => {
    const existing = policy({
      step: 'resolution',
      stepLabel: '办结',
      kind: 'complaint',
      grade: 'A',
      limitLabel: '3 天',
    });
    const draft = { ...EMPTY_RULE, kind: 'complaint' as const, grade: 'A' as const, step: 'resolution' as const };
    expect(checkRule({ ...draft, unit: 'days', amount: '2' }, [existing])).toEqual({
      ok: false,
      errors: { form: '办结环节已有「投诉 · A 级」的规则（3 天），请直接修改它' },
    });
    expect(checkRule({ ...draft, step: 'dispatch', unit: 'days', amount: '2' }, [existing]).ok).toBe(true);
  });
});
