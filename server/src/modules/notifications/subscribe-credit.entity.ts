import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../../database/columns';

/** One-time subscriptions: each 允许 tap earns one send of that template to that user (WECHAT.md §3). */
@Entity('subscribe_credit')
export class SubscribeCredit {
  @PrimaryColumn({ type: 'int', unsigned: true }) userId: number;
  @PrimaryColumn({ type: 'varchar', length: 128 }) templateId: string;
  @Column({ type: 'int', unsigned: true, default: 0 }) credits: number;
  @TimeColumn() updatedAt: Date;
}
