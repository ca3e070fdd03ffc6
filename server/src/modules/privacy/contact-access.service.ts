import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ContactAccessView, Page, Pagination } from '@linli/shared';
import type { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import type { ServiceRequest } from '../requests/request.entity';
import type { ContactAccessKind } from './contact-access.entity';

export interface ContactAccessFilter {
  userId?: number;
  requestId?: number;
  from?: Date;
  to?: Date;
}

interface LogRow {
  id: number;
  userId: number;
  userName: string | null;
  userRole: ContactAccessView['userRole'] | null;
  requestId: number;
  requestNumber: string | null;
  projectId: number;
  projectName: string | null;
  what: ContactAccessKind;
  at: Date;
}

/**
 * The access audit of residents' contact details: one insert per unmasked read (no transaction,
 * no read first), and the admins' listing of it.
 */
@Injectable()
export class ContactAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(
    userId: number,
    request: Pick<ServiceRequest, 'id' | 'projectId'>,
    what: ContactAccessKind,
  ): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO contact_access_log (user_id, request_id, project_id, what, at) VALUES (?, ?, ?, ?, ?)',
      [userId, request.id, request.projectId, what, this.clock.now()],
    );
  }

  async list(filter: ContactAccessFilter, page: Pagination): Promise<Page<ContactAccessView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      where.push(sql);
      params.push(value);
    };
    if (filter.userId) add('l.user_id = ?', filter.userId);
    if (filter.requestId) add('l.request_id = ?', filter.requestId);
    if (filter.from) add('l.at >= ?', filter.from);
    if (filter.to) add('l.at < ?', filter.to);
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(
      `SELECT COUNT(*) AS total FROM contact_access_log l ${condition}`,
      params,
    )) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `SELECT l.id, l.user_id AS userId, u.name AS userName, u.role AS userRole, l.request_id AS requestId,
              r.number AS requestNumber, l.project_id AS projectId, p.name AS projectName, l.what, l.at
         FROM contact_access_log l
         LEFT JOIN \`user\` u ON u.id = l.user_id
         LEFT JOIN request r ON r.id = l.request_id
         LEFT JOIN project p ON p.id = l.project_id
         ${condition}
        ORDER BY l.at DESC, l.id DESC LIMIT ? OFFSET ?`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    )) as LogRow[];
    return { items: rows.map(toView), total: Number(total), page: page.page, pageSize: page.pageSize };
  }
}

function toView(row: LogRow): ContactAccessView {
  return {
    id: Number(row.id),
    userId: Number(row.userId),
    userName: row.userName ?? '',
    userRole: row.userRole,
    requestId: Number(row.requestId),
    requestNumber: row.requestNumber ?? '',
    projectId: Number(row.projectId),
    projectName: row.projectName ?? '',
    what: row.what,
    at: new Date(row.at).toISOString(),
  };
}
