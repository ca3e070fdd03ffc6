import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { IdColumn, RefColumn } from '../../database/columns';
import { Building } from './building.entity';

@Entity('unit')
@Index(['buildingId', 'name'], { unique: true })
export class Unit {
  @IdColumn() id: number;
  @RefColumn() buildingId: number;
  @ManyToOne(() => Building) @JoinColumn({ name: 'building_id' }) building?: Building;
  @Column({ length: 30 }) name: string;
  @Column({ type: 'int', default: 0 }) sort: number;
}
