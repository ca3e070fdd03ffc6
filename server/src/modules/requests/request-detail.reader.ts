import { APPROVAL_TYPES, type ApprovalType } from '@linli/shared';
import type { EntityManager } from 'typeorm';
import type { DispatchMode } from '../organization/department.entity';
import type { Photo } from '../photos/photo.entity';
import { rowToEntity } from '../../database/row-sql';
import type { Category } from '../categories/category.entity';
import type { Department } from '../organization/department.entity';
import type { Room } from '../houses/room.entity';
import type { User } from '../users/user.entity';
import type { RequestEvent } from './request-event.entity';
import type { RequestRating } from './request-rating.entity';
import { ServiceRequest } from './request.entity';

/** Everything the detail page shows of one request, as one read gives it. */
export interface RequestRecord {
  request: ServiceRequest;
  events: RequestEvent[];
  ratings: RequestRating[];
  photos: Array<Pick<Photo, 'id' | 'eventId' | 'width' | 'height' | 'size' | 'mime' | 'mediaCheck'>>;
  assigneeTitle: string | null;
  assigneeDepartmentName: string | null;
  firstContactName: string | null;
  /** The types awaiting a decision (one at most of each: approvals refuses a second). */
  pendingApprovalTypes: ApprovalType[];
}

/**
 * The request, its names, its timeline, ratings, photos and pending approval types in ONE
 * statement (issue 11): the lists of a request are aggregated as JSON by the database (MySQL
 * 5.7.22+ and MariaDB 10.5+), so the detail page and the answer to every step cost one round trip
 * instead of eight. The pending approvals are read through IDX_approval_request (request, status).
 */
const DETAIL_SQL = `
SELECT r.*,
       c.name AS j_category_name, d.name AS j_department_name, d.dispatch_mode AS j_department_mode,
       a.name AS j_assignee_name, a.phone AS j_assignee_phone, am.title AS j_assignee_title,
       ad.name AS j_assignee_department, fc.name AS j_first_contact_name,
       rm.name AS j_room_name, rm.project_id AS j_room_project_id, rm.building_id AS j_room_building_id,
       rm.unit_id AS j_room_unit_id, rm.floor AS j_room_floor,
       p.name AS j_project_name, b.name AS j_building_name, un.name AS j_unit_name,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'id', e.id, 'actorUserId', e.actor_user_id, 'actorRole', e.actor_role, 'actorName', e.actor_name,
          'action', e.action, 'fromStatus', e.from_status, 'toStatus', e.to_status, 'note', e.note,
          'data', e.data, 'internal', e.internal, 'contentCheck', e.content_check, 'createdAt', e.created_at))
          FROM request_event e WHERE e.request_id = r.id) AS j_events,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'id', x.id, 'eventId', x.event_id, 'round', x.round, 'source', x.source, 'satisfaction', x.satisfaction,
          'speed', x.speed, 'quality', x.quality, 'attitude', x.attitude, 'comment', x.comment,
          'shortcomings', x.shortcomings, 'suggestions', x.suggestions, 'byUserId', x.by_user_id,
          'byName', x.by_name, 'createdAt', x.created_at))
          FROM request_rating x WHERE x.request_id = r.id) AS j_ratings,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
          'id', ph.id, 'eventId', ph.event_id, 'width', ph.width, 'height', ph.height, 'size', ph.size, 'mime', ph.mime,
          'mediaCheck', ph.media_check))
          FROM photo ph WHERE ph.request_id = r.id) AS j_photos,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT('type', ap.type))
          FROM approval ap WHERE ap.request_id = r.id AND ap.status = 'pending') AS j_pending_approvals
  FROM request r
  LEFT JOIN category c ON c.id = r.category_id
  LEFT JOIN department d ON d.id = r.department_id
  LEFT JOIN \`user\` a ON a.id = r.assignee_user_id
  LEFT JOIN staff_member am ON am.user_id = r.assignee_user_id
  LEFT JOIN department ad ON ad.id = am.department_id
  LEFT JOIN \`user\` fc ON fc.id = r.first_contact_user_id
  LEFT JOIN room rm ON rm.id = r.room_id
  LEFT JOIN project p ON p.id = rm.project_id
  LEFT JOIN building b ON b.id = rm.building_id
  LEFT JOIN unit un ON un.id = rm.unit_id
 WHERE r.id = ?`;

/** JSON text the database made: a nested JSON column may arrive as text (MariaDB) or as JSON (MySQL). */
function jsonOf<T>(value: unknown): T[] | 'cut' {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'string') return value as T[];
  try {
    return JSON.parse(value) as T[];
  } catch {
    // Longer than the connection's group_concat_max_len: cut short, read the lists one by one.
    return 'cut';
  }
}

const LIST_SQL = {
  events:
    'SELECT id, actor_user_id AS actorUserId, actor_role AS actorRole, actor_name AS actorName, action, from_status AS fromStatus, to_status AS toStatus, note, data, internal, content_check AS contentCheck, created_at AS createdAt FROM request_event WHERE request_id = ?',
  ratings:
    'SELECT id, event_id AS eventId, round, source, satisfaction, speed, quality, attitude, comment, shortcomings, suggestions, by_user_id AS byUserId, by_name AS byName, created_at AS createdAt FROM request_rating WHERE request_id = ?',
  photos:
    'SELECT id, event_id AS eventId, width, height, size, mime, media_check AS mediaCheck FROM photo WHERE request_id = ?',
  pendingApprovals: "SELECT type FROM approval WHERE request_id = ? AND status = 'pending'",
};

async function listOf<T>(
  manager: EntityManager,
  id: number,
  list: keyof typeof LIST_SQL,
  value: unknown,
): Promise<T[]> {
  const parsed = jsonOf<T>(value);
  return parsed === 'cut' ? ((await manager.query(LIST_SQL[list], [id])) as T[]) : parsed;
}

/** `2026-12-02 12:40:10.123` (MariaDB) or `…10.123000` (MySQL), stored in UTC; a Date from the fallback. */
function utc(value: string | Date): Date {
  if (value instanceof Date) return value;
  const [day, time] = value.split(/[ T]/);
  return new Date(`${day}T${time.slice(0, 12)}Z`);
}

const byTime = (a: RequestEvent, b: RequestEvent) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;

export async function readRequestRecord(manager: EntityManager, id: number): Promise<RequestRecord | null> {
  const [row] = (await manager.query(DETAIL_SQL, [id])) as Array<Record<string, unknown>>;
  if (!row) return null;
  const request = rowToEntity(manager, ServiceRequest, row);
  const name = (key: string) => (row[key] === null || row[key] === undefined ? null : String(row[key]));
  if (row.category_id !== null)
    request.category = { id: request.categoryId, name: name('j_category_name') ?? '' } as Category;
  request.department =
    request.departmentId === null
      ? null
      : ({
          id: request.departmentId,
          name: name('j_department_name') ?? '',
          dispatchMode: row.j_department_mode as DispatchMode,
        } as Department);
  request.assignee =
    request.assigneeUserId === null
      ? null
      : ({ id: request.assigneeUserId, name: name('j_assignee_name') ?? '', phone: name('j_assignee_phone') } as User);
  request.room =
    request.roomId === null
      ? null
      : ({
          id: request.roomId,
          name: name('j_room_name') ?? '',
          projectId: Number(row.j_room_project_id),
          project: { name: name('j_project_name') },
          building: row.j_room_building_id === null ? null : { name: name('j_building_name') },
          unit: row.j_room_unit_id === null ? null : { name: name('j_unit_name') },
        } as unknown as Room);
  const events = (await listOf<Record<string, unknown>>(manager, id, 'events', row.j_events))
    .map(
      (event) =>
        ({
          ...event,
          requestId: id,
          internal: Boolean(Number(event.internal)),
          data: typeof event.data === 'string' ? JSON.parse(event.data) : (event.data ?? null),
          createdAt: utc(event.createdAt as string | Date),
        }) as unknown as RequestEvent,
    )
    .sort(byTime);
  const ratings = (await listOf<Record<string, unknown>>(manager, id, 'ratings', row.j_ratings))
    .map(
      (rating) =>
        ({ ...rating, requestId: id, createdAt: utc(rating.createdAt as string | Date) }) as unknown as RequestRating,
    )
    .sort((a, b) => a.round - b.round || a.id - b.id);
  const photos = (await listOf<RequestRecord['photos'][number]>(manager, id, 'photos', row.j_photos)).sort(
    (a, b) => a.id - b.id,
  );
  const pending = await listOf<{ type: ApprovalType }>(manager, id, 'pendingApprovals', row.j_pending_approvals);
  const pendingTypes = new Set(pending.map((approval) => approval.type));
  return {
    request,
    events,
    ratings,
    photos,
    assigneeTitle: name('j_assignee_title'),
    assigneeDepartmentName: name('j_assignee_department'),
    firstContactName: name('j_first_contact_name'),
    pendingApprovalTypes: APPROVAL_TYPES.filter((type) => pendingTypes.has(type)),
  };
}
