import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  bindingMismatches,
  maskName,
  maskPhone,
  matchesRegister,
  type CorrectBindingInput,
  type HouseBindingInput,
  type HouseBindingReviewView,
  type HouseBindingView,
  type NamedRef,
  type Page,
  type Pagination,
  type RoomView,
} from '@linli/shared';
import { In, IsNull, Not, Repository, type DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { NotifierService } from '../notifications/notifier.service';
import { WechatClient } from '../wechat/wechat.client';
import { Project } from '../organization/project.entity';
import { Building } from './building.entity';
import { HouseBindingEvent } from './house-binding-event.entity';
import { HouseBinding } from './house-binding.entity';
import { ROOM_RELATIONS, roomLabel, toHouseBindingView } from './house-binding.view';
import { OwnerRegisterEntry } from './owner-register.entity';
import { Room } from './room.entity';
import { Unit } from './unit.entity';
import { User } from '../users/user.entity';

const ROOM_LABEL_RELATIONS = ROOM_RELATIONS.room;

interface ClaimInput {
  name: string;
  phone: string;
  phoneCode?: string;
}

/**
 * A claim asked for again stays as it is when bound, or when pending with the same name and
 * phone and nothing new that could settle it (a double tap): `verifying` is a phone code, or a
 * phone the account has verified since. A pending claim with other words is a correction (修改),
 * and a refused or withdrawn one is claimed anew.
 */
function unchanged(binding: HouseBinding, input: ClaimInput, verifying: boolean): boolean {
  if (binding.status === 'bound') return true;
  return binding.status === 'pending' && !verifying && binding.name === input.name && binding.phone === input.phone;
}

/** Whether asking again brings something that may settle a pending claim: a code, or a phone verified since. */
function verifying(binding: HouseBinding, input: ClaimInput, stored: string | null): boolean {
  return Boolean(input.phoneCode) || (stored !== null && !binding.phoneVerified);
}

/** Why a decision or a withdrawal came too late: the claim is no longer pending. */
function notPending(status: HouseBinding['status'], by: 'reviewer' | 'resident'): AppError {
  if (by === 'resident') {
    if (status === 'bound') return new AppError('CONFLICT', '该房屋已审核通过，不能撤回');
    if (status === 'rejected') return new AppError('CONFLICT', '该申请已被驳回，无需撤回');
  }
  if (status === 'withdrawn') return new AppError('CONFLICT', '业主已撤回该申请');
  return new AppError('CONFLICT', '该绑定申请已被处理，请刷新后查看');
}

/** Why a claim that is not bound cannot file a request. */
const REFUSED_FILING: Record<Exclude<HouseBinding['status'], 'bound'>, string> = {
  pending: '该房屋尚在审核中，审核通过后才能提交',
  rejected: '该房屋绑定未通过审核',
  withdrawn: '该房屋绑定申请已撤回，请重新绑定',
};

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

  /** Archived projects are no longer offered to residents (their bindings and requests stay). */
  async listProjects(): Promise<NamedRef[]> {
    const rows = await this.projects.find({ where: { archivedAt: IsNull() }, order: { id: 'ASC' } });
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
   * Asking again re-evaluates a rejected or withdrawn claim, and corrects a pending one that
   * comes with a phone code or other words; a double tap returns the claim unchanged.
   */
  async bind(auth: AuthUser, input: HouseBindingInput): Promise<HouseBindingView> {
    const room = await this.rooms.findOne({ where: { id: input.roomId }, relations: ROOM_LABEL_RELATIONS });
    if (!room) throw AppError.notFound('房间');
    if (room.project?.archivedAt)
      throw AppError.validation([{ field: 'roomId', message: '该项目已归档，不能绑定房屋' }]);
    const existing = await this.bindings.findOneBy({ userId: auth.userId, roomId: room.id });
    const stored = input.phoneCode ? null : await this.storedVerifiedPhone(auth.userId, input.phone);
    if (existing && unchanged(existing, input, verifying(existing, input, stored))) return this.view(existing.id);
    return this.view(await this.claim(auth, room, input, false, stored));
  }

  /**
   * 修改: the resident's own pending (or refused) claim with a new name or phone, on the same
   * room. The same rules as a claim: with a phone code that now matches the register it binds
   * at once, in place of the pending one; otherwise it waits, showing the reviewer the new words.
   */
  async correct(auth: AuthUser, id: number, input: CorrectBindingInput): Promise<HouseBindingView> {
    const binding = await this.bindings.findOne({
      where: { id, userId: auth.userId },
      relations: { room: ROOM_LABEL_RELATIONS },
    });
    if (!binding) throw AppError.notFound('绑定申请');
    if (binding.status === 'bound') throw new AppError('CONFLICT', '该房屋已绑定，无需修改');
    if (binding.status === 'withdrawn') throw new AppError('CONFLICT', '该申请已撤回，请重新申请绑定');
    const stored = input.phoneCode ? null : await this.storedVerifiedPhone(auth.userId, input.phone);
    if (unchanged(binding, input, verifying(binding, input, stored))) return this.view(binding.id);
    return this.view(await this.claim(auth, binding.room!, input, true, stored));
  }

  /**
   * Settles a claim to `room` (new, again, or corrected) under the room's lock; the binding's id.
   * `stored` is the account's verified phone when the claim names it (微信手机号快捷填写 earlier).
   */
  private async claim(
    auth: AuthUser,
    room: Room,
    input: ClaimInput,
    correcting: boolean,
    stored: string | null,
  ): Promise<number> {
    const fresh = input.phoneCode ? await this.verifiedPhone(input.phoneCode) : null;
    const verifiedPhone = fresh ?? stored;
    const now = this.clock.now();
    await this.remember(auth.userId, input, fresh, now);
    // A verified phone is the one the binding is known by (the desk's intake finds it by phone).
    const phone = verifiedPhone ?? input.phone;

    const id = await inTransaction(this.dataSource, async (manager) => {
      // Claims to one room queue here, so two cannot both find it free and both bind at once.
      await manager
        .createQueryBuilder(Room, 'room')
        .setLock('pessimistic_write')
        .where('room.id = :id', { id: room.id })
        .getOne();
      const mine = await manager.findOneBy(HouseBinding, { userId: auth.userId, roomId: room.id });
      if (
        mine &&
        unchanged(mine, { name: input.name, phone }, fresh !== null || (stored !== null && !mine.phoneVerified))
      )
        return mine.id;
      // Withdrawn meanwhile (a bound one was returned just above, as decided).
      if (mine && correcting && mine.status === 'withdrawn') {
        throw new AppError('CONFLICT', '该申请已撤回，请重新申请绑定');
      }

      const holders = await manager.find(HouseBinding, {
        select: { userId: true },
        where: { roomId: room.id, status: 'bound' },
      });
      const ownerUserIds = holders.map((holder) => holder.userId).filter((userId) => userId !== auth.userId);
      const register = await manager.find(OwnerRegisterEntry, {
        select: { name: true, phone: true },
        where: { roomId: room.id },
      });
      const phoneVerified = verifiedPhone !== null;
      const matched =
        ownerUserIds.length === 0 && matchesRegister({ name: input.name, phone, phoneVerified }, register);
      const status = matched ? ('bound' as const) : ('pending' as const);
      const fields = {
        name: input.name,
        phone,
        phoneVerified,
        status,
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
      await manager.insert(HouseBindingEvent, {
        bindingId,
        actorUserId: auth.userId,
        action: mine?.status === 'pending' ? 'correct' : 'submit',
        status,
        name: input.name,
        phone,
        phoneVerified,
        note: null,
        createdAt: now,
      });
      // A new claim (or one made again after a refusal or a withdrawal) is news to whoever holds
      // the room; a correction of an open claim is not.
      const newClaim = !mine || mine.status === 'rejected' || mine.status === 'withdrawn';
      if (!matched && newClaim && ownerUserIds.length > 0) {
        await this.notifier.recordBindingClaim(manager, { roomLabel: roomLabel(room), ownerUserIds, now });
      }
      return bindingId;
    });
    return id;
  }

  /**
   * 撤回: the resident takes back a claim still waiting for review. The row stays (status
   * withdrawn, the step in the claim's history) but is no longer listed as theirs or for review;
   * claiming the room again starts over. Withdrawing twice answers the withdrawn claim.
   */
  async withdraw(auth: AuthUser, id: number): Promise<HouseBindingView> {
    const binding = await this.bindings.findOneBy({ id, userId: auth.userId });
    if (!binding) throw AppError.notFound('绑定申请');
    if (binding.status === 'withdrawn') return this.view(id);
    if (binding.status !== 'pending') throw notPending(binding.status, 'resident');
    const now = this.clock.now();
    await inTransaction(this.dataSource, async (manager) => {
      // Conditional on still pending: a reviewer deciding at the same moment wins or loses whole.
      const result = await manager.update(HouseBinding, { id, status: 'pending' }, { status: 'withdrawn' });
      const current = await manager.findOneByOrFail(HouseBinding, { id });
      if (!result.affected) throw notPending(current.status, 'resident');
      await manager.insert(HouseBindingEvent, {
        bindingId: id,
        actorUserId: auth.userId,
        action: 'withdraw',
        status: 'withdrawn',
        name: current.name,
        phone: current.phone,
        phoneVerified: current.phoneVerified,
        note: null,
        createdAt: now,
      });
    });
    return this.view(id);
  }

  /** The mainland number WeChat verified; others cannot match the register, so they verify nothing here. */
  private async verifiedPhone(phoneCode: string): Promise<string | null> {
    const phone = await this.wechat.phoneNumber(phoneCode);
    return phone.countryCode === '86' ? phone.purePhoneNumber : null;
  }

  /**
   * The account's phone when WeChat verified it (a binding's code, or 微信手机号快捷填写 on 我的)
   * and the claim names that very number; a claim with another number is only typed in.
   */
  private async storedVerifiedPhone(userId: number, phone: string): Promise<string | null> {
    const user = await this.dataSource.manager.findOne(User, {
      select: { id: true, phone: true, phoneVerifiedAt: true },
      where: { id: userId },
    });
    return user?.phone === phone && user.phoneVerifiedAt !== null ? phone : null;
  }

  /**
   * A first-time resident is known only by openid; the name and phone they bind with become
   * theirs (a typed number replacing a verified one is no longer verified: the check comes
   * first, while `phone` is still the old one). A phone WeChat verified just now replaces
   * whatever was typed before.
   */
  private async remember(userId: number, input: ClaimInput, fresh: string | null, now: Date) {
    const phone = fresh ?? input.phone;
    await this.dataSource.query(
      'UPDATE `user` SET phone_verified_at = IF(phone <=> ?, phone_verified_at, NULL), name = ?, phone = ? ' +
        "WHERE id = ? AND name = ''",
      [phone, input.name, phone, userId],
    );
    if (fresh) {
      await this.dataSource.query('UPDATE `user` SET phone = ?, phone_verified_at = ? WHERE id = ?', [
        fresh,
        now,
        userId,
      ]);
    }
  }

  async listMine(auth: AuthUser): Promise<HouseBindingView[]> {
    if (auth.role !== 'resident') return [];
    const rows = await this.bindings.find({
      where: { userId: auth.userId, status: Not('withdrawn') },
      relations: ROOM_RELATIONS,
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return rows.map(toHouseBindingView);
  }

  /**
   * The reviewers' list: each claim with the room's register entries (masked) and what did not
   * match them, in two more statements for the whole page.
   */
  async listForReview(
    auth: AuthUser,
    status: HouseBinding['status'],
    page: Pagination,
  ): Promise<Page<HouseBindingReviewView>> {
    const scope = await this.access.projectScope(auth);
    if (!scope.all && scope.projectIds.length === 0) return { items: [], total: 0, ...page };
    const [rows, total] = await this.bindings.findAndCount({
      where: { status, ...(scope.all ? {} : { room: { projectId: In(scope.projectIds) } }) },
      relations: ROOM_RELATIONS,
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    });
    if (rows.length === 0) return { items: [], total, ...page };
    const roomIds = [...new Set(rows.map((row) => row.roomId))];
    const [register, bound] = await Promise.all([
      this.dataSource.manager.find(OwnerRegisterEntry, { where: { roomId: In(roomIds) }, order: { id: 'ASC' } }),
      this.bindings.find({ select: { roomId: true, userId: true }, where: { roomId: In(roomIds), status: 'bound' } }),
    ]);
    const items = rows.map((row): HouseBindingReviewView => {
      const entries = register.filter((entry) => entry.roomId === row.roomId);
      return {
        ...toHouseBindingView(row),
        revision: row.updatedAt.toISOString(),
        phoneVerified: row.phoneVerified,
        register: entries.map((entry) => ({
          name: maskName(entry.name),
          phone: maskPhone(entry.phone),
          relation: entry.relation,
        })),
        mismatches: bindingMismatches(row, entries),
        holders: bound.filter((holder) => holder.roomId === row.roomId && holder.userId !== row.userId).length,
      };
    });
    return { items, total, ...page };
  }

  /**
   * Approves or refuses a pending claim, records the step, and tells the resident (消息, and a
   * subscribe message when allowed), all in one transaction.
   */
  async review(
    auth: AuthUser,
    id: number,
    decision: ({ approve: true } | { approve: false; reason: string }) & { revision?: string },
  ) {
    const binding = await this.bindings.findOne({ where: { id }, relations: ROOM_RELATIONS });
    if (!binding) throw AppError.notFound('绑定申请');
    await this.access.requireProject(auth, binding.room!.projectId, '绑定申请');
    const now = this.clock.now();
    const reason = decision.approve ? null : decision.reason;
    await inTransaction(this.dataSource, async (manager) => {
      // Conditional on still pending, so two receptionists deciding at once cannot both win, and
      // on the revision the reviewer read, so a claim corrected meanwhile is not decided unseen.
      const result = await manager.update(
        HouseBinding,
        { id, status: 'pending', ...(decision.revision ? { updatedAt: new Date(decision.revision) } : {}) },
        {
          status: decision.approve ? 'bound' : 'rejected',
          reviewedByUserId: auth.userId,
          reviewedAt: now,
          rejectReason: reason,
        },
      );
      // The claim as decided: the resident may have corrected it since the list was read.
      const decided = await manager.findOneByOrFail(HouseBinding, { id });
      if (!result.affected && decided.status === 'pending') {
        throw new AppError('CONFLICT', '业主刚刚修改了这份申请，请查看修改后的姓名和电话再审核');
      }
      if (!result.affected) throw notPending(decided.status, 'reviewer');
      await manager.insert(HouseBindingEvent, {
        bindingId: id,
        actorUserId: auth.userId,
        action: decision.approve ? 'approve' : 'reject',
        status: decided.status,
        name: decided.name,
        phone: decided.phone,
        phoneVerified: decided.phoneVerified,
        note: reason,
        createdAt: now,
      });
      await this.notifier.recordBindingResult(manager, {
        userId: decided.userId,
        bindingId: id,
        roomLabel: roomLabel(binding.room!),
        approved: decision.approve,
        reason,
        now,
      });
    });
    this.notifier.committed();
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
          message: REFUSED_FILING[row.status as Exclude<HouseBinding['status'], 'bound'>],
        },
      ]);
    }
    return { id: Number(row.id), roomId: Number(row.roomId), projectId: Number(row.projectId) };
  }

  private async view(id: number): Promise<HouseBindingView> {
    return toHouseBindingView(await this.bindings.findOneOrFail({ where: { id }, relations: ROOM_RELATIONS }));
  }
}
