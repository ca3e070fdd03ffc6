import { APPROVAL_TYPE_LABELS, approvalSummary, type Role } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { NotifierService } from '../notifications/notifier.service';
import type { ApprovalFacts } from '../notifications/notification-rules';
import type { ServiceRequest } from '../requests/request.entity';
import { recordTimelineStep, snapshotOf, SYSTEM_ACTOR } from '../requests/timeline-step';
import { approvalNote } from './approval-records';
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
  await recordTimelineStep(manager, notifier, {
    request,
    action,
    actor: actorOf(actor),
    note,
    // `summary` is what a resident reads of an approved extension: the new deadline, not the remark.
    data: { approvalId: approval.id, type: approval.type, summary: approvalNote(approval, null) },
    // The resident learns of a new deadline; the rest is the staff's business.
    internal: !(approval.type === 'extension' && action === 'approval_approved'),
    now,
    approval: factsOf(approval, action),
  });
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
    before: snapshotOf(request),
    action,
    actor: actorOf(actor),
    eventId,
    note,
    now,
    approval: factsOf(approval, action),
  });
}

function actorOf(actor: { id: number; name: string; role: Role } | null) {
  return actor ? { userId: actor.id, role: actor.role, name: actor.name } : SYSTEM_ACTOR;
}

function factsOf(approval: Approval, action: ApprovalStep): ApprovalFacts {
  return approvalFacts(approval, action === 'approval_approved');
}

/** What the notices about an approval need to know of it (who decides it, what it proposes). */
export function approvalFacts(approval: Approval, approved: boolean): ApprovalFacts {
  return {
    id: approval.id,
    type: approval.type,
    approverRole: approval.approverRole,
    requestedByUserId: approval.requestedByUserId,
    approved,
    typeLabel: APPROVAL_TYPE_LABELS[approval.type],
    summary: approvalSummary(approval.proposal),
    plan: approval.proposal.type === 'extension' ? approval.proposal.plan : undefined,
  };
}
