import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../../database/columns';
import { Company } from './company.entity';

/** How a department's new work reaches a person (issue 4 builds the modes). */
export type DispatchMode = 'auto' | 'supervisor' | 'claim';

@Entity('department')
export class Department {
  @IdColumn() id: number;
  @RefColumn() companyId: number;
  @ManyToOne(() => Company) @JoinColumn({ name: 'company_id' }) company?: Company;
  /** Stable key used by seeds and configuration, e.g. `engineering`. */
  @Column({ length: 40, unique: true }) code: string;
  @Column({ length: 50 }) name: string;
  @Column({ type: 'varchar', length: 20, default: 'supervisor' }) dispatchMode: DispatchMode;
  /** Off: kept for the requests it handled, offered for no new work. */
  @Column({ default: true }) active: boolean;
  @RefColumn({ nullable: true }) supervisorUserId: number | null;
  @CreatedAtColumn() createdAt: Date;
}
