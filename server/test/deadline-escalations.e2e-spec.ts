import type { ApprovalView, BoardView, RequestDetail } from '@linli/shared';
import { EscalationSweeper } from '../src/modules/escalations/escalation-sweeper';
import {
  actOk,
  call,
  complaintOf,
  demoStaff,
  detailOf,
  fileRequest,
  get,
  HOUR_MS,
  ownTeam,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  type OwnTeam,
  type Person,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 15, items 2–4: the first reply is a real answer (受理 is none), and every limit escalates
 * from its own start — a second round from its reopening, the first reply from the registration,
 * the callback from the resolution, an invalid ruling's explanation from the ruling (24 h, seed
 * 002), an approval from when it was asked for (系统设置 · 审批督办, 24 h).
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let team: OwnTeam;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  team = await ownTeam(ctx, '时限起点');
});
afterAll(async () => {
  await retireCategories(ctx, [team.complaintCategory, team.repairCategory]);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

const sweep = (departmentIds = [team.departmentId]) => ctx.app.get(EscalationSweeper).sweep({ departmentIds });
const sweepTimes = async (runs: number, departmentIds?: number[]) => {
  for (let run = 0; run < runs; run++) await sweep(departmentIds);
};
/** The levels a request reached, in the order they were taken: [reason, level]. */
const levels = async (requestId: number) =>
  (
    (await ctx.dataSource.query('SELECT reason, level FROM escalation WHERE request_id = ? ORDER BY id', [
      requestId,
    ])) as Array<{ reason: string; level: number }>
  ).map((row) => [row.reason, Number(row.level)]);
const limit = (detail: RequestDetail, step: string) => detail.deadlines.find((view) => view.step === step);
const topics = async (who: Person, requestId: number) => (await inbox(ctx, who, requestId)).map((item) => item.topic);
const at = (iso: string, ms = 0) => ctx.clock.set(new Date(Date.parse(iso) + ms));

async function dispatchedRepair(team: OwnTeam): Promise<{ resident: Person; id: number }> {
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, repairForm(resident, team.repairCategory));
  await actOk(ctx, receptionist, filed.id, 'accept');
  await actOk(ctx, team.supervisor, filed.id, 'dispatch', { assigneeUserId: team.worker.userId });
  return { resident, id: filed.id };
}

it('受理 is no reply: the first reply climbs from the registration until someone answers (答复)', async () => {
  const start = '2026-11-27T07:00:00Z';
  at(start);
  const { resident, id } = await dispatchedRepair(team);
  expect(limit(await detailOf(ctx, team.worker, id), 'first_reply')).toMatchObject({ doneAt: null });
  at(start, 20 * HOUR_MS); // the last fifth of its 24 hours
  await sweep();
  expect(await levels(id)).toEqual([['first_reply', 1]]);
  expect(await topics(team.worker, id)).toEqual(['task_assigned', 'deadline_near']);
  at(start, 24 * HOUR_MS);
  await sweep();
  expect(await levels(id)).toEqual([
    ['first_reply', 1],
    ['first_reply', 2],
  ]);
  const [over] = (await detailOf(ctx, team.supervisor, id)).events.filter((e) => e.data?.level === 2);
  expect(over.note).toBe('首次答复时限 2026-11-28 15:00 已超时，升级至部门主管督办');

  // The handler answers without moving the request; the resident reads it and is told.
  at(start, 25 * HOUR_MS);
  const replied = await actOk(ctx, team.worker, id, 'reply', { note: '配件明天到，到货后马上上门' });
  expect(replied.status).toBe('dispatched');
  expect(limit(replied, 'first_reply')).toMatchObject({ doneAt: '2026-11-28T08:00:00.000Z', state: 'missed' });
  const seen = await detailOf(ctx, resident, id);
  expect(seen.events.at(-1)).toMatchObject({
    action: 'reply',
    actionLabel: '答复',
    note: '配件明天到，到货后马上上门',
  });
  const [told] = (await inbox(ctx, resident, id)).filter((item) => item.topic === 'request_replied');
  expect(told).toMatchObject({ title: '物业答复', page: `/pages/request-detail/index?id=${id}` });
  expect(told.body).toContain('配件明天到');
  at(start, 30 * HOUR_MS);
  await sweepTimes(2);
  expect((await levels(id)).filter(([reason]) => reason === 'first_reply')).toHaveLength(2);
});

it('a second round’s limits count from the reopening: the countdown, the board and the escalation', async () => {
  const own = await ownTeam(ctx, '二次处理');
  try {
    const start = '2026-11-27T07:00:00Z';
    at(start);
    const { resident, id } = await dispatchedRepair(own);
    await actOk(ctx, own.worker, id, 'take');
    await actOk(ctx, own.worker, id, 'start');
    await actOk(ctx, own.worker, id, 'complete', { note: '已更换水龙头' });
    // Ten days later the resident is not satisfied: 2 hours to dispatch again, from now.
    const reopenedAt = Date.parse(start) + 10 * DAY_MS;
    ctx.clock.set(new Date(reopenedAt));
    await actOk(ctx, resident, id, 'reopen', { note: '又开始滴水' });
    ctx.clock.set(new Date(reopenedAt + MINUTE_MS));
    expect(limit(await detailOf(ctx, own.supervisor, id), 'dispatch')).toMatchObject({
      startAt: new Date(reopenedAt).toISOString(),
      state: 'ok',
    });
    // Counted from the registration it would read 即将超时 (2 hours left of a 10-day span).
    const board = (await get(ctx, own.supervisor, '/api/board')).body as BoardView;
    expect(board.departments.find((row) => row.departmentId === own.departmentId)).toMatchObject({
      open: 1,
      nearing: 0,
      overdue: 0,
    });
    await sweep([own.departmentId]);
    expect(await levels(id)).toEqual([]);
    // Two hours late is a whole span late: the top level, one run at a time (from the
    // registration, two hours late of a 10-day span would still be level 2).
    ctx.clock.set(new Date(reopenedAt + 4 * HOUR_MS));
    await sweepTimes(5, [own.departmentId]);
    expect(await levels(id)).toEqual([
      ['dispatch', 1],
      ['dispatch', 2],
      ['dispatch', 3],
      ['dispatch', 4],
    ]);
  } finally {
    await retireCategories(ctx, [own.complaintCategory, own.repairCategory]);
  }
});

it('an invalid ruling must reach the resident within 24 hours of the ruling; late, it climbs to those who decide it', async () => {
  const start = '2026-12-07T02:00:00Z';
  at(start);
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory));
  at(start, 5 * MINUTE_MS);
  const ruled = await actOk(ctx, receptionist, filed.id, 'rule_invalid', {
    note: '属于市政供水管网问题，不在物业服务范围',
    responsibleBody: '市自来水公司',
  });
  expect(limit(ruled, 'invalid_ruling')).toMatchObject({
    stepLabel: '无效判定说明',
    startAt: '2026-12-07T02:05:00.000Z',
    dueAt: '2026-12-08T02:05:00.000Z',
    doneAt: null,
  });
  // The resident learns nothing of a ruling before it is approved, not even its limit.
  expect(limit(await detailOf(ctx, resident, filed.id), 'invalid_ruling')).toBeUndefined();

  at(start, 20 * HOUR_MS);
  await sweep();
  // Its dispatch limit ran out long ago: while the ruling waits, only the explanation's limit runs.
  expect(await levels(filed.id)).toEqual([['invalid_ruling', 1]]);
  const [near] = (await inbox(ctx, manager, filed.id)).filter((item) => item.topic === 'deadline_near');
  const [approval] = (await ctx.dataSource.query(
    "SELECT id FROM approval WHERE request_id = ? AND type = 'invalid_ruling'",
    [filed.id],
  )) as Array<{ id: number }>;
  expect(near.page).toBe(`/admin/pages/approval/index?id=${approval.id}`);
  expect(near.body).toContain('无效判定说明时限 2026-12-08 10:05 即将到期');
  at(start, 25 * HOUR_MS);
  await sweep();
  expect(await levels(filed.id)).toEqual([
    ['invalid_ruling', 1],
    ['invalid_ruling', 2],
  ]);

  const approved = await actOk(ctx, manager, filed.id, 'approve_invalid');
  expect(limit(approved, 'invalid_ruling')).toMatchObject({ doneAt: '2026-12-08T03:00:00.000Z', state: 'missed' });
  // The explanation is the resident's first answer.
  expect(limit(approved, 'first_reply')).toMatchObject({ doneAt: '2026-12-08T03:00:00.000Z' });
  at(start, 3 * DAY_MS);
  await sweepTimes(2);
  expect(await levels(filed.id)).toHaveLength(2);
});

it('a callback climbs from the resolution, the desk told first; the callback ends it', async () => {
  const start = '2026-12-14T02:00:00Z';
  at(start);
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, team.complaintCategory));
  await actOk(ctx, receptionist, filed.id, 'accept');
  await actOk(ctx, team.supervisor, filed.id, 'dispatch', { assigneeUserId: team.worker.userId });
  await actOk(ctx, team.worker, filed.id, 'take');
  await actOk(ctx, team.worker, filed.id, 'start');
  at(start, HOUR_MS);
  const resolved = await actOk(ctx, team.worker, filed.id, 'complete', { note: '已协调楼上住户整改' });
  expect(limit(resolved, 'callback')).toMatchObject({ startAt: '2026-12-14T03:00:00.000Z' });

  // Complaints are called back within 3 days of the resolution: nearly due after 2.4.
  at(start, HOUR_MS + 2.5 * DAY_MS);
  await sweep();
  expect(await levels(filed.id)).toEqual([['callback', 1]]);
  // The desk that took it (首问责任人) hears first, not the worker who finished it.
  expect(await topics(receptionist, filed.id)).toContain('deadline_near');
  expect(await topics(team.worker, filed.id)).not.toContain('deadline_near');
  at(start, HOUR_MS + 3 * DAY_MS + MINUTE_MS);
  await sweep();
  expect(await levels(filed.id)).toEqual([
    ['callback', 1],
    ['callback', 2],
  ]);
  // A complaint is summed up (总结) before the desk closes it; the summary itself ends nothing.
  await actOk(ctx, receptionist, filed.id, 'summarize', {
    rootCause: 'people.skill',
    remedy: '楼上住户已整改',
    correctiveMeasure: '同类漏水先查楼上管道',
  });
  await actOk(ctx, receptionist, filed.id, 'callback', { satisfaction: 'satisfied', note: '业主表示满意' });
  at(start, 10 * DAY_MS);
  await sweepTimes(2);
  expect(await levels(filed.id)).toHaveLength(2);
});

it('an approval left undecided climbs after 系统设置 · 审批督办’s hours (24 by default)', async () => {
  const start = '2026-12-21T02:00:00Z';
  at(start);
  const { id } = await dispatchedRepair(team);
  await actOk(ctx, team.worker, id, 'reply', { note: '已预约明天上门' });
  const opened = await post(ctx, team.supervisor, `/api/requests/${id}/approvals`, {
    type: 'extension',
    reason: '需要等待厂家配件',
    newDueAt: '2026-12-30T10:00:00+08:00',
    plan: '先关闭阀门防止漏水',
  });
  expect(opened.status).toBe(201);
  const approval = opened.body as ApprovalView;
  const setting = (body: object | null) =>
    body
      ? call(ctx, 'PUT', '/api/admin/settings/approval_escalation', team.admin, body)
      : call(ctx, 'DELETE', '/api/admin/settings/approval_escalation', team.admin);
  // Raised to 48 hours (only ever later than the default: suites sweeping at once are not hastened).
  const raised = await setting({ afterHours: 48 });
  expect(raised.body).toMatchObject({ label: '审批督办', value: { afterHours: 48 }, defaultValue: { afterHours: 24 } });
  try {
    at(start, 30 * HOUR_MS);
    await sweepTimes(2);
    expect(await levels(id)).toEqual([]);
  } finally {
    await setting(null);
  }
  // Back to 24 hours: 30 hours old is past due, taken one level per run.
  await sweepTimes(3);
  expect(await levels(id)).toEqual([
    ['approval', 1],
    ['approval', 2],
  ]);
  const notes = (await detailOf(ctx, team.supervisor, id)).events
    .filter((event) => event.action === 'escalate')
    .map((event) => event.note);
  expect(notes).toEqual([
    '延期审批时限 2026-12-22 10:00 即将到期',
    '延期审批时限 2026-12-22 10:00 已超时，升级至部门主管督办',
  ]);
  // Those who decide it hear first, then each level up; each notice opens the approval itself.
  const told = (await inbox(ctx, manager, id)).filter((item) => ['deadline_near', 'escalated'].includes(item.topic));
  expect(told.map((item) => [item.topic, item.page])).toEqual([
    ['deadline_near', `/admin/pages/approval/index?id=${approval.id}`],
    ['escalated', `/admin/pages/approval/index?id=${approval.id}`],
  ]);
  expect(
    (await call(ctx, 'PUT', '/api/admin/settings/approval_escalation', team.admin, { afterHours: 0 })).body.details,
  ).toEqual([{ field: 'afterHours', message: '时长至少 1 小时' }]);

  expect((await post(ctx, manager, `/api/approvals/${approval.id}/reject`, { comment: '先按原时限处理' })).status).toBe(
    200,
  );
  at(start, 4 * DAY_MS);
  await sweepTimes(2);
  expect((await levels(id)).filter(([reason]) => reason === 'approval')).toHaveLength(2);
});
