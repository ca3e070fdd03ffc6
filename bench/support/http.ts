import type { AuthTokens, CategoryNode, HouseBindingView } from '@linli/shared';
import type { Pool } from 'mysql2/promise';
import { freshOwner, type Queryable } from '../../server/test/support/rooms';

/** A call unanswered this long fails: the run must end even when the server does not answer. */
const CALL_TIMEOUT_MS = 10_000;

export interface Answer<T> {
  status: number;
  body: T;
}

/** One call as a phone would make it. */
export async function call<T>(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: object,
  timeoutMs = CALL_TIMEOUT_MS,
): Promise<Answer<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function must<T>(answer: Answer<T>, status: number, what: string): T {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The sandbox's control routes (login and phone codes), answered 200. */
export async function sandboxPost<T>(sandboxUrl: string, path: string, body: object): Promise<T> {
  return must(await call<T>(sandboxUrl, 'POST', path, undefined, body), 200, path);
}

/** Stands for `wx.login()` and the mini-app's login call. */
export async function login(base: string, sandboxUrl: string, openid: string): Promise<AuthTokens> {
  const { code } = await sandboxPost<{ code: string }>(sandboxUrl, '/__sandbox/login-code', { openid });
  return must(await call<AuthTokens>(base, 'POST', '/api/auth/wechat', undefined, { code }), 200, 'login');
}

/** SQL through a mysql2 pool, answering rows (or the OK packet) as TypeORM's `query` does. */
export const queryable = (pool: Pool): Queryable => ({
  query: async (sql, params) => (await pool.query(sql, params))[0],
});

export interface BoundResident {
  tokens: AuthTokens;
  binding: HouseBindingView;
}

/**
 * A new resident bound at once to a room of their own, by the route the server tests take
 * (server/test/support/api.ts `boundResident`): WeChat vouches for the register's phone.
 */
export async function bindResident(
  base: string,
  sandboxUrl: string,
  pool: Pool,
  openid: string,
): Promise<BoundResident> {
  const tokens = await login(base, sandboxUrl, openid);
  const owner = await freshOwner(queryable(pool));
  const { code: phoneCode } = await sandboxPost<{ code: string }>(sandboxUrl, '/__sandbox/phone-code', {
    openid,
    phoneNumber: owner.phone,
  });
  const binding = must(
    await call<HouseBindingView>(base, 'POST', '/api/house-bindings', tokens.accessToken, {
      roomId: owner.roomId,
      name: owner.name,
      phone: owner.phone,
      phoneCode,
    }),
    201,
    'bind a house',
  );
  if (binding.status !== 'bound') throw new Error(`binding ${binding.id} is ${binding.status}, not bound`);
  return { tokens, binding };
}

export function findCategory(nodes: CategoryNode[], ...path: string[]): CategoryNode {
  let found: CategoryNode | undefined;
  for (const name of path) {
    found = nodes.find((node) => node.name === name);
    if (!found) throw new Error(`category ${path.join(' › ')} not found`);
    nodes = found.children;
  }
  return found!;
}
