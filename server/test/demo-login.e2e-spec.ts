import type { Response } from 'supertest';
import { expectApiError } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Finding 3: the demo login logs anyone in as any account, the manager included. It answers
 * only someone on the server's own machine (judged by the socket, not X-Forwarded-For),
 * everyone with DEMO_LOGIN=on, and nobody with DEMO_LOGIN=off (not mounted).
 */

const OUTSIDE = '203.0.113.7';
const LOCAL_ONLY = '演示登录仅限在服务器本机使用';

type Injected = Awaited<ReturnType<TestContext['app']['inject']>>;

/** light-my-request's answer in the shape the shared error checks read. */
function asResponse(res: Injected): Response {
  return { status: res.statusCode, headers: res.headers, body: res.json() } as unknown as Response;
}

/** A request whose socket comes from `remoteAddress`, as a client on another machine would be. */
async function from(
  ctx: TestContext,
  remoteAddress: string,
  method: 'GET' | 'POST',
  url: string,
  options: { body?: object; headers?: Record<string, string> } = {},
): Promise<Response> {
  return asResponse(
    await ctx.app.inject({ method, url, remoteAddress, payload: options.body, headers: options.headers }),
  );
}

describe('the demo login by default (DEMO_LOGIN unset: this machine only)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it.each([
    ['POST', '/api/dev/login-code', { openid: 'demo-manager-1' }],
    ['GET', '/api/dev/demo-accounts', undefined],
  ] as const)('refuses %s %s from another machine with 403 and a Chinese message', async (method, url, body) => {
    expectApiError(await from(ctx, OUTSIDE, method, url, { body }), 403, 'FORBIDDEN', LOCAL_ONLY);
  });

  it('refuses the subscribe stand-in from another machine, even with a valid token', async () => {
    const { auth } = await ctx.newResident();
    const res = await from(ctx, OUTSIDE, 'POST', '/api/dev/subscribe', {
      body: { templateIds: ['linli-tmpl-progress'] },
      headers: auth,
    });
    expectApiError(res, 403, 'FORBIDDEN', LOCAL_ONLY);
  });

  it('is not fooled by a forged X-Forwarded-For naming loopback', async () => {
    for (const forged of ['127.0.0.1', '::1', '127.0.0.1, 127.0.0.1']) {
      const res = await from(ctx, OUTSIDE, 'POST', '/api/dev/login-code', {
        body: { openid: 'demo-manager-1' },
        headers: { 'x-forwarded-for': forged, 'x-real-ip': '127.0.0.1' },
      });
      expectApiError(res, 403, 'FORBIDDEN', LOCAL_ONLY);
    }
  });

  it('refuses a client relayed by a reverse proxy on this machine (loopback socket, forwarding headers)', async () => {
    const relayed: Record<string, string>[] = [
      { 'x-forwarded-for': OUTSIDE },
      { forwarded: `for=${OUTSIDE}` },
      { 'x-real-ip': OUTSIDE },
    ];
    for (const headers of relayed) {
      const res = await from(ctx, '127.0.0.1', 'POST', '/api/dev/login-code', {
        body: { openid: 'demo-manager-1' },
        headers,
      });
      expectApiError(res, 403, 'FORBIDDEN', LOCAL_ONLY);
    }
  });

  it.each(['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1'])(
    'answers a client on this machine (%s) with a login code',
    async (address) => {
      const res = await from(ctx, address, 'POST', '/api/dev/login-code', { body: { openid: 'demo-resident-1' } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ code: expect.any(String) });
    },
  );

  it('judges a real socket: answered on loopback, refused when the loopback peer relays someone else', async () => {
    // Network tests here stay on loopback; other peers' addresses are driven by injection above.
    const server = await createTestContext();
    try {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = server.app.getHttpServer().address() as { port: number };
      const login = (headers: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${port}/api/dev/login-code`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ openid: 'demo-manager-1' }),
        });
      const relayed = await login({ 'x-forwarded-for': '198.51.100.4' });
      expect(relayed.status).toBe(403);
      expect(await relayed.json()).toMatchObject({ code: 'FORBIDDEN', message: LOCAL_ONLY });
      const local = await login();
      expect(local.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('DEMO_LOGIN=on (a showcase reached over the network)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { DEMO_LOGIN: 'on' } });
  });
  afterAll(() => ctx.close());

  it('answers another machine with a login code', async () => {
    const res = await from(ctx, OUTSIDE, 'POST', '/api/dev/login-code', { body: { openid: 'demo-resident-1' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ code: expect.any(String) });
  });
});

describe('DEMO_LOGIN=off', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { DEMO_LOGIN: 'off' } });
  });
  afterAll(() => ctx.close());

  it.each([
    ['POST', '/api/dev/login-code'],
    ['GET', '/api/dev/demo-accounts'],
    ['POST', '/api/dev/subscribe'],
  ] as const)('has no %s %s at all, not even for this machine', async (method, url) => {
    const res = await from(ctx, '127.0.0.1', method, url, { body: method === 'POST' ? {} : undefined });
    expectApiError(res, 404, 'NOT_FOUND', '请求的地址不存在');
  });
});
