import {
  APPROVAL_TYPE_LABELS,
  DAY_MS,
  approvalSummary,
  type ApprovalProposal,
  type ApprovalType,
  type ApproverRules,
  type Role,
} from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { ServiceRequest } from '../requests/request.entity';
import { Approval } from './approval.entity';

/**
 * Approval rows written inside the transaction of whatever opens or decides them: the approvals
 * service for its own types, the workflow for invalid rulings (rule_invalid / approve_invalid).
 */
export function approverRoleFor(rules: ApproverRules, proposal: ApprovalProposal, currentDue: Date | null): Role {
  if (proposal.type === 'extension' && currentDue) {
    const days = (Date.parse(proposal.newDueAt) - currentDue.getTime()) / DAY_MS;
    if (days > rules.longExtensionDays) return rules.longExtensionRole;
  }
  return rules.byType[proposal.type] ?? rules.default;
}

export async function pendingApproval(
  manager: EntityManager,
  requestId: number,
  type: ApprovalType,
): Promise<Approval | null> {
  return manager.findOne(Approval, {
    where: { requestId, type, status: 'pending' },
    lock: { mode: 'pessimistic_write' },
  });
}

export async function openApproval(
  manager: EntityManager,
  values: {
    request: ServiceRequest;
    reason: string;
    proposal: ApprovalProposal;
    approverRole: Role;
    /** Null: proposed by the system. */
    actor: { id: number; name: string } | null;
    now: Date;
  },
): Promise<Approval> {
  const inserted = await manager.insert(Approval, {
    requestId: values.request.id,
    projectId: values.request.projectId,
    type: values.proposal.type,
    status: 'pending',
    reason: values.reason,
    proposal: values.proposal,
    approverRole: values.approverRole,
    requestedByUserId: values.actor?.id ?? null,
    requestedByName: values.actor?.name ?? '系统',
    requestedAt: values.now,
    decidedByUserId: null,
    decidedByName: null,
    decidedAt: null,
    comment: null,
  });
  return manager.findOneByOrFail(Approval, { id: inserted.identifiers[0].id as number });
}

export async function closeApproval(
  manager: EntityManager,
  approval: Approval,
  decision: { approved: boolean; decider: { id: number; name: string }; comment: string | null; now: Date },
): Promise<void> {
  await manager.update(
    Approval,
    { id: approval.id, status: 'pending' },
    {
      status: decision.approved ? 'approved' : 'rejected',
      decidedByUserId: decision.decider.id,
      decidedByName: decision.decider.name,
      decidedAt: decision.now,
      comment: decision.comment,
    },
  );
  approval.status = decision.approved ? 'approved' : 'rejected';
}

/** The timeline's words for an approval step. */
export function approvalNote(approval: Pick<Approval, 'type' | 'proposal'>, extra: string | null): string {
  const text = `${APPROVAL_TYPE_LABELS[approval.type]}：${approvalSummary(approval.proposal)}`;
  return extra ? `${text}。${extra}` : text;
}
