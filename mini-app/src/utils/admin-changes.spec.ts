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
});
