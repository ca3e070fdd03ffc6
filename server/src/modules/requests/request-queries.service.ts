import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  DAY_MS,
  IN_HOME_REPAIR_CALLBACK_DAYS,
  REQUEST_KINDS,
  URGE_INTERVAL_MS,
  type Page,
  type Pagination,
  type PhotoView,
  type RequestDetail,
  type RequestStatus,
  type RequestSummary,
  type StaffRef,
  type TaskCounts,
} from '@linli/shared';
import { Brackets, In, Repository, type FindOptionsWhere, type SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AccessService } from '../access/access.service';
import type { StaffProfile } from '../access/action-rules';
import { handlesRequest } from '../access/relation-rules';
import { StaffMember } from '../organization/staff-member.entity';
import { PhotosService } from '../photos/photos.service';
import type { ContactAccessKind } from '../privacy/contact-access.entity';
import { ContactAccessService } from '../privacy/contact-access.service';
import { User } from '../users/user.entity';
import { RequestEvent } from './request-event.entity';
import { RequestRating } from './request-rating.entity';
import { ServiceRequest } from './request.entity';
import { readRequestRecord } from './request-detail.reader';
import { REQUEST_LIST_RELATIONS, toRequestDetail, toRequestSummary } from './request.view';
import { audienceOf, eventsFor, shapeFor, type Audience } from './request-exposure';

/** Resident-facing status groups of 我的 (the tabs of the list). */
export const RESIDENT_STATUS_GROUPS = {
  open: ['received', 'accepted', 'dispatched', 'taken', 'in_progress', 'fee_pending', 'on_hold', 'invalid_pending'],
  resolved: ['resolved'],
  closed: ['closed', 'invalid', 'cancelled'],
} satisfies Record<string, RequestStatus[]>;

export type TaskTab = 'pending' | 'active' | 'done';
const TASK_TABS: Record<Exclude<TaskTab, 'pending'>, RequestStatus[]> = {
  active: ['taken', 'in_progress', 'fee_pending', 'on_hold'],
  done: ['resolved', 'closed'],
};

export interface DeskFilter {
  statuses: RequestStatus[] | null;
  kind: (typeof REQUEST_KINDS)[number] | null;
  departmentId: number | null;
}

@Injectable()
export class RequestQueriesService {
  constructor(
    @InjectRepository(ServiceRequest) private readonly requests: Repository<ServiceRequest>,
    @InjectRepository(RequestEvent) private readonly events: Repository<RequestEvent>,
    @InjectRepository(RequestRating) private readonly ratings: Repository<RequestRating>,
    @InjectRepository(StaffMember) private readonly staff: Repository<StaffMember>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: AccessService,
    private readonly photos: PhotosService,
    private readonly contactAccess: ContactAccessService,
    private readonly clock: Clock,
  ) {}

  async listMine(auth: AuthUser, statuses: RequestStatus[] | null, page: Pagination): Promise<Page<RequestSummary>> {
    const where: FindOptionsWhere<ServiceRequest> = { residentUserId: auth.userId };
    if (statuses) where.status = In(statuses);
    return this.page(where, page);
  }

  /** The desk's queue: the projects the caller serves, newest first. */
  async listForDesk(auth: AuthUser, filter: DeskFilter, page: Pagination): Promise<Page<RequestSummary>> {
    const scope = await this.access.projectScope(auth);
    if (!scope.all && scope.projectIds.length === 0) return { items: [], total: 0, ...page };
    const where: FindOptionsWhere<ServiceRequest> = {};
    if (!scope.all) where.projectId = In(scope.projectIds);
    if (filter.statuses) where.status = In(filter.statuses);
    if (filter.kind) where.kind = filter.kind;
    if (filter.departmentId) where.departmentId = filter.departmentId;
    return this.page(where, page);
  }

  /** 我的任务: what is dispatched to me or claimable in my department, what I work on, what I finished. */
  async tasks(auth: AuthUser, tab: TaskTab, page: Pagination): Promise<Page<RequestSummary>> {
    const profile = await this.access.profile(auth);
    const query = this.taskQuery(profile, tab)
      .orderBy('request.created_at', tab === 'done' ? 'DESC' : 'ASC')
      .addOrderBy('request.id', 'DESC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    const [rows, total] = await query.getManyAndCount();
    return { items: rows.map((row) => toRequestSummary(row, this.clock.now())), total, ...page };
  }

  async taskCounts(auth: AuthUser): Promise<TaskCounts> {
    const profile = await this.access.profile(auth);
    const [pending, active, done] = await Promise.all(
      (['pending', 'active', 'done'] as const).map((tab) => this.taskQuery(profile, tab).getCount()),
    );
    return { pending, active, done };
  }

  /** 待回访: resolved complaints and in-home repairs waiting for their callback, most urgent first. */
  async callbacksDue(auth: AuthUser, page: Pagination): Promise<Page<RequestSummary>> {
    const scope = await this.access.projectScope(auth);
    if (!scope.all && scope.projectIds.length === 0) return { items: [], total: 0, ...page };
    const query = this.listQuery()
      .where("request.status = 'resolved'")
      .andWhere('request.callback_due_at IS NOT NULL')
      // An in-home repair's window opens on day 3 after completion, i.e. 4 days before it is due.
      .andWhere("(request.kind <> 'repair' OR request.callback_due_at <= :opensBy)", {
        opensBy: new Date(
          this.clock.now().getTime() + (IN_HOME_REPAIR_CALLBACK_DAYS.due - IN_HOME_REPAIR_CALLBACK_DAYS.from) * DAY_MS,
        ),
      })
      .orderBy('request.callback_due_at', 'ASC')
      .addOrderBy('request.id', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize);
    if (!scope.all) query.andWhere('request.project_id IN (:...projectIds)', { projectIds: scope.projectIds });
    const [rows, total] = await query.getManyAndCount();
    return { items: rows.map((row) => toRequestSummary(row, this.clock.now())), total, ...page };
  }

  /**
   * `what` names how the caller reads it (the page, the answer to a step, a registration): a
   * staff member shown the unmasked contact leaves one row in the access log.
   */
  async detail(auth: AuthUser, id: number, what: ContactAccessKind = 'detail'): Promise<RequestDetail> {
    const record = await readRequestRecord(this.requests.manager, id);
    const request = await this.access.requireRequestView(auth, record?.request ?? null);
    const { events, ratings, photos } = record!;
    const profile = await this.access.profile(auth);
    const audience: Audience = audienceOf(profile, handlesRequest(profile, request));
    const photosByEvent = new Map<number | null, PhotoView[]>();
    for (const photo of photos) {
      const list = photosByEvent.get(photo.eventId) ?? [];
      list.push(this.photos.toView(photo));
      photosByEvent.set(photo.eventId, list);
    }
    const now = this.clock.now();
    const nextUrge = request.lastUrgedAt ? request.lastUrgedAt.getTime() + URGE_INTERVAL_MS : 0;
    const showContact = audience !== 'unrelated_staff';
    const assignee: StaffRef | null = request.assignee
      ? {
          userId: request.assignee.id,
          name: request.assignee.name,
          title: record!.assigneeTitle ?? '',
          departmentName: record!.assigneeDepartmentName,
          phone: showContact ? request.assignee.phone : null,
        }
      : null;
    const detail = toRequestDetail(
      request,
      {
        events: eventsFor(events, audience, auth.userId),
        photosByEvent,
        ratings,
        actions: this.access.actionsFor(profile, request, request.department?.dispatchMode ?? null),
        contactPhone: request.contactPhone,
        assignee,
        firstContactName: record!.firstContactName,
        nextUrgeAt: nextUrge > now.getTime() ? new Date(nextUrge) : null,
      },
      now,
    );
    if (audience === 'handling_staff') await this.contactAccess.record(auth.userId, request, what);
    return shapeFor(detail, request, audience);
  }

  /** What a list row shows (REQUEST_LIST_RELATIONS), as a query builder for lists with conditions. */
  private listQuery(): SelectQueryBuilder<ServiceRequest> {
    return this.requests
      .createQueryBuilder('request')
      .leftJoinAndSelect('request.category', 'category')
      .leftJoinAndSelect('request.department', 'department')
      .leftJoinAndSelect('request.assignee', 'assignee')
      .leftJoinAndSelect('request.room', 'room')
      .leftJoinAndSelect('room.project', 'project')
      .leftJoinAndSelect('room.building', 'building')
      .leftJoinAndSelect('room.unit', 'unit');
  }

  private taskQuery(profile: StaffProfile, tab: TaskTab): SelectQueryBuilder<ServiceRequest> {
    const query = this.listQuery();
    if (tab !== 'pending') {
      return query
        .where('request.assignee_user_id = :userId', { userId: profile.userId })
        .andWhere('request.status IN (:...statuses)', { statuses: TASK_TABS[tab] });
    }
    const projectIds = profile.projectIds === 'all' ? null : profile.projectIds;
    return query.where(
      new Brackets((or) => {
        or.where("(request.assignee_user_id = :userId AND request.status = 'dispatched')", { userId: profile.userId });
        if (profile.departmentId !== null && (projectIds === null || projectIds.length > 0)) {
          // 抢单: the department's queue is open to all its members.
          or.orWhere(
            new Brackets((claim) => {
              claim
                .where("request.status = 'accepted'")
                .andWhere('request.department_id = :departmentId', { departmentId: profile.departmentId })
                .andWhere("department.dispatch_mode = 'claim'");
              if (projectIds) claim.andWhere('request.project_id IN (:...projectIds)', { projectIds });
            }),
          );
        }
      }),
    );
  }

  private async page(where: FindOptionsWhere<ServiceRequest>, page: Pagination): Promise<Page<RequestSummary>> {
    const [rows, total] = await this.requests.findAndCount({
      where,
      relations: REQUEST_LIST_RELATIONS,
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map((row) => toRequestSummary(row, this.clock.now())), total, ...page };
  }
}
