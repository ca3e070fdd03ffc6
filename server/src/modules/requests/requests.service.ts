import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  availableActions,
  INITIAL_STATUS,
  KIND_LABELS,
  maskPhone,
  type ComplaintForm,
  type Page,
  type Pagination,
  type RequestDetail,
  type RequestSummary,
} from '@linli/shared';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { CategoriesService } from '../categories/categories.service';
import { HousesService } from '../houses/houses.service';
import { Department } from '../organization/department.entity';
import { User } from '../users/user.entity';
import { RequestEvent } from './request-event.entity';
import { ServiceRequest } from './request.entity';
import { RequestNumberAllocator } from './request-number.allocator';
import { REQUEST_DETAIL_RELATIONS, toRequestDetail, toRequestSummary } from './request.view';

@Injectable()
export class RequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(ServiceRequest) private readonly requests: Repository<ServiceRequest>,
    @InjectRepository(RequestEvent) private readonly events: Repository<RequestEvent>,
    private readonly numbers: RequestNumberAllocator,
    private readonly houses: HousesService,
    private readonly categories: CategoriesService,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  /** A resident files a complaint from the mini-app: numbered, routed to its category's department, on the timeline. */
  async fileComplaint(auth: AuthUser, form: ComplaintForm): Promise<RequestDetail> {
    const house = await this.houses.requireBoundHouse(auth, form.houseBindingId);
    const { category, departmentId } = await this.categories.requireLeafForFiling(form.categoryId, form.kind);
    const id = await inTransaction(this.dataSource, async (manager) => {
      const now = this.clock.now();
      const number = await this.numbers.next(manager, form.kind, now);
      const department = departmentId ? await manager.findOneBy(Department, { id: departmentId }) : null;
      const inserted = await manager.insert(ServiceRequest, {
        number,
        kind: form.kind,
        status: INITIAL_STATUS,
        grade: category.defaultGrade,
        valid: null,
        source: 'mini_program',
        projectId: house.room.projectId,
        roomId: house.roomId,
        houseBindingId: house.id,
        residentUserId: auth.userId,
        contactName: form.contactName,
        contactPhone: form.contactPhone,
        categoryId: category.id,
        content: form.content,
        occurredAt: form.occurredAt ? new Date(form.occurredAt) : null,
        occurredPlace: form.occurredPlace,
        demand: form.demand,
        departmentId: department?.id ?? null,
        createdByUserId: auth.userId,
        createdAt: now,
        updatedAt: now,
      });
      const requestId = inserted.identifiers[0].id as number;
      // The token's name was taken at login, before binding may have given the user one.
      const actor = await manager.findOneByOrFail(User, { id: auth.userId });
      await manager.insert(RequestEvent, {
        requestId,
        actorUserId: auth.userId,
        actorRole: auth.role,
        actorName: actor.name || form.contactName,
        action: 'create',
        fromStatus: null,
        toStatus: INITIAL_STATUS,
        note: department
          ? `提交${KIND_LABELS[form.kind]}（${category.name}），已转${department.name}`
          : `提交${KIND_LABELS[form.kind]}（${category.name}），待客服分派`,
        internal: false,
        createdAt: now,
      });
      return requestId;
    });
    return this.detail(auth, id);
  }

  async listMine(auth: AuthUser, page: Pagination): Promise<Page<RequestSummary>> {
    const [rows, total] = await this.requests.findAndCount({
      where: { residentUserId: auth.userId },
      relations: { category: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map(toRequestSummary), total, ...page };
  }

  async detail(auth: AuthUser, id: number): Promise<RequestDetail> {
    const request = await this.access.requireRequestView(
      auth,
      await this.requests.findOne({ where: { id }, relations: REQUEST_DETAIL_RELATIONS }),
    );
    const events = await this.events.find({
      where: { requestId: id, ...(auth.role === 'resident' ? { internal: false } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const own = auth.role === 'resident' && request.residentUserId === auth.userId;
    const handling = auth.role !== 'resident' && auth.role !== 'staff';
    return toRequestDetail(request, events, {
      actions: own || auth.role !== 'resident' ? availableActions(request.status, auth.role) : [],
      // Phone numbers only for the resident and the people handling the request (seed 004).
      contactPhone:
        own || handling || request.assigneeUserId === auth.userId
          ? request.contactPhone
          : maskPhone(request.contactPhone),
    });
  }
}
