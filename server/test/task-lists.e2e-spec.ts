import { maskPhone, type RequestDetail, type RequestSummary, type TaskCounts } from '@linli/shared';
import { expectValidation } from './support/api';
import {
  actOk,
  DAY_MS,
  demoStaff,
  detailOf,
  fileRequest,
  complaintOf,
  HOUR_MS,
  idsIn,
  insertCategory,
  insertDepartment,
  insertStaff,
  listAll,
  repairForm,
  residentPerson,
  retireCategories,
  runSteps,
  type DepartmentRow,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * The lists around the lifecycle: 我的任务 tabs and counts, the desk's queue, the resident's
 * 我的 with status groups, 待回访 in due order; and who reads the phone and the internal notes.
 */

let ctx: TestContext;
let receptionist: Person;
let cleaner: Person;
let manager: Person;
let department: DepartmentRow;
let handler: Person;
let teammate: Person;
let lead: Person;
let repairCategoryId: number;
let complaintCategoryId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, cleaner, manager } = await demoStaff(ctx));
  // A department of this suite's own, so its members' counts are exact.
  department = await insertDepartment(ctx, '列表部', 'supervisor');
  handler = await insertStaff(ctx, {
    role: 'staff',
    departmentId: department.id,
    name: '列表师傅',
    title: '综合维修工',
  });
  teammate = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '列表同事' });
  lead = await insertStaff(ctx, { role: 'supervisor', departmentId: department.id, name: '列表主管' });
  repairCategoryId = (await insertCategory(ctx, 'repair', department.id, 'E')).id;
  complaintCategoryId = (await insertCategory(ctx, 'complaint', department.id, 'C')).id;
});
afterAll(async () => {
  await retireCategories(ctx, [repairCategoryId, complaintCategoryId]);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

/** The counts, after checking none reached the cap (a handful of tasks here). */
const countsOf = async (who: Person): Promise<Omit<TaskCounts, 'capped'>> => {
  const res = await ctx.http().get('/api/tasks/counts').set(who.auth);
  expect(res.status).toBe(200);
  const { capped, ...counts } = res.body as TaskCounts;
  expect(capped).toEqual({ pending: false, active: false, done: false });
  return counts;
};
const tabs = async (who: Person) => ({
  pending: await idsIn(ctx, who, '/api/tasks?tab=pending'),
  active: await idsIn(ctx, who, '/api/tasks?tab=active'),
  done: await idsIn(ctx, who, '/api/tasks?tab=done'),
});

describe('我的任务: tabs and counts', () => {
  it('follow one request from 待接单 to 处理中 to 已完成', async () => {
    expect(await countsOf(handler)).toEqual({ pending: 0, active: 0, done: 0 });
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategoryId));
    const id = filed.id;
    await actOk(ctx, receptionist, id, 'accept');
    // Accepted in a supervisor-queue department: nobody's task yet.
    expect(await tabs(handler)).toEqual({ pending: [], active: [], done: [] });

    const steps: [Person, Parameters<typeof actOk>[3], object, keyof TaskCounts][] = [
      [lead, 'dispatch', { assigneeUserId: handler.userId }, 'pending'],
      [handler, 'take', {}, 'active'],
      [handler, 'start', {}, 'active'],
      [handler, 'quote_fee', { items: [{ name: '配件', amountFen: 1200 }] }, 'active'],
      [resident, 'confirm_fee', {}, 'active'],
      [handler, 'pause', { note: '等配件' }, 'active'],
      [handler, 'resume', {}, 'active'],
      [handler, 'complete', { note: '已修好' }, 'done'],
      [resident, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 }, 'done'],
    ];
    for (const [who, action, body, tab] of steps) {
      const detail = await actOk(ctx, who, id, action, body);
      const expected = { pending: 0, active: 0, done: 0, [tab]: 1 };
      expect({ after: action, status: detail.status, counts: await countsOf(handler) }).toEqual({
        after: action,
        status: detail.status,
        counts: expected,
      });
      expect(await tabs(handler)).toEqual({ pending: [], active: [], done: [], [tab]: [id] });
    }
    // Teammates and the supervisor carry none of it.
    expect(await countsOf(teammate)).toEqual({ pending: 0, active: 0, done: 0 });
  });

  it('lists a task with what the worker needs at a glance', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategoryId, { repairItem: '阳台地漏' }));
    await runSteps(ctx, filed.id, [
      [receptionist, 'accept'],
      [receptionist, 'dispatch', { assigneeUserId: teammate.userId }],
    ]);
    const [item] = await listAll(ctx, teammate, '/api/tasks?tab=pending');
    expect(item).toEqual({
      id: filed.id,
      number: filed.number,
      kind: 'repair',
      status: 'dispatched',
      statusLabel: '已派单',
      categoryName: filed.categoryName,
      contentPreview: filed.contentPreview,
      grade: 'E',
      roomLabel: resident.binding.room.label,
      departmentName: department.name,
      assigneeName: teammate.name,
      callbackDueAt: null,
      // Dispatched: what runs now is the resolution limit, 2 days for a repair.
      deadline: {
        step: 'resolution',
        stepLabel: '办结',
        startAt: filed.createdAt,
        dueAt: new Date(Date.parse(filed.createdAt) + 2 * DAY_MS).toISOString(),
        doneAt: null,
        state: 'ok',
        stateLabel: '正常',
      },
      createdAt: filed.createdAt,
      round: 1,
      urgeCount: 0,
      urgent: false,
      infoRequest: null,
      contentFlagged: false,
    } satisfies RequestSummary);
    // A returned task leaves the tabs.
    await actOk(ctx, teammate, filed.id, 'return', { note: '不在我的片区' });
    expect(await countsOf(teammate)).toEqual({ pending: 0, active: 0, done: 0 });
  });

  it('is for handlers only (403 for a receptionist and a resident)', async () => {
    const resident = await residentPerson(ctx);
    expect((await ctx.http().get('/api/tasks/counts').set(receptionist.auth)).status).toBe(403);
    expect((await ctx.http().get('/api/tasks?tab=pending').set(resident.auth)).status).toBe(403);
    expectValidation(await ctx.http().get('/api/tasks?tab=all').set(handler.auth), ['tab']);
  });
});

describe('the desk’s queue: GET /api/requests', () => {
  it('filters by several statuses, kind and department', async () => {
    const resident = await residentPerson(ctx);
    const repair = await fileRequest(ctx, resident, repairForm(resident, repairCategoryId));
    const complaint = await fileRequest(ctx, resident, complaintOf(resident, complaintCategoryId));
    const queue = '/api/requests?status=received,accepted';

    let items = await listAll(ctx, receptionist, queue);
    for (const item of items) expect(['received', 'accepted']).toContain(item.status);
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining([repair.id, complaint.id]));
    // Newest first.
    expect(items.findIndex((item) => item.id === complaint.id)).toBeLessThan(
      items.findIndex((item) => item.id === repair.id),
    );

    await actOk(ctx, receptionist, repair.id, 'accept');
    items = await listAll(ctx, receptionist, queue);
    expect(items.find((item) => item.id === repair.id)?.status).toBe('accepted');
    await actOk(ctx, receptionist, repair.id, 'dispatch', { assigneeUserId: handler.userId });
    expect(await idsIn(ctx, receptionist, queue)).not.toContain(repair.id);
    expect(await idsIn(ctx, receptionist, '/api/requests?status=dispatched')).toContain(repair.id);

    const ofDepartment = await listAll(ctx, manager, `/api/requests?departmentId=${department.id}&kind=complaint`);
    expect(ofDepartment.map((item) => item.id)).toContain(complaint.id);
    expect(ofDepartment.map((item) => item.id)).not.toContain(repair.id);
    for (const item of ofDepartment) expect(item).toMatchObject({ kind: 'complaint', departmentName: department.name });

    expectValidation(await ctx.http().get('/api/requests?status=received,done').set(receptionist.auth), ['status']);
    expect((await ctx.http().get('/api/requests').set(resident.auth)).status).toBe(403);
  });
});

describe('我的: GET /api/requests/mine?status=', () => {
  it('groups the resident’s requests into open, resolved and closed', async () => {
    const resident = await residentPerson(ctx);
    const file = () => fileRequest(ctx, resident, repairForm(resident, repairCategoryId));
    const waiting = await file();
    const working = await file();
    const resolved = await file();
    const cancelled = await file();
    const rated = await file();
    const work = (assignee: Person): Parameters<typeof runSteps>[2] => [
      [receptionist, 'accept'],
      [receptionist, 'dispatch', { assigneeUserId: assignee.userId }],
      [assignee, 'take'],
      [assignee, 'start'],
    ];
    await runSteps(ctx, working.id, work(handler));
    await runSteps(ctx, resolved.id, [...work(handler), [handler, 'complete', { note: '已处理' }]]);
    await actOk(ctx, resident, cancelled.id, 'cancel');
    await runSteps(ctx, rated.id, [
      ...work(handler),
      [handler, 'complete', { note: '已处理' }],
      [resident, 'rate', { satisfaction: 'satisfied', speed: 4, quality: 4, attitude: 4 }],
    ]);

    const mine = (status?: string) => idsIn(ctx, resident, `/api/requests/mine${status ? `?status=${status}` : ''}`);
    expect(await mine('open')).toEqual([working.id, waiting.id]);
    expect(await mine('resolved')).toEqual([resolved.id]);
    expect(await mine('closed')).toEqual([rated.id, cancelled.id]);
    expect(await mine('cancelled')).toEqual([cancelled.id]);
    expect(await mine('in_progress')).toEqual([working.id]);
    expect(await mine()).toEqual([rated.id, cancelled.id, resolved.id, working.id, waiting.id]);
    expectValidation(await ctx.http().get('/api/requests/mine?status=finished').set(resident.auth), ['status']);
  });
});

describe('待回访: GET /api/callbacks/due', () => {
  it('lists resolved complaints and in-home repairs, the earliest due first', async () => {
    const resident = await residentPerson(ctx);
    const repair = await fileRequest(ctx, resident, repairForm(resident, repairCategoryId));
    const early = await fileRequest(ctx, resident, complaintOf(resident, complaintCategoryId));
    const late = await fileRequest(ctx, resident, complaintOf(resident, complaintCategoryId));
    const commonArea = await fileRequest(
      ctx,
      resident,
      repairForm(resident, repairCategoryId, { repairScope: 'common_area' }),
    );
    for (const request of [repair, early, late, commonArea]) {
      await runSteps(ctx, request.id, [
        [receptionist, 'accept'],
        [receptionist, 'dispatch', { assigneeUserId: handler.userId }],
        [handler, 'take'],
        [handler, 'start'],
      ]);
    }
    const t0 = new Date(Date.now() + 60_000).toISOString();
    const completeAt = async (request: RequestDetail, offsetMs: number) => {
      ctx.clock.set(new Date(new Date(t0).getTime() + offsetMs));
      return actOk(ctx, handler, request.id, 'complete', { note: '已处理完毕' });
    };
    // Completed first, but an in-home repair is due 7 days later, the complaints 3.
    const repairDone = await completeAt(repair, 0);
    const lateDone = await completeAt(late, 2 * HOUR_MS);
    const earlyDone = await completeAt(early, HOUR_MS);
    await completeAt(commonArea, 3 * HOUR_MS);
    expect(repairDone.callbackDueAt).toBe(new Date(new Date(t0).getTime() + 7 * DAY_MS).toISOString());
    expect(earlyDone.callbackDueAt).toBe(new Date(new Date(t0).getTime() + HOUR_MS + 3 * DAY_MS).toISOString());
    // Right after completion the in-home repair is not listed yet: its window opens on day 3.
    ctx.clock.reset();
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).not.toContain(repair.id);
    ctx.clock.set(new Date(new Date(t0).getTime() + 3 * DAY_MS + 4 * HOUR_MS));

    const due = await listAll(ctx, receptionist, '/api/callbacks/due');
    const mine = due.filter((item) => [repair.id, early.id, late.id, commonArea.id].includes(item.id));
    expect(mine.map((item) => item.id)).toEqual([early.id, late.id, repair.id]);
    expect(mine.map((item) => item.callbackDueAt)).toEqual([
      earlyDone.callbackDueAt,
      lateDone.callbackDueAt,
      repairDone.callbackDueAt,
    ]);
    for (const item of due) expect(item.status).toBe('resolved');
    const dueTimes = due.map((item) => new Date(item.callbackDueAt!).getTime());
    expect(dueTimes).toEqual([...dueTimes].sort((a, b) => a - b));

    // Summed up (a complaint's 总结 comes first) and called back → off the list.
    const summary = { rootCause: 'people.process', remedy: '已上门致歉', correctiveMeasure: '修订夜间值守流程' };
    await actOk(ctx, receptionist, early.id, 'summarize', summary);
    await actOk(ctx, receptionist, early.id, 'callback', { satisfaction: 'satisfied', note: '回访满意' });
    expect(await idsIn(ctx, receptionist, '/api/callbacks/due')).not.toContain(early.id);
    expect((await ctx.http().get('/api/callbacks/due').set(handler.auth)).status).toBe(403);
    ctx.clock.reset();
  });
});

describe('who reads what', () => {
  let resident: ResidentPerson;
  let request: RequestDetail;
  beforeAll(async () => {
    resident = await residentPerson(ctx);
    const filed = await fileRequest(
      ctx,
      resident,
      repairForm(resident, repairCategoryId, { contactPhone: '13812348000' }),
    );
    request = await runSteps(ctx, filed.id, [
      [receptionist, 'accept'],
      [receptionist, 'dispatch', { assigneeUserId: handler.userId }],
    ]);
  });

  it('the contact phone: full for the assignee, the desk and the resident; masked for staff not handling it', async () => {
    expect((await detailOf(ctx, handler, request.id)).contactPhone).toBe('13812348000');
    expect((await detailOf(ctx, receptionist, request.id)).contactPhone).toBe('13812348000');
    expect((await detailOf(ctx, resident, request.id)).contactPhone).toBe('13812348000');
    for (const outsider of [teammate, cleaner]) {
      const seen = await detailOf(ctx, outsider, request.id);
      expect(seen.contactPhone).toBe('138****8000');
      expect(seen.contactPhone).toBe(maskPhone('13812348000'));
      // The handler's own phone is not theirs to read either.
      expect(seen.assignee).toMatchObject({ userId: handler.userId, phone: null });
    }
    // The resident may call the handler.
    expect((await detailOf(ctx, resident, request.id)).assignee?.phone).toBe(handler.phone);
  });

  it('internal notes reach staff, never the resident', async () => {
    const before = await detailOf(ctx, resident, request.id);
    const noted = await actOk(ctx, receptionist, request.id, 'note', { note: '业主曾多次投诉，处理时注意态度' });
    expect(noted.events[noted.events.length - 1]).toMatchObject({
      action: 'note',
      actionLabel: '内部备注',
      internal: true,
      note: '业主曾多次投诉，处理时注意态度',
      fromStatus: 'dispatched',
      toStatus: 'dispatched',
    });
    expect((await detailOf(ctx, handler, request.id)).events.some((event) => event.action === 'note')).toBe(true);

    const asResident = await detailOf(ctx, resident, request.id);
    expect(asResident.events).toEqual(before.events);
    expect(JSON.stringify(asResident)).not.toContain('业主曾多次投诉');
    expect(asResident.status).toBe('dispatched');
    // A resident may not write one (403).
    const res = await ctx
      .http()
      .post(`/api/requests/${request.id}/actions/note`)
      .set(resident.auth)
      .send({ note: '我也想写备注' });
    expect(res.status).toBe(403);
  });
});
