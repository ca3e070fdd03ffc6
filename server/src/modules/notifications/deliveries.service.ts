import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryChannel, DeliveryStatus, DeliveryView, NotificationTopic, Page, Pagination } from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { AccessService, type ProjectScope } from '../access/access.service';
import { CreditLedger } from './credit-ledger';
import { NotificationDelivery } from './delivery.entity';
import { NO_CREDIT_REASON } from './outbox/send-outcome';

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

/**
 * A delivery belongs to a project through its notification's request. A message about no
 * request (none is written today) is the company's: only admins see it.
 */
function scopeFilter(scope: ProjectScope): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: '', params: [] };
  return { sql: ' AND r.project_id IN (?)', params: [[0, ...scope.projectIds]] };
}

/**
 * The outbox as managers and admins see it: what failed and why, and a way to send it again.
 * Managers see and retry only their projects' messages (recipients' names and the request's
 * content are in them); another project's delivery is "not found".
 */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly credits: CreditLedger,
    private readonly clock: Clock,
  ) {}

  async list(auth: AuthUser, status: DeliveryStatus, page: Pagination): Promise<Page<DeliveryView>> {
    const scope = scopeFilter(await this.access.projectScope(auth));
    const [{ total }] = (await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id
         LEFT JOIN request r ON r.id = n.request_id
        WHERE d.status = ?${scope.sql}`,
      [status, ...scope.params],
    )) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE d.status = ?${scope.sql} ORDER BY d.updated_at DESC, d.id DESC LIMIT ? OFFSET ?`,
      [status, ...scope.params, page.pageSize, (page.page - 1) * page.pageSize],
    )) as DeliveryRow[];
    return { items: rows.map(toView), total: Number(total), page: page.page, pageSize: page.pageSize };
  }

  /**
   * Back into the queue as new; only failed rows, so a retry never doubles a message in flight.
   * A subscribe message needs a credit like any first send (WECHAT.md §3): a failed row holds
   * none (the worker gave it back, or WeChat said there was none), so the retry takes one; with
   * none left the row stays failed as WeChat would answer (43101) and WeChat is not called.
   */
  async retry(auth: AuthUser, id: number): Promise<DeliveryView> {
    const scope = await this.access.projectScope(auth);
    // Checked before the write: another project's delivery is not found, and stays as it was.
    await this.requireVisible(scope, id);
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        'SELECT channel, status, user_id AS userId, template_id AS templateId FROM notification_delivery WHERE id = ? FOR UPDATE',
        [id],
      )) as Array<{ channel: DeliveryChannel; status: DeliveryStatus; userId: number; templateId: string }>;
      if (!row || row.status !== 'failed') return 'not-failed' as const;
      if (row.channel === 'subscribe' && !(await this.credits.take(manager, Number(row.userId), row.templateId))) {
        await manager.update(
          NotificationDelivery,
          { id },
          { lastErrcode: 43101, lastError: `${NO_CREDIT_REASON}：重试时没有可用的订阅次数，未发送`, updatedAt: now },
        );
        return 'no-credit' as const;
      }
      await manager.update(
        NotificationDelivery,
        { id },
        { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now },
      );
      return 'queued' as const;
    });
    if (outcome === 'not-failed') throw new AppError('CONFLICT', '只有发送失败的消息可以重试');
    if (outcome === 'no-credit') {
      throw new AppError('CONFLICT', '业主没有可用的订阅次数（43101），未重新发送；业主下次在小程序中允许订阅后可再试');
    }
    return this.view(scope, id);
  }

  private async requireVisible(scope: ProjectScope, id: number): Promise<void> {
    const filter = scopeFilter(scope);
    const [row] = (await this.dataSource.query(
      `SELECT d.id FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id
         LEFT JOIN request r ON r.id = n.request_id
        WHERE d.id = ?${filter.sql}`,
      [id, ...filter.params],
    )) as Array<{ id: number }>;
    if (!row) throw AppError.notFound('发送记录');
  }

  private async view(scope: ProjectScope, id: number): Promise<DeliveryView> {
    const filter = scopeFilter(scope);
    const [row] = (await this.dataSource.query(`${SELECT} WHERE d.id = ?${filter.sql}`, [
      id,
      ...filter.params,
    ])) as DeliveryRow[];
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
