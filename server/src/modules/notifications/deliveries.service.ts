import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryStatus, DeliveryView, NotificationTopic, Page, Pagination } from '@linli/shared';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { NotificationDelivery } from './delivery.entity';

interface DeliveryRow {
  id: number;
  notificationId: number;
  channel: DeliveryView['channel'];
  status: DeliveryStatus;
  recipientName: string;
  topic: NotificationTopic;
  title: string;
  requestNumber: string | null;
  attempts: number;
  lastErrcode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = `SELECT d.id, d.notification_id AS notificationId, d.channel, d.status, u.name AS recipientName,
       n.topic, n.title, r.number AS requestNumber, d.attempts, d.last_errcode AS lastErrcode,
       d.last_error AS lastError, d.created_at AS createdAt, d.updated_at AS updatedAt
  FROM notification_delivery d
  JOIN notification n ON n.id = d.notification_id
  JOIN \`user\` u ON u.id = d.user_id
  LEFT JOIN request r ON r.id = n.request_id`;

/** The outbox as admins see it: what failed and why, and a way to send it again. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(status: DeliveryStatus, page: Pagination): Promise<Page<DeliveryView>> {
    const [{ total }] = (await this.dataSource.query(
      'SELECT COUNT(*) AS total FROM notification_delivery WHERE status = ?',
      [status],
    )) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE d.status = ? ORDER BY d.updated_at DESC, d.id DESC LIMIT ? OFFSET ?`,
      [status, page.pageSize, (page.page - 1) * page.pageSize],
    )) as DeliveryRow[];
    return { items: rows.map(toView), total: Number(total), page: page.page, pageSize: page.pageSize };
  }

  /** Back into the queue as new; only failed rows, so a retry never doubles a message in flight. */
  async retry(id: number): Promise<DeliveryView> {
    const now = this.clock.now();
    const changed = await this.dataSource.manager.update(
      NotificationDelivery,
      { id, status: 'failed' },
      { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now },
    );
    if (!changed.affected) {
      const exists = await this.dataSource.manager.existsBy(NotificationDelivery, { id });
      if (!exists) throw AppError.notFound('发送记录');
      throw new AppError('CONFLICT', '只有发送失败的消息可以重试');
    }
    return this.view(id);
  }

  async view(id: number): Promise<DeliveryView> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE d.id = ?`, [id])) as DeliveryRow[];
    if (!row) throw AppError.notFound('发送记录');
    return toView(row);
  }
}

function toView(row: DeliveryRow): DeliveryView {
  return {
    id: Number(row.id),
    notificationId: Number(row.notificationId),
    channel: row.channel,
    status: row.status,
    recipientName: row.recipientName,
    topic: row.topic,
    title: row.title,
    requestNumber: row.requestNumber,
    attempts: Number(row.attempts),
    lastErrcode: row.lastErrcode === null ? null : Number(row.lastErrcode),
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}
