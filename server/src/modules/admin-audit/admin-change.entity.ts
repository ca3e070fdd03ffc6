import { Column, Entity } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../../database/columns';

/**
 * One admin change: who made it (null: the system), on what, in which project if it concerns
 * one, and the record before and after (null for a create or a removal).
 */
@Entity('admin_change')
export class AdminChange {
  @IdColumn() id: number;
  @RefColumn({ nullable: true }) actorUserId: number | null;
  @Column({ length: 20 }) entity: string;
  @RefColumn({ nullable: true }) entityId: number | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) entityKey: string | null;
  @RefColumn({ nullable: true }) projectId: number | null;
  @Column({ length: 30 }) action: string;
  @Column({ type: 'json', nullable: true }) before: object | null;
  @Column({ type: 'json', nullable: true }) after: object | null;
  @CreatedAtColumn() createdAt: Date;
}
