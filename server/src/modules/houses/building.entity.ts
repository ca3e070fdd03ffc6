import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';
import { Project } from '../organization/project.entity';

@Entity('building')
@Index(['projectId', 'name'], { unique: true })
export class Building {
  @IdColumn() id: number;
  @RefColumn() projectId: number;
  @ManyToOne(() => Project) @JoinColumn({ name: 'project_id' }) project?: Project;
  @Column({ length: 30 }) name: string;
  @Column({ type: 'int', default: 0 }) sort: number;
}
