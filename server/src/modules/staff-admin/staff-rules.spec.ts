import type { StaffProfile } from '../access/action-rules';
import { AppError } from '../../common/errors/app-error';
import { mayManage, mergedProjects, requireGrant } from './staff-rules';

const admin: StaffProfile = { userId: 1, role: 'admin', departmentId: null, projectIds: 'all' };
const manager: StaffProfile = { userId: 2, role: 'manager', departmentId: 5, projectIds: [10, 11] };
const supervisor: StaffProfile = { userId: 3, role: 'supervisor', departmentId: 5, projectIds: [10] };

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as AppError).code;
  }
  return null;
};

describe('who may grant what', () => {
  it('admins grant every staff role anywhere', () => {
    for (const role of ['receptionist', 'staff', 'supervisor', 'manager', 'admin'] as const) {
      expect(refusal(() => requireGrant(admin, role, [99]))).toBeNull();
    }
  });

  it('managers grant the roles below them, in their own projects only', () => {
    expect(refusal(() => requireGrant(manager, 'supervisor', [10, 11]))).toBeNull();
    expect(refusal(() => requireGrant(manager, 'manager', [10]))).toBe('FORBIDDEN');
    expect(refusal(() => requireGrant(manager, 'admin', []))).toBe('FORBIDDEN');
    expect(refusal(() => requireGrant(manager, 'staff', [10, 12]))).toBe('NOT_FOUND');
    expect(refusal(() => requireGrant(supervisor, 'staff', [10]))).toBe('FORBIDDEN');
  });

  it('managers manage members below them who serve one of their projects', () => {
    expect(mayManage(manager, { role: 'staff', projectIds: [11, 30] })).toBe(true);
    expect(mayManage(manager, { role: 'staff', projectIds: [30] })).toBe(false);
    expect(mayManage(manager, { role: 'manager', projectIds: [10] })).toBe(false);
    expect(mayManage(supervisor, { role: 'staff', projectIds: [10] })).toBe(false);
    expect(mayManage(admin, { role: 'admin', projectIds: [] })).toBe(true);
  });

  it("a manager's edit keeps the projects outside their own", () => {
    expect(mergedProjects(manager, [10, 30], [11])).toEqual([11, 30]);
    expect(mergedProjects(admin, [10, 30], [11])).toEqual([11]);
  });
});
