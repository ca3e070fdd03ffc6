import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MANAGER_GRANTABLE_ROLES,
  ROLE_LABELS,
  STAFF_ROLES,
  type Page,
  type StaffFormOptions,
  type StaffListQuery,
  type StaffMemberView,
  type StaffRole,
  type StaffUpdateValues,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { AccessService } from '../access/access.service';
import type { StaffProfile } from '../access/action-rules';
import { AdminAudit } from '../admin-audit/admin-audit.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import {
  lockMember,
  readMembers,
  requireAnotherAdmin,
  requireOrganisation,
  snapshotOf,
  writeRights,
  type MemberRecord,
} from './staff-records';
import { mayManage, mergedProjects, requireGrant } from './staff-rules';

/**
 * 成员管理: the staff list, changing a member's role, department and projects, and deactivation.
 * Every change commits with its audit record and the bump of the cached set-up (the staff
 * directory the notices and the dispatch sheet read).
 */
@Injectable()
export class StaffAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AdminAudit,
    private readonly reference: ReferenceDataService,
    private readonly clock: Clock,
  ) {}

  /** What the caller may pick in the invitation and member forms. */
  async options(auth: AuthUser): Promise<StaffFormOptions> {
    const profile = await this.access.profile(auth);
    const departments = (await this.dataSource.query('SELECT id, name FROM department ORDER BY id')) as {
      id: number;
      name: string;
    }[];
    const projects = (await this.dataSource.query(
      profile.projectIds === 'all'
        ? 'SELECT id, name FROM project ORDER BY id'
        : 'SELECT id, name FROM project WHERE id IN (?) ORDER BY id',
      profile.projectIds === 'all' ? [] : [profile.projectIds.length ? profile.projectIds : [0]],
    )) as { id: number; name: string }[];
    return {
      roles: profile.role === 'admin' ? [...STAFF_ROLES] : [...MANAGER_GRANTABLE_ROLES],
      departments: departments.map((row) => ({ id: Number(row.id), name: row.name })),
      projects: projects.map((row) => ({ id: Number(row.id), name: row.name })),
    };
  }

  async list(auth: AuthUser, query: StaffListQuery): Promise<Page<StaffMemberView>> {
    const profile = await this.access.profile(auth);
    const where = ["u.role <> 'resident'"];
    const params: unknown[] = [];
    if (profile.projectIds !== 'all') {
      where.push(
        'u.role IN (?) AND EXISTS (SELECT 1 FROM staff_member_project mp WHERE mp.staff_member_id = m.id AND mp.project_id IN (?))',
      );
      params.push(MANAGER_GRANTABLE_ROLES, profile.projectIds.length ? profile.projectIds : [0]);
    }
    if (query.role) {
      where.push('u.role = ?');
      params.push(query.role);
    }
    if (query.departmentId) {
      where.push('m.department_id = ?');
      params.push(query.departmentId);
    }
    if (query.active !== undefined) {
      where.push('u.active = ?');
      params.push(query.active ? 1 : 0);
    }
    const filter = where.join(' AND ');
    const manager = this.dataSource.manager;
    const [items, [count]] = await Promise.all([
      readMembers(manager, filter, params, query.pageSize, (query.page - 1) * query.pageSize),
      manager.query(
        `SELECT COUNT(*) AS total FROM \`user\` u LEFT JOIN staff_member m ON m.user_id = u.id WHERE ${filter}`,
        params,
      ) as Promise<{ total: number | string }[]>,
    ]);
    return { items, total: Number(count.total), page: query.page, pageSize: query.pageSize };
  }

  async update(auth: AuthUser, userId: number, changes: StaffUpdateValues): Promise<StaffMemberView> {
    const profile = await this.access.profile(auth);
    return this.edit(async (manager) => {
      const member = await this.requireManageable(manager, profile, userId);
      // requireManageable refused residents: the member holds a staff role.
      const role = changes.role ?? (member.role as StaffRole);
      const departmentId = changes.departmentId === undefined ? member.departmentId : changes.departmentId;
      const projectIds =
        changes.projectIds === undefined
          ? member.projectIds
          : mergedProjects(profile, member.projectIds, changes.projectIds);
      requireGrant(profile, role, changes.projectIds ?? []);
      if (role !== 'admin' && projectIds.length === 0) {
        throw AppError.validation([{ field: 'projectIds', message: '请至少选择一个项目' }]);
      }
      await requireOrganisation(manager, changes.departmentId, changes.projectIds);
      if (member.role === 'admin' && role !== 'admin' && member.active) {
        await requireAnotherAdmin(manager, userId, '改为其他角色');
      }
      const before = snapshotOf(member);
      const title = changes.title ?? member.title ?? ROLE_LABELS[role];
      await writeRights(manager, member, { role, departmentId, projectIds, title });
      // A new role retires the member's access tokens: their app renews and switches to its home
      // (the server decides on the stored role either way, from the next request on).
      if (role !== member.role)
        await manager.query('UPDATE `user` SET token_version = token_version + 1 WHERE id = ?', [userId]);
      const after = await lockMember(manager, userId);
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'staff',
        entityId: userId,
        action: 'update',
        before,
        after: snapshotOf(after!),
      });
      return after!.view;
    });
  }

  /**
   * Effective at once: the account is switched off and its token version bumped (the auth guard
   * reads both on every request, so the very next call with an access token already issued is
   * refused on every instance), and its refresh tokens are revoked so no new access token follows.
   */
  async deactivate(auth: AuthUser, userId: number): Promise<StaffMemberView> {
    const profile = await this.access.profile(auth);
    return this.edit(async (manager) => {
      const member = await this.requireManageable(manager, profile, userId);
      if (userId === auth.userId) throw new AppError('CONFLICT', '不能停用自己的账号');
      if (!member.active) throw new AppError('CONFLICT', '该成员已停用');
      if (member.role === 'admin') await requireAnotherAdmin(manager, userId, '停用');
      const before = snapshotOf(member);
      await manager.query('UPDATE `user` SET active = 0, token_version = token_version + 1 WHERE id = ?', [userId]);
      await manager.query('UPDATE refresh_token SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [
        this.clock.now(),
        userId,
      ]);
      const after = await lockMember(manager, userId);
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'staff',
        entityId: userId,
        action: 'deactivate',
        before,
        after: snapshotOf(after!),
      });
      return after!.view;
    });
  }

  /** Someone the caller may not manage is answered as not found, like every record out of reach. */
  private async requireManageable(
    manager: EntityManager,
    profile: StaffProfile,
    userId: number,
  ): Promise<MemberRecord> {
    const member = await lockMember(manager, userId);
    if (!member || member.role === 'resident' || !mayManage(profile, member)) throw AppError.notFound('成员');
    return member;
  }

  private edit<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource
      .transaction(async (manager) => {
        const result = await work(manager);
        await this.reference.changed(manager);
        return result;
      })
      .finally(() => this.reference.invalidate());
  }
}
