import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_TYPE_LABELS,
  approvalSummary,
  isTerminal,
  STAFF_SIDE_ROLES,
  type ApprovalCount,
  type ApprovalDecisionInput,
  type ApprovalProposal,
  type ApprovalRequestInput,
  type ApprovalStatus,
  type ApprovalView,
  type Page,
  type Pagination,
} from '@linli/shared';
import { Brackets, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import type { StaffProfile } from '../access/action-rules';
import { AccessService } from '../access/access.service';
import { handlesRequest } from '../access/relation-rules';
import { NotifierService } from '../notifications/notifier.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { ServiceRequest } from '../requests/request.entity';
import { RequestWorkflowService } from '../requests/workflow/request-workflow.service';
import { SlaService } from '../sla/sla.service';
import { User } from '../users/user.entity';
import { Approval } from './approval.entity';
import { approvalNote, approverRoleFor, closeApproval, openApproval, pendingApproval } from './approval-records';
import { recordApprovalStep } from './approval-steps';
import { mergeGroup } from './group-proposals';
import { contentPreview } from '../requests/request.view';
import { requireSummary } from '../requests/workflow/action-effects';

export type ApprovalScope = 'todo' | 'mine' | 'all';

/**
 * Requests for consent (issue 6, seed 000 4.3): opened by staff on a request they can see,
 * decided by the role the rules name for the type, and applied in the decision's transaction.
 * Invalid rulings are the lifecycle's own steps (rule_invalid / approve_invalid), which this
 * service drives so there is one way to rule a complaint invalid.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly workflow: RequestWorkflowService,
    private readonly notifier: NotifierService,
    private readonly sla: SlaService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  async open(auth: AuthUser, requestId: number, input: ApprovalRequestInput): Promise<ApprovalView> {
    if (input.type === 'invalid_ruling') {
      await this.workflow.perform(auth, requestId, 'rule_invalid', {
        note: input.explanation,
        responsibleBody: input.responsibleBody,
      });
      const opened = await this.dataSource.manager.findOneOrFail(Approval, {
        where: { requestId, type: 'invalid_ruling', status: 'pending' },
        order: { id: 'DESC' },
      });
      return this.view(auth, opened.id);
    }
    const profile = await this.access.profile(auth);
    // Read before the transaction: the rules in force come from the cached set-up (系统设置).
    const { approvers } = (await this.reference.snapshot()).settings;
    const id = await inTransaction(this.dataSource, async (manager) => {
      const request = await this.lockVisible(manager, profile, requestId);
      const proposal = this.proposalFor(request, input);
      if (await pendingApproval(manager, request.id, input.type)) {
        throw new AppError('CONFLICT', `该诉求已有待审批的${APPROVAL_TYPE_LABELS[input.type]}申请，请等待审批结果`);
      }
      const actor = await manager.findOneByOrFail(User, { id: auth.userId });
      const now = this.clock.now();
      const approval = await openApproval(manager, {
        request,
        reason: input.reason,
        proposal,
        approverRole: approverRoleFor(approvers, proposal, request.resolutionDueAt),
        actor,
        now,
      });
      await recordApprovalStep(manager, this.notifier, {
        request,
        approval,
        action: 'approval_requested',
        actor,
        note: `${approvalNote(approval, null)}。理由：${input.reason}`,
        now,
      });
      return approval.id;
    });
    this.notifier.committed();
    return this.view(auth, id);
  }

  async decide(auth: AuthUser, id: number, approved: boolean, input: ApprovalDecisionInput): Promise<ApprovalView> {
    const found = await this.dataSource.manager.findOneBy(Approval, { id });
    const profile = await this.access.profile(auth);
    if (!found || !(await this.visible(profile, found))) throw AppError.notFound('审批');
    this.requireDecider(profile, found);
    if (found.type === 'invalid_ruling') {
      // The lifecycle step records the decision on the approval in its own transaction.
      await this.workflow.perform(auth, found.requestId, approved ? 'approve_invalid' : 'reject_invalid', {
        note: input.comment ?? undefined,
      });
      return this.view(auth, id);
    }
    await inTransaction(this.dataSource, async (manager) => {
      const request = await manager.findOneOrFail(ServiceRequest, {
        where: { id: found.requestId },
        lock: { mode: 'pessimistic_write' },
      });
      const approval = await manager.findOne(Approval, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!approval || approval.status !== 'pending') {
        throw new AppError('CONFLICT', '该申请已被审批，请刷新后查看结果');
      }
      const decider = await manager.findOneByOrFail(User, { id: auth.userId });
      const now = this.clock.now();
      const changes = approved ? await this.effect(manager, request, approval.proposal, now) : {};
      await closeApproval(manager, approval, { approved, decider, comment: input.comment, now });
      Object.assign(request, changes);
      await manager.update(
        ServiceRequest,
        { id: request.id },
        { ...changes, updatedAt: now, version: request.version + 1 },
      );
      request.version += 1;
      await recordApprovalStep(manager, this.notifier, {
        request,
        approval,
        action: approved ? 'approval_approved' : 'approval_rejected',
        actor: decider,
        note: approvalNote(approval, input.comment ? `审批意见：${input.comment}` : null),
        now,
      });
      if (approved && approval.proposal.type === 'group_merge') {
        await mergeGroup(manager, this.notifier, request, approval.proposal, now);
      }
    });
    this.notifier.committed();
    return this.view(auth, id);
  }

  async list(
    auth: AuthUser,
    scope: ApprovalScope,
    status: ApprovalStatus | undefined,
    page: Pagination,
  ): Promise<Page<ApprovalView>> {
    const profile = await this.access.profile(auth);
    const query = this.dataSource.manager.createQueryBuilder(Approval, 'a');
    this.restrictToVisible(query, profile);
    if (scope === 'mine') query.andWhere('a.requested_by_user_id = :me', { me: auth.userId });
    if (scope === 'todo') {
      query
        .andWhere("a.status = 'pending'")
        .andWhere('a.requested_by_user_id <> :me', { me: auth.userId })
        .andWhere('a.approver_role IN (:...roles)', { roles: this.decidableRoles(profile) });
    } else if (status) {
      query.andWhere('a.status = :status', { status });
    }
    const [rows, total] = await query
      .orderBy('a.id', scope === 'todo' ? 'ASC' : 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
    return { items: await this.views(profile, rows), total, page: page.page, pageSize: page.pageSize };
  }

  async count(auth: AuthUser): Promise<ApprovalCount> {
    const page = await this.list(auth, 'todo', undefined, { page: 1, pageSize: 1 });
    return { pending: page.total };
  }

  async view(auth: AuthUser, id: number): Promise<ApprovalView> {
    const profile = await this.access.profile(auth);
    const approval = await this.dataSource.manager.findOneBy(Approval, { id });
    if (!approval || !(await this.visible(profile, approval))) throw AppError.notFound('审批');
    const [view] = await this.views(profile, [approval]);
    return view;
  }

  /** With a profile read before the transaction: inside it only its own connection is used. */
  private async lockVisible(manager: EntityManager, profile: StaffProfile, requestId: number): Promise<ServiceRequest> {
    const locked = await manager.findOne(ServiceRequest, {
      where: { id: requestId },
      lock: { mode: 'pessimistic_write' },
    });
    const request = this.access.requireVisibleTo(profile, locked);
    if (!STAFF_SIDE_ROLES.includes(profile.role)) throw new AppError('FORBIDDEN', '只有工作人员可以申请审批');
    return request;
  }

  /** The proposal as stored, after checking it makes sense for the request as it is now. */
  private proposalFor(
    request: ServiceRequest,
    input: Exclude<ApprovalRequestInput, { type: 'invalid_ruling' }>,
  ): ApprovalProposal {
    const closed = isTerminal(request.status);
    switch (input.type) {
      case 'grade_change':
        if (closed) throw new AppError('CONFLICT', '诉求已结束，不能调整等级');
        if (input.grade === request.grade) throw AppError.validation([{ field: 'grade', message: '与当前等级相同' }]);
        return { type: 'grade_change', grade: input.grade };
      case 'extension': {
        if (closed || request.resolvedAt) throw new AppError('CONFLICT', '诉求已处理完毕，无需延期');
        const current = request.resolutionDueAt?.getTime() ?? 0;
        const wanted = Date.parse(input.newDueAt);
        if (wanted <= Math.max(current, this.clock.now().getTime())) {
          throw AppError.validation([{ field: 'newDueAt', message: '新时限应晚于当前时限' }]);
        }
        return { type: 'extension', newDueAt: new Date(wanted).toISOString(), plan: input.plan };
      }
      case 'close_without_callback':
        if (request.status !== 'resolved') throw new AppError('CONFLICT', '只有已处理待回访的诉求可以申请免回访关闭');
        requireSummary(request);
        return { type: 'close_without_callback' };
      case 'fee_waiver':
        if (request.status !== 'fee_pending' || request.feeStatus !== 'pending') {
          throw new AppError('CONFLICT', '只有待业主确认的报价可以申请减免');
        }
        return { type: 'fee_waiver' };
      case 'malicious':
        requireMaliciousCandidate(request);
        return { type: 'malicious' };
    }
  }

  /** What approving does to the request; checked again, since it may have moved on meanwhile. */
  private async effect(
    manager: EntityManager,
    request: ServiceRequest,
    proposal: ApprovalProposal,
    now: Date,
  ): Promise<Partial<ServiceRequest>> {
    const moved = (message: string) => new AppError('CONFLICT', `${message}，只能驳回该申请`);
    switch (proposal.type) {
      case 'grade_change': {
        if (isTerminal(request.status)) throw moved('诉求已结束');
        const due = await this.sla.resolutionDue(manager, { ...request, grade: proposal.grade });
        return { grade: proposal.grade, resolutionDueAt: due ?? request.resolutionDueAt };
      }
      case 'extension':
        if (isTerminal(request.status) || request.resolvedAt) throw moved('诉求已处理完毕');
        return { resolutionDueAt: new Date(proposal.newDueAt) };
      case 'close_without_callback':
        if (request.status !== 'resolved') throw moved('诉求已不在待回访状态');
        requireSummary(request);
        return { status: 'closed', closedAt: now, callbackDueAt: null };
      case 'fee_waiver':
        if (request.status !== 'fee_pending') throw moved('报价已由业主处理');
        return { status: 'in_progress', feeStatus: 'waived', feeDecidedAt: now };
      case 'malicious':
        requireMaliciousCandidate(request);
        return { valid: false, maliciousAt: now };
      case 'group_merge': {
        // The children are linked after the decision is recorded (mergeGroup).
        if (isTerminal(request.status)) throw moved('主诉求已结束');
        const due = await this.sla.resolutionDue(manager, { ...request, grade: proposal.grade });
        return { grade: proposal.grade, resolutionDueAt: due ?? request.resolutionDueAt };
      }
      case 'pause':
        // Nothing moves now: the clock stands still from `since`; 恢复处理 moves the deadline by the pause.
        if (request.status !== 'on_hold') throw moved('诉求已恢复处理');
        return {};
      case 'invalid_ruling':
        throw new Error('unreachable: invalid rulings are decided by the lifecycle');
    }
  }

  /**
   * An approval's reason is staff-facing text about a resident's request: it is shown to whoever
   * asked for it, whoever may decide it, and the people handling the request, not to every
   * member of staff serving the project.
   */
  private async visible(profile: StaffProfile, approval: Approval): Promise<boolean> {
    if (!STAFF_SIDE_ROLES.includes(profile.role)) return false;
    if (profile.projectIds !== 'all' && !profile.projectIds.includes(approval.projectId)) return false;
    if (approval.requestedByUserId === profile.userId || this.decidableRoles(profile).includes(approval.approverRole)) {
      return true;
    }
    const request = await this.dataSource.manager.findOneBy(ServiceRequest, { id: approval.requestId });
    return request !== null && handlesRequest(profile, request);
  }

  /** The same rule as `visible`, as SQL over `a` (approval) joined to `r` (its request). */
  private restrictToVisible(query: SelectQueryBuilder<Approval>, profile: StaffProfile): void {
    if (profile.projectIds === 'all') return;
    query.andWhere('a.project_id IN (:...projects)', { projects: [0, ...profile.projectIds] });
    if (profile.role === 'receptionist' || profile.role === 'manager') return;
    query.innerJoin(ServiceRequest, 'r', 'r.id = a.request_id').andWhere(
      new Brackets((visible) => {
        visible
          .where('a.requested_by_user_id = :me', { me: profile.userId })
          .orWhere('a.approver_role IN (:...decidable)', { decidable: this.decidableRoles(profile) })
          .orWhere('r.assignee_user_id = :me')
          .orWhere('r.first_contact_user_id = :me');
        if (profile.role === 'supervisor' && profile.departmentId !== null) {
          visible.orWhere('r.department_id = :department', { department: profile.departmentId });
        }
      }),
    );
  }

  /** Admins (the company) may decide what a project manager may; nobody decides their own request. */
  private decidableRoles(profile: StaffProfile): string[] {
    return profile.role === 'admin' ? ['manager', 'admin', 'supervisor', 'receptionist'] : [profile.role];
  }

  private canDecide(profile: StaffProfile, approval: Approval): boolean {
    return (
      approval.status === 'pending' &&
      approval.requestedByUserId !== profile.userId &&
      this.decidableRoles(profile).includes(approval.approverRole)
    );
  }

  private requireDecider(profile: StaffProfile, approval: Approval): void {
    if (approval.status !== 'pending') throw new AppError('CONFLICT', '该申请已被审批，请刷新后查看结果');
    if (approval.requestedByUserId === profile.userId) throw new AppError('FORBIDDEN', '不能审批自己提交的申请');
    if (!this.canDecide(profile, approval)) throw new AppError('FORBIDDEN', '您无权审批此类申请');
  }

  private async views(profile: StaffProfile, rows: Approval[]): Promise<ApprovalView[]> {
    if (rows.length === 0) return [];
    const requests = (await this.dataSource.query(
      `SELECT r.id, r.number, r.kind, r.status, r.grade, r.content, r.resolution_due_at AS resolutionDueAt, c.name AS categoryName
         FROM request r JOIN category c ON c.id = r.category_id WHERE r.id IN (?)`,
      [rows.map((row) => row.requestId)],
    )) as Array<{
      id: number;
      number: string;
      kind: ApprovalView['request']['kind'];
      status: ApprovalView['request']['status'];
      grade: ApprovalView['request']['grade'];
      content: string;
      resolutionDueAt: Date | null;
      categoryName: string;
    }>;
    const byId = new Map(requests.map((request) => [Number(request.id), request]));
    return rows.map((approval) => {
      const request = byId.get(approval.requestId)!;
      return {
        id: approval.id,
        type: approval.type,
        typeLabel: APPROVAL_TYPE_LABELS[approval.type],
        status: approval.status,
        statusLabel: APPROVAL_STATUS_LABELS[approval.status],
        reason: approval.reason,
        proposal: approval.proposal,
        summary: approvalSummary(approval.proposal),
        approverRole: approval.approverRole,
        requestedByName: approval.requestedByName,
        requestedAt: approval.requestedAt.toISOString(),
        decidedByName: approval.decidedByName,
        decidedAt: approval.decidedAt?.toISOString() ?? null,
        comment: approval.comment,
        canDecide: this.canDecide(profile, approval),
        request: {
          id: Number(request.id),
          number: request.number,
          kind: request.kind,
          status: request.status,
          grade: request.grade,
          categoryName: request.categoryName,
          contentPreview: contentPreview(request.content),
          resolutionDueAt: request.resolutionDueAt ? new Date(request.resolutionDueAt).toISOString() : null,
        },
      };
    });
  }
}

/** Only a complaint, once: a cancelled one or one already marked has nothing left to mark. */
function requireMaliciousCandidate(request: ServiceRequest): void {
  if (request.kind !== 'complaint') throw new AppError('CONFLICT', '只有投诉可以认定为恶意投诉');
  if (request.maliciousAt) throw new AppError('CONFLICT', '该投诉已认定为恶意投诉');
  if (request.status === 'cancelled' || request.status === 'invalid' || request.status === 'invalid_pending') {
    throw new AppError('CONFLICT', '已撤销或判定无效的诉求无需认定为恶意投诉');
  }
}
