import { randomBytes } from 'node:crypto';
import { RequestMethod, type Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  SETTING_KEYS,
  type AdminProjectView,
  type AuthTokens,
  type CategoryAdminTree,
  type CreatedInvitation,
  type DeliveryView,
  type InvitationView,
  type Page,
  type PcLoginTicket,
  type RegisterImportReport,
  type RequestDetail,
  type SessionView,
  type SettingView,
  type StaffFormOptions,
  type StaffMemberView,
} from '@linli/shared';
import { IdempotencyInterceptor } from '../src/common/idempotency/idempotency.interceptor';
import { RATE_LIMIT_METADATA } from '../src/common/rate-limit/rate-limit.decorator';
import type { RatePolicyName } from '../src/common/rate-limit/rate-limit-policies';
import { authOf, freshOpenid } from './support/api';
import {
  expectRefusal,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  personOf,
  retireCategories,
  setUpChanged,
  type Answer,
  type Person,
} from './support/lifecycle';
import { insertFailedDelivery } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Who may call each endpoint of the company's set-up (issue 14, Acceptance: "a manager of one
 * project cannot touch another's rooms, staff or routes; staff cannot administer"), as a table:
 * one row per route, one outcome per person. Residents and the staff of a project (a 维修, a
 * supervisor, a receptionist) are refused (403); a project manager acts on their own project's
 * records, and on another project's is told they do not exist (404, docs/api.md: refusals never
 * reveal a record); what is company-wide (projects, departments, categories, time limits,
 * settings, the logs) admins change and managers at most read (403). A refused write changes
 * nothing. The table is complete by construction: a route of these prefixes without a row fails
 * the coverage test by name. Each row also says how the route is rate limited, and a creating
 * POST whether it honours Idempotency-Key (and why not, where it does not).
 */

const CALLERS = ['resident', 'staff', 'supervisor', 'receptionist', 'manager', 'managerOnB', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
/** `ok`: the row's success status. */
type Outcome = 'ok' | 403 | 404 | 409;
type Outcomes = Record<Caller, Outcome>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Every caller acts on project A's records, but for two: the manager of A on B's (the question
 * of the acceptance), and the admin on B's (whom every project answers to).
 */
const SIDE_OF: Record<Caller, 'A' | 'B'> = {
  resident: 'A',
  staff: 'A',
  supervisor: 'A',
  receptionist: 'A',
  manager: 'A',
  managerOnB: 'B',
  admin: 'B',
};

const refusedBut = (allowed: Partial<Outcomes>): Outcomes => ({
  resident: 403,
  staff: 403,
  supervisor: 403,
  receptionist: 403,
  manager: 403,
  managerOnB: 403,
  admin: 403,
  ...allowed,
});
/** A project's own record: its manager and admins; another project's manager is told it does not exist. */
const PROJECT_SCOPED = refusedBut({ manager: 'ok', managerOnB: 404, admin: 'ok' });
/** Company-wide, read by managers (it shapes their projects' work): any manager, any record. */
const MANAGERS_READ = refusedBut({ manager: 'ok', managerOnB: 'ok', admin: 'ok' });
const ADMINS_ONLY = refusedBut({ admin: 'ok' });
/** The handlers' own 在岗/休息. */
const HANDLERS = refusedBut({ staff: 'ok', supervisor: 'ok' });
const STAFF_SIDE = refusedBut({
  staff: 'ok',
  supervisor: 'ok',
  receptionist: 'ok',
  manager: 'ok',
  managerOnB: 'ok',
  admin: 'ok',
});
const EVERYONE: Outcomes = { ...STAFF_SIDE, resident: 'ok' };

/** The records a call names: project A's or B's, and the company's own (the same on both sides). */
interface Target {
  projectId: number;
  projectName: string;
  /** An empty project of the side's manager (what a deletion may take). */
  emptyProjectId: number;
  buildingId: number;
  unitId: number;
  roomId: number;
  /** The department serving the project. */
  departmentId: number;
  /** A 维修 of the project: the manager's to manage. */
  workerUserId: number;
  /** Another manager of the project: not a manager's to manage. */
  fellowManagerUserId: number;
  /** A pending invitation the side's manager sent. */
  invitationCode: string;
  /** A failed WeChat message about a request of the project. */
  deliveryId: number;
  /** A dry run of the project's register, waiting for its commit. */
  importToken: string;
  /** A category with a route override (派单覆盖) for each of the two projects. */
  routeCategoryId: number;
  /** A category of this suite's under a disabled parent: edited, deleted, given time limits. */
  categoryId: number;
  /** A time-limit rule of that category. */
  slaPolicyId: number;
  /** A PC's login ticket, pending. */
  ticket: string;
  /** A login: another person's PC (its rows: one's own, made fresh for each call). */
  sessionId: string;
}

interface Row {
  method: Method;
  /** The route as the app declares it. */
  route: string;
  /** Tells apart two rows of one route. */
  variant?: string;
  who: Outcomes;
  ok: 200 | 201 | 204;
  url: (t: Target) => string;
  body?: (t: Target) => object | Promise<object>;
  /** A register file, sent as multipart. */
  upload?: (t: Target) => Promise<Buffer>;
  /** What a success would change: a refused call leaves it as it was. */
  state?: (t: Target, who: Person, body: unknown) => Promise<unknown>;
  /**
   * Before each call: what a success uses up (a record to delete, a ticket to scan) made fresh,
   * or the record put in the state the call acts on. May replace the caller (an invitation is
   * accepted by someone not yet staff).
   */
  prepare?: (t: Target, who: Person, succeeds: boolean) => Promise<Partial<Target> & { as?: Person }>;
  /** After each call: put back what the call changed that later rows or other suites rely on. */
  after?: (t: Target, caller: Caller) => Promise<void>;
  /** A POST that creates: 'keyed' when it honours Idempotency-Key, otherwise why it does not. */
  creates?: 'keyed' | { unkeyed: string };
  /** The rate-limit policy, where not the default (`write` for writes, none for reads). */
  limit?: RatePolicyName;
}

let ctx: TestContext;
const people = {} as Record<Caller, Person>;
let admin: Person;
let managerB: Person;
const sides = {} as Record<'A' | 'B', Target>;
let parentCategoryId: number;
let routeCategoryId: number;
/** A department serving no project: where a route may be moved to. */
let spareDepartmentId: number;
const categoriesToRetire: number[] = [];

let serial = 0;
const next = () => ++serial;
const hex = () => randomBytes(3).toString('hex');

async function scalar(sql: string, params: unknown[]): Promise<unknown> {
  const [row] = (await ctx.dataSource.query(sql, params)) as Record<string, unknown>[];
  return row ? Object.values(row)[0] : undefined;
}
const count = async (sql: string, params: unknown[]) => Number(await scalar(sql, params));

/** Through Fastify's inject (the whole pipeline); JSON answers parsed, files left as bytes. */
async function send(
  method: Method,
  url: string,
  who: Pick<Person, 'auth'>,
  body?: object,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await ctx.app.inject({
    method,
    url,
    headers: { ...who.auth, ...headers },
    ...(body ? { payload: body } : {}),
  });
  const json = String(res.headers['content-type'] ?? '').startsWith('application/json');
  return {
    status: res.statusCode,
    body: json && res.body ? JSON.parse(res.body) : res.rawPayload,
    headers: res.headers,
  };
}

async function sendFile(url: string, who: Pick<Person, 'auth'>, file: Buffer): Promise<Answer> {
  const res = await ctx.http().post(url).set(who.auth).attach('file', file, { filename: '名册.csv' });
  return { status: res.status, body: res.body, headers: res.headers };
}

function expectSuccess(res: Answer, status: number, what: string): void {
  const shown = res.status === status ? 'ok' : res.body instanceof Buffer ? res.body.toString() : res.body;
  expect({ what, status: res.status, body: shown }).toEqual({ what, status, body: 'ok' });
}

// ---------------------------------------------------------------------------------------------
// What the rows need made fresh

/** A register of one line for the side's room, under the names its building and unit have now. */
async function registerFile(t: Target): Promise<Buffer> {
  const [room] = (await ctx.dataSource.query(
    'SELECT b.name AS building, u.name AS unit, r.name AS room FROM room r JOIN building b ON b.id = r.building_id JOIN unit u ON u.id = r.unit_id WHERE r.id = ?',
    [t.roomId],
  )) as { building: string; unit: string; room: string }[];
  const n = next();
  const line = `${room.building},${room.unit},${room.room},业主${n},139${String(n).padStart(8, '0')},业主,`;
  return Buffer.from(`\ufeff楼栋,单元,房号,业主姓名,联系电话,身份,面积\r\n${line}\r\n`, 'utf8');
}

async function dryRunToken(t: Target): Promise<string> {
  const res = await sendFile(
    `/api/admin/projects/${t.projectId}/register/import?dryRun=1`,
    admin,
    await registerFile(t),
  );
  expectSuccess(res, 200, 'dry run');
  return (res.body as RegisterImportReport).token!;
}

async function emptyProject(): Promise<number> {
  const result = (await ctx.dataSource.query(
    "INSERT INTO project (company_id, name, kind) SELECT company_id, ?, 'residential' FROM project ORDER BY id LIMIT 1",
    [`授权空项目${hex()}`],
  )) as { insertId: number };
  return Number(result.insertId);
}

const worker = (t: Target) =>
  insertStaff(ctx, { role: 'staff', departmentId: t.departmentId, projectIds: [t.projectId], title: '水电工' });

async function invite(by: Person, t: Target): Promise<string> {
  const res = await send('POST', '/api/admin/invitations', by, {
    role: 'staff',
    departmentId: t.departmentId,
    projectIds: [t.projectId],
    // Accepting needs a name, from the account or from here (a WeChat login brings none).
    name: '矩阵新同事',
  });
  expectSuccess(res, 201, 'invitation');
  return (res.body as CreatedInvitation).code;
}

async function newTicket(): Promise<string> {
  const res = await ctx.http().post('/api/auth/pc-login');
  expect(res.status).toBe(201);
  return (res.body as PcLoginTicket).ticket;
}

async function scannedTicket(who: Person): Promise<string> {
  const ticket = await newTicket();
  expectSuccess(await send('POST', `/api/auth/pc-login/${ticket}/scan`, who), 200, 'scan');
  return ticket;
}

/** The login (refresh-token family) behind a set of tokens. */
async function sessionOf(tokens: AuthTokens): Promise<string> {
  const res = await send('GET', '/api/me/sessions', { auth: authOf(tokens) });
  return (res.body as SessionView[]).find((session) => session.current)!.id;
}

async function slaPolicy(): Promise<number> {
  const res = await send('POST', '/api/admin/sla-policies', admin, {
    kind: 'repair',
    categoryId: sides.A.categoryId,
    step: 'resolution',
    unit: 'hours',
    amount: 72,
  });
  expectSuccess(res, 201, 'time limit');
  return (res.body as { id: number }).id;
}

async function departmentInput(id: number): Promise<object> {
  const [department] = (await ctx.dataSource.query(
    'SELECT name, supervisor_user_id AS supervisorUserId FROM department WHERE id = ?',
    [id],
  )) as { name: string; supervisorUserId: number | null }[];
  const members = (await ctx.dataSource.query('SELECT user_id AS id FROM staff_member WHERE department_id = ?', [
    id,
  ])) as { id: number }[];
  const projects = (await ctx.dataSource.query(
    'SELECT project_id AS id FROM department_project WHERE department_id = ?',
    [id],
  )) as { id: number }[];
  return {
    name: department.name,
    // Another mode than its own, so a refused edit would show.
    dispatchMode: 'auto',
    supervisorUserId: department.supervisorUserId,
    memberUserIds: members.map((row) => Number(row.id)),
    projectIds: projects.map((row) => Number(row.id)),
  };
}

/** A settings group nobody has stored just now: an admin's edit of it changes nothing in force. */
async function unstoredSetting(): Promise<string> {
  const stored = (await ctx.dataSource.query('SELECT `key` FROM setting')) as { key: string }[];
  return SETTING_KEYS.find((key) => !stored.some((row) => row.key === key)) ?? SETTING_KEYS[0];
}
let settingKey = 'urge';

const changesBy = (who: Person) =>
  count("SELECT COUNT(*) AS n FROM admin_change WHERE entity = 'setting' AND actor_user_id = ?", [who.userId]);
const departmentActive = (id: number) => scalar('SELECT active FROM department WHERE id = ?', [id]);
async function setDepartmentActive(id: number, active: boolean): Promise<void> {
  await ctx.dataSource.query('UPDATE department SET active = ? WHERE id = ?', [active, id]);
  setUpChanged(ctx);
}
async function setArchived(projectId: number, archived: boolean): Promise<void> {
  await ctx.dataSource.query('UPDATE project SET archived_at = ? WHERE id = ?', [
    archived ? new Date() : null,
    projectId,
  ]);
  setUpChanged(ctx);
}

async function loginAgain(caller: Caller): Promise<void> {
  const renewed = await personOf(ctx, people[caller].openid);
  for (const other of CALLERS) if (people[other].userId === renewed.userId) people[other] = renewed;
  if (admin.userId === renewed.userId) admin = renewed;
}

async function wechatCalls(path: string): Promise<number> {
  const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as { path: string }[];
  return calls.filter((call) => call.path === path).length;
}
const projectsOf = (userId: number) =>
  scalar(
    'SELECT GROUP_CONCAT(p.project_id ORDER BY p.project_id) FROM staff_member m JOIN staff_member_project p ON p.staff_member_id = m.id WHERE m.user_id = ?',
    [userId],
  );
const ticketStep = (ticket: string) => scalar('SELECT step FROM pc_login WHERE ticket_hash = SHA2(?, 256)', [ticket]);

async function childCategory(): Promise<number> {
  const result = (await ctx.dataSource.query(
    "INSERT INTO category (parent_id, kind, name, default_department_id, default_grade, sort, active) VALUES (?, 'repair', ?, NULL, 'C', 900, 1)",
    [parentCategoryId, `授权子分类${hex()}`],
  )) as { insertId: number };
  setUpChanged(ctx);
  return Number(result.insertId);
}

const failedDelivery = (requestId: number, recipient: Person) => insertFailedDelivery(ctx, requestId, recipient);

// ---------------------------------------------------------------------------------------------
// The table

const ROWS: Row[] = [
  // 项目 and rooms (estate-admin.controller)
  { method: 'GET', route: '/api/admin/projects', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/projects' },
  {
    method: 'POST',
    route: '/api/admin/projects',
    who: ADMINS_ONLY,
    ok: 201,
    url: () => '/api/admin/projects',
    body: () => ({ name: `授权项目${hex()}`, kind: 'office' }),
    state: (_t, _who, body) =>
      count('SELECT COUNT(*) AS n FROM project WHERE name = ?', [(body as { name: string }).name]),
    creates: 'keyed',
  },
  {
    method: 'GET',
    route: '/api/admin/projects/:id',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}`,
  },
  {
    method: 'PUT',
    route: '/api/admin/projects/:id',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}`,
    body: (t) => ({ name: t.projectName, kind: 'residential', areaSqm: 20000, households: next() }),
    state: (t) => scalar('SELECT households FROM project WHERE id = ?', [t.projectId]),
  },
  {
    method: 'POST',
    route: '/api/admin/projects/:id/archive',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/archive`,
    state: (t) => scalar('SELECT archived_at FROM project WHERE id = ?', [t.projectId]),
    after: (t) => setArchived(t.projectId, false),
  },
  {
    method: 'POST',
    route: '/api/admin/projects/:id/restore',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/restore`,
    state: (t) => scalar('SELECT archived_at FROM project WHERE id = ?', [t.projectId]),
    prepare: async (t) => {
      await setArchived(t.projectId, true);
      return {};
    },
    after: (t) => setArchived(t.projectId, false),
  },
  {
    method: 'DELETE',
    route: '/api/admin/projects/:id',
    who: ADMINS_ONLY,
    ok: 204,
    url: (t) => `/api/admin/projects/${t.emptyProjectId}`,
    state: (t) => count('SELECT COUNT(*) AS n FROM project WHERE id = ?', [t.emptyProjectId]),
    prepare: async (_t, _who, succeeds) => (succeeds ? { emptyProjectId: await emptyProject() } : {}),
  },
  {
    method: 'GET',
    route: '/api/admin/projects/:id/buildings',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/buildings`,
  },
  {
    method: 'POST',
    route: '/api/admin/projects/:id/rooms/batch',
    who: PROJECT_SCOPED,
    ok: 201,
    url: (t) => `/api/admin/projects/${t.projectId}/rooms/batch`,
    body: () => ({ buildings: 1, units: 1, floors: 1, perFloor: 1, firstBuilding: 100 + next() }),
    state: (t) => count('SELECT COUNT(*) AS n FROM room WHERE project_id = ?', [t.projectId]),
    creates: 'keyed',
  },
  {
    method: 'PUT',
    route: '/api/admin/buildings/:id',
    who: PROJECT_SCOPED,
    ok: 204,
    url: (t) => `/api/admin/buildings/${t.buildingId}`,
    body: () => ({ name: `B座${next()}` }),
    state: (t) => scalar('SELECT name FROM building WHERE id = ?', [t.buildingId]),
  },
  {
    method: 'PUT',
    route: '/api/admin/units/:id',
    who: PROJECT_SCOPED,
    ok: 204,
    url: (t) => `/api/admin/units/${t.unitId}`,
    body: () => ({ name: `${next()}单元` }),
    state: (t) => scalar('SELECT name FROM unit WHERE id = ?', [t.unitId]),
  },
  {
    method: 'GET',
    route: '/api/admin/units/:id/rooms',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/units/${t.unitId}/rooms`,
  },
  {
    method: 'PUT',
    route: '/api/admin/rooms/:id',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/rooms/${t.roomId}`,
    body: () => ({ name: '301', floor: 4, occupied: false }),
    state: (t) => scalar("SELECT CONCAT(floor, '/', occupied) FROM room WHERE id = ?", [t.roomId]),
  },

  // 业主名册 (owner-register.controller)
  {
    method: 'POST',
    route: '/api/admin/projects/:projectId/register/import',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/register/import?dryRun=1`,
    upload: registerFile,
    state: (t) => count('SELECT COUNT(*) AS n FROM owner_register_import WHERE project_id = ?', [t.projectId]),
    creates: {
      unkeyed:
        'a preview: it writes nothing to the register, and a repeat only makes another preview that expires unused',
    },
  },
  {
    method: 'POST',
    route: '/api/admin/projects/:projectId/register/import/:token/commit',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/register/import/${t.importToken}/commit`,
    state: (t) =>
      count("SELECT COUNT(*) AS n FROM owner_register_import WHERE project_id = ? AND status = 'committed'", [
        t.projectId,
      ]),
    prepare: async (t, _who, succeeds) => (succeeds ? { importToken: await dryRunToken(t) } : {}),
    creates: 'keyed',
  },
  {
    method: 'POST',
    route: '/api/admin/projects/:projectId/register/import/:token/commit',
    variant: 'B’s preview through A’s address',
    who: refusedBut({ manager: 404, managerOnB: 404, admin: 404 }),
    ok: 200,
    url: () => `/api/admin/projects/${sides.A.projectId}/register/import/${sides.B.importToken}/commit`,
    state: () =>
      count("SELECT COUNT(*) AS n FROM owner_register_import WHERE project_id = ? AND status = 'committed'", [
        sides.B.projectId,
      ]),
  },
  {
    method: 'GET',
    route: '/api/admin/projects/:projectId/register/export',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/projects/${t.projectId}/register/export`,
  },

  // 部门 (departments-admin.controller) and 在岗/休息 (duty.controller)
  { method: 'GET', route: '/api/admin/departments', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/departments' },
  {
    method: 'GET',
    route: '/api/admin/departments/:id',
    who: MANAGERS_READ,
    ok: 200,
    url: (t) => `/api/admin/departments/${t.departmentId}`,
  },
  {
    method: 'GET',
    route: '/api/admin/department-members',
    who: ADMINS_ONLY,
    ok: 200,
    url: () => '/api/admin/department-members',
  },
  {
    method: 'POST',
    route: '/api/admin/departments',
    who: ADMINS_ONLY,
    ok: 201,
    url: () => '/api/admin/departments',
    body: () => ({ name: `授权部门${hex()}`, dispatchMode: 'supervisor' }),
    state: (_t, _who, body) =>
      count('SELECT COUNT(*) AS n FROM department WHERE name = ?', [(body as { name: string }).name]),
    creates: 'keyed',
  },
  {
    method: 'PUT',
    route: '/api/admin/departments/:id',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/departments/${t.departmentId}`,
    body: (t) => departmentInput(t.departmentId),
    state: (t) => scalar('SELECT dispatch_mode FROM department WHERE id = ?', [t.departmentId]),
  },
  {
    method: 'POST',
    route: '/api/admin/departments/:id/disable',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/departments/${t.departmentId}/disable`,
    state: (t) => departmentActive(t.departmentId),
    after: (t) => setDepartmentActive(t.departmentId, true),
  },
  {
    method: 'POST',
    route: '/api/admin/departments/:id/enable',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/departments/${t.departmentId}/enable`,
    state: (t) => departmentActive(t.departmentId),
    prepare: async (t) => {
      await setDepartmentActive(t.departmentId, false);
      return {};
    },
    after: (t) => setDepartmentActive(t.departmentId, true),
  },
  { method: 'GET', route: '/api/me/duty', who: HANDLERS, ok: 200, url: () => '/api/me/duty' },
  {
    method: 'PUT',
    route: '/api/me/duty',
    who: HANDLERS,
    ok: 200,
    url: () => '/api/me/duty',
    body: () => ({ onDuty: false }),
    state: (_t, who) => scalar('SELECT on_duty FROM staff_member WHERE user_id = ?', [who.userId]),
  },

  // 成员管理 and invitations (staff-admin.controller, invitations.controller)
  {
    method: 'GET',
    route: '/api/admin/staff-options',
    who: MANAGERS_READ,
    ok: 200,
    url: () => '/api/admin/staff-options',
  },
  { method: 'GET', route: '/api/admin/staff', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/staff' },
  {
    method: 'PATCH',
    route: '/api/admin/staff/:userId',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/staff/${t.workerUserId}`,
    body: () => ({ title: `水电工${next()}` }),
    state: (t) => scalar('SELECT title FROM staff_member WHERE user_id = ?', [t.workerUserId]),
  },
  {
    method: 'PATCH',
    route: '/api/admin/staff/:userId',
    variant: 'into another project',
    who: refusedBut({ manager: 404, managerOnB: 404, admin: 'ok' }),
    ok: 200,
    url: (t) => `/api/admin/staff/${t.workerUserId}`,
    // With B for A's manager (refused); for the admin a change of B's member that touches no other row.
    body: (t) => ({ projectIds: [sides.B.projectId, t.emptyProjectId] }),
    state: (t) => projectsOf(t.workerUserId),
  },
  {
    method: 'PATCH',
    route: '/api/admin/staff/:userId',
    variant: 'a fellow manager',
    who: refusedBut({ manager: 404, managerOnB: 404, admin: 'ok' }),
    ok: 200,
    url: (t) => `/api/admin/staff/${t.fellowManagerUserId}`,
    body: () => ({ title: `项目经理${next()}` }),
    state: (t) => scalar('SELECT title FROM staff_member WHERE user_id = ?', [t.fellowManagerUserId]),
  },
  {
    method: 'POST',
    route: '/api/admin/staff/:userId/deactivate',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/staff/${t.workerUserId}/deactivate`,
    state: (t) => scalar('SELECT active FROM `user` WHERE id = ?', [t.workerUserId]),
    prepare: async (t, _who, succeeds) => (succeeds ? { workerUserId: (await worker(t)).userId } : {}),
  },
  {
    method: 'POST',
    route: '/api/admin/invitations',
    who: PROJECT_SCOPED,
    ok: 201,
    url: () => '/api/admin/invitations',
    body: (t) => ({ role: 'staff', departmentId: t.departmentId, projectIds: [t.projectId] }),
    state: (_t, who) => count('SELECT COUNT(*) AS n FROM staff_invitation WHERE invited_by_user_id = ?', [who.userId]),
    creates: {
      unkeyed:
        'its answer carries the one-time code, stored only as its hash; a kept answer would keep the code readable for 24 h. A double submit leaves a second pending invitation, listed and expiring',
    },
  },
  {
    method: 'POST',
    route: '/api/admin/invitations',
    variant: 'into both projects',
    who: refusedBut({ manager: 404, managerOnB: 404, admin: 'ok' }),
    ok: 201,
    url: () => '/api/admin/invitations',
    body: () => ({ role: 'staff', departmentId: null, projectIds: [sides.A.projectId, sides.B.projectId] }),
    state: (_t, who) => count('SELECT COUNT(*) AS n FROM staff_invitation WHERE invited_by_user_id = ?', [who.userId]),
  },
  {
    method: 'POST',
    route: '/api/admin/invitations',
    variant: 'as a manager',
    who: ADMINS_ONLY,
    ok: 201,
    url: () => '/api/admin/invitations',
    body: (t) => ({ role: 'manager', departmentId: null, projectIds: [t.projectId] }),
    state: (_t, who) => count('SELECT COUNT(*) AS n FROM staff_invitation WHERE invited_by_user_id = ?', [who.userId]),
  },
  {
    method: 'GET',
    route: '/api/admin/invitations',
    who: MANAGERS_READ,
    ok: 200,
    url: () => '/api/admin/invitations',
  },
  {
    method: 'POST',
    route: '/api/admin/invitations/wxacode',
    who: PROJECT_SCOPED,
    ok: 200,
    url: () => '/api/admin/invitations/wxacode',
    body: (t) => ({ code: t.invitationCode }),
    // It writes nothing of ours: a refusal must not reach WeChat (its codes count against a quota).
    state: () => wechatCalls('/wxa/getwxacodeunlimit'),
  },
  {
    method: 'GET',
    route: '/api/invitations/:code',
    who: EVERYONE,
    ok: 200,
    url: (t) => `/api/invitations/${t.invitationCode}`,
  },
  {
    method: 'POST',
    route: '/api/invitations/:code/accept',
    // Whoever holds the code and is not staff yet; staff are told to ask for a change instead.
    who: { resident: 'ok', staff: 409, supervisor: 409, receptionist: 409, manager: 409, managerOnB: 409, admin: 409 },
    ok: 200,
    url: (t) => `/api/invitations/${t.invitationCode}/accept`,
    state: (t) => scalar('SELECT used_at FROM staff_invitation WHERE code_hash = SHA2(?, 256)', [t.invitationCode]),
    prepare: async (t, _who, succeeds) =>
      succeeds ? { invitationCode: await invite(admin, t), as: await personOf(ctx, freshOpenid('invitee')) } : {},
    creates: {
      unkeyed: 'its answer is a new login (tokens), never stored; a repeat is told the invitation is used (409)',
    },
  },

  // 分类与派单 (category-admin.controller)
  {
    method: 'GET',
    route: '/api/admin/categories',
    who: MANAGERS_READ,
    ok: 200,
    url: () => '/api/admin/categories?kind=repair',
  },
  {
    method: 'POST',
    route: '/api/admin/categories',
    who: ADMINS_ONLY,
    ok: 201,
    url: () => '/api/admin/categories',
    // Under a disabled category of this suite's: never offered to anyone filing.
    body: () => ({ kind: 'repair', parentId: parentCategoryId, name: `授权分类${hex()}` }),
    state: (_t, _who, body) =>
      count('SELECT COUNT(*) AS n FROM category WHERE name = ?', [(body as { name: string }).name]),
    creates: 'keyed',
  },
  {
    method: 'PATCH',
    route: '/api/admin/categories/:id',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/categories/${t.categoryId}`,
    body: () => ({ name: `授权改名${next()}` }),
    state: (t) => scalar('SELECT name FROM category WHERE id = ?', [t.categoryId]),
  },
  {
    method: 'DELETE',
    route: '/api/admin/categories/:id',
    who: ADMINS_ONLY,
    ok: 204,
    url: (t) => `/api/admin/categories/${t.categoryId}`,
    state: (t) => count('SELECT COUNT(*) AS n FROM category WHERE id = ?', [t.categoryId]),
    prepare: async (_t, _who, succeeds) => (succeeds ? { categoryId: await childCategory() } : {}),
  },
  {
    method: 'PUT',
    route: '/api/admin/categories/:id/routes/:projectId',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/categories/${t.routeCategoryId}/routes/${t.projectId}`,
    body: () => ({ departmentId: spareDepartmentId }),
    state: (t) =>
      scalar('SELECT department_id FROM category_route WHERE category_id = ? AND project_id = ?', [
        t.routeCategoryId,
        t.projectId,
      ]),
  },

  // 时限规则 and the calendar (sla-admin.controller)
  {
    method: 'GET',
    route: '/api/admin/sla-policies',
    who: MANAGERS_READ,
    ok: 200,
    url: () => '/api/admin/sla-policies',
  },
  {
    method: 'POST',
    route: '/api/admin/sla-policies',
    who: ADMINS_ONLY,
    ok: 201,
    url: () => '/api/admin/sla-policies',
    // For this suite's own category: no other suite's deadlines move.
    body: (t) => ({ kind: 'repair', categoryId: t.categoryId, step: 'dispatch', unit: 'hours', amount: next() }),
    state: (t) => count('SELECT COUNT(*) AS n FROM sla_policy WHERE category_id = ?', [t.categoryId]),
    creates: 'keyed',
  },
  {
    method: 'PATCH',
    route: '/api/admin/sla-policies/:id',
    who: ADMINS_ONLY,
    ok: 200,
    url: (t) => `/api/admin/sla-policies/${t.slaPolicyId}`,
    body: () => ({ unit: 'hours', amount: next() }),
    state: (t) => scalar('SELECT amount FROM sla_policy WHERE id = ?', [t.slaPolicyId]),
  },
  {
    method: 'DELETE',
    route: '/api/admin/sla-policies/:id',
    who: ADMINS_ONLY,
    ok: 204,
    url: (t) => `/api/admin/sla-policies/${t.slaPolicyId}`,
    state: (t) => count('SELECT COUNT(*) AS n FROM sla_policy WHERE id = ?', [t.slaPolicyId]),
    prepare: async (_t, _who, succeeds) => (succeeds ? { slaPolicyId: await slaPolicy() } : {}),
  },
  {
    method: 'GET',
    route: '/api/admin/calendar',
    who: MANAGERS_READ,
    ok: 200,
    url: () => '/api/admin/calendar?year=2099',
  },
  {
    method: 'PUT',
    route: '/api/admin/calendar/:year',
    who: ADMINS_ONLY,
    ok: 200,
    // A year no other suite's deadlines reach.
    url: () => '/api/admin/calendar/2099',
    body: () => ({ days: [{ date: '2099-01-01', kind: 'holiday', name: '元旦' }] }),
    state: () => count("SELECT COUNT(*) AS n FROM work_calendar_day WHERE date LIKE '2099-%'", []),
  },

  // 系统设置 (settings.controller): company-wide, shared with the other suites, so the admin's
  // edits store what is in force already and are taken back at once.
  { method: 'GET', route: '/api/admin/settings', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/settings' },
  {
    method: 'PUT',
    route: '/api/admin/settings/:key',
    who: ADMINS_ONLY,
    ok: 200,
    url: () => `/api/admin/settings/${settingKey}`,
    body: async () => {
      const res = await send('GET', '/api/admin/settings', admin);
      return (res.body as SettingView[]).find((item) => item.key === settingKey)!.value as object;
    },
    state: (_t, who) => changesBy(who),
    prepare: async () => {
      settingKey = await unstoredSetting();
      return {};
    },
    after: async (_t, caller) => {
      if (caller !== 'admin') return;
      await ctx.dataSource.query('DELETE FROM setting WHERE `key` = ?', [settingKey]);
      setUpChanged(ctx);
    },
  },
  {
    method: 'DELETE',
    route: '/api/admin/settings/:key',
    who: ADMINS_ONLY,
    ok: 200,
    url: () => `/api/admin/settings/${settingKey}`,
    state: (_t, who) => changesBy(who),
    prepare: async () => {
      settingKey = await unstoredSetting();
      return {};
    },
  },
  {
    method: 'GET',
    route: '/api/admin/wechat-templates',
    who: ADMINS_ONLY,
    ok: 200,
    url: () => '/api/admin/wechat-templates',
  },

  // The logs (admin-audit, privacy) and failed WeChat messages (deliveries.controller)
  // A manager reads the changes of their own projects and members (admin-audit.service).
  { method: 'GET', route: '/api/admin/changes', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/changes' },
  {
    method: 'GET',
    route: '/api/admin/contact-access',
    who: ADMINS_ONLY,
    ok: 200,
    url: () => '/api/admin/contact-access',
  },
  { method: 'GET', route: '/api/admin/deliveries', who: MANAGERS_READ, ok: 200, url: () => '/api/admin/deliveries' },
  {
    method: 'POST',
    route: '/api/admin/deliveries/:id/retry',
    who: PROJECT_SCOPED,
    ok: 200,
    url: (t) => `/api/admin/deliveries/${t.deliveryId}/retry`,
    // With its time: the outbox may have sent (and failed) a re-queued message again by then.
    state: (t) =>
      scalar("SELECT CONCAT(status, ' ', updated_at) FROM notification_delivery WHERE id = ?", [t.deliveryId]),
  },

  // 电脑扫码登录 and my logins (pc-login.controller)
  {
    method: 'POST',
    route: '/api/auth/pc-login',
    who: EVERYONE,
    ok: 201,
    url: () => '/api/auth/pc-login',
    limit: 'pc_login',
    creates: {
      unkeyed: 'public: there is no signed-in caller to scope a key to, and every QR code is meant to be new',
    },
  },
  {
    method: 'GET',
    route: '/api/auth/pc-login/:ticket',
    who: EVERYONE,
    ok: 200,
    url: (t) => `/api/auth/pc-login/${t.ticket}`,
    limit: 'pc_login_poll',
  },
  {
    method: 'POST',
    route: '/api/auth/pc-login/:ticket/scan',
    who: STAFF_SIDE,
    ok: 200,
    url: (t) => `/api/auth/pc-login/${t.ticket}/scan`,
    state: (t) => ticketStep(t.ticket),
    prepare: async (_t, _who, succeeds) => (succeeds ? { ticket: await newTicket() } : {}),
  },
  {
    method: 'POST',
    route: '/api/auth/pc-login/:ticket/confirm',
    who: STAFF_SIDE,
    ok: 200,
    url: (t) => `/api/auth/pc-login/${t.ticket}/confirm`,
    state: (t) => ticketStep(t.ticket),
    prepare: async (_t, who, succeeds) => (succeeds ? { ticket: await scannedTicket(who) } : {}),
  },
  {
    method: 'POST',
    route: '/api/auth/pc-login/:ticket/cancel',
    who: STAFF_SIDE,
    ok: 200,
    url: (t) => `/api/auth/pc-login/${t.ticket}/cancel`,
    state: (t) => ticketStep(t.ticket),
    prepare: async (_t, _who, succeeds) => (succeeds ? { ticket: await newTicket() } : {}),
  },
  { method: 'GET', route: '/api/me/sessions', who: EVERYONE, ok: 200, url: () => '/api/me/sessions' },
  {
    method: 'DELETE',
    route: '/api/me/sessions/:id',
    variant: 'a login of one’s own',
    who: EVERYONE,
    ok: 204,
    url: (t) => `/api/me/sessions/${t.sessionId}`,
    prepare: async (_t, who) => ({ sessionId: await sessionOf(await ctx.login(who.openid)) }),
    // Ending a login retires the person's access tokens on every device (docs/api.md, Sessions):
    // they log in anew, as their app would renew.
    after: (_t, caller) => loginAgain(caller),
  },
  {
    method: 'DELETE',
    route: '/api/me/sessions/:id',
    variant: 'another’s PC login',
    who: { resident: 404, staff: 404, supervisor: 404, receptionist: 404, manager: 404, managerOnB: 404, admin: 404 },
    ok: 204,
    url: (t) => `/api/me/sessions/${t.sessionId}`,
    state: (t) =>
      count('SELECT COUNT(*) AS n FROM refresh_token WHERE family_id = ? AND revoked_at IS NULL', [t.sessionId]),
  },
];

// ---------------------------------------------------------------------------------------------
// The fixture: two projects with a room and a department each, their people, and one of every
// record a row names

async function side(
  project: { projectId: number; name: string; roomId: number },
  departmentId: number,
  manager: Person,
  emptyProjectId: number,
  fellowManagerUserId: number,
): Promise<Omit<Target, 'categoryId' | 'routeCategoryId' | 'slaPolicyId' | 'ticket' | 'sessionId'>> {
  const [room] = (await ctx.dataSource.query('SELECT building_id AS b, unit_id AS u FROM room WHERE id = ?', [
    project.roomId,
  ])) as { b: number; u: number }[];
  const base = {
    projectId: project.projectId,
    projectName: project.name,
    emptyProjectId,
    buildingId: Number(room.b),
    unitId: Number(room.u),
    roomId: project.roomId,
    departmentId,
    fellowManagerUserId,
  };
  const intake = await send('POST', '/api/requests/intake', admin, {
    kind: 'repair',
    source: 'phone',
    projectId: project.projectId,
    roomId: project.roomId,
    repairScope: 'in_home',
    categoryId: routeCategoryId,
    content: '业主来电：卫生间天花板渗水',
    contactName: '来电业主',
    contactPhone: '13522226666',
  });
  expectSuccess(intake, 201, 'intake');
  const partial = { ...base } as Target;
  return {
    ...base,
    workerUserId: (await worker(partial)).userId,
    invitationCode: await invite(manager, partial),
    deliveryId: await failedDelivery((intake.body as RequestDetail).id, people.resident),
    importToken: await dryRunToken(partial),
  };
}
beforeAll(async () => {
  ctx = await createTestContext();
  const [a, b] = [await insertProject(ctx), await insertProject(ctx)];
  const [emptyA, emptyB] = [await emptyProject(), await emptyProject()];
  const dA = (await insertDepartment(ctx, '授权甲部', 'supervisor')).id;
  const dB = (await insertDepartment(ctx, '授权乙部', 'supervisor')).id;
  spareDepartmentId = (await insertDepartment(ctx, '授权备用部', 'supervisor')).id;
  await ctx.dataSource.query('INSERT INTO department_project (department_id, project_id) VALUES (?, ?), (?, ?)', [
    dA,
    a.projectId,
    dB,
    b.projectId,
  ]);

  admin = await insertStaff(ctx, { role: 'admin', departmentId: null, name: '授权总经理' });
  const managerA = await insertStaff(ctx, {
    role: 'manager',
    departmentId: null,
    projectIds: [a.projectId, emptyA],
    name: '甲项目经理',
  });
  managerB = await insertStaff(ctx, {
    role: 'manager',
    departmentId: null,
    projectIds: [b.projectId, emptyB],
    name: '乙项目经理',
  });
  Object.assign(people, {
    resident: await personOf(ctx, freshOpenid('resident')),
    staff: await insertStaff(ctx, { role: 'staff', departmentId: dA, projectIds: [a.projectId] }),
    supervisor: await insertStaff(ctx, { role: 'supervisor', departmentId: dA, projectIds: [a.projectId] }),
    receptionist: await insertStaff(ctx, { role: 'receptionist', departmentId: null, projectIds: [a.projectId] }),
    manager: managerA,
    managerOnB: managerA,
    admin,
  } satisfies Record<Caller, Person>);

  // A disabled parent for the categories the rows make: nobody filing is offered them.
  parentCategoryId = (await insertCategory(ctx, 'repair', null)).id;
  routeCategoryId = (await insertCategory(ctx, 'repair', dA)).id;
  categoriesToRetire.push(parentCategoryId, routeCategoryId);
  await ctx.dataSource.query('UPDATE category SET active = 0 WHERE id = ?', [parentCategoryId]);
  await ctx.dataSource.query(
    'INSERT INTO category_route (category_id, project_id, department_id) VALUES (?, ?, ?), (?, ?, ?)',
    [routeCategoryId, a.projectId, dA, routeCategoryId, b.projectId, dB],
  );
  setUpChanged(ctx);
  const categoryId = await childCategory();

  // Another's PC login, all the way through: the PC's poll carries its tokens.
  const ticket = await scannedTicket(managerB);
  await send('POST', `/api/auth/pc-login/${ticket}/confirm`, managerB);
  const polled = await send('GET', `/api/auth/pc-login/${ticket}`, managerB);
  const othersSession = await sessionOf(polled.body.tokens as AuthTokens);

  const company = { categoryId, routeCategoryId, ticket: await newTicket(), sessionId: othersSession, slaPolicyId: 0 };
  const fellowA = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [a.projectId] });
  sides.A = { ...(await side(a, dA, managerA, emptyA, fellowA.userId)), ...company };
  sides.B = { ...(await side(b, dB, managerB, emptyB, managerB.userId)), ...company };
  const slaPolicyId = await slaPolicy();
  sides.A.slaPolicyId = sides.B.slaPolicyId = slaPolicyId;
}, 60_000);

afterAll(async () => {
  const made = (await ctx.dataSource.query('SELECT id FROM category WHERE parent_id = ?', [parentCategoryId])) as {
    id: number;
  }[];
  await retireCategories(ctx, [...categoriesToRetire, ...made.map((row) => Number(row.id))]);
  await ctx.close();
});

// ---------------------------------------------------------------------------------------------
// The tests

const CODES: Record<Exclude<Outcome, 'ok'>, string> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' };
const rowName = (row: Row) => `${row.method} ${row.route}${row.variant ? ` (${row.variant})` : ''}`;

async function perform(row: Row, caller: Caller, headers: Record<string, string> = {}) {
  const outcome = row.who[caller];
  const base = sides[SIDE_OF[caller]];
  const { as, ...fresh } = (await row.prepare?.(base, people[caller], outcome === 'ok')) ?? {};
  const target = { ...base, ...fresh };
  const who = as ?? people[caller];
  const body = row.upload ? await row.upload(target) : await row.body?.(target);
  const call = () =>
    row.upload
      ? sendFile(row.url(target), who, body as Buffer)
      : send(row.method, row.url(target), who, body as object | undefined, headers);
  return { outcome, target, who, body, call };
}

// First, before the rows' successes change these records (a retried delivery is no longer failed).
describe('a manager’s lists hold their own projects’ records only; an admin’s, every project’s', () => {
  const ids = (items: { id: number }[]) => items.map((item) => item.id);
  const read = async <T>(url: string, who: Person): Promise<T> => {
    const res = await send('GET', url, who);
    expectSuccess(res, 200, url);
    return res.body as T;
  };

  it('projects, members and the options of the staff forms', async () => {
    const { manager } = people;
    const projects = await read<Page<AdminProjectView>>('/api/admin/projects?pageSize=50', manager);
    expect(ids(projects.items)).toEqual(expect.arrayContaining([sides.A.projectId]));
    expect(ids(projects.items)).not.toContain(sides.B.projectId);
    const staff = await read<Page<StaffMemberView>>('/api/admin/staff?pageSize=50', manager);
    const userIds = staff.items.map((member) => member.userId);
    expect(userIds).toContain(sides.A.workerUserId);
    expect(userIds).not.toContain(sides.B.workerUserId);
    const options = await read<StaffFormOptions>('/api/admin/staff-options', manager);
    expect(new Set(ids(options.projects))).toEqual(new Set([sides.A.projectId, sides.A.emptyProjectId]));

    const all = await read<Page<StaffMemberView>>(
      `/api/admin/staff?pageSize=50&departmentId=${sides.B.departmentId}`,
      admin,
    );
    expect(all.items.map((member) => member.userId)).toContain(sides.B.workerUserId);
  });

  it('invitations: the manager’s own; the admin’s: all', async () => {
    const mine = await read<Page<InvitationView>>('/api/admin/invitations?pageSize=50', people.manager);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((item) => item.invitedBy?.userId === people.manager.userId)).toBe(true);
    const all = await read<Page<InvitationView>>('/api/admin/invitations?pageSize=50', admin);
    expect(all.items.map((item) => item.invitedBy?.userId)).toEqual(
      expect.arrayContaining([people.manager.userId, managerB.userId]),
    );
  });

  it('the category tree’s projects and routes, and the failed deliveries', async () => {
    const tree = await read<CategoryAdminTree>('/api/admin/categories?kind=repair', people.manager);
    expect(ids(tree.projects)).toContain(sides.A.projectId);
    expect(ids(tree.projects)).not.toContain(sides.B.projectId);
    const routed = tree.categories.find((node) => node.id === routeCategoryId)!;
    expect(routed.routes.map((route) => route.projectId)).toEqual([sides.A.projectId]);

    const deliveries = await read<Page<DeliveryView>>(
      '/api/admin/deliveries?status=failed&pageSize=50',
      people.manager,
    );
    expect(ids(deliveries.items)).toContain(sides.A.deliveryId);
    expect(ids(deliveries.items)).not.toContain(sides.B.deliveryId);
  });
});

describe.each(ROWS.map((row) => [rowName(row), row] as const))('%s', (_name, row) => {
  it.each(CALLERS.map((caller) => [caller, row.who[caller]] as const))('by %s → %s', async (caller, outcome) => {
    const { target, who, body, call } = await perform(row, caller);
    try {
      const before = await row.state?.(target, who, body);
      if (outcome === 'ok') {
        expectSuccess(await call(), row.ok, `${rowName(row)} by ${caller}`);
        // The state a refusal is checked by is one a success does change.
        if (row.state) expect(await row.state(target, who, body)).not.toEqual(before);
        return;
      }
      expectRefusal(await call(), outcome, CODES[outcome]);
      if (row.state) expect(await row.state(target, who, body)).toEqual(before);
    } finally {
      await row.after?.(target, caller);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The table is complete, and says how each route is limited and keyed

interface DeclaredRoute {
  key: string;
  handler: (...args: unknown[]) => unknown;
  controller: Type;
}

/** Every route the app declares, as Nest's router reads them from the controllers. */
function declaredRoutes(): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of ctx.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, (...args: unknown[]) => unknown>)[name];
        const path =
          typeof handler === 'function' ? (Reflect.getMetadata(PATH_METADATA, handler) as string) : undefined;
        if (name === 'constructor' || path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const full = `/api/${base}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        routes.push({ key: `${method} ${full}`, handler, controller });
      }
    }
  }
  return routes;
}

/** The set-up screens' surface (issue 14): every route here needs a row. */
const SURFACE = [
  /^\/api\/admin\//,
  /^\/api\/invitations(\/|$)/,
  /^\/api\/auth\/pc-login(\/|$)/,
  /^\/api\/me\/sessions(\/|$)/,
  /^\/api\/me\/duty$/,
];
const keyOf = (row: Row) => `${row.method} ${row.route}`;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('the table', () => {
  let declared: Map<string, DeclaredRoute>;
  beforeAll(() => {
    declared = new Map(declaredRoutes().map((route) => [route.key, route]));
  });

  it('has a row for every route of the set-up screens, and none for a route the app does not have', () => {
    const surface = [...declared.keys()].filter((key) => SURFACE.some((prefix) => prefix.test(key.split(' ')[1])));
    const rows = new Set(ROWS.map(keyOf));
    expect({
      withoutRow: surface.filter((key) => !rows.has(key)).sort(),
      notInApp: [...rows].filter((key) => !declared.has(key)).sort(),
    }).toEqual({ withoutRow: [], notInApp: [] });
    expect(surface.length).toBeGreaterThan(50);
  });

  it('compares a state before and after every write someone is refused', () => {
    const unchecked = ROWS.filter(
      (row) => WRITES.has(row.method) && CALLERS.some((caller) => row.who[caller] !== 'ok') && !row.state,
    );
    expect(unchecked.map(rowName)).toEqual([]);
  });

  /** One row per route: the first, which carries the route's rate limit and Idempotency-Key. */
  const unique = ROWS.filter((row, index) => ROWS.findIndex((other) => keyOf(other) === keyOf(row)) === index);

  it.each(unique.map((row) => [keyOf(row), row] as const))('%s: its rate limit', (key, row) => {
    const route = declared.get(key)!;
    const named = new Reflector().getAllAndOverride<RatePolicyName | undefined>(RATE_LIMIT_METADATA, [
      route.handler,
      route.controller,
    ]);
    // The rate-limit guard's own rule: a named policy, else every write counts against `write`.
    const policy = named ?? (WRITES.has(row.method) ? 'write' : null);
    expect({ key, policy }).toEqual({ key, policy: row.limit ?? (WRITES.has(row.method) ? 'write' : null) });
    if (row.creates) expect({ key, limited: policy !== null }).toEqual({ key, limited: true });
  });

  it.each(unique.map((row) => [keyOf(row), row] as const))('%s: Idempotency-Key as the row says', (key, row) => {
    const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, declared.get(key)!.handler) ?? []) as unknown[];
    expect({ key, keyed: interceptors.includes(IdempotencyInterceptor) }).toEqual({
      key,
      keyed: row.creates === 'keyed',
    });
  });
});

describe('a create sent twice with one Idempotency-Key is done once, the repeat given the first answer', () => {
  const keyed = ROWS.filter((row) => row.creates === 'keyed');

  it.each(keyed.map((row) => [rowName(row), row] as const))('%s', async (_name, row) => {
    const { target, who, body, call } = await perform(row, 'admin', {
      'Idempotency-Key': `authz-${randomBytes(8).toString('hex')}`,
    });
    const before = await row.state!(target, who, body);
    const first = await call();
    expectSuccess(first, row.ok, rowName(row));
    const done = await row.state!(target, who, body);
    expect(done).not.toEqual(before);
    const repeat = await call();
    expect(repeat.status).toBe(row.ok);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    expect(await row.state!(target, who, body)).toEqual(done);
  });

  it('covers every keyed create of the table', () => {
    expect(keyed.map(keyOf).sort()).toEqual(
      [
        'POST /api/admin/categories',
        'POST /api/admin/departments',
        'POST /api/admin/projects',
        'POST /api/admin/projects/:id/rooms/batch',
        'POST /api/admin/projects/:projectId/register/import/:token/commit',
        'POST /api/admin/sla-policies',
      ].sort(),
    );
  });
});
