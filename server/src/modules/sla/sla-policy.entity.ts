import { Column, Entity } from 'typeorm';
import type { Grade, RequestKind, SlaStep, SlaUnit } from '@linli/shared';
import { CreatedAtColumn, IdColumn, RefColumn, UpdatedAtColumn } from '../../database/columns';

/** One time-limit rule; empty kind, grade or category match any (the most specific rule wins). */
@Entity('sla_policy')
export class SlaPolicy {
  @IdColumn() id: number;
  @Column({ type: 'varchar', length: 20, nullable: true }) kind: RequestKind | null;
  @Column({ type: 'char', length: 1, nullable: true }) grade: Grade | null;
  @RefColumn({ nullable: true }) categoryId: number | null;
  @Column({ type: 'varchar', length: 20 }) step: SlaStep;
  @Column({ type: 'varchar', length: 20 }) unit: SlaUnit;
  @Column({ type: 'int', unsigned: true }) amount: number;
  @CreatedAtColumn() createdAt: Date;
  @UpdatedAtColumn() updatedAt: Date;
}
