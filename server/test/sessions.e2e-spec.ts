import { createHmac } from 'node:crypto';
import type { AuthTokens } from '@linli/shared';
import {
  authOf,
  boundResident,
  categoryByPath,
  expectApiError,
  expectValidation,
  fileComplaint,
  freshOpenid,
  jwtPayload,
  mintLoginCode,
  type Auth,
} from './support/api';
import { insertStaff } from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Sessions end when rights end (issue 10, finding 6): logout, refresh-token reuse, a changed
 * role, project or active flag count from the next request on, and only HS256 tokens with an
 * expiry are accepted.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const me = (auth: Auth) => ctx.http().get('/api/auth/me').set(auth);
const refresh = (refreshToken: string) => ctx.http().post('/api/auth/refresh').send({ refreshToken });
const logout = (auth: Auth, body?: object) => {
  const req = ctx.http().post('/api/auth/logout').set(auth);
  return body === undefined ? req : req.send(body);
};

async function refreshed(tokens: AuthTokens): Promise<AuthTokens> {
  const res = await refresh(tokens.refreshToken);
  expect(res.status).toBe(200);
  return res.body as AuthTokens;
}

/** A JWT signed with node's own HMAC, so the server's signing code plays no part in the forgery. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const digest = header.alg === 'HS512' ? 'sha512' : 'sha256';
  const signature = header.alg === 'none' ? '' : createHmac(digest, secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('POST /api/auth/logout', () => {
  it('stops the access token at once and ends the login of the refresh token handed in', async () => {
    const tokens = await ctx.login(freshOpenid('logout'));
    expect((await me(authOf(tokens))).status).toBe(200);

    const res = await logout(authOf(tokens), { refreshToken: tokens.refreshToken });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');

    expectApiError(await me(authOf(tokens)), 401, 'TOKEN_EXPIRED');
    expectApiError(await refresh(tokens.refreshToken), 401, 'UNAUTHENTICATED', '登录已过期，请重新登录');
  });

  it('without a body ends the login the access token belongs to, rotated tokens included', async () => {
    const login = await ctx.login(freshOpenid('logout-bare'));
    const renewed = await refreshed(login);

    expect((await logout(authOf(renewed))).status).toBe(204);
    expectApiError(await me(authOf(renewed)), 401, 'TOKEN_EXPIRED');
    expectApiError(await refresh(renewed.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('leaves the same person’s other login alive: its access token renews once, then works', async () => {
    const openid = freshOpenid('logout-two');
    const phone = await ctx.login(openid);
    const tablet = await ctx.login(openid);

    expect((await logout(authOf(phone), { refreshToken: phone.refreshToken })).status).toBe(204);
    // The other device's access token is retired with the rest (one row read per request decides)...
    expectApiError(await me(authOf(tablet)), 401, 'TOKEN_EXPIRED');
    // ...but its login was not ended: its refresh token still renews it.
    const renewed = await refreshed(tablet);
    expect((await me(authOf(renewed))).status).toBe(200);
    expectApiError(await refresh(phone.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('does not end someone else’s login when their refresh token is handed in', async () => {
    const caller = await ctx.login(freshOpenid('logout-caller'));
    const victim = await ctx.login(freshOpenid('logout-victim'));

    expect((await logout(authOf(caller), { refreshToken: victim.refreshToken })).status).toBe(204);
    expect((await me(authOf(victim))).status).toBe(200);
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });

  it('needs a login', async () => {
    expectApiError(await ctx.http().post('/api/auth/logout').send({}), 401, 'UNAUTHENTICATED', '请先登录');
  });

  it('answers a refresh token that is not text with 400 on field refreshToken, ending nothing', async () => {
    const tokens = await ctx.login(freshOpenid('logout-bad'));
    expectValidation(await logout(authOf(tokens), { refreshToken: 12345 }), ['refreshToken']);
    expect((await me(authOf(tokens))).status).toBe(200);
  });
});

describe('refresh-token reuse', () => {
  it('ends the whole login when a rotated refresh token comes back', async () => {
    const a = await ctx.login(freshOpenid('reuse'));
    const b = await refreshed(a);
    expect((await me(authOf(b))).status).toBe(200);

    // A was spent by the rotation to B: presenting it again means a copy exists somewhere.
    expectApiError(await refresh(a.refreshToken), 401, 'UNAUTHENTICATED', '登录已过期，请重新登录');

    expectApiError(await refresh(b.refreshToken), 401, 'UNAUTHENTICATED');
    expectApiError(await me(authOf(b)), 401, 'TOKEN_EXPIRED');
    // Logging in again starts a new login, untouched by the old one's end.
    const again = await ctx.login(a.user.openid);
    expect((await me(authOf(again))).status).toBe(200);
    expect((await refresh(again.refreshToken)).status).toBe(200);
  });

  it('ends only the login whose token was reused', async () => {
    const openid = freshOpenid('reuse-other');
    const first = await ctx.login(openid);
    const second = await ctx.login(openid);
    await refreshed(first);

    expectApiError(await refresh(first.refreshToken), 401, 'UNAUTHENTICATED');
    const renewed = await refreshed(second);
    expect((await me(authOf(renewed))).status).toBe(200);
  });

  it('keeps the family through rotations and tells the families apart in the database', async () => {
    const openid = freshOpenid('reuse-rows');
    const first = await ctx.login(openid);
    const second = await ctx.login(openid);
    await refreshed(await refreshed(first));
    const rows = (await ctx.dataSource.query(
      'SELECT family_id AS familyId, COUNT(*) AS n FROM refresh_token WHERE user_id = ? GROUP BY family_id ORDER BY n',
      [first.user.id],
    )) as { familyId: string; n: string }[];
    expect(rows.map((row) => Number(row.n))).toEqual([1, 3]);
    expect(jwtPayload(second.accessToken).sid).toBe(rows[0].familyId);
    expect(jwtPayload(first.accessToken).sid).toBe(rows[1].familyId);
  });
});

describe('the account as it stands, on every request', () => {
  it('refuses a demoted manager the manager’s pages at once, with the same access token', async () => {
    const manager = await insertStaff(ctx, { role: 'manager', departmentId: null });
    expect((await ctx.http().get('/api/admin/deliveries').set(manager.auth)).status).toBe(200);

    await ctx.dataSource.query("UPDATE `user` SET role = 'staff' WHERE id = ?", [manager.userId]);

    expectApiError(
      await ctx.http().get('/api/admin/deliveries').set(manager.auth),
      403,
      'FORBIDDEN',
      '您的角色无权执行此操作',
    );
    expect((await me(manager.auth)).body.user.role).toBe('staff');
  });

  it('gives a role claim in a validly signed token no rights the account does not have', async () => {
    const resident = await ctx.login(freshOpenid('claims-admin'));
    const claims = jwtPayload(resident.accessToken);
    const token = forge(
      { alg: 'HS256', typ: 'JWT' },
      { ...claims, role: 'manager', exp: nowSeconds() + 600 },
      ctx.config.tokenSecret,
    );
    expectApiError(await ctx.http().get('/api/admin/deliveries').set(bearer(token)), 403, 'FORBIDDEN');
  });

  it('shuts a switched-off account out at once, from login and refresh too, and back in when on', async () => {
    const openid = freshOpenid('inactive');
    const tokens = await ctx.login(openid);
    await ctx.dataSource.query('UPDATE `user` SET active = 0 WHERE id = ?', [tokens.user.id]);

    expectApiError(await me(authOf(tokens)), 401, 'ACCOUNT_DISABLED', '账号已停用');
    expectApiError(await refresh(tokens.refreshToken), 401, 'ACCOUNT_DISABLED', '账号已停用');
    const code = await mintLoginCode(ctx, openid);
    expectApiError(await ctx.http().post('/api/auth/wechat').send({ code }), 401, 'ACCOUNT_DISABLED', '账号已停用');

    await ctx.dataSource.query('UPDATE `user` SET active = 1 WHERE id = ?', [tokens.user.id]);
    expect((await me(authOf(tokens))).status).toBe(200);
    expect((await refresh(tokens.refreshToken)).status).toBe(200);
  });

  it('hides a project’s request at once from a staff member taken off that project', async () => {
    const receptionist = await insertStaff(ctx, { role: 'receptionist', departmentId: null });
    const resident = await boundResident(ctx);
    const category = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
    const filed = await fileComplaint(ctx, resident, category.id);
    expect((await ctx.http().get(`/api/requests/${filed.id}`).set(receptionist.auth)).status).toBe(200);

    await ctx.dataSource.query(
      'DELETE smp FROM staff_member_project smp JOIN staff_member m ON m.id = smp.staff_member_id WHERE m.user_id = ?',
      [receptionist.userId],
    );

    expectApiError(await ctx.http().get(`/api/requests/${filed.id}`).set(receptionist.auth), 404, 'NOT_FOUND');
  });
});

describe('what the guard accepts as an access token', () => {
  let tokens: AuthTokens;
  let claims: Record<string, unknown>;
  beforeAll(async () => {
    tokens = await ctx.login(freshOpenid('alg'));
    claims = jwtPayload(tokens.accessToken);
  });

  it('issues HS256 tokens with an expiry, and accepts one forged the same way (the forgery is sound)', async () => {
    const [header] = tokens.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).toMatchObject({ alg: 'HS256' });
    expect(claims.exp).toEqual(expect.any(Number));
    const same = forge({ alg: 'HS256', typ: 'JWT' }, claims, ctx.config.tokenSecret);
    expect((await me(bearer(same))).status).toBe(200);
  });

  it('refuses a token signed with the right secret but without exp', async () => {
    const { exp: _exp, ...noExpiry } = claims;
    const token = forge({ alg: 'HS256', typ: 'JWT' }, noExpiry, ctx.config.tokenSecret);
    expectApiError(await me(bearer(token)), 401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
  });

  it('refuses a token signed with the right secret in HS512', async () => {
    const token = forge({ alg: 'HS512', typ: 'JWT' }, claims, ctx.config.tokenSecret);
    expectApiError(await me(bearer(token)), 401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const token = forge({ alg: 'none', typ: 'JWT' }, claims, ctx.config.tokenSecret);
    expectApiError(await me(bearer(token)), 401, 'UNAUTHENTICATED', '登录凭证无效，请重新登录');
  });

  it('refuses a validly signed token without the login it belongs to or the token version', async () => {
    for (const claim of ['sid', 'ver']) {
      const { [claim]: _dropped, ...rest } = claims;
      const token = forge({ alg: 'HS256', typ: 'JWT' }, rest, ctx.config.tokenSecret);
      expectApiError(await me(bearer(token)), 401, 'UNAUTHENTICATED');
    }
  });
});
