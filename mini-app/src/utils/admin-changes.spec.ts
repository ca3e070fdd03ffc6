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
});
