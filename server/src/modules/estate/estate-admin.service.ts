import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  expandRoomPattern,
  LIST_TOTAL_CAP,
  type AdminBuildingView,
  type AdminProjectView,
  type AdminRoomView,
  type Page,
  type Pagination,
  type ProjectInput,
  type RoomBatchResult,
  type RoomEditInput,
  type RoomPatternInput,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import { recordChange } from './estate-change';

interface ProjectRow {
  id: number;
  name: string;
  kind: AdminProjectView['kind'];
  areaSqm: number | null;
  households: number | null;
  archivedAt: Date | null;
  roomCount: number | string;
  requestCount: number | string;
}

const PROJECT_SELECT = `SELECT p.id, p.name, p.kind, p.area_sqm AS areaSqm, p.households, p.archived_at AS archivedAt,
        (SELECT COUNT(*) FROM room r WHERE r.project_id = p.id) AS roomCount,
        (SELECT COUNT(*) FROM request q WHERE q.project_id = p.id) AS requestCount
   FROM project p`;

const toProjectView = (row: ProjectRow): AdminProjectView => ({
  id: Number(row.id),
  name: row.name,
  kind: row.kind,
  areaSqm: row.areaSqm === null ? null : Number(row.areaSqm),
  households: row.households === null ? null : Number(row.households),
  archivedAt: row.archivedAt ? new Date(row.archivedAt).toISOString() : null,
  roomCount: Number(row.roomCount),
  requestCount: Number(row.requestCount),
});

/** Rows per INSERT: 500 rooms × 5 values stays far below max_allowed_packet and placeholder limits. */
const INSERT_CHUNK = 500;

const isDuplicate = (error: unknown) => (error as { errno?: number }).errno === 1062;

/** Projects, buildings, units and rooms as the property company sets them up (issue 14). */
@Injectable()
export class EstateAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly reference: ReferenceDataService,
  ) {}

  async listProjects(auth: AuthUser, page: Pagination): Promise<Page<AdminProjectView>> {
    const scope = await this.access.projectScope(auth);
    if (!scope.all && scope.projectIds.length === 0) return { items: [], total: 0, ...page };
    const where = scope.all ? '' : ' WHERE p.id IN (?)';
    const params = scope.all ? [] : [scope.projectIds];
    const [rows, [count]] = await Promise.all([
      this.dataSource.query(`${PROJECT_SELECT}${where} ORDER BY p.archived_at IS NOT NULL, p.id LIMIT ? OFFSET ?`, [
        ...params,
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ]) as Promise<ProjectRow[]>,
      this.dataSource.query(`SELECT COUNT(*) AS total FROM project p${where}`, params) as Promise<
        Array<{ total: number | string }>
      >,
    ]);
    return { items: rows.map(toProjectView), total: Math.min(Number(count?.total ?? 0), LIST_TOTAL_CAP), ...page };
  }

  async getProject(
    auth: AuthUser,
    id: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AdminProjectView> {
    await this.access.requireProject(auth, id, '项目');
    const [row] = (await manager.query(`${PROJECT_SELECT} WHERE p.id = ?`, [id])) as ProjectRow[];
    if (!row) throw AppError.notFound('项目');
    return toProjectView(row);
  }

  async createProject(auth: AuthUser, input: ProjectInput): Promise<AdminProjectView> {
    return inTransaction(this.dataSource, async (manager) => {
      const [company] = (await manager.query('SELECT id FROM company ORDER BY id LIMIT 1')) as Array<{ id: number }>;
      if (!company) throw new AppError('CONFLICT', '请先创建物业公司');
      const result = await this.guardName(() =>
        manager.query('INSERT INTO project (company_id, name, kind, area_sqm, households) VALUES (?, ?, ?, ?, ?)', [
          company.id,
          input.name,
          input.kind,
          input.areaSqm,
          input.households,
        ]),
      );
      const id = Number((result as { insertId: number }).insertId);
      const after = await this.getProject(auth, id, manager);
      await recordChange(manager, auth.userId, 'project', id, 'create', null, input);
      await this.reference.changed(manager);
      return after;
    });
  }

  async updateProject(auth: AuthUser, id: number, input: ProjectInput): Promise<AdminProjectView> {
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.getProject(auth, id, manager);
      await this.guardName(() =>
        manager.query('UPDATE project SET name = ?, kind = ?, area_sqm = ?, households = ? WHERE id = ?', [
          input.name,
          input.kind,
          input.areaSqm,
          input.households,
          id,
        ]),
      );
      await recordChange(manager, auth.userId, 'project', id, 'update', before, input);
      await this.reference.changed(manager);
      return this.getProject(auth, id, manager);
    });
  }

  /** Archived projects leave the house picker and new filings; every room and request stays. */
  async setArchived(auth: AuthUser, id: number, archived: boolean): Promise<AdminProjectView> {
    return inTransaction(this.dataSource, async (manager) => {
      const before = await this.getProject(auth, id, manager);
      await manager.query('UPDATE project SET archived_at = ? WHERE id = ?', [archived ? new Date() : null, id]);
      await recordChange(
        manager,
        auth.userId,
        'project',
        id,
        archived ? 'archive' : 'restore',
        { archived: before.archivedAt !== null },
        { archived },
      );
      await this.reference.changed(manager);
      return this.getProject(auth, id, manager);
    });
  }

  /**
   * Only a project set up by mistake goes: one with no rooms and no requests. Anything that was
   * lived in or served is archived instead, so its history keeps its place.
   */
  async deleteProject(auth: AuthUser, id: number): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const before = await this.getProject(auth, id, manager);
      if (before.roomCount > 0 || before.requestCount > 0) {
        throw new AppError('CONFLICT', '该项目已有房间或诉求，不能删除，请改为归档');
      }
      await manager.query('DELETE FROM staff_member_project WHERE project_id = ?', [id]);
      await manager.query('DELETE FROM category_route WHERE project_id = ?', [id]);
      await manager.query('DELETE FROM building WHERE project_id = ?', [id]);
      await manager.query('DELETE FROM project WHERE id = ?', [id]);
      await recordChange(manager, auth.userId, 'project', id, 'delete', before, null);
      await this.reference.changed(manager);
    });
  }

  async buildings(auth: AuthUser, projectId: number): Promise<AdminBuildingView[]> {
    await this.access.requireProject(auth, projectId, '项目');
    const rows = (await this.dataSource.query(
      `SELECT b.id AS buildingId, b.name AS buildingName, u.id AS unitId, u.name AS unitName,
              (SELECT COUNT(*) FROM room r WHERE r.unit_id = u.id) AS roomCount
         FROM building b LEFT JOIN unit u ON u.building_id = b.id
        WHERE b.project_id = ?
        ORDER BY b.sort, b.id, u.sort, u.id`,
      [projectId],
    )) as Array<{
      buildingId: number;
      buildingName: string;
      unitId: number | null;
      unitName: string | null;
      roomCount: number | string;
    }>;
    const byId = new Map<number, AdminBuildingView>();
    for (const row of rows) {
      const id = Number(row.buildingId);
      let building = byId.get(id);
      if (!building) byId.set(id, (building = { id, name: row.buildingName, units: [] }));
      if (row.unitId !== null) {
        building.units.push({ id: Number(row.unitId), name: row.unitName!, roomCount: Number(row.roomCount) });
      }
    }
    return [...byId.values()];
  }

  /**
   * Rooms by pattern, in one transaction with multi-row inserts. Buildings and units of the same
   * name are reused (a second phase adds floors or doors); a room that already exists refuses
   * the whole batch, naming the first few, so nothing is half-created.
   */
  async batchRooms(auth: AuthUser, projectId: number, pattern: RoomPatternInput): Promise<RoomBatchResult> {
    await this.access.requireProject(auth, projectId, '项目');
    const plan = expandRoomPattern(pattern);
    return inTransaction(this.dataSource, async (manager) => {
      const [project] = (await manager.query(
        'SELECT id, archived_at AS archivedAt FROM project WHERE id = ? FOR UPDATE',
        [projectId],
      )) as Array<{ id: number; archivedAt: Date | null }>;
      if (!project) throw AppError.notFound('项目');
      if (project.archivedAt) throw new AppError('CONFLICT', '该项目已归档，不能再添加房间');

      const names = plan.map((b) => b.name);
      const existingBuildings = (await manager.query(
        'SELECT id, name FROM building WHERE project_id = ? AND name IN (?)',
        [projectId, names],
      )) as Array<{ id: number; name: string }>;
      const buildingIds = new Map(existingBuildings.map((b) => [b.name, Number(b.id)]));
      const newBuildings = plan.filter((b) => !buildingIds.has(b.name));
      if (newBuildings.length > 0) {
        await manager.query(
          `INSERT INTO building (project_id, name, sort) VALUES ${newBuildings.map(() => '(?, ?, ?)').join(', ')}`,
          newBuildings.flatMap((b) => [projectId, b.name, b.sort]),
        );
        const inserted = (await manager.query('SELECT id, name FROM building WHERE project_id = ? AND name IN (?)', [
          projectId,
          newBuildings.map((b) => b.name),
        ])) as Array<{ id: number; name: string }>;
        for (const b of inserted) buildingIds.set(b.name, Number(b.id));
      }

      const unitKey = (buildingId: number, name: string) => `${buildingId}:${name}`;
      const allBuildingIds = [...buildingIds.values()];
      const readUnits = async () =>
        (await manager.query('SELECT id, building_id AS buildingId, name FROM unit WHERE building_id IN (?)', [
          allBuildingIds,
        ])) as Array<{ id: number; buildingId: number; name: string }>;
      const unitIds = new Map((await readUnits()).map((u) => [unitKey(Number(u.buildingId), u.name), Number(u.id)]));
      const wantedUnits = plan.flatMap((b) => b.units.map((u) => ({ buildingId: buildingIds.get(b.name)!, ...u })));
      const newUnits = wantedUnits.filter((u) => !unitIds.has(unitKey(u.buildingId, u.name)));
      if (newUnits.length > 0) {
        await manager.query(
          `INSERT INTO unit (building_id, name, sort) VALUES ${newUnits.map(() => '(?, ?, ?)').join(', ')}`,
          newUnits.flatMap((u) => [u.buildingId, u.name, u.sort]),
        );
        for (const u of await readUnits()) unitIds.set(unitKey(Number(u.buildingId), u.name), Number(u.id));
      }

      const rooms = plan.flatMap((b) =>
        b.units.flatMap((u) => {
          const buildingId = buildingIds.get(b.name)!;
          const unitId = unitIds.get(unitKey(buildingId, u.name))!;
          return u.rooms.map((r) => ({ buildingId, unitId, label: `${b.name}${u.name}${r.name}`, ...r }));
        }),
      );
      const taken = (await manager.query(`SELECT r.unit_id AS unitId, r.name FROM room r WHERE r.unit_id IN (?)`, [
        [...new Set(rooms.map((r) => r.unitId))],
      ])) as Array<{ unitId: number; name: string }>;
      const takenKeys = new Set(taken.map((r) => `${Number(r.unitId)}:${r.name}`));
      const duplicates = rooms.filter((r) => takenKeys.has(`${r.unitId}:${r.name}`));
      if (duplicates.length > 0) {
        const shown = duplicates
          .slice(0, 5)
          .map((r) => r.label)
          .join('、');
        throw new AppError(
          'CONFLICT',
          `有 ${duplicates.length} 间房已存在（${shown}${duplicates.length > 5 ? '…' : ''}），未创建任何房间；请调整起始楼栋或楼层`,
          [{ field: 'firstBuilding', message: `已存在：${shown}` }],
        );
      }
      for (let i = 0; i < rooms.length; i += INSERT_CHUNK) {
        const chunk = rooms.slice(i, i + INSERT_CHUNK);
        await manager.query(
          `INSERT INTO room (project_id, building_id, unit_id, floor, name) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((r) => [projectId, r.buildingId, r.unitId, r.floor, r.name]),
        );
      }
      const result = { created: rooms.length, buildings: newBuildings.length, units: newUnits.length };
      await recordChange(manager, auth.userId, 'room', projectId, 'batch', null, { pattern, ...result });
      await this.reference.changed(manager);
      return result;
    });
  }

  async rooms(auth: AuthUser, unitId: number): Promise<AdminRoomView[]> {
    const [unit] = (await this.dataSource.query(
      'SELECT b.project_id AS projectId FROM unit u JOIN building b ON b.id = u.building_id WHERE u.id = ?',
      [unitId],
    )) as Array<{ projectId: number }>;
    if (!unit) throw AppError.notFound('单元');
    await this.access.requireProject(auth, Number(unit.projectId), '单元');
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.name, r.floor, r.occupied,
              (SELECT COUNT(*) FROM house_binding h WHERE h.room_id = r.id AND h.status = 'bound') AS bindings
         FROM room r WHERE r.unit_id = ? ORDER BY r.floor, r.name`,
      [unitId],
    )) as Array<{ id: number; name: string; floor: number; occupied: number; bindings: number | string }>;
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      floor: Number(r.floor),
      occupied: Boolean(Number(r.occupied)),
      bindings: Number(r.bindings),
    }));
  }

  async updateRoom(auth: AuthUser, roomId: number, input: RoomEditInput): Promise<AdminRoomView> {
    return inTransaction(this.dataSource, async (manager) => {
      const [before] = (await manager.query(
        'SELECT id, project_id AS projectId, unit_id AS unitId, name, floor, occupied FROM room WHERE id = ? FOR UPDATE',
        [roomId],
      )) as Array<{ id: number; projectId: number; unitId: number; name: string; floor: number; occupied: number }>;
      if (!before) throw AppError.notFound('房间');
      await this.access.requireProject(auth, Number(before.projectId), '房间');
      try {
        await manager.query('UPDATE room SET name = ?, floor = ?, occupied = ? WHERE id = ?', [
          input.name,
          input.floor,
          input.occupied,
          roomId,
        ]);
      } catch (error) {
        if (isDuplicate(error)) throw AppError.validation([{ field: 'name', message: '本单元已有同名房间' }]);
        throw error;
      }
      await recordChange(
        manager,
        auth.userId,
        'room',
        roomId,
        'update',
        { ...before, occupied: Boolean(Number(before.occupied)) },
        input,
      );
      await this.reference.changed(manager);
      const [row] = (await manager.query(
        `SELECT (SELECT COUNT(*) FROM house_binding h WHERE h.room_id = ? AND h.status = 'bound') AS bindings`,
        [roomId],
      )) as Array<{ bindings: number | string }>;
      return { id: roomId, ...input, bindings: Number(row?.bindings ?? 0) };
    });
  }

  /** Renames a building or a unit; names stay unique within their project or building. */
  async rename(auth: AuthUser, table: 'building' | 'unit', id: number, name: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const sql =
        table === 'building'
          ? 'SELECT id, name, project_id AS projectId FROM building WHERE id = ?'
          : 'SELECT u.id, u.name, b.project_id AS projectId FROM unit u JOIN building b ON b.id = u.building_id WHERE u.id = ?';
      const what = table === 'building' ? '楼栋' : '单元';
      const [before] = (await manager.query(sql, [id])) as Array<{ id: number; name: string; projectId: number }>;
      if (!before) throw AppError.notFound(what);
      await this.access.requireProject(auth, Number(before.projectId), what);
      try {
        await manager.query(`UPDATE ${table} SET name = ? WHERE id = ?`, [name, id]);
      } catch (error) {
        if (isDuplicate(error)) throw AppError.validation([{ field: 'name', message: `已有同名${what}` }]);
        throw error;
      }
      await recordChange(manager, auth.userId, table, id, 'update', before, { name });
      await this.reference.changed(manager);
    });
  }

  private async guardName<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isDuplicate(error)) throw AppError.validation([{ field: 'name', message: '已有同名项目' }]);
      throw error;
    }
  }
}
