import { SYSTEM_EVENT_ACTIONS, LIFECYCLE_ACTIONS, type TimelineAction } from './actions';
import {
  RESIDENT_TIMELINE,
  residentNote,
  residentSees,
  residentStatus,
  statusBeforeRuling,
  type TimelineEventFacts,
} from './visibility';

const event = (action: TimelineAction, note: string | null, data: Record<string, unknown> | null = null) =>
  ({ action, internal: false, note, data }) satisfies TimelineEventFacts;

describe('what a resident sees of the timeline', () => {
  it('decides every timeline action', () => {
    for (const action of [...LIFECYCLE_ACTIONS, ...SYSTEM_EVENT_ACTIONS]) {
      expect(['shown', 'summary', 'hidden']).toContain(RESIDENT_TIMELINE[action]);
    }
  });

  it('keeps staff-facing reasons among staff', () => {
    expect(residentSees(event('return', '业主态度差不想去'))).toBe(false);
    expect(residentSees(event('note', '内部备注'))).toBe(false);
    expect(residentSees(event('escalate', '超时升级'))).toBe(false);
    expect(residentSees(event('rule_invalid', '不归我们管'))).toBe(false);
    expect(residentSees(event('reject_invalid', '属于物业责任'))).toBe(false);
    expect(residentSees(event('approval_requested', '延期：理由'))).toBe(false);
    expect(residentSees(event('approval_rejected', '驳回'))).toBe(false);
    // A transfer is shown, but as where it went, not why.
    const transfer = event('transfer', '这活不归我们部门', { departmentId: 3, departmentName: '保洁部' });
    expect(residentSees(transfer)).toBe(true);
    expect(residentNote(transfer)).toBe('转由保洁部处理');
    const reassign = event('reassign', '老王手艺不行', { assigneeUserId: 9, assigneeName: '李四' });
    expect(residentNote(reassign)).toBe('改由 李四 处理');
  });

  it('shows an approved extension by its summary, without the approver’s remark', () => {
    const approved = event('approval_approved', '延期：办结时限延至 2026-12-05 18:00。审批意见：下不为例', {
      type: 'extension',
      summary: '延期：办结时限延至 2026-12-05 18:00',
    });
    expect(residentSees(approved)).toBe(true);
    expect(residentNote(approved)).toBe('延期：办结时限延至 2026-12-05 18:00');
    expect(residentSees(event('approval_approved', '等级调整', { type: 'grade_change' }))).toBe(false);
  });

  it('explains an approved invalid ruling by the explanation, not the manager’s note', () => {
    const approved = event('approve_invalid', '同意，注意话术', {
      explanation: '属于市政管网问题',
      responsibleBody: '市自来水公司',
    });
    expect(residentNote(approved)).toBe('属于市政管网问题（责任单位：市自来水公司）');
  });

  it('shows the work steps as written, and never an event written as internal', () => {
    expect(residentNote(event('complete', '已更换阀门'))).toBe('已更换阀门');
    expect(residentSees({ ...event('accept', '受理'), internal: true })).toBe(false);
    expect(residentNote({ ...event('accept', '受理'), internal: true })).toBeNull();
  });
});

describe('the status a resident reads', () => {
  it('is the status before an undecided invalid ruling, the real one otherwise', () => {
    expect(residentStatus('invalid_pending', 'received')).toBe('received');
    expect(residentStatus('invalid_pending', 'accepted')).toBe('accepted');
    // A timeline that lost the step (never expected): still nothing of the ruling.
    expect(residentStatus('invalid_pending', null)).toBe('accepted');
    expect(residentStatus('invalid', 'accepted')).toBe('invalid');
    expect(residentStatus('in_progress', null)).toBe('in_progress');
  });

  it('takes the latest ruling: a rejected first one sent it back to 已受理', () => {
    const events = [
      { id: 7, action: 'rule_invalid' as const, fromStatus: 'accepted' as const },
      { id: 3, action: 'rule_invalid' as const, fromStatus: 'received' as const },
      { id: 5, action: 'reject_invalid' as const, fromStatus: 'invalid_pending' as const },
    ];
    expect(statusBeforeRuling(events)).toBe('accepted');
    expect(statusBeforeRuling(events.slice(1, 2))).toBe('received');
    expect(statusBeforeRuling([])).toBeNull();
  });
});
