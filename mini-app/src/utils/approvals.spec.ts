import { REQUEST_STATUSES, type RequestStatus } from '@linli/shared';
import {
  EMPTY_APPLY,
  applyTypesFor,
  applyWaiting,
  boardRowId,
  boardTone,
  boardTotals,
  decisionErrors,
  escalationReasonText,
  proposalRows,
  suggestedNewDue,
  toApprovalInput,
} from './approvals';

describe('which approvals a request can ask for', () => {
  it.each<[RequestStatus, string[]]>([
    ['received', ['grade_change', 'extension']],
    ['accepted', ['grade_change', 'extension']],
    ['in_progress', ['grade_change', 'extension']],
    ['on_hold', ['grade_change', 'extension']],
    ['fee_pending', ['grade_change', 'extension', 'fee_waiver']],
    ['resolved', ['grade_change', 'close_without_callback']],
    ['closed', []],
    ['invalid', []],
    ['cancelled', []],
  ])('%s → %j', (status, types) => {
    expect(applyTypesFor(status).map((option) => option.type)).toEqual(types);
    expect(applyTypesFor(status).every((option) => !option.pending)).toBe(true);
  });

  it('offers 恶意投诉 for a complaint not marked yet, in any state but cancelled or ruled invalid', () => {
    const complaint = { kind: 'complaint' as const, maliciousAt: null };
    expect(applyTypesFor('closed', [], complaint).map((option) => option.type)).toEqual(['malicious']);
    expect(applyTypesFor('in_progress', [], complaint).map((option) => option.type)).toContain('malicious');
    expect(applyTypesFor('cancelled', [], complaint)).toEqual([]);
    expect(applyTypesFor('closed', [], { kind: 'repair', maliciousAt: null })).toEqual([]);
    expect(applyTypesFor('closed', [], { kind: 'complaint', maliciousAt: '2026-12-01T00:00:00.000Z' })).toEqual([]);
  });

  it('never offers the invalid ruling (判定无效 is its own action)', () => {
    for (const status of REQUEST_STATUSES) {
      expect(applyTypesFor(status, ['invalid_ruling']).map((option) => option.type)).not.toContain('invalid_ruling');
    }
  });

  it('marks a type already waiting for a decision, and still lists it', () => {
    expect(applyTypesFor('in_progress', ['extension'])).toEqual([
      { type: 'grade_change', pending: false },
      { type: 'extension', pending: true },
    ]);
    // A pending type the status no longer allows is not listed at all.
    expect(applyTypesFor('resolved', ['extension', 'close_without_callback'])).toEqual([
      { type: 'grade_change', pending: false },
      { type: 'close_without_callback', pending: true },
    ]);
  });

  it('waits (审批中) only when every type that applies is pending', () => {
    expect(applyWaiting(applyTypesFor('in_progress', ['extension']))).toBe(false);
    expect(applyWaiting(applyTypesFor('in_progress', ['grade_change', 'extension']))).toBe(true);
    expect(applyWaiting(applyTypesFor('in_progress', []))).toBe(false);
    // Nothing applies: no button at all, not a waiting one.
    expect(applyWaiting(applyTypesFor('closed', ['grade_change']))).toBe(false);
  });
});

describe('the 申请审批 form', () => {
  const due = { year: 2030, month: 3, day: 5, hour: 18, minute: 0 };

  it('asks for a type first', () => {
    expect(toApprovalInput(EMPTY_APPLY)).toEqual({ ok: false, errors: { type: '请选择审批类型' } });
  });

  it('sends an extension with the Shanghai time, the plan and the reason, trimmed', () => {
    const result = toApprovalInput({
      ...EMPTY_APPLY,
      type: 'extension',
      newDueAt: due,
      plan: ' 先临时止水 ',
      reason: ' 配件需要厂家订货 ',
    });
    expect(result).toEqual({
      ok: true,
      input: {
        type: 'extension',
        newDueAt: '2030-03-05T18:00:00+08:00',
        plan: '先临时止水',
        reason: '配件需要厂家订货',
      },
    });
  });

  it('names each missing field of an extension', () => {
    const result = toApprovalInput({ ...EMPTY_APPLY, type: 'extension' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['newDueAt', 'plan', 'reason']);
    expect(result.errors.newDueAt).toBe('请填写新的办结时限');
  });

  it('needs a grade for a grade change, in words a person understands', () => {
    const result = toApprovalInput({ ...EMPTY_APPLY, type: 'grade_change', reason: '涉及多户' });
    expect(result).toEqual({ ok: false, errors: { grade: '请选择新的等级' } });
    expect(toApprovalInput({ ...EMPTY_APPLY, type: 'grade_change', grade: 'B', reason: '涉及多户' })).toEqual({
      ok: true,
      input: { type: 'grade_change', grade: 'B', reason: '涉及多户' },
    });
  });

  it('sends only the reason for the other types, ignoring fields of another type', () => {
    expect(toApprovalInput({ ...EMPTY_APPLY, type: 'fee_waiver', grade: 'A', plan: '无', reason: '公司承担' })).toEqual(
      { ok: true, input: { type: 'fee_waiver', reason: '公司承担' } },
    );
    const short = toApprovalInput({ ...EMPTY_APPLY, type: 'close_without_callback', reason: ' ' });
    expect(short.ok).toBe(false);
  });

  it('suggests a new deadline a day after the current one, on the hour', () => {
    const now = Date.parse('2030-03-01T10:20:00+08:00');
    expect(suggestedNewDue('2030-03-04T17:30:00+08:00', now).toISOString()).toBe('2030-03-05T10:00:00.000Z');
    // A limit already past: a day from now.
    expect(suggestedNewDue('2030-02-01T00:00:00+08:00', now).toISOString()).toBe('2030-03-02T03:00:00.000Z');
    expect(suggestedNewDue(null, now).toISOString()).toBe('2030-03-02T03:00:00.000Z');
  });
});

describe('an approval’s page', () => {
  it('lists what an extension and an invalid ruling propose', () => {
    expect(proposalRows({ type: 'extension', newDueAt: '2030-03-05T10:00:00.000Z', plan: '临时止水' })).toEqual([
      { key: 'due', label: '新办结时限', value: '2030-03-05 18:00' },
      { key: 'plan', label: '临时处理方案', value: '临时止水' },
    ]);
    expect(proposalRows({ type: 'invalid_ruling', explanation: '属市政管网', responsibleBody: '自来水公司' })).toEqual([
      { key: 'explanation', label: '向业主的说明', value: '属市政管网' },
      { key: 'body', label: '责任单位', value: '自来水公司' },
    ]);
    expect(proposalRows({ type: 'fee_waiver' })).toEqual([]);
  });

  it('shows a refused 驳回’s note error under 审批意见', () => {
    expect(decisionErrors({ note: '请填写驳回理由' })).toEqual({ comment: '请填写驳回理由' });
    expect(decisionErrors({ comment: '审批意见最多 500 字', note: 'x' })).toEqual({ comment: '审批意见最多 500 字' });
  });
});

describe('the board', () => {
  it('is red with anything overdue, orange with anything nearing, calm otherwise', () => {
    expect(boardTone({ nearing: 2, overdue: 1 })).toBe('overdue');
    expect(boardTone({ nearing: 1, overdue: 0 })).toBe('nearing');
    expect(boardTone({ nearing: 0, overdue: 0 })).toBe('ok');
  });

  it('names department rows (待分派 as none) and people rows', () => {
    expect(boardRowId({ departmentId: 3, userId: null })).toBe('board-dept-3');
    expect(boardRowId({ departmentId: null, userId: null })).toBe('board-dept-none');
    expect(boardRowId({ departmentId: 3, userId: 7 })).toBe('board-user-7');
  });

  it('adds the departments up', () => {
    expect(
      boardTotals([
        { open: 3, nearing: 1, overdue: 0 },
        { open: 2, nearing: 0, overdue: 2 },
      ]),
    ).toEqual({ open: 5, nearing: 1, overdue: 2 });
    expect(boardTotals([])).toEqual({ open: 0, nearing: 0, overdue: 0 });
  });
});

describe('升级到我的', () => {
  it('says why a request climbed', () => {
    expect(escalationReasonText({ reason: 'resolution', reasonLabel: '办结', level: 2 })).toBe('办结超时');
    expect(escalationReasonText({ reason: 'dispatch', reasonLabel: '派单', level: 1 })).toBe('派单即将超时');
    expect(escalationReasonText({ reason: 'urge', reasonLabel: '催办', level: 3 })).toBe('多次催办');
  });
});
