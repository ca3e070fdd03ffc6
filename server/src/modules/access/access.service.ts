import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  availableActions,
  callbackOpen,
  checkTransition,
  roleMayEver,
  summaryRequired,
  type LifecycleAction,
} from '@linli/shared';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { StaffMember } from '../organization/staff-member.entity';
import type { ServiceRequest } from '../requests/request.entity';
import { mayActOn, type StaffProfile } from './action-rules';

/** A merged request follows its parent: only notes and added information stay its own. */
const MERGED_ACTIONS: readonly LifecycleAction[] = ['note', 'add_info'];

export type ProjectScope = { all: true } | { all: false; projectIds: number[] };

/**
 * Who may see and act on which records, in one place (immich's access.ts). Everything a
 * caller may not see is answered as "not found", so refusals never reveal that a record exists.
 */
@Injectable()
export class AccessService {
  constructor(@InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>) {}

  async profile(auth: AuthUser): Promise<StaffProfile> {
    if (auth.role === 'admin') return { userId: auth.userId, role: auth.role, departmentId: null, projectIds: 'all' };
    if (auth.role === 'resident') return { userId: auth.userId, role: auth.role, departmentId: null, projectIds: [] };
    if (auth.staff) return { userId: auth.userId, role: auth.role, ...auth.staff };
    const member = await this.staff.findOne({ where: { userId: auth.userId }, relations: { projects: true } });
    return {
      userId: auth.userId,
      role: auth.role,
      departmentId: member?.departmentId ?? null,
      projectIds: member?.projects?.map((project) => project.id) ?? [],
    };
  }

  /** Projects a staff-side user serves; admins see the whole company. Residents serve none. */
  async projectScope(auth: AuthUser): Promise<ProjectScope> {
    const { projectIds } = await this.profile(auth);
    return projectIds === 'all' ? { all: true } : { all: false, projectIds };
  }

  async canServeProject(auth: AuthUser, projectId: number): Promise<boolean> {
    const scope = await this.projectScope(auth);
    return scope.all || scope.projectIds.includes(projectId);
  }

  async requireProject(auth: AuthUser, projectId: number, what: string): Promise<void> {
    if (!(await this.canServeProject(auth, projectId))) throw AppError.notFound(what);
  }

  /**
   * The same check with a profile read beforehand: inside a transaction, asking the pool for a
   * second connection can starve it under load (every connection waiting for one more).
   */
  requireVisibleTo(profile: StaffProfile, request: ServiceRequest | null): ServiceRequest {
    if (request) {
      const visible =
        profile.role === 'resident'
          ? request.residentUserId === profile.userId
          : profile.projectIds === 'all' || profile.projectIds.includes(request.projectId);
      if (visible) return request;
    }
    throw AppError.notFound('诉求');
  }

  /** A resident sees their own requests; staff see those of the projects they serve. */
  async requireRequestView(auth: AuthUser, request: ServiceRequest | null): Promise<ServiceRequest> {
    if (request) {
      const visible =
        auth.role === 'resident'
          ? request.residentUserId === auth.userId
          : await this.canServeProject(auth, request.projectId);
      if (visible) return request;
    }
    throw AppError.notFound('诉求');
  }

  /**
   * The lifecycle decides whether the role may take the action in this status; the record
   * decides whether this person may take it on this request. A role that never may is a 403,
   * a state that does not allow it a 409 with the current state.
   */
  requireAction(
    profile: StaffProfile,
    request: ServiceRequest,
    action: LifecycleAction,
    departmentDispatchMode: string | null,
  ): void {
    if (!roleMayEver(action, profile.role)) throw new AppError('FORBIDDEN', '您的角色不能执行此操作');
    if (request.parentRequestId !== null && !MERGED_ACTIONS.includes(action)) {
      throw new AppError('CONFLICT', '该诉求已合并到群体诉求统一处理，请在主诉求上操作');
    }
    const check = checkTransition(request.status, action, profile.role);
    if (!check.ok) {
      if (check.reason === 'role_not_allowed') throw new AppError('FORBIDDEN', '您的角色不能执行此操作');
      if (profile.role === 'resident' && action === 'rate' && request.status === 'closed') {
        // A stale invitation to rate (issue 12): say what happened instead of "not allowed".
        throw new AppError(
          'INVALID_TRANSITION',
          '该诉求已完成回访并关闭，无需再评价；如仍有问题，请重新提交或致电物业客服',
          [
            { field: 'status', message: request.status },
            { field: 'version', message: String(request.version) },
          ],
        );
      }
      throw new AppError('INVALID_TRANSITION', '当前状态下不能执行此操作，请刷新后查看', [
        { field: 'status', message: request.status },
        { field: 'version', message: String(request.version) },
      ]);
    }
    if (!mayActOn(profile, request, action, departmentDispatchMode)) {
      throw new AppError(
        'FORBIDDEN',
        action === 'claim' ? '只有本部门的抢单任务可以领取' : '只有处理人或本部门主管可以执行此操作',
      );
    }
  }

  /**
   * The buttons to show: lifecycle actions this person may take on this request now. While the
   * resident's time to rate runs, the desk's callback (and the reopen after one) is not offered;
   * nor is the callback that would close a complaint before its 总结.
   */
  actionsFor(
    profile: StaffProfile,
    request: ServiceRequest,
    departmentDispatchMode: string | null,
    now: Date,
  ): LifecycleAction[] {
    const callbackWaits = profile.role !== 'resident' && !callbackOpen(request, now);
    return availableActions(request.status, profile.role).filter(
      (action) =>
        (request.parentRequestId === null || MERGED_ACTIONS.includes(action)) &&
        !(callbackWaits && (action === 'callback' || action === 'reopen')) &&
        !(action === 'callback' && summaryRequired(request.kind) && !request.summarizedAt) &&
        !(action === 'ask_callback' && request.callbackRequestedAt !== null) &&
        mayActOn(profile, request, action, departmentDispatchMode),
    );
  }
}
