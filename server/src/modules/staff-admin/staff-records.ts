import type { Role, StaffMemberView } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error';

/** A member's rights as the audit log records them before and after a change. */
export interface StaffSnapshot {
  role: Role;
  active: boolean;
  departmentId: number | null;
  projectIds: number[];
  title: string | null;
}

interface MemberRow {
  userId: number;
  name: string;
  phone: string | null;
  role: Role;
  active: number | boolean;
  memberId: number | null;
  title: string | null;
  departmentId: number | null;
  departmentName: string | null;
  projects: string | null;
}

export interface MemberRecord extends StaffSnapshot {
  userId: number;
  memberId: number | null;
  view: StaffMemberView;
}

export const MEMBER_SELECT = `SELECT u.id AS userId, u.name, u.phone, u.role, u.active, m.id AS memberId, m.title,
       m.department_id AS departmentId, d.name AS departmentName,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', p.id, 'name', p.name))
          FROM staff_member_project mp JOIN project p ON p.id = mp.project_id
         WHERE mp.staff_member_id = m.id) AS projects
  FROM \`user\` u
  LEFT JOIN staff_member m ON m.user_id = u.id
  LEFT JOIN department d ON d.id = m.department_id`;

export function toMemberRecord(row: MemberRow): MemberRecord {
  const raw: unknown = typeof row.projects === 'string' ? JSON.parse(row.projects) : row.projects;
  const projects = ((raw as { id: number; name: string }[] | null) ?? [])
    .map((project) => ({ id: Number(project.id), name: project.name }))
    .sort((a, b) => a.id - b.id);
  const view: StaffMemberView = {
    userId: Number(row.userId),
    name: row.name,
    phone: row.phone,
    role: row.role,
    active: Boolean(Number(row.active)),
    title: row.title,
    departmentId: row.departmentId === null ? null : Number(row.departmentId),
    departmentName: row.departmentName,
    projects,
  };
  return {
    userId: view.userId,
    memberId: row.memberId === null ? null : Number(row.memberId),
    role: view.role,
    active: view.active,
    departmentId: view.departmentId,
    projectIds: projects.map((project) => project.id),
    title: view.title,
    view,
  };
}

export const snapshotOf = (record: StaffSnapshot): StaffSnapshot => ({
  role: record.role,
  active: record.active,
  departmentId: record.departmentId,
  projectIds: record.projectIds,
  title: record.title,
});

/** The member with their user row locked, so two edits of one person run one after the other. */
export async function lockMember(manager: EntityManager, userId: number): Promise<MemberRecord | null> {
  await manager.query('SELECT id FROM `user` WHERE id = ? FOR UPDATE', [userId]);
  const [row] = (await manager.query(`${MEMBER_SELECT} WHERE u.id = ?`, [userId])) as MemberRow[];
  return row ? toMemberRecord(row) : null;
}

export async function readMembers(
  manager: EntityManager,
  where: string,
  params: unknown[],
  limit: number,
  offset: number,
): Promise<StaffMemberView[]> {
  const rows = (await manager.query(`${MEMBER_SELECT} WHERE ${where} ORDER BY u.id LIMIT ? OFFSET ?`, [
    ...params,
    limit,
    offset,
  ])) as MemberRow[];
  return rows.map((row) => toMemberRecord(row).view);
}

/** The department and projects named exist (a form may hold a stale choice): field errors, not a 500 on the foreign key. */
export async function requireOrganisation(
  manager: EntityManager,
  departmentId: number | null | undefined,
  projectIds: number[] | undefined,
): Promise<void> {
  if (departmentId) {
    const [found] = (await manager.query('SELECT id FROM department WHERE id = ?', [departmentId])) as unknown[];
    if (!found) throw AppError.validation([{ field: 'departmentId', message: '部门不存在，请重新选择' }]);
  }
  if (projectIds?.length) {
    const found = (await manager.query('SELECT id FROM project WHERE id IN (?)', [projectIds])) as unknown[];
    if (found.length !== projectIds.length) {
      throw AppError.validation([{ field: 'projectIds', message: '项目不存在，请重新选择' }]);
    }
  }
}

/**
 * Refuses to leave the company without an active admin. The active admins' rows are locked, so
 * two admins demoting each other at once are served in turn and the second is refused.
 */
export async function requireAnotherAdmin(manager: EntityManager, userId: number, what: string): Promise<void> {
  const admins = (await manager.query("SELECT id FROM `user` WHERE role = 'admin' AND active = 1 FOR UPDATE")) as {
    id: number;
  }[];
  if (!admins.some((admin) => Number(admin.id) !== userId)) {
    throw new AppError('CONFLICT', `这是公司最后一位在职的公司管理员，不能${what}；请先设置另一位公司管理员`);
  }
}

/** Writes the member's rights: the user's role, their staff_member row (made if missing) and its projects. */
export async function writeRights(
  manager: EntityManager,
  member: { userId: number; memberId: number | null },
  rights: { role: Role; departmentId: number | null; projectIds: number[]; title: string },
): Promise<number> {
  await manager.query('UPDATE `user` SET role = ? WHERE id = ?', [rights.role, member.userId]);
  let memberId = member.memberId;
  if (memberId === null) {
    const result = (await manager.query(
      'INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, ?, ?, 1)',
      [member.userId, rights.departmentId, rights.title],
    )) as { insertId: number };
    memberId = Number(result.insertId);
  } else {
    await manager.query('UPDATE staff_member SET department_id = ?, title = ? WHERE id = ?', [
      rights.departmentId,
      rights.title,
      memberId,
    ]);
    await manager.query('DELETE FROM staff_member_project WHERE staff_member_id = ?', [memberId]);
  }
  if (rights.projectIds.length) {
    await manager.query('INSERT INTO staff_member_project (staff_member_id, project_id) VALUES ?', [
      rights.projectIds.map((projectId) => [memberId, projectId]),
    ]);
  }
  return memberId;
}
