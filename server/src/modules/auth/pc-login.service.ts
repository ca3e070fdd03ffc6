import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PC_LOGIN_QR_PREFIX,
  PC_LOGIN_TICKET,
  ROLE_LABELS,
  STAFF_SIDE_ROLES,
  type PcLoginState,
  type PcLoginTicket,
  type SessionView,
} from '@linli/shared';
import { DataSource, IsNull, LessThan, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { User } from '../users/user.entity';
import { PcLogin } from './pc-login.entity';
import { TokenService } from './token.service';

/** Long enough to take out a phone and scan; short enough that a photographed QR is soon worthless. */
export const PC_LOGIN_TTL_MS = 2 * 60_000;
const STALE_AFTER_MS = 60 * 60_000;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');
const unknownTicket = () => new AppError('NOT_FOUND', '二维码无效，请在电脑上刷新二维码');
const expiredTicket = () => new AppError('CONFLICT', '二维码已过期，请在电脑上刷新二维码');

interface SessionRow {
  familyId: string;
  startedAt: Date | string;
  lastActiveAt: Date | string;
  userAgent: string | null;
  ip: string | null;
}

/**
 * Logging a PC in by QR: the PC asks for a ticket and polls it; a member of staff scans it with
 * the mini-program, sees which PC asked, and confirms; the PC's next poll receives a login of
 * its own (a refresh-token family like any other, expiring like any other). The tokens are made
 * at that poll, under the row's lock, so they exist exactly once and are never stored.
 */
@Injectable()
export class PcLoginService {
  constructor(
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async start(device: { userAgent: string; ip: string }): Promise<PcLoginTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + PC_LOGIN_TTL_MS);
    const rows = this.dataSource.getRepository(PcLogin);
    // Every open login page asks for a code every two minutes: codes that never logged a PC in
    // are worth nothing an hour on. The ones that did name their login and stay for 已登录的电脑.
    await rows.delete({ familyId: IsNull(), expiresAt: LessThan(new Date(now.getTime() - STALE_AFTER_MS)) });
    await rows.insert({
      ticketHash: hash(ticket),
      step: 'pending',
      userId: null,
      familyId: null,
      userAgent: device.userAgent.slice(0, 255),
      ip: device.ip.slice(0, 64),
      expiresAt,
      createdAt: now,
    });
    return { ticket, qrPayload: `${PC_LOGIN_QR_PREFIX}${ticket}`, expiresAt: expiresAt.toISOString() };
  }

  /** The PC's poll. The one poll that finds the ticket confirmed carries the tokens and ends it. */
  poll(ticket: string): Promise<PcLoginState> {
    return this.dataSource.transaction(async (manager) => {
      const login = await this.locked(manager, ticket);
      if (login.step === 'confirmed' && !this.isExpired(login)) {
        const user = await manager.findOneByOrFail(User, { id: login.userId! });
        if (!user.active) {
          // Switched off between the phone's confirmation and this poll: no login, and the PC
          // hears the ticket is over rather than an error it would poll again and again.
          await manager.update(PcLogin, { ticketHash: login.ticketHash }, { step: 'cancelled' });
          return this.view(manager, { ...login, step: 'cancelled' });
        }
        const { tokens, familyId } = await this.tokens.startLogin(manager, user);
        await manager.update(PcLogin, { ticketHash: login.ticketHash }, { step: 'delivered', familyId });
        return { ...(await this.view(manager, login)), tokens };
      }
      return this.view(manager, login);
    });
  }

  /** The phone opened the QR: the PC now shows who scanned; nobody else may take it over. */
  scan(auth: AuthUser, ticket: string): Promise<PcLoginState> {
    return this.onPhone(auth, ticket, ['pending', 'scanned'], 'scanned');
  }

  confirm(auth: AuthUser, ticket: string): Promise<PcLoginState> {
    return this.onPhone(auth, ticket, ['scanned'], 'confirmed');
  }

  cancel(auth: AuthUser, ticket: string): Promise<PcLoginState> {
    return this.onPhone(auth, ticket, ['pending', 'scanned'], 'cancelled');
  }

  /** My live logins: every refresh-token family with a token still good, the PCs named as such. */
  async sessions(userId: number, currentFamilyId: string): Promise<SessionView[]> {
    const rows = (await this.dataSource.query(
      `SELECT t.family_id AS familyId, MIN(t.created_at) AS startedAt, MAX(t.created_at) AS lastActiveAt,
              MAX(p.user_agent) AS userAgent, MAX(p.ip) AS ip
         FROM refresh_token t LEFT JOIN pc_login p ON p.family_id = t.family_id
        WHERE t.user_id = ?
        GROUP BY t.family_id
       HAVING SUM(t.revoked_at IS NULL AND t.expires_at > ?) > 0
        ORDER BY lastActiveAt DESC`,
      [userId, this.clock.now()],
    )) as SessionRow[];
    return rows.map((row) => ({
      id: row.familyId,
      device: row.userAgent === null ? 'app' : 'pc',
      userAgent: row.userAgent,
      ip: row.ip,
      startedAt: new Date(row.startedAt).toISOString(),
      lastActiveAt: new Date(row.lastActiveAt).toISOString(),
      current: row.familyId === currentFamilyId,
    }));
  }

  /** 退出 on one of my logins: its refresh tokens end, and its access token stops at once. */
  async endSession(userId: number, familyId: string): Promise<void> {
    const ended = await this.tokens.endSession(userId, familyId);
    if (!ended) throw new AppError('NOT_FOUND', '该登录不存在或已退出');
  }

  private async onPhone(
    auth: AuthUser,
    ticket: string,
    from: PcLogin['step'][],
    to: 'scanned' | 'confirmed' | 'cancelled',
  ): Promise<PcLoginState> {
    // Residents log in with WeChat only; a PC login is the desk's and the staff's.
    if (!STAFF_SIDE_ROLES.includes(auth.role)) {
      throw new AppError('FORBIDDEN', '电脑登录仅供物业工作人员使用，业主请直接在小程序中使用');
    }
    return this.dataSource.transaction(async (manager) => {
      const login = await this.locked(manager, ticket);
      if (login.userId !== null && login.userId !== auth.userId) {
        throw new AppError('CONFLICT', '该二维码已被其他人扫描');
      }
      if (login.step === 'cancelled') throw new AppError('CONFLICT', '该电脑登录已取消，请在电脑上刷新二维码');
      if (login.step === 'confirmed' || login.step === 'delivered') {
        throw new AppError('CONFLICT', '该二维码已确认登录，不能再次使用');
      }
      if (this.isExpired(login)) throw expiredTicket();
      if (!from.includes(login.step)) throw new AppError('CONFLICT', '请先扫描电脑上的二维码');
      login.step = to;
      login.userId = auth.userId;
      await manager.update(PcLogin, { ticketHash: login.ticketHash }, { step: to, userId: auth.userId });
      return this.view(manager, login);
    });
  }

  private async locked(manager: EntityManager, ticket: string): Promise<PcLogin> {
    // Anything not shaped like a ticket is simply not one: no lookup, the same 404.
    if (!PC_LOGIN_TICKET.test(ticket)) throw unknownTicket();
    const login = await manager.findOne(PcLogin, {
      where: { ticketHash: hash(ticket) },
      lock: { mode: 'pessimistic_write' },
    });
    if (!login) throw unknownTicket();
    return login;
  }

  private isExpired(login: PcLogin): boolean {
    return login.expiresAt <= this.clock.now();
  }

  private async view(manager: EntityManager, login: PcLogin): Promise<PcLoginState> {
    let status: PcLoginState['status'];
    if (login.step === 'cancelled') status = 'cancelled';
    // Delivered counts as expired to any later poll: the ticket logs in one PC, once.
    else if (login.step === 'delivered' || this.isExpired(login)) status = 'expired';
    else status = login.step;
    const scanner = login.userId === null ? null : await manager.findOneBy(User, { id: login.userId });
    return {
      status,
      expiresAt: login.expiresAt.toISOString(),
      scannedBy: scanner && status !== 'expired' ? { name: scanner.name, roleLabel: ROLE_LABELS[scanner.role] } : null,
      device: { userAgent: login.userAgent, ip: login.ip },
    };
  }
}
