import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminDepartmentView, AdminMemberView, DepartmentInput } from '@linli/shared';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { ReferenceDataService } from '../reference/reference-data.service';
import { recordChange } from '../estate/estate-change';

interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  dispatchMode: AdminDepartmentView['dispatchMode'];
  active: number;
  supervisorUserId: number | null;
  projectIds: string | null;
}

interface MemberRow {
  userId: number;
  name: string;
  title: string | null;
  role: string;
  onDuty: number;
  departmentId: number | null;
}

const MEMBER_SELECT = `SELECT u.id AS userId, u.name, m.title, u.role, m.on_duty AS onDuty, m.department_id AS departmentId
   FROM staff_member m JOIN \`user\` u ON u.id = m.user_id`;

const toMember = (row: MemberRow): AdminMemberView & { departmentId: number | null } => ({
  userId: Number(row.userId),
  name: row.name,
  title: row.title,
  role: row.role,
  onDuty: Boolean(Number(row.onDuty)),
  departmentId: row.departmentId === null ? null : Number(row.departmentId),
});

/**
 * Departments as the company sets them up (issue 14): name, how new work reaches a person
 * (the existing dispatch modes), the supervisor, members and the projects served. Dispatch reads
 * them from the cached set-up, so every edit bumps it in the same transaction.
 */
@Injectable()
export class DepartmentsAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
  ) {}

  async list(manager: EntityManager = this.dataSource.manager, id?: number): Promise<AdminDepartmentView[]> {
    const rows = (await manager.query(
      `SELECT d.id, d.code, d.name, d.dispatch_mode AS dispatchMode, d.active, d.supervisor_user_id AS supervisorUserId,
              (SELECT GROUP_CONCAT(dp.project_id ORDER BY dp.project_id) FROM department_project dp WHERE dp.department_id = d.id) AS projectIds
         FROM department d ${id === undefined ? '' : 'WHERE d.id = ?'} ORDER BY d.active DESC, d.id`,
      id === undefined ? [] : [id],
    )) as DepartmentRow[];
    const members = (await manager.query(
      `${MEMBER_SELECT} WHERE m.department_id IS NOT NULL ORDER BY u.id`,
    )) as MemberRow[];
    return rows.map((row) => ({
      id: Number(row.id),
      code: row.code,
      name: row.name,
      dispatchMode: row.dispatchMode,
      active: Boolean(Number(row.active)),
      supervisorUserId: row.supervisorUserId === null ? null : Number(row.supervisorUserId),
      members: members
        .filter((m) => Number(m.departmentId) === Number(row.id))
        .map((m) => {
          const { departmentId: _departmentId, ...member } = toMember(m);
          return member;
        }),
      projectIds: (row.projectIds ?? '').split(',').filter(Boolean).map(Number),
    }));
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<AdminDepartmentView> {
    const [department] = await this.list(manager, id);
    if (!department) throw AppError.notFound('部门');
    return department;
  }

  /** Everyone who could be a member: staff-side accounts with a staff record, and their department now. */
  async staff(): Promise<Array<AdminMemberView & { departmentId: number | null }>> {
    const rows = (await this.dataSource.query(
      `${MEMBER_SELECT} WHERE u.role <> 'resident' AND u.active = 1 ORDER BY u.name, u.id`,
    )) as MemberRow[];
    return rows.map(toMember);
  }

  async create(auth: AuthUser, input: DepartmentInput): Promise<AdminDepartmentView> {
    return inTransaction(this.dataSource, async (manager) => {
      const [company] = (await manager.query('SELECT id FROM company ORDER BY id LIMIT 1')) as Array<{ id: number }>;
      if (!company) throw new AppError('CONFLICT', '请先创建物业公司');
      await this.requireUniqueName(manager, input.name, null);
      const code = `dept_${randomBytes(6).toString('hex')}`;
      const result = (await manager.query(
        'INSERT INTO department (company_id, code, name, dispatch_mode) VALUES (?, ?, ?, ?)',
        [company.id, code, input.name, input.dispatchMode],
      )) as { insertId: number };
      const id = Number(result.insertId);
      await this.apply(manager, id, input);
      await recordChange(manager, auth.userId, 'department', id, 'create', null, input);
      await this.reference.changed(manager);
      return this.get(id, manager);
    });
  }

  async update(auth: AuthUser, id: number, input: DepartmentInput): Promise<AdminDepartmentView> {
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.get(id, manager);
      await this.requireUniqueName(manager, input.name, id);
      await manager.query('UPDATE department SET name = ?, dispatch_mode = ? WHERE id = ?', [
        input.name,
        input.dispatchMode,
        id,
      ]);
      await this.apply(manager, id, input);
      // Its members as the form sends them (ids), so before and after compare field by field.
      const members = { memberUserIds: before.members.map((member) => member.userId) };
      await recordChange(manager, auth.userId, 'department', id, 'update', { ...before, ...members }, input);
      await this.reference.changed(manager);
      return this.get(id, manager);
    });
  }

  /** A disabled department keeps its history; routing sends new work to the desk instead. */
  async setActive(auth: AuthUser, id: number, active: boolean): Promise<AdminDepartmentView> {
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.get(id, manager);
      await manager.query('UPDATE department SET active = ? WHERE id = ?', [active, id]);
      await recordChange(manager, auth.userId, 'department', id, active ? 'enable' : 'disable', before, { active });
      await this.reference.changed(manager);
      return this.get(id, manager);
    });
  }

  private async requireUniqueName(manager: EntityManager, name: string, except: number | null): Promise<void> {
    const [row] = (await manager.query('SELECT id FROM department WHERE name = ? AND id <> ?', [name, except ?? 0])) as
      Array<{ id: number }> | [];
    if (row) throw AppError.validation([{ field: 'name', message: '已有同名部门' }]);
  }

  /** Members, supervisor and projects: members move here from wherever they were. */
  private async apply(manager: EntityManager, id: number, input: DepartmentInput): Promise<void> {
    const memberIds = [...new Set(input.memberUserIds)];
    if (input.supervisorUserId !== null && !memberIds.includes(input.supervisorUserId)) {
      throw AppError.validation([{ field: 'supervisorUserId', message: '主管须是本部门成员' }]);
    }
    if (memberIds.length > 0) {
      const found = (await manager.query(
        `SELECT m.user_id AS userId FROM staff_member m JOIN \`user\` u ON u.id = m.user_id
          WHERE m.user_id IN (?) AND u.role <> 'resident'`,
        [memberIds],
      )) as Array<{ userId: number }>;
      if (found.length !== memberIds.length) {
        throw AppError.validation([{ field: 'memberUserIds', message: '成员须是公司在职员工' }]);
      }
    }
    const projectIds = [...new Set(input.projectIds)];
    if (projectIds.length > 0) {
      const [count] = (await manager.query('SELECT COUNT(*) AS n FROM project WHERE id IN (?)', [
        projectIds,
      ])) as Array<{
        n: number | string;
      }>;
      if (Number(count?.n) !== projectIds.length) {
        throw AppError.validation([{ field: 'projectIds', message: '服务项目不存在' }]);
      }
    }
    await manager.query(
      `UPDATE staff_member SET department_id = NULL WHERE department_id = ?${memberIds.length ? ' AND user_id NOT IN (?)' : ''}`,
      memberIds.length ? [id, memberIds] : [id],
    );
    if (memberIds.length) {
      await manager.query('UPDATE staff_member SET department_id = ? WHERE user_id IN (?)', [id, memberIds]);
      // A member moved here stops supervising the department they left.
      await manager.query(
        'UPDATE department SET supervisor_user_id = NULL WHERE id <> ? AND supervisor_user_id IN (?)',
        [id, memberIds],
      );
    }
    await manager.query('UPDATE department SET supervisor_user_id = ? WHERE id = ?', [input.supervisorUserId, id]);
    await manager.query('DELETE FROM department_project WHERE department_id = ?', [id]);
    if (projectIds.length) {
      await manager.query(
        `INSERT INTO department_project (department_id, project_id) VALUES ${projectIds.map(() => '(?, ?)').join(', ')}`,
        projectIds.flatMap((projectId) => [id, projectId]),
      );
    }
  }
}
