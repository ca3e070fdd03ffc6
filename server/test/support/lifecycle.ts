import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import {
  ACTION_LABELS,
  type ActionName,
  type ApiErrorBody,
  type CategoryNode,
  type LifecycleAction,
  type Page,
  type PhotoView,
  type RequestDetail,
  type RequestEventView,
  type RequestKind,
  type RequestStatus,
  type RequestSummary,
  type Role,
} from '@linli/shared';
import {
  boundResident,
  categoryByPath,
  CHINESE,
  DEMO_PROJECT,
  freshOpenid,
  loginAs,
  type Auth,
  type OwnerRow,
  type Resident,
} from './api';
import { ReferenceDataService } from '../../src/modules/reference/reference-data.service';
import type { TestContext } from './test-app';

/**
 * Helpers of the lifecycle suites: people (demo accounts and ones inserted for a suite alone),
 * departments, categories and projects of a suite's own, actions and their checks.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

/** Anyone who calls the API: their token and who they are. */
export interface Person {
  auth: Auth;
  userId: number;
  name: string;
  role: Role;
  openid: string;
  phone: string | null;
}

export interface ResidentPerson extends Person, Resident {}

export async function personOf(ctx: TestContext, openid: string): Promise<Person> {
  const { tokens, auth } = await loginAs(ctx, openid);
  const { user } = tokens;
  return { auth, userId: user.id, name: user.name, role: user.role, openid, phone: user.phone };
}

/** A new resident bound to a room of 阳光花园; their name is the one they bound with. */
export async function residentPerson(ctx: TestContext, owner?: OwnerRow): Promise<ResidentPerson> {
  const resident = await boundResident(ctx, owner);
  return {
    ...resident,
    userId: resident.tokens.user.id,
    name: resident.owner.name,
    role: 'resident',
    openid: resident.tokens.user.openid,
    phone: resident.owner.phone,
  };
}

/**
 * A resident whose (room, phone) nobody else has bound, so a receptionist's intake by room and
 * phone finds only this one: boundResident gives every resident a room of their own.
 */
export async function residentWithOwnPhone(ctx: TestContext): Promise<ResidentPerson> {
  return residentPerson(ctx);
}

/** The demo staff of 阳光花园 (demo-seed): shared by every suite, so never count their work. */
export async function demoStaff(ctx: TestContext) {
  const [receptionist, worker, cleaner, supervisor, manager] = await Promise.all(
    ['demo-receptionist-1', 'demo-repair-1', 'demo-cleaner-1', 'demo-supervisor-1', 'demo-manager-1'].map((openid) =>
      personOf(ctx, openid),
    ),
  );
  return { receptionist, worker, cleaner, supervisor, manager };
}

// ---------------------------------------------------------------------------------------------
// Organisation rows of a suite's own

const hex = (bytes = 3) => randomBytes(bytes).toString('hex');

async function insert(ctx: TestContext, sql: string, params: unknown[]): Promise<number> {
  return Number(((await ctx.dataSource.query(sql, params)) as { insertId: number }).insertId);
}

export async function projectIdOf(ctx: TestContext, name = DEMO_PROJECT): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT id FROM project WHERE name = ?', [name])) as { id: number }[];
  return Number(row.id);
}

async function companyId(ctx: TestContext): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT company_id AS id FROM project WHERE name = ?', [DEMO_PROJECT])) as {
    id: number;
  }[];
  return Number(row.id);
}

export interface DepartmentRow {
  id: number;
  code: string;
  name: string;
  dispatchMode: 'auto' | 'supervisor' | 'claim';
}

export async function departmentByCode(ctx: TestContext, code: string): Promise<DepartmentRow> {
  const [row] = (await ctx.dataSource.query(
    'SELECT id, code, name, dispatch_mode AS dispatchMode FROM department WHERE code = ?',
    [code],
  )) as DepartmentRow[];
  if (!row) throw new Error(`no department ${code}`);
  return { ...row, id: Number(row.id) };
}

/** A department only this suite uses, so its queue and its members' loads are the suite's alone. */
export async function insertDepartment(
  ctx: TestContext,
  name: string,
  dispatchMode: DepartmentRow['dispatchMode'],
): Promise<DepartmentRow> {
  const code = `e2e_${hex(4)}`;
  const fullName = `${name}${hex(2)}`;
  const id = await insert(ctx, 'INSERT INTO department (company_id, code, name, dispatch_mode) VALUES (?, ?, ?, ?)', [
    await companyId(ctx),
    code,
    fullName,
    dispatchMode,
  ]);
  setUpChanged(ctx);
  return { id, code, name: fullName, dispatchMode };
}

/**
 * These helpers write the company's set-up straight to the database, past the admin screens that
 * tell the app's cache (reference module): they tell it themselves, as an admin edit would.
 */
export function setUpChanged(ctx: TestContext): void {
  ctx.app.get(ReferenceDataService).invalidate();
}

export interface NewStaff {
  role: Exclude<Role, 'resident'>;
  departmentId: number | null;
  /** Default: 阳光花园. */
  projectIds?: number[];
  name?: string;
  title?: string;
  onDuty?: boolean;
}

/** A staff-side user written straight to the database (user, staff_member, its projects), then logged in. */
export async function insertStaff(ctx: TestContext, staff: NewStaff): Promise<Person> {
  const openid = freshOpenid(`staff-${staff.role}`);
  const name = staff.name ?? `测试${hex(2)}`;
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const userId = await insert(ctx, 'INSERT INTO `user` (openid, role, name, phone) VALUES (?, ?, ?, ?)', [
    openid,
    staff.role,
    name,
    phone,
  ]);
  const memberId = await insert(
    ctx,
    'INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, ?, ?, ?)',
    [userId, staff.departmentId, staff.title ?? '测试岗位', staff.onDuty === false ? 0 : 1],
  );
  for (const projectId of staff.projectIds ?? [await projectIdOf(ctx)]) {
    await ctx.dataSource.query('INSERT INTO staff_member_project (staff_member_id, project_id) VALUES (?, ?)', [
      memberId,
      projectId,
    ]);
  }
  setUpChanged(ctx);
  const person = await personOf(ctx, openid);
  expect(person).toMatchObject({ userId, role: staff.role, name });
  return person;
}

/** A top-level leaf category routed to a department of the suite's own. */
export async function insertCategory(
  ctx: TestContext,
  kind: RequestKind,
  departmentId: number | null,
  grade = 'C',
): Promise<{ id: number; name: string }> {
  const name = `测试分类${hex(3)}`;
  const id = await insert(
    ctx,
    'INSERT INTO category (parent_id, kind, name, default_department_id, default_grade, sort, active) VALUES (NULL, ?, ?, ?, ?, 900, 1)',
    [kind, name, departmentId, grade],
  );
  setUpChanged(ctx);
  return { id, name };
}

/** Hides a suite's categories from the others' category trees once it is done. */
export async function retireCategories(ctx: TestContext, ids: number[]): Promise<void> {
  if (ids.length) await ctx.dataSource.query('UPDATE category SET active = 0 WHERE id IN (?)', [ids]);
  setUpChanged(ctx);
}

/** A second project (with one room, no owner register) that 阳光花园's staff do not serve. */
export async function insertProject(ctx: TestContext): Promise<{ projectId: number; name: string; roomId: number }> {
  const name = `测试小区${hex(3)}`;
  const projectId = await insert(
    ctx,
    "INSERT INTO project (company_id, name, kind, area_sqm) VALUES (?, ?, 'residential', 20000)",
    [await companyId(ctx), name],
  );
  const buildingId = await insert(ctx, 'INSERT INTO building (project_id, name, sort) VALUES (?, ?, 1)', [
    projectId,
    'B座',
  ]);
  const unitId = await insert(ctx, 'INSERT INTO unit (building_id, name, sort) VALUES (?, ?, 1)', [
    buildingId,
    '1单元',
  ]);
  const roomId = await insert(
    ctx,
    'INSERT INTO room (project_id, building_id, unit_id, floor, name) VALUES (?, ?, ?, 3, ?)',
    [projectId, buildingId, unitId, '301'],
  );
  return { projectId, name, roomId };
}

// ---------------------------------------------------------------------------------------------
// Calls

/** An answer of the API as these suites read it. */
export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
}

/**
 * Calls the app through Fastify's `inject`: the whole pipeline (routing, auth guard, pipes, the
 * error filter, serialisation) without a socket per call — these suites make thousands of calls.
 * HTTP-level behaviour (body limits, content types) is the other suites' subject.
 */
export async function call(
  ctx: TestContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  who?: Pick<Person, 'auth'>,
  body?: object,
): Promise<Answer> {
  const res = await ctx.app.inject({ method, url, headers: who?.auth, ...(body ? { payload: body } : {}) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
}

export const get = (ctx: TestContext, who: Pick<Person, 'auth'>, url: string) => call(ctx, 'GET', url, who);
export const post = (ctx: TestContext, who: Pick<Person, 'auth'>, url: string, body: object = {}) =>
  call(ctx, 'POST', url, who, body);

// ---------------------------------------------------------------------------------------------
// Photos

/** Uploads `count` small JPEGs as `who` (multipart through the real HTTP stack) and returns their views. */
export async function uploadPhotos(ctx: TestContext, who: Pick<Person, 'auth'>, count = 1): Promise<PhotoView[]> {
  let req = ctx.http().post('/api/photos').set(who.auth);
  for (let index = 0; index < count; index++) {
    const data = await sharp({
      create: { width: 40 + index, height: 30, channels: 3, background: { r: 30 * index, g: 120, b: 200 } },
    })
      .jpeg()
      .toBuffer();
    req = req.attach('files', data, { filename: `现场${index + 1}.jpg`, contentType: 'image/jpeg' });
  }
  const res = await req;
  expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
  return res.body as PhotoView[];
}

/** The ids of the photos on a timeline event. */
export const photoIdsOf = (event: RequestEventView) => event.photos.map((photo) => photo.id);

// ---------------------------------------------------------------------------------------------
// Filing

export const seededCategory = (ctx: TestContext, who: Person, kind: RequestKind, ...path: string[]) =>
  categoryByPath(ctx, who.auth, kind, ...path) as Promise<CategoryNode>;

export function repairForm(resident: ResidentPerson, categoryId: number, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'repair',
    houseBindingId: resident.binding.id,
    categoryId,
    repairScope: 'in_home',
    repairItem: '厨房水龙头',
    repairLocation: '厨房水槽下方',
    repairModel: '九牧 J-32',
    content: '厨房水龙头一直滴水，关不紧',
    contactName: resident.name,
    contactPhone: '13800138000',
    ...overrides,
  };
}

export function complaintOf(resident: ResidentPerson, categoryId: number, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'complaint',
    houseBindingId: resident.binding.id,
    categoryId,
    content: '楼上装修每天早上七点就开始电钻，严重扰民',
    demand: '限制装修时间',
    contactName: resident.name,
    contactPhone: '13800138000',
    ...overrides,
  };
}

export function suggestionOf(resident: ResidentPerson, categoryId: number, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'suggestion',
    houseBindingId: resident.binding.id,
    categoryId,
    content: '建议在小区东门增加快递柜',
    contactName: resident.name,
    contactPhone: '13800138000',
    ...overrides,
  };
}

export async function fileRequest(ctx: TestContext, resident: Person, form: object): Promise<RequestDetail> {
  const res = await post(ctx, resident, '/api/requests', form);
  expect({ status: res.status, body: res.status === 201 ? 'ok' : res.body }).toEqual({ status: 201, body: 'ok' });
  return res.body as RequestDetail;
}

// ---------------------------------------------------------------------------------------------
// Actions

export const act = (ctx: TestContext, who: Pick<Person, 'auth'>, id: number, action: ActionName, body: object = {}) =>
  post(ctx, who, `/api/requests/${id}/actions/${action}`, body);

/** An action that must succeed; a failure shows the refusal. */
export async function actOk(
  ctx: TestContext,
  who: Pick<Person, 'auth'>,
  id: number,
  action: ActionName,
  body: object = {},
): Promise<RequestDetail> {
  const res = await act(ctx, who, id, action, body);
  expect({ action, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({
    action,
    status: 200,
    body: 'ok',
  });
  return res.body as RequestDetail;
}

export type Step = [Pick<Person, 'auth'>, ActionName, object?];

export async function runSteps(ctx: TestContext, id: number, steps: Step[]): Promise<RequestDetail> {
  let detail: RequestDetail | undefined;
  for (const [who, action, body] of steps) detail = await actOk(ctx, who, id, action, body);
  return detail!;
}

export async function detailOf(ctx: TestContext, who: Pick<Person, 'auth'>, id: number): Promise<RequestDetail> {
  const res = await get(ctx, who, `/api/requests/${id}`);
  expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
  return res.body as RequestDetail;
}

export const lastEvent = (detail: RequestDetail): RequestEventView => detail.events[detail.events.length - 1];

export interface StepExpectation {
  action: LifecycleAction;
  /** The person, or 'system' for the auto-dispatch. */
  by: Person | 'system';
  from: RequestStatus | null;
  to: RequestStatus;
  note?: string | null;
}

/** One step on the timeline: the status moved, the version went up by one and one event says who did what. */
export function expectStep(after: RequestDetail, before: RequestDetail, step: StepExpectation): RequestEventView {
  expect(after.status).toBe(step.to);
  expect(after.version).toBe(before.version + 1);
  expect(after.events).toHaveLength(before.events.length + 1);
  expect(after.events.slice(0, before.events.length).map((event) => event.id)).toEqual(
    before.events.map((event) => event.id),
  );
  const event = lastEvent(after);
  expectEvent(event, step);
  return event;
}

export function expectEvent(event: RequestEventView, step: StepExpectation): void {
  expect(event).toMatchObject({
    action: step.action,
    actionLabel: ACTION_LABELS[step.action],
    actorName: step.by === 'system' ? '系统' : step.by.name,
    actorRole: step.by === 'system' ? 'system' : step.by.role,
    fromStatus: step.from,
    toStatus: step.to,
    // Staff notes are always internal; other steps' visibility is checked where the resident reads them.
    ...(step.action === 'note' ? { internal: true } : {}),
    ...(step.note !== undefined ? { note: step.note } : {}),
  });
}

/**
 * A refusal in the API's error shape. Unlike `expectApiError`, details may carry raw values
 * (a 409 names the current status, a 429 the time urging is allowed again).
 */
export function expectRefusal(res: Answer, status: number, code: string | string[]): ApiErrorBody {
  const codes = Array.isArray(code) ? code : [code];
  expect({ status: res.status, code: codes.includes(res.body?.code) ? 'ok' : res.body }).toEqual({
    status,
    code: 'ok',
  });
  expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message']);
  expect(res.body.message).toMatch(CHINESE);
  for (const detail of res.body.details as unknown[]) {
    expect(Object.keys(detail as object).sort()).toEqual(['field', 'message']);
  }
  return res.body as ApiErrorBody;
}

export const detailField = (body: ApiErrorBody, field: string) =>
  body.details.find((detail) => detail.field === field)?.message;

export interface RowState {
  status: RequestStatus;
  version: number;
  events: number;
  assigneeUserId: number | null;
  departmentId: number | null;
  round: number;
  urgeCount: number;
  ratings: number;
}

/** What the database holds of a request: a refused call must leave all of it as it was. */
export async function rowState(ctx: TestContext, id: number): Promise<RowState> {
  const [row] = (await ctx.dataSource.query(
    `SELECT status, version, assignee_user_id AS assigneeUserId, department_id AS departmentId, round, urge_count AS urgeCount,
            (SELECT COUNT(*) FROM request_event e WHERE e.request_id = r.id) AS events,
            (SELECT COUNT(*) FROM request_rating g WHERE g.request_id = r.id) AS ratings
       FROM request r WHERE r.id = ?`,
    [id],
  )) as Record<string, string | number | null>[];
  const num = (value: string | number | null) => (value === null ? null : Number(value));
  return {
    status: row.status as RequestStatus,
    version: Number(row.version),
    events: Number(row.events),
    assigneeUserId: num(row.assigneeUserId),
    departmentId: num(row.departmentId),
    round: Number(row.round),
    urgeCount: Number(row.urgeCount),
    ratings: Number(row.ratings),
  };
}

/** The events of one action on a request, straight from the database. */
export async function eventCount(ctx: TestContext, id: number, action: ActionName): Promise<number> {
  const [row] = (await ctx.dataSource.query(
    'SELECT COUNT(*) AS n FROM request_event WHERE request_id = ? AND action = ?',
    [id, action],
  )) as { n: string | number }[];
  return Number(row.n);
}

async function columnsOf(ctx: TestContext, table: string, except: string[]): Promise<string> {
  const rows = (await ctx.dataSource.query(
    // Stored generated columns (next_due_at, contact_phone_last4) are computed, never copied.
    "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION",
    [table],
  )) as { name: string }[];
  return rows
    .map((row) => row.name)
    .filter((name) => !except.includes(name))
    .map((name) => `\`${name}\``)
    .join(', ');
}

/**
 * A copy of a request exactly as the API left it (its row, timeline and ratings) under a new id
 * and a number outside every kind's series (CL…, so the daily counters stay true): many requests
 * in one state without walking each one through the API.
 */
export async function cloneRequest(ctx: TestContext, id: number): Promise<number> {
  const requestColumns = await columnsOf(ctx, 'request', ['id', 'number']);
  const newId = await insert(
    ctx,
    `INSERT INTO request (number, ${requestColumns}) SELECT ?, ${requestColumns} FROM request WHERE id = ?`,
    [`CL${randomBytes(9).toString('hex')}`, id],
  );
  const eventColumns = await columnsOf(ctx, 'request_event', ['id', 'request_id']);
  const events = (await ctx.dataSource.query('SELECT id FROM request_event WHERE request_id = ? ORDER BY id', [
    id,
  ])) as {
    id: number;
  }[];
  const eventIds = new Map<number, number>();
  for (const event of events) {
    eventIds.set(
      Number(event.id),
      await insert(
        ctx,
        `INSERT INTO request_event (request_id, ${eventColumns}) SELECT ?, ${eventColumns} FROM request_event WHERE id = ?`,
        [newId, event.id],
      ),
    );
  }
  const ratingColumns = await columnsOf(ctx, 'request_rating', ['id', 'request_id', 'event_id']);
  const ratings = (await ctx.dataSource.query(
    'SELECT id, event_id AS eventId FROM request_rating WHERE request_id = ?',
    [id],
  )) as { id: number; eventId: number }[];
  for (const rating of ratings) {
    await ctx.dataSource.query(
      `INSERT INTO request_rating (request_id, event_id, ${ratingColumns}) SELECT ?, ?, ${ratingColumns} FROM request_rating WHERE id = ?`,
      [newId, eventIds.get(Number(rating.eventId)), rating.id],
    );
  }
  return newId;
}

// ---------------------------------------------------------------------------------------------
// Lists

/** Every page of a paginated list (other suites add to the shared lists while this one reads). */
export async function listAll(ctx: TestContext, who: Pick<Person, 'auth'>, path: string): Promise<RequestSummary[]> {
  const items: RequestSummary[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 1; page <= 100; page++) {
    const res = await get(ctx, who, `${path}${separator}page=${page}&pageSize=50`);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    const body = res.body as Page<RequestSummary>;
    items.push(...body.items);
    if (body.items.length < 50 || page * 50 >= body.total) break;
  }
  return items;
}

export async function idsIn(ctx: TestContext, who: Pick<Person, 'auth'>, path: string): Promise<number[]> {
  return (await listAll(ctx, who, path)).map((item) => item.id);
}

export const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

// ---------------------------------------------------------------------------------------------
// A team of a suite's own

export interface OwnTeam {
  departmentId: number;
  supervisor: Person;
  worker: Person;
  /** The company's general management: escalation level 4 and long extensions reach admins. */
  admin: Person;
  complaintCategory: number;
  repairCategory: number;
}

/**
 * A queue-mode department with its supervisor and a worker, an admin, and a complaint (grade C) and
 * a repair (grade E) category routed to it: what the time-limit, escalation and approval suites
 * share, so their counts and inboxes are theirs alone. `retireCategories` the two afterwards.
 */
export async function ownTeam(ctx: TestContext, label: string): Promise<OwnTeam> {
  const admin = await insertStaff(ctx, { role: 'admin', departmentId: null, name: `${label}总经理` });
  const { id: departmentId } = await insertDepartment(ctx, `${label}部`, 'supervisor');
  const supervisor = await insertStaff(ctx, { role: 'supervisor', departmentId, name: `${label}主管` });
  const worker = await insertStaff(ctx, { role: 'staff', departmentId, name: `${label}师傅`, title: '水电工' });
  const complaintCategory = (await insertCategory(ctx, 'complaint', departmentId, 'C')).id;
  const repairCategory = (await insertCategory(ctx, 'repair', departmentId, 'E')).id;
  return { departmentId, supervisor, worker, admin, complaintCategory, repairCategory };
}
