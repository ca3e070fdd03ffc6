import type { AuthTokens, CreatedInvitation } from '@linli/shared';
import { freshOpenid, loginAs, type Auth } from './support/api';
import {
  call,
  departmentByCode,
  expectRefusal,
  get,
  insertProject,
  insertStaff,
  personOf,
  post,
  projectIdOf,
  type Person,
} from './support/lifecycle';
import { createOwnDatabase } from './support/own-database';
import { createTestContext, type TestContext } from './support/test-app';
import { ReferenceDataService } from '../src/modules/reference/reference-data.service';
import { DEMO_COMPANY } from '../src/modules/seed/demo-seed';
import { inviteFirstAdmin } from '../src/modules/staff-admin/admin-bootstrap';

/**
 * Issue 14 point 5: invitations by role, department and projects; accepting makes the account
 * staff with exactly those rights; 成员管理's edits and deactivation (effective at once); the last
 * admin kept; every change in the audit log. On a database of its own, so "the last active admin"
 * is this suite's to arrange.
 */
let ctx: TestContext;
let database: { url: string; drop(): Promise<void> };
let admin: Person;
let manager: Person;
let sunshine: number;
let other: { projectId: number; name: string };
let engineering: number;

beforeAll(async () => {
  database = await createOwnDatabase();
  ctx = await createTestContext({ env: { DATABASE_URL: database.url } });
  admin = await personOf(ctx, 'demo-admin-1');
  manager = await personOf(ctx, 'demo-manager-1');
  sunshine = await projectIdOf(ctx);
  other = await insertProject(ctx);
  engineering = (await departmentByCode(ctx, 'engineering')).id;
});

afterAll(async () => {
  await ctx?.close();
  await database?.drop();
});

async function invite(who: Person, body: object): Promise<CreatedInvitation> {
  const res = await post(ctx, who, '/api/admin/invitations', body);
  expect(res.status).toBe(201);
  return res.body as CreatedInvitation;
}

async function newcomer(): Promise<{ auth: Auth; tokens: AuthTokens; openid: string }> {
  const openid = freshOpenid('invitee');
  return { ...(await loginAs(ctx, openid)), openid };
}

const rightsOf = async (userId: number) => {
  const [row] = (await ctx.dataSource.query(
    `SELECT u.role, u.active, m.department_id AS departmentId, m.title,
            (SELECT GROUP_CONCAT(project_id ORDER BY project_id) FROM staff_member_project WHERE staff_member_id = m.id) AS projects
       FROM \`user\` u LEFT JOIN staff_member m ON m.user_id = u.id WHERE u.id = ?`,
    [userId],
  )) as { role: string; active: number; departmentId: number | null; title: string; projects: string | null }[];
  return { ...row, active: Boolean(Number(row.active)), departmentId: row.departmentId && Number(row.departmentId) };
};

const changes = async (who: Person, query: string) => (await get(ctx, who, `/api/admin/changes?${query}`)).body;

describe('invitations', () => {
  it('makes whoever accepts staff with exactly the rights invited, once', async () => {
    const created = await invite(admin, {
      role: 'supervisor',
      departmentId: engineering,
      projectIds: [sunshine, other.projectId],
      title: '工程主管',
    });
    // ≥ 80 bits, and short enough to be a mini-program code's scene.
    expect(created.code).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(created.path).toBe(`/pages/invite/index?code=${created.code}`);
    const [stored] = (await ctx.dataSource.query('SELECT code_hash FROM staff_invitation WHERE id = ?', [
      created.invitation.id,
    ])) as { code_hash: string }[];
    expect(stored.code_hash).not.toContain(created.code);

    const person = await newcomer();
    const preview = await call(ctx, 'GET', `/api/invitations/${created.code}`, person);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      role: 'supervisor',
      departmentName: expect.any(String),
      invitedBy: { userId: admin.userId, name: admin.name },
      status: 'pending',
    });
    expect(preview.body.projects.map((p: { id: number }) => p.id)).toEqual(
      [sunshine, other.projectId].sort((a, b) => a - b),
    );

    // Neither the new account (WeChat gives no name) nor the invitation names them: they say who they are.
    const nameless = expectRefusal(
      await call(ctx, 'POST', `/api/invitations/${created.code}/accept`, person),
      400,
      'VALIDATION_FAILED',
    );
    expect(nameless.details).toEqual([{ field: 'name', message: '请填写您的姓名' }]);
    expect((await rightsOf(person.tokens.user.id)).role).toBe('resident');
    const accepted = await call(ctx, 'POST', `/api/invitations/${created.code}/accept`, person, { name: ' 高工 ' });
    expect(accepted.status).toBe(200);
    const tokens = accepted.body as AuthTokens;
    expect(tokens.user).toMatchObject({ role: 'supervisor', name: '高工' });
    const userId = tokens.user.id;
    expect(await rightsOf(userId)).toEqual({
      role: 'supervisor',
      active: true,
      departmentId: engineering,
      title: '工程主管',
      projects: [sunshine, other.projectId].sort((a, b) => a - b).join(','),
    });
    // The resident's token carried the old role: retired; the new one works as staff.
    expectRefusal(await get(ctx, person, '/api/auth/me'), 401, 'TOKEN_EXPIRED');
    const staffAuth = { auth: { Authorization: `Bearer ${tokens.accessToken}` } };
    expect((await get(ctx, staffAuth, '/api/auth/me')).body.user.role).toBe('supervisor');
    // The cached staff directory already knows them.
    expect((await ctx.app.get(ReferenceDataService).snapshot()).staff.has(userId)).toBe(true);

    const again = await newcomer();
    expectRefusal(await call(ctx, 'POST', `/api/invitations/${created.code}/accept`, again), 409, 'CONFLICT');
    expect((await call(ctx, 'GET', `/api/invitations/${created.code}`, again)).body.status).toBe('used');

    const log = await changes(admin, `entity=staff&entityId=${userId}`);
    expect(log.items[0]).toMatchObject({
      actor: { userId },
      action: 'accept_invitation',
      before: { role: 'resident', projectIds: [] },
      after: { role: 'supervisor', departmentId: engineering },
    });
    const created_ = await changes(admin, `entity=invitation&entityId=${created.invitation.id}`);
    expect(created_.items.map((item: { action: string }) => item.action)).toEqual(['accept', 'create']);
  });

  it('refuses an expired code, an unknown one and a malformed one, in Chinese', async () => {
    const created = await invite(admin, {
      role: 'staff',
      departmentId: engineering,
      projectIds: [sunshine],
      expiresInHours: 1,
    });
    const person = await newcomer();
    ctx.clock.advance(61 * 60_000);
    try {
      const res = await call(ctx, 'POST', `/api/invitations/${created.code}/accept`, person);
      expect(expectRefusal(res, 409, 'CONFLICT').message).toContain('过期');
    } finally {
      ctx.clock.reset();
    }
    expectRefusal(await call(ctx, 'POST', `/api/invitations/${'A'.repeat(20)}/accept`, person), 404, 'NOT_FOUND');
    expectRefusal(await call(ctx, 'POST', '/api/invitations/bad%20code/accept', person), 400, 'VALIDATION_FAILED');
    expectRefusal(
      await post(ctx, admin, '/api/admin/invitations', { role: 'resident', projectIds: [] }),
      400,
      'VALIDATION_FAILED',
    );
    const noProject = expectRefusal(
      await post(ctx, admin, '/api/admin/invitations', { role: 'staff', projectIds: [] }),
      400,
      'VALIDATION_FAILED',
    );
    expect(noProject.details).toEqual([{ field: 'projectIds', message: '请至少选择一个项目' }]);
  });

  it('lets a manager invite below themselves into their own projects only; staff not at all', async () => {
    await invite(manager, { role: 'staff', departmentId: engineering, projectIds: [sunshine] });
    expectRefusal(
      await post(ctx, manager, '/api/admin/invitations', { role: 'staff', projectIds: [other.projectId] }),
      404,
      'NOT_FOUND',
    );
    for (const role of ['manager', 'admin']) {
      expectRefusal(
        await post(ctx, manager, '/api/admin/invitations', { role, projectIds: [sunshine] }),
        403,
        'FORBIDDEN',
      );
    }
    const worker = await personOf(ctx, 'demo-repair-1');
    expectRefusal(
      await post(ctx, worker, '/api/admin/invitations', { role: 'staff', projectIds: [sunshine] }),
      403,
      'FORBIDDEN',
    );
    expectRefusal(await get(ctx, worker, '/api/admin/changes'), 403, 'FORBIDDEN');
  });
});

describe('the system’s invitation (npm run invite-admin)', () => {
  it('makes an admin invitation with no inviter, recorded as the system’s, and leaves the company as it is', async () => {
    const categories = async () =>
      Number(((await ctx.dataSource.query('SELECT COUNT(*) AS n FROM category')) as { n: string }[])[0].n);
    const before = await categories();
    const bootstrap = await inviteFirstAdmin(ctx.app, { company: '另一家物业', name: '钱总' });
    // The database has its company: nothing is made, renamed or reinstalled.
    expect(bootstrap.company).toMatchObject({ name: DEMO_COMPANY, created: false });
    expect(await categories()).toBe(before);
    expect(bootstrap.path).toBe(`pages/invite/index?code=${bootstrap.code}`);
    expect(bootstrap.link).toBe(`${ctx.config.publicBaseUrl}/#/pages/invite/index?code=${bootstrap.code}`);

    const person = await newcomer();
    const preview = await call(ctx, 'GET', `/api/invitations/${bootstrap.code}`, person);
    expect(preview.body).toMatchObject({
      role: 'admin',
      name: '钱总',
      invitedBy: null,
      projects: [],
      status: 'pending',
    });
    const listed = (await get(ctx, admin, '/api/admin/invitations?pageSize=5')).body.items[0];
    expect(listed).toMatchObject({ role: 'admin', invitedBy: null, expiresAt: bootstrap.expiresAt });
    const [created] = (await changes(admin, `entity=invitation&entityId=${listed.id}`)).items;
    expect(created).toMatchObject({ actor: null, action: 'create', after: { role: 'admin', projectIds: [] } });
    // Only admins may ask WeChat for the code of an invitation nobody on staff sent.
    expectRefusal(
      await call(ctx, 'POST', '/api/admin/invitations/wxacode', manager, { code: bootstrap.code }),
      404,
      'NOT_FOUND',
    );

    const accepted = await call(ctx, 'POST', `/api/invitations/${bootstrap.code}/accept`, person);
    expect(accepted.status).toBe(200);
    expect((accepted.body as AuthTokens).user).toMatchObject({ role: 'admin', name: '钱总' });
    expect(await rightsOf(person.tokens.user.id)).toMatchObject({ role: 'admin', departmentId: null, projects: null });
    // The suite's "last admin" is the demo's: this one leaves again.
    expect((await post(ctx, admin, `/api/admin/staff/${person.tokens.user.id}/deactivate`)).status).toBe(200);
  });

  it('refuses options out of range before touching anything, in Chinese', async () => {
    await expect(inviteFirstAdmin(ctx.app, { expiresInHours: 0 })).rejects.toThrow('有效期至少 1 小时');
    await expect(inviteFirstAdmin(ctx.app, { company: ' ' })).rejects.toThrow('公司名称不能为空');
  });
});

describe('members', () => {
  it('changes role, department and projects, recorded before and after; managers only within their projects', async () => {
    const member = await insertStaff(ctx, {
      role: 'staff',
      departmentId: engineering,
      projectIds: [sunshine, other.projectId],
    });
    const cleaning = (await departmentByCode(ctx, 'cleaning')).id;
    // The manager serves 阳光花园 only: their edit leaves the other project in place.
    const res = await call(ctx, 'PATCH', `/api/admin/staff/${member.userId}`, manager, {
      role: 'supervisor',
      departmentId: cleaning,
      projectIds: [sunshine],
    });
    expect(res.status).toBe(200);
    expect(await rightsOf(member.userId)).toMatchObject({
      role: 'supervisor',
      departmentId: cleaning,
      projects: [sunshine, other.projectId].sort((a, b) => a - b).join(','),
    });
    const [entry] = (await changes(admin, `entity=staff&entityId=${member.userId}`)).items;
    expect(entry).toMatchObject({
      actor: { userId: manager.userId, name: manager.name },
      action: 'update',
      before: { role: 'staff', departmentId: engineering },
      after: { role: 'supervisor', departmentId: cleaning },
    });

    const outsider = await insertStaff(ctx, {
      role: 'staff',
      departmentId: engineering,
      projectIds: [other.projectId],
    });
    expectRefusal(
      await call(ctx, 'PATCH', `/api/admin/staff/${outsider.userId}`, manager, { title: '水电工' }),
      404,
      'NOT_FOUND',
    );
    expectRefusal(await post(ctx, manager, `/api/admin/staff/${outsider.userId}/deactivate`), 404, 'NOT_FOUND');
    expectRefusal(
      await call(ctx, 'PATCH', `/api/admin/staff/${member.userId}`, manager, { role: 'admin' }),
      403,
      'FORBIDDEN',
    );
    const listed = await get(ctx, manager, '/api/admin/staff?pageSize=50');
    const ids = listed.body.items.map((item: { userId: number }) => item.userId);
    expect(ids).toContain(member.userId);
    expect(ids).not.toContain(outsider.userId);
    expect(ids).not.toContain(admin.userId);
    const filtered = await get(ctx, admin, `/api/admin/staff?role=supervisor&departmentId=${cleaning}`);
    expect(filtered.body.items.map((item: { userId: number }) => item.userId)).toContain(member.userId);
  });

  it('deactivation counts at once: the old access token is refused on the next call and the refresh token is dead', async () => {
    const member = await insertStaff(ctx, { role: 'staff', departmentId: engineering });
    const { tokens } = await loginAs(ctx, member.openid);
    expect((await get(ctx, member, '/api/auth/me')).status).toBe(200);
    const res = await post(ctx, admin, `/api/admin/staff/${member.userId}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    // The cached staff directory (dispatch candidates, whom to notify) drops them at once too.
    expect((await ctx.app.get(ReferenceDataService).snapshot()).staff.get(member.userId)?.active).toBe(false);
    expectRefusal(await get(ctx, member, '/api/auth/me'), 401, 'ACCOUNT_DISABLED');
    expectRefusal(await call(ctx, 'POST', '/api/auth/refresh', undefined, { refreshToken: tokens.refreshToken }), 401, [
      'ACCOUNT_DISABLED',
      'UNAUTHENTICATED',
    ]);
    const [entry] = (await changes(admin, `entity=staff&entityId=${member.userId}`)).items;
    expect(entry).toMatchObject({ action: 'deactivate', before: { active: true }, after: { active: false } });
    expectRefusal(await post(ctx, admin, `/api/admin/staff/${member.userId}/deactivate`), 409, 'CONFLICT');
  });

  it('keeps the last active admin: neither demoted nor deactivated', async () => {
    const second = await insertStaff(ctx, { role: 'admin', departmentId: null, projectIds: [] });
    // Two admins: one may step down.
    const demoted = await call(ctx, 'PATCH', `/api/admin/staff/${second.userId}`, admin, {
      role: 'manager',
      projectIds: [sunshine],
    });
    expect(demoted.status).toBe(200);
    const last = expectRefusal(
      await call(ctx, 'PATCH', `/api/admin/staff/${admin.userId}`, admin, { role: 'manager', projectIds: [sunshine] }),
      409,
      'CONFLICT',
    );
    expect(last.message).toContain('最后一位在职的公司管理员');
    expectRefusal(await post(ctx, admin, `/api/admin/staff/${admin.userId}/deactivate`), 409, 'CONFLICT');
    // The manager cannot reach an admin at all.
    expectRefusal(
      await post(ctx, await personOf(ctx, second.openid), `/api/admin/staff/${admin.userId}/deactivate`),
      404,
      'NOT_FOUND',
    );
    expect((await rightsOf(admin.userId)).role).toBe('admin');
  });
});

describe('mini-program code (getwxacodeunlimit)', () => {
  const sandbox = (path: string, init?: RequestInit) => fetch(`${ctx.sandbox.url}${path}`, init);
  const fault = (outcome: object) =>
    sandbox('/__sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api: 'getwxacodeunlimit', outcome, times: 1 }),
    });
  afterEach(async () => {
    await sandbox('/__sandbox/faults', { method: 'DELETE' });
  });

  it('answers a PNG for the invite page with the code as scene', async () => {
    const { code } = await invite(admin, { role: 'staff', departmentId: engineering, projectIds: [sunshine] });
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/admin/invitations/wxacode',
      headers: admin.auth,
      payload: { code },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const calls = (await (await sandbox('/__sandbox/calls')).json()) as {
      api: string;
      body: Record<string, unknown>;
    }[];
    expect(calls.filter((c) => c.api === 'getwxacodeunlimit').at(-1)?.body).toMatchObject({
      scene: code,
      page: 'pages/invite/index',
      check_path: true,
    });
  });

  it.each([
    [{ kind: 'wechat-error', error: { errcode: 41030, errmsg: 'invalid page' } }, 409, '尚未随小程序发布'],
    [{ kind: 'wechat-error', error: { errcode: 45009, errmsg: 'reach max api daily quota limit' } }, 429, '次数已用完'],
    [{ kind: 'http-status', status: 502 }, 502, '暂时无法生成小程序码'],
  ])('maps WeChat refusing (%j) to %i in Chinese', async (outcome, status, message) => {
    const { code } = await invite(admin, { role: 'staff', departmentId: engineering, projectIds: [sunshine] });
    expect((await fault(outcome)).status).toBe(200);
    const res = await call(ctx, 'POST', '/api/admin/invitations/wxacode', admin, { code });
    expect(res.status).toBe(status);
    expect(res.body.message).toContain(message);
  });

  it("plays WeChat's own checks: scene length and alphabet, unreleased page, bad token", async () => {
    const { appid, secret } = { appid: ctx.config.wechat.appid, secret: ctx.config.wechat.secret };
    const token = (await (
      await sandbox(`/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`)
    ).json()) as { access_token: string };
    const ask = async (body: object, accessToken = token.access_token) => {
      const res = await sandbox(`/wxa/getwxacodeunlimit?access_token=${accessToken}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { errcode: number };
    };
    expect((await ask({ scene: 'x'.repeat(33), page: 'pages/invite/index' })).errcode).toBe(40169);
    expect((await ask({ scene: '邀请', page: 'pages/invite/index' })).errcode).toBe(40129);
    expect((await ask({ scene: 'abc', page: 'pages/nowhere/index' })).errcode).toBe(41030);
    expect((await ask({ scene: 'abc', page: '/pages/invite/index' })).errcode).toBe(41030);
    expect((await ask({ scene: 'abc', env_version: 'beta' })).errcode).toBe(40097);
    expect((await ask({ scene: 'abc' }, 'nonsense')).errcode).toBe(40001);
  });
});
