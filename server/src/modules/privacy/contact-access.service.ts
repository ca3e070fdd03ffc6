import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
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

/** Entries written together: one multi-row INSERT. */
const BATCH = 200;
/** How long an entry may wait for others before it is written. */
const FLUSH_AFTER_MS = 100;
/** While the database refuses them, entries beyond this many are dropped (and counted) rather than held. */
const HOLD_AT_MOST = 10_000;

interface Entry {
  userId: number;
  requestId: number;
  projectId: number;
  what: ContactAccessKind;
  at: Date;
}

/**
 * The access audit of residents' contact details, and the admins' listing of it. Every unmasked
 * read is one entry, but the reads do not wait for it: entries are gathered for up to
 * FLUSH_AFTER_MS and written in one statement (issue 11: an INSERT and its commit per detail
 * view was a third of the detail's round trips). An entry keeps the time of the read. What is
 * at stake is under a second of entries if the process is killed outright; a normal stop writes
 * them first, and this instance's listing writes them before it reads.
 */
@Injectable()
export class ContactAccessService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ContactAccessService.name);
  private pending: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private dropped = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  record(userId: number, request: Pick<ServiceRequest, 'id' | 'projectId'>, what: ContactAccessKind): void {
    if (this.pending.length >= HOLD_AT_MOST) {
      this.dropped++;
      return;
    }
    this.pending.push({ userId, requestId: request.id, projectId: request.projectId, what, at: this.clock.now() });
    if (this.pending.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS).unref();
  }

  /** Writes every entry gathered so far; resolves once they are stored (or have failed and wait for the next try). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // One write at a time, so entries reach the table in the order they were made.
    while (this.writing) await this.writing;
    if (!this.pending.length) return;
    const entries = this.pending.splice(0, BATCH);
    let written = false;
    this.writing = this.write(entries)
      .then((ok) => void (written = ok))
      .finally(() => (this.writing = null));
    await this.writing;
    // After a failure the entries wait for the retry timer, not for a loop against a database that refuses.
    if (written && this.pending.length) await this.flush();
  }

  private async write(entries: Entry[]): Promise<boolean> {
    try {
      await this.dataSource.query(
        `INSERT INTO contact_access_log (user_id, request_id, project_id, what, at) VALUES ${entries.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        entries.flatMap((entry) => [entry.userId, entry.requestId, entry.projectId, entry.what, entry.at]),
      );
      if (this.dropped) {
        this.logger.warn(`${this.dropped} contact-access entries were dropped while the database refused them`);
        this.dropped = 0;
      }
      return true;
    } catch (error) {
      // Kept for the next try (the database may be down for a while): the audit must not be lost
      // to a short outage, nor may a long one stop the reads it records.
      this.pending.unshift(...entries.slice(0, HOLD_AT_MOST - this.pending.length));
      this.logger.warn({ err: error }, `${entries.length} contact-access entries not written yet`);
      this.timer ??= setTimeout(() => void this.flush(), 5_000).unref();
      return false;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  async list(filter: ContactAccessFilter, page: Pagination): Promise<Page<ContactAccessView>> {
    await this.flush();
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
