import { Column, Entity, Index } from 'typeorm';
import type { EscalationLevel, EscalationReason } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** A level a request reached for one reason; unique, so each level is taken once per deadline. */
@Entity('escalation')
@Index('IDX_escalation_once', ['requestId', 'reason', 'dueKey', 'level'], { unique: true })
export class Escalation {
  @IdColumn() id: number;
  @RefColumn() requestId: number;
  @Column({ type: 'varchar', length: 20 }) reason: EscalationReason;
  @Column({ length: 30 }) dueKey: string;
  @Column({ type: 'tinyint', unsigned: true }) level: EscalationLevel;
  @RefColumn({ nullable: true }) eventId: number | null;
  @TimeColumn() createdAt: Date;
}
