import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { HouseBindingInput, HouseBindingView, NamedRef, Page, Pagination, RoomView } from '@linli/shared';
import { In, Repository, type DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { NotifierService } from '../notifications/notifier.service';
import { WechatClient } from '../wechat/wechat.client';
import { Project } from '../organization/project.entity';
import { Building } from './building.entity';
import { HouseBinding } from './house-binding.entity';
import { ROOM_RELATIONS, roomLabel, toHouseBindingView } from './house-binding.view';
import { OwnerRegisterEntry } from './owner-register.entity';
import { Room } from './room.entity';
import { Unit } from './unit.entity';

const ROOM_LABEL_RELATIONS = ROOM_RELATIONS.room;

/** A claim asked for again stays as it is when bound, or when pending and no phone code could settle it. */
function settled(binding: HouseBinding, input: { phoneCode?: string }): boolean {
  return binding.status === 'bound' || (binding.status === 'pending' && !input.phoneCode);
}

export interface BoundHouse {
  id: number;
  roomId: number;
  projectId: number;
}

@Injectable()
export class HousesService {
  constructor(
    @InjectRepository(Project) private readonly projects: Repository<Project>,
    @InjectRepository(Building) private readonly buildings: Repository<Building>,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @InjectRepository(HouseBinding) private readonly bindings: Repository<HouseBinding>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly wechat: WechatClient,
    private readonly notifier: NotifierService,
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
   * Binds at once only when WeChat verified the claimant's phone (`phoneCode`), that phone and
   * the name match the owner register for the room, and nobody holds the room yet. Every other
   * claim waits for a receptionist, with the same answer whether or not the pair was in the
   * register, so the answer tells an impostor nothing; the residents who hold the room are told.
   * Asking again re-evaluates a rejected claim, and a pending one when a phone code comes along;
   * otherwise an open claim is returned unchanged.
   */
  async bind(auth: AuthUser, input: HouseBindingInput): Promise<HouseBindingView> {
    const room = await this.rooms.findOne({ where: { id: input.roomId }, relations: ROOM_LABEL_RELATIONS });
    if (!room) throw AppError.notFound('房间');
    const existing = await this.bindings.findOneBy({ userId: auth.userId, roomId: room.id });
    if (existing && settled(existing, input)) return this.view(existing.id);

    const verifiedPhone = input.phoneCode ? await this.verifiedPhone(input.phoneCode) : null;
    const now = this.clock.now();
    await this.remember(auth.userId, input, verifiedPhone, now);

    const id = await inTransaction(this.dataSource, async (manager) => {
      // Claims to one room queue here, so two cannot both find it free and both bind at once.
      await manager
        .createQueryBuilder(Room, 'room')
        .setLock('pessimistic_write')
        .where('room.id = :id', { id: room.id })
        .getOne();
      const mine = await manager.findOneBy(HouseBinding, { userId: auth.userId, roomId: room.id });
      if (mine && settled(mine, { phoneCode: verifiedPhone ?? undefined })) return mine.id;

      const holders = await manager.find(HouseBinding, {
        select: { userId: true },
        where: { roomId: room.id, status: 'bound' },
      });
      const ownerUserIds = holders.map((holder) => holder.userId).filter((userId) => userId !== auth.userId);
      const matched =
        verifiedPhone !== null &&
        ownerUserIds.length === 0 &&
        (await manager.existsBy(OwnerRegisterEntry, { roomId: room.id, phone: verifiedPhone, name: input.name }));
      const fields = {
        name: input.name,
        // A verified phone is the one the binding is known by (the desk's intake finds it by phone).
        phone: verifiedPhone ?? input.phone,
        status: matched ? ('bound' as const) : ('pending' as const),
        reviewedByUserId: null,
        reviewedAt: matched ? now : null,
        rejectReason: null,
      };
      let bindingId: number;
      if (mine) {
        await manager.update(HouseBinding, { id: mine.id }, fields);
        bindingId = mine.id;
      } else {
        const inserted = await manager.insert(HouseBinding, { userId: auth.userId, roomId: room.id, ...fields });
        bindingId = inserted.identifiers[0].id as number;
      }
      // A new claim (or one made again after a refusal) is news to whoever holds the room;
      // a phone code added to an open claim is not.
      const newClaim = !mine || mine.status === 'rejected';
      if (!matched && newClaim && ownerUserIds.length > 0) {
        await this.notifier.recordBindingClaim(manager, { roomLabel: roomLabel(room), ownerUserIds, now });
      }
      return bindingId;
    });
    return this.view(id);
  }

  /** The mainland number WeChat verified; others cannot match the register, so they verify nothing here. */
  private async verifiedPhone(phoneCode: string): Promise<string | null> {
    const phone = await this.wechat.phoneNumber(phoneCode);
    return phone.countryCode === '86' ? phone.purePhoneNumber : null;
  }

  /**
   * A first-time resident is known only by openid; the name and phone they bind with become
   * theirs. A phone WeChat verified replaces whatever was typed before.
   */
  private async remember(userId: number, input: HouseBindingInput, verifiedPhone: string | null, now: Date) {
    await this.dataSource.query("UPDATE `user` SET name = ?, phone = ? WHERE id = ? AND name = ''", [
      input.name,
      verifiedPhone ?? input.phone,
      userId,
    ]);
    if (verifiedPhone) {
      await this.dataSource.query('UPDATE `user` SET phone = ?, phone_verified_at = ? WHERE id = ?', [
        verifiedPhone,
        now,
        userId,
      ]);
    }
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
  /**
   * The caller's bound house a request is filed for, with what the request needs of its room, in
   * one statement (issue 11: a create reads the binding once, not through the ORM's paging wrapper).
   */
  async requireBoundHouse(auth: AuthUser, bindingId: number): Promise<BoundHouse> {
    const [row] = (await this.dataSource.query(
      `SELECT b.id, b.status, b.room_id AS roomId, r.project_id AS projectId
         FROM house_binding b JOIN room r ON r.id = b.room_id
        WHERE b.id = ? AND b.user_id = ?`,
      [bindingId, auth.userId],
    )) as Array<{ id: number; status: HouseBinding['status']; roomId: number; projectId: number }>;
    if (!row) throw AppError.notFound('房屋');
    if (row.status !== 'bound') {
      throw AppError.validation([
        {
          field: 'houseBindingId',
          message: row.status === 'pending' ? '该房屋尚在审核中，审核通过后才能提交' : '该房屋绑定未通过审核',
        },
      ]);
    }
    return { id: Number(row.id), roomId: Number(row.roomId), projectId: Number(row.projectId) };
  }

  private async view(id: number): Promise<HouseBindingView> {
    return toHouseBindingView(await this.bindings.findOneOrFail({ where: { id }, relations: ROOM_RELATIONS }));
  }
}
