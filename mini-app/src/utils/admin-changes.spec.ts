import { changedFields } from './admin-changes';

describe('changedFields', () => {
  it('lists only what changed, in words', () => {
    expect(
      changedFields(
        { role: 'staff', active: true, projectIds: [1], title: '水电工' },
        { role: 'supervisor', active: false, projectIds: [1], title: '水电工' },
      ),
    ).toEqual([
      { field: 'role', label: '角色', text: '维修/服务人员 → 部门主管' },
      { field: 'active', label: '状态', text: '在职 → 已停用' },
    ]);
  });

  it('shows a create as its values', () => {
    expect(changedFields(null, { role: 'staff', projectIds: [2, 3] })).toEqual([
      { field: 'role', label: '角色', text: '维修/服务人员' },
      { field: 'projectIds', label: '项目', text: '2、3' },
    ]);
  });

  it('names departments and projects when it knows them', () => {
    const names = { departments: new Map([[2, '工程维修部']]), projects: new Map([[1, '阳光花园']]) };
    expect(
      changedFields({ departmentId: null, projectIds: [] }, { departmentId: 2, projectIds: [1, 9] }, names),
    ).toEqual([
      { field: 'departmentId', label: '部门', text: '— → 工程维修部' },
      { field: 'projectIds', label: '项目', text: '无 → 阳光花园、#9' },
    ]);
  });

  it('reads a project, a department and a room in their own words', () => {
    expect(
      changedFields({ kind: 'residential', areaSqm: 8000 }, { kind: 'villa', areaSqm: 36000 }, undefined, 'project'),
    ).toEqual([
      { field: 'kind', label: '类型', text: '住宅 → 别墅' },
      { field: 'areaSqm', label: '建筑面积', text: '8,000 m² → 36,000 m²' },
    ]);
    expect(changedFields({ active: true }, { active: false }, undefined, 'department')).toEqual([
      { field: 'active', label: '状态', text: '启用 → 停用' },
    ]);
    expect(changedFields({ name: '101', occupied: true }, { name: '101', occupied: false }, undefined, 'room')).toEqual(
      [{ field: 'occupied', label: '入住', text: '入住 → 空置' }],
    );
  });

  it('shows times in Beijing time, a route with its project, a setting leaf by leaf', () => {
    expect(changedFields(null, { expiresAt: '2026-12-07T01:31:19.158Z' })).toEqual([
      { field: 'expiresAt', label: '有效期至', text: '2026-12-07 09:31' },
    ]);
    const names = {
      departments: new Map([[2, '工程维修部']]),
      projects: new Map([[1, '阳光花园']]),
      fields: new Map([['urge.intervalMinutes', '催办 · 催办间隔']]),
    };
    expect(changedFields(null, { projectId: 1, departmentId: 2 }, names, 'category')).toEqual([
      { field: 'projectId', label: '项目', text: '阳光花园' },
      { field: 'departmentId', label: '部门', text: '工程维修部' },
    ]);
    expect(
      changedFields(
        { urge: { intervalMinutes: 120, supervisorAt: 3 } },
        { urge: { intervalMinutes: 60, supervisorAt: 3 } },
        names,
        'setting',
      ),
    ).toEqual([{ field: 'urge.intervalMinutes', label: '催办 · 催办间隔', text: '120 → 60' }]);
  });
});
