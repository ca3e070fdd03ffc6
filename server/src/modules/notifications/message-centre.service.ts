import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationView, Page, Pagination, UnreadCount } from '@linli/shared';
import { IsNull, type DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { Notification } from './notification.entity';

/** 消息: every notification a user received, whatever happened on WeChat. */
@Injectable()
export class MessageCentreService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(userId: number, page: Pagination, unreadOnly: boolean): Promise<Page<NotificationView>> {
    const query = this.dataSource.manager
      .createQueryBuilder(Notification, 'n')
      .leftJoin('request', 'r', 'r.id = n.request_id')
      .select('n')
      .addSelect('r.number', 'requestNumber')
      .where('n.user_id = :userId', { userId });
    if (unreadOnly) query.andWhere('n.read_at IS NULL');
    const total = await query.getCount();
    const { entities, raw } = await query
      .orderBy('n.id', 'DESC')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize)
      .getRawAndEntities<{ requestNumber: string | null }>();
    return {
      items: entities.map((entity, index) => toView(entity, raw[index]?.requestNumber ?? null)),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  async unread(userId: number): Promise<UnreadCount> {
    const unread = await this.dataSource.manager.countBy(Notification, { userId, readAt: IsNull() });
    return { unread };
  }

  async markRead(userId: number, id: number): Promise<NotificationView> {
    const found = await this.dataSource.manager.findOneBy(Notification, { id, userId });
    if (!found) throw AppError.notFound('消息');
    if (!found.readAt) {
      found.readAt = this.clock.now();
      await this.dataSource.manager.update(Notification, { id, readAt: IsNull() }, { readAt: found.readAt });
    }
    const [row] = (await this.dataSource.query('SELECT number FROM request WHERE id = ?', [found.requestId])) as Array<{
      number: string;
    }>;
    return toView(found, row?.number ?? null);
  }

  async markAllRead(userId: number): Promise<UnreadCount> {
    await this.dataSource.manager.update(Notification, { userId, readAt: IsNull() }, { readAt: this.clock.now() });
    return { unread: 0 };
  }
}

function toView(entity: Notification, requestNumber: string | null): NotificationView {
  return {
    id: entity.id,
    topic: entity.topic,
    title: entity.title,
    body: entity.body,
    requestId: entity.requestId,
    requestNumber,
    page: entity.page,
    readAt: entity.readAt?.toISOString() ?? null,
    createdAt: entity.createdAt.toISOString(),
  };
}
