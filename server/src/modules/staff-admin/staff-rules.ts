import { MANAGER_GRANTABLE_ROLES, type Role, type StaffRole } from '@linli/shared';
import type { StaffProfile } from '../access/action-rules';
import { AppError } from '../../common/errors/app-error';

/**
 * Who may hand out or change which rights: admins anything over the whole company; a project
 * manager the roles below their own, within the projects they serve, and only over people who
 * are themselves below a manager. Pure, so the whole table is tested without a database.
 */
export function requireGrant(profile: StaffProfile, role: StaffRole, projectIds: number[]): void {
  if (profile.role === 'admin') return;
  if (profile.role !== 'manager') throw new AppError('FORBIDDEN', '只有公司管理员和项目经理可以管理成员');
  if (!MANAGER_GRANTABLE_ROLES.includes(role)) {
    throw new AppError('FORBIDDEN', '项目经理只能设置客服接待、维修/服务人员和部门主管，更高的角色请联系公司管理员');
  }
  const own = profile.projectIds === 'all' ? null : new Set(profile.projectIds);
  if (own && projectIds.some((id) => !own.has(id))) throw AppError.notFound('项目');
}

/** A manager sees and manages the members below them who serve one of their projects. */
export function mayManage(profile: StaffProfile, member: { role: Role; projectIds: number[] }): boolean {
  if (profile.role === 'admin') return true;
  if (profile.role !== 'manager') return false;
  if (!(MANAGER_GRANTABLE_ROLES as readonly Role[]).includes(member.role)) return false;
  if (profile.projectIds === 'all') return true;
  const own = new Set(profile.projectIds);
  return member.projectIds.some((id) => own.has(id));
}

/**
 * The projects a member serves after a manager's edit: the manager rewrites the part inside
 * their own projects and cannot touch (nor drop) the projects another manager answers for.
 */
export function mergedProjects(profile: StaffProfile, current: number[], requested: number[]): number[] {
  if (profile.projectIds === 'all') return [...new Set(requested)].sort((a, b) => a - b);
  const own = new Set(profile.projectIds);
  const kept = current.filter((id) => !own.has(id));
  return [...new Set([...kept, ...requested])].sort((a, b) => a - b);
}
