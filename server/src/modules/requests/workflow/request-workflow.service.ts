import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ACTION_PAYLOADS,
  checkTransition,
  formatZodIssues,
  type ActionName,
  type ApproverRules,
  type LifecycleAction,
  type RequestStatus,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { Clock } from '../../../common/clock/clock';
import { AppError } from '../../../common/errors/app-error';
import { inTransaction } from '../../../database/transaction';
import { insertRow, lockRow, updateRow } from '../../../database/row-sql';
import { ReferenceDataService } from '../../reference/reference-data.service';
import { Approval } from '../../approvals/approval.entity';
import {
  approvalNote,
  approverRoleFor,
  closeApproval,
  openApproval,
  pendingApproval,
} from '../../approvals/approval-records';
import { notifyApprovalStep } from '../../approvals/approval-steps';
import { AccessService } from '../../access/access.service';
import { DispatchService } from '../../dispatch/dispatch.service';
import { NotifierService } from '../../notifications/notifier.service';
import { PhotosService } from '../../photos/photos.service';
import { ContentCheckService, type TextToCheck } from '../../content-check/content-check.service';
import { SlaService } from '../../sla/sla.service';
import { User } from '../../users/user.entity';
import { RequestEvent } from '../request-event.entity';
import { RequestRating } from '../request-rating.entity';
import { ServiceRequest } from '../request.entity';
import { snapshotOf } from '../timeline-step';
import { ACTION_EFFECTS, type Effect, type EffectContext } from './action-effects';

/** The free-text fields a step may carry; each is checked, and a refusal names it. */
const TEXT_FIELDS = ['note', 'comment', 'shortcomings', 'suggestions', 'responsibleBody'] as const;

/**
 * What a step's writer typed, for WeChat's content check. Staff's internal notes (备注) never
 * reach residents or anyone outside the staff, so they are not checked.
 */
function stepTexts(action: ActionName, payload: object): TextToCheck[] {
  if (action === 'note') return [];
  const values = payload as Partial<Record<(typeof TEXT_FIELDS)[number], unknown>>;
  return TEXT_FIELDS.flatMap((field) => {
    const text = values[field];
    return typeof text === 'string' && text.trim() ? [{ field, text, scene: 2 as const }] : [];
  });
}

/** Statuses from which a department in `auto` mode hands new work to someone at once. */
const AUTO_DISPATCH_FROM: RequestStatus = 'accepted';

@Injectable()
export class RequestWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly dispatch: DispatchService,
    private readonly photos: PhotosService,
    private readonly notifier: NotifierService,
    private readonly sla: SlaService,
    private readonly reference: ReferenceDataService,
    private readonly contentCheck: ContentCheckService,
    private readonly clock: Clock,
  ) {}

  /**
   * One lifecycle step (Vendure's order of work): check → change → save, all in one transaction
   * with the request row locked, so two people acting at once are served one after the other and
   * the second sees the first's result (409 with the current state) instead of overwriting it.
   */
  async perform(auth: AuthUser, requestId: number, action: ActionName, body: unknown): Promise<void> {
    const parsed = ACTION_PAYLOADS[action].safeParse(body ?? {});
    if (!parsed.success) throw AppError.validation(formatZodIssues(parsed.error));
    const payload = parsed.data;
    // Read before the transaction: inside it, only the transaction's own connection is used.
    const profile = await this.access.profile(auth);

    // Before the row lock: WeChat's answer may take seconds, and a risky text stores nothing.
    const contentCheck = await this.contentCheck.check(auth.userId, stepTexts(action, payload));
    const snapshot = await this.reference.snapshot();
    // The caller as the guard read them on this request: the step needs no second read of the account.
    const actor = { id: auth.userId, role: auth.role, name: auth.name } as User;

    // READ COMMITTED is the pool's level (data-source.ts): once a department lock is ours, the
    // auto-dispatch's load counts include what the one before us just committed.
    await inTransaction(this.dataSource, async (manager) => {
      const request = this.access.requireVisibleTo(profile, await lockRow(manager, ServiceRequest, requestId));
      const department =
        request.departmentId === null ? null : (snapshot.departments.get(request.departmentId) ?? null);
      this.access.requireAction(profile, request, action, department?.dispatchMode ?? null);
      if (payload.version !== undefined && payload.version !== request.version) {
        throw new AppError('CONFLICT', '诉求已被他人更新，请刷新后再操作', [
          { field: 'status', message: request.status },
          { field: 'version', message: String(request.version) },
        ]);
      }
      const now = this.clock.now();
      const context = { manager, request, payload, actor, department, now, dispatch: this.dispatch, snapshot };
      const effect = await (ACTION_EFFECTS[action] as (ctx: EffectContext<ActionName>) => Effect | Promise<Effect>)(
        context,
      );
      if (contentCheck !== null) {
        effect.contentCheck = contentCheck;
        if (contentCheck === 'review') effect.changes = { ...effect.changes, contentFlagged: true };
      }
      const to = this.target(request.status, action, auth);
      const landing = effect.changes?.departmentId !== undefined ? effect.changes.departmentId : request.departmentId;
      const autoLanding =
        to === AUTO_DISPATCH_FROM && landing !== null && snapshot.departments.get(landing)?.dispatchMode === 'auto';
      if (autoLanding) {
        // Taken before the row update, whose foreign-key check would otherwise hold a shared lock
        // on the department that two auto-dispatches then both try to upgrade: a deadlock. Locking
        // it serialises the department's auto-dispatches, so two requests accepted at once see
        // each other's assignment and go to two idle people, not both to the same one.
        await manager.query('SELECT id FROM department WHERE id = ? FOR UPDATE', [landing]);
      }
      // What the actor wrote themselves: the first-reply rule reads it, not a note the effect made up.
      const note = (payload as { note?: unknown }).note;
      effect.words = typeof note === 'string' ? note : null;
      const eventId = await this.apply(
        manager,
        request,
        action,
        to,
        effect,
        { userId: actor.id, role: actor.role, name: actor.name },
        now,
      );
      await this.keepLifecycleApprovals(
        manager,
        snapshot.settings.approvers,
        request,
        action,
        payload as { note?: string | null; responsibleBody?: string },
        actor,
        now,
        eventId,
      );
      // Whoever hands a task back is not the one to get it again at once.
      if (autoLanding) await this.autoDispatch(manager, request, now, action === 'return' ? actor.id : null);
    });
    this.notifier.committed();
  }

  /**
   * Steps that are approvals as well, kept in the step's transaction: an invalid ruling opens the
   * approval the managers see and their decision closes it; a pause asks to stop the resolution
   * clock, and resuming after an approved pause moves the deadline by the time it stood still.
   */
  private async keepLifecycleApprovals(
    manager: EntityManager,
    approvers: ApproverRules,
    request: ServiceRequest,
    action: ActionName,
    payload: { note?: string | null; responsibleBody?: string },
    actor: User,
    now: Date,
    eventId: number,
  ): Promise<void> {
    if (action === 'rule_invalid') {
      const proposal = {
        type: 'invalid_ruling' as const,
        explanation: payload.note ?? '',
        responsibleBody: payload.responsibleBody ?? '',
      };
      await openApproval(manager, {
        request,
        reason: proposal.explanation,
        proposal,
        approverRole: approverRoleFor(approvers, proposal, null),
        actor,
        now,
      });
    } else if (action === 'approve_invalid' || action === 'reject_invalid') {
      const pending = await pendingApproval(manager, request.id, 'invalid_ruling');
      if (pending) {
        const approved = action === 'approve_invalid';
        await closeApproval(manager, pending, { approved, decider: actor, comment: payload.note ?? null, now });
      }
    } else if (action === 'pause') {
      const proposal = { type: 'pause' as const, since: now.toISOString() };
      const approval = await openApproval(manager, {
        request,
        reason: payload.note ?? '',
        proposal,
        approverRole: approverRoleFor(approvers, proposal, null),
        actor,
        now,
      });
      // The pause itself is the request on the timeline; the managers are told of it as one.
      await notifyApprovalStep(manager, this.notifier, {
        request,
        approval,
        action: 'approval_requested',
        actor,
        note: approvalNote(approval, `理由：${payload.note ?? ''}`),
        now,
        eventId,
      });
    } else if (action === 'resume') {
      await this.endPause(manager, request, actor, now);
    }
  }

  private async endPause(manager: EntityManager, request: ServiceRequest, actor: User, now: Date): Promise<void> {
    const pending = await pendingApproval(manager, request.id, 'pause');
    if (pending) {
      // Resumed before anyone decided: nothing left to approve, and the clock never stopped.
      await closeApproval(manager, pending, { approved: false, decider: actor, comment: '已恢复处理，无需审批', now });
      return;
    }
    const approved = await manager.findOne(Approval, {
      where: { requestId: request.id, type: 'pause', status: 'approved' },
      order: { id: 'DESC' },
    });
    const proposal = approved?.proposal;
    if (!approved || proposal?.type !== 'pause' || proposal.resumedAt || !request.resolutionDueAt) return;
    const stood = Math.max(now.getTime() - Date.parse(proposal.since), 0);
    const resolutionDueAt = new Date(request.resolutionDueAt.getTime() + stood);
    // The start moves with the deadline: the time on hold counts neither way, so the limit's
    // span, and the pace it escalates at, stay what the rule says.
    const resolutionStartedAt = new Date((request.resolutionStartedAt ?? request.createdAt).getTime() + stood);
    await manager.update(Approval, { id: approved.id }, { proposal: { ...proposal, resumedAt: now.toISOString() } });
    await manager.update(ServiceRequest, { id: request.id }, { resolutionDueAt, resolutionStartedAt });
    Object.assign(request, { resolutionDueAt, resolutionStartedAt });
  }

  private target(status: RequestStatus, action: LifecycleAction, auth: AuthUser): RequestStatus {
    const check = checkTransition(status, action, auth.role);
    if (!check.ok) throw new Error(`unreachable: ${status}.${action} was checked before`);
    return check.to;
  }

  /** Saves one step: the row (version + 1), its timeline event, what hangs off the event, and who is told. */
  private async apply(
    manager: EntityManager,
    request: ServiceRequest,
    action: LifecycleAction,
    to: RequestStatus,
    effect: Effect,
    actor: { userId: number | null; role: RequestEvent['actorRole']; name: string },
    now: Date,
  ): Promise<number> {
    const timing = await this.sla.onStep(
      manager,
      request,
      {
        action,
        actorRole: actor.role,
        internal: effect.internal ?? false,
        grade: effect.changes?.grade ?? request.grade,
        words: effect.words ?? null,
      },
      now,
    );
    await updateRow(
      manager,
      ServiceRequest,
      { id: request.id, version: request.version },
      { ...effect.changes, ...timing, status: to, updatedAt: now, version: request.version + 1 },
    );
    const eventId = await insertRow(manager, RequestEvent, {
      requestId: request.id,
      actorUserId: actor.userId,
      actorRole: actor.role,
      actorName: actor.name,
      action,
      fromStatus: request.status,
      toStatus: to,
      note: effect.note ?? null,
      data: effect.data ?? null,
      internal: effect.internal ?? false,
      contentCheck: effect.contentCheck ?? null,
      createdAt: now,
    });
    if (effect.photoIds?.length && actor.userId !== null) {
      await this.photos.attach(manager, actor.userId, effect.photoIds, { requestId: request.id, eventId });
    }
    if (effect.rating) {
      await manager.insert(RequestRating, {
        requestId: request.id,
        eventId,
        round: request.round,
        comment: null,
        shortcomings: null,
        suggestions: null,
        speed: null,
        quality: null,
        attitude: null,
        ...effect.rating,
        byUserId: actor.userId!,
        byName: actor.name,
        createdAt: now,
      });
    }
    const before = snapshotOf(request);
    // Merged requests of a group follow their parent (group complaints: only complaints group).
    if (request.kind === 'complaint')
      await manager.query(
        'UPDATE request SET status = ?, resolved_at = ?, closed_at = ?, updated_at = ?, version = version + 1 WHERE parent_request_id = ?',
        [
          to,
          effect.changes?.resolvedAt ?? request.resolvedAt,
          effect.changes?.closedAt ?? request.closedAt,
          now,
          request.id,
        ],
      );
    request.status = to;
    request.version += 1;
    Object.assign(request, effect.changes, timing);
    await this.notifier.record(manager, { request, before, action, actor, eventId, note: effect.note ?? null, now });
    return eventId;
  }

  /**
   * A department in `auto` mode never leaves work waiting in its queue: whatever lands there
   * (accepted, transferred in, returned, reopened) goes to its least-loaded on-duty handler.
   */
  private async autoDispatch(
    manager: EntityManager,
    request: ServiceRequest,
    now: Date,
    excludeUserId: number | null,
  ): Promise<void> {
    if (request.status !== AUTO_DISPATCH_FROM || request.departmentId === null) return;
    const department = (await this.reference.snapshot()).departments.get(request.departmentId);
    if (department?.dispatchMode !== 'auto') return;
    const assignee = await this.dispatch.pickLeastLoaded(manager, department.id, request.projectId, excludeUserId);
    if (!assignee) return;
    await this.apply(
      manager,
      request,
      'dispatch',
      'dispatched',
      {
        changes: { assigneeUserId: assignee.userId },
        note: `${department.name}自动派单给 ${assignee.name}（在办 ${assignee.openTasks} 件）`,
        data: { assigneeUserId: assignee.userId, assigneeName: assignee.name, auto: true },
      },
      { userId: null, role: 'system', name: '系统' },
      now,
    );
  }
}
