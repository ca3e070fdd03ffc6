import type { AuthTokens, CategoryNode, HouseBindingView, RequestDetail } from '@linli/shared';
import type { SandboxMessage } from '../../server/src/sandbox';
import type { Stack } from './stack';

/**
 * The steps a browser test does not look at, through the API and the WeChat sandbox's control
 * endpoints: someone else's action, what WeChat received, a fault to inject.
 */

export interface ApiUser {
  token: string;
  userId: number;
  name: string;
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A WeChat login as wx.login would give the mini-program one: a sandbox code for `openid`, then
 * /api/auth/wechat. An openid nobody used yet is a new resident.
 */
export async function wechatLogin(stack: Stack, openid: string): Promise<AuthTokens> {
  const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
  return api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
}

/** A demo account logged in like the h5 login screen does it: a sandbox code, then /api/auth/wechat. */
export async function apiLogin(stack: Stack, openid: string): Promise<ApiUser> {
  const tokens = await wechatLogin(stack, openid);
  return { token: tokens.accessToken, userId: tokens.user.id, name: tokens.user.name };
}

export async function api<T>(
  stack: Stack,
  who: ApiUser | null,
  method: 'GET' | 'POST',
  path: string,
  body?: object,
): Promise<T> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${who.token}`;
  if (body) headers['content-type'] = 'application/json';
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return json<T>(response, `${method} ${path}`);
}

/** A control endpoint of the WeChat sandbox (`/__sandbox/...`). */
export async function sandbox<T>(
  stack: Stack,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: object,
): Promise<T> {
  const response = await fetch(`${stack.sandbox.url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return json<T>(response, `sandbox ${method} ${path}`);
}

/** What WeChat received for one openid (subscribe or template messages). */
export function sandboxMessages(
  stack: Stack,
  touser: string,
  channel: SandboxMessage['channel'],
): Promise<SandboxMessage[]> {
  return sandbox<SandboxMessage[]>(
    stack,
    'GET',
    `/__sandbox/messages?touser=${encodeURIComponent(touser)}&channel=${channel}`,
  );
}

/**
 * Polls until `probe` returns something (the outbox worker sends in the background), failing
 * with `what` after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A bound resident's in-home repair (入户维修 › `leaf`, 水电维修 unless told) filed through the API
 * as the mini-app's form sends it, on their first home.
 */
export async function fileRepair(
  stack: Stack,
  resident: ApiUser,
  fields: { content: string; repairItem?: string; repairLocation?: string; leaf?: string; contactPhone?: string },
): Promise<RequestDetail> {
  const [house] = await api<HouseBindingView[]>(stack, resident, 'GET', '/api/house-bindings/mine');
  const tree = await api<CategoryNode[]>(stack, resident, 'GET', '/api/categories?kind=repair');
  const leaf = fields.leaf ?? '水电维修';
  const category = tree.find((node) => node.name === '入户维修')!.children.find((node) => node.name === leaf)!;
  return api<RequestDetail>(stack, resident, 'POST', '/api/requests', {
    kind: 'repair',
    houseBindingId: house.id,
    categoryId: category.id,
    repairScope: 'in_home',
    repairItem: fields.repairItem ?? '水龙头',
    repairLocation: fields.repairLocation ?? '厨房',
    content: fields.content,
    contactName: house.name,
    contactPhone: fields.contactPhone ?? house.phone,
  });
}
