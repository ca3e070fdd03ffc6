import {
  residentStatus,
  STATUS_LABELS,
  type Grade,
  type RequestKind,
  type RequestStatus,
  type RequestSummary,
} from '@linli/shared';
import type { DataSource } from 'typeorm';
import { currentDeadline } from '../deadline.view';
import { contentPreview, infoRequestOf } from '../request.view';

/**
 * Who reads the list: the resident's own list shows neither WeChat's verdict on their text nor an
 * undecided invalid ruling (residentStatus).
 */
export type ListReader = 'resident' | 'staff';

/** What a list row shows, read for a page's ids in one statement (the deferred join). */
interface SummaryRow {
  id: number;
  number: string;
  kind: RequestKind;
  status: RequestStatus;
  /** Read only while an invalid ruling waits (what the resident is shown meanwhile). */
  statusBeforeRuling: RequestStatus | null;
  grade: Grade;
  content: string;
  area: string | null;
  createdAt: Date;
  dispatchDueAt: Date | null;
  dispatchedAt: Date | null;
  replyDueAt: Date | null;
  firstRepliedAt: Date | null;
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
  callbackDueAt: Date | null;
  closedAt: Date | null;
  dispatchStartedAt: Date | null;
  resolutionStartedAt: Date | null;
  invalidRuledAt: Date | null;
  invalidDueAt: Date | null;
  urgency: string;
  infoRequest: string | null;
  infoRequestedAt: Date | null;
  round: number;
  urgeCount: number;
  contentFlagged: number | boolean;
  categoryName: string | null;
  departmentName: string | null;
  assigneeName: string | null;
  roomName: string | null;
  projectName: string | null;
  buildingName: string | null;
  unitName: string | null;
}

const SUMMARY_SQL = `
  SELECT r.id, r.number, r.kind, r.status, r.grade, r.content, r.area, r.created_at AS createdAt,
         r.dispatch_due_at AS dispatchDueAt, r.dispatched_at AS dispatchedAt, r.reply_due_at AS replyDueAt,
         r.first_replied_at AS firstRepliedAt, r.resolution_due_at AS resolutionDueAt, r.resolved_at AS resolvedAt,
         r.callback_due_at AS callbackDueAt, r.closed_at AS closedAt, r.round, r.urge_count AS urgeCount,
         r.dispatch_started_at AS dispatchStartedAt, r.resolution_started_at AS resolutionStartedAt,
         r.invalid_ruled_at AS invalidRuledAt, r.invalid_due_at AS invalidDueAt,
         r.urgency, r.info_request AS infoRequest, r.info_requested_at AS infoRequestedAt,
         r.content_flagged AS contentFlagged,
         CASE WHEN r.status = 'invalid_pending' THEN (
           SELECT e.from_status FROM request_event e WHERE e.request_id = r.id AND e.action = 'rule_invalid'
            ORDER BY e.created_at DESC, e.id DESC LIMIT 1) END AS statusBeforeRuling,
         c.name AS categoryName, d.name AS departmentName, a.name AS assigneeName,
         rm.name AS roomName, p.name AS projectName, b.name AS buildingName, u.name AS unitName
    FROM request r
    LEFT JOIN category c ON c.id = r.category_id
    LEFT JOIN department d ON d.id = r.department_id
    LEFT JOIN \`user\` a ON a.id = r.assignee_user_id
    LEFT JOIN room rm ON rm.id = r.room_id
    LEFT JOIN project p ON p.id = rm.project_id
    LEFT JOIN building b ON b.id = rm.building_id
    LEFT JOIN unit u ON u.id = rm.unit_id
   WHERE r.id IN (?)`;

/** The rows of a page in the page's order; ids that vanished in between are left out. */
export async function readSummaries(
  dataSource: DataSource,
  ids: number[],
  now: Date,
  reader: ListReader = 'staff',
): Promise<RequestSummary[]> {
  if (ids.length === 0) return [];
  const rows = (await dataSource.query(SUMMARY_SQL, [ids])) as SummaryRow[];
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toSummary(row, now, reader)] : [];
  });
}

/** The same shape as toRequestSummary gives from entities (request.view.ts). */
function toSummary(row: SummaryRow, now: Date, reader: ListReader): RequestSummary {
  const status = reader === 'resident' ? residentStatus(row.status, row.statusBeforeRuling) : row.status;
  const room = row.roomName
    ? [row.projectName, row.buildingName, row.unitName, row.roomName].filter(Boolean).join(' ')
    : null;
  return {
    id: Number(row.id),
    number: row.number,
    kind: row.kind,
    status,
    statusLabel: STATUS_LABELS[status],
    categoryName: row.categoryName ?? '',
    contentPreview: contentPreview(row.content),
    grade: row.grade,
    roomLabel: room ?? row.area ?? null,
    departmentName: row.departmentName,
    assigneeName: row.assigneeName,
    callbackDueAt: row.callbackDueAt?.toISOString() ?? null,
    deadline: currentDeadline(row, now),
    createdAt: row.createdAt.toISOString(),
    round: Number(row.round),
    urgeCount: Number(row.urgeCount),
    urgent: row.kind === 'repair' && row.urgency === 'urgent',
    infoRequest: infoRequestOf(row.infoRequest, row.infoRequestedAt),
    contentFlagged: reader === 'staff' && Boolean(Number(row.contentFlagged)),
  };
}
