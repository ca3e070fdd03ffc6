import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { HouseBindingInput, HouseBindingView, NamedRef, Page, Pagination, RoomView } from '@linli/shared';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { AccessService } from '../access/access.service';
import { Project } from '../organization/project.entity';
import { Building } from './building.entity';
import { HouseBinding } from './house-binding.entity';
import { ROOM_RELATIONS, toHouseBindingView } from './house-binding.view';
import { OwnerRegisterEntry } from './owner-register.entity';
import { Room } from './room.entity';
import { Unit } from './unit.entity';

@Injectable()
export class HousesService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    @InjectRepository(Building) private readonly buildings: Repository<Building>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(OwnerRegisterEntry) private readonly register: Repository<OwnerRegisterEntry>,
    @InjectRepository(HouseBinding) private readonly bindings: Repository<HouseBinding>,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async listProjects(): Promise<NamedRef[]> {
    const rows = await this.projects.find({ order: { id: 'ASC' } });
    return rows.map(({ id, name }) => ({ id, name }));
  }

  async listBuildings(projectId: number): Promise<NamedRef[]> {
    if (!(await this.projects.existsBy({ id: projectId }))) throw AppError.notFound('项目');
    const rows = await this.buildings.find({ where: { projectId }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map(({ id, name }) => ({ id, name }));
  }

  async listUnits(buildingId: number): Promise<NamedRef[]> {
    if (!(await this.buildings.existsBy({ id: buildingId }))) throw AppError.notFound('楼栋');
    const rows = await this.units.find({ where: { buildingId }, order: { sort: 'ASC', id: 'ASC' } });
    return rows.map(({ id, name }) => ({ id, name }));
  }

  async listRooms(unitId: number): Promise<RoomView[]> {
    if (!(await this.units.existsBy({ id: unitId }))) throw AppError.notFound('单元');
    const rows = await this.rooms.find({ where: { unitId }, order: { floor: 'ASC', name: 'ASC' } });
    return rows.map(({ id, name, floor }) => ({ id, name, floor }));
  }

  /**
   * Binds at once when name and phone match the owner register for that room; otherwise the
   * binding waits for a receptionist. Asking again for the same room re-evaluates a rejected
   * request and returns an open one unchanged.
   */
  async bind(auth: AuthUser, input: HouseBindingInput): Promise<HouseBindingView> {
    const room = await this.rooms.findOneBy({ id: input.roomId });
    if (!room) throw AppError.notFound('房间');
    const existing = await this.bindings.findOneBy({ userId: auth.userId, roomId: room.id });
    if (existing && existing.status !== 'rejected') return this.view(existing.id);

    const matched = await this.register.existsBy({ roomId: room.id, phone: input.phone, name: input.name });
    // A first-time resident is known only by openid; the name and phone they bind with become theirs.
    await this.bindings.manager.query("UPDATE `user` SET name = ?, phone = ? WHERE id = ? AND name = ''", [
      input.name,
      input.phone,
      auth.userId,
    ]);
    const fields = {
      name: input.name,
      phone: input.phone,
      status: matched ? ('bound' as const) : ('pending' as const),
      reviewedByUserId: null,
      reviewedAt: matched ? this.clock.now() : null,
      rejectReason: null,
    };
    if (existing) {
      await this.bindings.update({ id: existing.id }, fields);
      return this.view(existing.id);
    }
    await this.bindings
      .createQueryBuilder()
      .insert()
      .values({ userId: auth.userId, roomId: room.id, ...fields })
      .orIgnore()
      // A twin request may have inserted the row first; then we return that one.
      .updateEntity(false)
      .execute();
    const id = (await this.bindings.findOneByOrFail({ userId: auth.userId, roomId: room.id })).id;
    return this.view(id);
  }

  async listMine(auth: AuthUser): Promise<HouseBindingView[]> {
    if (auth.role !== 'resident') return [];
    const rows = await this.bindings.find({
      where: { userId: auth.userId },
      relations: ROOM_RELATIONS,
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return rows.map(toHouseBindingView);
  }

  async listForReview(
    auth: AuthUser,
    status: HouseBinding['status'],
    page: Pagination,
  ): Promise<Page<HouseBindingView>> {
    const scope = await this.access.projectScope(auth);
    if (!scope.all && scope.projectIds.length === 0) return { items: [], total: 0, ...page };
    const [rows, total] = await this.bindings.findAndCount({
      where: { status, ...(scope.all ? {} : { room: { projectId: In(scope.projectIds) } }) },
      relations: ROOM_RELATIONS,
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    return { items: rows.map(toHouseBindingView), total, ...page };
  }

  async review(auth: AuthUser, id: number, decision: { approve: true } | { approve: false; reason: string }) {
    const binding = await this.bindings.findOne({ where: { id }, relations: { room: true } });
    if (!binding) throw AppError.notFound('绑定申请');
    await this.access.requireProject(auth, binding.room!.projectId, '绑定申请');
    // Conditional on still pending, so two receptionists deciding at once cannot both win.
    const result = await this.bindings.update(
      { id, status: 'pending' },
      {
        status: decision.approve ? 'bound' : 'rejected',
        reviewedByUserId: auth.userId,
        reviewedAt: this.clock.now(),
        rejectReason: decision.approve ? null : decision.reason,
      },
    );
    if (!result.affected) throw new AppError('CONFLICT', '该绑定申请已被处理，请刷新后查看');
    return this.view(id);
  }

  /** A bound house of this resident, or a clear refusal; used when filing a request. */
  async requireBoundHouse(auth: AuthUser, bindingId: number): Promise<HouseBinding & { room: Room }> {
    const binding = await this.bindings.findOne({
      where: { id: bindingId, userId: auth.userId },
      relations: ROOM_RELATIONS,
    });
    if (!binding) throw AppError.notFound('房屋');
    if (binding.status !== 'bound') {
      throw AppError.validation([
        {
          field: 'houseBindingId',
          message: binding.status === 'pending' ? '该房屋尚在审核中，审核通过后才能提交' : '该房屋绑定未通过审核',
        },
      ]);
    }
    return binding as HouseBinding & { room: Room };
  }

  private async view(id: number): Promise<HouseBindingView> {
    return toHouseBindingView(await this.bindings.findOneOrFail({ where: { id }, relations: ROOM_RELATIONS }));
  }
}
