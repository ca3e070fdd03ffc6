import { randomBytes } from 'node:crypto';
import {
  shanghaiDateKey,
  type ApiErrorBody,
  type AuthTokens,
  type CategoryNode,
  type ComplaintFormInput,
  type HouseBindingView,
  type Page,
  type RequestDetail,
  type RequestKind,
} from '@linli/shared';
import type { Response } from 'supertest';
import { DEMO_PROJECT, freshOwner as freshRoomOwner, TEST_BUILDING, type OwnerRow } from './rooms';
import type { TestContext } from './test-app';

export { DEMO_PROJECT, TEST_BUILDING, type OwnerRow };

/** Helpers the e2e suites share: error-shape checks, fresh accounts, seeded rooms and categories. */

export const CHINESE = /[\u4e00-\u9fff]/;

export type Auth = { Authorization: string };
export const authOf = (tokens: AuthTokens): Auth => ({ Authorization: `Bearer ${tokens.accessToken}` });

/** An openid nobody else in this run uses. */
export const freshOpenid = (prefix = 'e2e') => `${prefix}-${randomBytes(6).toString('hex')}`;

/**
 * Every refusal has exactly `{code, message, details}`, a Chinese message and `{field, message}` details.
 * Returns the body for further checks.
 */
export function expectApiError(res: Response, status: number, code: string, message?: string | RegExp): ApiErrorBody {
  // Status and code together, so a failure shows both at once.
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof res.body.message).toBe('string');
  expect(res.body.message).toMatch(CHINESE);
  expect(Array.isArray(res.body.details)).toBe(true);
  for (const detail of res.body.details as unknown[]) {
    expect(Object.keys(detail as object).sort()).toEqual(['field', 'message']);
    expect(typeof (detail as { field: unknown }).field).toBe('string');
    expect((detail as { message: string }).message).toMatch(CHINESE);
  }
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message) expect(res.body.message).toMatch(message);
  return res.body as ApiErrorBody;
}

/** A 400 VALIDATION_FAILED whose details name exactly these fields (in any order). */
export function expectValidation(res: Response, fields: string[]): ApiErrorBody {
  const body = expectApiError(res, 400, 'VALIDATION_FAILED');
  expect(body.details.map((detail) => detail.field).sort()).toEqual([...fields].sort());
  return body;
}

/** Stands for `wx.login()` on a phone: the sandbox mints a one-use code for this openid. */
export async function mintLoginCode(ctx: TestContext, openid: string, unionid?: string): Promise<string> {
  const response = await fetch(`${ctx.sandbox.url}/__sandbox/login-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(unionid ? { openid, unionid } : { openid }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { code: string }).code;
}

/**
 * Stands for tapping `<Button openType="getPhoneNumber">` and allowing it: the sandbox mints a
 * one-use code saying this WeChat user holds this (mainland) phone.
 */
export async function mintPhoneCode(ctx: TestContext, openid: string, phoneNumber: string): Promise<string> {
  const response = await fetch(`${ctx.sandbox.url}/__sandbox/phone-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, phoneNumber }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { code: string }).code;
}

export async function loginAs(ctx: TestContext, openid: string): Promise<{ tokens: AuthTokens; auth: Auth }> {
  const tokens = await ctx.login(openid);
  return { tokens, auth: authOf(tokens) };
}

/** The owner register row of a seeded 阳光花园 room, e.g. ('1栋', '1单元', '101'). */
export async function ownerOfRoom(ctx: TestContext, building: string, unit: string, room: string): Promise<OwnerRow> {
  const rows = (await ctx.dataSource.query(
    'SELECT o.room_id AS roomId, o.name, o.phone FROM owner_register o ' +
      'JOIN room r ON r.id = o.room_id JOIN building b ON b.id = r.building_id JOIN unit u ON u.id = r.unit_id ' +
      'JOIN project p ON p.id = r.project_id WHERE p.name = ? AND b.name = ? AND u.name = ? AND r.name = ? ORDER BY o.id LIMIT 1',
    [DEMO_PROJECT, building, unit, room],
  )) as OwnerRow[];
  if (!rows[0]) throw new Error(`no owner register row for ${building} ${unit} ${room}`);
  return { ...rows[0], roomId: Number(rows[0].roomId) };
}

/**
 * An owner register row of a seeded 阳光花园 room nobody has claimed yet (not even pending), so a
 * claim to it tells no other suite's resident that someone asked for their room.
 */
export async function randomOwner(ctx: TestContext): Promise<OwnerRow> {
  const [row] = (await ctx.dataSource.query(
    'SELECT o.room_id AS roomId, o.name, o.phone FROM owner_register o JOIN room r ON r.id = o.room_id ' +
      'JOIN project p ON p.id = r.project_id JOIN building b ON b.id = r.building_id ' +
      'WHERE p.name = ? AND b.name <> ? AND NOT EXISTS (SELECT 1 FROM house_binding h WHERE h.room_id = r.id) ' +
      'ORDER BY RAND() LIMIT 1',
    [DEMO_PROJECT, TEST_BUILDING],
  )) as OwnerRow[];
  if (!row) throw new Error('every seeded room of 阳光花园 is claimed: use freshOwner()');
  return { ...row, roomId: Number(row.roomId) };
}

/** A new room of 阳光花园 with its owner in the register: nobody holds it, and nobody else will. */
export const freshOwner = (ctx: TestContext): Promise<OwnerRow> => freshRoomOwner(ctx.dataSource);

export interface Resident {
  tokens: AuthTokens;
  auth: Auth;
  binding: HouseBindingView;
  owner: OwnerRow;
}

/**
 * A new resident bound at once to a room of 阳光花园: WeChat verifies the register's phone
 * (a sandbox phone code) and the room is their own (freshOwner). Pass `owner` only for a room
 * nobody holds yet, or the binding waits for review and this fails.
 */
export async function boundResident(ctx: TestContext, owner?: OwnerRow): Promise<Resident> {
  const openid = freshOpenid('resident');
  const { tokens, auth } = await loginAs(ctx, openid);
  const row = owner ?? (await freshOwner(ctx));
  const phoneCode = await mintPhoneCode(ctx, openid, row.phone);
  const res = await ctx
    .http()
    .post('/api/house-bindings')
    .set(auth)
    .send({ roomId: row.roomId, name: row.name, phone: row.phone, phoneCode });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('bound');
  return { tokens, auth, binding: res.body as HouseBindingView, owner: row };
}

/** A category node by its path of names, e.g. ('环境管理', '保洁卫生'). */
export async function categoryByPath(
  ctx: TestContext,
  auth: Auth,
  kind: RequestKind,
  ...path: string[]
): Promise<CategoryNode> {
  const res = await ctx.http().get(`/api/categories?kind=${kind}`).set(auth);
  expect(res.status).toBe(200);
  let nodes = res.body as CategoryNode[];
  let found: CategoryNode | undefined;
  for (const name of path) {
    found = nodes.find((node) => node.name === name);
    if (!found) throw new Error(`category ${path.join(' › ')} not found`);
    nodes = found.children;
  }
  return found!;
}

export function complaintForm(
  houseBindingId: number,
  categoryId: number,
  overrides: Partial<ComplaintFormInput> = {},
): ComplaintFormInput {
  return {
    kind: 'complaint',
    houseBindingId,
    categoryId,
    content: '楼道垃圾三天没人清理，味道很大',
    contactName: '张三',
    contactPhone: '13800138000',
    ...overrides,
  };
}

export async function fileComplaint(
  ctx: TestContext,
  resident: { auth: Auth; binding: HouseBindingView },
  categoryId: number,
  overrides: Partial<ComplaintFormInput> = {},
): Promise<RequestDetail> {
  const res = await ctx
    .http()
    .post('/api/requests')
    .set(resident.auth)
    .send(complaintForm(resident.binding.id, categoryId, overrides));
  expect(res.status).toBe(201);
  return res.body as RequestDetail;
}

export async function requestCountOf(ctx: TestContext, userId: number): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM request WHERE resident_user_id = ?', [
    userId,
  ])) as {
    n: number | string;
  }[];
  return Number(row.n);
}

export async function bindingCountOf(ctx: TestContext, userId: number): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM house_binding WHERE user_id = ?', [userId])) as {
    n: number | string;
  }[];
  return Number(row.n);
}

/**
 * The Asia/Shanghai day keys a request filed during `work` may carry: the day before and after
 * it ran (normally the same day, two around midnight).
 */
export async function duringShanghaiDays<T>(
  now: () => Date,
  work: () => Promise<T>,
): Promise<{ result: T; days: string[] }> {
  const before = shanghaiDateKey(now());
  const result = await work();
  const after = shanghaiDateKey(now());
  return { result, days: [...new Set([before, after])] };
}

/** Decodes a JWT's payload without verifying it. */
export function jwtPayload(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * The desk's review list walked page by page until it holds the binding (the suites share one
 * database, and others add pending claims too); undefined when it is not listed under `status`.
 */
export async function findInReview<T extends { id: number }>(
  ctx: TestContext,
  auth: Auth,
  bindingId: number,
  status = 'pending',
): Promise<T | undefined> {
  for (let page = 1; page < 200; page++) {
    const res = await ctx.http().get(`/api/house-bindings?status=${status}&page=${page}&pageSize=50`).set(auth);
    expect(res.status).toBe(200);
    const body = res.body as Page<T>;
    const found = body.items.find((item) => item.id === bindingId);
    if (found) return found;
    if (page * body.pageSize >= body.total) return undefined;
  }
  return undefined;
}
