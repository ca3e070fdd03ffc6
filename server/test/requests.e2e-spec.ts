import { randomBytes } from 'node:crypto';
import {
  availableActions,
  maskPhone,
  parseRequestNumber,
  shanghaiDateKey,
  type CategoryNode,
  type ListPage,
  type RequestDetail,
  type RequestSummary,
} from '@linli/shared';
import {
  boundResident,
  categoryByPath,
  complaintForm,
  DEMO_PROJECT,
  duringShanghaiDays,
  expectApiError,
  expectValidation,
  fileComplaint,
  freshOpenid,
  loginAs,
  randomOwner,
  requestCountOf,
  type Auth,
  type Resident,
} from './support/api';
import { createTestContext, type TestContext } from './support/test-app';

/** A resident files a complaint: numbering, routing to a department, the timeline, who may read it, and refusals. */

let ctx: TestContext;
let resident: Resident;
let receptionist: Auth;
let cleaning: CategoryNode;

beforeAll(async () => {
  ctx = await createTestContext();
  resident = await boundResident(ctx);
  receptionist = (await loginAs(ctx, 'demo-receptionist-1')).auth;
  cleaning = await categoryByPath(ctx, resident.auth, 'complaint', '环境管理', '保洁卫生');
});
afterAll(() => ctx.close());
afterEach(() => ctx.clock.reset());

const post = (auth: Auth, body: object) => ctx.http().post('/api/requests').set(auth).send(body);
const detailOf = (auth: Auth, id: number | string) => ctx.http().get(`/api/requests/${id}`).set(auth);

/** 当场解决 is offered to the request's registrar alone (none for a resident's own filing). */
const notOnSpot = (action: string) => action !== 'resolve_on_spot';

describe('GET /api/categories', () => {
  it('answers the complaint tree with default departments only where a node names its own', async () => {
    const res = await ctx.http().get('/api/categories?kind=complaint').set(resident.auth);
    expect(res.status).toBe(200);
    const roots = res.body as CategoryNode[];
    // The seeded roots, in their order (other suites may add categories of their own).
    const seeded = ['房屋管理', '设备管理', '安全管理', '环境管理', '综合服务', '业户纠纷', '地产相关'];
    expect(roots.map((node) => node.name).filter((name) => seeded.includes(name))).toEqual(seeded);
    for (const node of roots) expect(node.kind).toBe('complaint');
    const environment = roots.find((node) => node.name === '环境管理')!;
    expect(environment).toMatchObject({
      kind: 'complaint',
      defaultGrade: 'C',
      defaultDepartmentId: expect.any(Number),
    });
    const child = environment.children.find((node) => node.name === '保洁卫生')!;
    expect(child).toMatchObject({ defaultDepartmentId: null, children: [] });
    const leak = roots.find((node) => node.name === '房屋管理')!.children.find((node) => node.name === '房屋渗漏')!;
    expect(leak.defaultGrade).toBe('A');
  });

  it('answers a missing or unknown kind with 400 on field kind', async () => {
    expectValidation(await ctx.http().get('/api/categories').set(resident.auth), ['kind']);
    const res = await ctx.http().get('/api/categories?kind=praise').set(resident.auth);
    expect(expectValidation(res, ['kind']).details[0].message).toBe('类型只能是 complaint、repair 或 suggestion');
  });
});

describe('POST /api/requests', () => {
  it('files a complaint: numbered for today, received, routed, with one create event', async () => {
    const { result: res, days } = await duringShanghaiDays(
      () => ctx.clock.now(),
      () =>
        post(
          resident.auth,
          complaintForm(resident.binding.id, cleaning.id, {
            content: '  3号楼下垃圾桶满了三天没人清  ',
            occurredAt: '2026-01-05T09:30:00+08:00',
            occurredPlace: '3号楼下',
            demand: '每天清运',
            contactName: '王先生',
            contactPhone: '13912345678',
          }),
        ),
    );
    expect(res.status).toBe(201);
    const detail = res.body as RequestDetail;
    expect(detail.number).toMatch(/^TS\d{8}\d{4}$/);
    const parsed = parseRequestNumber(detail.number)!;
    expect(days).toContain(parsed.date);
    expect(parsed.sequence).toBeGreaterThanOrEqual(1);

    expect(detail).toMatchObject({
      id: expect.any(Number),
      kind: 'complaint',
      status: 'received',
      statusLabel: '待受理',
      categoryName: '保洁卫生',
      content: '3号楼下垃圾桶满了三天没人清',
      contentPreview: '3号楼下垃圾桶满了三天没人清',
      grade: 'C',
      gradeLabel: '一般投诉',
      source: 'mini_program',
      sourceLabel: '小程序',
      occurredAt: '2026-01-05T01:30:00.000Z',
      occurredPlace: '3号楼下',
      demand: '每天清运',
      contactName: '王先生',
      contactPhone: '13912345678',
      roomLabel: resident.binding.room.label,
      departmentName: '保洁部',
      actions: availableActions('received', 'resident'),
    });
    expect(new Date(detail.createdAt).toISOString()).toBe(detail.createdAt);

    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toEqual({
      id: expect.any(Number),
      action: 'create',
      actionLabel: '提交',
      actorName: expect.stringMatching(/\S/),
      actorRole: 'resident',
      actorRoleLabel: '业主',
      fromStatus: null,
      toStatus: 'received',
      note: '提交投诉（保洁卫生），已转保洁部',
      internal: false,
      photos: [],
      data: null,
      createdAt: detail.createdAt,
    });

    // What the resident reads back later is what the filing answered.
    const again = await detailOf(resident.auth, detail.id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(detail);

    const [row] = (await ctx.dataSource.query(
      'SELECT resident_user_id AS residentUserId, house_binding_id AS houseBindingId, project_id AS projectId, room_id AS roomId, created_by_user_id AS createdBy FROM request WHERE id = ?',
      [detail.id],
    )) as Record<string, number>[];
    expect(row).toEqual({
      residentUserId: resident.tokens.user.id,
      houseBindingId: resident.binding.id,
      projectId: resident.binding.room.projectId,
      roomId: resident.binding.room.id,
      createdBy: resident.tokens.user.id,
    });
  });

  it.each([
    [['环境管理', '保洁卫生'], '保洁部', 'C'],
    [['房屋管理', '房屋渗漏'], '工程维修部', 'A'],
  ])('routes %j to %s (own department or the parent’s), grade %s', async (path, department, grade) => {
    const category = await categoryByPath(ctx, resident.auth, 'complaint', ...path);
    const detail = await fileComplaint(ctx, resident, category.id);
    expect(detail).toMatchObject({ categoryName: path[path.length - 1], departmentName: department, grade });
    expect(detail.events[0].note).toBe(`提交投诉（${path[path.length - 1]}），已转${department}`);
  });

  // The demo has nobody to dispatch in these, and no suite adds anyone (issue 12): routed there, a
  // request would sit in a queue nobody owns, so it waits at the desk, and says where it was meant to go.
  it.each([
    [['环境管理', '绿化养护'], '绿化部'],
    [['设备管理', '给排水'], '机电部'],
    [['综合服务', '收费问题'], '管理费收缴组'],
  ])('routes %j to %s, which has nobody to dispatch: to the desk instead', async (path, department) => {
    const category = await categoryByPath(ctx, resident.auth, 'complaint', ...path);
    const detail = await fileComplaint(ctx, resident, category.id);
    expect(detail).toMatchObject({ categoryName: path[path.length - 1], departmentName: null });
    expect(detail.events[0].note).toBe(`提交投诉（${path[path.length - 1]}），${department}暂无可派人员，待客服分派`);
  });

  it('names the resident, not the contact person, as the actor of the create event', async () => {
    // A resident's name is the one they bound their house with; the token they hold was issued before that.
    const filer = await boundResident(ctx);
    expect((await ctx.http().get('/api/auth/me').set(filer.auth)).body.user.name).toBe(filer.owner.name);
    const detail = await fileComplaint(ctx, filer, cleaning.id, { contactName: '物业代联系人' });
    expect(detail.events[0]).toMatchObject({ actorName: filer.owner.name, actorRole: 'resident' });
  });

  it('takes the number’s date from the Asia/Shanghai calendar day', async () => {
    ctx.clock.set('2026-12-31T16:30:00Z');
    const newYear = await fileComplaint(ctx, resident, cleaning.id);
    expect(newYear.number).toMatch(/^TS20270101\d{4}$/);
    expect(newYear.createdAt).toBe('2026-12-31T16:30:00.000Z');
    expect(newYear.events[0].createdAt).toBe('2026-12-31T16:30:00.000Z');

    ctx.clock.set('2026-12-31T15:59:59.999Z');
    const oldYear = await fileComplaint(ctx, resident, cleaning.id);
    expect(oldYear.number).toMatch(/^TS20261231\d{4}$/);
  });

  it('accepts 500 characters of content and previews the first 40', async () => {
    const content = `${'很'.repeat(38)}长的投诉${'内'.repeat(458)}`;
    expect(content).toHaveLength(500);
    const detail = await fileComplaint(ctx, resident, cleaning.id, { content });
    expect(detail.content).toBe(content);
    expect(detail.contentPreview).toBe(`${content.slice(0, 40)}…`);
  });

  it('previews whole emoji and flags when one falls on the 40th character', async () => {
    const family = '👨‍👩‍👧‍👦';
    const filed = await fileComplaint(ctx, resident, cleaning.id, {
      content: `${'很'.repeat(39)}${family}${'内'.repeat(10)}`,
    });
    expect(filed.contentPreview).toBe(`${'很'.repeat(39)}${family}…`);
    const flags = await fileComplaint(ctx, resident, cleaning.id, { content: `${'很'.repeat(39)}🇨🇳🇺🇸😀` });
    expect(flags.contentPreview).toBe(`${'很'.repeat(39)}🇨🇳…`);
    for (const preview of [filed.contentPreview, flags.contentPreview]) {
      expect(preview).not.toContain('\uFFFD');
      expect(preview).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/);
    }
  });

  it('stores the optional fields as null when left out', async () => {
    const detail = await fileComplaint(ctx, resident, cleaning.id);
    expect(detail).toMatchObject({ occurredAt: null, occurredPlace: null, demand: null });
  });
});

describe('GET /api/requests/mine', () => {
  it('lists the resident’s requests newest first, paginated', async () => {
    const filer = await boundResident(ctx);
    const filed: RequestDetail[] = [];
    for (const content of ['第一条投诉内容', '第二条投诉内容', '第三条投诉内容']) {
      filed.push(await fileComplaint(ctx, filer, cleaning.id, { content }));
    }

    const first = await ctx.http().get('/api/requests/mine?page=1&pageSize=2').set(filer.auth);
    expect(first.status).toBe(200);
    const page1 = first.body as ListPage<RequestSummary>;
    expect(page1).toMatchObject({ total: 3, totalCapped: false, page: 1, pageSize: 2, next: expect.any(String) });
    expect(page1.items.map((item) => item.id)).toEqual([filed[2].id, filed[1].id]);
    expect(page1.items[0]).toEqual({
      id: filed[2].id,
      number: filed[2].number,
      kind: 'complaint',
      status: 'received',
      statusLabel: '待受理',
      categoryName: '保洁卫生',
      contentPreview: '第三条投诉内容',
      grade: 'C',
      roomLabel: expect.stringMatching(/^阳光花园 \d栋 \d单元 \d+$/),
      departmentName: '保洁部',
      assigneeName: null,
      callbackDueAt: null,
      round: 1,
      urgeCount: 0,
      urgent: false,
      infoRequest: null,
      contentFlagged: false,
      // Waiting to be passed on: the complaint's 10 minutes to dispatch run first.
      deadline: {
        step: 'dispatch',
        stepLabel: '派单',
        startAt: filed[2].createdAt,
        dueAt: new Date(Date.parse(filed[2].createdAt) + 10 * 60_000).toISOString(),
        doneAt: null,
        state: 'ok',
        stateLabel: '正常',
      },
      createdAt: filed[2].createdAt,
    });

    const second = await ctx.http().get('/api/requests/mine?page=2&pageSize=2').set(filer.auth);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2, next: null });
    expect((second.body as ListPage<RequestSummary>).items.map((item) => item.id)).toEqual([filed[0].id]);

    const beyond = await ctx.http().get('/api/requests/mine?page=3&pageSize=2').set(filer.auth);
    expect(beyond.body).toEqual({ items: [], next: null, total: 3, totalCapped: false, page: 3, pageSize: 2 });

    const defaults = await ctx.http().get('/api/requests/mine').set(filer.auth);
    expect(defaults.body).toMatchObject({ total: 3, page: 1, pageSize: 10, next: null });
    expect(defaults.body.items).toHaveLength(3);
  });

  it('pages on by cursor: the next page starts after the last row, the last page has no next', async () => {
    const filer = await boundResident(ctx);
    const filed: RequestDetail[] = [];
    for (const content of ['游标翻页第一条', '游标翻页第二条', '游标翻页第三条']) {
      filed.push(await fileComplaint(ctx, filer, cleaning.id, { content }));
    }
    const first = (await ctx.http().get('/api/requests/mine?pageSize=2').set(filer.auth).expect(200))
      .body as ListPage<RequestSummary>;
    expect(first.items.map((item) => item.id)).toEqual([filed[2].id, filed[1].id]);
    const cursor = first.next!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    // A request filed meanwhile does not shift the pages already read.
    await fileComplaint(ctx, filer, cleaning.id, { content: '翻页中间新提交的' });
    const second = (await ctx.http().get(`/api/requests/mine?pageSize=2&cursor=${cursor}`).set(filer.auth).expect(200))
      .body as ListPage<RequestSummary>;
    expect(second).toMatchObject({ page: null, pageSize: 2, next: null, total: 4, totalCapped: false });
    expect(second.items.map((item) => item.id)).toEqual([filed[0].id]);
  });

  it.each([
    ['cursor=not*base64', 'cursor'],
    [`cursor=${Buffer.from('[1,"x"]').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('{}').toString('base64url')}`, 'cursor'],
    ['page=102&pageSize=10', 'page'],
  ])('refuses %s with a message on %s', async (query, field) => {
    const resident = await boundResident(ctx);
    expectValidation(await ctx.http().get(`/api/requests/mine?${query}`).set(resident.auth), [field]);
  });

  it('answers an empty page to a new resident', async () => {
    const { auth } = await loginAs(ctx, freshOpenid('nobody'));
    const res = await ctx.http().get('/api/requests/mine').set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], next: null, total: 0, totalCapped: false, page: 1, pageSize: 10 });
  });

  it.each([
    ['page=0', 'page'],
    ['pageSize=51', 'pageSize'],
    ['pageSize=x', 'pageSize'],
  ])('answers ?%s with 400 on field %s', async (query, field) => {
    expectValidation(await ctx.http().get(`/api/requests/mine?${query}`).set(resident.auth), [field]);
  });
});

describe('GET /api/requests/:id', () => {
  let filed: RequestDetail;
  beforeAll(async () => {
    filed = await fileComplaint(ctx, resident, cleaning.id, { contactPhone: '13800138000' });
  });

  it('hides another resident’s request as not found', async () => {
    const other = await boundResident(ctx);
    expectApiError(await detailOf(other.auth, filed.id), 404, 'NOT_FOUND', '诉求不存在或无权查看');
  });

  it('opens it to a receptionist of the project, with the phone and the desk’s actions', async () => {
    const res = await detailOf(receptionist, filed.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: filed.id, number: filed.number, contactPhone: '13800138000' });
    // 当场解决 is the registrar's own; the resident filed this one.
    expect(res.body.actions).toEqual(availableActions('received', 'receptionist').filter(notOnSpot));
    expect(res.body.actions).toEqual(expect.arrayContaining(['accept', 'rule_invalid', 'cancel']));
    expect(res.body.events).toEqual(filed.events);
  });

  it('opens it to the project manager with the phone', async () => {
    const manager = (await loginAs(ctx, 'demo-manager-1')).auth;
    const res = await detailOf(manager, filed.id);
    expect(res.status).toBe(200);
    expect(res.body.contactPhone).toBe('13800138000');
    expect(res.body.actions).toEqual(availableActions('received', 'manager').filter(notOnSpot));
  });

  it('masks the phone for a staff member not handling it', async () => {
    const staff = (await loginAs(ctx, 'demo-repair-1')).auth;
    const res = await detailOf(staff, filed.id);
    expect(res.status).toBe(200);
    expect(res.body.contactPhone).toBe(maskPhone('13800138000'));
    expect(res.body.contactPhone).toBe('138****8000');
    // Not their task: only an internal note, not the assignee's 请业主补充 or 答复.
    expect(res.body.actions).toEqual(
      availableActions('received', 'staff').filter(
        (action) => action !== 'ask_info' && action !== 'reply' && notOnSpot(action),
      ),
    );
    expect(res.body.actions).toEqual(['note']);
  });

  it('shows the resident their own actions', async () => {
    const res = await detailOf(resident.auth, filed.id);
    expect(res.body.actions).toEqual(['cancel', 'urge', 'add_info']);
  });

  it.each(['abc', '0', '-3', '1e3', '999999999'])('answers id %s with 404', async (id) => {
    expectApiError(await detailOf(resident.auth, id), 404, 'NOT_FOUND', '诉求不存在或无权查看');
  });

  it('needs a login', async () => {
    expectApiError(await ctx.http().get(`/api/requests/${filed.id}`), 401, 'UNAUTHENTICATED');
  });
});

describe('refused filings store nothing', () => {
  let filer: Resident;
  let before: number;
  beforeAll(async () => {
    filer = await boundResident(ctx);
  });
  beforeEach(async () => {
    before = await requestCountOf(ctx, filer.tokens.user.id);
  });
  afterEach(async () => {
    expect(await requestCountOf(ctx, filer.tokens.user.id)).toBe(before);
  });

  const form = (overrides: Record<string, unknown> = {}) => ({
    ...complaintForm(filer.binding.id, cleaning.id),
    ...overrides,
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await ctx
      .http()
      .post('/api/requests')
      .set(filer.auth)
      .set('Content-Type', 'application/json')
      .send('{"kind": "complaint", "content": "楼道');
    expectApiError(res, 400, 'MALFORMED_JSON', '请求体不是合法的 JSON');
  });

  it('treats an empty JSON body as no body and names the missing fields', async () => {
    const res = await ctx.http().post('/api/requests').set(filer.auth).set('Content-Type', 'application/json').send('');
    expectValidation(res, ['kind', 'houseBindingId', 'categoryId', 'content', 'contactName', 'contactPhone']);
  });

  it('answers a JSON body that is not an object with 400 on (body), in Chinese', async () => {
    const res = await ctx.http().post('/api/requests').set(filer.auth).send([form()]);
    expectValidation(res, ['(body)']);
  });

  it('answers a body larger than 1 MB with 413', async () => {
    expectApiError(await post(filer.auth, form({ content: '长'.repeat(400_000) })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('names every missing field', async () => {
    const res = await post(filer.auth, { kind: 'complaint' });
    expect(
      expectValidation(res, ['houseBindingId', 'categoryId', 'content', 'contactName', 'contactPhone']).details,
    ).toEqual(
      expect.arrayContaining([
        { field: 'houseBindingId', message: '请选择房屋' },
        { field: 'categoryId', message: '请选择投诉分类' },
        { field: 'content', message: '请填写投诉内容' },
        { field: 'contactName', message: '请填写联系人' },
        { field: 'contactPhone', message: '请填写联系电话' },
      ]),
    );
  });

  it('names every field of an empty object, kind included', async () => {
    const res = await post(filer.auth, {});
    expectValidation(res, ['kind', 'houseBindingId', 'categoryId', 'content', 'contactName', 'contactPhone']);
  });

  it('refuses content of 4 characters', async () => {
    const res = await post(filer.auth, form({ content: '太吵了啊' }));
    expect(expectValidation(res, ['content']).details).toEqual([{ field: 'content', message: '投诉内容至少 5 个字' }]);
  });

  it('refuses content that is 5 characters only with its blanks', async () => {
    const res = await post(filer.auth, form({ content: '  太吵了  ' }));
    expect(expectValidation(res, ['content']).details).toEqual([{ field: 'content', message: '投诉内容至少 5 个字' }]);
  });

  it('refuses content of 501 characters', async () => {
    const res = await post(filer.auth, form({ content: '吵'.repeat(501) }));
    expect(expectValidation(res, ['content']).details).toEqual([
      { field: 'content', message: '投诉内容不能超过 500 个字' },
    ]);
  });

  it('refuses a bad phone, a future time and a foreign kind, naming each', async () => {
    const res = await post(
      filer.auth,
      form({ contactPhone: '12345', occurredAt: '2999-01-01T00:00:00Z', kind: 'praise' }),
    );
    expect(expectValidation(res, ['contactPhone', 'occurredAt', 'kind']).details).toEqual(
      expect.arrayContaining([
        { field: 'occurredAt', message: '发生时间不能晚于现在' },
        { field: 'kind', message: '诉求类型无效' },
      ]),
    );
  });

  it('refuses ids of the wrong type', async () => {
    const res = await post(filer.auth, form({ houseBindingId: '1', categoryId: 'abc' }));
    expect(expectValidation(res, ['houseBindingId', 'categoryId']).details).toEqual(
      expect.arrayContaining([{ field: 'categoryId', message: '投诉分类无效' }]),
    );
  });

  it('answers an unknown category with 404', async () => {
    expectApiError(await post(filer.auth, form({ categoryId: 999999999 })), 404, 'NOT_FOUND', '分类不存在或无权查看');
  });

  it('refuses a parent category on field categoryId', async () => {
    const parent = await categoryByPath(ctx, filer.auth, 'complaint', '环境管理');
    const res = await post(filer.auth, form({ categoryId: parent.id }));
    expect(expectValidation(res, ['categoryId']).details[0].message).toBe('请在“环境管理”下选择更具体的分类');
  });

  it('answers a repair category used for a complaint with 404', async () => {
    const repair = await categoryByPath(ctx, filer.auth, 'repair', '入户维修', '水电维修');
    expectApiError(await post(filer.auth, form({ categoryId: repair.id })), 404, 'NOT_FOUND', '分类不存在或无权查看');
  });

  it('answers another resident’s house with 404', async () => {
    const other = await boundResident(ctx);
    expectApiError(
      await post(filer.auth, form({ houseBindingId: other.binding.id })),
      404,
      'NOT_FOUND',
      '房屋不存在或无权查看',
    );
  });

  it('answers an unknown house with 404', async () => {
    expectApiError(await post(filer.auth, form({ houseBindingId: 999999999 })), 404, 'NOT_FOUND');
  });

  it('refuses a house still pending review on field houseBindingId', async () => {
    const owner = await randomOwner(ctx);
    const pending = await ctx
      .http()
      .post('/api/house-bindings')
      .set(filer.auth)
      .send({ roomId: owner.roomId, name: '未核实的人', phone: '13312345678' });
    expect(pending.body.status).toBe('pending');
    const res = await post(filer.auth, form({ houseBindingId: pending.body.id }));
    expect(expectValidation(res, ['houseBindingId']).details[0].message).toBe('该房屋尚在审核中，审核通过后才能提交');
  });

  it('refuses a rejected house on field houseBindingId', async () => {
    const owner = await randomOwner(ctx);
    const pending = await ctx
      .http()
      .post('/api/house-bindings')
      .set(filer.auth)
      .send({ roomId: owner.roomId, name: '被驳回的人', phone: '13312345677' });
    expect(pending.body.status).toBe('pending');
    const rejected = await ctx
      .http()
      .post(`/api/house-bindings/${pending.body.id}/reject`)
      .set(receptionist)
      .send({ reason: '名册不符' });
    expect(rejected.status).toBe(200);
    const res = await post(filer.auth, form({ houseBindingId: pending.body.id }));
    expect(expectValidation(res, ['houseBindingId']).details[0].message).toBe('该房屋绑定未通过审核');
  });

  it('refuses a receptionist filing as a resident (403)', async () => {
    expectApiError(await post(receptionist, form()), 403, 'FORBIDDEN');
  });

  it('refuses an anonymous filing (401)', async () => {
    expectApiError(await ctx.http().post('/api/requests').send(form()), 401, 'UNAUTHENTICATED');
  });
});

describe('a second project', () => {
  let projectId: number;
  let projectName: string;
  let otherResident: Resident;
  let request: RequestDetail;

  /** A project with one room and its owner, written straight to the database. */
  async function insertProject(): Promise<{
    roomId: number;
    owner: { name: string; phone: string };
    ownerRowId: number;
  }> {
    projectName = `测试小区${randomBytes(3).toString('hex')}`;
    const [company] = (await ctx.dataSource.query('SELECT company_id AS id FROM project WHERE name = ?', [
      DEMO_PROJECT,
    ])) as {
      id: number;
    }[];
    const insert = async (sql: string, params: unknown[]) =>
      Number(((await ctx.dataSource.query(sql, params)) as { insertId: number }).insertId);
    projectId = await insert(
      "INSERT INTO project (company_id, name, kind, area_sqm) VALUES (?, ?, 'residential', 30000)",
      [company.id, projectName],
    );
    const buildingId = await insert('INSERT INTO building (project_id, name, sort) VALUES (?, ?, 1)', [
      projectId,
      'A座',
    ]);
    const unitId = await insert('INSERT INTO unit (building_id, name, sort) VALUES (?, ?, 1)', [buildingId, '1单元']);
    const roomId = await insert(
      'INSERT INTO room (project_id, building_id, unit_id, floor, name) VALUES (?, ?, ?, 8, ?)',
      [projectId, buildingId, unitId, '801'],
    );
    const owner = { name: '欧阳娜娜', phone: '13655550801' };
    const ownerRowId = await insert(
      "INSERT INTO owner_register (room_id, name, phone, relation) VALUES (?, ?, ?, 'owner')",
      [roomId, owner.name, owner.phone],
    );
    return { roomId, owner, ownerRowId };
  }

  beforeAll(async () => {
    const { roomId, owner, ownerRowId } = await insertProject();
    try {
      otherResident = await boundResident(ctx, { roomId, ...owner });
    } finally {
      // Other suites pick random owners; this one should not be among them for long.
      await ctx.dataSource.query('DELETE FROM owner_register WHERE id = ?', [ownerRowId]);
    }
    request = await fileComplaint(ctx, otherResident, cleaning.id);
  });

  it('lists its buildings, units and rooms', async () => {
    const buildings = await ctx.http().get(`/api/projects/${projectId}/buildings`).set(otherResident.auth);
    expect(buildings.status).toBe(200);
    expect(buildings.body).toEqual([{ id: expect.any(Number), name: 'A座' }]);
    const units = await ctx.http().get(`/api/buildings/${buildings.body[0].id}/units`).set(otherResident.auth);
    expect(units.body).toEqual([{ id: expect.any(Number), name: '1单元' }]);
    const rooms = await ctx.http().get(`/api/units/${units.body[0].id}/rooms`).set(otherResident.auth);
    expect(rooms.body).toEqual([{ id: otherResident.binding.room.id, name: '801', floor: 8 }]);
    const projects = await ctx.http().get('/api/projects').set(otherResident.auth);
    expect(projects.body).toEqual(expect.arrayContaining([{ id: projectId, name: projectName }]));
  });

  it('binds and files there with that project’s labels', async () => {
    expect(otherResident.binding.room).toMatchObject({ projectId, projectName, label: `${projectName} A座 1单元 801` });
    // Nobody of 保洁部 serves this project: it waits at the desk there (issue 12).
    expect(request).toMatchObject({
      roomLabel: `${projectName} A座 1单元 801`,
      departmentName: null,
      status: 'received',
    });
    expect(request.events[0].note).toBe('提交投诉（保洁卫生），保洁部暂无可派人员，待客服分派');
    expect((await detailOf(otherResident.auth, request.id)).status).toBe(200);
  });

  it('hides its requests from the staff of 阳光花园', async () => {
    expectApiError(await detailOf(receptionist, request.id), 404, 'NOT_FOUND', '诉求不存在或无权查看');
    const manager = (await loginAs(ctx, 'demo-manager-1')).auth;
    expectApiError(await detailOf(manager, request.id), 404, 'NOT_FOUND');
    const staff = (await loginAs(ctx, 'demo-repair-1')).auth;
    expectApiError(await detailOf(staff, request.id), 404, 'NOT_FOUND');
  });

  it('keeps its pending bindings out of the 阳光花园 receptionist’s reach', async () => {
    const { auth } = await loginAs(ctx, freshOpenid('other-pending'));
    const pending = await ctx
      .http()
      .post('/api/house-bindings')
      .set(auth)
      .send({ roomId: otherResident.binding.room.id, name: '不认识的人', phone: '13312340000' });
    expect(pending.body.status).toBe('pending');

    expectApiError(
      await ctx.http().post(`/api/house-bindings/${pending.body.id}/approve`).set(receptionist),
      404,
      'NOT_FOUND',
      '绑定申请不存在或无权查看',
    );
    const list = await ctx.http().get('/api/house-bindings?status=pending&pageSize=50').set(receptionist);
    expect(list.status).toBe(200);
    for (const item of list.body.items) expect(item.room.projectId).not.toBe(projectId);
    const [row] = (await ctx.dataSource.query('SELECT status FROM house_binding WHERE id = ?', [pending.body.id])) as {
      status: string;
    }[];
    expect(row.status).toBe('pending');
  });
});

describe('the number’s day', () => {
  it('is today in Asia/Shanghai by the server clock', async () => {
    const detail = await fileComplaint(ctx, resident, cleaning.id);
    const today = shanghaiDateKey(ctx.clock.now());
    const parsed = parseRequestNumber(detail.number)!;
    // Around midnight the clock may have moved on between filing and this line.
    expect([today, shanghaiDateKey(new Date(ctx.clock.now().getTime() - 60_000))]).toContain(parsed.date);
    expect(parsed.prefix).toBe('TS');
  });
});
