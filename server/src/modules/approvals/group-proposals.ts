import {
  groupGrade,
  HOUR_MS,
  isTerminal,
  KIND_LABELS,
  type ApproverRules,
  type Grade,
  type GroupDetectionSettings,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import type { LifecycleChange, NotifierService } from '../notifications/notifier.service';
import { ServiceRequest } from '../requests/request.entity';
import { recordTimelineStep, snapshotOf } from '../requests/timeline-step';
import { Approval } from './approval.entity';
import { approverRoleFor, openApproval } from './approval-records';
import { recordApprovalStep } from './approval-steps';

type GroupProposal = { type: 'group_merge'; childRequestIds: number[]; grade: Grade };

/** 系统设置 in force for a filing: who approves, and how many residents in how long make a group. */
export interface GroupRules {
  approvers: ApproverRules;
  groups: GroupDetectionSettings;
}

/**
 * Group complaints (DOMAIN.md): when a new request makes `threshold` distinct residents with
 * open requests of one category in one project within `windowHours` (系统设置 · 群诉识别), the managers (and the
 * project's receptionists) get a proposal to merge them into one B (or D) case under the oldest.
 * A proposal still pending takes in later ones instead of a second proposal being made.
 */
/** Open requests of the same category and project within the window, oldest first, and who filed them. */
async function candidates(
  db: Pick<EntityManager, 'query'>,
  request: ServiceRequest,
  windowHours: number,
  now: Date,
): Promise<Array<{ id: number; who: string }>> {
  return (await db.query(
    `SELECT id, COALESCE(CAST(resident_user_id AS CHAR), contact_phone) AS who FROM request
      WHERE project_id = ? AND category_id = ? AND kind = ? AND created_at >= ? AND parent_request_id IS NULL
        AND status NOT IN ('closed', 'invalid', 'cancelled', 'invalid_pending') AND malicious_at IS NULL
      ORDER BY id`,
    [request.projectId, request.categoryId, request.kind, new Date(now.getTime() - windowHours * HOUR_MS)],
  )) as Array<{ id: number; who: string }>;
}

/**
 * After a filing committed: one unlocked look whether the category is crowded enough, and the
 * locked proposal (its own transaction) only when it is. Nearly every filing stops at the look.
 */
export async function proposeGroupMergeAfterFiling(
  dataSource: DataSource,
  notifier: NotifierService,
  request: ServiceRequest,
  rules: GroupRules,
  now: Date,
): Promise<void> {
  if (!groupGrade(request.kind) || request.parentRequestId !== null) return;
  const rows = await candidates(dataSource, request, rules.groups.windowHours, now);
  if (new Set(rows.map((row) => row.who)).size < rules.groups.threshold) return;
  // Its own transaction, after the filing committed: it locks the category first, which the
  // filing's foreign-key check would otherwise have share-locked (a deadlock under load).
  await inTransaction(dataSource, (manager) => proposeGroupMerge(manager, notifier, request, rules, now));
}

export async function proposeGroupMerge(
  manager: EntityManager,
  notifier: NotifierService,
  request: ServiceRequest,
  rules: GroupRules,
  now: Date,
): Promise<void> {
  const grade = groupGrade(request.kind);
  if (!grade || request.parentRequestId !== null) return;
  // One proposal per category at a time: concurrent filings queue here.
  await manager.query('SELECT id FROM category WHERE id = ? FOR UPDATE', [request.categoryId]);
  const rows = await candidates(manager, request, rules.groups.windowHours, now);
  if (new Set(rows.map((row) => row.who)).size < rules.groups.threshold) return;
  const ids = rows.map((row) => Number(row.id));
  const [pending] = (await manager.query(
    `SELECT a.id FROM approval a JOIN request r ON r.id = a.request_id
      WHERE a.type = 'group_merge' AND a.status = 'pending' AND a.project_id = ? AND r.category_id = ?
      LIMIT 1 FOR UPDATE`,
    [request.projectId, request.categoryId],
  )) as Array<{ id: number }>;
  if (pending) {
    const approval = await manager.findOneByOrFail(Approval, { id: Number(pending.id) });
    const proposal = approval.proposal as GroupProposal;
    const children = [...new Set([...proposal.childRequestIds, ...ids.filter((id) => id !== approval.requestId)])];
    await manager.update(Approval, { id: approval.id }, { proposal: { ...proposal, childRequestIds: children } });
    return;
  }
  const parent = await manager.findOneByOrFail(ServiceRequest, { id: ids[0] });
  const proposal: GroupProposal = { type: 'group_merge', childRequestIds: ids.slice(1), grade };
  const [{ name: categoryName }] = (await manager.query('SELECT name FROM category WHERE id = ?', [
    request.categoryId,
  ])) as Array<{ name: string }>;
  const reason = `${rules.groups.windowHours} 小时内 ${new Set(rows.map((row) => row.who)).size} 位业主反映同类${KIND_LABELS[request.kind]}（${categoryName}）`;
  const approval = await openApproval(manager, {
    request: parent,
    reason,
    proposal,
    approverRole: approverRoleFor(rules.approvers, proposal, null),
    actor: null,
    now,
  });
  await recordApprovalStep(manager, notifier, {
    request: parent,
    approval,
    action: 'approval_requested',
    actor: null,
    note: `系统建议合并为群体${request.kind === 'complaint' ? '投诉' : '意见'}：${reason}`,
    now,
  });
}

/**
 * Approving a merge: the parent takes the group grade, each child still open is linked to it and
 * follows its status from then on, and every resident is told which request now carries theirs.
 */
export async function mergeGroup(
  manager: EntityManager,
  notifier: NotifierService,
  parent: ServiceRequest,
  proposal: GroupProposal,
  now: Date,
): Promise<void> {
  const merged: ServiceRequest[] = [];
  for (const childId of proposal.childRequestIds) {
    const child = await manager.findOne(ServiceRequest, {
      where: { id: childId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!child || child.id === parent.id || child.parentRequestId !== null || isTerminal(child.status)) continue;
    merged.push(child);
  }
  // The parent first: once the children are linked, "the resident" of the parent includes theirs.
  await recordMerge(
    manager,
    notifier,
    parent,
    snapshotOf(parent),
    `已与其他 ${merged.length} 件同类诉求合并，由本诉求统一处理`,
    now,
  );
  for (const child of merged) {
    const before = snapshotOf(child);
    await manager.update(
      ServiceRequest,
      { id: child.id },
      {
        parentRequestId: parent.id,
        grade: proposal.grade,
        status: parent.status,
        updatedAt: now,
        version: child.version + 1,
      },
    );
    Object.assign(child, {
      parentRequestId: parent.id,
      grade: proposal.grade,
      status: parent.status,
      version: child.version + 1,
    });
    await recordMerge(
      manager,
      notifier,
      child,
      before,
      `您反映的问题已与其他业主的同类诉求合并，由 ${parent.number} 统一处理`,
      now,
    );
  }
}

async function recordMerge(
  manager: EntityManager,
  notifier: NotifierService,
  request: ServiceRequest,
  before: LifecycleChange['before'],
  note: string,
  now: Date,
): Promise<void> {
  await recordTimelineStep(manager, notifier, {
    request,
    action: 'group_merged',
    before,
    note,
    data: { parentRequestId: request.parentRequestId ?? request.id },
    internal: false,
    now,
  });
}
