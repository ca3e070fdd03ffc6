import { Entity, Index } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';

/** A project's own department for a category (and its sub-categories), over the tree's default. */
@Entity('category_route')
@Index(['categoryId', 'projectId'], { unique: true })
export class CategoryRoute {
  @IdColumn() id: number;
  @RefColumn() categoryId: number;
  @RefColumn() projectId: number;
  @RefColumn() departmentId: number;
}
