import type { LifecycleAction, Role } from '@linli/shared';
import type { ServiceRequest } from '../requests/request.entity';

/** What the access module knows of a staff-side caller: their department and the projects they serve. */
export interface StaffProfile {
  userId: number;
  role: Role;
  departmentId: number | null;
  projectIds: number[] | 'all';
}

/** The assignee's own steps; their department's supervisor may take them over. */
const HANDLER_ACTIONS: readonly LifecycleAction[] = [
  'take',
  'start',
  'progress',
  'quote_fee',
  'pause',
  'resume',
  'complete',
  'return',
];

/**
 * Record-level half of "who may do what" (the lifecycle table in @linli/shared is the other
 * half): given that the role may take the action in this status, may this person take it on
 * this request? One function, used both to refuse and to decide which buttons to show.
 */
export function mayActOn(
  actor: StaffProfile,
  request: Pick<
    ServiceRequest,
    'residentUserId' | 'assigneeUserId' | 'departmentId' | 'projectId' | 'firstContactUserId'
  >,
  action: LifecycleAction,
  departmentDispatchMode: string | null,
): boolean {
  if (actor.role === 'resident') return request.residentUserId === actor.userId;
  const servesProject = actor.projectIds === 'all' || actor.projectIds.includes(request.projectId);
  if (!servesProject) return false;
  const isAssignee = request.assigneeUserId === actor.userId;
  const leadsDepartment = actor.role === 'supervisor' && actor.departmentId === request.departmentId;

  // 当场解决 is the registrar's own: the one who took it in answers it at once.
  if (action === 'resolve_on_spot') return request.firstContactUserId === actor.userId;
  if (action === 'claim') {
    return actor.departmentId === request.departmentId && departmentDispatchMode === 'claim';
  }
  if (HANDLER_ACTIONS.includes(action)) return isAssignee || leadsDepartment;
  // Only the handler speaks for the request to the resident among the workers (the desk always may).
  if ((action === 'transfer' || action === 'ask_info' || action === 'reply') && actor.role === 'staff') {
    return isAssignee;
  }
  if (action === 'reassign' && actor.role === 'supervisor') return leadsDepartment;
  // Desk actions and notes: anyone of the role serving the project.
  return true;
}
