import { randomBytes } from 'node:crypto';
import type { AuthTokens } from '@linli/shared';
import { boundResident, categoryByPath, complaintForm, expectApiError, requestCountOf } from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * The floods of the attack report: 1,000 bad logins each reaching code2Session, 300 requests
 * filed by one resident in 7.7 s. Each suite here sets the real default limits (factor 1).
 */
const REAL_LIMITS = { RATE_LIMIT_FACTOR: '1' };

async function code2SessionCalls(ctx: TestContext): Promise<number> {
  const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as { path: string }[];
  return calls.filter((call) => call.path === '/sns/jscode2session').length;
}

describe('rate limits (default limits, one instance, memory store)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: REAL_LIMITS });
  });
  afterAll(() => ctx.close());

  it('stops a flood of bad logins before it reaches WeChat, with 429, a Chinese message and Retry-After', async () => {
    const before = await code2SessionCalls(ctx);
    // Another client address than the rest of the suite, through the loopback proxy's header.
    const ip = '203.0.113.7';
    const statuses: number[] = [];
    let limited: import('supertest').Response | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await ctx
        .http()
        .post('/api/auth/wechat')
        .set('x-forwarded-for', ip)
        .send({ code: `bad-${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
    expectApiError(limited!, 429, 'TOO_MANY_REQUESTS', /操作太频繁，请 \d+ 秒后再试/);
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Only the 30 allowed attempts were passed on to WeChat.
    expect((await code2SessionCalls(ctx)) - before).toBe(30);
    // Another address is not affected.
    const other = await ctx.http().post('/api/auth/wechat').set('x-forwarded-for', '203.0.113.8').send({ code: 'x' });
    expect(other.status).toBe(401);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const limited = await createTestContext({ env: { ...REAL_LIMITS, TRUST_PROXY: 'none' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++) {
        // A new forged address each time would escape a per-IP limit if the header were believed.
        const res = await limited
          .http()
          .post('/api/auth/wechat')
          .set('x-forwarded-for', `198.51.100.${i}`)
          .send({ code: `bad-${i}` });
        statuses.push(res.status);
      }
      expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    } finally {
      await limited.close();
    }
  });

  it('lets one resident file 5 requests a minute, refuses the rest and stores none of them', async () => {
    const resident = await boundResident(ctx);
    const category = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
    const me = (await ctx.http().get('/api/auth/me').set(resident.auth)).body as { user: { id: number } };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await ctx
        .http()
        .post('/api/requests')
        .set(resident.auth)
        .send(complaintForm(resident.binding.id, category.id, { content: `楼道垃圾没人清理，第 ${i} 次反映` }));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(429)]);
    expect(await requestCountOf(ctx, me.user.id)).toBe(5);
    // After the window the resident may file again.
    const later = await ctx.http().get('/api/requests/mine').set(resident.auth);
    expect(later.status).toBe(200);
  });

  it('counts every other write per user', async () => {
    const auth = { Authorization: `Bearer ${(await ctx.login(`rl-${randomBytes(4).toString('hex')}`)).accessToken}` };
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) {
      statuses.push((await ctx.http().post('/api/notifications/read-all').set(auth)).status);
    }
    expect(statuses.slice(0, 120).every((status) => status < 300)).toBe(true);
    expect(statuses.slice(120)).toEqual(Array(5).fill(429));
    // Reads are not limited.
    expect((await ctx.http().get('/api/notifications').set(auth)).status).toBe(200);
  });
});

describe('rate limits across two instances sharing Redis', () => {
  const redis = {
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    REDIS_PREFIX: `linli-test-${randomBytes(4).toString('hex')}:`,
  };
  let first: TestContext;
  let second: TestContext;
  beforeAll(async () => {
    first = await createTestContext({ env: { ...REAL_LIMITS, ...redis } });
    second = await createTestContext({ env: { ...REAL_LIMITS, ...redis } });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('holds a limit whichever instance the requests reach', async () => {
    const ip = '203.0.113.20';
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const instance = i % 2 === 0 ? first : second;
      statuses.push(
        (
          await instance
            .http()
            .post('/api/auth/wechat')
            .set('x-forwarded-for', ip)
            .send({ code: `bad-${i}` })
        ).status,
      );
    }
    // 30 per minute in all, not 30 on each instance.
    expect(statuses.filter((status) => status === 401)).toHaveLength(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it('refresh is limited too', async () => {
    const tokens: AuthTokens = await first.login(`rl-${randomBytes(4).toString('hex')}`);
    expect(tokens.refreshToken).toBeTruthy();
    const ip = '203.0.113.21';
    const statuses: number[] = [];
    for (let i = 0; i < 64; i++) {
      const instance = i % 2 === 0 ? first : second;
      statuses.push(
        (
          await instance
            .http()
            .post('/api/auth/refresh')
            .set('x-forwarded-for', ip)
            .send({ refreshToken: `x${i}` })
        ).status,
      );
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
  });
});
