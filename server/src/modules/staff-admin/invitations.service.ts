import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ROLE_LABELS,
  STAFF_SIDE_ROLES,
  type AuthTokens,
  type CreatedInvitation,
  type InvitationPreview,
  type InvitationStatus,
  type InvitationValues,
  type InvitationView,
  type Page,
  type Pagination,
} from '@linli/shared';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { AccessService } from '../access/access.service';
import { AdminAudit } from '../admin-audit/admin-audit.service';
import { TokenService } from '../auth/token.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { User } from '../users/user.entity';
import { WechatClient } from '../wechat/wechat.client';
import { StaffInvitation } from './staff-invitation.entity';
import { lockMember, requireOrganisation, snapshotOf, writeRights } from './staff-records';
import { requireGrant } from './staff-rules';

/** The page an invitation opens: in the main package, so it opens before login and without a subpackage. */
export const INVITE_PAGE = 'pages/invite/index';
/** 15 random bytes: 120 bits, 20 base64url characters — within the 32 a mini-program code's scene holds. */
const CODE_BYTES = 15;

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');
const gone = () => AppError.notFound('邀请');

interface InvitationRow {
  id: number;
  role: InvitationView['role'];
  departmentId: number | null;
  departmentName: string | null;
  projectIds: unknown;
  name: string | null;
  title: string | null;
  invitedByUserId: number | null;
  inviterName: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  usedByUserId: number | null;
  usedByName: string | null;
  createdAt: Date;
}

const INVITATION_SELECT = `SELECT i.id, i.role, i.department_id AS departmentId, d.name AS departmentName,
       i.project_ids AS projectIds, i.name, i.title, i.invited_by_user_id AS invitedByUserId,
       inviter.name AS inviterName, i.expires_at AS expiresAt,
       i.used_at AS usedAt, i.used_by_user_id AS usedByUserId, used.name AS usedByName, i.created_at AS createdAt
  FROM staff_invitation i
  LEFT JOIN \`user\` inviter ON inviter.id = i.invited_by_user_id
  LEFT JOIN \`user\` used ON used.id = i.used_by_user_id
  LEFT JOIN department d ON d.id = i.department_id`;

/**
 * Staff invitations: a one-time code naming a role, a department and projects; whoever accepts
 * it while logged in with WeChat becomes staff with exactly those rights.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AdminAudit,
    private readonly reference: ReferenceDataService,
    private readonly tokens: TokenService,
    private readonly wechat: WechatClient,
    private readonly clock: Clock,
  ) {}

  async create(auth: AuthUser, input: InvitationValues): Promise<CreatedInvitation> {
    const profile = await this.access.profile(auth);
    requireGrant(profile, input.role, input.projectIds);
    return this.insert(auth.userId, input);
  }

  /**
   * An invitation the system makes, with no inviter: how a new install gets its first 公司管理员
   * (`npm run invite-admin` on the server, where no one is logged in). The same record, expiry
   * and audit as an admin's; the audit's actor is null, the system's.
   */
  createBySystem(input: InvitationValues): Promise<CreatedInvitation> {
    return this.insert(null, input);
  }

  private async insert(invitedByUserId: number | null, input: InvitationValues): Promise<CreatedInvitation> {
    const code = randomBytes(CODE_BYTES).toString('base64url');
    const id = await this.dataSource.transaction(async (manager) => {
      await requireOrganisation(manager, input.departmentId, input.projectIds);
      const expiresAt = new Date(this.clock.now().getTime() + input.expiresInHours * 3_600_000);
      const values = {
        role: input.role,
        departmentId: input.departmentId,
        projectIds: [...input.projectIds].sort((a, b) => a - b),
        name: input.name,
        title: input.title,
        expiresAt,
      };
      const result = await manager.insert(StaffInvitation, {
        ...values,
        codeHash: hashOf(code),
        invitedByUserId,
        usedAt: null,
        usedByUserId: null,
      });
      const invitationId = Number(result.identifiers[0].id);
      await this.audit.record(manager, {
        actor: invitedByUserId,
        entity: 'invitation',
        entityId: invitationId,
        action: 'create',
        before: null,
        after: { ...values, expiresAt: expiresAt.toISOString() },
      });
      return invitationId;
    });
    const [row] = (await this.dataSource.query(`${INVITATION_SELECT} WHERE i.id = ?`, [id])) as InvitationRow[];
    return { invitation: await this.toView(row), code, path: `/${INVITE_PAGE}?code=${code}` };
  }

  /** Admins see every invitation; a manager those they sent. */
  async list(auth: AuthUser, page: Pagination): Promise<Page<InvitationView>> {
    const mine = auth.role === 'admin' ? '' : 'WHERE i.invited_by_user_id = ?';
    const params = auth.role === 'admin' ? [] : [auth.userId];
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`${INVITATION_SELECT} ${mine} ORDER BY i.id DESC LIMIT ? OFFSET ?`, [
        ...params,
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ]) as Promise<InvitationRow[]>,
      this.dataSource.query(`SELECT COUNT(*) AS total FROM staff_invitation i ${mine}`, params) as Promise<
        { total: number | string }[]
      >,
    ]);
    return {
      items: await Promise.all(rows.map((row) => this.toView(row))),
      total: Number(count.total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  /** What the invite page shows before 接受邀请: who invites, as what, where. */
  async preview(code: string): Promise<InvitationPreview> {
    const row = await this.byCode(code);
    const { role, departmentName, projects, name, title, invitedBy, expiresAt, status } = await this.toView(row);
    return { role, departmentName, projects, name, title, invitedBy, expiresAt, status };
  }

  /** The invitation's mini-program code (weapp shows it; h5 draws a QR of the link itself). */
  async wxacode(auth: AuthUser, code: string): Promise<Buffer> {
    const row = await this.byCode(code);
    // Only whoever may see the invitation asks WeChat for its code: an admin, or the manager who sent it.
    if (auth.role !== 'admin' && (row.invitedByUserId === null || Number(row.invitedByUserId) !== auth.userId)) {
      throw gone();
    }
    if (this.statusOf(row) !== 'pending') throw new AppError('CONFLICT', '该邀请已使用或已过期，请重新创建邀请');
    return this.wechat.wxaCodeUnlimit(code, INVITE_PAGE);
  }

  /** `name`: the person's own, used only when neither their account nor the invitation has one. */
  async accept(auth: AuthUser, code: string, name: string | null = null): Promise<AuthTokens> {
    const now = this.clock.now();
    await this.dataSource
      .transaction(async (manager) => {
        // The lock makes a code good for one acceptance even when two people tap at once.
        const invitation = await manager.findOne(StaffInvitation, {
          where: { codeHash: hashOf(code) },
          lock: { mode: 'pessimistic_write' },
        });
        if (!invitation) throw gone();
        if (invitation.usedAt)
          throw new AppError('CONFLICT', '该邀请已被使用，每个邀请只能使用一次，请向邀请人索取新的邀请');
        if (invitation.expiresAt <= now) throw new AppError('CONFLICT', '该邀请已过期，请向邀请人索取新的邀请');
        // The system's invitation (no inviter) stands on its own; a person's lapses with their account.
        if (invitation.invitedByUserId !== null) {
          const [inviter] = (await manager.query('SELECT active FROM `user` WHERE id = ?', [
            invitation.invitedByUserId,
          ])) as { active: number }[];
          if (!inviter || !Number(inviter.active)) throw new AppError('CONFLICT', '邀请人的账号已停用，该邀请已失效');
        }
        const member = await lockMember(manager, auth.userId);
        if (!member) throw gone();
        // Accepting would silently change an existing staff member's rights: that is 成员管理's job.
        if (STAFF_SIDE_ROLES.includes(member.role)) {
          throw new AppError('CONFLICT', '您的账号已是员工账号，权限调整请联系公司管理员');
        }
        // Staff are known by name on every timeline and dispatch sheet; WeChat gives none.
        const newName = member.view.name ? null : (invitation.name ?? name);
        if (!member.view.name && !newName) {
          throw AppError.validation([{ field: 'name', message: '请填写您的姓名' }]);
        }
        const before = snapshotOf(member);
        await writeRights(manager, member, {
          role: invitation.role,
          departmentId: invitation.departmentId,
          projectIds: invitation.projectIds,
          title: invitation.title ?? ROLE_LABELS[invitation.role],
        });
        // The resident's tokens carry the old role: retire them; the answer carries new ones.
        await manager.query(
          'UPDATE `user` SET token_version = token_version + 1, name = COALESCE(?, name) WHERE id = ?',
          [newName, auth.userId],
        );
        await manager.update(StaffInvitation, { id: invitation.id }, { usedAt: now, usedByUserId: auth.userId });
        const after = await lockMember(manager, auth.userId);
        await this.audit.record(manager, {
          actor: auth.userId,
          entity: 'staff',
          entityId: auth.userId,
          action: 'accept_invitation',
          before,
          after: { ...snapshotOf(after!), invitationId: invitation.id },
        });
        await this.audit.record(manager, {
          actor: auth.userId,
          entity: 'invitation',
          entityId: invitation.id,
          action: 'accept',
          before: { usedAt: null },
          after: { usedAt: now.toISOString(), usedByUserId: auth.userId },
        });
        await this.reference.changed(manager);
      })
      .finally(() => this.reference.invalidate());
    const user = await this.dataSource.manager.findOneByOrFail(User, { id: auth.userId });
    return this.tokens.issue(user);
  }

  private async byCode(code: string): Promise<InvitationRow> {
    const [row] = (await this.dataSource.query(`${INVITATION_SELECT} WHERE i.code_hash = ?`, [hashOf(code)])) as
      InvitationRow[] | [];
    if (!row) throw gone();
    return row;
  }

  private statusOf(row: InvitationRow): InvitationStatus {
    if (row.usedAt) return 'used';
    return new Date(row.expiresAt) <= this.clock.now() ? 'expired' : 'pending';
  }

  private async toView(row: InvitationRow): Promise<InvitationView> {
    const raw: unknown = typeof row.projectIds === 'string' ? JSON.parse(row.projectIds) : row.projectIds;
    const ids = ((raw as number[] | null) ?? []).map(Number);
    const projects = ids.length
      ? ((await this.dataSource.query('SELECT id, name FROM project WHERE id IN (?) ORDER BY id', [ids])) as {
          id: number;
          name: string;
        }[])
      : [];
    return {
      id: Number(row.id),
      role: row.role,
      departmentId: row.departmentId === null ? null : Number(row.departmentId),
      departmentName: row.departmentName,
      projects: projects.map((project) => ({ id: Number(project.id), name: project.name })),
      name: row.name,
      title: row.title,
      invitedBy:
        row.invitedByUserId === null ? null : { userId: Number(row.invitedByUserId), name: row.inviterName ?? '' },
      expiresAt: new Date(row.expiresAt).toISOString(),
      usedAt: row.usedAt ? new Date(row.usedAt).toISOString() : null,
      usedBy: row.usedByUserId === null ? null : { userId: Number(row.usedByUserId), name: row.usedByName ?? '' },
      status: this.statusOf(row),
      createdAt: new Date(row.createdAt).toISOString(),
    };
  }
}
