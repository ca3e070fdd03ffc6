import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CategoryNode, RequestKind } from '@linli/shared';
import { Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import { Category } from './category.entity';

export interface RoutedCategory {
  category: Category;
  /** The nearest default department up the tree: a sub-category may leave it to its parent. */
  departmentId: number | null;
}

@Injectable()
export class CategoriesService {
  constructor(@InjectRepository(Category) private readonly categories: Repository<Category>) {}

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
      const parent = row.parentId ? nodes.get(row.parentId) : undefined;
      (parent ? parent.children : roots).push(nodes.get(row.id)!);
    }
    return roots;
  }

  /** The category a new request is filed under: it must exist, be active, match the kind and be a leaf. */
  async requireLeafForFiling(categoryId: number, kind: RequestKind, field = 'categoryId'): Promise<RoutedCategory> {
    const category = await this.categories.findOneBy({ id: categoryId, active: true });
    if (!category || category.kind !== kind) throw AppError.notFound('分类');
    if (await this.categories.existsBy({ parentId: category.id, active: true })) {
      throw AppError.validation([{ field, message: `请在“${category.name}”下选择更具体的分类` }]);
    }
    let departmentId = category.defaultDepartmentId;
    let parentId = category.parentId;
    while (departmentId === null && parentId !== null) {
      const parent = await this.categories.findOneByOrFail({ id: parentId });
      departmentId = parent.defaultDepartmentId;
      parentId = parent.parentId;
    }
    return { category, departmentId };
  }
}
