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
  @CreatedAtColumn() createdAt: Date;
}
