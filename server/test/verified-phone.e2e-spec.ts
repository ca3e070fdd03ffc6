import type { UserView } from '@linli/shared';
import { faults } from '../src/sandbox';
import {
  expectApiError,
  expectValidation,
  freshOpenid,
  freshOwner,
  loginAs,
  mintPhoneCode,
  type Auth,
} from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 13, point 5: 微信手机号快捷填写 on 我的 (`PUT /api/me/phone`) stores the number WeChat
 * verified as the account's verified phone, with WeChat's refusals as Chinese 4xx; a claim that
 * names that phone binds at once (register matching, room free), a typed one waits for review.
 */

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());
afterEach(async () => {
  await fetch(`${ctx.sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
});

interface Person {
  openid: string;
  userId: number;
  auth: Auth;
}

async function person(prefix: string): Promise<Person> {
  const openid = freshOpenid(prefix);
  const { tokens, auth } = await loginAs(ctx, openid);
  return { openid, userId: tokens.user.id, auth };
}

const verify = (who: Person, body: object) => ctx.http().put('/api/me/phone').set(who.auth).send(body);
const bind = (who: Person, body: object) => ctx.http().post('/api/house-bindings').set(who.auth).send(body);

async function stored(userId: number): Promise<{ phone: string | null; verifiedAt: Date | null }> {
  const [row] = (await ctx.dataSource.query('SELECT phone, phone_verified_at AS verifiedAt FROM `user` WHERE id = ?', [
    userId,
  ])) as { phone: string | null; verifiedAt: Date | null }[];
  return row;
}

async function me(who: Person): Promise<UserView> {
  const res = await ctx.http().get('/api/auth/me').set(who.auth);
  expect(res.status).toBe(200);
  return (res.body as { user: UserView }).user;
}

function fault(body: object) {
  return fetch(`${ctx.sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('PUT /api/me/phone', () => {
  it('stores the number WeChat verified as the account’s, verified, and says so in /api/auth/me', async () => {
    const resident = await person('quick-fill');
    expect(await me(resident)).toMatchObject({ phone: null, phoneVerified: false });
    const phoneCode = await mintPhoneCode(ctx, resident.openid, '13912345678');

    const res = await verify(resident, { phoneCode });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: resident.userId, phone: '13912345678', phoneVerified: true });
    expect(await me(resident)).toMatchObject({ phone: '13912345678', phoneVerified: true });
    const row = await stored(resident.userId);
    expect(row.phone).toBe('13912345678');
    expect(row.verifiedAt).toBeInstanceOf(Date);
  });

  it('refuses a used, unknown or empty code on phoneCode (WeChat’s 40029), keeping the phone', async () => {
    const resident = await person('quick-fill-used');
    const phoneCode = await mintPhoneCode(ctx, resident.openid, '13912340001');
    expect((await verify(resident, { phoneCode })).status).toBe(200);
    const before = await stored(resident.userId);

    for (const code of [phoneCode, 'made-up-code']) {
      const again = await verify(resident, { phoneCode: code });
      expect(expectValidation(again, ['phoneCode']).details).toEqual([
        { field: 'phoneCode', message: '手机号验证已失效，请重新获取' },
      ]);
    }
    expectValidation(await verify(resident, { phoneCode: ' ' }), ['phoneCode']);
    expectValidation(await verify(resident, {}), ['phoneCode']);
    expect(await stored(resident.userId)).toEqual(before);
  });

  it('refuses a number outside the mainland, which neither the register nor the desk knows', async () => {
    const resident = await person('quick-fill-abroad');
    const response = await fetch(`${ctx.sandbox.url}/__sandbox/phone-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: resident.openid, phoneNumber: '91234567', countryCode: '852' }),
    });
    const { code } = (await response.json()) as { code: string };
    const res = await verify(resident, { phoneCode: code });
    expect(expectValidation(res, ['phoneCode']).details[0].message).toBe(
      '仅支持中国大陆手机号，请在绑定房屋时手动填写',
    );
    expect(await stored(resident.userId)).toEqual({ phone: null, verifiedAt: null });
  });

  it('answers WeChat’s minute quota (45011) with 429 and Retry-After, and its outage (-1) with 502', async () => {
    const resident = await person('quick-fill-busy');
    const phoneCode = await mintPhoneCode(ctx, resident.openid, '13912340002');
    await fault({ api: 'getuserphonenumber', outcome: faults.wechatError(45011), times: 1 });
    const limited = await verify(resident, { phoneCode });
    expectApiError(limited, 429, 'TOO_MANY_REQUESTS', '获取手机号太频繁，请一分钟后再试');
    expect(limited.headers['retry-after']).toBe('60');

    await fault({ api: 'getuserphonenumber', outcome: faults.busy(), times: 1 });
    const busy = await verify(resident, { phoneCode: await mintPhoneCode(ctx, resident.openid, '13912340002') });
    expectApiError(busy, 502, 'WECHAT_UNAVAILABLE', /暂时无法验证手机号/);
    expect(await stored(resident.userId)).toEqual({ phone: null, verifiedAt: null });
  });

  it('is for residents: staff (a receptionist) are refused', async () => {
    const { auth } = await loginAs(ctx, 'demo-receptionist-1');
    const res = await ctx.http().put('/api/me/phone').set(auth).send({ phoneCode: 'whatever' });
    expectApiError(res, 403, 'FORBIDDEN');
  });
});

describe('binding with the account’s phone', () => {
  it('binds at once with the verified phone, no second code needed', async () => {
    const room = await freshOwner(ctx);
    const resident = await person('bind-verified');
    expect((await verify(resident, { phoneCode: await mintPhoneCode(ctx, resident.openid, room.phone) })).status).toBe(
      200,
    );
    const res = await bind(resident, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'bound', phone: room.phone, room: { id: room.roomId } });
    const [event] = (await ctx.dataSource.query(
      'SELECT e.phone_verified AS verified FROM house_binding_event e WHERE e.binding_id = ?',
      [res.body.id],
    )) as { verified: number }[];
    expect(Number(event.verified)).toBe(1);
  });

  it('waits for review with the register’s phone typed by hand', async () => {
    const room = await freshOwner(ctx);
    const resident = await person('bind-typed');
    const res = await bind(resident, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(res.body).toMatchObject({ status: 'pending' });
    expect(await me(resident)).toMatchObject({ phone: room.phone, phoneVerified: false });
  });

  it('settles a waiting claim once the same phone is verified and the claim sent again', async () => {
    const room = await freshOwner(ctx);
    const resident = await person('bind-later');
    const first = await bind(resident, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(first.body).toMatchObject({ status: 'pending' });
    await verify(resident, { phoneCode: await mintPhoneCode(ctx, resident.openid, room.phone) });
    const again = await bind(resident, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(again.body).toMatchObject({ id: first.body.id, status: 'bound' });
  });

  it('does not lend the verification to another number typed in, and that number is not verified', async () => {
    const room = await freshOwner(ctx);
    const resident = await person('bind-other');
    await verify(resident, { phoneCode: await mintPhoneCode(ctx, resident.openid, '13912340003') });
    const res = await bind(resident, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(res.body).toMatchObject({ status: 'pending' });
    // A first binding names the account: the typed number replaces the verified one, unverified.
    expect(await me(resident)).toMatchObject({ phone: room.phone, phoneVerified: false });
  });
});
