import type { BoardView, NotificationView, RequestDetail } from '@linli/shared';
import { EscalationSweeper } from '../src/modules/escalations/escalation-sweeper';
import { freshOpenid } from './support/api';
import {
  actOk,
  complaintOf,
  demoStaff,
  fileRequest,
  get,
  insertCategory,
  insertDepartment,
  insertStaff,
  repairForm,
  residentPerson,
  type DepartmentRow,
  type Person,
} from './support/lifecycle';
import { connectOfficialAccount, deliveriesOf, inbox, linkByCode } from './support/notifications';
import { createOwnDatabase } from './support/own-database';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 12, "nothing goes unheard": a notice whose level is empty (no supervisor) or cannot be
 * reached (nobody there linked to the official account) goes on to the next level at once —
 * department → project manager → company admins — and the board lists 无人可通知 as a problem
 * of its own. An urge reaches the handler, or the department's queue owners when nobody is
 * assigned, and the resident reads whom it reached.
 *
 * A database of the suite's own: the top of the ladder is every admin of the company, and other
 * suites add admins of their own to the shared one.
 */

let ctx: TestContext;
let drop: () => Promise<void>;
let receptionist: Person;
let manager: Person;
let admin: Person;
/** 无主管部: one worker (so requests are routed there), no supervisor. */
let headless: DepartmentRow;
let headlessCategory: number;
const MINUTE_MS = 60_000;

beforeAll(async () => {
  const own = await createOwnDatabase();
  drop = own.drop;
  ctx = await createTestContext({ env: { DATABASE_URL: own.url } });
  await connectOfficialAccount(ctx);
  ({ receptionist, manager } = await demoStaff(ctx));
  admin = await insertStaff(ctx, { role: 'admin', departmentId: null, name: '兜底总经理' });
  headless = await insertDepartment(ctx, '无主管部', 'supervisor');
  await insertStaff(ctx, { role: 'staff', departmentId: headless.id, name: '无主管师傅' });
  headlessCategory = (await insertCategory(ctx, 'complaint', headless.id, 'C')).id;
}, 120_000);
afterAll(async () => {
  await ctx.close();
  await drop();
});
afterEach(() => ctx.clock.reset());

const topics = (items: NotificationView[]) => items.map((item) => item.topic);
const board = async (who: Person) => (await get(ctx, who, '/api/board')).body as BoardView;
const lastUrge = (detail: RequestDetail) =>
  [...detail.events].filter((event) => event.action === 'urge').sort((a, b) => b.id - a.id)[0];

describe('a department without a supervisor', () => {
  it('passes its queue notice up at once, and on while nobody can be reached; the board says 无人可通知', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, headlessCategory));
    expect(filed.departmentName).toBe(headless.name);
    await actOk(ctx, receptionist, filed.id, 'accept');

    // Nobody is linked yet: the manager is told, and so is the company above them.
    const [toManager] = await inbox(ctx, manager, filed.id);
    expect(toManager).toMatchObject({ topic: 'task_assigned', page: `/desk/pages/request/index?id=${filed.id}` });
    expect(toManager.body).toContain(`（${headless.name}主管无人，转由您跟进）`);
    const [toAdmin] = await inbox(ctx, admin, filed.id);
    expect(toAdmin.topic).toBe('task_assigned');
    expect(toAdmin.body).toContain(`（${headless.name}主管无人，项目经理未开通微信通知，转由您跟进）`);

    const view = await board(admin);
    const row = view.unreachable.find((entry) => entry.departmentId === headless.id);
    expect(row).toMatchObject({
      departmentName: headless.name,
      projectName: '阳光花园',
      heardBy: null,
      reason: `${headless.name}主管无人，项目经理未开通微信通知，公司管理员未开通微信通知`,
    });
    expect(row!.open).toBeGreaterThanOrEqual(1);
    // 无人可通知 comes before the departments whose notices are only passed on.
    expect(view.unreachable[0].heardBy).toBeNull();
  });

  it('stops at the first level whose phone rings: a linked manager hears it, the admins do not', async () => {
    // Linking goes through the official account as in production: the cached set-up learns of it itself.
    await linkByCode(ctx, manager, freshOpenid('oa-manager'));
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, headlessCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    expect(topics(await inbox(ctx, manager, filed.id))).toEqual(['task_assigned']);
    expect(await inbox(ctx, admin, filed.id)).toEqual([]);
    const rows = await deliveriesOf(ctx, [filed.id]);
    expect(rows.filter((row) => row.channel === 'template').map((row) => [row.userId, row.topic])).toEqual([
      [manager.userId, 'task_assigned'],
    ]);
    const row = (await board(manager)).unreachable.find((entry) => entry.departmentId === headless.id);
    expect(row).toMatchObject({ heardBy: '项目经理', reason: `${headless.name}主管无人` });
  });

  it('an escalation to its (missing) supervisor reaches the project manager instead of vanishing', async () => {
    const start = Date.parse('2026-11-27T07:00:00Z');
    ctx.clock.set(new Date(start));
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, headlessCategory));
    const sweep = () => ctx.app.get(EscalationSweeper).sweep({ departmentIds: [headless.id] });
    ctx.clock.set(new Date(start + 9 * MINUTE_MS));
    expect(await sweep()).toBe(1);
    ctx.clock.set(new Date(start + 10 * MINUTE_MS));
    expect(await sweep()).toBe(1);
    const told = await inbox(ctx, manager, filed.id);
    expect(topics(told)).toEqual(['deadline_near', 'escalated']);
    expect(told[1].body).toContain(`（${headless.name}主管无人，转由您跟进）`);
    expect(await inbox(ctx, admin, filed.id)).toEqual([]);
    const mine = (await get(ctx, manager, '/api/escalations/mine')).body as { items: Array<{ requestId: number }> };
    expect(mine.items.map((item) => item.requestId)).toContain(filed.id);
  });
});

describe('an urge', () => {
  let department: DepartmentRow;
  let supervisor: Person;
  let linked: Person;
  let unlinked: Person;
  let category: number;

  beforeAll(async () => {
    department = await insertDepartment(ctx, '催办部', 'supervisor');
    supervisor = await insertStaff(ctx, { role: 'supervisor', departmentId: department.id, name: '催办主管' });
    linked = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '微信师傅' });
    unlinked = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '无微信师傅' });
    await linkByCode(ctx, linked, freshOpenid('oa-linked'));
    category = (await insertCategory(ctx, 'repair', department.id, 'E')).id;
  });

  const dispatchedTo = async (assignee: Person) => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, category));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: assignee.userId });
    return { resident, filed };
  };

  it('reaches the assignee on WeChat, and the resident is told just that', async () => {
    const { resident, filed } = await dispatchedTo(linked);
    const urged = await actOk(ctx, resident, filed.id, 'urge', { note: '今天能来吗' });
    expect(lastUrge(urged).data).toEqual({ urgeCount: 1, told: '已提醒处理人 微信师傅（微信通知）' });
    expect(topics(await inbox(ctx, linked, filed.id))).toEqual(['task_assigned', 'task_urged']);
    expect(topics(await inbox(ctx, supervisor, filed.id))).toEqual(['task_assigned']);
    const rows = (await deliveriesOf(ctx, [filed.id])).filter((row) => row.topic === 'task_urged');
    expect(rows.map((row) => [row.userId, row.channel])).toEqual([[linked.userId, 'template']]);
  });

  it('climbs past an assignee and a supervisor nobody can reach, to the linked manager, and says so', async () => {
    const { resident, filed } = await dispatchedTo(unlinked);
    const urged = await actOk(ctx, resident, filed.id, 'urge');
    expect(lastUrge(urged).data?.told).toBe(
      `已提醒处理人 无微信师傅；${department.name}主管 催办主管；项目经理 周敏（微信通知）`,
    );
    for (const person of [unlinked, supervisor, manager])
      expect(topics(await inbox(ctx, person, filed.id))).toContain('task_urged');
    const [toManager] = (await inbox(ctx, manager, filed.id)).filter((item) => item.topic === 'task_urged');
    expect(toManager.body).toContain(`（处理人未开通微信通知，${department.name}主管未开通微信通知，转由您跟进）`);
    // The resident reads it back on the timeline, as the step answered.
    const again = (await get(ctx, resident, `/api/requests/${filed.id}`)).body as RequestDetail;
    expect(lastUrge(again).data?.told).toBe(lastUrge(urged).data?.told);
  });

  it('with nobody assigned, reaches the 抢单 department’s on-duty staff, not those off duty', async () => {
    const claim = await insertDepartment(ctx, '抢单催办部', 'claim');
    const onDuty = await insertStaff(ctx, { role: 'staff', departmentId: claim.id, name: '在岗抢单' });
    const offDuty = await insertStaff(ctx, { role: 'staff', departmentId: claim.id, name: '休班抢单', onDuty: false });
    await linkByCode(ctx, onDuty, freshOpenid('oa-claim'));
    const claimCategory = (await insertCategory(ctx, 'repair', claim.id, 'E')).id;
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, claimCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    const urged = await actOk(ctx, resident, filed.id, 'urge');
    expect(lastUrge(urged).data?.told).toBe(`已提醒${claim.name}在岗人员 在岗抢单（微信通知）`);
    expect(topics(await inbox(ctx, onDuty, filed.id))).toEqual(['task_assigned', 'task_urged']);
    expect(await inbox(ctx, offDuty, filed.id)).toEqual([]);
  });

  it('before anyone accepted it, reaches the department it was routed to, and on up to a phone that rings', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, category));
    const urged = await actOk(ctx, resident, filed.id, 'urge');
    expect(lastUrge(urged).data?.told).toBe(`已提醒${department.name}主管 催办主管；项目经理 周敏（微信通知）`);
    expect(topics(await inbox(ctx, supervisor, filed.id))).toEqual(['task_urged']);
  });

  it('routed to a department nobody can take it in, waits at the desk, and the urge reaches the desk', async () => {
    const empty = await insertDepartment(ctx, '空部门', 'supervisor');
    const emptyCategory = (await insertCategory(ctx, 'repair', empty.id, 'E')).id;
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, emptyCategory));
    expect(filed.departmentName).toBeNull();
    const urged = await actOk(ctx, resident, filed.id, 'urge');
    expect(lastUrge(urged).data?.told).toBe('已提醒客服接待员 陈静；项目经理 周敏（微信通知）');
    expect(topics(await inbox(ctx, receptionist, filed.id))).toEqual(['task_urged']);
    const [toManager] = await inbox(ctx, manager, filed.id);
    expect(toManager.body).toContain('（客服接待员未开通微信通知，转由您跟进）');
  });
});
