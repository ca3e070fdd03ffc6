import { Column, Entity, Index } from 'typeorm';
import type { DeliveryChannel, DeliveryStatus } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** The WeChat request as built when the notification was written; the worker posts it as is. */
export interface DeliveryBody {
  touser: string;
  template_id: string;
  data: Record<string, { value: string }>;
  page?: string;
  miniprogram_state?: string;
  lang?: string;
  miniprogram?: { appid: string; pagepath: string };
}

/**
 * The outbox: one row per WeChat message to send, written in the transaction of the change
 * that causes it, claimed by a worker with SKIP LOCKED.
 */
@Entity('notification_delivery')
@Index('IDX_delivery_due', ['status', 'nextAttemptAt'])
export class NotificationDelivery {
  @IdColumn() id: number;
  @Index('IDX_delivery_notification') @RefColumn() notificationId: number;
  /** The recipient again, so claiming a row locks nothing but the outbox. */
  @RefColumn() userId: number;
  @Column({ type: 'varchar', length: 20 }) channel: DeliveryChannel;
  @Column({ length: 64 }) touser: string;
  @Column({ length: 128 }) templateId: string;
  @Column({ type: 'json' }) body: DeliveryBody;
  @Column({ type: 'varchar', length: 20 }) status: DeliveryStatus;
  @Column({ type: 'smallint', unsigned: true, default: 0 }) attempts: number;
  /** Pending: when to try next. Sending: when the claim lapses, so a crashed worker's rows come back. */
  @TimeColumn() nextAttemptAt: Date;
  @Column({ type: 'int', nullable: true }) lastErrcode: number | null;
  @Column({ type: 'varchar', length: 300, nullable: true }) lastError: string | null;
  /** int64 beyond 2^53 (WECHAT.md), kept as text. */
  @Column({ type: 'varchar', length: 32, nullable: true }) msgid: string | null;
  @TimeColumn({ nullable: true }) sentAt: Date | null;
  @TimeColumn() createdAt: Date;
  @TimeColumn() updatedAt: Date;
}
