import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../../database/columns';
import { User } from '../users/user.entity';
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
  /** The member who dispatches in 主管派单 mode (issue 14); chosen among the department's members. */
  @RefColumn({ nullable: true }) supervisorUserId: number | null;
  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'supervisor_user_id', foreignKeyConstraintName: 'FK_department_supervisor' })
  supervisor?: User | null;
  @CreatedAtColumn() createdAt: Date;
}
