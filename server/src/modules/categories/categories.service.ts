import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CategoryNode, RequestKind } from '@linli/shared';
import { Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { ReferenceDataService } from '../reference/reference-data.service';
import {
  categoryPath,
  dispatchableMembers,
  routedDepartment,
  type CategoryRef,
  type DepartmentRef,
} from '../reference/reference-snapshot';
import { Category } from './category.entity';

export interface RoutedCategory {
  category: CategoryRef;
  /**
   * The nearest default department up the tree (a sub-category may leave it to its parent), or
   * null: none named, or the one named has nobody who can take the request in this project.
   */
  departmentId: number | null;
  /** The department the route named but nobody there can take it: the request goes to the desk. */
  unstaffed: DepartmentRef | null;
}

@Injectable()
export class CategoriesService {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    private readonly reference: ReferenceDataService,
  ) {}

  async tree(kind: RequestKind): Promise<CategoryNode[]> {
    const rows = await this.categories.find({ where: { kind, active: true }, order: { sort: 'ASC', id: 'ASC' } });
    const nodes = new Map<number, CategoryNode>(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          name: row.name,
          kind: row.kind,
          defaultGrade: row.defaultGrade,
          defaultDepartmentId: row.defaultDepartmentId,
          children: [],
        },
      ]),
    );
    const roots: CategoryNode[] = [];
    for (const row of rows) {
      if (row.parentId === null) roots.push(nodes.get(row.id)!);
      // Under a disabled parent (absent here) a category is disabled with it.
      else nodes.get(row.parentId)?.children.push(nodes.get(row.id)!);
    }
    return roots;
  }

  /**
   * The category a new request is filed under: it must exist, be active, match the kind and be a
   * leaf. Its department is found walking up from the leaf; at each level the project's own route
   * beats the tree's default, and the nearest level that names one wins. From the cached set-up:
   * a create reads none of it.
   */
  async requireLeafForFiling(
    categoryId: number,
    kind: RequestKind,
    projectId: number,
    field = 'categoryId',
  ): Promise<RoutedCategory> {
    const snapshot = await this.reference.snapshot();
    const category = snapshot.categories.get(categoryId);
    if (!category || category.kind !== kind) throw AppError.notFound('分类');
    // Disabled (or under a disabled parent): no longer offered; requests filed before keep it.
    const path = categoryPath(snapshot, category.id);
    if (path.some((id) => !snapshot.categories.get(id)?.active)) throw AppError.notFound('分类');
    if (snapshot.withActiveChildren.has(category.id)) {
      throw AppError.validation([{ field, message: `请在“${category.name}”下选择更具体的分类` }]);
    }
    if (snapshot.archivedProjects.has(projectId)) {
      throw AppError.validation([{ field: 'projectId', message: '该项目已归档，不能新建诉求' }]);
    }
    const departmentId = routedDepartment(snapshot, category.id, projectId);
    // A department with nobody to dispatch (or one an admin disabled) is a dead end (issue 12):
    // the desk picks another.
    if (
      departmentId !== null &&
      (!snapshot.departments.get(departmentId)?.active ||
        dispatchableMembers(snapshot, departmentId, projectId).length === 0)
    ) {
      return { category, departmentId: null, unstaffed: snapshot.departments.get(departmentId) ?? null };
    }
    return { category, departmentId, unstaffed: null };
  }
}
