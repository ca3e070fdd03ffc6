import { URGE_INTERVAL_MS, type Page, type RequestDetail, type RequestSummary } from '@linli/shared';
import {
  act,
  actOk,
  DAY_MS,
  demoStaff,
  departmentByCode,
  detailField,
  detailOf,
  expectEvent,
  expectRefusal,
  expectStep,
  fileRequest,
  complaintOf,
  get,
  idsIn,
  insertCategory,
  insertDepartment,
  insertProject,
  insertStaff,
  lastEvent,
  photoIdsOf,
  plus,
  post,
  projectIdOf,
  repairForm,
  residentPerson,
  residentWithOwnPhone,
  retireCategories,
  rowState,
  runSteps,
  seededCategory,
  uploadPhotos,
  type DepartmentRow,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * The branches of the lifecycle: return, transfer, reassign, pause, cancel, urge, the paid-repair
 * quote, the unsatisfied second round, phone intake with its callback, and the invalid ruling.
 */

let ctx: TestContext;
let receptionist: Person;
let worker: Person;
let supervisor: Person;
let manager: Person;
let engineering: DepartmentRow;
let security: DepartmentRow;
let repairCategoryId: number;
let complaintCategoryId: number;
/** Files most of this suite's requests; tests that read the resident's own lists have their own. */
let resident: ResidentPerson;
let stranger: ResidentPerson;
const ownCategories: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, worker, supervisor, manager } = await demoStaff(ctx));
  engineering = await departmentByCode(ctx, 'engineering');
  security = await departmentByCode(ctx, 'security');
  repairCategoryId = (await seededCategory(ctx, receptionist, 'repair', '入户维修', '水电维修')).id;
  complaintCategoryId = (await seededCategory(ctx, receptionist, 'complaint', '房屋管理', '装修管理')).id;
  [resident, stranger] = [await residentPerson(ctx), await residentPerson(ctx)];
});
afterAll(async () => {
  await retireCategories(ctx, ownCategories);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

/** An in-home repair of a new resident, routed to 工程维修部 and walked to `status`. */
async function repairAt(
  status: 'received' | 'accepted' | 'dispatched' | 'taken' | 'in_progress' | 'resolved',
  options: { resident?: ResidentPerson; assignee?: Person } = {},
): Promise<{ resident: ResidentPerson; detail: RequestDetail }> {
  const owner = options.resident ?? resident;
  const assignee = options.assignee ?? worker;
  let detail = await fileRequest(ctx, owner, repairForm(owner, repairCategoryId));
  const path: [Person, Parameters<typeof actOk>[3], object?][] = [
    [receptionist, 'accept'],
    [receptionist, 'dispatch', { assigneeUserId: assignee.userId }],
    [assignee, 'take'],
    [assignee, 'start'],
    [assignee, 'complete', { note: '已修复' }],
  ];
  const order = ['received', 'accepted', 'dispatched', 'taken', 'in_progress', 'resolved'];
  detail = order.indexOf(status) > 0 ? await runSteps(ctx, detail.id, path.slice(0, order.indexOf(status))) : detail;
  expect(detail.status).toBe(status);
  return { resident: owner, detail };
}

describe('return (退单)', () => {
  it.each(['dispatched', 'taken'] as const)(
    'the assignee returns a %s task with a reason: back to accepted, nobody assigned',
    async (status) => {
      const { detail } = await repairAt(status);
      expect(await idsIn(ctx, worker, '/api/tasks?tab=pending')).toEqual(
        status === 'dispatched' ? expect.arrayContaining([detail.id]) : expect.not.arrayContaining([detail.id]),
      );
      const returned = await actOk(ctx, worker, detail.id, 'return', { note: '需要持证电工，不是我的工种' });
      expectStep(returned, detail, {
        action: 'return',
        by: worker,
        from: status,
        to: 'accepted',
        note: '需要持证电工，不是我的工种',
      });
      expect(returned).toMatchObject({ assignee: null, assigneeName: null, departmentName: '工程维修部' });
      expect(await idsIn(ctx, worker, '/api/tasks?tab=pending')).not.toContain(detail.id);
      expect(await idsIn(ctx, worker, '/api/tasks?tab=active')).not.toContain(detail.id);
      // Back in the supervisor's queue, ready for someone else.
      expect(await idsIn(ctx, supervisor, `/api/requests?status=accepted&departmentId=${engineering.id}`)).toContain(
        detail.id,
      );
    },
  );

  it('in an auto department, a returned task goes to another on-duty member, not back to whoever returned it', async () => {
    const auto = await insertDepartment(ctx, '退单自动部', 'auto');
    const first = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '退单甲' });
    const second = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '退单乙' });
    const category = await insertCategory(ctx, 'repair', auto.id, 'E');
    ownCategories.push(category.id);
    const filed = await fileRequest(ctx, resident, repairForm(resident, category.id));
    const dispatched = await actOk(ctx, receptionist, filed.id, 'accept');
    expect(dispatched.assignee?.userId).toBe(first.userId);

    const returned = await actOk(ctx, first, filed.id, 'return', { note: '这个型号我不会修' });
    const [back, again] = returned.events.slice(-2);
    expectEvent(back, { action: 'return', by: first, from: 'dispatched', to: 'accepted' });
    expectEvent(again, { action: 'dispatch', by: 'system', from: 'accepted', to: 'dispatched' });
    expect({ assignee: returned.assignee?.name }).toEqual({ assignee: second.name });
  });

  it('needs a reason (400 on note) and changes nothing', async () => {
    const { detail } = await repairAt('dispatched');
    const before = await rowState(ctx, detail.id);
    const res = await act(ctx, worker, detail.id, 'return', {});
    expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['note']);
    expect(await rowState(ctx, detail.id)).toEqual(before);
  });
});

describe('transfer (转部门)', () => {
  it('the assignee transfers to another department with a reason: accepted there, nobody assigned', async () => {
    const { detail } = await repairAt('taken');
    const transferred = await actOk(ctx, worker, detail.id, 'transfer', {
      departmentId: security.id,
      note: '属于消防设施，应由秩序维护部处理',
    });
    const event = expectStep(transferred, detail, {
      action: 'transfer',
      by: worker,
      from: 'taken',
      to: 'accepted',
      note: '属于消防设施，应由秩序维护部处理',
    });
    expect(event.data).toEqual({ departmentId: security.id, departmentName: '秩序维护部' });
    expect(transferred).toMatchObject({ departmentName: '秩序维护部', assignee: null });
    expect(await idsIn(ctx, worker, '/api/tasks?tab=active')).not.toContain(detail.id);
    expect(await idsIn(ctx, receptionist, `/api/requests?status=accepted&departmentId=${security.id}`)).toContain(
      detail.id,
    );
  });

  it('into a department in auto mode: dispatched there at once', async () => {
    const auto = await insertDepartment(ctx, '转入自动部', 'auto');
    const member = await insertStaff(ctx, { role: 'staff', departmentId: auto.id, name: '自动部师傅' });
    const { detail } = await repairAt('in_progress');
    const moved = await actOk(ctx, worker, detail.id, 'transfer', {
      departmentId: auto.id,
      note: '燃气管道归机电处理',
    });
    expect(moved).toMatchObject({
      status: 'dispatched',
      departmentName: auto.name,
      assignee: { userId: member.userId },
    });
    expect(moved.version).toBe(detail.version + 2);
    const [transfer, dispatch] = moved.events.slice(-2);
    expectEvent(transfer, { action: 'transfer', by: worker, from: 'in_progress', to: 'accepted' });
    expectEvent(dispatch, { action: 'dispatch', by: 'system', from: 'accepted', to: 'dispatched' });
    expect(await idsIn(ctx, member, '/api/tasks?tab=pending')).toEqual([detail.id]);
  });

  it('the desk transfers an accepted request; a staff member who is not the assignee may not (403)', async () => {
    const { detail } = await repairAt('accepted');
    const moved = await actOk(ctx, receptionist, detail.id, 'transfer', {
      departmentId: security.id,
      note: '分类选错了',
    });
    expectStep(moved, detail, { action: 'transfer', by: receptionist, from: 'accepted', to: 'accepted' });

    const other = await repairAt('dispatched');
    const colleague = await insertStaff(ctx, { role: 'staff', departmentId: engineering.id, name: '同组维修工' });
    const before = await rowState(ctx, other.detail.id);
    expectRefusal(
      await act(ctx, colleague, other.detail.id, 'transfer', { departmentId: security.id, note: '不想干' }),
      403,
      'FORBIDDEN',
    );
    expect(await rowState(ctx, other.detail.id)).toEqual(before);
  });
});

describe('reassign (改派)', () => {
  let colleague: Person;
  let otherSupervisor: Person;
  beforeAll(async () => {
    colleague = await insertStaff(ctx, {
      role: 'staff',
      departmentId: engineering.id,
      name: '改派接手人',
      title: '木工',
    });
    otherSupervisor = await insertStaff(ctx, { role: 'supervisor', departmentId: security.id, name: '秩序主管' });
  });

  it.each(['dispatched', 'in_progress'] as const)(
    'the department’s supervisor reassigns a %s task to another member',
    async (status) => {
      const { detail } = await repairAt(status);
      const moved = await actOk(ctx, supervisor, detail.id, 'reassign', { assigneeUserId: colleague.userId });
      const event = expectStep(moved, detail, {
        action: 'reassign',
        by: supervisor,
        from: status,
        to: 'dispatched',
        note: `派给 ${colleague.name}（木工）`,
      });
      expect(event.data).toEqual({ assigneeUserId: colleague.userId, assigneeName: colleague.name });
      expect(moved.assignee).toMatchObject({ userId: colleague.userId, title: '木工' });
      expect(await idsIn(ctx, colleague, '/api/tasks?tab=pending')).toContain(detail.id);
      expect(await idsIn(ctx, worker, '/api/tasks?tab=pending')).not.toContain(detail.id);
      expect(await idsIn(ctx, worker, '/api/tasks?tab=active')).not.toContain(detail.id);
    },
  );

  it('a supervisor of another department may not (403), and nothing changes', async () => {
    const { detail } = await repairAt('taken');
    expect((await detailOf(ctx, otherSupervisor, detail.id)).actions).not.toContain('reassign');
    const before = await rowState(ctx, detail.id);
    expectRefusal(
      await act(ctx, otherSupervisor, detail.id, 'reassign', { assigneeUserId: colleague.userId }),
      403,
      'FORBIDDEN',
    );
    expect(await rowState(ctx, detail.id)).toEqual(before);
  });

  it('a staff member may not reassign at all (403)', async () => {
    const { detail } = await repairAt('dispatched');
    expectRefusal(
      await act(ctx, worker, detail.id, 'reassign', { assigneeUserId: colleague.userId }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('pause / resume (挂起)', () => {
  it('pauses with a reason and resumes', async () => {
    const { resident, detail } = await repairAt('in_progress');
    expectRefusal(await act(ctx, worker, detail.id, 'pause', { note: '' }), 400, 'VALIDATION_FAILED');
    const paused = await actOk(ctx, worker, detail.id, 'pause', { note: '等待厂家配件，预计三天' });
    expectStep(paused, detail, {
      action: 'pause',
      by: worker,
      from: 'in_progress',
      to: 'on_hold',
      note: '等待厂家配件，预计三天',
    });
    expect(paused.statusLabel).toBe('已挂起');
    expect(paused.actions).toEqual(['resume', 'ask_info', 'reply', 'note']);
    expect(await idsIn(ctx, worker, '/api/tasks?tab=active')).toContain(detail.id);
    // Nothing else moves it while it is on hold.
    expectRefusal(await act(ctx, worker, detail.id, 'complete', { note: '已修复' }), 409, 'INVALID_TRANSITION');
    // The resident reads the reason on the timeline.
    expect(lastEvent(await detailOf(ctx, resident, detail.id))).toMatchObject({
      action: 'pause',
      note: '等待厂家配件，预计三天',
    });

    const resumed = await actOk(ctx, worker, detail.id, 'resume', { note: '配件已到' });
    expectStep(resumed, paused, { action: 'resume', by: worker, from: 'on_hold', to: 'in_progress', note: '配件已到' });
    await actOk(ctx, worker, detail.id, 'complete', { note: '已更换配件' });
  });

  it('the department’s supervisor may resume a task paused by the worker', async () => {
    const { detail } = await repairAt('in_progress');
    await actOk(ctx, worker, detail.id, 'pause', { note: '业主不在家' });
    const resumed = await actOk(ctx, supervisor, detail.id, 'resume');
    expect(lastEvent(resumed)).toMatchObject({ action: 'resume', actorRole: 'supervisor' });
    expect(resumed.assignee?.userId).toBe(worker.userId);
  });
});

describe('add information (补充说明)', () => {
  it('the resident adds a note while work goes on: on the timeline for the handler, status unchanged', async () => {
    const { resident, detail } = await repairAt('in_progress');
    const added = await actOk(ctx, resident, detail.id, 'add_info', { note: '补充：阀门在橱柜最里面' });
    expectStep(added, detail, {
      action: 'add_info',
      by: resident,
      from: 'in_progress',
      to: 'in_progress',
      note: '补充：阀门在橱柜最里面',
    });
    expect(lastEvent(await detailOf(ctx, worker, detail.id))).toMatchObject({
      action: 'add_info',
      note: '补充：阀门在橱柜最里面',
      internal: false,
    });
  });

  it('the handler asks the resident (请业主补充): pinned and under 待我处理 until the resident answers', async () => {
    const owner = await residentPerson(ctx);
    const { detail } = await repairAt('in_progress', { resident: owner });
    const colleague = await insertStaff(ctx, { role: 'staff', departmentId: engineering.id, name: '旁组维修工' });
    expectRefusal(await act(ctx, colleague, detail.id, 'ask_info', { note: '请拍照' }), 403, 'FORBIDDEN');
    expectRefusal(await act(ctx, worker, detail.id, 'ask_info', {}), 400, 'VALIDATION_FAILED');

    const asked = await actOk(ctx, worker, detail.id, 'ask_info', { note: '请拍一张热水器铭牌的照片' });
    expectStep(asked, detail, { action: 'ask_info', by: worker, from: 'in_progress', to: 'in_progress' });
    const question = { note: '请拍一张热水器铭牌的照片', at: lastEvent(asked).createdAt };
    expect((await detailOf(ctx, owner, detail.id)).infoRequest).toEqual(question);
    expect(await idsIn(ctx, owner, '/api/requests/mine?status=waiting')).toEqual([detail.id]);
    expect((await inbox(ctx, owner, detail.id)).map((item) => [item.topic, item.body])).toContainEqual([
      'info_requested',
      '处理您的报修（水电维修）需要您补充：请拍一张热水器铭牌的照片。请在诉求详情中点「补充说明」。',
    ]);

    // Staff adding a note for the resident does not answer for them.
    await actOk(ctx, receptionist, detail.id, 'add_info', { note: '已电话提醒业主拍照' });
    expect((await detailOf(ctx, owner, detail.id)).infoRequest).toEqual(question);

    const answered = await actOk(ctx, owner, detail.id, 'add_info', { note: '铭牌型号 JSQ23-12' });
    expect(answered.infoRequest).toBeNull();
    expect(await idsIn(ctx, owner, '/api/requests/mine?status=waiting')).toEqual([]);
    const told = (await inbox(ctx, worker, detail.id)).filter((item) => item.topic === 'info_added');
    expect(told.map((item) => item.body)).toEqual([expect.stringContaining('铭牌型号 JSQ23-12')]);
  });
});

describe('photos on the timeline', () => {
  const attachedTo = async (photoId: number) =>
    (
      (await ctx.dataSource.query('SELECT request_id AS r, event_id AS e FROM photo WHERE id = ?', [photoId])) as {
        r: number | null;
        e: number | null;
      }[]
    ).map((row) => ({
      requestId: row.r === null ? null : Number(row.r),
      eventId: row.e === null ? null : Number(row.e),
    }))[0];

  it('a refused step keeps its photos unattached; the next allowed step takes them', async () => {
    const { detail } = await repairAt('in_progress');
    await actOk(ctx, worker, detail.id, 'pause', { note: '等待配件' });
    const [photo] = await uploadPhotos(ctx, worker, 1);
    const before = await rowState(ctx, detail.id);
    expectRefusal(
      await act(ctx, worker, detail.id, 'complete', { note: '已修复', photoIds: [photo.id] }),
      409,
      'INVALID_TRANSITION',
    );
    expect(await rowState(ctx, detail.id)).toEqual(before);
    expect(await attachedTo(photo.id)).toEqual({ requestId: null, eventId: null });

    await actOk(ctx, worker, detail.id, 'resume');
    const completed = await actOk(ctx, worker, detail.id, 'complete', { note: '已修复', photoIds: [photo.id] });
    expect(photoIdsOf(lastEvent(completed))).toEqual([photo.id]);
    expect(await attachedTo(photo.id)).toEqual({ requestId: detail.id, eventId: lastEvent(completed).id });
  });

  it('refuses someone else’s photo and a photo already used (400 on photoIds), changing nothing', async () => {
    const { resident: owner, detail } = await repairAt('in_progress');
    const [residents] = await uploadPhotos(ctx, owner, 1);
    const before = await rowState(ctx, detail.id);
    const foreign = await act(ctx, worker, detail.id, 'progress', { note: '进展说明', photoIds: [residents.id] });
    expect(expectRefusal(foreign, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['photoIds']);
    expect(await rowState(ctx, detail.id)).toEqual(before);

    const [used] = await uploadPhotos(ctx, worker, 1);
    await actOk(ctx, worker, detail.id, 'progress', { note: '第一次进展', photoIds: [used.id] });
    const again = await act(ctx, worker, detail.id, 'progress', { note: '第二次进展', photoIds: [used.id] });
    expect(expectRefusal(again, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['photoIds']);
    // The resident's photo is still theirs to use.
    const added = await actOk(ctx, owner, detail.id, 'add_info', { note: '补充漏水照片', photoIds: [residents.id] });
    expect(photoIdsOf(lastEvent(added))).toEqual([residents.id]);
  });
});

describe('cancel (撤销) by the resident', () => {
  it.each(['received', 'accepted', 'dispatched', 'taken'] as const)(
    'before work starts: %s → cancelled',
    async (status) => {
      const { resident, detail } = await repairAt(status);
      const before = await detailOf(ctx, resident, detail.id);
      expect(before.actions).toContain('cancel');
      const cancelled = await actOk(ctx, resident, detail.id, 'cancel', { note: '自己修好了' });
      const event = expectStep(cancelled, before, {
        action: 'cancel',
        by: resident,
        from: status,
        to: 'cancelled',
        note: '自己修好了',
      });
      expect(cancelled).toMatchObject({ statusLabel: '已撤销', closedAt: event.createdAt, actions: [] });
      expect(await idsIn(ctx, resident, '/api/requests/mine?status=closed')).toContain(detail.id);
      expect(await idsIn(ctx, worker, '/api/tasks?tab=pending')).not.toContain(detail.id);
    },
  );

  it('once work has started: 409 INVALID_TRANSITION with the current status, nothing changes', async () => {
    const { resident, detail } = await repairAt('in_progress');
    expect((await detailOf(ctx, resident, detail.id)).actions).toEqual(['urge', 'add_info']);
    const before = await rowState(ctx, detail.id);
    const refusal = expectRefusal(await act(ctx, resident, detail.id, 'cancel'), 409, 'INVALID_TRANSITION');
    expect(detailField(refusal, 'status')).toBe('in_progress');
    expect(detailField(refusal, 'version')).toBe(String(before.version));
    expect(await rowState(ctx, detail.id)).toEqual(before);
  });
});

describe('urge (催办)', () => {
  it('once per 2 hours: the second is 429 with the time it is allowed again; each urge counts', async () => {
    ctx.clock.set('2026-03-02T02:00:00.000Z');
    const { resident, detail } = await repairAt('dispatched');
    const first = await actOk(ctx, resident, detail.id, 'urge', { note: '师傅什么时候来？' });
    const event = expectStep(first, detail, {
      action: 'urge',
      by: resident,
      from: 'dispatched',
      to: 'dispatched',
      note: '师傅什么时候来？',
    });
    // Whom it reached, for the resident (issue 12): nobody here follows the official account, so it
    // climbs from the assignee to the supervisor and on.
    expect(event.data).toEqual({
      urgeCount: 1,
      told: expect.stringMatching(/^已提醒处理人 王建国；工程维修部主管 刘强；项目经理 /),
    });
    expect(first).toMatchObject({ urgeCount: 1, nextUrgeAt: '2026-03-02T04:00:00.000Z' });
    // The handler sees the urge on the task.
    expect(lastEvent(await detailOf(ctx, worker, detail.id))).toMatchObject({ action: 'urge', actorRole: 'resident' });

    ctx.clock.advance(URGE_INTERVAL_MS - 1);
    const before = await rowState(ctx, detail.id);
    const refusal = expectRefusal(await act(ctx, resident, detail.id, 'urge'), 429, 'TOO_MANY_REQUESTS');
    expect(refusal.details).toEqual([{ field: 'nextUrgeAt', message: '2026-03-02T04:00:00.000Z' }]);
    expect(await rowState(ctx, detail.id)).toEqual(before);

    ctx.clock.advance(1);
    const second = await actOk(ctx, resident, detail.id, 'urge');
    expect(second).toMatchObject({ urgeCount: 2, nextUrgeAt: '2026-03-02T06:00:00.000Z' });
    expect(lastEvent(second)).toMatchObject({ action: 'urge', data: { urgeCount: 2 }, note: null });
    expect(second.events.filter((e) => e.action === 'urge')).toHaveLength(2);

    ctx.clock.advance(2 * URGE_INTERVAL_MS);
    expect((await detailOf(ctx, resident, detail.id)).nextUrgeAt).toBeNull();
  });

  it('only the resident urges (403 for staff)', async () => {
    const { detail } = await repairAt('dispatched');
    expectRefusal(await act(ctx, receptionist, detail.id, 'urge'), 403, 'FORBIDDEN');
  });
});

describe('paid repair (有偿服务)', () => {
  const items = [
    { name: '更换角阀', amountFen: 3500 },
    { name: '上门人工费', amountFen: 5000 },
  ];

  it('quote → fee pending: work waits, the worker cannot complete; the resident confirms → in progress → complete', async () => {
    const { resident, detail } = await repairAt('in_progress');
    const quoted = await actOk(ctx, worker, detail.id, 'quote_fee', { items, note: '角阀老化需更换' });
    const event = expectStep(quoted, detail, {
      action: 'quote_fee',
      by: worker,
      from: 'in_progress',
      to: 'fee_pending',
      note: '角阀老化需更换',
    });
    expect(event.data).toEqual({ items, totalFen: 8500 });
    expect(quoted.fee).toEqual({
      items,
      totalFen: 8500,
      status: 'pending',
      quotedAt: event.createdAt,
      decidedAt: null,
    });
    expect(quoted.statusLabel).toBe('费用待确认');

    const before = await rowState(ctx, detail.id);
    for (const [action, body] of [
      ['complete', { note: '已修复' }],
      ['progress', { note: '继续施工' }],
    ] as const) {
      const refusal = expectRefusal(await act(ctx, worker, detail.id, action, body), 409, 'INVALID_TRANSITION');
      expect(detailField(refusal, 'status')).toBe('fee_pending');
    }
    expect(await rowState(ctx, detail.id)).toEqual(before);
    // Only the resident decides; the desk may not confirm for them.
    expectRefusal(await act(ctx, receptionist, detail.id, 'confirm_fee'), 403, 'FORBIDDEN');
    expectRefusal(await act(ctx, stranger, detail.id, 'confirm_fee'), 404, 'NOT_FOUND');

    const asResident = await detailOf(ctx, resident, detail.id);
    expect(asResident.fee).toEqual(quoted.fee);
    expect(asResident.actions).toEqual(['confirm_fee', 'decline_fee', 'urge', 'add_info']);
    const confirmed = await actOk(ctx, resident, detail.id, 'confirm_fee', { note: '同意' });
    const confirmEvent = expectStep(confirmed, asResident, {
      action: 'confirm_fee',
      by: resident,
      from: 'fee_pending',
      to: 'in_progress',
      note: '同意',
    });
    expect(confirmEvent.data).toEqual({ totalFen: 8500 });
    expect(confirmed.fee).toMatchObject({ status: 'confirmed', decidedAt: confirmEvent.createdAt, totalFen: 8500 });

    const completed = await actOk(ctx, worker, detail.id, 'complete', { note: '已更换角阀' });
    expect(completed).toMatchObject({ status: 'resolved', fee: { status: 'confirmed' } });
  });

  it('the resident declines the quote: back to in progress with the fee declined, then completed without it', async () => {
    const { resident, detail } = await repairAt('in_progress');
    await actOk(ctx, worker, detail.id, 'quote_fee', { items: [{ name: '更换整套龙头', amountFen: 26000 }] });
    const declined = await actOk(ctx, resident, detail.id, 'decline_fee', { note: '太贵了，我自己买配件' });
    expect(declined).toMatchObject({ status: 'in_progress', fee: { status: 'declined', totalFen: 26000 } });
    expect(lastEvent(declined)).toMatchObject({
      action: 'decline_fee',
      actorRole: 'resident',
      fromStatus: 'fee_pending',
      toStatus: 'in_progress',
      note: '太贵了，我自己买配件',
    });
    const completed = await actOk(ctx, worker, detail.id, 'complete', { note: '业主自购配件，已免费安装' });
    expect(completed.status).toBe('resolved');
  });

  it('refuses a quote without items or with yuan instead of fen (400)', async () => {
    const { detail } = await repairAt('in_progress');
    expectRefusal(await act(ctx, worker, detail.id, 'quote_fee', { items: [] }), 400, 'VALIDATION_FAILED');
    const res = await act(ctx, worker, detail.id, 'quote_fee', { items: [{ name: '人工费', amountFen: 50.5 }] });
    expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['items.0.amountFen']);
  });
});

describe('unsatisfied → second round (二次处理)', () => {
  it('the resident reopens with a reason: round 2, same department, then closed with ratings of both rounds', async () => {
    const { resident, detail } = await repairAt('resolved');
    const asResident = await detailOf(ctx, resident, detail.id);
    const reopened = await actOk(ctx, resident, detail.id, 'reopen', {
      note: '还是在滴水',
      speed: 3,
      quality: 1,
      attitude: 4,
      version: asResident.version,
    });
    const event = expectStep(reopened, asResident, {
      action: 'reopen',
      by: resident,
      from: 'resolved',
      to: 'accepted',
      note: '还是在滴水',
    });
    expect(event.data).toEqual({ round: 2 });
    expect(reopened).toMatchObject({
      round: 2,
      assignee: null,
      departmentName: '工程维修部',
      result: null,
      resolvedAt: null,
      callbackDueAt: null,
    });
    expect(reopened.ratings).toEqual([
      expect.objectContaining({
        source: 'resident',
        satisfaction: 'unsatisfied',
        satisfactionLabel: '不满意',
        speed: 3,
        quality: 1,
        attitude: 4,
        comment: '还是在滴水',
        round: 1,
        byName: resident.name,
      }),
    ]);
    expect(await idsIn(ctx, resident, '/api/requests/mine?status=open')).toContain(detail.id);

    await runSteps(ctx, detail.id, [
      [supervisor, 'dispatch', { assigneeUserId: worker.userId, note: '二次维修，请彻底解决' }],
      [worker, 'take'],
      [worker, 'start'],
    ]);
    const completed = await actOk(ctx, worker, detail.id, 'complete', { note: '更换整套龙头' });
    expect(completed).toMatchObject({ round: 2, status: 'resolved', result: '更换整套龙头' });
    expect(completed.callbackDueAt).toBe(plus(completed.resolvedAt!, 7 * DAY_MS));
    const closed = await actOk(ctx, resident, detail.id, 'rate', {
      satisfaction: 'satisfied',
      speed: 4,
      quality: 5,
      attitude: 5,
    });
    expect(closed.status).toBe('closed');
    expect(closed.ratings.map((r) => [r.round, r.source, r.satisfaction])).toEqual([
      [1, 'resident', 'unsatisfied'],
      [2, 'resident', 'satisfied'],
    ]);
    expect(closed.events.filter((e) => e.action === 'complete')).toHaveLength(2);
  });

  it('a callback 不满意: the receptionist reopens; round 2 with the callback’s unsatisfied rating', async () => {
    const { resident, detail } = await repairAt('resolved');
    // The resident would rather be called than rate: the desk need not wait out the 24 hours.
    const asked = await actOk(ctx, resident, detail.id, 'ask_callback', { note: '工作日晚上 7 点后' });
    expect(asked).toMatchObject({ status: 'resolved', callbackRequestedAt: lastEvent(asked).createdAt });
    expect(asked.actions).not.toContain('ask_callback');
    const told = (await inbox(ctx, receptionist, detail.id)).filter((item) => item.topic === 'callback_requested');
    expect(told).toEqual([
      expect.objectContaining({
        title: '业主请求电话回访',
        body: expect.stringContaining('方便接听：工作日晚上 7 点后'),
      }),
    ]);
    const again = await act(ctx, resident, detail.id, 'ask_callback', {});
    expect(expectRefusal(again, 409, 'CONFLICT').message).toMatch(/请求电话回访，客服会尽快与您联系$/);
    const reopened = await actOk(ctx, receptionist, detail.id, 'reopen', { note: '回访时业主表示仍有异响' });
    expect(reopened).toMatchObject({ status: 'accepted', round: 2, assignee: null });
    expect(lastEvent(reopened)).toMatchObject({ action: 'reopen', actorRole: 'receptionist', data: { round: 2 } });
    expect(reopened.ratings).toEqual([
      expect.objectContaining({ source: 'callback', satisfaction: 'unsatisfied', round: 1, byName: receptionist.name }),
    ]);
    await runSteps(ctx, detail.id, [
      [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
      [worker, 'take'],
      [worker, 'start'],
      [worker, 'complete', { note: '已紧固管件' }],
    ]);
    // A new round, a new time to rate: the request for a call was about the first one.
    const second = await detailOf(ctx, receptionist, detail.id);
    expect(second).toMatchObject({ callbackRequestedAt: null, actions: expect.not.arrayContaining(['callback']) });
    ctx.clock.advance(DAY_MS);
    const closed = await actOk(ctx, receptionist, detail.id, 'callback', {
      satisfaction: 'satisfied',
      note: '二次回访满意',
    });
    expect(closed.ratings.map((r) => [r.round, r.source, r.satisfaction])).toEqual([
      [1, 'callback', 'unsatisfied'],
      [2, 'callback', 'satisfied'],
    ]);
  });

  it('rate and callback take only 满意/基本满意: 不满意 goes through reopen (400)', async () => {
    const { resident, detail } = await repairAt('resolved');
    const res = await act(ctx, resident, detail.id, 'rate', {
      satisfaction: 'unsatisfied',
      speed: 1,
      quality: 1,
      attitude: 1,
    });
    expect(expectRefusal(res, 400, 'VALIDATION_FAILED').details.map((d) => d.field)).toEqual(['satisfaction']);
    const cb = await act(ctx, receptionist, detail.id, 'callback', { satisfaction: 'unsatisfied', note: '不满意' });
    expectRefusal(cb, 400, 'VALIDATION_FAILED');
    expect((await rowState(ctx, detail.id)).status).toBe('resolved');
  });
});

describe('phone intake (代客登记) → callback', () => {
  it('links a bound resident’s call to them; the receptionist is the first contact; worked and called back', async () => {
    const resident = await residentWithOwnPhone(ctx);
    const projectId = await projectIdOf(ctx);
    const res = await ctx.http().post('/api/requests/intake').set(receptionist.auth).send({
      kind: 'complaint',
      source: 'phone',
      projectId,
      roomId: resident.binding.room.id,
      categoryId: complaintCategoryId,
      content: '业主来电：隔壁装修把公共走廊堵了',
      subjectOfComplaint: '隔壁装修队',
      contactName: resident.name,
      contactPhone: resident.owner.phone,
    });
    expect(res.status).toBe(201);
    const filed = res.body as RequestDetail;
    expect(filed).toMatchObject({
      kind: 'complaint',
      status: 'received',
      source: 'phone',
      sourceLabel: '电话',
      firstContactName: receptionist.name,
      subjectOfComplaint: '隔壁装修队',
      roomLabel: resident.binding.room.label,
      departmentName: '工程维修部',
      contactPhone: resident.owner.phone,
    });
    expectEvent(filed.events[0], {
      action: 'create',
      by: receptionist,
      from: null,
      to: 'received',
      note: '提交投诉（代客登记）（装修管理），已转工程维修部',
    });
    // The caller follows it in the mini-app.
    expect(await idsIn(ctx, resident, '/api/requests/mine')).toEqual([filed.id]);
    expect((await detailOf(ctx, resident, filed.id)).sourceLabel).toBe('电话');

    await runSteps(ctx, filed.id, [
      [receptionist, 'accept', { grade: 'C' }],
      [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
      [worker, 'take'],
      [worker, 'start'],
    ]);
    const completed = await actOk(ctx, worker, filed.id, 'complete', { note: '已责令装修队清理走廊' });
    expect(completed.callbackDueAt).toBe(plus(completed.resolvedAt!, 3 * DAY_MS));
    // The caller is in the mini-app: they have their 24 hours to rate first.
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).not.toContain(filed.id);
    ctx.clock.advance(DAY_MS);
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).toContain(filed.id);
    const callback = { satisfaction: 'basically_satisfied', note: '业主基本满意，希望加强巡查' };
    // 总结 first (issue 15 §12): a complaint is not closed by the desk before it is summed up.
    const before = await rowState(ctx, filed.id);
    const unsummed = expectRefusal(await act(ctx, receptionist, filed.id, 'callback', callback), 409, 'CONFLICT');
    expect(unsummed.message).toBe('投诉关闭前请先填写总结（原因分析、补救措施、纠正措施）');
    expect(await rowState(ctx, filed.id)).toEqual(before);
    await actOk(ctx, receptionist, filed.id, 'summarize', {
      rootCause: 'method.process',
      remedy: '已责令装修队清理走廊',
      correctiveMeasure: '装修巡查每日两次',
    });
    const closed = await actOk(ctx, receptionist, filed.id, 'callback', {
      satisfaction: 'basically_satisfied',
      note: '业主基本满意，希望加强巡查',
      suggestions: '加强装修巡查',
    });
    expect(closed).toMatchObject({ status: 'closed', firstContactName: receptionist.name });
    expect(closed.ratings).toEqual([
      expect.objectContaining({ source: 'callback', satisfaction: 'basically_satisfied', suggestions: '加强装修巡查' }),
    ]);
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).not.toContain(filed.id);
    expect((await detailOf(ctx, resident, filed.id)).status).toBe('closed');
  });

  it('without a room: the area stands for the place, nobody is linked', async () => {
    const projectId = await projectIdOf(ctx);
    const res = await ctx.http().post('/api/requests/intake').set(receptionist.auth).send({
      kind: 'repair',
      source: 'visit',
      projectId,
      area: '东门岗亭旁',
      repairScope: 'common_area',
      repairItem: '路灯',
      categoryId: repairCategoryId,
      content: '路人来访：东门路灯不亮',
      contactName: '过路人',
      contactPhone: '13611112222',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source: 'visit',
      sourceLabel: '来访',
      roomLabel: '东门岗亭旁',
      firstContactName: receptionist.name,
      repair: { scope: 'common_area', item: '路灯' },
    });
    const [row] = (await ctx.dataSource.query(
      'SELECT resident_user_id AS r, room_id AS room FROM request WHERE id = ?',
      [res.body.id],
    )) as { r: number | null; room: number | null }[];
    expect(row).toEqual({ r: null, room: null });
  });

  it('with a room but a phone no bound resident has: not linked', async () => {
    const resident = await residentPerson(ctx);
    const res = await ctx
      .http()
      .post('/api/requests/intake')
      .set(receptionist.auth)
      .send({
        kind: 'complaint',
        source: 'phone',
        projectId: await projectIdOf(ctx),
        roomId: resident.binding.room.id,
        categoryId: complaintCategoryId,
        content: '租户来电反映装修噪音',
        contactName: '租户',
        contactPhone: '13633334444',
      });
    expect(res.status).toBe(201);
    expect(await idsIn(ctx, resident, '/api/requests/mine')).toEqual([]);
    // Nobody can rate it in the app, so the desk calls back as soon as it is done.
    await runSteps(ctx, res.body.id, [
      [receptionist, 'accept', { grade: 'C' }],
      [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
      [worker, 'take'],
      [worker, 'start'],
      [worker, 'complete', { note: '已与装修队沟通，限定施工时间' }],
    ]);
    const done = await detailOf(ctx, receptionist, res.body.id);
    // Offered once the complaint is summed up (总结 comes first).
    expect(done).toMatchObject({ status: 'resolved', ratingWaitUntil: null, summary: null });
    expect(done.actions).toContain('summarize');
    expect(done.actions).not.toContain('callback');
    const summed = await actOk(ctx, receptionist, res.body.id, 'summarize', {
      rootCause: 'method.process',
      remedy: '限定装修施工时间',
      correctiveMeasure: '装修申报时告知施工时段',
    });
    expect(summed.actions).toContain('callback');
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).toContain(res.body.id);
  });
});

describe('intake: who registers, and what', () => {
  const form = (overrides: Record<string, unknown> = {}) => ({
    kind: 'complaint',
    source: 'phone',
    projectId: resident.binding.room.projectId,
    categoryId: complaintCategoryId,
    content: '来电反映电梯间有异味',
    contactName: '来电人',
    contactPhone: '13677778888',
    ...overrides,
  });
  const intake = (who: Person | ResidentPerson, body: object) => post(ctx, who, '/api/requests/intake', body);

  it('a supervisor registers too and becomes the first contact', async () => {
    const res = await intake(supervisor, form({ source: 'letter' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sourceLabel: '信函', firstContactName: supervisor.name, status: 'received' });
  });

  it('首问负责制 for every employee (issue 15 §9): a worker registers what they were told, owns it, and hears how it ends', async () => {
    const res = await intake(worker, form({ source: 'visit', content: '巡查时业主当面反映电梯间有异味' }));
    expect(res.status).toBe(201);
    const filed = res.body as RequestDetail;
    expect(filed).toMatchObject({ firstContactName: worker.name, status: 'received', contactPhone: '13677778888' });
    // Ended by an approved 免回访关闭: the first-contact owner is told, as for every other ending.
    await runSteps(ctx, filed.id, [
      [receptionist, 'accept', { grade: 'C' }],
      [receptionist, 'dispatch', { assigneeUserId: worker.userId }],
      [worker, 'take'],
      [worker, 'start'],
      [worker, 'complete', { note: '已清理电梯间' }],
      [
        receptionist,
        'summarize',
        { rootCause: 'environment.environment', remedy: '清理并除味', correctiveMeasure: '每日巡查' },
      ],
    ]);
    const asked = await post(ctx, receptionist, `/api/requests/${filed.id}/approvals`, {
      type: 'close_without_callback',
      reason: '来电人未留有效电话',
    });
    expect(asked.status).toBe(201);
    await post(ctx, manager, `/api/approvals/${(asked.body as { id: number }).id}/approve`, {});
    expect((await detailOf(ctx, worker, filed.id)).status).toBe('closed');
    expect((await inbox(ctx, worker, filed.id)).map((item) => item.topic)).toContain('request_outcome');
  });

  it('当场解决 (issue 15 §10): the registrar answers it at once; resolved with the answer, the callback as the rules ask', async () => {
    const res = await intake(receptionist, form({ content: '来电：投诉楼道灯不亮，已告知今晚修复时间' }));
    const filed = res.body as RequestDetail;
    expect(filed.actions).toContain('resolve_on_spot');
    // Only the registrar: another receptionist of the project takes it through the usual steps.
    const other = await insertStaff(ctx, { role: 'receptionist', departmentId: null, name: '另一位客服' });
    expectRefusal(await act(ctx, other, filed.id, 'resolve_on_spot', { note: '我来处理' }), 403, 'FORBIDDEN');
    const done = await actOk(ctx, receptionist, filed.id, 'resolve_on_spot', { note: '已告知业主今晚 8 点前修复' });
    expect(done).toMatchObject({ status: 'resolved', result: '已告知业主今晚 8 点前修复', ratingWaitUntil: null });
    // A complaint keeps its callback within 3 days of the resolution (seed 004).
    expect(done.callbackDueAt).toBe(plus(done.resolvedAt!, 3 * DAY_MS));
    expect(done.deadlines.find((limit) => limit.step === 'first_reply')).toMatchObject({ doneAt: done.resolvedAt });
  });

  it('refuses residents (403) and a worker’s registration in a project they do not serve (404)', async () => {
    expectRefusal(await intake(resident, form()), 403, 'FORBIDDEN');
    const elsewhere = await insertProject(ctx);
    expectRefusal(await intake(worker, form({ projectId: elsewhere.projectId })), 404, 'NOT_FOUND');
  });

  it('refuses the mini-program as a source, a repair without its scope and a room of another project (400)', async () => {
    const fields = async (body: object) =>
      expectRefusal(await intake(receptionist, body), 400, 'VALIDATION_FAILED').details.map((d) => d.field);
    expect(await fields(form({ source: 'mini_program' }))).toEqual(['source']);
    expect(await fields(form({ kind: 'repair', categoryId: repairCategoryId }))).toEqual(['repairScope']);
    const elsewhere = await insertProject(ctx);
    expect(await fields(form({ roomId: elsewhere.roomId }))).toEqual(['roomId']);
  });
});

describe('invalid ruling (无效投诉)', () => {
  const explanation = '该路段属市政道路，不在物业管理范围内';
  const responsibleBody = '区市政管理局';

  async function ruled() {
    const filed = await fileRequest(
      ctx,
      resident,
      complaintOf(resident, complaintCategoryId, { content: '小区外马路坑洼不平' }),
    );
    const pending = await actOk(ctx, receptionist, filed.id, 'rule_invalid', { note: explanation, responsibleBody });
    return { resident, filed, pending };
  }

  it('rule_invalid → invalid_pending: hidden from the resident until a manager approves, then explained', async () => {
    const { resident, filed, pending } = await ruled();
    const event = expectStep(pending, filed, {
      action: 'rule_invalid',
      by: receptionist,
      from: 'received',
      to: 'invalid_pending',
    });
    expect(pending).toMatchObject({ statusLabel: '无效待审批', invalid: { explanation, responsibleBody } });
    expect(event.data).toEqual({ responsibleBody });

    // Issue 15 §3: the resident still reads it as 待受理, and may still urge or add to it.
    const waiting = await detailOf(ctx, resident, filed.id);
    expect(waiting).toMatchObject({ status: 'received', statusLabel: '待受理', invalid: null });
    expect(waiting.actions.sort()).toEqual(['add_info', 'urge']);
    const mine = (await get(ctx, resident, '/api/requests/mine')).body as Page<RequestSummary>;
    expect(mine.items.find((item) => item.id === filed.id)).toMatchObject({
      status: 'received',
      statusLabel: '待受理',
    });

    // The receptionist may not approve their own ruling.
    const before = await rowState(ctx, filed.id);
    expectRefusal(await act(ctx, receptionist, filed.id, 'approve_invalid'), 403, 'FORBIDDEN');
    expectRefusal(await act(ctx, supervisor, filed.id, 'approve_invalid'), 403, 'FORBIDDEN');
    expect(await rowState(ctx, filed.id)).toEqual(before);

    const approved = await actOk(ctx, manager, filed.id, 'approve_invalid', { note: '同意' });
    const approval = expectStep(approved, pending, {
      action: 'approve_invalid',
      by: manager,
      from: 'invalid_pending',
      to: 'invalid',
    });
    expect(approved).toMatchObject({ statusLabel: '无效已说明', closedAt: approval.createdAt });
    const told = await detailOf(ctx, resident, filed.id);
    expect(told).toMatchObject({ status: 'invalid', invalid: { explanation, responsibleBody }, actions: [] });
    expect(await idsIn(ctx, resident, '/api/requests/mine?status=closed')).toContain(filed.id);
  });

  it('the unapproved ruling does not reach the resident on the timeline either', async () => {
    const { resident, filed } = await ruled();
    const waiting = await detailOf(ctx, resident, filed.id);
    expect(waiting.invalid).toBeNull();
    // The explanation and the body are told only after a manager's approval (issue 4 §7).
    expect(JSON.stringify(waiting.events)).not.toContain(explanation);
    expect(JSON.stringify(waiting.events)).not.toContain(responsibleBody);
    // An urge meanwhile: its step reads 待受理 → 待受理 for the resident, 无效待审批 for the desk.
    const urged = await actOk(ctx, resident, filed.id, 'urge');
    expect(urged).toMatchObject({ status: 'received', invalid: null });
    expect(lastEvent(urged)).toMatchObject({ action: 'urge', fromStatus: 'received', toStatus: 'received' });
    expect(JSON.stringify(urged)).not.toContain('invalid_pending');
    expect(JSON.stringify(urged)).not.toContain('无效');
    expect((await detailOf(ctx, receptionist, filed.id)).status).toBe('invalid_pending');
  });

  it('a manager rejects the ruling: back to accepted, nothing ruled', async () => {
    const { resident, filed, pending } = await ruled();
    expectRefusal(await act(ctx, manager, filed.id, 'reject_invalid', {}), 400, 'VALIDATION_FAILED');
    const rejected = await actOk(ctx, manager, filed.id, 'reject_invalid', { note: '路面属小区红线内，由物业负责' });
    expectStep(rejected, pending, {
      action: 'reject_invalid',
      by: manager,
      from: 'invalid_pending',
      to: 'accepted',
      note: '路面属小区红线内，由物业负责',
    });
    expect(rejected.invalid).toBeNull();
    const seen = await detailOf(ctx, resident, filed.id);
    expect(seen).toMatchObject({ status: 'accepted', invalid: null });
    // Neither the ruling nor its rejection reaches the resident.
    expect(JSON.stringify(seen)).not.toContain('路面属小区红线内');
    expect(JSON.stringify(seen)).not.toContain('invalid_pending');
    // And the normal path goes on.
    const dispatched = await actOk(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    expect(dispatched.status).toBe('dispatched');
  });

  it('an accepted request can be ruled invalid too', async () => {
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    const pending = await actOk(ctx, receptionist, filed.id, 'rule_invalid', { note: explanation, responsibleBody });
    expect(lastEvent(pending)).toMatchObject({ fromStatus: 'accepted', toStatus: 'invalid_pending' });
  });
});

describe('categories of this suite’s own', () => {
  it('a category without a department: accepted with one named by the desk', async () => {
    const category = await insertCategory(ctx, 'complaint', null);
    ownCategories.push(category.id);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, category.id));
    expect(filed.departmentName).toBeNull();
    expect(filed.events[0].note).toBe(`提交投诉（${category.name}），待客服分派`);
    const noDepartment = await act(ctx, receptionist, filed.id, 'accept');
    expect(noDepartment.status).toBe(200);
    const refusal = expectRefusal(
      await act(ctx, receptionist, filed.id, 'dispatch', { assigneeUserId: worker.userId }),
      400,
      'VALIDATION_FAILED',
    );
    expect(refusal.details.map((d) => d.field)).toEqual(['assigneeUserId']);
    const routed = await actOk(ctx, receptionist, filed.id, 'transfer', {
      departmentId: engineering.id,
      note: '归工程',
    });
    expect(routed.departmentName).toBe('工程维修部');
  });
});
