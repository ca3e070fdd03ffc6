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
import { AccessService } from '../access/access.service';
import { CategoriesService } from '../categories/categories.service';
import { Category } from '../categories/category.entity';
import { Room } from '../houses/room.entity';
import { HousesService } from '../houses/houses.service';
import { Department } from '../organization/department.entity';
import { Project } from '../organization/project.entity';
import { proposeGroupMerge } from '../approvals/group-proposals';
import { NotifierService } from '../notifications/notifier.service';
import { SlaService } from '../sla/sla.service';
import { PhotosService } from '../photos/photos.service';
import { User } from '../users/user.entity';
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
  dispatchDueAt: null,
  replyDueAt: null,
  resolutionDueAt: null,
  dispatchedAt: null,
  firstRepliedAt: null,
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
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A resident files from the mini-app: numbered, routed to its category's department, on the timeline. */
  async file(auth: AuthUser, form: RequestForm): Promise<number> {
    const house = await this.houses.requireBoundHouse(auth, form.houseBindingId);
    const { category, departmentId } = await this.categories.requireLeafForFiling(
      form.categoryId,
      form.kind,
      house.room.projectId,
    );
    return this.create(auth, form.photoIds, {
      ...EMPTY,
      kind: form.kind,
      grade: category.defaultGrade,
      source: 'mini_program',
      projectId: house.room.projectId,
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
    if (!(await this.dataSource.getRepository(Project).existsBy({ id: form.projectId })))
      throw AppError.notFound('项目');
    const room = form.roomId ? await this.dataSource.getRepository(Room).findOneBy({ id: form.roomId }) : null;
    if (form.roomId && (!room || room.projectId !== form.projectId)) {
      throw AppError.validation([{ field: 'roomId', message: '房间不属于所选项目' }]);
    }
    if (form.kind === 'repair' && !form.repairScope) {
      throw AppError.validation([{ field: 'repairScope', message: '请选择入户维修或公共维修' }]);
    }
    const { category, departmentId } = await this.categories.requireLeafForFiling(
      form.categoryId,
      form.kind,
      form.projectId,
    );
    const resident = room
      ? (
          (await this.dataSource.query(
            "SELECT b.id AS bindingId, b.user_id AS userId FROM house_binding b WHERE b.room_id = ? AND b.phone = ? AND b.status = 'bound' ORDER BY b.id LIMIT 1",
            [room.id, form.contactPhone],
          )) as { bindingId: number; userId: number }[]
        )[0]
      : undefined;
    return this.create(auth, form.photoIds, {
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
      repairItem: form.repairItem,
      repairLocation: form.repairLocation,
      repairModel: form.repairModel,
      appointmentAt: date(form.appointmentAt),
      departmentId,
      firstContactUserId: auth.userId,
      createdByUserId: auth.userId,
    });
  }

  private async create(auth: AuthUser, photoIds: number[], values: NewRequest): Promise<number> {
    const id = await inTransaction(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const number = await this.numbers.next(manager, values.kind, now);
      const inserted = await manager.insert(ServiceRequestEntity, {
        ...values,
        ...(await this.sla.initial(manager, values, now)),
        number,
        status: INITIAL_STATUS,
        createdAt: now,
        updatedAt: now,
      });
      const requestId = inserted.identifiers[0].id as number;
      const eventId = await this.recordCreation(manager, auth, requestId, values, now);
      await this.photos.attach(manager, auth.userId, photoIds, { requestId, eventId });
      const request = await manager.findOneByOrFail(ServiceRequestEntity, { id: requestId });
      const actor = await manager.findOneByOrFail(User, { id: auth.userId });
      await this.notifier.record(manager, {
        request,
        before: null,
        action: 'create',
        actor: { userId: actor.id, role: actor.role, name: actor.name || values.contactName },
        eventId,
        note: null,
        now,
      });
      return requestId;
    });
    if (this.config.groupDetection) {
      // Its own transaction, after the filing committed: it locks the category first, which the
      // filing's foreign-key check would otherwise have share-locked (a deadlock under load).
      await inTransaction(this.dataSource, async (manager) => {
        const request = await manager.findOneByOrFail(ServiceRequestEntity, { id });
        await proposeGroupMerge(manager, this.notifier, request, this.config.approvers, this.clock.now());
      });
    }
    this.notifier.committed();
    return id;
  }

  private async recordCreation(
    manager: EntityManager,
    auth: AuthUser,
    requestId: number,
    values: NewRequest,
    now: Date,
  ): Promise<number> {
    // The token's name was taken at login, before binding may have given the user one.
    const actor = await manager.findOneByOrFail(User, { id: auth.userId });
    const department = values.departmentId ? await manager.findOneBy(Department, { id: values.departmentId }) : null;
    // Through the transaction's own connection: asking the pool here could starve it under load.
    const category = (await manager.findOneBy(Category, { id: values.categoryId }))?.name ?? '';
    const channel = values.source === 'mini_program' ? '' : `（代客登记）`;
    const inserted = await manager.insert(RequestEvent, {
      requestId,
      actorUserId: auth.userId,
      actorRole: auth.role,
      actorName: actor.name || values.contactName,
      action: 'create',
      fromStatus: null,
      toStatus: INITIAL_STATUS,
      note: department
        ? `提交${KIND_LABELS[values.kind]}${channel}（${category}），已转${department.name}`
        : `提交${KIND_LABELS[values.kind]}${channel}（${category}），待客服分派`,
      data: null,
      internal: false,
      createdAt: now,
    });
    return inserted.identifiers[0].id as number;
  }
}
