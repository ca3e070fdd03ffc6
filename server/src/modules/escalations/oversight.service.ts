import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  deadlineState,
  ESCALATION_LEVEL_LABELS,
  ESCALATION_REASON_LABELS,
  type BoardRow,
  type DeadlineState,
  type BoardView,
  type EscalatedRequest,
  type EscalationLevel,
  type Page,
  type Pagination,
  type UnreachableRow,
} from '@linli/shared';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AccessService } from '../access/access.service';
import { climb, ladderFor } from '../notifications/recipient-directory';
import { ReferenceDataService } from '../reference/reference-data.service';
import { runningLimits, type DeadlineFields } from '../requests/deadline.view';
import { contentPreview } from '../requests/request.view';

type OpenRow = DeadlineFields & {
  projectId: number;
  projectName: string;
  departmentId: number | null;
  departmentName: string | null;
  assigneeUserId: number | null;
  assigneeName: string | null;
};

/** A row's worst running limit: one overdue limit makes the row overdue, else one nearing makes it nearing. */
function worstState(row: OpenRow, now: Date): DeadlineState | null {
  const states = runningLimits(row).map((limit) =>
    deadlineState({ start: limit.startAt, due: limit.dueAt, now, doneAt: null }),
  );
  if (states.includes('overdue')) return 'overdue';
  if (states.includes('nearing')) return 'nearing';
  return states.length ? 'ok' : null;
}

/** What the admin tab shows besides approvals: the live board and the caller's escalations. */
@Injectable()
export class OversightService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly reference: ReferenceDataService,
  ) {}

  /**
   * Open work per department and per person, with how much of it is nearing or past a limit that
   * runs now (the limits the sweep escalates, each counted from its own start: a second round
   * from its reopening; an invalid ruling's explanation while it waits for approval).
   * Supervisors see their department, managers their projects, admins everything.
   */
  async board(auth: AuthUser): Promise<BoardView> {
    const profile = await this.access.profile(auth);
    const where: string[] = ["r.status NOT IN ('resolved', 'closed', 'invalid', 'cancelled')"];
    const params: unknown[] = [];
    if (profile.projectIds !== 'all') {
      where.push('r.project_id IN (?)');
      params.push([0, ...profile.projectIds]);
    }
    if (profile.role === 'supervisor') {
      where.push('r.department_id = ?');
      params.push(profile.departmentId ?? 0);
    }
    const rows = (await this.dataSource.query(
      `SELECT r.project_id AS projectId, p.name AS projectName,
              r.department_id AS departmentId, d.name AS departmentName, r.assignee_user_id AS assigneeUserId,
              u.name AS assigneeName, r.status, r.created_at AS createdAt,
              r.dispatch_due_at AS dispatchDueAt, r.dispatch_started_at AS dispatchStartedAt,
              r.dispatched_at AS dispatchedAt, r.reply_due_at AS replyDueAt, r.first_replied_at AS firstRepliedAt,
              r.resolution_due_at AS resolutionDueAt, r.resolution_started_at AS resolutionStartedAt,
              r.resolved_at AS resolvedAt, r.callback_due_at AS callbackDueAt, r.closed_at AS closedAt,
              r.invalid_ruled_at AS invalidRuledAt, r.invalid_due_at AS invalidDueAt
         FROM request r
         JOIN project p ON p.id = r.project_id
         LEFT JOIN department d ON d.id = r.department_id
         LEFT JOIN \`user\` u ON u.id = r.assignee_user_id
        WHERE ${where.join(' AND ')}`,
      params,
    )) as OpenRow[];
    const now = this.clock.now();
    const departments = new Map<string, BoardRow>();
    const people = new Map<string, BoardRow>();
    const bump = (map: Map<string, BoardRow>, key: string, seed: () => BoardRow, state: string | null) => {
      const row = map.get(key) ?? map.set(key, seed()).get(key)!;
      row.open += 1;
      if (state === 'nearing') row.nearing += 1;
      if (state === 'overdue') row.overdue += 1;
    };
    for (const row of rows) {
      const state = worstState(row, now);
      const departmentId = row.departmentId === null ? null : Number(row.departmentId);
      const departmentName = row.departmentName ?? '待分派';
      bump(departments, String(departmentId), () => blank(departmentId, departmentName, null, departmentName), state);
      if (row.assigneeUserId !== null) {
        const userId = Number(row.assigneeUserId);
        bump(people, String(userId), () => blank(departmentId, departmentName, userId, row.assigneeName ?? ''), state);
      }
    }
    const byLoad = (a: BoardRow, b: BoardRow) => b.overdue - a.overdue || b.nearing - a.nearing || b.open - a.open;
    return {
      departments: [...departments.values()].sort(byLoad),
      people: [...people.values()].sort(byLoad),
      unreachable: await this.unreachable(rows),
      asOf: now.toISOString(),
    };
  }

  /**
   * Per department and project with open work: whether its own level hears a notice (a phone
   * that rings), from the cached set-up by the notifier's own ladder. Those that do not are
   * listed, 无人可通知 (nobody at any level) first.
   */
  private async unreachable(rows: OpenRow[]): Promise<UnreachableRow[]> {
    const snapshot = await this.reference.snapshot();
    const groups = new Map<string, UnreachableRow>();
    for (const row of rows) {
      const departmentId = row.departmentId === null ? null : Number(row.departmentId);
      const projectId = Number(row.projectId);
      const key = `${departmentId}:${projectId}`;
      const known = groups.get(key);
      if (known) {
        known.open += 1;
        continue;
      }
      const request = { departmentId, projectId, assigneeUserId: null, firstContactUserId: null };
      const levels = ladderFor(snapshot, 'handler', request) ?? [];
      const { heardAt, gaps } = climb(snapshot, levels, null);
      groups.set(key, {
        departmentId,
        departmentName: row.departmentName ?? '待分派',
        projectId,
        projectName: row.projectName,
        open: 1,
        heardBy: heardAt === levels[0] ? '' : (heardAt?.label ?? null),
        reason: gaps.join('，'),
      });
    }
    return [...groups.values()]
      .filter((row) => row.heardBy !== '')
      .sort((a, b) => Number(a.heardBy !== null) - Number(b.heardBy !== null) || b.open - a.open);
  }

  /** Requests that climbed to the caller, each with the latest level it reached for them. */
  async mine(auth: AuthUser, page: Pagination, openOnly: boolean): Promise<Page<EscalatedRequest>> {
    const filter = `FROM escalation e
       JOIN notification n ON n.event_id = e.event_id AND n.user_id = ?
       JOIN request r ON r.id = e.request_id
       JOIN category c ON c.id = r.category_id
      WHERE e.id = (SELECT MAX(e2.id) FROM escalation e2
                      JOIN notification n2 ON n2.event_id = e2.event_id AND n2.user_id = ?
                     WHERE e2.request_id = e.request_id)
        ${openOnly ? "AND r.status NOT IN ('resolved', 'closed', 'invalid', 'cancelled')" : ''}`;
    const [{ total }] = (await this.dataSource.query(`SELECT COUNT(*) AS total ${filter}`, [
      auth.userId,
      auth.userId,
    ])) as Array<{ total: number }>;
    const rows = (await this.dataSource.query(
      `SELECT r.id AS requestId, r.number, r.kind, r.status, c.name AS categoryName, r.content, e.level, e.reason,
              e.created_at AS escalatedAt, r.resolution_due_at AS resolutionDueAt
         ${filter}
        ORDER BY e.id DESC LIMIT ? OFFSET ?`,
      [auth.userId, auth.userId, page.pageSize, (page.page - 1) * page.pageSize],
    )) as Array<{
      requestId: number;
      number: string;
      kind: EscalatedRequest['kind'];
      status: EscalatedRequest['status'];
      categoryName: string;
      content: string;
      level: number;
      reason: EscalatedRequest['reason'];
      escalatedAt: Date;
      resolutionDueAt: Date | null;
    }>;
    return {
      items: rows.map((row) => ({
        requestId: Number(row.requestId),
        number: row.number,
        kind: row.kind,
        status: row.status,
        categoryName: row.categoryName,
        contentPreview: contentPreview(row.content),
        level: Number(row.level),
        levelLabel: ESCALATION_LEVEL_LABELS[Number(row.level) as EscalationLevel],
        reason: row.reason,
        reasonLabel: ESCALATION_REASON_LABELS[row.reason],
        escalatedAt: new Date(row.escalatedAt).toISOString(),
        resolutionDueAt: row.resolutionDueAt ? new Date(row.resolutionDueAt).toISOString() : null,
      })),
      total: Number(total),
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}

function blank(departmentId: number | null, departmentName: string, userId: number | null, name: string): BoardRow {
  return { departmentId, departmentName, userId, name, open: 0, nearing: 0, overdue: 0 };
}
