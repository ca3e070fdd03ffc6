import { Injectable } from '@nestjs/common';
import type { Role } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { ServiceRequest } from '../requests/request.entity';
import type { ChangeFacts, Recipient } from './notification-rules';

interface UserRow {
  id: number;
  role: Role;
  openid: string;
}

/** Answers "who is that?" for the notification rules, inside the change's transaction. */
@Injectable()
export class RecipientDirectory {
  async resolve(
    manager: EntityManager,
    recipient: Recipient,
    request: ServiceRequest,
    before: ChangeFacts['before'],
    escalation?: ChangeFacts['escalation'],
    approval?: ChangeFacts['approval'],
  ): Promise<number[]> {
    const ids = (...values: (number | null | undefined)[]) => values.filter((id): id is number => id != null);
    switch (recipient) {
      case 'resident':
        // Residents of merged requests follow the group's parent (group complaints).
        return [...ids(request.residentUserId), ...(await this.childResidents(manager, request.id))];
      case 'assignee':
        return ids(request.assigneeUserId);
      case 'previous_assignee':
        return before?.assigneeUserId !== request.assigneeUserId ? ids(before?.assigneeUserId) : [];
      case 'department_queue':
        return this.departmentQueue(manager, request);
      case 'handler': {
        if (request.assigneeUserId) return [request.assigneeUserId];
        const supervisors = await this.departmentMembers(manager, request, ['supervisor'], false);
        return supervisors.length ? supervisors : ids(request.firstContactUserId);
      }
      case 'first_contact':
        return ids(request.firstContactUserId);
      case 'leads':
        return [
          ...(await this.departmentMembers(manager, request, ['supervisor'], false)),
          ...(await this.projectManagers(manager, request.projectId)),
        ];
      case 'project_managers':
        return this.projectManagers(manager, request.projectId);
      case 'escalation_target':
        if (escalation?.level === 2) return this.departmentMembers(manager, request, ['supervisor'], false);
        if (escalation?.level === 3) return this.projectManagers(manager, request.projectId);
        if (escalation?.level === 4) return this.companyAdmins(manager);
        return [];
      case 'approvers':
        if (approval?.approverRole === 'admin') return this.companyAdmins(manager);
        if (approval?.approverRole === 'supervisor')
          return this.departmentMembers(manager, request, ['supervisor'], false);
        return approval ? this.projectMembers(manager, request.projectId, approval.approverRole) : [];
      case 'approval_requester':
        return ids(approval?.requestedByUserId);
      case 'project_receptionists':
        return this.projectMembers(manager, request.projectId, 'receptionist');
      case 'invalid_requester': {
        const rows = (await manager.query(
          `SELECT actor_user_id AS userId FROM request_event
            WHERE request_id = ? AND action = 'rule_invalid' ORDER BY id DESC LIMIT 1`,
          [request.id],
        )) as Array<{ userId: number | null }>;
        return ids(rows[0]?.userId);
      }
    }
  }

  async users(manager: EntityManager, userIds: number[]): Promise<UserRow[]> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return [];
    const rows = (await manager.query('SELECT id, role, openid FROM `user` WHERE id IN (?) ORDER BY id', [
      unique,
    ])) as UserRow[];
    return rows.map((row) => ({ ...row, id: Number(row.id) }));
  }

  /** Names the wording needs, in one query. */
  async requestContext(
    manager: EntityManager,
    request: ServiceRequest,
  ): Promise<{
    categoryName: string;
    location: string;
    assigneeName: string | null;
    assigneeTitle: string | null;
    departmentName: string | null;
  }> {
    const [row] = (await manager.query(
      `SELECT c.name AS categoryName, CONCAT(b.name, un.name, r.name) AS roomName, d.name AS departmentName,
              a.name AS assigneeName, m.title AS assigneeTitle
         FROM category c
         LEFT JOIN room r ON r.id = ?
         LEFT JOIN building b ON b.id = r.building_id
         LEFT JOIN unit un ON un.id = r.unit_id
         LEFT JOIN department d ON d.id = ?
         LEFT JOIN \`user\` a ON a.id = ?
         LEFT JOIN staff_member m ON m.user_id = a.id
        WHERE c.id = ?`,
      [request.roomId, request.departmentId, request.assigneeUserId, request.categoryId],
    )) as Array<{
      categoryName: string;
      roomName: string | null;
      departmentName: string | null;
      assigneeName: string | null;
      assigneeTitle: string | null;
    }>;
    const place = request.repairLocation ?? request.occurredPlace ?? request.area;
    return {
      categoryName: row?.categoryName ?? '',
      location: [row?.roomName, place].filter(Boolean).join(' ') || '公共区域',
      assigneeName: row?.assigneeName ?? null,
      assigneeTitle: row?.assigneeTitle ?? null,
      departmentName: row?.departmentName ?? null,
    };
  }

  private async departmentQueue(manager: EntityManager, request: ServiceRequest): Promise<number[]> {
    const [department] = (await manager.query('SELECT dispatch_mode AS mode FROM department WHERE id = ?', [
      request.departmentId,
    ])) as Array<{ mode: string }>;
    // Auto mode hands the work to someone in the same transaction; that dispatch is what they hear of.
    if (!department || department.mode === 'auto') return [];
    return department.mode === 'claim'
      ? this.departmentMembers(manager, request, ['staff'], true)
      : this.departmentMembers(manager, request, ['supervisor'], false);
  }

  private async departmentMembers(
    manager: EntityManager,
    request: ServiceRequest,
    roles: Role[],
    onDutyOnly: boolean,
  ): Promise<number[]> {
    if (request.departmentId === null) return [];
    const rows = (await manager.query(
      `SELECT u.id FROM staff_member m
         JOIN \`user\` u ON u.id = m.user_id
         JOIN staff_member_project p ON p.staff_member_id = m.id AND p.project_id = ?
        WHERE m.department_id = ? AND u.role IN (?) ${onDutyOnly ? 'AND m.on_duty = 1' : ''}
        ORDER BY u.id`,
      [request.projectId, request.departmentId, roles],
    )) as Array<{ id: number }>;
    return rows.map((row) => Number(row.id));
  }

  private async childResidents(manager: EntityManager, parentId: number): Promise<number[]> {
    const rows = (await manager.query(
      'SELECT resident_user_id AS userId FROM request WHERE parent_request_id = ? AND resident_user_id IS NOT NULL',
      [parentId],
    )) as Array<{ userId: number }>;
    return rows.map((row) => Number(row.userId));
  }

  /** The merged request of a group that belongs to this resident: the one their messages open. */
  async childOf(manager: EntityManager, parentId: number, residentUserId: number): Promise<number | null> {
    const [row] = (await manager.query(
      'SELECT id FROM request WHERE parent_request_id = ? AND resident_user_id = ? ORDER BY id LIMIT 1',
      [parentId, residentUserId],
    )) as Array<{ id: number }>;
    return row ? Number(row.id) : null;
  }

  /** The company's general management: admins see every project. */
  private async companyAdmins(manager: EntityManager): Promise<number[]> {
    const rows = (await manager.query("SELECT id FROM `user` WHERE role = 'admin' ORDER BY id")) as Array<{
      id: number;
    }>;
    return rows.map((row) => Number(row.id));
  }

  private projectManagers(manager: EntityManager, projectId: number): Promise<number[]> {
    return this.projectMembers(manager, projectId, 'manager');
  }

  private async projectMembers(manager: EntityManager, projectId: number, role: Role): Promise<number[]> {
    const rows = (await manager.query(
      `SELECT u.id FROM staff_member m
         JOIN \`user\` u ON u.id = m.user_id
         JOIN staff_member_project p ON p.staff_member_id = m.id AND p.project_id = ?
        WHERE u.role = ? ORDER BY u.id`,
      [projectId, role],
    )) as Array<{ id: number }>;
    return rows.map((row) => Number(row.id));
  }
}
