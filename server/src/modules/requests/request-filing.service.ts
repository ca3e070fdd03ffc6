import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { INITIAL_STATUS, KIND_LABELS, type IntakeForm, type RequestForm, type RequestSource } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { inTransaction } from '../../database/transaction';
import { insertRow } from '../../database/row-sql';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { ReferenceSnapshot } from '../reference/reference-snapshot';
import { AccessService } from '../access/access.service';
import { CategoriesService } from '../categories/categories.service';
import { HousesService } from '../houses/houses.service';
import { proposeGroupMergeAfterFiling } from '../approvals/group-proposals';
import { NotifierService } from '../notifications/notifier.service';
import { SlaService } from '../sla/sla.service';
import { PhotosService } from '../photos/photos.service';
import { ContentCheckService } from '../content-check/content-check.service';
import { RequestEvent } from './request-event.entity';
import { RequestNumberAllocator } from './request-number.allocator';
import type { ServiceRequest } from './request.entity';
import { ServiceRequest as ServiceRequestEntity } from './request.entity';

type NewRequest = Omit<
  ServiceRequest,
  | 'id'
  | 'number'
  | 'status'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
  | 'category'
  | 'project'
  | 'room'
  | 'resident'
  | 'department'
  | 'assignee'
>;

const EMPTY: Omit<
  NewRequest,
  'kind' | 'grade' | 'source' | 'projectId' | 'categoryId' | 'content' | 'contactName' | 'contactPhone'
> = {
  valid: null,
  area: null,
  roomId: null,
  houseBindingId: null,
  residentUserId: null,
  subjectOfComplaint: null,
  occurredAt: null,
  occurredPlace: null,
  demand: null,
  repairScope: null,
  urgency: 'normal',
  repairItem: null,
  repairLocation: null,
  repairModel: null,
  appointmentAt: null,
  departmentId: null,
  assigneeUserId: null,
  firstContactUserId: null,
  createdByUserId: null,
  result: null,
  resolvedAt: null,
  closedAt: null,
  parentRequestId: null,
  round: 1,
  invalidExplanation: null,
  responsibleBody: null,
  urgeCount: 0,
  lastUrgedAt: null,
  feeItems: null,
  feeTotalFen: null,
  feeStatus: null,
  feeQuotedAt: null,
  feeDecidedAt: null,
  callbackDueAt: null,
  ratingWaitUntil: null,
  callbackRequestedAt: null,
  infoRequest: null,
  infoRequestedAt: null,
  rootCause: null,
  remedy: null,
  correctiveMeasure: null,
  summarizedAt: null,
  summarizedByUserId: null,
  maliciousAt: null,
  dispatchDueAt: null,
  replyDueAt: null,
  resolutionDueAt: null,
  dispatchedAt: null,
  firstRepliedAt: null,
  dispatchStartedAt: null,
  resolutionStartedAt: null,
  invalidRuledAt: null,
  invalidDueAt: null,
  contentCheck: null,
  contentFlagged: false,
};

const date = (value: string | null | undefined) => (value ? new Date(value) : null);

/** How requests come in: from the resident's mini-app, or registered by the desk (代客登记). */
@Injectable()
export class RequestFilingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly numbers: RequestNumberAllocator,
    private readonly houses: HousesService,
    private readonly categories: CategoriesService,
    private readonly access: AccessService,
    private readonly photos: PhotosService,
    private readonly notifier: NotifierService,
    private readonly sla: SlaService,
    private readonly reference: ReferenceDataService,
    private readonly contentCheck: ContentCheckService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A resident files from the mini-app: numbered, routed to its category's department, on the timeline. */
  async file(auth: AuthUser, form: RequestForm): Promise<number> {
    const house = await this.houses.requireBoundHouse(auth, form.houseBindingId);
    const { category, departmentId, unstaffed } = await this.categories.requireLeafForFiling(
      form.categoryId,
      form.kind,
      house.projectId,
    );
    return this.create(auth, form.photoIds, unstaffed?.name ?? null, {
      ...EMPTY,
      kind: form.kind,
      grade: category.defaultGrade,
      source: 'mini_program',
      projectId: house.projectId,
      roomId: house.roomId,
      houseBindingId: house.id,
      residentUserId: auth.userId,
      contactName: form.contactName,
      contactPhone: form.contactPhone,
      categoryId: category.id,
      content: form.content,
      occurredAt: form.kind === 'complaint' ? date(form.occurredAt) : null,
      occurredPlace: form.kind === 'complaint' ? form.occurredPlace : null,
      demand: form.kind === 'complaint' ? form.demand : null,
      repairScope: form.kind === 'repair' ? form.repairScope : null,
      urgency: form.kind === 'repair' ? form.urgency : 'normal',
      repairItem: form.kind === 'repair' ? form.repairItem : null,
      repairLocation: form.kind === 'repair' ? form.repairLocation : null,
      repairModel: form.kind === 'repair' ? form.repairModel : null,
      appointmentAt: form.kind === 'repair' ? date(form.appointmentAt) : null,
      departmentId,
      createdByUserId: auth.userId,
    });
  }

  /**
   * 代客登记: the desk registers a request that came by phone, visit, letter… The receptionist
   * becomes its first-contact owner (首问负责制). When the caller is a resident with a bound
   * room there, the request is linked to them so they follow it in the mini-app too.
   */
  async intake(auth: AuthUser, form: IntakeForm): Promise<number> {
    await this.access.requireProject(auth, form.projectId, '项目');
    if (form.kind === 'repair' && !form.repairScope) {
      throw AppError.validation([{ field: 'repairScope', message: '请选择入户维修或公共维修' }]);
    }
    // The project, the room and the caller's own binding of it, in one statement.
    const [place] = (await this.dataSource.query(
      `SELECT p.id AS projectId, r.id AS roomId, r.project_id AS roomProjectId,
              (SELECT CONCAT(b.id, ':', b.user_id) FROM house_binding b
                WHERE b.room_id = r.id AND b.phone = ? AND b.status = 'bound' ORDER BY b.id LIMIT 1) AS binding
         FROM project p LEFT JOIN room r ON r.id = ?
        WHERE p.id = ?`,
      [form.contactPhone, form.roomId ?? 0, form.projectId],
    )) as Array<{ projectId: number; roomId: number | null; roomProjectId: number | null; binding: string | null }>;
    if (!place) throw AppError.notFound('项目');
    if (form.roomId && (place.roomId === null || Number(place.roomProjectId) !== form.projectId)) {
      throw AppError.validation([{ field: 'roomId', message: '房间不属于所选项目' }]);
    }
    const { category, departmentId, unstaffed } = await this.categories.requireLeafForFiling(
      form.categoryId,
      form.kind,
      form.projectId,
    );
    const room = form.roomId ? { id: Number(place.roomId) } : null;
    const [bindingId, userId] = room && place.binding ? place.binding.split(':').map(Number) : [];
    const resident = bindingId ? { bindingId, userId } : undefined;
    return this.create(auth, form.photoIds, unstaffed?.name ?? null, {
      ...EMPTY,
      kind: form.kind,
      grade: category.defaultGrade,
      source: form.source as RequestSource,
      projectId: form.projectId,
      area: form.area,
      roomId: room?.id ?? null,
      houseBindingId: resident?.bindingId ?? null,
      residentUserId: resident?.userId ?? null,
      contactName: form.contactName,
      contactPhone: form.contactPhone,
      categoryId: category.id,
      content: form.content,
      subjectOfComplaint: form.subjectOfComplaint,
      occurredAt: date(form.occurredAt),
      occurredPlace: form.occurredPlace,
      demand: form.demand,
      repairScope: form.kind === 'repair' ? (form.repairScope ?? null) : null,
      urgency: form.kind === 'repair' ? form.urgency : 'normal',
      repairItem: form.repairItem,
      repairLocation: form.repairLocation,
      repairModel: form.repairModel,
      appointmentAt: date(form.appointmentAt),
      departmentId,
      firstContactUserId: auth.userId,
      createdByUserId: auth.userId,
    });
  }

  /**
   * One transaction in a handful of statements (issue 11): the row, its timeline event, the
   * photos, the daily number last (its counter row stays locked only to the commit), the notices.
   */
  /** `unstaffed`: the routed department that had nobody to take it, so it waits at the desk. */
  private async create(
    auth: AuthUser,
    photoIds: number[],
    unstaffed: string | null,
    values: NewRequest,
  ): Promise<number> {
    // Before anything is written: risky text is refused with nothing stored.
    const contentCheck = await this.contentCheck.check(auth.userId, [
      { field: 'content', text: values.content, scene: 3 },
      { field: 'demand', text: values.demand, scene: 2 },
    ]);
    const snapshot = await this.reference.snapshot();
    const request = await inTransaction(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const row = {
        ...values,
        contentCheck,
        contentFlagged: contentCheck === 'review',
        ...(await this.sla.initial(manager, values, now)),
        status: INITIAL_STATUS,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const requestId = await insertRow(manager, ServiceRequestEntity, row);
      const eventId = await this.recordCreation(manager, auth, requestId, values, snapshot, unstaffed, now);
      await this.photos.attach(manager, auth.userId, photoIds, { requestId, eventId });
      const number = await this.numbers.next(manager, values.kind, now);
      await manager.query('UPDATE request SET number = ? WHERE id = ?', [number, requestId]);
      const request = { ...row, id: requestId, number } as ServiceRequest;
      await this.notifier.record(manager, {
        request,
        before: null,
        action: 'create',
        actor: { userId: auth.userId, role: auth.role, name: auth.name || values.contactName },
        eventId,
        note: null,
        now,
      });
      return request;
    });
    const { group_detection: groups, approvers } = snapshot.settings;
    if (this.config.groupDetection) {
      await proposeGroupMergeAfterFiling(
        this.dataSource,
        this.notifier,
        request,
        { approvers, groups },
        this.clock.now(),
      );
    }
    this.notifier.committed();
    return request.id;
  }

  private async recordCreation(
    manager: EntityManager,
    auth: AuthUser,
    requestId: number,
    values: NewRequest,
    snapshot: ReferenceSnapshot,
    unstaffed: string | null,
    now: Date,
  ): Promise<number> {
    const department = values.departmentId ? snapshot.departments.get(values.departmentId) : undefined;
    const category = snapshot.categories.get(values.categoryId)?.name ?? '';
    const channel = values.source === 'mini_program' ? '' : `（代客登记）`;
    return insertRow(manager, RequestEvent, {
      requestId,
      actorUserId: auth.userId,
      actorRole: auth.role,
      // The guard read the current name: the token's is from login, before binding may have given one.
      actorName: auth.name || values.contactName,
      action: 'create',
      fromStatus: null,
      toStatus: INITIAL_STATUS,
      note: department
        ? `提交${KIND_LABELS[values.kind]}${channel}（${category}），已转${department.name}`
        : `提交${KIND_LABELS[values.kind]}${channel}（${category}），${unstaffed ? `${unstaffed}暂无可派人员，` : ''}待客服分派`,
      data: null,
      internal: false,
      createdAt: now,
    });
  }
}
