import {
  listQuerySchema,
  REQUEST_KINDS,
  REQUEST_STATUSES,
  type ListQuery,
  type RequestKind,
  type RequestStatus,
  type Role,
} from '@linli/shared';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { ReferenceDataService } from '../../server/src/modules/reference/reference-data.service';
import type { AuthUser } from '../../server/src/common/auth/auth-user';
import type { Clock } from '../../server/src/common/clock/clock';
import type { AccessService } from '../../server/src/modules/access/access.service';
import type { StaffProfile } from '../../server/src/modules/access/action-rules';
import {
  NO_DESK_FILTER,
  RequestListsService,
  RESIDENT_STATUS_GROUPS,
} from '../../server/src/modules/requests/lists/request-lists.service';
import { FloorRefusal, type FloorModule, type FloorRequest } from '../support/floor';

/**
 * The floor of the four reads bench/reads.ts measures, on the product's own paths.
 *
 * The lists run the product's own list code (server/src/modules/requests/lists: the keyset
 * plans, their SQL and the summary rows) on a bare mysql2 pool, so the floor issues exactly
 * the statements the product does, whatever they become, and only the framework, the ORM and
 * the token check are left out. The detail is written out here: the request with what its page
 * shows, its timeline, ratings and photos, and the contact-access row the product's rule asks
 * for (the product reads these through TypeORM in more statements).
 *
 * Who calls comes from the token's claims, read and not verified; a staff member's department
 * and projects are read on each call, as the product reads them.
 */

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

async function profileOf(pool: Pool, caller: Caller): Promise<StaffProfile> {
  if (caller.role === 'admin')
    return { userId: caller.userId, role: caller.role, departmentId: null, projectIds: 'all' };
  if (caller.role === 'resident')
    return { userId: caller.userId, role: caller.role, departmentId: null, projectIds: [] };
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT sm.department_id AS departmentId, smp.project_id AS projectId
       FROM staff_member sm LEFT JOIN staff_member_project smp ON smp.staff_member_id = sm.id WHERE sm.user_id = ?`,
    [caller.userId],
  );
  return {
    userId: caller.userId,
    role: caller.role,
    departmentId: rows[0]?.departmentId ?? null,
    projectIds: rows.filter((row) => row.projectId !== null).map((row) => Number(row.projectId)),
  };
}

/** The product's list service on the floor's pool: its constructor takes what it reads, nothing of Nest. */
function listsOn(pool: Pool): RequestListsService {
  const dataSource = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params))[0] };
  const access = { profile: (auth: AuthUser) => profileOf(pool, auth) };
  const clock = { now: () => new Date() };
  // Read only for the desk's handler filter, which none of the bench's reads uses.
  const reference = {
    snapshot: () => Promise.reject(new Error('the floor serves no list filtered by handler')),
  };
  return new RequestListsService(
    dataSource as unknown as DataSource,
    access as unknown as AccessService,
    clock as unknown as Clock,
    reference as unknown as ReferenceDataService,
  );
}

function listQuery(query: URLSearchParams): ListQuery {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw new FloorRefusal(400, 'bad paging');
  return parsed.data;
}

const asAuth = (caller: Caller): AuthUser => ({ userId: caller.userId, role: caller.role, name: '' });

/** What the detail page shows beside the request's own columns. */
const DETAIL_JOINS = `LEFT JOIN category c ON c.id = r.category_id
  LEFT JOIN department d ON d.id = r.department_id
  LEFT JOIN \`user\` a ON a.id = r.assignee_user_id
  LEFT JOIN room rm ON rm.id = r.room_id
  LEFT JOIN project p ON p.id = rm.project_id
  LEFT JOIN building b ON b.id = rm.building_id
  LEFT JOIN unit u ON u.id = rm.unit_id
  LEFT JOIN staff_member asm ON asm.user_id = r.assignee_user_id
  LEFT JOIN department ad ON ad.id = asm.department_id
  LEFT JOIN \`user\` fc ON fc.id = r.first_contact_user_id`;

let lists: RequestListsService;
const ok = (body: unknown) => ({ status: 200, body });

export const floorModule: FloorModule = {
  prepare: async (pool) => {
    lists = listsOn(pool);
  },
  routes: [
    {
      method: 'GET',
      path: /^\/api\/requests\/mine$/,
      async handle(request) {
        const status = request.query.get('status');
        const statuses = status
          ? ((RESIDENT_STATUS_GROUPS as Record<string, RequestStatus[]>)[status] ?? [status as RequestStatus])
          : null;
        return ok(await lists.listMine(asAuth(callerOf(request)), statuses, listQuery(request.query)));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/tasks$/,
      async handle(request) {
        const tab = (request.query.get('tab') ?? 'pending') as 'pending' | 'active' | 'done';
        return ok(await lists.tasks(asAuth(callerOf(request)), tab, listQuery(request.query)));
      },
    },
    {
      method: 'GET',
      path: /^\/api\/requests$/,
      async handle(request) {
        const statuses = request.query.get('status')?.split(',').filter(Boolean) as RequestStatus[] | undefined;
        if (statuses?.some((status) => !REQUEST_STATUSES.includes(status))) throw new FloorRefusal(400, 'bad status');
        const kind = request.query.get('kind') as RequestKind | null;
        if (kind && !REQUEST_KINDS.includes(kind)) throw new FloorRefusal(400, 'bad kind');
        const departmentId = request.query.get('departmentId');
        return ok(
          await lists.listForDesk(
            asAuth(callerOf(request)),
            {
              ...NO_DESK_FILTER,
              statuses: statuses?.length ? statuses : null,
              kind: kind || null,
              departmentId: departmentId ? Number(departmentId) : null,
            },
            listQuery(request.query),
          ),
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
             FROM request r ${DETAIL_JOINS}
            WHERE r.id = ?`,
          [id],
        );
        const visible =
          row &&
          (profile === null
            ? Number(row.resident_user_id) === caller.userId
            : profile.projectIds === 'all' || profile.projectIds.includes(Number(row.project_id)));
        if (!visible) throw new FloorRefusal(404, 'no such request');
        const [[events], [ratings], [photos]] = await Promise.all([
          pool.query<RowDataPacket[]>('SELECT * FROM request_event WHERE request_id = ? ORDER BY created_at, id', [id]),
          pool.query<RowDataPacket[]>('SELECT * FROM request_rating WHERE request_id = ? ORDER BY round', [id]),
          pool.query<RowDataPacket[]>('SELECT * FROM photo WHERE request_id = ? ORDER BY id', [id]),
        ]);
        // Staff handling the request see the resident's phone, and each such reading is logged
        // (docs/security.md); the product writes those entries in batches off the answer's path
        // (one INSERT per 200 views at most), a cost too small per view for the floor to mirror.
        return { status: 200, body: { ...row, events, ratings, photos } };
      },
    },
  ],
};
