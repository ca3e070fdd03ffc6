import type { HouseBindingView, NamedRef, Page, RoomView } from '@linli/shared';
import {
  bindingCountOf,
  DEMO_PROJECT,
  expectApiError,
  expectValidation,
  findInReview,
  freshOpenid,
  freshOwner,
  loginAs,
  mintPhoneCode,
  ownerOfRoom,
  randomOwner,
  TEST_BUILDING,
  type Auth,
} from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** The house picker (project → building → unit → room), binding a house, and the receptionists' review. */

let ctx: TestContext;
let anyone: Auth;
let receptionist: Auth;
let receptionistId: number;
let projectId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  anyone = (await loginAs(ctx, freshOpenid('houses'))).auth;
  const desk = await loginAs(ctx, 'demo-receptionist-1');
  receptionist = desk.auth;
  receptionistId = desk.tokens.user.id;
  const projects = await ctx.http().get('/api/projects').set(anyone);
  projectId = (projects.body as NamedRef[]).find((project) => project.name === DEMO_PROJECT)!.id;
});
afterAll(() => ctx.close());

const get = (url: string, auth: Auth = anyone) => ctx.http().get(url).set(auth);
const bind = (auth: Auth, body: object) => ctx.http().post('/api/house-bindings').set(auth).send(body);
/** A resident and what the getPhoneNumber button would give them for `phone`. */
async function residentWithPhone(prefix: string, phone: string) {
  const openid = freshOpenid(prefix);
  const { tokens, auth } = await loginAs(ctx, openid);
  return { tokens, auth, phoneCode: await mintPhoneCode(ctx, openid, phone) };
}

/** Room names of one unit as the seed lays them out: 2 rooms on each of 10 floors. */
const EXPECTED_ROOMS = Array.from({ length: 10 }, (_, floor) => [`${floor + 1}01`, `${floor + 1}02`]).flat();

/** A new resident whose binding does not match the register: it waits for review. */
async function pendingBinding(): Promise<{ auth: Auth; userId: number; openid: string; binding: HouseBindingView }> {
  const openid = freshOpenid('pending');
  const { tokens, auth } = await loginAs(ctx, openid);
  const owner = await randomOwner(ctx);
  const res = await bind(auth, { roomId: owner.roomId, name: '冒名者', phone: '13312345678' });
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('pending');
  return { auth, userId: tokens.user.id, openid, binding: res.body };
}

describe('the house picker', () => {
  it('lists 阳光花园 among the projects', async () => {
    const res = await get('/api/projects');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.arrayContaining([{ id: projectId, name: DEMO_PROJECT }]));
    for (const project of res.body as NamedRef[]) expect(Object.keys(project).sort()).toEqual(['id', 'name']);
  });

  it('walks 3 buildings × 2 units × 20 rooms named 101…1002', async () => {
    const buildings = await get(`/api/projects/${projectId}/buildings`);
    expect(buildings.status).toBe(200);
    // The test helpers keep rooms of their own in TEST_BUILDING (support/api.ts): the seed's are the rest.
    const seeded = (buildings.body as NamedRef[]).filter((b) => b.name !== TEST_BUILDING);
    expect(seeded.map((b) => b.name)).toEqual(['1栋', '2栋', '3栋']);

    for (const building of seeded) {
      const units = await get(`/api/buildings/${building.id}/units`);
      expect(units.status).toBe(200);
      expect((units.body as NamedRef[]).map((u) => u.name)).toEqual(['1单元', '2单元']);

      for (const unit of units.body as NamedRef[]) {
        const rooms = await get(`/api/units/${unit.id}/rooms`);
        expect(rooms.status).toBe(200);
        const list = rooms.body as RoomView[];
        expect(list.map((room) => room.name)).toEqual(EXPECTED_ROOMS);
        // Floors ascending, and each room's floor is the one its name says.
        for (const room of list) {
          expect(Object.keys(room).sort()).toEqual(['floor', 'id', 'name']);
          expect(room.floor).toBe(Number(room.name.slice(0, -2)));
        }
      }
    }
  });

  it('answers the same walk to a staff member', async () => {
    const staff = (await loginAs(ctx, 'demo-repair-1')).auth;
    expect((await get(`/api/projects/${projectId}/buildings`, staff)).status).toBe(200);
  });

  it.each([
    ['/api/projects/999999999/buildings', '项目不存在或无权查看'],
    ['/api/projects/abc/buildings', '项目不存在或无权查看'],
    ['/api/projects/0/buildings', '项目不存在或无权查看'],
    ['/api/projects/-1/buildings', '项目不存在或无权查看'],
    ['/api/projects/1.5/buildings', '项目不存在或无权查看'],
    ['/api/projects/99999999999999999999/buildings', '项目不存在或无权查看'],
    ['/api/buildings/999999999/units', '楼栋不存在或无权查看'],
    ['/api/buildings/x1/units', '楼栋不存在或无权查看'],
    ['/api/units/999999999/rooms', '单元不存在或无权查看'],
    ['/api/units/abc/rooms', '单元不存在或无权查看'],
  ])('answers %s with 404 NOT_FOUND', async (url, message) => {
    expectApiError(await get(url), 404, 'NOT_FOUND', message);
  });

  it('needs a login', async () => {
    expectApiError(await ctx.http().get('/api/projects'), 401, 'UNAUTHENTICATED');
    expectApiError(await ctx.http().get(`/api/projects/${projectId}/buildings`), 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/house-bindings', () => {
  it('binds at once when WeChat verifies the register’s phone and the name matches, for a room nobody holds', async () => {
    const owner = await ownerOfRoom(ctx, '1栋', '1单元', '102');
    const { tokens, auth, phoneCode } = await residentWithPhone('bind', owner.phone);
    const res = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone, phoneCode });

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      status: 'bound',
      name: owner.name,
      phone: owner.phone,
      rejectReason: null,
      createdAt: expect.any(String),
      room: {
        id: owner.roomId,
        name: '102',
        floor: 1,
        unitName: '1单元',
        buildingName: '1栋',
        projectId,
        projectName: DEMO_PROJECT,
        label: '阳光花园 1栋 1单元 102',
      },
    });
    expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);

    const [row] = (await ctx.dataSource.query(
      'SELECT user_id AS userId, status, reviewed_at AS reviewedAt FROM house_binding WHERE id = ?',
      [res.body.id],
    )) as { userId: number; status: string; reviewedAt: Date | null }[];
    expect(row).toMatchObject({ userId: tokens.user.id, status: 'bound' });
    expect(row.reviewedAt).not.toBeNull();

    // The name and phone a new resident binds with become theirs, the phone as verified.
    const me = await ctx.http().get('/api/auth/me').set(auth);
    expect(me.body.user).toMatchObject({ id: tokens.user.id, name: owner.name, phone: owner.phone });
    const [user] = (await ctx.dataSource.query('SELECT phone_verified_at AS verifiedAt FROM `user` WHERE id = ?', [
      tokens.user.id,
    ])) as { verifiedAt: Date | null }[];
    expect(user.verifiedAt).not.toBeNull();
  });

  it('waits for review without a verified phone, even when name and phone match the register', async () => {
    const owner = await freshOwner(ctx);
    const { tokens, auth } = await loginAs(ctx, freshOpenid('bind-unverified'));
    const res = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', name: owner.name, phone: owner.phone, rejectReason: null });
    const [user] = (await ctx.dataSource.query('SELECT phone_verified_at AS verifiedAt FROM `user` WHERE id = ?', [
      tokens.user.id,
    ])) as { verifiedAt: Date | null }[];
    expect(user.verifiedAt).toBeNull();
  });

  it('labels a room on a high floor of another building correctly', async () => {
    const owner = await ownerOfRoom(ctx, '3栋', '2单元', '1002');
    const { auth, phoneCode } = await residentWithPhone('bind-high', owner.phone);
    const res = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone, phoneCode });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('bound');
    expect(res.body.room).toMatchObject({ name: '1002', floor: 10, label: '阳光花园 3栋 2单元 1002' });
  });

  it.each([
    ['name', (owner: { name: string; phone: string }) => ({ name: `${owner.name}X`, phone: owner.phone })],
    ['phone', (owner: { name: string; phone: string }) => ({ name: owner.name, phone: '13312345678' })],
  ])('waits for review when the %s does not match the register', async (_what, change) => {
    const owner = await ownerOfRoom(ctx, '2栋', '1单元', '302');
    const typed = change(owner);
    const { auth, phoneCode } = await residentWithPhone('bind-mismatch', typed.phone);
    const res = await bind(auth, { roomId: owner.roomId, ...typed, phoneCode });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'pending', rejectReason: null, room: { id: owner.roomId } });
  });

  it('returns the same binding when the resident binds the same room again', async () => {
    const owner = await ownerOfRoom(ctx, '1栋', '2单元', '502');
    const { tokens, auth, phoneCode } = await residentWithPhone('bind-again', owner.phone);
    const first = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone, phoneCode });
    const second = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('bound');
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await bindingCountOf(ctx, tokens.user.id)).toBe(1);
  });

  it('leaves an open (pending) binding unchanged when asked again alike, and corrects it in place when not', async () => {
    const owner = await ownerOfRoom(ctx, '1栋', '2单元', '601');
    const { tokens, auth } = await loginAs(ctx, freshOpenid('bind-pending-again'));
    const first = await bind(auth, { roomId: owner.roomId, name: '不是业主', phone: '13312345678' });
    const same = await bind(auth, { roomId: owner.roomId, name: '不是业主', phone: '13312345678' });
    expect(same.status).toBe(201);
    expect(same.body).toEqual(first.body);
    // Issue 12: other words are the resident's correction (修改), on the same claim.
    const second = await bind(auth, { roomId: owner.roomId, name: '另一个名字', phone: '13312345679' });
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ ...first.body, name: '另一个名字', phone: '13312345679' });
    expect(await bindingCountOf(ctx, tokens.user.id)).toBe(1);
  });

  it('answers simultaneous identical bind requests (a double tap) with the one binding', async () => {
    // The race is a matter of timing, so several residents each tap several times at once.
    for (let round = 0; round < 5; round++) {
      const owner = await freshOwner(ctx);
      const { tokens, auth } = await loginAs(ctx, freshOpenid('bind-race'));
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => bind(auth, { roomId: owner.roomId, name: owner.name, phone: owner.phone })),
      );
      expect(answers.map((answer) => `${answer.status} ${answer.body.code ?? answer.body.status}`)).toEqual(
        Array.from({ length: 8 }, () => '201 pending'),
      );
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await bindingCountOf(ctx, tokens.user.id)).toBe(1);
    }
  });

  it('binds a double tap with one phone code once; the twin that came too late is told to verify again', async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await freshOwner(ctx);
      const { tokens, auth, phoneCode } = await residentWithPhone('bind-race-code', owner.phone);
      const body = { roomId: owner.roomId, name: owner.name, phone: owner.phone, phoneCode };
      const answers = await Promise.all(Array.from({ length: 4 }, () => bind(auth, body)));
      const [row] = (await ctx.dataSource.query('SELECT id, status FROM house_binding WHERE user_id = ?', [
        tokens.user.id,
      ])) as { id: number; status: string }[];
      expect(row.status).toBe('bound');
      expect(await bindingCountOf(ctx, tokens.user.id)).toBe(1);
      for (const answer of answers) {
        if (answer.status === 201) expect(answer.body).toMatchObject({ id: Number(row.id), status: 'bound' });
        else expectValidation(answer, ['phoneCode']);
      }
      expect(answers.some((answer) => answer.status === 201)).toBe(true);
    }
  });

  describe('bad input, nothing stored', () => {
    let auth: Auth;
    let userId: number;
    let owner: Awaited<ReturnType<typeof randomOwner>>;
    beforeAll(async () => {
      const login = await loginAs(ctx, freshOpenid('bind-bad'));
      auth = login.auth;
      userId = login.tokens.user.id;
      owner = await randomOwner(ctx);
    });
    afterEach(async () => {
      expect(await bindingCountOf(ctx, userId)).toBe(0);
    });

    it('names a missing name', async () => {
      const res = await bind(auth, { roomId: owner.roomId, phone: owner.phone });
      expect(expectValidation(res, ['name']).details).toEqual([{ field: 'name', message: '请填写姓名' }]);
    });

    it('names a blank name', async () => {
      const res = await bind(auth, { roomId: owner.roomId, name: '   ', phone: owner.phone });
      expect(expectValidation(res, ['name']).details).toEqual([{ field: 'name', message: '请填写姓名' }]);
    });

    it('names a bad phone', async () => {
      const res = await bind(auth, { roomId: owner.roomId, name: owner.name, phone: '12345' });
      expect(expectValidation(res, ['phone']).details).toEqual([
        { field: 'phone', message: '手机号格式不正确，请填写 11 位手机号或带区号的座机' },
      ]);
    });

    it('names a non-numeric room id', async () => {
      const res = await bind(auth, { roomId: 'abc', name: owner.name, phone: owner.phone });
      expect(expectValidation(res, ['roomId']).details).toEqual([{ field: 'roomId', message: '房间无效' }]);
    });

    it('names every field of an empty body', async () => {
      const res = await bind(auth, {});
      expect(expectValidation(res, ['roomId', 'name', 'phone']).details).toEqual(
        expect.arrayContaining([
          { field: 'roomId', message: '请选择房间' },
          { field: 'name', message: '请填写姓名' },
          { field: 'phone', message: '请填写手机号' },
        ]),
      );
    });

    it('answers an unknown room with 404', async () => {
      const res = await bind(auth, { roomId: 999999999, name: owner.name, phone: owner.phone });
      expectApiError(res, 404, 'NOT_FOUND', '房间不存在或无权查看');
    });
  });
});

describe('GET /api/house-bindings/mine and /api/auth/me', () => {
  it('lists the resident’s houses, newest first, and only theirs', async () => {
    const { tokens, auth } = await loginAs(ctx, freshOpenid('mine'));
    const empty = await ctx.http().get('/api/house-bindings/mine').set(auth);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual([]);

    const first = await ownerOfRoom(ctx, '1栋', '1单元', '201');
    const second = await ownerOfRoom(ctx, '2栋', '2单元', '202');
    const phoneCode = await mintPhoneCode(ctx, tokens.user.openid, first.phone);
    const bound = await bind(auth, { roomId: first.roomId, name: first.name, phone: first.phone, phoneCode });
    const pending = await bind(auth, { roomId: second.roomId, name: first.name, phone: first.phone });
    expect(bound.body.status).toBe('bound');
    expect(pending.body.status).toBe('pending');

    const mine = await ctx.http().get('/api/house-bindings/mine').set(auth);
    expect(mine.status).toBe(200);
    expect((mine.body as HouseBindingView[]).map((b) => b.id)).toEqual([pending.body.id, bound.body.id]);
    expect(mine.body[1]).toEqual(bound.body);

    const me = await ctx.http().get('/api/auth/me').set(auth);
    expect(me.status).toBe(200);
    expect(me.body.houses).toEqual(mine.body);
    expect(me.body.houses[1].room.label).toBe('阳光花园 1栋 1单元 201');

    // Another resident sees none of them.
    const other = (await loginAs(ctx, freshOpenid('mine-other'))).auth;
    expect((await ctx.http().get('/api/house-bindings/mine').set(other)).body).toEqual([]);
  });
});

describe('receptionists review pending bindings', () => {
  it('lists pending bindings of their project, paginated', async () => {
    const { binding } = await pendingBinding();
    const res = await ctx.http().get('/api/house-bindings?status=pending').set(receptionist);
    expect(res.status).toBe(200);
    const page = res.body as Page<HouseBindingView>;
    expect(Object.keys(page).sort()).toEqual(['items', 'page', 'pageSize', 'total']);
    expect(page).toMatchObject({ page: 1, pageSize: 10 });
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items.length).toBe(Math.min(page.total, 10));
    for (const item of page.items) {
      expect(item.status).toBe('pending');
      expect(item.room.projectName).toBe(DEMO_PROJECT);
    }
    const found = await findInReview<HouseBindingView>(ctx, receptionist, binding.id, 'pending');
    expect(found).toMatchObject(binding);

    // Pending is the default status; the page size is honoured.
    const one = await ctx.http().get('/api/house-bindings?pageSize=1').set(receptionist);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0].status).toBe('pending');
    expect(one.body.total).toBeGreaterThanOrEqual(1);
  });

  it('lets a manager of the project list them too', async () => {
    const manager = (await loginAs(ctx, 'demo-manager-1')).auth;
    const { binding } = await pendingBinding();
    expect(await findInReview<HouseBindingView>(ctx, manager, binding.id, 'pending')).toMatchObject(binding);
  });

  it.each([
    ['status=done', 'status'],
    ['pageSize=500', 'pageSize'],
    ['page=0', 'page'],
    ['page=abc', 'page'],
  ])('answers ?%s with 400 on field %s', async (query, field) => {
    expectValidation(await ctx.http().get(`/api/house-bindings?${query}`).set(receptionist), [field]);
  });

  it('approves a pending binding once; a second decision is a conflict', async () => {
    const { auth, binding } = await pendingBinding();
    const approved = await ctx.http().post(`/api/house-bindings/${binding.id}/approve`).set(receptionist);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ ...binding, status: 'bound' });

    const [row] = (await ctx.dataSource.query(
      'SELECT status, reviewed_by_user_id AS reviewer, reviewed_at AS reviewedAt FROM house_binding WHERE id = ?',
      [binding.id],
    )) as { status: string; reviewer: number; reviewedAt: Date | null }[];
    expect(row).toMatchObject({ status: 'bound', reviewer: receptionistId });
    expect(row.reviewedAt).not.toBeNull();

    const mine = await ctx.http().get('/api/house-bindings/mine').set(auth);
    expect(mine.body[0]).toMatchObject({ id: binding.id, status: 'bound' });
    expect(await findInReview<HouseBindingView>(ctx, receptionist, binding.id, 'pending')).toBeUndefined();
    expect(await findInReview<HouseBindingView>(ctx, receptionist, binding.id, 'bound')).toMatchObject({
      id: binding.id,
      status: 'bound',
    });

    expectApiError(
      await ctx.http().post(`/api/house-bindings/${binding.id}/approve`).set(receptionist),
      409,
      'CONFLICT',
      '该绑定申请已被处理，请刷新后查看',
    );
    expectApiError(
      await ctx.http().post(`/api/house-bindings/${binding.id}/reject`).set(receptionist).send({ reason: '资料不符' }),
      409,
      'CONFLICT',
    );
  });

  it('lets only one of two receptionists deciding at once win', async () => {
    const { binding } = await pendingBinding();
    const manager = (await loginAs(ctx, 'demo-manager-1')).auth;
    const [a, b] = await Promise.all([
      ctx.http().post(`/api/house-bindings/${binding.id}/approve`).set(receptionist),
      ctx.http().post(`/api/house-bindings/${binding.id}/reject`).set(manager).send({ reason: '名册中没有此人' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('requires a reason to reject, and stores it', async () => {
    const { auth, binding } = await pendingBinding();
    const reject = (body: object) =>
      ctx.http().post(`/api/house-bindings/${binding.id}/reject`).set(receptionist).send(body);

    expect(expectValidation(await reject({}), ['reason']).details[0]).toEqual({
      field: 'reason',
      message: '请填写驳回原因',
    });
    expect(expectValidation(await reject({ reason: '否' }), ['reason']).details[0]).toEqual({
      field: 'reason',
      message: '驳回原因至少 2 个字',
    });
    expectValidation(await reject({ reason: '长'.repeat(201) }), ['reason']);
    // Refusals changed nothing.
    expect((await ctx.http().get('/api/house-bindings/mine').set(auth)).body[0].status).toBe('pending');

    const rejected = await reject({ reason: '  姓名与业主名册不符  ' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({ ...binding, status: 'rejected', rejectReason: '姓名与业主名册不符' });
    const [row] = (await ctx.dataSource.query(
      'SELECT status, reject_reason AS reason FROM house_binding WHERE id = ?',
      [binding.id],
    )) as { status: string; reason: string }[];
    expect(row).toEqual({ status: 'rejected', reason: '姓名与业主名册不符' });

    const mine = await ctx.http().get('/api/house-bindings/mine').set(auth);
    expect(mine.body[0]).toMatchObject({ id: binding.id, status: 'rejected', rejectReason: '姓名与业主名册不符' });
  });

  it('re-evaluates a rejected binding when the resident binds the room again', async () => {
    const { auth, openid, binding } = await pendingBinding();
    const rejected = await ctx
      .http()
      .post(`/api/house-bindings/${binding.id}/reject`)
      .set(receptionist)
      .send({ reason: '不符' });
    expect(rejected.status).toBe(200);

    const [owner] = (await ctx.dataSource.query(
      'SELECT name, phone FROM owner_register WHERE room_id = ? ORDER BY id LIMIT 1',
      [binding.room.id],
    )) as { name: string; phone: string }[];
    const phoneCode = await mintPhoneCode(ctx, openid, owner.phone);
    const again = await bind(auth, { roomId: binding.room.id, name: owner.name, phone: owner.phone, phoneCode });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: binding.id, status: 'bound', rejectReason: null, name: owner.name });
  });

  it('answers unknown or non-numeric binding ids with 404', async () => {
    expectApiError(
      await ctx.http().post('/api/house-bindings/999999999/approve').set(receptionist),
      404,
      'NOT_FOUND',
      '绑定申请不存在或无权查看',
    );
    expectApiError(await ctx.http().post('/api/house-bindings/abc/approve').set(receptionist), 404, 'NOT_FOUND');
    expectApiError(
      await ctx.http().post('/api/house-bindings/abc/reject').set(receptionist).send({ reason: '不符合' }),
      404,
      'NOT_FOUND',
    );
  });

  it.each([
    ['a staff worker', 'demo-repair-1'],
    ['a supervisor', 'demo-supervisor-1'],
  ])('refuses %s the review (403) and changes nothing', async (_who, openid) => {
    const { binding } = await pendingBinding();
    const auth = (await loginAs(ctx, openid)).auth;
    expectApiError(await ctx.http().post(`/api/house-bindings/${binding.id}/approve`).set(auth), 403, 'FORBIDDEN');
    expectApiError(
      await ctx.http().post(`/api/house-bindings/${binding.id}/reject`).set(auth).send({ reason: '不符合' }),
      403,
      'FORBIDDEN',
    );
    expectApiError(await ctx.http().get('/api/house-bindings').set(auth), 403, 'FORBIDDEN');
    const [row] = (await ctx.dataSource.query('SELECT status FROM house_binding WHERE id = ?', [binding.id])) as {
      status: string;
    }[];
    expect(row.status).toBe('pending');
  });

  it('refuses a resident approving their own binding', async () => {
    const { auth, binding } = await pendingBinding();
    expectApiError(await ctx.http().post(`/api/house-bindings/${binding.id}/approve`).set(auth), 403, 'FORBIDDEN');
  });
});
