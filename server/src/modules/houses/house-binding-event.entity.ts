import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { HouseBindingStatus } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';
import { HouseBinding } from './house-binding.entity';

/** submit: a new claim, or one made again after a refusal or a withdrawal; correct: 修改 of a pending one. */
export type HouseBindingAction = 'submit' | 'correct' | 'withdraw' | 'approve' | 'reject';

/**
 * One step of a claim to a room, as it was: who, when, what it said (name, phone, verified) and
 * why (a refusal's reason). The binding row holds only the latest state.
 */
@Entity('house_binding_event')
@Index('IDX_house_binding_event_binding', ['bindingId', 'id'])
export class HouseBindingEvent {
  @IdColumn() id: number;
  @RefColumn() bindingId: number;
  @ManyToOne(() => HouseBinding) @JoinColumn({ name: 'binding_id' }) binding?: HouseBinding;
  /** The resident for their own steps, the reviewer for a decision. */
  @RefColumn() actorUserId: number;
  @Column({ type: 'varchar', length: 20 }) action: HouseBindingAction;
  /** The claim's status after the step. */
  @Column({ type: 'varchar', length: 20 }) status: HouseBindingStatus;
  @Column({ length: 40 }) name: string;
  @Column({ length: 20 }) phone: string;
  @Column() phoneVerified: boolean;
  @Column({ type: 'varchar', length: 200, nullable: true }) note: string | null;
  @TimeColumn() createdAt: Date;
}
