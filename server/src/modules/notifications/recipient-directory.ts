import { Injectable } from '@nestjs/common';
import type { Role } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import { ReferenceDataService } from '../reference/reference-data.service';
import {
  companyAdmins,
  departmentMembers,
  HANDLER_ROLES,
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

  /**
   * Whom to tell: for recipients with a ladder (ladderFor), every level in turn until one is
   * heard; for the rest, the people the rule names.
   */
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
      case 'first_contact':
        return ids(request.firstContactUserId);
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
      default:
        return (ladderFor(snapshot, recipient, request, escalation, approval) ?? []).flatMap((level) => level.userIds);
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

/** One rung of a notice's ladder: who stands there, and how the others are told it was empty. */
export interface Level {
  label: string;
  userIds: number[];
}

/** The recipients whose notices climb when nobody at their level can hear them (issue 12). */
const LADDER_RECIPIENTS: ReadonlySet<Recipient> = new Set([
  'department_queue',
  'handler',
  'leads',
  'project_managers',
  'escalation_target',
  'approvers',
]);

/**
 * "Nothing goes unheard": the levels a notice climbs, from the cached set-up alone (no statement
 * on a create or a step). The notifier tells each level in turn until one of them holds someone
 * whose phone rings (linked to the official account, still following) or who made the step:
 * the department (its queue owners, its supervisors) → the project's managers → the company's
 * admins. Null for recipients who are who they are (the resident, the assignee of a dispatch…).
 */
export function ladderFor(
  snapshot: ReferenceSnapshot,
  recipient: Recipient,
  request: Pick<ServiceRequest, 'departmentId' | 'projectId' | 'assigneeUserId' | 'firstContactUserId'>,
  escalation?: ChangeFacts['escalation'],
  approval?: ChangeFacts['approval'],
): Level[] | null {
  if (!LADDER_RECIPIENTS.has(recipient)) return null;
  const { departmentId, projectId } = request;
  const department = departmentId === null ? undefined : snapshot.departments.get(departmentId);
  const name = department?.name ?? '';
  const supervisors: Level = {
    label: department ? `${name}主管` : '部门主管',
    userIds: departmentMembers(snapshot, departmentId, projectId, ['supervisor'], false),
  };
  const managers: Level = { label: '项目经理', userIds: projectMembers(snapshot, projectId, 'manager') };
  const admins: Level = { label: '公司管理员', userIds: companyAdmins(snapshot) };
  const above = [managers, admins];
  /** Who picks up work waiting in the department: 抢单 staff on duty, else its supervisors. */
  const queueOwners = (): Level[] =>
    department?.dispatchMode === 'claim'
      ? [
          {
            label: `${name}在岗人员`,
            userIds: departmentMembers(snapshot, departmentId, projectId, ['staff'], true),
          },
          supervisors,
        ]
      : [supervisors];
  switch (recipient) {
    case 'department_queue': {
      if (!department) return [];
      // Auto mode hands the work to someone on duty in the same transaction: that dispatch is
      // what they hear of. With nobody on duty it stays in the queue, and the ladder hears of it.
      const onDuty = departmentMembers(snapshot, departmentId, projectId, HANDLER_ROLES, true);
      if (department.dispatchMode === 'auto' && onDuty.length > 0) return [];
      return [...queueOwners(), ...above];
    }
    case 'handler': {
      if (request.assigneeUserId !== null) {
        return [{ label: '处理人', userIds: [request.assigneeUserId] }, supervisors, ...above];
      }
      if (department) return [...queueOwners(), ...above];
      // Still at the desk: whoever took it first (首问负责制), else the project's receptionists.
      return [
        ...(request.firstContactUserId !== null
          ? [{ label: '首问责任人', userIds: [request.firstContactUserId] }]
          : []),
        { label: '客服接待员', userIds: projectMembers(snapshot, projectId, 'receptionist') },
        ...above,
      ];
    }
    case 'leads':
      return [
        {
          label: department ? `${name}主管与项目经理` : '项目经理',
          userIds: [...supervisors.userIds, ...managers.userIds],
        },
        admins,
      ];
    case 'project_managers':
      return above;
    case 'escalation_target':
      if (escalation?.level === 2) return [supervisors, ...above];
      if (escalation?.level === 3) return above;
      if (escalation?.level === 4) return [admins];
      return [];
    case 'approvers': {
      if (!approval) return [];
      if (approval.approverRole === 'admin') return [admins];
      if (approval.approverRole === 'supervisor') return [supervisors, ...above];
      if (approval.approverRole === 'manager') return above;
      return [{ label: '审批人', userIds: projectMembers(snapshot, projectId, approval.approverRole) }, ...above];
    }
    default:
      return null;
  }
}

/** The ladder walked: who is told, from which rung, and whether anyone's phone rang. */
export interface Climb {
  told: Array<{ userId: number; level: number; why: string | null }>;
  /** The rung that was heard, or null when nobody on any rung can be reached. */
  heardAt: Level | null;
  /** The rungs climbed past, and why: 保洁部主管无人, 项目经理未开通微信通知. */
  gaps: string[];
}

/**
 * Tells each rung in turn until one is heard. A rung is heard when someone on it can be reached
 * (official account linked and followed) or made the step themselves; everyone on the rungs
 * climbed is told in the message centre, and those above the first learn why it reached them.
 */
export function climb(snapshot: ReferenceSnapshot, levels: Level[], actorUserId: number | null): Climb {
  const told: Climb['told'] = [];
  const seen = new Set<number>();
  const gaps: string[] = [];
  for (const [index, level] of levels.entries()) {
    const members = level.userIds.filter((id) => !seen.has(id));
    for (const userId of members) {
      seen.add(userId);
      told.push({ userId, level: index, why: gaps.length ? gaps.join('，') : null });
    }
    const heard = level.userIds.some((id) => id === actorUserId || snapshot.staff.get(id)?.reachable);
    if (heard) return { told, heardAt: level, gaps };
    if (level.userIds.length === 0) gaps.push(`${level.label}无人`);
    else gaps.push(`${level.label}未开通微信通知`);
  }
  return { told, heardAt: null, gaps };
}
