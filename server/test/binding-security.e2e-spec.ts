import type { HouseBindingView, NotificationView, Page } from '@linli/shared';
import type { Response } from 'supertest';
import { faults } from '../src/sandbox';
import {
  bindingCountOf,
  boundResident,
  categoryByPath,
  complaintForm,
  expectApiError,
  expectValidation,
  fileComplaint,
  freshOpenid,
  freshOwner,
  loginAs,
  mintPhoneCode,
  type Auth,
  type OwnerRow,
  type Resident,
} from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 10, finding 9: an impostor who knew an owner's name and phone bound the occupied room at
 * once, filed in the owner's name, and learnt from the answer that the pair was in the register.
 * Now only a phone WeChat verified binds at once, and only a room nobody holds; every other claim
 * is pending with one and the same answer, and whoever holds the room is told.
 */

let ctx: TestContext;
/** The sandbox's clock runs this far ahead of the real one: the expiry test moves it. */
let sandboxAhead = 0;
let receptionist: Auth;
let cleaningId: number;

beforeAll(async () => {
  ctx = await createTestContext({ sandbox: { now: () => Date.now() + sandboxAhead } });
  receptionist = (await loginAs(ctx, 'demo-receptionist-1')).auth;
  const anyone = (await loginAs(ctx, freshOpenid('binding-categories'))).auth;
  cleaningId = (await categoryByPath(ctx, anyone, 'complaint', '环境管理', '保洁卫生')).id;
});
afterAll(() => ctx.close());
afterEach(() => {
  sandboxAhead = 0;
});

const bind = (auth: Auth, body: object) => ctx.http().post('/api/house-bindings').set(auth).send(body);

interface Claimant {
  openid: string;
  userId: number;
  auth: Auth;
}

async function claimant(prefix: string): Promise<Claimant> {
  const openid = freshOpenid(prefix);
  const { tokens, auth } = await loginAs(ctx, openid);
  return { openid, userId: tokens.user.id, auth };
}

async function messagesOf(who: { auth: Auth }): Promise<NotificationView[]> {
  const res = await ctx.http().get('/api/notifications?pageSize=50').set(who.auth);
  expect(res.status).toBe(200);
  return (res.body as Page<NotificationView>).items;
}

const bindingAlerts = async (who: { auth: Auth }) =>
  (await messagesOf(who)).filter((item) => item.topic === 'binding_requested');

/** What an answer says, without what differs between any two answers: the row's id and time. */
function answerOf(res: Response) {
  const { id, createdAt, ...body } = res.body as HouseBindingView;
  expect(typeof id).toBe('number');
  expect(typeof createdAt).toBe('string');
  return { status: res.status, type: res.headers['content-type'], body };
}

async function phoneCallCount(): Promise<number> {
  const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as { api: string }[];
  return calls.filter((call) => call.api === 'getuserphonenumber').length;
}

describe('an impostor who knows the name and phone of an occupied room', () => {
  let owner: Resident;
  let impostor: Claimant;
  let claim: Response;

  beforeAll(async () => {
    owner = await boundResident(ctx);
    impostor = await claimant('impostor');
    claim = await bind(impostor.auth, { roomId: owner.owner.roomId, name: owner.owner.name, phone: owner.owner.phone });
  });

  it('waits for review instead of binding', () => {
    expect(claim.status).toBe(201);
    expect(claim.body).toMatchObject({ status: 'pending', room: { id: owner.owner.roomId }, rejectReason: null });
  });

  it('tells the owner in the message centre, without the claimant’s words', async () => {
    const alerts = await bindingAlerts(owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      topic: 'binding_requested',
      title: '有人申请绑定您的房屋',
      requestId: null,
      requestNumber: null,
      page: null,
      readAt: null,
    });
    expect(alerts[0].body).toContain(owner.binding.room.label);
    // The claimant is not told anything of the kind, and nothing went to WeChat for it.
    expect(await bindingAlerts(impostor)).toEqual([]);
    const [deliveries] = (await ctx.dataSource.query(
      'SELECT COUNT(*) AS n FROM notification_delivery d JOIN notification n ON n.id = d.notification_id ' +
        "WHERE n.user_id = ? AND n.topic = 'binding_requested'",
      [owner.tokens.user.id],
    )) as { n: string | number }[];
    expect(Number(deliveries.n)).toBe(0);
  });

  it('cannot file a request for the room, neither with his claim nor with the owner’s binding', async () => {
    const own = await ctx
      .http()
      .post('/api/requests')
      .set(impostor.auth)
      .send(complaintForm(claim.body.id, cleaningId));
    expect(expectValidation(own, ['houseBindingId']).details[0].message).toBe('该房屋尚在审核中，审核通过后才能提交');
    const borrowed = await ctx
      .http()
      .post('/api/requests')
      .set(impostor.auth)
      .send(complaintForm(owner.binding.id, cleaningId));
    expectApiError(borrowed, 404, 'NOT_FOUND');
    const [row] = (await ctx.dataSource.query('SELECT COUNT(*) AS n FROM request WHERE resident_user_id = ?', [
      impostor.userId,
    ])) as { n: string | number }[];
    expect(Number(row.n)).toBe(0);
  });

  it('still waits with a phone WeChat verified: his own, or even the register’s, while the room is held', async () => {
    const own = await claimant('impostor-own-phone');
    const ownCode = await mintPhoneCode(ctx, own.openid, '13612345678');
    const withOwn = await bind(own.auth, {
      roomId: owner.owner.roomId,
      name: owner.owner.name,
      phone: owner.owner.phone,
      phoneCode: ownCode,
    });
    expect(withOwn.body).toMatchObject({ status: 'pending', phone: '13612345678' });

    // Someone else whose WeChat holds the register's phone (a second account): the room is held.
    const second = await claimant('second-account');
    const registerCode = await mintPhoneCode(ctx, second.openid, owner.owner.phone);
    const withRegister = await bind(second.auth, {
      roomId: owner.owner.roomId,
      name: owner.owner.name,
      phone: owner.owner.phone,
      phoneCode: registerCode,
    });
    expect(withRegister.body).toMatchObject({ status: 'pending' });
    // One alert per new claim, to the one who holds the room.
    expect(await bindingAlerts(owner)).toHaveLength(3);
  });

  it('is found by the desk, whose decision still stands', async () => {
    const rejected = await ctx
      .http()
      .post(`/api/house-bindings/${claim.body.id}/reject`)
      .set(receptionist)
      .send({ reason: '业主本人不知情' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: claim.body.id, status: 'rejected' });
    // Asking again after a refusal is a new claim: pending again, and the owner is told again.
    const again = await bind(impostor.auth, {
      roomId: owner.owner.roomId,
      name: owner.owner.name,
      phone: owner.owner.phone,
    });
    expect(again.body).toMatchObject({ id: claim.body.id, status: 'pending', rejectReason: null });
    expect(await bindingAlerts(owner)).toHaveLength(4);
  });
});

describe('the answer is no oracle', () => {
  /** The same claim to `room`, made twice: once while the register holds the pair, once not. */
  async function claimTwice(room: OwnerRow, typed: { name: string; phone: string }) {
    const inRegister = await claimant('oracle-match');
    const matched = await bind(inRegister.auth, { roomId: room.roomId, ...typed });
    await ctx.dataSource.query('UPDATE owner_register SET phone = ? WHERE room_id = ?', ['13799999999', room.roomId]);
    const notInRegister = await claimant('oracle-miss');
    const missed = await bind(notInRegister.auth, { roomId: room.roomId, ...typed });
    return { matched, missed };
  }

  it.each([
    ['a room somebody holds', true],
    ['a room nobody holds', false],
  ])('gives the same answer for %s whether or not the pair is in the register', async (_what, held) => {
    const room = await freshOwner(ctx);
    if (held) await boundResident(ctx, room);
    const { matched, missed } = await claimTwice(room, { name: room.name, phone: room.phone });
    expect(answerOf(missed)).toEqual(answerOf(matched));
    expect(matched.body.status).toBe('pending');
  });

  it('answers two impostors of one occupied room alike, the pair right or wrong, beyond echoing what they typed', async () => {
    const owner = await boundResident(ctx);
    const right = { name: owner.owner.name, phone: owner.owner.phone };
    const wrong = { name: '冒名者王五', phone: '13312345678' };
    const [a, b] = [await claimant('oracle-right'), await claimant('oracle-wrong')];
    const withRight = await bind(a.auth, { roomId: owner.owner.roomId, ...right });
    const withWrong = await bind(b.auth, { roomId: owner.owner.roomId, ...wrong });
    expect(withRight.body).toMatchObject(right);
    expect(withWrong.body).toMatchObject(wrong);
    expect(answerOf(withWrong)).toEqual({
      ...answerOf(withRight),
      body: { ...answerOf(withRight).body, ...wrong },
    });
    // The owner hears of both alike, and nothing the claimant typed reaches him.
    const alerts = await bindingAlerts(owner);
    expect(alerts).toHaveLength(2);
    expect(alerts[0].body).toBe(alerts[1].body);
    expect(alerts.map((alert) => alert.body).join('')).not.toContain(wrong.name);
  });
});

describe('the genuine owner', () => {
  it('binds a room nobody holds at once with the phone WeChat verified, in one call to WeChat, and files', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('genuine');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    const callsBefore = await phoneCallCount();
    const res = await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'bound', name: room.name, phone: room.phone, room: { id: room.roomId } });
    expect(await phoneCallCount()).toBe(callsBefore + 1);

    const [user] = (await ctx.dataSource.query(
      'SELECT phone, phone_verified_at AS verifiedAt FROM `user` WHERE id = ?',
      [owner.userId],
    )) as { phone: string; verifiedAt: Date | null }[];
    expect(user.phone).toBe(room.phone);
    expect(user.verifiedAt).not.toBeNull();
    const filed = await fileComplaint(ctx, { auth: owner.auth, binding: res.body }, cleaningId);
    expect(filed.status).toBe('received');
  });

  it('waits for review when the verified phone is not the register’s, and binds by the verified one', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('verified-mismatch');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, '13655556666');
    // Typing the register's phone does not help: the verified phone is the one that counts.
    const res = await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', phone: '13655556666' });
  });

  it('waits for review when the verified phone matches but the name does not', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('verified-wrong-name');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    const res = await bind(owner.auth, { roomId: room.roomId, name: `${room.name}某`, phone: room.phone, phoneCode });
    expect(res.body).toMatchObject({ status: 'pending' });
  });

  it('settles a pending claim at once by verifying the phone afterwards', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('verify-later');
    const first = await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone });
    expect(first.body.status).toBe('pending');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    const second = await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode });
    expect(second.body).toMatchObject({ id: first.body.id, status: 'bound' });
  });
});

describe('phone codes', () => {
  async function refused(res: Response, userId: number) {
    expect(expectValidation(res, ['phoneCode']).details).toEqual([
      { field: 'phoneCode', message: '手机号验证已失效，请重新获取' },
    ]);
    expect(await bindingCountOf(ctx, userId)).toBe(0);
  }

  it('refuses a code used once already (400 on phoneCode), storing nothing', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('code-first');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    expect(
      (await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode })).status,
    ).toBe(201);
    const other = await claimant('code-reuse');
    const reused = await bind(other.auth, {
      roomId: (await freshOwner(ctx)).roomId,
      name: room.name,
      phone: room.phone,
      phoneCode,
    });
    await refused(reused, other.userId);
  });

  it('refuses a code older than 5 minutes, and one WeChat never issued', async () => {
    const room = await freshOwner(ctx);
    const owner = await claimant('code-expired');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    sandboxAhead = 5 * 60_000 + 1000;
    await refused(
      await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode }),
      owner.userId,
    );
    await refused(
      await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode: 'made-up-code' }),
      owner.userId,
    );
    const [user] = (await ctx.dataSource.query('SELECT phone_verified_at AS verifiedAt FROM `user` WHERE id = ?', [
      owner.userId,
    ])) as { verifiedAt: Date | null }[];
    expect(user.verifiedAt).toBeNull();
  });

  it('names an empty code on field phoneCode without asking WeChat', async () => {
    const owner = await claimant('code-empty');
    const callsBefore = await phoneCallCount();
    const res = await bind(owner.auth, {
      roomId: (await freshOwner(ctx)).roomId,
      name: '张三',
      phone: '13800138000',
      phoneCode: ' ',
    });
    await refused(res, owner.userId);
    expect(await phoneCallCount()).toBe(callsBefore);
  });

  it('retries once with a fresh token on 40001, and answers 502 when WeChat is unreachable, storing nothing', async () => {
    const control = (body: object) =>
      fetch(`${ctx.sandbox.url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const room = await freshOwner(ctx);
    const owner = await claimant('code-token');
    const phoneCode = await mintPhoneCode(ctx, owner.openid, room.phone);
    await control({ api: 'getuserphonenumber', outcome: faults.invalidCredential(), times: 1 });
    const retried = await bind(owner.auth, { roomId: room.roomId, name: room.name, phone: room.phone, phoneCode });
    expect(retried.body).toMatchObject({ status: 'bound' });

    const other = await claimant('code-down');
    const otherRoom = await freshOwner(ctx);
    const code = await mintPhoneCode(ctx, other.openid, otherRoom.phone);
    await control({ api: 'getuserphonenumber', outcome: faults.drop(), times: 1 });
    const down = await bind(other.auth, {
      roomId: otherRoom.roomId,
      name: otherRoom.name,
      phone: otherRoom.phone,
      phoneCode: code,
    });
    expectApiError(down, 502, 'WECHAT_UNAVAILABLE', '暂时无法验证手机号，请稍后再试');
    expect(await bindingCountOf(ctx, other.userId)).toBe(0);
  });
});

describe('rate limit', () => {
  it('counts claims against the binding limit per user: 429 with Retry-After beyond it', async () => {
    const limited = await createTestContext({
      env: {
        RATE_LIMIT_FACTOR: '1',
        RATE_LIMITS: JSON.stringify({ binding: { perUser: { limit: 3, windowSeconds: 600 } } }),
      },
    });
    try {
      const { auth, tokens } = await loginAs(limited, freshOpenid('binding-flood'));
      const answers: Response[] = [];
      for (let claim = 0; claim < 4; claim++) {
        const room = await freshOwner(limited);
        answers.push(
          await limited
            .http()
            .post('/api/house-bindings')
            .set(auth)
            .send({ roomId: room.roomId, name: '刷单人', phone: '13312340000' }),
        );
      }
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 429]);
      expectApiError(answers[3], 429, 'TOO_MANY_REQUESTS');
      expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
      expect(await bindingCountOf(limited, tokens.user.id)).toBe(3);
    } finally {
      await limited.close();
    }
  });
});
