import type { Role } from '@linli/shared';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { handlesRequest } from '../../server/src/modules/access/relation-rules';
import { FloorRefusal, type FloorModule, type FloorRequest } from '../support/floor';

/**
 * The floor of the four reads bench/reads.ts measures, on the product's own paths. Each runs
 * the statements the answer needs and nothing else: who the caller is comes from the token's
 * claims unverified (the product verifies it), the staff member's projects are read per call
 * as the product reads them, and a list page is its rows plus the count of its total.
 *
 * The SQL is the product's list contract today (newest first, OFFSET paging, a total): when the
 * product's queries change (keyset paging, no whole-project count), these change with them, so
 * the ratio keeps comparing the product with the same work done bare.
 */

/** What a list row shows (server/src/modules/requests/request.view.ts toRequestSummary). */
const LIST_COLUMNS = `r.id, r.number, r.kind, r.status, r.grade, r.content, r.area, r.created_at AS createdAt,
  r.callback_due_at AS callbackDueAt, r.dispatch_due_at AS dispatchDueAt, r.reply_due_at AS replyDueAt,
  r.resolution_due_at AS resolutionDueAt, c.name AS categoryName, d.name AS departmentName, a.name AS assigneeName,
  p.name AS projectName, b.name AS buildingName, u.name AS unitName, rm.name AS roomName`;
const LIST_JOINS = `LEFT JOIN category c ON c.id = r.category_id
  LEFT JOIN department d ON d.id = r.department_id
  LEFT JOIN \`user\` a ON a.id = r.assignee_user_id
  LEFT JOIN room rm ON rm.id = r.room_id
  LEFT JOIN project p ON p.id = rm.project_id
  LEFT JOIN building b ON b.id = rm.building_id
  LEFT JOIN unit u ON u.id = rm.unit_id`;

const PENDING_TASK = ['dispatched'];
const ACTIVE_TASKS = ['taken', 'in_progress', 'fee_pending', 'on_hold'];
const DONE_TASKS = ['resolved', 'closed'];
const RESIDENT_GROUPS: Record<string, string[]> = {
  open: ['received', 'accepted', 'dispatched', 'taken', 'in_progress', 'fee_pending', 'on_hold', 'invalid_pending'],
  resolved: ['resolved'],
  closed: ['closed', 'invalid', 'cancelled'],
};

interface Caller {
  userId: number;
  role: Role;
}

/** The access token's claims, read and not verified: the floor stands for the database work only. */
function callerOf(request: FloorRequest): Caller {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? header.replace(/^Bearer /, '') : '';
  const payload = token.split('.')[1];
  if (!payload) throw new FloorRefusal(401, 'no token');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; role: Role };
  return { userId: Number(claims.sub), role: claims.role };
}

interface Profile {
  departmentId: number | null;
  /** How the caller's department hands out work: `claim` opens its queue to all its members. */
  dispatchMode: string | null;
  /** null: every project (an administrator). */
  projectIds: number[] | null;
}

async function profileOf(pool: Pool, caller: Caller): Promise<Profile> {
  if (caller.role === 'admin') return { departmentId: null, dispatchMode: null, projectIds: null };
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT sm.department_id AS departmentId, d.dispatch_mode AS dispatchMode, smp.project_id AS projectId
       FROM staff_member sm LEFT JOIN department d ON d.id = sm.department_id
       LEFT JOIN staff_member_project smp ON smp.staff_member_id = sm.id WHERE sm.user_id = ?`,
    [caller.userId],
  );
  return {
    departmentId: rows[0]?.departmentId ?? null,
    dispatchMode: rows[0]?.dispatchMode ?? null,
    projectIds: rows.filter((row) => row.projectId !== null).map((row) => Number(row.projectId)),
  };
}

function paging(query: URLSearchParams): { page: number; pageSize: number } {
  return {
    page: Math.max(1, Number(query.get('page') ?? 1)),
    pageSize: Math.max(1, Number(query.get('pageSize') ?? 10)),
  };
}

/**
 * One page and the total, as the product answers a list. The page is found on the request
 * table alone and joined afterwards (a deferred join), so only its ten rows are joined: the
 * cheapest form of this SQL on the schema as it is.
 */
async function listPage(
  pool: Pool,
  where: string,
  params: unknown[],
  order: string,
  query: URLSearchParams,
): Promise<{ status: number; body: unknown }> {
  const { page, pageSize } = paging(query);
  const [[rows], [[count]]] = await Promise.all([
    pool.query<RowDataPacket[]>(
      `SELECT ${LIST_COLUMNS}
         FROM (SELECT r.id FROM request r WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?) page
         JOIN request r ON r.id = page.id ${LIST_JOINS}
        ORDER BY ${order}`,
      [...params, pageSize, (page - 1) * pageSize],
    ),
    pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS total FROM request r WHERE ${where}`, params),
  ]);
  return { status: 200, body: { items: rows, total: Number(count.total), page, pageSize } };
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

export const floorModule: FloorModule = {
  routes: [
    {
      method: 'GET',
      path: /^\/api\/requests\/mine$/,
      async handle(request) {
        const caller = callerOf(request);
        const status = request.query.get('status');
        const statuses = status ? (RESIDENT_GROUPS[status] ?? [status]) : null;
        return listPage(
          request.pool,
          `r.resident_user_id = ?${statuses ? ` AND r.status IN (${inList(statuses)})` : ''}`,
          [caller.userId, ...(statuses ?? [])],
          'r.created_at DESC, r.id DESC',
          request.query,
        );
      },
    },
    {
      method: 'GET',
      path: /^\/api\/tasks$/,
      async handle(request) {
        const caller = callerOf(request);
        const tab = request.query.get('tab') ?? 'pending';
        const order = tab === 'done' ? 'r.created_at DESC, r.id DESC' : 'r.created_at ASC, r.id DESC';
        if (tab !== 'pending') {
          const statuses = tab === 'active' ? ACTIVE_TASKS : DONE_TASKS;
          return listPage(
            request.pool,
            `r.assignee_user_id = ? AND r.status IN (${inList(statuses)})`,
            [caller.userId, ...statuses],
            order,
            request.query,
          );
        }
        const profile = await profileOf(request.pool, caller);
        const mine = `(r.assignee_user_id = ? AND r.status = ?)`;
        // 抢单: the department's accepted requests in the caller's projects, when it dispatches by claim.
        const claims =
          profile.departmentId !== null &&
          profile.dispatchMode === 'claim' &&
          (profile.projectIds === null || profile.projectIds.length > 0);
        const claimable = claims
          ? ` OR (r.status = 'accepted' AND r.department_id = ?${
              profile.projectIds ? ` AND r.project_id IN (${inList(profile.projectIds)})` : ''
            })`
          : '';
        return listPage(
          request.pool,
          `(${mine}${claimable})`,
          [caller.userId, ...PENDING_TASK, ...(claims ? [profile.departmentId, ...(profile.projectIds ?? [])] : [])],
          order,
          request.query,
        );
      },
    },
    {
      method: 'GET',
      path: /^\/api\/requests$/,
      async handle(request) {
        const caller = callerOf(request);
        const profile = await profileOf(request.pool, caller);
        if (profile.projectIds?.length === 0)
          return { status: 200, body: { items: [], total: 0, ...paging(request.query) } };
        const conditions: string[] = [];
        const params: unknown[] = [];
        if (profile.projectIds) {
          conditions.push(`r.project_id IN (${inList(profile.projectIds)})`);
          params.push(...profile.projectIds);
        }
        const statuses = request.query.get('status')?.split(',').filter(Boolean);
        if (statuses?.length) {
          conditions.push(`r.status IN (${inList(statuses)})`);
          params.push(...statuses);
        }
        const kind = request.query.get('kind');
        if (kind) {
          conditions.push('r.kind = ?');
          params.push(kind);
        }
        const departmentId = request.query.get('departmentId');
        if (departmentId) {
          conditions.push('r.department_id = ?');
          params.push(Number(departmentId));
        }
        return listPage(
          request.pool,
          conditions.length ? conditions.join(' AND ') : 'TRUE',
          params,
          'r.created_at DESC, r.id DESC',
          request.query,
        );
      },
    },
    {
      method: 'GET',
      path: /^\/api\/requests\/(\d+)$/,
      async handle(request) {
        const caller = callerOf(request);
        const id = Number(request.params[0]);
        const { pool } = request;
        const profile = caller.role === 'resident' ? null : await profileOf(pool, caller);
        const [[row]] = await pool.query<RowDataPacket[]>(
          `SELECT r.*, c.name AS categoryName, d.name AS departmentName, d.dispatch_mode AS dispatchMode,
                  a.name AS assigneeName, a.phone AS assigneePhone, asm.title AS assigneeTitle,
                  ad.name AS assigneeDepartmentName, fc.name AS firstContactName,
                  p.name AS projectName, b.name AS buildingName, u.name AS unitName, rm.name AS roomName
             FROM request r ${LIST_JOINS}
             LEFT JOIN staff_member asm ON asm.user_id = r.assignee_user_id
             LEFT JOIN department ad ON ad.id = asm.department_id
             LEFT JOIN \`user\` fc ON fc.id = r.first_contact_user_id
            WHERE r.id = ?`,
          [id],
        );
        const visible =
          row &&
          (profile === null
            ? Number(row.resident_user_id) === caller.userId
            : profile.projectIds === null || profile.projectIds.includes(Number(row.project_id)));
        if (!visible) throw new FloorRefusal(404, 'no such request');
        const [[events], [ratings], [photos]] = await Promise.all([
          pool.query<RowDataPacket[]>('SELECT * FROM request_event WHERE request_id = ? ORDER BY created_at, id', [id]),
          pool.query<RowDataPacket[]>('SELECT * FROM request_rating WHERE request_id = ? ORDER BY round', [id]),
          pool.query<RowDataPacket[]>('SELECT * FROM photo WHERE request_id = ? ORDER BY id', [id]),
        ]);
        // Staff handling the request see the resident's phone, and each such reading is logged (docs/security.md).
        const handling =
          profile !== null &&
          handlesRequest(
            {
              userId: caller.userId,
              role: caller.role,
              departmentId: profile.departmentId,
              projectIds: profile.projectIds ?? 'all',
            },
            {
              projectId: Number(row.project_id),
              departmentId: row.department_id,
              assigneeUserId: row.assignee_user_id,
              firstContactUserId: row.first_contact_user_id,
            },
          );
        if (handling) {
          await pool.query(
            "INSERT INTO contact_access_log (user_id, request_id, project_id, what, at) VALUES (?, ?, ?, 'detail', ?)",
            [caller.userId, id, row.project_id, new Date()],
          );
        }
        return { status: 200, body: { ...row, events, ratings, photos } };
      },
    },
  ],
};
