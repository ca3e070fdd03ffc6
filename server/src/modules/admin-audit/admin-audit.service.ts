import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AdminChangeEntity, AdminChangeQuery, AdminChangeView, Page } from '@linli/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AdminChange } from './admin-change.entity';

export interface AdminChangeRecord {
  /** The user who made the change; null for the system (a seed, a job). */
  actor: number | null;
  entity: AdminChangeEntity;
  entityId: number | null;
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
  action: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/**
 * The record of every admin change. `record` takes the caller's transaction manager: a change
 * and its record commit together or not at all, so the log never claims what did not happen
 * nor misses what did.
 */
@Injectable()
export class AdminAudit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(manager: EntityManager, change: AdminChangeRecord): Promise<void> {
    await manager.insert(AdminChange, {
      actorUserId: change.actor,
      entity: change.entity,
      entityId: change.entityId,
      action: change.action,
      before: change.before,
      after: change.after,
      createdAt: this.clock.now(),
    });
  }

  async list(query: AdminChangeQuery): Promise<Page<AdminChangeView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.entity) {
      where.push('c.entity = ?');
      params.push(query.entity);
    }
    if (query.entityId) {
      where.push('c.entity_id = ?');
      params.push(query.entityId);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(
        `SELECT c.id, c.actor_user_id AS actorUserId, u.name AS actorName, c.entity, c.entity_id AS entityId,
                c.action, c.before, c.after, c.created_at AS createdAt
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
