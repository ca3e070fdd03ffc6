import { choicesOf, emptyRights, INVITATION_FIELDS, MEMBER_FIELDS, toggled } from './spec';

const options = {
  roles: ['staff', 'supervisor'] as const,
  departments: [{ id: 3, name: '工程维修部' }],
  projects: [
    { id: 1, name: '阳光花园' },
    { id: 2, name: '翠湖苑' },
  ],
};

describe('staff rights form spec', () => {
  it('offers only what the server lets the caller pick', () => {
    expect(choicesOf('role', { ...options, roles: [...options.roles] })).toEqual([
      { id: 'staff', label: '维修/服务人员' },
      { id: 'supervisor', label: '部门主管' },
    ]);
    expect(choicesOf('projectIds', { ...options, roles: [] }).map((c) => c.id)).toEqual([1, 2]);
  });

  it('toggles projects in and out', () => {
    expect(toggled([1], 2)).toEqual([1, 2]);
    expect(toggled([1, 2], 1)).toEqual([2]);
  });

  it('an invitation asks for its expiry, a member edit does not', () => {
    expect(INVITATION_FIELDS.map((f) => f.key)).toContain('expiresInHours');
    expect(MEMBER_FIELDS.map((f) => f.key)).not.toContain('expiresInHours');
    expect(emptyRights().expiresInHours).toBe(72);
  });
});
