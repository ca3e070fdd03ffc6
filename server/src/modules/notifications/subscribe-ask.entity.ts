import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { SubscribeAnswer, SubscribeMoment } from '@linli/shared';
import { RefColumn, TimeColumn } from '../../database/columns';

/**
 * One wx.requestSubscribeMessage tap as the server asked for it: the template ids it handed the
 * mini-app, good for one report of the answers before it expires. Only what is in here can earn
 * credits, so a client cannot report more 允许 than WeChat showed (WECHAT.md §3).
 */
@Entity('subscribe_ask')
@Index('IDX_subscribe_ask_user', ['userId', 'expiresAt'])
export class SubscribeAsk {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id: string;
  @RefColumn() userId: number;
  @Column({ type: 'varchar', length: 20 }) moment: SubscribeMoment;
  @Column({ type: 'json' }) templateIds: string[];
  /** The answers as reported, kept for the record; null until the report. */
  @Column({ type: 'json', nullable: true }) answers: Record<string, SubscribeAnswer> | null;
  @TimeColumn() expiresAt: Date;
  @TimeColumn({ nullable: true }) usedAt: Date | null;
  @TimeColumn() createdAt: Date;
}
