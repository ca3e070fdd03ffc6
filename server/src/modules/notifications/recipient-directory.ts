import { Injectable } from '@nestjs/common';
import type { Role } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { ReferenceDataService } from '../reference/reference-data.service';
import {
  companyAdmins,
  departmentMembers,
  projectMembers,
  type ReferenceSnapshot,
} from '../reference/reference-snapshot';
import type { ServiceRequest } from '../requests/request.entity';
import type { ChangeFacts, Recipient } from './notification-rules';

export interface RequestContext {
  categoryName: string;
  location: string;
  assigneeName: string | null;
  assigneeTitle: string | null;
  departmentName: string | null;
}

/**
 * Answers "who is that?" for the notification rules. Staff, departments and their projects come
 * from the cached set-up (reference module), so a step's notices read the database only for
 * what belongs to the request itself: the residents of a group, who asked for a ruling.
 */
@Injectable()
export class RecipientDirectory {
  constructor(private readonly reference: ReferenceDataService) {}

  async resolve(
    manager: EntityManager,
    snapshot: ReferenceSnapshot,
    recipient: Recipient,
    request: ServiceRequest,
    before: ChangeFacts['before'],
    escalation?: ChangeFacts['escalation'],
    approval?: ChangeFacts['approval'],
  ): Promise<number[]> {
    const ids = (...values: (number | null | undefined)[]) => values.filter((id): id is number => id != null);
    const supervisors = () =>
      departmentMembers(snapshot, request.departmentId, request.projectId, ['supervisor'], false);
    const managers = () => projectMembers(snapshot, request.projectId, 'manager');
    switch (recipient) {
      case 'resident':
        // Residents of merged requests follow the group's parent (group complaints; only complaints group).
        return [
          ...ids(request.residentUserId),
          ...(request.kind === 'complaint' ? await this.childResidents(manager, request.id) : []),
        ];
      case 'assignee':
        return ids(request.assigneeUserId);
      case 'previous_assignee':
        return before?.assigneeUserId !== request.assigneeUserId ? ids(before?.assigneeUserId) : [];
      case 'department_queue': {
        const department = request.departmentId === null ? undefined : snapshot.departments.get(request.departmentId);
        // Auto mode hands the work to someone in the same transaction; that dispatch is what they hear of.
        if (!department || department.dispatchMode === 'auto') return [];
        return department.dispatchMode === 'claim'
          ? departmentMembers(snapshot, request.departmentId, request.projectId, ['staff'], true)
          : supervisors();
      }
      case 'handler': {
        if (request.assigneeUserId) return [request.assigneeUserId];
        const leads = supervisors();
        return leads.length ? leads : ids(request.firstContactUserId);
      }
      case 'first_contact':
        return ids(request.firstContactUserId);
      case 'leads':
        return [...supervisors(), ...managers()];
      case 'project_managers':
        return managers();
      case 'escalation_target':
        if (escalation?.level === 2) return supervisors();
        if (escalation?.level === 3) return managers();
        if (escalation?.level === 4) return companyAdmins(snapshot);
        return [];
      case 'approvers':
        if (approval?.approverRole === 'admin') return companyAdmins(snapshot);
        if (approval?.approverRole === 'supervisor') return supervisors();
        return approval ? projectMembers(snapshot, request.projectId, approval.approverRole) : [];
      case 'approval_requester':
        return ids(approval?.requestedByUserId);
      case 'project_receptionists':
        return projectMembers(snapshot, request.projectId, 'receptionist');
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

  /** Roles of accounts the set-up does not list (only residents, or staff added a moment ago). */
  async roles(manager: EntityManager, userIds: number[]): Promise<Map<number, Role>> {
    if (userIds.length === 0) return new Map();
    const rows = (await manager.query('SELECT id, role FROM `user` WHERE id IN (?)', [userIds])) as Array<{
      id: number;
      role: Role;
    }>;
    return new Map(rows.map((row) => [Number(row.id), row.role]));
  }

  /** Names the wording needs: from the set-up, and the room's names from their cache. */
  async requestContext(
    manager: EntityManager,
    snapshot: ReferenceSnapshot,
    request: ServiceRequest,
  ): Promise<RequestContext> {
    const room = request.roomId === null ? null : await this.reference.roomNames(manager, request.roomId);
    const assignee = request.assigneeUserId === null ? undefined : snapshot.staff.get(request.assigneeUserId);
    const place = request.repairLocation ?? request.occurredPlace ?? request.area;
    const roomName = room ? [room.building, room.unit, room.room].filter(Boolean).join('') : null;
    return {
      categoryName: snapshot.categories.get(request.categoryId)?.name ?? '',
      location: [roomName, place].filter(Boolean).join(' ') || '公共区域',
      assigneeName: assignee?.name ?? null,
      assigneeTitle: assignee ? (assignee.title ?? null) : null,
      departmentName:
        request.departmentId === null ? null : (snapshot.departments.get(request.departmentId)?.name ?? null),
    };
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
}
