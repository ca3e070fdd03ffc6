import type { CalendarYearView, RequestDetail, SlaPolicyView } from '@linli/shared';
import {
  actOk,
  call,
  complaintOf,
  demoStaff,
  detailOf,
  fileRequest,
  get,
  HOUR_MS,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  ownTeam,
  type Person,
} from './support/lifecycle';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 6, deadlines: each request carries the limits of DOMAIN.md's table (or an admin's more
 * specific rule), counted on the clock or in working days of the mainland China calendar.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let admin: Person;
let supervisor: Person;
let worker: Person;
let complaintCategory: number;
let repairCategory: number;
const MINUTE_MS = 60_000;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  ({ admin, supervisor, worker, complaintCategory, repairCategory } = await ownTeam(ctx, '时限测试'));
});
afterAll(async () => {
  await retireCategories(ctx, [complaintCategory, repairCategory]);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

const due = (detail: RequestDetail, step: string) => detail.deadlines.find((view) => view.step === step);

describe('deadlines set when a request is filed', () => {
  it('a general complaint on a Friday afternoon: 10 minutes to dispatch, 24 hours to reply, 3 working days to resolve', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z'); // Friday 15:00 in Shanghai
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    expect(filed.deadlines.map((view) => [view.step, view.dueAt, view.state])).toEqual([
      ['dispatch', '2026-11-27T07:10:00.000Z', 'ok'],
      ['first_reply', '2026-11-28T07:00:00.000Z', 'ok'],
      // Friday + 3 working days = Wednesday, same clock time.
      ['resolution', '2026-12-02T07:00:00.000Z', 'ok'],
    ]);
    expect(filed.deadline).toMatchObject({ step: 'dispatch', stepLabel: '派单', stateLabel: '正常' });
  });

  it('filed during the 2026 Spring Festival break: the working days start after it', async () => {
    ctx.clock.set('2026-02-18T02:00:00Z'); // 10:00 on the 3rd day of the 春节 break
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    // Tue 24, Wed 25, Thu 26 February are the three working days; the limit ends at 24:00 of the 26th.
    expect(due(filed, 'resolution')?.dueAt).toBe('2026-02-26T16:00:00.000Z');
  });

  it('a repair gets 2 days to resolve on the clock', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    expect(due(filed, 'resolution')?.dueAt).toBe('2026-11-29T07:00:00.000Z');
    expect(due(filed, 'dispatch')?.dueAt).toBe('2026-11-27T09:00:00.000Z');
  });
});

describe('deadlines moved and met by the lifecycle', () => {
  it('grading a complaint A at acceptance re-reads the resolution limit from when it was filed; 受理 is no reply', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    ctx.clock.advance(5 * MINUTE_MS);
    const accepted = await actOk(ctx, receptionist, filed.id, 'accept', { grade: 'A' });
    expect(due(accepted, 'resolution')?.dueAt).toBe('2026-11-30T07:00:00.000Z');
    // 受理 alone says nothing to the resident (issue 15): the first reply is the desk's 答复.
    expect(due(accepted, 'first_reply')).toMatchObject({ doneAt: null, state: 'ok' });
    ctx.clock.advance(MINUTE_MS);
    const replied = await actOk(ctx, receptionist, filed.id, 'reply', { note: '已联系物业经理，明天上午答复处理方案' });
    expect(due(replied, 'first_reply')).toMatchObject({ doneAt: '2026-11-27T07:06:00.000Z', state: 'met' });
    expect(replied.status).toBe('accepted');
  });

  it('dispatching meets the dispatch limit, late or not; the list row then counts down to resolution', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    ctx.clock.advance(15 * MINUTE_MS);
    const overdue = await detailOf(ctx, supervisor, filed.id);
    expect(overdue.deadline).toMatchObject({ step: 'dispatch', state: 'overdue', stateLabel: '已超时' });
    const dispatched = await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    expect(due(dispatched, 'dispatch')).toMatchObject({ doneAt: '2026-11-27T07:15:00.000Z', state: 'missed' });
    expect(dispatched.deadline).toMatchObject({ step: 'resolution', state: 'ok' });
    // Within the last fifth of the 3 working days (here: Tuesday evening) it is nearing.
    ctx.clock.set('2026-12-01T23:00:00Z');
    const tasks = (await get(ctx, worker, '/api/tasks?tab=pending')).body.items as Array<{
      id: number;
      deadline: unknown;
    }>;
    expect(tasks.find((task) => task.id === filed.id)?.deadline).toMatchObject({
      state: 'nearing',
      stateLabel: '即将超时',
    });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    const done = await actOk(ctx, worker, filed.id, 'complete', { note: '已协调处理' });
    expect(due(done, 'resolution')).toMatchObject({ state: 'met', stateLabel: '按时完成' });
  });

  it('a second round starts the dispatch and resolution clocks anew', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    await actOk(ctx, worker, filed.id, 'complete', { note: '已修复' });
    ctx.clock.set('2026-11-28T02:00:00Z');
    const reopened = await actOk(ctx, resident, filed.id, 'reopen', { note: '还是漏水' });
    // Each counts from the reopening (issue 15): the countdown, and the escalation, follow the round.
    expect(due(reopened, 'dispatch')).toMatchObject({
      startAt: '2026-11-28T02:00:00.000Z',
      dueAt: '2026-11-28T04:00:00.000Z',
      doneAt: null,
    });
    expect(due(reopened, 'resolution')).toMatchObject({
      startAt: '2026-11-28T02:00:00.000Z',
      dueAt: '2026-11-30T02:00:00.000Z',
      doneAt: null,
    });
  });

  it('a cancelled request keeps no running limit', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    const cancelled = await actOk(ctx, resident, filed.id, 'cancel', { note: '已自行解决' });
    expect(cancelled.deadlines).toEqual([]);
    expect(cancelled.deadline).toBeNull();
  });
});

describe('admins edit the rules; the most specific wins for new requests', () => {
  it('a rule for one category overrides the kind-wide default from then on', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const resident = await residentPerson(ctx);
    const before = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    const created = await post(ctx, admin, '/api/admin/sla-policies', {
      kind: 'complaint',
      categoryId: complaintCategory,
      step: 'resolution',
      unit: 'hours',
      amount: 8,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ step: 'resolution', stepLabel: '办结', limitLabel: '8 小时', grade: null });
    const after = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    expect(due(after, 'resolution')?.dueAt).toBe(
      new Date(Date.parse('2026-11-27T07:00:00Z') + 8 * HOUR_MS).toISOString(),
    );
    // Deadlines already set stay as they were.
    expect(due(await detailOf(ctx, resident, before.id), 'resolution')?.dueAt).toBe('2026-12-02T07:00:00.000Z');

    const edited = await call(ctx, 'PATCH', `/api/admin/sla-policies/${created.body.id}`, admin, {
      unit: 'working_days',
      amount: 1,
    });
    expect(edited.body).toMatchObject({ limitLabel: '1 个工作日' });
    const list = (await get(ctx, manager, '/api/admin/sla-policies')).body as SlaPolicyView[];
    expect(list.find((view) => view.id === created.body.id)).toMatchObject({
      limit: { unit: 'working_days', amount: 1 },
    });
    expect(list.filter((view) => view.categoryId === null).length).toBeGreaterThanOrEqual(10);
    expect((await call(ctx, 'DELETE', `/api/admin/sla-policies/${created.body.id}`, admin)).status).toBe(204);
    expect((await call(ctx, 'DELETE', `/api/admin/sla-policies/${created.body.id}`, admin)).status).toBe(404);
  });

  it('refuses bad rules field by field, and anyone but admins', async () => {
    const bad = await post(ctx, admin, '/api/admin/sla-policies', { step: 'lunch', unit: 'weeks', amount: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'amount',
      'step',
      'unit',
    ]);
    const tooLong = await post(ctx, admin, '/api/admin/sla-policies', { step: 'dispatch', unit: 'days', amount: 999 });
    expect(tooLong.body.details).toEqual([{ field: 'amount', message: '时限不能超过 365' }]);
    const wrongKind = await post(ctx, admin, '/api/admin/sla-policies', {
      kind: 'repair',
      categoryId: complaintCategory,
      step: 'dispatch',
      unit: 'hours',
      amount: 1,
    });
    expect(wrongKind.body.details).toEqual([{ field: 'categoryId', message: '分类与诉求类型不符' }]);
    const body = { step: 'dispatch', unit: 'hours', amount: 1 };
    expect((await post(ctx, manager, '/api/admin/sla-policies', body)).status).toBe(403);
    expect((await get(ctx, worker, '/api/admin/sla-policies')).status).toBe(403);
  });
});

describe('the working-day calendar', () => {
  it('ships 2026 from the State Council notice and 2027 as provisional', async () => {
    const year2026 = (await get(ctx, manager, '/api/admin/calendar?year=2026')).body as CalendarYearView;
    expect(year2026.provisional).toBe(false);
    expect(year2026.days).toEqual(
      expect.arrayContaining([
        { date: '2026-02-14', kind: 'workday', name: expect.any(String) },
        { date: '2026-10-07', kind: 'holiday', name: expect.any(String) },
      ]),
    );
    expect(((await get(ctx, manager, '/api/admin/calendar?year=2027')).body as CalendarYearView).provisional).toBe(
      true,
    );
    expect((await get(ctx, manager, '/api/admin/calendar?year=abc')).body.details[0].field).toBe('year');
  });

  it('an admin replaces a whole year; dates outside it or twice are refused', async () => {
    const put = (year: number, days: object[]) => call(ctx, 'PUT', `/api/admin/calendar/${year}`, admin, { days });
    const saved = await put(2030, [
      { date: '2030-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2030-09-29', kind: 'workday', name: '国庆节调休上班' },
    ]);
    expect(saved.body).toEqual({
      year: 2030,
      provisional: false,
      days: [
        { date: '2030-09-29', kind: 'workday', name: '国庆节调休上班' },
        { date: '2030-10-01', kind: 'holiday', name: '国庆节' },
      ],
    });
    expect((await put(2030, [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }])).body.details).toEqual([
      { field: 'days[0].date', message: '日期不在 2030 年' },
    ]);
    const twice = await put(2030, [
      { date: '2030-05-01', kind: 'holiday', name: '劳动节' },
      { date: '2030-05-01', kind: 'holiday', name: '劳动节' },
    ]);
    expect(twice.body.details).toEqual([{ field: 'days[1].date', message: '日期重复' }]);
    expect((await put(2030, [{ date: '2030-02-30', kind: 'holiday', name: '不存在' }])).status).toBe(400);
    expect((await call(ctx, 'PUT', '/api/admin/calendar/2030', manager, { days: [] })).status).toBe(403);
    // Nothing refused above changed the year.
    expect(((await get(ctx, manager, '/api/admin/calendar?year=2030')).body as CalendarYearView).days).toHaveLength(2);
    expect((await put(2030, [])).body.days).toEqual([]);
  });
});
