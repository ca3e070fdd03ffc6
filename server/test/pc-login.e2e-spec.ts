import type { AuthTokens, PcLoginState, PcLoginTicket, SessionView } from '@linli/shared';
import { authOf, expectApiError, type Auth } from './support/api';
import { insertStaff, type Person } from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 14 point 8: the desk logs in on a PC by scanning the PC's QR code with the mini-program.
 * The phone side is driven through the API exactly as pages/pc-login does.
 */

let ctx: TestContext;
let desk: Person;
beforeAll(async () => {
  ctx = await createTestContext();
  desk = await insertStaff(ctx, { role: 'receptionist', departmentId: null, name: '王小明' });
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const PC_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36';

async function newTicket(): Promise<PcLoginTicket> {
  const res = await ctx.http().post('/api/auth/pc-login').set('User-Agent', PC_AGENT).send();
  expect(res.status).toBe(201);
  return res.body as PcLoginTicket;
}
const poll = (ticket: string) => ctx.http().get(`/api/auth/pc-login/${ticket}`);
const phone = (auth: Auth, ticket: string, step: 'scan' | 'confirm' | 'cancel') =>
  ctx.http().post(`/api/auth/pc-login/${ticket}/${step}`).set(auth).send();
const me = (auth: Auth) => ctx.http().get('/api/auth/me').set(auth);

/** Scan, confirm, and the PC's poll that receives the login. */
async function loggedInPc(person: Person): Promise<AuthTokens> {
  const { ticket } = await newTicket();
  expect((await phone(person.auth, ticket, 'scan')).status).toBe(200);
  expect((await phone(person.auth, ticket, 'confirm')).status).toBe(200);
  const res = await poll(ticket);
  expect((res.body as PcLoginState).tokens).toBeDefined();
  return (res.body as PcLoginState).tokens!;
}

describe('PC login by QR', () => {
  it('walks pending → scanned (who) → confirmed with tokens once, bound to the scanner', async () => {
    const issued = await newTicket();
    expect(issued.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.qrPayload).toBe(`linli-pc-login:${issued.ticket}`);
    const ttl = new Date(issued.expiresAt).getTime() - ctx.clock.now().getTime();
    expect(ttl).toBeGreaterThan(110_000);
    expect(ttl).toBeLessThanOrEqual(120_000);

    let res = await poll(issued.ticket);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', scannedBy: null });
    expect(res.body.tokens).toBeUndefined();

    res = await phone(desk.auth, issued.ticket, 'scan');
    expect(res.status).toBe(200);
    // The phone sees which PC asked before confirming.
    expect(res.body).toMatchObject({ status: 'scanned', device: { userAgent: PC_AGENT } });
    res = await poll(issued.ticket);
    expect(res.body).toMatchObject({ status: 'scanned', scannedBy: { name: '王小明', roleLabel: '客服接待' } });
    expect(res.body.tokens).toBeUndefined();

    expect((await phone(desk.auth, issued.ticket, 'confirm')).body).toMatchObject({ status: 'confirmed' });
    res = await poll(issued.ticket);
    expect(res.body.status).toBe('confirmed');
    const tokens = res.body.tokens as AuthTokens;
    expect(tokens.user).toMatchObject({ id: desk.userId, role: 'receptionist', name: '王小明' });
    const mine = await me(authOf(tokens));
    expect(mine.status).toBe(200);
    expect(mine.body.user.id).toBe(desk.userId);

    // The ticket is dead: no second copy of the login, no second confirmation.
    res = await poll(issued.ticket);
    expect(res.body).toMatchObject({ status: 'expired', scannedBy: null });
    expect(res.body.tokens).toBeUndefined();
    expectApiError(
      await phone(desk.auth, issued.ticket, 'confirm'),
      409,
      'CONFLICT',
      '该二维码已确认登录，不能再次使用',
    );
  });

  it('expires after two minutes: the PC sees expired and the phone can no longer confirm', async () => {
    const { ticket } = await newTicket();
    expect((await phone(desk.auth, ticket, 'scan')).status).toBe(200);
    ctx.clock.advance(120_001);
    expect((await poll(ticket)).body).toMatchObject({ status: 'expired' });
    expectApiError(await phone(desk.auth, ticket, 'confirm'), 409, 'CONFLICT', '二维码已过期，请在电脑上刷新二维码');
  });

  it('a confirmation the PC did not collect in time gives no tokens', async () => {
    const { ticket } = await newTicket();
    await phone(desk.auth, ticket, 'scan');
    await phone(desk.auth, ticket, 'confirm');
    ctx.clock.advance(120_001);
    const res = await poll(ticket);
    expect(res.body.status).toBe('expired');
    expect(res.body.tokens).toBeUndefined();
  });

  it('a member of staff switched off before the PC collects the login: cancelled, no tokens', async () => {
    const leaving = await insertStaff(ctx, { role: 'receptionist', departmentId: null });
    const { ticket } = await newTicket();
    await phone(leaving.auth, ticket, 'scan');
    await phone(leaving.auth, ticket, 'confirm');
    await ctx.dataSource.query('UPDATE `user` SET active = 0 WHERE id = ?', [leaving.userId]);
    const res = await poll(ticket);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.tokens).toBeUndefined();
  });

  it('forgets codes that logged nobody in an hour after they expired', async () => {
    const { ticket } = await newTicket();
    ctx.clock.advance(2 * 60_000 + 60 * 60_000 + 1);
    await newTicket();
    expectApiError(await poll(ticket), 404, 'NOT_FOUND');
  });

  it('refuses residents with a clear message', async () => {
    const { auth } = await ctx.newResident();
    const { ticket } = await newTicket();
    for (const step of ['scan', 'confirm', 'cancel'] as const) {
      expectApiError(
        await phone(auth, ticket, step),
        403,
        'FORBIDDEN',
        '电脑登录仅供物业工作人员使用，业主请直接在小程序中使用',
      );
    }
    expect((await poll(ticket)).body).toMatchObject({ status: 'pending', scannedBy: null });
  });

  it('lets only the one who scanned confirm, and needs the scan first', async () => {
    const other = await insertStaff(ctx, { role: 'staff', departmentId: null });
    const { ticket } = await newTicket();
    expectApiError(await phone(desk.auth, ticket, 'confirm'), 409, 'CONFLICT', '请先扫描电脑上的二维码');
    await phone(desk.auth, ticket, 'scan');
    expectApiError(await phone(other.auth, ticket, 'scan'), 409, 'CONFLICT', '该二维码已被其他人扫描');
    expectApiError(await phone(other.auth, ticket, 'confirm'), 409, 'CONFLICT', '该二维码已被其他人扫描');
  });

  it('cancelled on the phone: the PC sees cancelled and no login', async () => {
    const { ticket } = await newTicket();
    await phone(desk.auth, ticket, 'scan');
    expect((await phone(desk.auth, ticket, 'cancel')).body.status).toBe('cancelled');
    const res = await poll(ticket);
    expect(res.body.status).toBe('cancelled');
    expect(res.body.tokens).toBeUndefined();
    expectApiError(await phone(desk.auth, ticket, 'confirm'), 409, 'CONFLICT');
  });

  it('answers unknown and malformed tickets with 404', async () => {
    const unknown = 'A'.repeat(43);
    expectApiError(await poll(unknown), 404, 'NOT_FOUND', '二维码无效，请在电脑上刷新二维码');
    expectApiError(await poll('not-a-ticket'), 404, 'NOT_FOUND');
    expectApiError(await phone(desk.auth, unknown, 'scan'), 404, 'NOT_FOUND');
    expectApiError(await phone(desk.auth, "x' OR 1=1 --", 'confirm'), 404, 'NOT_FOUND');
  });

  it('needs a login on the phone side', async () => {
    const { ticket } = await newTicket();
    expectApiError(await ctx.http().post(`/api/auth/pc-login/${ticket}/scan`).send(), 401, 'UNAUTHENTICATED');
  });
});

describe('my sessions', () => {
  it('lists the PC beside this phone, and 退出 ends the PC: refresh token and access token at once', async () => {
    const person = await insertStaff(ctx, { role: 'receptionist', departmentId: null });
    const phoneTokens = await ctx.login(person.openid);
    person.auth = authOf(phoneTokens);
    const pc = await loggedInPc(person);

    const listed = await ctx.http().get('/api/me/sessions').set(person.auth);
    expect(listed.status).toBe(200);
    const sessions = listed.body as SessionView[];
    const pcSession = sessions.find((s) => s.device === 'pc');
    expect(pcSession).toMatchObject({ userAgent: PC_AGENT, current: false });
    expect(sessions.find((s) => s.current)).toMatchObject({ device: 'app', userAgent: null });

    // Somebody else cannot end it.
    const stranger = await insertStaff(ctx, { role: 'receptionist', departmentId: null });
    expectApiError(
      await ctx.http().delete(`/api/me/sessions/${pcSession!.id}`).set(stranger.auth),
      404,
      'NOT_FOUND',
      '该登录不存在或已退出',
    );
    expect((await me(authOf(pc))).status).toBe(200);

    expect((await ctx.http().delete(`/api/me/sessions/${pcSession!.id}`).set(person.auth)).status).toBe(204);
    expectApiError(await me(authOf(pc)), 401, 'TOKEN_EXPIRED');
    expectApiError(
      await ctx.http().post('/api/auth/refresh').send({ refreshToken: pc.refreshToken }),
      401,
      'UNAUTHENTICATED',
    );
    // The phone's own access token went with the version bump; its login lives on and renews.
    const renewed = await ctx.http().post('/api/auth/refresh').send({ refreshToken: phoneTokens.refreshToken });
    expect(renewed.status).toBe(200);
    const phoneAuth = authOf(renewed.body as AuthTokens);
    const after = (await ctx.http().get('/api/me/sessions').set(phoneAuth)).body as SessionView[];
    expect(after.map((s) => s.device)).not.toContain('pc');
    expect(after.find((s) => s.current)).toBeDefined();
    expectApiError(await ctx.http().delete(`/api/me/sessions/${pcSession!.id}`).set(phoneAuth), 404, 'NOT_FOUND');
  });
});

describe('two instances', () => {
  it('the PC polls one instance while the phone confirms on another', async () => {
    // A second app on the same database (its own sandbox, process memory and clock), as behind a load balancer.
    const other = await createTestContext();
    try {
      const { ticket } = await newTicket();
      // Each test app signs with its own TOKEN_SECRET, so the phone logs in on the other one.
      const onOther = authOf(await other.login(desk.openid));
      expect((await other.http().post(`/api/auth/pc-login/${ticket}/scan`).set(onOther).send()).status).toBe(200);
      expect((await poll(ticket)).body).toMatchObject({ status: 'scanned', scannedBy: { name: '王小明' } });
      expect((await other.http().post(`/api/auth/pc-login/${ticket}/confirm`).set(onOther).send()).status).toBe(200);
      const res = await poll(ticket);
      expect(res.body.status).toBe('confirmed');
      expect(res.body.tokens.user.id).toBe(desk.userId);
      expect((await other.http().get(`/api/auth/pc-login/${ticket}`)).body.status).toBe('expired');
    } finally {
      await other.close();
    }
  });
});
