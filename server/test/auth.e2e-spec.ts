import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { AuthTokens, UserView } from '@linli/shared';
import type { FaultOutcome } from '../src/sandbox';
import {
  authOf,
  expectApiError,
  expectValidation,
  freshOpenid,
  jwtPayload,
  mintLoginCode,
  randomOwner,
} from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** Login through WeChat (the sandbox), token refresh and rotation, the auth guard and role checks. */

const DAY_MS = 86_400_000;

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const loginWithCode = (code: unknown) => ctx.http().post('/api/auth/wechat').send({ code });

async function sessionKeyOf(openid: string): Promise<string | null> {
  const [row] = (await ctx.dataSource.query('SELECT session_key AS sessionKey FROM `user` WHERE openid = ?', [
    openid,
  ])) as {
    sessionKey: string | null;
  }[];
  return row?.sessionKey ?? null;
}

async function userCountOf(openid: string): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM `user` WHERE openid = ?', [openid])) as {
    n: string;
  }[];
  return Number(row.n);
}

async function code2SessionCalls(): Promise<number> {
  const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as { api: string }[];
  return calls.filter((call) => call.api === 'jscode2session').length;
}

/** WeChat's session_key must never leave the server (WECHAT.md §1). */
function expectNoSessionKey(text: string, sessionKey: string | null): void {
  expect(text).not.toMatch(/session_?key/i);
  if (sessionKey) expect(text).not.toContain(sessionKey);
}

describe('POST /api/auth/wechat', () => {
  it('logs a new openid in as a resident with access and refresh tokens', async () => {
    const openid = freshOpenid('auth-new');
    const res = await loginWithCode(await mintLoginCode(ctx, openid));

    expect(res.status).toBe(200);
    const body = res.body as AuthTokens;
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
    expect(body.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(body.refreshToken.length).toBeGreaterThanOrEqual(32);
    expect(body.expiresIn).toBe(ctx.config.accessTokenTtlSeconds);
    expect(body.user).toEqual({
      id: expect.any(Number),
      role: 'resident',
      name: '',
      phone: null,
      phoneVerified: false,
      openid,
    });

    // The access token speaks for that user and expires after expiresIn seconds.
    const claims = jwtPayload(body.accessToken);
    expect(claims).toMatchObject({ sub: String(body.user.id), role: 'resident' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(body.expiresIn);

    const me = await ctx.http().get('/api/auth/me').set(authOf(body));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: body.user, houses: [] });
  });

  it('never sends the WeChat session_key to the client, though the server keeps it', async () => {
    const openid = freshOpenid('auth-sk');
    const login = await loginWithCode(await mintLoginCode(ctx, openid));
    expect(login.status).toBe(200);
    const sessionKey = await sessionKeyOf(openid);
    expect(sessionKey).toEqual(expect.any(String));
    expectNoSessionKey(login.text, sessionKey);

    const me = await ctx.http().get('/api/auth/me').set(authOf(login.body));
    expect(me.status).toBe(200);
    expectNoSessionKey(me.text, sessionKey);

    const refreshed = await ctx.http().post('/api/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expectNoSessionKey(refreshed.text, sessionKey);
  });

  it('logs the same openid in again as the same user, with new tokens', async () => {
    const openid = freshOpenid('auth-again');
    const first = await loginWithCode(await mintLoginCode(ctx, openid));
    const second = await loginWithCode(await mintLoginCode(ctx, openid));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect(await userCountOf(openid)).toBe(1);
  });

  it('makes one user of several first logins of one openid racing each other', async () => {
    const openid = freshOpenid('auth-race');
    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => mintLoginCode(ctx, openid)));
    const answers = await Promise.all(codes.map((code) => loginWithCode(code)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.user.id)).size).toBe(1);
    expect(await userCountOf(openid)).toBe(1);
  });

  it('stores the unionid WeChat returns', async () => {
    const openid = freshOpenid('auth-union');
    const unionid = freshOpenid('union');
    expect((await loginWithCode(await mintLoginCode(ctx, openid, unionid))).status).toBe(200);
    const [row] = (await ctx.dataSource.query('SELECT unionid FROM `user` WHERE openid = ?', [openid])) as {
      unionid: string;
    }[];
    expect(row.unionid).toBe(unionid);
  });

  it.each([
    ['demo-receptionist-1', 'receptionist', '陈静', '13900000014'],
    ['demo-repair-1', 'staff', '王建国', '13900000011'],
    ['demo-manager-1', 'manager', '周敏', '13900000015'],
    ['demo-resident-1', 'resident', '张伟', '13800000001'],
  ])('logs the demo account %s in with its seeded role and name', async (openid, role, name, phone) => {
    const res = await loginWithCode(await mintLoginCode(ctx, openid));
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: expect.any(Number), role, name, phone, phoneVerified: false, openid });
    expect(jwtPayload(res.body.accessToken)).toMatchObject({ sub: String(res.body.user.id), role, name });
  });

  it('refuses a code used twice: WeChat codes are single-use', async () => {
    const code = await mintLoginCode(ctx, freshOpenid('auth-twice'));
    expect((await loginWithCode(code)).status).toBe(200);
    expectApiError(await loginWithCode(code), 401, 'WECHAT_CODE_INVALID', '登录凭证已被使用，请重新登录');
  });

  it('refuses a code WeChat never issued (after asking WeChat once)', async () => {
    const before = await code2SessionCalls();
    expectApiError(
      await loginWithCode(`unknown-${randomBytes(8).toString('hex')}`),
      401,
      'WECHAT_CODE_INVALID',
      '登录凭证无效或已过期，请重新登录',
    );
    // It did ask WeChat (the code could only be judged there).
    expect(await code2SessionCalls()).toBe(before + 1);
  });

  it.each([
    ['missing', {}, '请填写登录凭证 code'],
    ['empty', { code: '' }, '请填写登录凭证 code'],
    ['blank', { code: '   ' }, '请填写登录凭证 code'],
    ['null', { code: null }, '请填写登录凭证 code'],
    ['a number', { code: 12345 }, '登录凭证 code应为文字'],
    ['too long', { code: 'x'.repeat(129) }, '登录凭证 code不能超过 128 个字'],
  ])('answers a %s code with 400 on field code, without asking WeChat', async (_label, body, message) => {
    const before = await code2SessionCalls();
    const res = await ctx.http().post('/api/auth/wechat').send(body);
    const error = expectValidation(res, ['code']);
    expect(error.details[0]).toEqual({ field: 'code', message });
    expect(await code2SessionCalls()).toBe(before);
  });

  it('answers a request without any body with 400 on field code', async () => {
    const res = await ctx.http().post('/api/auth/wechat');
    expect(expectValidation(res, ['code']).details[0].field).toBe('code');
  });
});

describe('POST /api/auth/refresh', () => {
  const refresh = (refreshToken: unknown) => ctx.http().post('/api/auth/refresh').send({ refreshToken });

  it('returns new tokens for the same user and retires the used refresh token', async () => {
    const login = await ctx.login(freshOpenid('refresh'));
    const res = await refresh(login.refreshToken);
    expect(res.status).toBe(200);
    const renewed = res.body as AuthTokens;
    expect(renewed.user).toEqual(login.user);
    expect(renewed.refreshToken).not.toBe(login.refreshToken);
    expect(renewed.expiresIn).toBe(ctx.config.accessTokenTtlSeconds);
    expect((await ctx.http().get('/api/auth/me').set(authOf(renewed))).status).toBe(200);

    // Rotation: the new refresh token works exactly once; a spent one presented again is refused
    // and ends the login (sessions.e2e-spec.ts), so the token it was rotated into dies with it.
    const again = await refresh(renewed.refreshToken);
    expect(again.status).toBe(200);
    expectApiError(await refresh(login.refreshToken), 401, 'UNAUTHENTICATED', '登录已过期，请重新登录');
    expectApiError(await refresh(again.body.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('lets only one of several simultaneous refreshes with one token succeed', async () => {
    const login = await ctx.login(freshOpenid('refresh-race'));
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => refresh(login.refreshToken)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401]);
    for (const answer of answers.filter((a) => a.status === 401)) expectApiError(answer, 401, 'UNAUTHENTICATED');
  });

  it('refuses an unknown refresh token', async () => {
    expectApiError(await refresh(randomBytes(32).toString('base64url')), 401, 'UNAUTHENTICATED');
  });

  it('refuses a refresh token past its lifetime', async () => {
    const login = await ctx.login(freshOpenid('refresh-old'));
    ctx.clock.advance((ctx.config.refreshTokenTtlDays + 1) * DAY_MS);
    expectApiError(await refresh(login.refreshToken), 401, 'UNAUTHENTICATED', '登录已过期，请重新登录');
  });

  it('accepts a refresh token just inside its lifetime', async () => {
    const login = await ctx.login(freshOpenid('refresh-young'));
    ctx.clock.advance(ctx.config.refreshTokenTtlDays * DAY_MS - 60_000);
    expect((await refresh(login.refreshToken)).status).toBe(200);
  });

  it('answers a missing refresh token with 400 on field refreshToken', async () => {
    const res = await ctx.http().post('/api/auth/refresh').send({});
    expect(expectValidation(res, ['refreshToken']).details[0]).toEqual({
      field: 'refreshToken',
      message: '请填写刷新令牌',
    });
  });

  it('carries the name the resident gave when binding a house into the new token', async () => {
    const login = await ctx.login(freshOpenid('refresh-name'));
    const owner = await randomOwner(ctx);
    const bound = await ctx
      .http()
      .post('/api/house-bindings')
      .set(authOf(login))
      .send({ roomId: owner.roomId, name: owner.name, phone: owner.phone });
    expect(bound.status).toBe(201);

    const renewed = await refresh(login.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.user).toMatchObject({ id: login.user.id, name: owner.name, phone: owner.phone });
    expect(jwtPayload(renewed.body.accessToken)).toMatchObject({ name: owner.name });
  });
});

describe('GET /api/auth/me and the auth guard', () => {
  let tokens: AuthTokens;
  let jwt: JwtService;
  beforeAll(async () => {
    tokens = await ctx.login(freshOpenid('me'));
    jwt = ctx.app.get(JwtService);
  });

  const me = (authorization?: string) => {
    const req = ctx.http().get('/api/auth/me');
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it('answers the caller and their houses', async () => {
    const res = await me(`Bearer ${tokens.accessToken}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user: tokens.user, houses: [] });
  });

  it('refuses a call without a token', async () => {
    expectApiError(await me(), 401, 'UNAUTHENTICATED', '请先登录');
  });

  it.each([
    ['an empty bearer', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['the token without "Bearer"', 'TOKEN'],
  ])('refuses %s as not logged in', async (_label, header) => {
    const value = header === 'TOKEN' ? tokens.accessToken : header;
    expectApiError(await me(value), 401, 'UNAUTHENTICATED');
  });

  it('refuses a garbage token', async () => {
    expectApiError(await me('Bearer not.a.token'), 401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
    expectApiError(await me('Bearer abc'), 401, 'UNAUTHENTICATED');
  });

  it('refuses a token signed with another secret', async () => {
    const forged = new JwtService({ secret: randomBytes(32).toString('hex') }).sign({
      sub: String(tokens.user.id),
      role: 'admin',
      name: 'x',
    });
    expectApiError(await me(`Bearer ${forged}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses a token whose signature was tampered with to raise the role', async () => {
    const [header, , signature] = tokens.accessToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...jwtPayload(tokens.accessToken), role: 'admin' })).toString(
      'base64url',
    );
    expectApiError(await me(`Bearer ${header}.${payload}.${signature}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: String(tokens.user.id), role: 'admin', name: 'x' })).toString(
      'base64url',
    );
    expectApiError(await me(`Bearer ${header}.${payload}.`), 401, 'UNAUTHENTICATED');
  });

  it('answers an expired token with TOKEN_EXPIRED so the client refreshes', async () => {
    const expired = jwt.sign({ sub: String(tokens.user.id), role: 'resident', name: '' }, { expiresIn: -10 });
    expectApiError(await me(`Bearer ${expired}`), 401, 'TOKEN_EXPIRED', '登录已过期，请重新登录');
  });

  /** The login and token version of the real token, so each forged token differs in one claim only. */
  const session = () => {
    const { sid, ver } = jwtPayload(tokens.accessToken);
    return { sid, ver };
  };

  it('refuses a validly signed token with an unknown role or a non-numeric subject', async () => {
    const badRole = jwt.sign({ sub: String(tokens.user.id), role: 'superuser', name: '', ...session() });
    expectApiError(await me(`Bearer ${badRole}`), 401, 'UNAUTHENTICATED');
    const badSub = jwt.sign({ sub: 'abc', role: 'resident', name: '', ...session() });
    expectApiError(await me(`Bearer ${badSub}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses a validly signed token of a user who does not exist', async () => {
    const ghost = jwt.sign({ sub: '999999999', role: 'resident', name: '', ...session() });
    expectApiError(await me(`Bearer ${ghost}`), 401, 'UNAUTHENTICATED');
  });

  it('shows a staff member their own account and no houses', async () => {
    const staff = await ctx.login('demo-repair-1');
    const res = await me(`Bearer ${staff.accessToken}`);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ role: 'staff', name: '王建国' });
    expect(res.body.houses).toEqual([]);
  });
});

describe('role guard', () => {
  it('refuses a resident the receptionists’ binding review list', async () => {
    const resident = await ctx.login(freshOpenid('guard'));
    expectApiError(
      await ctx.http().get('/api/house-bindings').set(authOf(resident)),
      403,
      'FORBIDDEN',
      '您的角色无权执行此操作',
    );
  });

  it('refuses a receptionist the resident-only endpoints', async () => {
    const receptionist = authOf(await ctx.login('demo-receptionist-1'));
    expectApiError(
      await ctx
        .http()
        .post('/api/house-bindings')
        .set(receptionist)
        .send({ roomId: 1, name: '陈静', phone: '13900000014' }),
      403,
      'FORBIDDEN',
    );
    expectApiError(await ctx.http().get('/api/house-bindings/mine').set(receptionist), 403, 'FORBIDDEN');
    expectApiError(await ctx.http().get('/api/requests/mine').set(receptionist), 403, 'FORBIDDEN');
  });

  it('checks the token before the role: no token is 401, not 403', async () => {
    expectApiError(await ctx.http().get('/api/house-bindings'), 401, 'UNAUTHENTICATED');
  });
});

describe('development login endpoints', () => {
  it('lists the demo accounts without exposing phones', async () => {
    const res = await ctx.http().get('/api/dev/demo-accounts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.arrayContaining([
        {
          openid: 'demo-receptionist-1',
          name: '陈静',
          role: 'receptionist',
          roleLabel: '客服接待',
          description: expect.any(String),
        },
        expect.objectContaining({ openid: 'demo-resident-1', role: 'resident', roleLabel: '业主' }),
      ]),
    );
    for (const account of res.body as Record<string, unknown>[]) {
      expect(Object.keys(account).sort()).toEqual(['description', 'name', 'openid', 'role', 'roleLabel']);
    }
  });

  it('mints a sandbox code that logs the demo account in once', async () => {
    const minted = await ctx.http().post('/api/dev/login-code').send({ openid: 'demo-supervisor-1' });
    expect(minted.status).toBe(200);
    expect(minted.body).toEqual({ code: expect.any(String) });
    const login = await loginWithCode(minted.body.code);
    expect(login.status).toBe(200);
    expect(login.body.user as UserView).toMatchObject({ role: 'supervisor', name: '刘强' });
    expectApiError(await loginWithCode(minted.body.code), 401, 'WECHAT_CODE_INVALID');
  });

  it('answers a login-code request without openid with 400 on field openid', async () => {
    expectValidation(await ctx.http().post('/api/dev/login-code').send({}), ['openid']);
  });
});

describe('WeChat failing', () => {
  let outage: TestContext;
  let fault: FaultOutcome | undefined;
  let sandboxClosed = false;

  beforeAll(async () => {
    outage = await createTestContext({ sandbox: { faults: () => fault } });
  });
  afterEach(() => {
    fault = undefined;
  });
  afterAll(async () => {
    await outage.app.close();
    if (!sandboxClosed) await outage.sandbox.close();
  });

  const wechatError = (errcode: number, errmsg: string): FaultOutcome => ({
    kind: 'wechat-error',
    error: { errcode, errmsg: `${errmsg}, rid: 00000000-00000000-00000000` },
  });

  async function attempt(openid: string) {
    const code = await mintLoginCode(outage, openid);
    return outage.http().post('/api/auth/wechat').send({ code });
  }

  it.each([
    [-1, 'system error'],
    [45011, 'api minute-quota reach limit'],
    [40013, 'invalid appid'],
  ])('answers WeChat errcode %s with 502 WECHAT_UNAVAILABLE and creates no user', async (errcode, errmsg) => {
    fault = wechatError(errcode, errmsg);
    const openid = freshOpenid('outage');
    const res = await attempt(openid);
    expectApiError(res, 502, 'WECHAT_UNAVAILABLE', new RegExp(`微信登录暂时不可用（${errcode}）`));
    expect(await userCountOf(openid)).toBe(0);
  });

  it('answers a high-risk account (40226) with 401 WECHAT_CODE_INVALID and its reason', async () => {
    fault = wechatError(40226, 'high risk user');
    const openid = freshOpenid('risky');
    expectApiError(await attempt(openid), 401, 'WECHAT_CODE_INVALID', '微信判定该账号存在风险，暂时无法登录');
    expect(await userCountOf(openid)).toBe(0);
  });

  it('logs in again once WeChat recovers', async () => {
    const res = await attempt(freshOpenid('recovered'));
    expect(res.status).toBe(200);
  });

  it('answers 502 when WeChat cannot be reached at all', async () => {
    const code = await mintLoginCode(outage, freshOpenid('down'));
    await outage.sandbox.close();
    sandboxClosed = true;
    const res = await outage.http().post('/api/auth/wechat').send({ code });
    expectApiError(res, 502, 'WECHAT_UNAVAILABLE', '暂时连不上微信服务，请稍后再试');
    // The demo login-code endpoint says so in its own words.
    expectApiError(
      await outage.http().post('/api/dev/login-code').send({ openid: 'demo-resident-1' }),
      502,
      'WECHAT_UNAVAILABLE',
      '微信沙箱未启动，无法演示登录',
    );
  });
});
