import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAtColumn, IdColumn, RefColumn } from '../../database/columns';
import { Room } from './room.entity';

/** The owner register (业主名册) the company keeps; a binding that matches it needs no review. */
@Entity('owner_register')
@Index(['roomId', 'phone'], { unique: true })
export class OwnerRegisterEntry {
  @IdColumn() id: number;
  @RefColumn() roomId: number;
  @ManyToOne(() => Room) @JoinColumn({ name: 'room_id' }) room?: Room;
  @Column({ length: 40 }) name: string;
  @Column({ length: 20 }) phone: string;
  @Column({ type: 'varchar', length: 20, default: 'owner' }) relation: 'owner' | 'family' | 'tenant';
  /** 面积 (m²) as the company's register gives it; decimals come back from mysql2 as text. */
  @Column({
    type: 'decimal',
    precision: 10,
    scale: 2,
    nullable: true,
    transformer: {
      to: (value: number | null) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  areaSqm: number | null;
  @CreatedAtColumn() createdAt: Date;
}
