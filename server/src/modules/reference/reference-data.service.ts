import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildCalendar, isRole, type CalendarDayKind, type SlaPolicyRule } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import type { DispatchMode } from '../organization/department.entity';
import { resolveSettings, settingDefaults } from '../settings/settings-resolution';
import { routeKey, type CategoryRef, type ReferenceSnapshot, type StaffRefRow } from './reference-snapshot';

const ROOM_CACHE_SIZE = 20_000;

export interface RoomNames {
  project: string;
  building: string | null;
  unit: string | null;
  room: string;
}

const VERSION_SQL = 'SELECT version FROM reference_version WHERE id = 1';

/**
 * The company's set-up, cached per process and reloaded whole when it changed. Every edit bumps
 * `reference_version` in its own transaction (`changed`); this instance drops its copy at once,
 * and every other instance notices within `REFERENCE_CHECK_MS` on its next look at the row.
 * Reading one row a second per instance is what keeps creates and steps free of set-up reads.
 */
@Injectable()
export class ReferenceDataService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReferenceDataService.name);
  private current: ReferenceSnapshot | null = null;
  private loading: Promise<ReferenceSnapshot> | null = null;
  /** Bumped on every local drop, so a load that began before an edit is not kept after it. */
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Room names by room id, for the notices' wording; dropped with the rest of the set-up. */
  private rooms = new Map<number, RoomNames>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.referenceCheckMs > 0) {
      this.timer = setInterval(() => void this.check(), this.config.referenceCheckMs);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async snapshot(): Promise<ReferenceSnapshot> {
    if (this.current) return this.current;
    if (!this.loading) {
      const generation = this.generation;
      this.loading = this.load().then(
        (snapshot) => {
          if (generation === this.generation) this.current = snapshot;
          this.loading = null;
          return snapshot;
        },
        (error: unknown) => {
          this.loading = null;
          throw error;
        },
      );
    }
    return this.loading;
  }

  /** Call inside the transaction that edits the set-up; then `invalidate()` once it committed. */
  async changed(manager: EntityManager): Promise<void> {
    await manager.query('UPDATE reference_version SET version = version + 1 WHERE id = 1');
    this.invalidate();
  }

  /** Drops this instance's copy (after an edit committed, or when a test edits by SQL). */
  invalidate(): void {
    this.generation++;
    this.current = null;
    this.loading = null;
    this.rooms = new Map();
  }

  /**
   * A room's project, building, unit and room names. A company has ~10⁵ rooms: only those in
   * use are kept, the oldest dropped first beyond ROOM_CACHE_SIZE.
   */
  async roomNames(manager: EntityManager, roomId: number): Promise<RoomNames | null> {
    const cached = this.rooms.get(roomId);
    if (cached) return cached;
    const [row] = (await manager.query(
      `SELECT p.name AS project, b.name AS building, un.name AS unit, r.name AS room
         FROM room r JOIN project p ON p.id = r.project_id
         LEFT JOIN building b ON b.id = r.building_id LEFT JOIN unit un ON un.id = r.unit_id
        WHERE r.id = ?`,
      [roomId],
    )) as RoomNames[];
    if (!row) return null;
    this.rememberRoom(roomId, row);
    return row;
  }

  /** For callers that read the names along with something else (a binding, a request). */
  rememberRoom(roomId: number, names: RoomNames): void {
    if (this.rooms.size >= ROOM_CACHE_SIZE) this.rooms.delete(this.rooms.keys().next().value!);
    this.rooms.set(roomId, names);
  }

  private async check(): Promise<void> {
    if (!this.current) return;
    try {
      const [row] = (await this.dataSource.query(VERSION_SQL)) as Array<{ version: number | string }>;
      if (row && this.current && Number(row.version) !== this.current.version) this.invalidate();
    } catch (error) {
      // The database being away is reported by the health check and the pool guard.
      this.logger.debug(`reference version check failed: ${(error as Error).message}`);
    }
  }

  private async load(): Promise<ReferenceSnapshot> {
    // The version first: an edit committed while the tables are read leaves a newer version,
    // which the next check sees, rather than an older number on newer data.
    const [versionRow] = (await this.dataSource.query(VERSION_SQL)) as Array<{ version: number | string }>;
    const [categories, routes, departments, policies, days, staff, archived, settings] = await Promise.all([
      this.dataSource.query(
        'SELECT id, parent_id AS parentId, kind, name, default_department_id AS defaultDepartmentId, default_grade AS defaultGrade, active FROM category',
      ) as Promise<Array<Omit<CategoryRef, 'active'> & { active: number }>>,
      this.dataSource.query(
        'SELECT category_id AS categoryId, project_id AS projectId, department_id AS departmentId FROM category_route',
      ) as Promise<Array<{ categoryId: number; projectId: number; departmentId: number }>>,
      this.dataSource.query('SELECT id, name, dispatch_mode AS dispatchMode, active FROM department') as Promise<
        Array<{ id: number; name: string; dispatchMode: DispatchMode; active: number | string }>
      >,
      // Oldest first: among equally specific rules the one added later wins.
      this.dataSource.query(
        'SELECT kind, grade, category_id AS categoryId, step, unit, amount FROM sla_policy ORDER BY id',
      ) as Promise<Array<Omit<SlaPolicyRule, 'limit'> & Pick<SlaPolicyRule['limit'], 'unit' | 'amount'>>>,
      this.dataSource.query(
        "SELECT DATE_FORMAT(date, '%Y-%m-%d') AS date, kind, name FROM work_calendar_day",
      ) as Promise<Array<{ date: string; kind: CalendarDayKind; name: string }>>,
      this.dataSource.query(
        // Reachable: what the notices' delivery insert joins on (notifier.service), read once here so
        // that choosing whom to tell costs no statement. Link changes call \`changed\` (wechat module).
        `SELECT u.id AS userId, u.role, u.name, u.active, m.title, m.department_id AS departmentId,
                COALESCE(m.on_duty, 0) AS onDuty,
                MAX(l.openid IS NOT NULL AND (l.following IS NULL OR l.following <> 0)) AS reachable,
                GROUP_CONCAT(p.project_id) AS projectIds
           FROM \`user\` u
           LEFT JOIN staff_member m ON m.user_id = u.id
           LEFT JOIN staff_member_project p ON p.staff_member_id = m.id
           LEFT JOIN official_account_link l ON l.user_id = u.id
          WHERE u.role <> 'resident'
          GROUP BY u.id, u.role, u.name, u.active, m.title, m.department_id, m.on_duty`,
      ) as Promise<
        Array<{
          userId: number;
          role: string;
          name: string;
          active: number | string;
          title: string | null;
          departmentId: number | null;
          onDuty: number | string;
          reachable: number | string | null;
          projectIds: string | null;
        }>
      >,
      this.dataSource.query('SELECT id FROM project WHERE archived_at IS NOT NULL') as Promise<Array<{ id: number }>>,
      this.dataSource.query('SELECT `key`, value FROM setting') as Promise<Array<{ key: string; value: unknown }>>,
    ]);
    const withActiveChildren = new Set<number>();
    for (const row of categories) if (row.parentId !== null && Number(row.active)) withActiveChildren.add(row.parentId);
    const staffRows = new Map<number, StaffRefRow>();
    for (const row of staff) {
      if (!isRole(row.role)) continue;
      staffRows.set(Number(row.userId), {
        userId: Number(row.userId),
        role: row.role,
        name: row.name,
        title: row.title ?? null,
        departmentId: row.departmentId === null ? null : Number(row.departmentId),
        onDuty: Boolean(Number(row.onDuty)),
        active: Boolean(Number(row.active)),
        reachable: Boolean(Number(row.reachable)),
        projectIds: new Set((row.projectIds ?? '').split(',').filter(Boolean).map(Number)),
      });
    }
    return {
      version: Number(versionRow?.version ?? 0),
      categories: new Map(
        categories.map((row) => [
          Number(row.id),
          {
            id: Number(row.id),
            parentId: row.parentId === null ? null : Number(row.parentId),
            kind: row.kind,
            name: row.name,
            defaultDepartmentId: row.defaultDepartmentId === null ? null : Number(row.defaultDepartmentId),
            defaultGrade: row.defaultGrade,
            active: Boolean(Number(row.active)),
          },
        ]),
      ),
      withActiveChildren,
      routes: new Map(
        routes.map((row) => [routeKey(Number(row.categoryId), Number(row.projectId)), Number(row.departmentId)]),
      ),
      departments: new Map(
        departments.map((row) => [
          Number(row.id),
          { id: Number(row.id), name: row.name, dispatchMode: row.dispatchMode, active: Boolean(Number(row.active)) },
        ]),
      ),
      archivedProjects: new Set(archived.map((row) => Number(row.id))),
      policies: policies.map((row) => ({
        kind: row.kind,
        grade: row.grade,
        categoryId: row.categoryId === null ? null : Number(row.categoryId),
        step: row.step,
        limit: { unit: row.unit, amount: Number(row.amount) },
      })),
      calendar: buildCalendar(days),
      staff: staffRows,
      settings: resolveSettings(settings, settingDefaults(this.config), (key) =>
        this.logger.warn(`stored setting ${key} fails its schema; the environment's default applies`),
      ),
    };
  }
}
