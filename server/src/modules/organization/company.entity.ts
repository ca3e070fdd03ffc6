import { Column, Entity } from 'typeorm';
import { CreatedAtColumn, IdColumn } from '../../database/columns';

/** The property-management company (物业公司): the top of every hierarchy. */
@Entity('company')
export class Company {
  @IdColumn() id: number;
  @Column({ length: 100, unique: true }) name: string;
  @CreatedAtColumn() createdAt: Date;
}
