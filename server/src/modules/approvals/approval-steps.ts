import { APPROVAL_TYPE_LABELS, approvalSummary, type Role } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { NotifierService } from '../notifications/notifier.service';
import { RequestEvent } from '../requests/request-event.entity';
import type { ServiceRequest } from '../requests/request.entity';
import type { Approval } from './approval.entity';

export type ApprovalStep = 'approval_requested' | 'approval_approved' | 'approval_rejected';

/**
 * An approval step on the request's timeline and to the people it concerns, in the caller's
 * transaction. `actor` null: the system proposed it (group complaints).
 */
export async function recordApprovalStep(
  manager: EntityManager,
  notifier: NotifierService,
  step: {
    request: ServiceRequest;
    approval: Approval;
    action: ApprovalStep;
    actor: { id: number; name: string; role: Role } | null;
    note: string;
    now: Date;
  },
): Promise<void> {
  const { request, approval, action, actor, note, now } = step;
  const inserted = await manager.insert(RequestEvent, {
    requestId: request.id,
    actorUserId: actor?.id ?? null,
    actorRole: actor?.role ?? 'system',
    actorName: actor?.name ?? '系统',
    action,
    fromStatus: request.status,
    toStatus: request.status,
    note,
    data: { approvalId: approval.id, type: approval.type },
    // The resident learns of a new deadline; the rest is the staff's business.
    internal: !(approval.type === 'extension' && action === 'approval_approved'),
    createdAt: now,
  });
  await notifyApprovalStep(manager, notifier, { ...step, eventId: inserted.identifiers[0].id as number });
}

/** Tells the people an approval step concerns, for an event already on the timeline. */
export async function notifyApprovalStep(
  manager: EntityManager,
  notifier: NotifierService,
  step: {
    request: ServiceRequest;
    approval: Approval;
    action: ApprovalStep;
    actor: { id: number; name: string; role: Role } | null;
    note: string;
    now: Date;
    eventId: number;
  },
): Promise<void> {
  const { request, approval, action, actor, note, now, eventId } = step;
  await notifier.record(manager, {
    request,
    before: {
      status: request.status,
      grade: request.grade,
      assigneeUserId: request.assigneeUserId,
      departmentId: request.departmentId,
    },
    action,
    actor: actor
      ? { userId: actor.id, role: actor.role, name: actor.name }
      : { userId: null, role: 'system', name: '系统' },
    eventId,
    note,
    now,
    approval: {
      type: approval.type,
      approverRole: approval.approverRole,
      requestedByUserId: approval.requestedByUserId,
      approved: action === 'approval_approved',
      typeLabel: APPROVAL_TYPE_LABELS[approval.type],
      summary: approvalSummary(approval.proposal),
    },
  });
}
