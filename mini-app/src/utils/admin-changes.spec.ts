import { changedFields, subjectLabel } from './admin-changes';

const staff = (before: unknown, after: unknown) => ({ entity: 'staff', entityKey: null, before, after });

describe('changedFields', () => {
  it('lists only what changed, in words', () => {
    expect(
      changedFields(
        staff(
          { role: 'staff', active: true, projectIds: [1], title: '水电工' },
          { role: 'supervisor', active: false, projectIds: [1], title: '水电工' },
        ),
      ),
    ).toEqual([
      { field: 'role', label: '角色', text: '维修/服务人员 → 部门主管' },
      { field: 'active', label: '状态', text: '在职 → 已停用' },
    ]);
  });

  it('shows a create as its values', () => {
    expect(changedFields(staff(null, { role: 'staff', projectIds: [2, 3] }))).toEqual([
      { field: 'role', label: '角色', text: '维修/服务人员' },
      { field: 'projectIds', label: '项目', text: '#2、#3' },
    ]);
  });

  it('names departments and projects when it knows them', () => {
    const names = { departments: new Map([[2, '工程维修部']]), projects: new Map([[1, '阳光花园']]) };
    expect(
      changedFields(staff({ departmentId: null, projectIds: [] }, { departmentId: 2, projectIds: [1, 9] }), names),
    ).toEqual([
      { field: 'departmentId', label: '部门', text: '— → 工程维修部' },
      { field: 'projectIds', label: '项目', text: '无 → 阳光花园、#9' },
    ]);
  });

  it('compares the fields an edit set, in each subject’s own words', () => {
    // A record carried over from before the one log kept the whole project as `before`.
    const project = {
      entity: 'project',
      entityKey: null,
      before: { id: 5, name: '阳光花园', kind: 'residential', roomCount: 40 },
      after: { name: '阳光花园', kind: 'villa' },
    };
    expect(changedFields(project)).toEqual([{ field: 'kind', label: '类型', text: '住宅 → 别墅' }]);
    const room = {
      entity: 'room',
      entityKey: null,
      before: { name: '101', occupied: true },
      after: { name: '102', occupied: false },
    };
    expect(changedFields(room).map((field) => `${field.label}：${field.text}`)).toEqual([
      '房号：101 → 102',
      '入住：已入住 → 空置',
    ]);
  });

  it('reads a setting as 系统设置 names its fields', () => {
    const settings = {
      urge: [
        { path: 'intervalMinutes', label: '催办间隔', kind: 'number' as const, unit: '分钟' },
        { path: 'managerAt', label: '升级到项目经理', kind: 'number' as const, unit: '次催办' },
      ],
    };
    const change = {
      entity: 'setting',
      entityKey: 'urge',
      before: { intervalMinutes: 120, managerAt: 5 },
      after: { intervalMinutes: 60, managerAt: 5 },
    };
    expect(changedFields(change, undefined, settings)).toEqual([
      { field: 'intervalMinutes', label: '催办间隔', text: '120 分钟 → 60 分钟' },
    ]);
  });

  it('shows an import by its counts', () => {
    const change = {
      entity: 'owner_register',
      entityKey: null,
      before: null,
      after: { fileName: '名册.xlsx', new: 3, updated: 1, unchanged: 0, removed: 0, error: 2 },
    };
    expect(changedFields(change).map((field) => `${field.label}：${field.text}`)).toEqual([
      '文件：名册.xlsx',
      '新增：3',
      '更新：1',
      '不变：0',
      '移除：0',
      '错误：2',
    ]);
  });
});

describe('subjectLabel', () => {
  const names = { departments: new Map<number, string>(), projects: new Map([[1, '阳光花园']]) };
  it('says what a change is about', () => {
    expect(subjectLabel({ entity: 'project', entityId: 1, entityKey: null, projectId: 1 }, names)).toBe(
      '项目 · 阳光花园',
    );
    expect(subjectLabel({ entity: 'category_route', entityId: 12, entityKey: null, projectId: 1 }, names)).toBe(
      '派单路由 · #12 · 阳光花园',
    );
    expect(subjectLabel({ entity: 'setting', entityId: null, entityKey: 'urge', projectId: null })).toBe(
      '系统设置 · 催办',
    );
    expect(subjectLabel({ entity: 'calendar', entityId: null, entityKey: '2026', projectId: null })).toBe(
      '工作日历 · 2026 年',
    );
  });
});
