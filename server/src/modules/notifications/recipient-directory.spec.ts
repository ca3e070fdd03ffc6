import { buildCalendar, DEFAULT_APPROVER_RULES, type Role } from '@linli/shared';
import type { ReferenceSnapshot, StaffRefRow } from '../reference/reference-snapshot';
import { settingDefaults } from '../settings/settings-resolution';
import { climb, ladderFor } from './recipient-directory';

const PROJECT = 1;

function staff(userId: number, role: Role, extra: Partial<StaffRefRow> = {}): StaffRefRow {
  return {
    userId,
    role,
    name: `人${userId}`,
    title: null,
    departmentId: null,
    onDuty: true,
    active: true,
    reachable: false,
    projectIds: new Set([PROJECT]),
    ...extra,
  };
}

function snapshot(people: StaffRefRow[]): ReferenceSnapshot {
  return {
    version: 1,
    categories: new Map(),
    withActiveChildren: new Set(),
    archivedProjects: new Set(),
    routes: new Map(),
    departments: new Map([
      [10, { id: 10, name: '保洁部', dispatchMode: 'claim', active: true }],
      [20, { id: 20, name: '工程部', dispatchMode: 'supervisor', active: true }],
    ]),
    policies: [],
    calendar: buildCalendar([]),
    staff: new Map(people.map((person) => [person.userId, person])),
    settings: settingDefaults({ approvers: DEFAULT_APPROVER_RULES }),
  };
}

const request = (departmentId: number | null, assigneeUserId: number | null = null) => ({
  departmentId,
  projectId: PROJECT,
  assigneeUserId,
  firstContactUserId: null,
});

describe('the ladder a notice climbs (issue 12)', () => {
  it('an escalation to a department without a supervisor goes on to the manager, and stops where a phone rings', () => {
    const world = snapshot([
      staff(1, 'staff', { departmentId: 10 }),
      staff(2, 'manager', { reachable: true }),
      staff(3, 'admin'),
    ]);
    const levels = ladderFor(world, 'escalation_target', request(10), { level: 2, reason: 'resolution' })!;
    expect(levels.map((level) => [level.label, level.userIds])).toEqual([
      ['保洁部主管', []],
      ['项目经理', [2]],
      ['公司管理员', [3]],
    ]);
    expect(climb(world, levels, null)).toEqual({
      told: [{ userId: 2, level: 1, why: '保洁部主管无人' }],
      heardAt: levels[1],
      gaps: ['保洁部主管无人'],
    });
  });

  it('tells every level while nobody is linked, and reports that nobody heard', () => {
    const world = snapshot([staff(5, 'supervisor', { departmentId: 20 }), staff(2, 'manager'), staff(3, 'admin')]);
    const { told, heardAt, gaps } = climb(world, ladderFor(world, 'department_queue', request(20))!, null);
    expect(told.map((entry) => [entry.userId, entry.why])).toEqual([
      [5, null],
      [2, '工程部主管未开通微信通知'],
      [3, '工程部主管未开通微信通知，项目经理未开通微信通知'],
    ]);
    expect(heardAt).toBeNull();
    expect(gaps).toHaveLength(3);
  });

  it('a level that made the step itself is heard: nobody above is bothered', () => {
    const world = snapshot([staff(5, 'supervisor', { departmentId: 20 }), staff(2, 'manager')]);
    const { told, heardAt } = climb(world, ladderFor(world, 'department_queue', request(20))!, 5);
    expect(told.map((entry) => entry.userId)).toEqual([5]);
    expect(heardAt?.label).toBe('工程部主管');
  });

  it('an urge with nobody assigned reaches the 抢单 department’s on-duty staff; disabled accounts are nobody', () => {
    const world = snapshot([
      staff(7, 'staff', { departmentId: 10, reachable: true }),
      staff(8, 'staff', { departmentId: 10, onDuty: false, reachable: true }),
      staff(9, 'staff', { departmentId: 10, active: false, reachable: true }),
    ]);
    const levels = ladderFor(world, 'handler', request(10))!;
    expect(levels[0]).toEqual({ label: '保洁部在岗人员', userIds: [7] });
    expect(climb(world, levels, null).told.map((entry) => entry.userId)).toEqual([7]);
  });

  it('recipients who are who they are have no ladder', () => {
    expect(ladderFor(snapshot([]), 'assignee', request(10, 1))).toBeNull();
    expect(ladderFor(snapshot([]), 'resident', request(10))).toBeNull();
  });
});
