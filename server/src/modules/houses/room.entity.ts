import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';
import { Project } from '../organization/project.entity';
import { Building } from './building.entity';
import { Unit } from './unit.entity';

/** A room (房间). Project and building are repeated here so scoping a request by project is one column. */
@Entity('room')
@Index(['unitId', 'name'], { unique: true })
export class Room {
  @IdColumn() id: number;
  @RefColumn() projectId: number;
  @ManyToOne(() => Project) @JoinColumn({ name: 'project_id' }) project?: Project;
  @RefColumn() buildingId: number;
  @ManyToOne(() => Building) @JoinColumn({ name: 'building_id' }) building?: Building;
  @RefColumn() unitId: number;
  @ManyToOne(() => Unit) @JoinColumn({ name: 'unit_id' }) unit?: Unit;
  @Column({ type: 'smallint' }) floor: number;
  /** Door number as residents say it, e.g. 1001. */
  @Column({ length: 20 }) name: string;
  /** 入住 or 空置, as the property company marks it. */
  @Column({ default: true }) occupied: boolean;
}
