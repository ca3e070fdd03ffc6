import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MANAGER_GRANTABLE_ROLES,
  type AdminChangeEntity,
  type AdminChangeQuery,
  type AdminChangeView,
  type Page,
} from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AccessService } from '../access/access.service';
import { AdminChange } from './admin-change.entity';

export interface AdminChangeRecord {
  /** The user who made the change; null for the system (a seed, the command line). */
  actor: number | null;
  entity: AdminChangeEntity;
  entityId: number | null;
  /** For a subject without a numeric id: a setting's key, a calendar's year. */
  entityKey?: string | null;
  /** The project the change concerns, if it concerns one: its managers see the change. */
  projectId?: number | null;
  /** What was done, e.g. create, update, deactivate, accept. */
  action: string;
  before: object | null;
  after: object | null;
}

interface ChangeRow {
  id: number;
  actorUserId: number | null;
  actorName: string | null;
  entity: string;
  entityId: number | null;
  entityKey: string | null;
  projectId: number | null;
  action: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * The one record of every change to the company's set-up: projects and rooms, departments and
 * 在岗/休息, categories and routes, settings, time limits and the calendar, register imports, staff
 * and invitations. `record` takes the caller's transaction manager: a change and its record
 * commit together or not at all, so the log never claims what did not happen nor misses what did.
 */
@Injectable()
export class AdminAudit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, change: AdminChangeRecord): Promise<void> {
    await manager.insert(AdminChange, {
      actorUserId: change.actor,
      entity: change.entity,
      entityId: change.entityId,
      entityKey: change.entityKey ?? null,
      projectId: change.projectId ?? null,
      action: change.action,
      before: change.before,
      after: change.after,
      createdAt: this.clock.now(),
    });
  }

  /**
   * Admins read everything. A manager reads what they answer for: the changes of their projects,
   * of the members they may manage (成员管理's rule: below a manager, serving one of their
   * projects — as those members are now) and of the invitations they sent.
   */
  async list(auth: AuthUser, query: AdminChangeQuery): Promise<Page<AdminChangeView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const profile = await this.access.profile(auth);
    if (profile.projectIds !== 'all') {
      const projects = profile.projectIds.length ? profile.projectIds : [0];
      where.push(`(c.project_id IN (?)
        OR (c.entity IN ('staff', 'duty') AND c.entity_id IN (
              SELECT u.id FROM \`user\` u
                JOIN staff_member m ON m.user_id = u.id
                JOIN staff_member_project mp ON mp.staff_member_id = m.id
               WHERE u.role IN (?) AND mp.project_id IN (?)))
        OR (c.entity = 'invitation' AND c.entity_id IN (
              SELECT i.id FROM staff_invitation i WHERE i.invited_by_user_id = ?)))`);
      params.push(projects, MANAGER_GRANTABLE_ROLES, projects, auth.userId);
    }
    if (query.entity) {
      where.push('c.entity = ?');
      params.push(query.entity);
    }
    if (query.entityId) {
      where.push('c.entity_id = ?');
      params.push(query.entityId);
    }
    if (query.projectId) {
      where.push('c.project_id = ?');
      params.push(query.projectId);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `SELECT c.id, c.actor_user_id AS actorUserId, u.name AS actorName, c.entity, c.entity_id AS entityId,
                c.entity_key AS entityKey, c.project_id AS projectId, c.action, c.before, c.after,
                c.created_at AS createdAt
           FROM admin_change c LEFT JOIN \`user\` u ON u.id = c.actor_user_id
           ${filter} ORDER BY c.id DESC LIMIT ? OFFSET ?`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      ) as Promise<ChangeRow[]>,
      this.dataSource.query(`SELECT COUNT(*) AS total FROM admin_change c ${filter}`, params) as Promise<
        { total: number | string }[]
      >,
    ]);
    return {
      items: rows.map((row) => ({
        id: Number(row.id),
        actor: row.actorUserId === null ? null : { userId: Number(row.actorUserId), name: row.actorName ?? '' },
        entity: row.entity,
        entityId: row.entityId === null ? null : Number(row.entityId),
        entityKey: row.entityKey,
        projectId: row.projectId === null ? null : Number(row.projectId),
        action: row.action,
        before: parseJson(row.before),
        after: parseJson(row.after),
        createdAt: new Date(row.createdAt).toISOString(),
      })),
      total: Number(count.total),
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}

/** MariaDB's JSON is LONGTEXT: raw queries hand it over as text. */
function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
