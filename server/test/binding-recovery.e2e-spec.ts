import {
  maskName,
  maskPhone,
  type HouseBindingReviewView,
  type HouseBindingView,
  type NotificationView,
  type Page,
  type SubscribeTemplateSets,
} from '@linli/shared';
import { OutboxWorker } from '../src/modules/notifications/outbox/outbox.worker';
import {
  bindingCountOf,
  boundResident,
  categoryByPath,
  complaintForm,
  expectApiError,
  expectValidation,
  findInReview,
  freshOpenid,
  freshOwner,
  loginAs,
  mintPhoneCode,
  type Auth,
  type OwnerRow,
} from './support/api';
import { personOf, type Person } from './support/lifecycle';
import { allowSubscriptions, sandboxMessages } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 12, deliverable 6: binding recovery. A mistyped phone no longer dead-ends a claim: the
 * resident corrects it (and a verified phone that now matches binds at once, in place of the
 * pending claim) or withdraws it; the desk's decision reaches them in 消息 and by subscribe
 * message; the reviewer sees the register's entry for the room, masked, and what did not match.
 */

let ctx: TestContext;
let receptionist: Auth;
let receptionistId: number;
let cleaningId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  const desk = await loginAs(ctx, 'demo-receptionist-1');
  receptionist = desk.auth;
  receptionistId = desk.tokens.user.id;
  const anyone = (await loginAs(ctx, freshOpenid('recovery-categories'))).auth;
  cleaningId = (await categoryByPath(ctx, anyone, 'complaint', '环境管理', '保洁卫生')).id;
});
afterAll(() => ctx.close());

const bind = (auth: Auth, body: object) => ctx.http().post('/api/house-bindings').set(auth).send(body);
const correct = (auth: Auth, id: number, body: object) =>
  ctx.http().post(`/api/house-bindings/${id}/correct`).set(auth).send(body);
const withdraw = (auth: Auth, id: number) => ctx.http().post(`/api/house-bindings/${id}/withdraw`).set(auth);
const approve = (id: number) => ctx.http().post(`/api/house-bindings/${id}/approve`).set(receptionist);
const reject = (id: number, reason: string) =>
  ctx.http().post(`/api/house-bindings/${id}/reject`).set(receptionist).send({ reason });

/** A phone that is not the register's: the one digit a resident gets wrong. */
const mistyped = (phone: string) => `${phone.slice(0, -1)}${phone.endsWith('9') ? '8' : '9'}`;

interface Claim {
  person: Person;
  owner: OwnerRow;
  binding: HouseBindingView;
}

/** A new resident claims a fresh room with its owner's name and a mistyped phone, not verified: pending. */
async function mistypedClaim(owner?: OwnerRow): Promise<Claim> {
  const person = await personOf(ctx, freshOpenid('recovery'));
  const room = owner ?? (await freshOwner(ctx));
  const res = await bind(person.auth, { roomId: room.roomId, name: room.name, phone: mistyped(room.phone) });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'pending', phone: mistyped(room.phone) });
  return { person, owner: room, binding: res.body as HouseBindingView };
}

async function statusOf(id: number): Promise<string> {
  const [row] = (await ctx.dataSource.query('SELECT status FROM house_binding WHERE id = ?', [id])) as {
    status: string;
  }[];
  return row.status;
}

async function stepsOf(bindingId: number) {
  const rows = (await ctx.dataSource.query(
    'SELECT action, status, actor_user_id AS actor, phone, phone_verified AS verified, note FROM house_binding_event ' +
      'WHERE binding_id = ? ORDER BY id',
    [bindingId],
  )) as { action: string; status: string; actor: number; phone: string; verified: number; note: string | null }[];
  return rows.map((row) => ({ ...row, actor: Number(row.actor), verified: Boolean(Number(row.verified)) }));
}

async function messagesOf(who: { auth: Auth }, topic: string): Promise<NotificationView[]> {
  const res = await ctx.http().get('/api/notifications?pageSize=50').set(who.auth);
  expect(res.status).toBe(200);
  return (res.body as Page<NotificationView>).items.filter((item) => item.topic === topic);
}

const inReview = (bindingId: number, status = 'pending') =>
  findInReview<HouseBindingReviewView>(ctx, receptionist, bindingId, status);

/** The outbox rows of one user's binding results, once the worker has sent (or failed) them. */
async function sentBindingResults(userId: number) {
  const worker = ctx.app.get(OutboxWorker);
  const deadline = Date.now() + 10_000;
  for (;;) {
    await worker.drain();
    const rows = (await ctx.dataSource.query(
      'SELECT d.status, d.template_id AS templateId FROM notification_delivery d ' +
        "JOIN notification n ON n.id = d.notification_id WHERE n.user_id = ? AND n.topic = 'binding_result' ORDER BY d.id",
      [userId],
    )) as { status: string; templateId: string }[];
    if (rows.every((row) => row.status === 'sent' || row.status === 'failed')) return rows;
    if (Date.now() > deadline) throw new Error(`deliveries still open: ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('withdrawing a pending claim (撤回)', () => {
  it('takes it back: no longer the resident’s, nor waiting for review, and the step is kept', async () => {
    const { person, binding } = await mistypedClaim();
    const res = await withdraw(person.auth, binding.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...binding, status: 'withdrawn' });

    const mine = await ctx.http().get('/api/house-bindings/mine').set(person.auth);
    expect(mine.body).toEqual([]);
    expect(await inReview(binding.id)).toBeUndefined();
    expect(await inReview(binding.id, 'withdrawn')).toMatchObject({ id: binding.id, status: 'withdrawn' });
    expect(await stepsOf(binding.id)).toEqual([
      expect.objectContaining({ action: 'submit', status: 'pending', actor: person.userId }),
      expect.objectContaining({ action: 'withdraw', status: 'withdrawn', actor: person.userId }),
    ]);

    // Twice is once; the desk can no longer decide it, and it files nothing.
    expect((await withdraw(person.auth, binding.id)).body).toMatchObject({ status: 'withdrawn' });
    expectApiError(await approve(binding.id), 409, 'CONFLICT', '业主已撤回该申请');
    expectApiError(await reject(binding.id, '与名册不符'), 409, 'CONFLICT', '业主已撤回该申请');
    const filed = await ctx.http().post('/api/requests').set(person.auth).send(complaintForm(binding.id, cleaningId));
    expect(expectValidation(filed, ['houseBindingId']).details[0].message).toBe('该房屋绑定申请已撤回，请重新绑定');
    expect(await statusOf(binding.id)).toBe('withdrawn');
  });

  it('starts over when the resident claims the room again: one row, pending again', async () => {
    const { person, owner, binding } = await mistypedClaim();
    await withdraw(person.auth, binding.id);
    const again = await bind(person.auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: binding.id, status: 'pending', phone: owner.phone });
    expect(await bindingCountOf(ctx, person.userId)).toBe(1);
    expect((await stepsOf(binding.id)).map((step) => step.action)).toEqual(['submit', 'withdraw', 'submit']);
  });

  it('refuses a decided claim (409), another resident’s (404) and staff (403), changing nothing', async () => {
    const approved = await mistypedClaim();
    await approve(approved.binding.id);
    expectApiError(
      await withdraw(approved.person.auth, approved.binding.id),
      409,
      'CONFLICT',
      '该房屋已审核通过，不能撤回',
    );

    const rejected = await mistypedClaim();
    await reject(rejected.binding.id, '手机号与名册不符');
    expectApiError(
      await withdraw(rejected.person.auth, rejected.binding.id),
      409,
      'CONFLICT',
      '该申请已被驳回，无需撤回',
    );

    const pending = await mistypedClaim();
    const other = (await loginAs(ctx, freshOpenid('recovery-other'))).auth;
    expectApiError(await withdraw(other, pending.binding.id), 404, 'NOT_FOUND', '绑定申请不存在或无权查看');
    expectApiError(await withdraw(receptionist, pending.binding.id), 403, 'FORBIDDEN');
    expectApiError(await withdraw(pending.person.auth, 999999999), 404, 'NOT_FOUND');
    expect(await statusOf(pending.binding.id)).toBe('pending');
    expect(await statusOf(approved.binding.id)).toBe('bound');
    expect(await statusOf(rejected.binding.id)).toBe('rejected');
  });

  it('lets one of a withdrawal and a decision at the same moment win, never both', async () => {
    for (let round = 0; round < 3; round++) {
      const { person, binding } = await mistypedClaim();
      const [withdrawn, decided] = await Promise.all([withdraw(person.auth, binding.id), approve(binding.id)]);
      expect([withdrawn.status, decided.status].sort()).toEqual([200, 409]);
      expect(await statusOf(binding.id)).toBe(withdrawn.status === 200 ? 'withdrawn' : 'bound');
    }
  });
});

describe('correcting a pending claim (修改)', () => {
  it('binds at once when the corrected phone is verified and matches, replacing the pending claim', async () => {
    const { person, owner, binding } = await mistypedClaim();
    const phoneCode = await mintPhoneCode(ctx, person.openid, owner.phone);
    const res = await correct(person.auth, binding.id, { name: owner.name, phone: owner.phone, phoneCode });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...binding, status: 'bound', phone: owner.phone });

    // The same row, no second one, and nothing left for the desk.
    expect(await bindingCountOf(ctx, person.userId)).toBe(1);
    expect(await inReview(binding.id)).toBeUndefined();
    expect(await stepsOf(binding.id)).toEqual([
      expect.objectContaining({ action: 'submit', status: 'pending', phone: mistyped(owner.phone), verified: false }),
      expect.objectContaining({ action: 'correct', status: 'bound', phone: owner.phone, verified: true }),
    ]);
    const filed = await ctx.http().post('/api/requests').set(person.auth).send(complaintForm(binding.id, cleaningId));
    expect(filed.status).toBe(201);
  });

  it('keeps waiting with the corrected words when the phone is only typed, and the reviewer sees them', async () => {
    const { person, owner, binding } = await mistypedClaim();
    const res = await correct(person.auth, binding.id, { name: owner.name, phone: owner.phone });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...binding, phone: owner.phone });
    expect(await bindingCountOf(ctx, person.userId)).toBe(1);
    expect(await inReview(binding.id)).toMatchObject({ phone: owner.phone, mismatches: ['identity'] });
  });

  it('takes a resubmission of the same room with other words as the correction, not a second claim', async () => {
    const { person, owner, binding } = await mistypedClaim();
    const again = await bind(person.auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: binding.id, status: 'pending', phone: owner.phone });
    const phoneCode = await mintPhoneCode(ctx, person.openid, owner.phone);
    const verified = await bind(person.auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone, phoneCode });
    expect(verified.body).toMatchObject({ id: binding.id, status: 'bound' });
    expect(await bindingCountOf(ctx, person.userId)).toBe(1);
  });

  it('still waits for a room somebody holds, and does not alert the holder again', async () => {
    const holder = await boundResident(ctx);
    const { person, owner, binding } = await mistypedClaim(holder.owner);
    const alerts = async () => (await messagesOf(holder, 'binding_requested')).length;
    expect(await alerts()).toBe(1);
    const phoneCode = await mintPhoneCode(ctx, person.openid, owner.phone);
    const res = await correct(person.auth, binding.id, { name: owner.name, phone: owner.phone, phoneCode });
    expect(res.body).toMatchObject({ id: binding.id, status: 'pending', phone: owner.phone });
    expect(await alerts()).toBe(1);
  });

  it('sends a refused claim again: pending, its reason cleared', async () => {
    const { person, owner, binding } = await mistypedClaim();
    await reject(binding.id, '手机号与名册不符');
    const res = await correct(person.auth, binding.id, { name: owner.name, phone: owner.phone });
    expect(res.body).toMatchObject({ id: binding.id, status: 'pending', rejectReason: null, phone: owner.phone });
  });

  it('refuses a bound or withdrawn claim (409), another resident’s (404), and bad input (400), changing nothing', async () => {
    const bound = await boundResident(ctx);
    expectApiError(
      await correct(bound.auth, bound.binding.id, { name: bound.owner.name, phone: '13312345678' }),
      409,
      'CONFLICT',
      '该房屋已绑定，无需修改',
    );
    const gone = await mistypedClaim();
    await withdraw(gone.person.auth, gone.binding.id);
    expectApiError(
      await correct(gone.person.auth, gone.binding.id, { name: gone.owner.name, phone: gone.owner.phone }),
      409,
      'CONFLICT',
      '该申请已撤回，请重新申请绑定',
    );

    const { person, owner, binding } = await mistypedClaim();
    const other = (await loginAs(ctx, freshOpenid('recovery-other'))).auth;
    expectApiError(await correct(other, binding.id, { name: owner.name, phone: owner.phone }), 404, 'NOT_FOUND');
    expect(
      expectValidation(await correct(person.auth, binding.id, { name: owner.name, phone: '12345' }), ['phone']).details,
    ).toEqual([{ field: 'phone', message: '手机号格式不正确，请填写 11 位手机号或带区号的座机' }]);
    expect(expectValidation(await correct(person.auth, binding.id, {}), ['name', 'phone']).details).toEqual(
      expect.arrayContaining([
        { field: 'name', message: '请填写姓名' },
        { field: 'phone', message: '请填写手机号' },
      ]),
    );
    expect(
      expectValidation(
        await correct(person.auth, binding.id, { name: owner.name, phone: owner.phone, phoneCode: 'made-up-code' }),
        ['phoneCode'],
      ).details,
    ).toEqual([{ field: 'phoneCode', message: '手机号验证已失效，请重新获取' }]);
    expect((await ctx.http().get('/api/house-bindings/mine').set(person.auth)).body).toEqual([binding]);
  });

  it('counts corrections against the binding limit per user: 429 beyond it', async () => {
    const limited = await createTestContext({
      env: {
        RATE_LIMIT_FACTOR: '1',
        RATE_LIMITS: JSON.stringify({ binding: { perUser: { limit: 3, windowSeconds: 600 } } }),
      },
    });
    try {
      const { auth } = await loginAs(limited, freshOpenid('correct-flood'));
      const room = await freshOwner(limited);
      const first = await limited
        .http()
        .post('/api/house-bindings')
        .set(auth)
        .send({ roomId: room.roomId, name: room.name, phone: '13312340000' });
      const statuses = [first.status];
      for (let attempt = 1; attempt <= 3; attempt++) {
        const res = await limited
          .http()
          .post(`/api/house-bindings/${first.body.id}/correct`)
          .set(auth)
          .send({ name: room.name, phone: `1331234000${attempt}` });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('the resident is told the outcome', () => {
  it('offers the binding-result template on the submitting tap', async () => {
    const { person } = await mistypedClaim();
    const sets = (await ctx.http().get('/api/notifications/subscribe-templates').set(person.auth))
      .body as SubscribeTemplateSets;
    expect(sets.bind).toEqual(['linli-tmpl-binding']);
  });

  it('hears of an approval in 消息 and by subscribe message, which opens the claim', async () => {
    const { person, owner, binding } = await mistypedClaim();
    await allowSubscriptions(ctx, person, 'bind');
    expect((await approve(binding.id)).status).toBe(200);

    const [notice] = await messagesOf(person, 'binding_result');
    expect(notice).toMatchObject({
      title: '房屋绑定已通过',
      requestId: null,
      requestNumber: null,
      page: `/pages/house-bind/index?id=${binding.id}`,
      readAt: null,
    });
    expect(notice.body).toContain(binding.room.label);
    expect(await sentBindingResults(person.userId)).toEqual([{ status: 'sent', templateId: 'linli-tmpl-binding' }]);
    const [message] = (await sandboxMessages(ctx, person.openid)).filter(
      (sent) => sent.template_id === 'linli-tmpl-binding',
    );
    expect(message).toMatchObject({ page: `pages/house-bind/index?id=${binding.id}` });
    expect(message.data.thing1.value).toBe(binding.room.label);
    expect(message.data.phrase2.value).toBe('已通过');
    // The register's phone went nowhere near WeChat.
    expect(JSON.stringify(message)).not.toContain(owner.phone);
    expect(await stepsOf(binding.id)).toEqual([
      expect.objectContaining({ action: 'submit' }),
      expect.objectContaining({ action: 'approve', status: 'bound', actor: receptionistId, note: null }),
    ]);
  });

  it('hears of a refusal with its reason, both in 消息 and on WeChat', async () => {
    const { person, binding } = await mistypedClaim();
    await allowSubscriptions(ctx, person, 'bind');
    expect((await reject(binding.id, '手机号与业主名册不一致，请核对')).status).toBe(200);

    const [notice] = await messagesOf(person, 'binding_result');
    expect(notice.title).toBe('房屋绑定未通过');
    expect(notice.body).toContain('手机号与业主名册不一致，请核对');
    expect(notice.page).toBe(`/pages/house-bind/index?id=${binding.id}`);
    await sentBindingResults(person.userId);
    const [message] = (await sandboxMessages(ctx, person.openid)).filter(
      (sent) => sent.template_id === 'linli-tmpl-binding',
    );
    expect(message.data.phrase2.value).toBe('未通过');
    expect(message.data.thing3.value).toBe('手机号与业主名册不一致，请核对');
    expect((await stepsOf(binding.id))[1]).toMatchObject({ action: 'reject', note: '手机号与业主名册不一致，请核对' });
  });

  it('is told in 消息 only without a subscribe permission; nobody is told of a claim bound at once', async () => {
    const { person, binding } = await mistypedClaim();
    await approve(binding.id);
    expect(await messagesOf(person, 'binding_result')).toHaveLength(1);
    expect(await sentBindingResults(person.userId)).toEqual([]);

    const atOnce = await boundResident(ctx);
    expect(await messagesOf(atOnce, 'binding_result')).toEqual([]);
  });
});

describe('the reviewer’s view', () => {
  it('shows the register’s entry for the room, masked, and which field did not match', async () => {
    const { owner, binding } = await mistypedClaim();
    const item = await inReview(binding.id);
    expect(item).toEqual({
      ...binding,
      revision: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      phoneVerified: false,
      register: [{ name: maskName(owner.name), phone: maskPhone(owner.phone), relation: 'owner' }],
      mismatches: ['phone', 'identity'],
      holders: 0,
    });
    // Masked: the register's own phone is nowhere in the answer.
    expect(JSON.stringify(item)).not.toContain(owner.phone);
  });

  it('names the name when WeChat verified the register’s phone but the name differs', async () => {
    const room = await freshOwner(ctx);
    const person = await personOf(ctx, freshOpenid('recovery-name'));
    const phoneCode = await mintPhoneCode(ctx, person.openid, room.phone);
    const res = await bind(person.auth, { roomId: room.roomId, name: `${room.name}某`, phone: room.phone, phoneCode });
    expect(await inReview(res.body.id)).toMatchObject({ phoneVerified: true, mismatches: ['name'], holders: 0 });
  });

  it('shows who already holds the room, and a room the register lacks', async () => {
    const holder = await boundResident(ctx);
    const second = await personOf(ctx, freshOpenid('recovery-second'));
    const phoneCode = await mintPhoneCode(ctx, second.openid, holder.owner.phone);
    const held = await bind(second.auth, {
      roomId: holder.owner.roomId,
      name: holder.owner.name,
      phone: holder.owner.phone,
      phoneCode,
    });
    expect(await inReview(held.body.id)).toMatchObject({ mismatches: [], holders: 1, phoneVerified: true });

    const room = await freshOwner(ctx);
    await ctx.dataSource.query('DELETE FROM owner_register WHERE room_id = ?', [room.roomId]);
    const { binding } = await mistypedClaim(room);
    expect(await inReview(binding.id)).toMatchObject({ register: [], mismatches: ['name', 'phone', 'identity'] });
  });

  it('tells the resident none of it: their answers carry no register and no mismatch', async () => {
    const { person, binding } = await mistypedClaim();
    const mine = (await ctx.http().get('/api/house-bindings/mine').set(person.auth)).body as object[];
    for (const view of [binding, ...mine]) {
      expect(Object.keys(view).sort()).toEqual(['createdAt', 'id', 'name', 'phone', 'rejectReason', 'room', 'status']);
    }
  });
});

describe('a decision is made on the claim the reviewer read', () => {
  const decide = (id: number, path: 'approve' | 'reject', body: object) =>
    ctx.http().post(`/api/house-bindings/${id}/${path}`).set(receptionist).send(body);

  it('a claim corrected after the list was read is refused with 409 and stays pending; the fresh revision decides it', async () => {
    const { person, owner, binding } = await mistypedClaim();
    const read = (await inReview(binding.id))!;
    expect(Date.parse(read.revision)).not.toBeNaN();
    // The resident corrects the name meanwhile: still not the register's phone, so still pending.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const corrected = await correct(person.auth, binding.id, {
      name: `${owner.name}家属`,
      phone: mistyped(owner.phone),
    });
    expect(corrected.body).toMatchObject({ status: 'pending' });

    for (const [path, body] of [
      ['approve', { revision: read.revision }],
      ['reject', { reason: '与名册不符', revision: read.revision }],
    ] as const) {
      expectApiError(await decide(binding.id, path, body), 409, 'CONFLICT', /业主刚刚修改了这份申请/);
    }
    expect(await statusOf(binding.id)).toBe('pending');
    expect((await stepsOf(binding.id)).map((step) => step.action)).toEqual(['submit', 'correct']);

    const fresh = (await inReview(binding.id))!;
    expect(fresh.name).toBe(`${owner.name}家属`);
    expect((await decide(binding.id, 'approve', { revision: fresh.revision })).status).toBe(200);
    expect(await statusOf(binding.id)).toBe('bound');
  });

  it('a revision that is no time is a field error, not a decision', async () => {
    const { binding } = await mistypedClaim();
    const res = await decide(binding.id, 'approve', { revision: 'yesterday' });
    expect(expectApiError(res, 400, 'VALIDATION_FAILED').details).toEqual([
      { field: 'revision', message: '请刷新后再审核' },
    ]);
    expect(await statusOf(binding.id)).toBe('pending');
  });
});
