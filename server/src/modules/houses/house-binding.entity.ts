import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { HouseBindingStatus } from '@linli/shared';
import { CreatedAtColumn, IdColumn, RefColumn, TimeColumn, UpdatedAtColumn } from '../../database/columns';
import { User } from '../users/user.entity';
import { Room } from './room.entity';

/**
 * A resident's claim to a room: bound at once only for a phone WeChat verified that matches the
 * register of a room nobody holds yet, else pending a receptionist.
 */
@Entity('house_binding')
@Index(['userId', 'roomId'], { unique: true })
// Whether a room already has a bound resident decides every new claim to it.
@Index('IDX_house_binding_room_status', ['roomId', 'status'])
export class HouseBinding {
  @IdColumn() id: number;
  @RefColumn() userId: number;
  @ManyToOne(() => User) @JoinColumn({ name: 'user_id' }) user?: User;
  @RefColumn() roomId: number;
  @ManyToOne(() => Room) @JoinColumn({ name: 'room_id' }) room?: Room;
  @Column({ length: 40 }) name: string;
  @Column({ length: 20 }) phone: string;
  /** The phone is the one WeChat verified for this resident, not only typed. */
  @Column({ default: false }) phoneVerified: boolean;
  @Index() @Column({ type: 'varchar', length: 20 }) status: HouseBindingStatus;
  @RefColumn({ nullable: true }) reviewedByUserId: number | null;
  @TimeColumn({ nullable: true }) reviewedAt: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) rejectReason: string | null;
  @CreatedAtColumn() createdAt: Date;
  @UpdatedAtColumn() updatedAt: Date;
}
