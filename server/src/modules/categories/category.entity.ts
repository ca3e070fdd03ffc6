import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { Grade, RequestKind } from '@linli/shared';
import { IdColumn, RefColumn } from '../../database/columns';
import { Department } from '../organization/department.entity';

/** The configurable category tree; each node names where its requests go and how grave they are. */
@Entity('category')
@Index(['kind', 'parentId', 'name'], { unique: true })
export class Category {
  @IdColumn() id: number;
  @RefColumn({ nullable: true }) parentId: number | null;
  @ManyToOne(() => Category, { nullable: true }) @JoinColumn({ name: 'parent_id' }) parent?: Category | null;
  @Column({ type: 'varchar', length: 20 }) kind: RequestKind;
  @Column({ length: 50 }) name: string;
  @RefColumn({ nullable: true }) defaultDepartmentId: number | null;
  @ManyToOne(() => Department, { nullable: true })
  @JoinColumn({ name: 'default_department_id' })
  defaultDepartment?: Department | null;
  @Column({ type: 'char', length: 1, default: 'C' }) defaultGrade: Grade;
  @Column({ type: 'int', default: 0 }) sort: number;
  @Column({ default: true }) active: boolean;
}
