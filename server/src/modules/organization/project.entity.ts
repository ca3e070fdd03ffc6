import { Column, Entity, ManyToOne, JoinColumn } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn, TimeColumn } from '../../database/columns';
import { Company } from './company.entity';

export type ProjectKind = 'residential' | 'villa' | 'office' | 'commercial';

/** A managed estate (项目/小区). Staff, requests and statistics are scoped by it. */
@Entity('project')
export class Project {
  @IdColumn() id: number;
  @RefColumn() companyId: number;
  @ManyToOne(() => Company) @JoinColumn({ name: 'company_id' }) company?: Company;
  @Column({ length: 100, unique: true }) name: string;
  @Column({ type: 'varchar', length: 20, default: 'residential' }) kind: ProjectKind;
  /** Floor area in m²; statistics compare projects above and below 100,000 m² (DOMAIN.md). */
  @Column({ type: 'int', unsigned: true, nullable: true }) areaSqm: number | null;
  @Column({ type: 'int', unsigned: true, nullable: true }) households: number | null;
  /** Archived: gone from the house picker and new filings; its rooms and requests stay. */
  @TimeColumn({ nullable: true }) archivedAt: Date | null;
  @CreatedAtColumn() createdAt: Date;
}
