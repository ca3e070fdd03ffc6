import { Column, Entity, Index } from 'typeorm';
import type { NotificationTopic } from '@linli/shared';
import { IdColumn, RefColumn, TimeColumn } from '../../database/columns';

/** One entry of a user's message centre (消息): written for every notification, whatever WeChat does. */
@Entity('notification')
@Index('IDX_notification_user_read', ['userId', 'readAt', 'id'])
export class Notification {
  @IdColumn() id: number;
  @RefColumn() userId: number;
  @RefColumn({ nullable: true }) requestId: number | null;
  @RefColumn({ nullable: true }) eventId: number | null;
  @Column({ type: 'varchar', length: 40 }) topic: NotificationTopic;
  @Column({ length: 60 }) title: string;
  @Column({ length: 500 }) body: string;
  /** The mini-app page the entry opens, with a leading slash. */
  @Column({ type: 'varchar', length: 200, nullable: true }) page: string | null;
  @TimeColumn({ nullable: true }) readAt: Date | null;
  @TimeColumn() createdAt: Date;
}
