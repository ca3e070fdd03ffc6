import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CategoryAdminNode,
  CategoryAdminTree,
  CategoryCreateInput,
  CategoryRouteInput,
  CategoryUpdateInput,
  RequestKind,
} from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { inTransaction } from '../../database/transaction';
import { AccessService } from '../access/access.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import {
  categoryPath,
  dispatchableMembers,
  routedDepartment,
  type ReferenceSnapshot,
} from '../reference/reference-snapshot';
import { AdminAudit } from '../admin-audit/admin-audit.service';

interface CategoryRow {
  id: number;
  parentId: number | null;
  kind: RequestKind;
  name: string;
  defaultDepartmentId: number | null;
  defaultGrade: CategoryAdminNode['defaultGrade'];
  active: number | boolean;
  sort: number;
}

/** A category as the log records it: the fields an edit may change. */
const categoryRecord = (row: CategoryRow) => ({
  parentId: row.parentId,
  name: row.name,
  defaultDepartmentId: row.defaultDepartmentId === null ? null : Number(row.defaultDepartmentId),
  defaultGrade: row.defaultGrade,
  active: Boolean(Number(row.active)),
});

const CATEGORY_COLUMNS =
  'id, parent_id AS parentId, kind, name, default_department_id AS defaultDepartmentId, default_grade AS defaultGrade, active, sort';

/**
 * 分类与派单 (issue 14 §6). The tree is the company's: admins edit it, managers read it and set
 * the routes of the projects they serve. Every edit bumps the cached set-up in its transaction.
 */
@Injectable()
export class CategoryAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly access: AccessService,
    private readonly audit: AdminAudit,
  ) {}

  async tree(auth: AuthUser, kind: RequestKind): Promise<CategoryAdminTree> {
    const scope = await this.access.projectScope(auth);
    const projects = (await this.dataSource.query('SELECT id, name FROM project ORDER BY id')) as Array<{
      id: number;
      name: string;
    }>;
    const visible = projects.filter((project) => scope.all || scope.projectIds.includes(Number(project.id)));
    const rows = (await this.dataSource.query(
      `SELECT ${CATEGORY_COLUMNS} FROM category WHERE kind = ? ORDER BY sort, id`,
      [kind],
    )) as CategoryRow[];
    const counts = (await this.dataSource.query(
      'SELECT category_id AS categoryId, COUNT(*) AS n FROM request WHERE kind = ? GROUP BY category_id',
      [kind],
    )) as Array<{ categoryId: number; n: number | string }>;
    const used = new Map(counts.map((row) => [Number(row.categoryId), Number(row.n)]));
    const snapshot = await this.reference.snapshot();
    const departmentName = (id: number | null) => (id === null ? null : (snapshot.departments.get(id)?.name ?? null));
    const nodes = new Map<number, CategoryAdminNode>();
    for (const row of rows) {
      const id = Number(row.id);
      const routes = visible.flatMap((project) => {
        const departmentId = snapshot.routes.get(`${id}:${project.id}`);
        if (departmentId === undefined) return [];
        return [
          {
            projectId: Number(project.id),
            projectName: project.name,
            departmentId,
            departmentName: departmentName(departmentId) ?? '',
            unstaffed: dispatchableMembers(snapshot, departmentId, Number(project.id)).length === 0,
          },
        ];
      });
      nodes.set(id, {
        id,
        parentId: row.parentId === null ? null : Number(row.parentId),
        kind: row.kind,
        name: row.name,
        active: Boolean(Number(row.active)),
        defaultGrade: row.defaultGrade,
        defaultDepartmentId: row.defaultDepartmentId === null ? null : Number(row.defaultDepartmentId),
        defaultDepartmentName: departmentName(
          row.defaultDepartmentId === null ? null : Number(row.defaultDepartmentId),
        ),
        requestCount: used.get(id) ?? 0,
        unstaffed: unstaffedProjects(snapshot, id, visible),
        routes,
        children: [],
      });
    }
    const roots: CategoryAdminNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
      (parent ? parent.children : roots).push(node);
    }
    return { projects: visible.map((project) => ({ id: Number(project.id), name: project.name })), categories: roots };
  }

  async create(auth: AuthUser, input: CategoryCreateInput): Promise<CategoryAdminNode> {
    const id = await this.edit(async (manager) => {
      if (input.parentId !== null) {
        const parent = await this.lockCategory(manager, input.parentId, 'parentId');
        if (parent.kind !== input.kind) {
          throw AppError.validation([{ field: 'parentId', message: '上级分类与诉求类型不符' }]);
        }
      }
      await this.requireDepartment(manager, input.defaultDepartmentId);
      await this.requireUniqueName(manager, input.kind, input.parentId, input.name, null);
      // Last in its kind; a plain read, so the insert locks no other category row.
      const [{ next }] = (await manager.query(
        'SELECT COALESCE(MAX(sort), 0) + 1 AS next FROM category WHERE kind = ?',
        [input.kind],
      )) as Array<{ next: number | string }>;
      const result = (await manager.query(
        'INSERT INTO category (parent_id, kind, name, default_department_id, default_grade, sort, active) VALUES (?, ?, ?, ?, ?, ?, 1)',
        [input.parentId, input.kind, input.name, input.defaultDepartmentId, input.defaultGrade, Number(next)],
      )) as { insertId: number };
      const created = Number(result.insertId);
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'category',
        entityId: created,
        action: 'create',
        before: null,
        after: input,
      });
      return created;
    });
    return this.node(auth, id);
  }

  async update(auth: AuthUser, id: number, input: CategoryUpdateInput): Promise<CategoryAdminNode> {
    await this.edit(async (manager) => {
      const before = await this.lockCategory(manager, id, 'id', true);
      const parentId = input.parentId === undefined ? before.parentId : input.parentId;
      if (input.parentId !== undefined && input.parentId !== null && input.parentId !== before.parentId) {
        const parent = await this.lockCategory(manager, input.parentId, 'parentId');
        if (parent.kind !== before.kind) {
          throw AppError.validation([{ field: 'parentId', message: '只能移到同一类型的分类下' }]);
        }
        if (await this.isSelfOrDescendant(manager, id, input.parentId)) {
          throw AppError.validation([{ field: 'parentId', message: '不能移到自身或其下级分类之下' }]);
        }
      }
      if (input.defaultDepartmentId !== undefined) await this.requireDepartment(manager, input.defaultDepartmentId);
      const name = input.name ?? before.name;
      if (input.name !== undefined || input.parentId !== undefined) {
        await this.requireUniqueName(manager, before.kind, parentId, name, id);
      }
      const after = {
        parentId,
        name,
        defaultDepartmentId:
          input.defaultDepartmentId === undefined ? before.defaultDepartmentId : input.defaultDepartmentId,
        defaultGrade: input.defaultGrade ?? before.defaultGrade,
        active: input.active ?? Boolean(Number(before.active)),
      };
      await manager.query(
        'UPDATE category SET parent_id = ?, name = ?, default_department_id = ?, default_grade = ?, active = ? WHERE id = ?',
        [after.parentId, after.name, after.defaultDepartmentId, after.defaultGrade, after.active, id],
      );
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'category',
        entityId: id,
        action: 'update',
        before: categoryRecord(before),
        after,
      });
    });
    return this.node(auth, id);
  }

  /** Only a category never used goes: requests keep theirs, so a used one is disabled instead. */
  async remove(auth: AuthUser, id: number): Promise<void> {
    await this.edit(async (manager) => {
      const before = await this.lockCategory(manager, id, 'id', true);
      const [used] = (await manager.query('SELECT 1 AS used FROM request WHERE category_id = ? LIMIT 1', [
        id,
      ])) as unknown[];
      if (used) throw new AppError('CONFLICT', '该分类已有诉求，不能删除，可停用');
      const [child] = (await manager.query('SELECT 1 AS child FROM category WHERE parent_id = ? LIMIT 1', [
        id,
      ])) as unknown[];
      if (child) throw new AppError('CONFLICT', '该分类下还有子分类，请先删除或移走子分类');
      const [policy] = (await manager.query('SELECT 1 AS policy FROM sla_policy WHERE category_id = ? LIMIT 1', [
        id,
      ])) as unknown[];
      if (policy) throw new AppError('CONFLICT', '该分类有专门的时限规则，请先在时限规则中删除');
      await manager.query('DELETE FROM category_route WHERE category_id = ?', [id]);
      await manager.query('DELETE FROM category WHERE id = ?', [id]);
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'category',
        entityId: id,
        action: 'delete',
        before: { kind: before.kind, ...categoryRecord(before) },
        after: null,
      });
    });
  }

  /** A project's own department for a category; a manager sets it only for projects they serve. */
  async putRoute(
    auth: AuthUser,
    categoryId: number,
    projectId: number,
    input: CategoryRouteInput,
  ): Promise<CategoryAdminNode> {
    await this.access.requireProject(auth, projectId, '项目');
    await this.edit(async (manager) => {
      await this.lockCategory(manager, categoryId, 'categoryId');
      const [project] = (await manager.query('SELECT id FROM project WHERE id = ?', [projectId])) as unknown[];
      if (!project) throw AppError.notFound('项目');
      const [before] = (await manager.query(
        'SELECT department_id AS departmentId FROM category_route WHERE category_id = ? AND project_id = ? FOR UPDATE',
        [categoryId, projectId],
      )) as Array<{ departmentId: number }>;
      if (input.departmentId === null) {
        await manager.query('DELETE FROM category_route WHERE category_id = ? AND project_id = ?', [
          categoryId,
          projectId,
        ]);
      } else {
        await this.requireDepartment(manager, input.departmentId);
        await manager.query(
          'INSERT INTO category_route (category_id, project_id, department_id) VALUES (?, ?, ?) ' +
            'ON DUPLICATE KEY UPDATE department_id = VALUES(department_id)',
          [categoryId, projectId, input.departmentId],
        );
      }
      await this.audit.record(manager, {
        actor: auth.userId,
        entity: 'category_route',
        entityId: categoryId,
        projectId,
        action: input.departmentId === null ? 'clear' : 'set',
        before: before ? { departmentId: Number(before.departmentId) } : null,
        after: input.departmentId === null ? null : { departmentId: input.departmentId },
      });
    });
    return this.node(auth, categoryId);
  }

  private edit<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, async (manager) => {
      const result = await work(manager);
      await this.reference.changed(manager);
      return result;
    }).finally(() => this.reference.invalidate());
  }

  private async node(auth: AuthUser, id: number): Promise<CategoryAdminNode> {
    const [row] = (await this.dataSource.query('SELECT kind FROM category WHERE id = ?', [id])) as Array<{
      kind: RequestKind;
    }>;
    if (!row) throw AppError.notFound('分类');
    const find = (nodes: CategoryAdminNode[]): CategoryAdminNode | undefined => {
      for (const node of nodes) {
        if (node.id === id) return node;
        const found = find(node.children);
        if (found) return found;
      }
      return undefined;
    };
    return find((await this.tree(auth, row.kind)).categories)!;
  }

  private async lockCategory(
    manager: EntityManager,
    id: number,
    field: string,
    asRecord = false,
  ): Promise<CategoryRow> {
    const [row] = (await manager.query(`SELECT ${CATEGORY_COLUMNS} FROM category WHERE id = ? FOR UPDATE`, [
      id,
    ])) as CategoryRow[];
    if (!row) {
      if (asRecord) throw AppError.notFound('分类');
      throw AppError.validation([{ field, message: '分类不存在' }]);
    }
    return { ...row, id: Number(row.id), parentId: row.parentId === null ? null : Number(row.parentId) };
  }

  private async requireDepartment(manager: EntityManager, departmentId: number | null): Promise<void> {
    if (departmentId === null) return;
    const [row] = (await manager.query('SELECT id FROM department WHERE id = ?', [departmentId])) as unknown[];
    if (!row) throw AppError.validation([{ field: 'defaultDepartmentId', message: '部门不存在' }]);
  }

  private async requireUniqueName(
    manager: EntityManager,
    kind: RequestKind,
    parentId: number | null,
    name: string,
    exceptId: number | null,
  ): Promise<void> {
    const [row] = (await manager.query(
      'SELECT id FROM category WHERE kind = ? AND parent_id <=> ? AND name = ? AND id <> ? LIMIT 1',
      [kind, parentId, name, exceptId ?? 0],
    )) as unknown[];
    if (row) throw AppError.validation([{ field: 'name', message: '同一上级下已有同名分类' }]);
  }

  /** Whether `candidate` is `id` itself or below it: moving there would make a cycle. */
  private async isSelfOrDescendant(manager: EntityManager, id: number, candidate: number): Promise<boolean> {
    const rows = (await manager.query('SELECT id, parent_id AS parentId FROM category')) as Array<{
      id: number;
      parentId: number | null;
    }>;
    const parents = new Map(rows.map((row) => [Number(row.id), row.parentId === null ? null : Number(row.parentId)]));
    for (let at: number | null = candidate, steps = 0; at !== null && steps <= rows.length; steps++) {
      if (at === id) return true;
      at = parents.get(at) ?? null;
    }
    return false;
  }
}

/**
 * 无人可派: the projects where this category's requests would reach a department with nobody
 * who can take them — the same rule filing applies (`routedDepartment` + `dispatchableMembers`),
 * so the red flag and the desk fallback never disagree.
 */
function unstaffedProjects(
  snapshot: ReferenceSnapshot,
  categoryId: number,
  projects: Array<{ id: number; name: string }>,
): CategoryAdminNode['unstaffed'] {
  if (categoryPath(snapshot, categoryId).length === 0) return [];
  return projects.flatMap((project) => {
    const departmentId = routedDepartment(snapshot, categoryId, Number(project.id));
    if (departmentId === null || dispatchableMembers(snapshot, departmentId, Number(project.id)).length > 0) return [];
    return [
      {
        projectId: Number(project.id),
        projectName: project.name,
        departmentName: snapshot.departments.get(departmentId)?.name ?? '该部门',
      },
    ];
  });
}
