import type { ApprovalView, BoardView, EscalatedRequest, Page, RequestDetail } from '@linli/shared';
import { EscalationSweeper } from '../src/modules/escalations/escalation-sweeper';
import {
  act,
  actOk,
  complaintOf,
  DAY_MS,
  demoStaff,
  detailOf,
  expectRefusal,
  fileRequest,
  get,
  HOUR_MS,
  insertStaff,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  ownTeam,
  type Person,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 6, approvals: each type requested, approved and rejected, with its effect applied in the
 * decision and both sides told; plus the live board and "my escalations".
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let admin: Person;
let supervisor: Person;
let worker: Person;
let complaintCategory: number;
let repairCategory: number;
let departmentId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  ({ admin, supervisor, worker, departmentId, complaintCategory, repairCategory } = await ownTeam(ctx, '审批'));
});
afterAll(async () => {
  await retireCategories(ctx, [complaintCategory, repairCategory]);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

async function dispatchedComplaint(): Promise<{ resident: Person; request: RequestDetail }> {
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
  await actOk(ctx, receptionist, filed.id, 'accept');
  // Answered at once: the first reply's own ladder (deadline-escalations) stays out of these sweeps.
  await actOk(ctx, receptionist, filed.id, 'reply', { note: '已安排工程部处理' });
  const request = await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
  return { resident, request };
}

const apply = (who: Person, requestId: number, body: object) =>
  post(ctx, who, `/api/requests/${requestId}/approvals`, body);
const decide = (who: Person, id: number, verdict: 'approve' | 'reject', comment?: string) =>
  post(ctx, who, `/api/approvals/${id}/${verdict}`, comment ? { comment } : {});
const todoIds = async (who: Person) =>
  ((await get(ctx, who, '/api/approvals?scope=todo&pageSize=50')).body as Page<ApprovalView>).items.map((a) => a.id);
const validOf = async (id: number) =>
  Number(
    ((await ctx.dataSource.query('SELECT valid FROM request WHERE id = ?', [id])) as { valid: number }[])[0].valid,
  );
const due = (detail: RequestDetail) => detail.deadlines.find((view) => view.step === 'resolution')?.dueAt;

describe('extension (延期)', () => {
  it('approved: the resolution deadline moves, the resident sees it, and escalation waits for the new one', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { resident, request } = await dispatchedComplaint();
    expect(due(request)).toBe('2026-12-02T07:00:00.000Z');
    const opened = await apply(supervisor, request.id, {
      type: 'extension',
      reason: '需要等待厂家配件',
      newDueAt: '2026-12-09T10:00:00+08:00',
      plan: '先做临时封堵，每天巡查一次',
    });
    expect(opened.status).toBe(201);
    const approval = opened.body as ApprovalView;
    expect(approval).toMatchObject({
      type: 'extension',
      typeLabel: '延期',
      status: 'pending',
      summary: '办结时限延至 2026-12-09 10:00',
      approverRole: 'manager',
      requestedByName: '审批主管',
      canDecide: false,
      proposal: { type: 'extension', newDueAt: '2026-12-09T02:00:00.000Z', plan: '先做临时封堵，每天巡查一次' },
    });
    expect(await todoIds(manager)).toContain(approval.id);
    expect(
      ((await get(ctx, manager, '/api/approvals/count')).body as { pending: number }).pending,
    ).toBeGreaterThanOrEqual(1);
    // The manager also heard of the queued request (its supervisor follows no official account, issue 12).
    expect(
      (await inbox(ctx, manager, request.id)).map((item) => item.topic).filter((topic) => topic.startsWith('approval')),
    ).toEqual(['approval_waiting']);
    // Staff read what waits on the request (the form shows it as 审批中); the resident is not told.
    expect((await detailOf(ctx, supervisor, request.id)).pendingApprovalTypes).toEqual(['extension']);
    expect((await detailOf(ctx, receptionist, request.id)).pendingApprovalTypes).toEqual(['extension']);
    expect((await detailOf(ctx, resident, request.id)).pendingApprovalTypes).toEqual([]);
    const again = await apply(supervisor, request.id, {
      type: 'extension',
      reason: '再次申请',
      newDueAt: '2026-12-20T10:00:00+08:00',
      plan: '同上',
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('该诉求已有待审批的延期申请，请等待审批结果');
    // Another type is not held up by the pending extension.
    const grade = (await apply(supervisor, request.id, { type: 'grade_change', reason: '涉及多户', grade: 'B' }))
      .body as ApprovalView;
    expect((await detailOf(ctx, supervisor, request.id)).pendingApprovalTypes).toEqual(['grade_change', 'extension']);
    expect((await decide(manager, grade.id, 'reject', '暂不调整')).status).toBe(200);

    const decided = await decide(manager, approval.id, 'approve', '同意，注意安全');
    expect(decided.body).toMatchObject({
      status: 'approved',
      decidedByName: '周敏',
      comment: '同意，注意安全',
      canDecide: false,
    });
    expect((await detailOf(ctx, supervisor, request.id)).pendingApprovalTypes).toEqual([]);
    const after = await detailOf(ctx, resident, request.id);
    expect(due(after)).toBe('2026-12-09T02:00:00.000Z');
    // The resident reads the new deadline on their timeline; the request for it stays internal.
    expect(after.events.map((event) => event.action)).toContain('approval_approved');
    expect(after.events.map((event) => event.action)).not.toContain('approval_requested');
    const told = await inbox(ctx, supervisor, request.id);
    expect(told.map((item) => item.title)).toContain('延期申请已批准');
    // The resident is told the new deadline and what is done meanwhile, not the approver's remark.
    const residentTold = (await inbox(ctx, resident, request.id)).filter((item) => item.topic === 'deadline_extended');
    expect(residentTold).toHaveLength(1);
    expect(residentTold[0].title).toBe('办结时限已延长');
    expect(residentTold[0].body).toContain('办结时限延至 2026-12-09 10:00');
    expect(residentTold[0].body).toContain('先做临时封堵，每天巡查一次');
    expect(residentTold[0].body).not.toContain('注意安全');
    expect((await decide(manager, approval.id, 'approve')).status).toBe(409);

    // Past the old deadline, before the new one: nothing to escalate.
    ctx.clock.set('2026-12-04T07:00:00Z');
    const sweeper = ctx.app.get(EscalationSweeper);
    await sweeper.sweep({ departmentIds: [departmentId] });
    const escalations = (await detailOf(ctx, supervisor, request.id)).events.filter(
      (event) => event.action === 'escalate',
    );
    expect(escalations).toEqual([]);
    ctx.clock.set('2026-12-09T03:00:00Z');
    await sweeper.sweep({ departmentIds: [departmentId] });
    const late = (await detailOf(ctx, supervisor, request.id)).events.filter((event) => event.action === 'escalate');
    expect(late.map((event) => [event.data?.reason, event.data?.level])).toEqual([['resolution', 1]]);
  });

  it('beyond 15 days it needs the general manager; a rejection leaves the deadline and tells the requester', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { request } = await dispatchedComplaint();
    const long = (
      await apply(receptionist, request.id, {
        type: 'extension',
        reason: '需要政府部门审批',
        newDueAt: '2027-01-20T18:00:00+08:00',
        plan: '设置围挡',
      })
    ).body as ApprovalView;
    expect(long.approverRole).toBe('admin');
    expect(await todoIds(manager)).not.toContain(long.id);
    const refused = await decide(manager, long.id, 'approve');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('您无权审批此类申请');
    expect((await decide(admin, long.id, 'reject', '时间过长，请重新评估')).body).toMatchObject({ status: 'rejected' });
    expect(due(await detailOf(ctx, receptionist, request.id))).toBe('2026-12-02T07:00:00.000Z');
    expect((await inbox(ctx, receptionist, request.id)).map((item) => item.title)).toContain('延期申请被驳回');
  });

  it('refuses a deadline that is not later, and decisions on one’s own request', async () => {
    const { request } = await dispatchedComplaint();
    const earlier = await apply(supervisor, request.id, {
      type: 'extension',
      reason: '测试',
      newDueAt: new Date(Date.now() - HOUR_MS).toISOString(),
      plan: '每日巡查',
    });
    expect(earlier.body.details).toEqual([{ field: 'newDueAt', message: '新时限应晚于当前时限' }]);
    const own = (
      await apply(manager, request.id, {
        type: 'extension',
        reason: '经理自己申请',
        newDueAt: new Date(Date.now() + 10 * DAY_MS).toISOString(),
        plan: '每日巡查',
      })
    ).body as ApprovalView;
    const self = await decide(manager, own.id, 'approve');
    expect(self.status).toBe(403);
    expect(self.body.message).toBe('不能审批自己提交的申请');
  });
});

describe('grade change (等级调整)', () => {
  it('approved: the grade changes and the resolution limit is read again from when it was filed', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { request } = await dispatchedComplaint();
    const approval = (
      await apply(receptionist, request.id, { type: 'grade_change', reason: '已有 6 户反映同一问题', grade: 'B' })
    ).body as ApprovalView;
    expect(approval.summary).toBe('等级调整为 B 级（群体投诉）');
    await decide(manager, approval.id, 'approve');
    const after = await detailOf(ctx, receptionist, request.id);
    expect(after.grade).toBe('B');
    expect(due(after)).toBe('2026-12-12T07:00:00.000Z');
    expect((await inbox(ctx, receptionist, request.id)).map((item) => item.title)).toContain('等级调整申请已批准');
    expect((await inbox(ctx, manager, request.id)).map((item) => item.title)).toContain('待审批：等级调整');
  });

  it('rejected: nothing changes; the same grade or a resident asking is refused', async () => {
    const { resident, request } = await dispatchedComplaint();
    expect(
      (await apply(receptionist, request.id, { type: 'grade_change', reason: '测试', grade: 'C' })).body.details,
    ).toEqual([{ field: 'grade', message: '与当前等级相同' }]);
    expect((await apply(resident, request.id, { type: 'grade_change', reason: '我要升级', grade: 'A' })).status).toBe(
      403,
    );
    const approval = (await apply(receptionist, request.id, { type: 'grade_change', reason: '情况严重', grade: 'A' }))
      .body as ApprovalView;
    await decide(manager, approval.id, 'reject', '未达到重大投诉标准');
    expect((await detailOf(ctx, receptionist, request.id)).grade).toBe('C');
  });
});

describe('invalid ruling (无效投诉判定)', () => {
  it('requested through approvals, it is the lifecycle’s ruling; approving tells the resident who is responsible', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    const approval = (
      await apply(receptionist, filed.id, {
        type: 'invalid_ruling',
        reason: '不属于物业职责',
        explanation: '小区外市政道路施工噪音',
        responsibleBody: '市政工程公司',
      })
    ).body as ApprovalView;
    expect(approval).toMatchObject({
      type: 'invalid_ruling',
      status: 'pending',
      request: { status: 'invalid_pending' },
    });
    expect(await todoIds(manager)).toContain(approval.id);
    const decided = await decide(manager, approval.id, 'approve', '同意');
    expect(decided.body).toMatchObject({ status: 'approved', request: { status: 'invalid' } });
    expect((await inbox(ctx, resident, filed.id)).map((item) => item.topic)).toEqual(['request_invalid']);
  });

  it('rejecting needs a reason, and puts the complaint back to be handled', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    await actOk(ctx, receptionist, filed.id, 'rule_invalid', { note: '不属于物业职责范围', responsibleBody: '开发商' });
    const [approval] = (
      (await get(ctx, manager, '/api/approvals?scope=todo&pageSize=50')).body as Page<ApprovalView>
    ).items.filter((item) => item.request.id === filed.id);
    expect(approval.type).toBe('invalid_ruling');
    const bare = await decide(manager, approval.id, 'reject');
    expect(bare.status).toBe(400);
    // Back to the desk's queue, graded and routed, as the lifecycle's reject_invalid leads.
    expect((await decide(manager, approval.id, 'reject', '属于物业保修范围')).body).toMatchObject({
      status: 'rejected',
      request: { status: 'accepted' },
    });
  });
});

describe('close without callback (免回访关闭) and fee waiver (费用减免)', () => {
  async function resolvedRepair(): Promise<RequestDetail> {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    return actOk(ctx, worker, filed.id, 'complete', { note: '已修复' });
  }

  it('closing without a callback only from 已处理待回访; approved it closes, rejected it stays', async () => {
    const early = await dispatchedComplaint();
    expect(
      (await apply(receptionist, early.request.id, { type: 'close_without_callback', reason: '业主长期不在' })).status,
    ).toBe(409);
    const repair = await resolvedRepair();
    const first = (
      await apply(receptionist, repair.id, { type: 'close_without_callback', reason: '业主出国，无法联系' })
    ).body as ApprovalView;
    await decide(manager, first.id, 'reject', '请再尝试联系');
    expect((await detailOf(ctx, receptionist, repair.id)).status).toBe('resolved');
    const second = (
      await apply(receptionist, repair.id, { type: 'close_without_callback', reason: '已联系三次均未接通' })
    ).body as ApprovalView;
    await decide(manager, second.id, 'approve');
    expect((await inbox(ctx, receptionist, repair.id)).map((item) => item.title)).toEqual(
      expect.arrayContaining(['免回访关闭申请被驳回', '免回访关闭申请已批准']),
    );
    const closed = await detailOf(ctx, receptionist, repair.id);
    expect(closed).toMatchObject({ status: 'closed', callbackDueAt: null });
    expect(closed.closedAt).not.toBeNull();
  });

  it('恶意投诉: complaints only, once; approved it leaves the valid counts, marked for staff, not told to the resident', async () => {
    const repair = await resolvedRepair();
    const notComplaint = await apply(receptionist, repair.id, { type: 'malicious', reason: '恶意' });
    expect(expectRefusal(notComplaint, 409, 'CONFLICT').message).toBe('只有投诉可以认定为恶意投诉');
    const { resident, request } = await dispatchedComplaint();
    expect(await validOf(request.id)).toBe(1);
    const asked = (
      await apply(receptionist, request.id, { type: 'malicious', reason: '同一业主一周内以不实内容投诉 12 次' })
    ).body as ApprovalView;
    expect(asked).toMatchObject({ type: 'malicious', summary: '认定为恶意投诉，不计入有效投诉' });
    await decide(manager, asked.id, 'approve', '核实属实');
    const marked = await detailOf(ctx, receptionist, request.id);
    expect(marked.maliciousAt).not.toBeNull();
    expect(marked.status).toBe('dispatched');
    expect(await validOf(request.id)).toBe(0);
    expect((await detailOf(ctx, resident, request.id)).maliciousAt).toBeNull();
    expect((await inbox(ctx, resident, request.id)).map((item) => item.topic)).not.toContain('approval_result');
    const again = await apply(receptionist, request.id, { type: 'malicious', reason: '再次认定' });
    expect(expectRefusal(again, 409, 'CONFLICT').message).toBe('该投诉已认定为恶意投诉');
  });

  it('a waived fee lets the work go on without the resident paying', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    await actOk(ctx, worker, filed.id, 'quote_fee', { items: [{ name: '更换阀门', amountFen: 8000 }] });
    const rejected = (await apply(worker, filed.id, { type: 'fee_waiver', reason: '保修期内' })).body as ApprovalView;
    await decide(manager, rejected.id, 'reject', '已过保修期');
    expect((await detailOf(ctx, resident, filed.id)).status).toBe('fee_pending');
    const approval = (await apply(worker, filed.id, { type: 'fee_waiver', reason: '保修期内，应免费' }))
      .body as ApprovalView;
    await decide(manager, approval.id, 'approve', '同意免收');
    const after = await detailOf(ctx, resident, filed.id);
    expect(after).toMatchObject({ status: 'in_progress', fee: { status: 'waived', totalFen: 8000 } });
    expect((await act(ctx, resident, filed.id, 'confirm_fee')).status).toBe(409);
    expect((await inbox(ctx, worker, filed.id)).map((item) => item.title)).toEqual(
      expect.arrayContaining(['费用减免申请被驳回', '费用减免申请已批准']),
    );
  });
});

describe('who sees what', () => {
  it('approvals of another project are not found; unknown ids neither', async () => {
    const { request } = await dispatchedComplaint();
    const approval = (await apply(receptionist, request.id, { type: 'grade_change', reason: '测试可见性', grade: 'B' }))
      .body as ApprovalView;
    const elsewhere = await insertStaff(ctx, { role: 'manager', departmentId: null, projectIds: [] });
    expect((await get(ctx, elsewhere, `/api/approvals/${approval.id}`)).status).toBe(404);
    expect((await decide(elsewhere, approval.id, 'approve')).status).toBe(404);
    expect((await get(ctx, manager, '/api/approvals/99999999')).status).toBe(404);
    expect((await get(ctx, manager, '/api/approvals?scope=everything')).body.details[0].field).toBe('scope');
    await decide(manager, approval.id, 'reject', '清理');
  });
});

describe('the live board and my escalations', () => {
  it('counts open, nearing and overdue work per department and person; escalations reach those they climbed to', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { request } = await dispatchedComplaint();
    const resident = await residentPerson(ctx);
    await fileRequest(ctx, resident, complaintOf(resident, complaintCategory)); // waiting to be dispatched
    ctx.clock.set('2026-11-27T08:00:00Z'); // the undispatched one is 50 minutes past its 10
    let board = (await get(ctx, supervisor, '/api/board')).body as BoardView;
    const own = board.departments.find((row) => row.departmentId === departmentId)!;
    expect(own.overdue).toBeGreaterThanOrEqual(1);
    expect(board.departments.every((row) => row.departmentId === departmentId)).toBe(true);
    expect(board.people.find((row) => row.userId === worker.userId)).toMatchObject({ open: expect.any(Number) });
    ctx.clock.set('2026-12-03T07:00:00Z'); // the dispatched one's 3 working days are past
    board = (await get(ctx, manager, '/api/board')).body as BoardView;
    expect(board.people.find((row) => row.userId === worker.userId)!.overdue).toBeGreaterThanOrEqual(1);
    expect((await get(ctx, worker, '/api/board')).status).toBe(403);

    // Half the 5-day span again past Wednesday's deadline: the manager's level is due.
    ctx.clock.set('2026-12-06T07:00:00Z');
    const sweeper = ctx.app.get(EscalationSweeper);
    for (let run = 0; run < 3; run++) await sweeper.sweep({ departmentIds: [departmentId] });
    const mine = (await get(ctx, manager, '/api/escalations/mine?pageSize=50')).body as Page<EscalatedRequest>;
    expect(mine.items.find((item) => item.requestId === request.id)).toMatchObject({
      level: 3,
      levelLabel: '项目经理',
      reason: 'resolution',
      reasonLabel: '办结',
    });
    const worker1 = (await get(ctx, worker, '/api/escalations/mine')).body as Page<EscalatedRequest>;
    // The handler heard of level 1 (nearly due) and level 2 (overdue, now with the supervisor).
    expect(worker1.items.find((item) => item.requestId === request.id)).toMatchObject({
      level: 2,
      levelLabel: '部门主管',
    });
  });
});

describe('pause (挂起) with the clock stopped', () => {
  it('approved, the resolution clock stands still while on hold; resuming moves the deadline by the pause', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { request } = await dispatchedComplaint();
    await actOk(ctx, worker, request.id, 'take');
    await actOk(ctx, worker, request.id, 'start');
    ctx.clock.set('2026-11-30T07:00:00Z');
    await actOk(ctx, worker, request.id, 'pause', { note: '等待业主出差回来开门' });
    const [approval] = (
      (await get(ctx, manager, '/api/approvals?scope=todo&pageSize=50')).body as Page<ApprovalView>
    ).items.filter((item) => item.request.id === request.id);
    expect(approval).toMatchObject({ type: 'pause', summary: '挂起期间暂停办结计时（2026-11-30 15:00 起）' });
    expect((await inbox(ctx, manager, request.id)).map((item) => item.title)).toContain('待审批：挂起暂停计时');
    await decide(manager, approval.id, 'approve');
    // Well past the original Wednesday deadline, but the clock is stopped: nothing escalates.
    ctx.clock.set('2026-12-05T07:00:00Z');
    await ctx.app.get(EscalationSweeper).sweep({ departmentIds: [departmentId] });
    expect((await detailOf(ctx, supervisor, request.id)).events.filter((event) => event.action === 'escalate')).toEqual(
      [],
    );
    const resumed = await actOk(ctx, worker, request.id, 'resume');
    // On hold from Monday 15:00 to Saturday 15:00: five days added to Wednesday's deadline.
    expect(due(resumed)).toBe('2026-12-07T07:00:00.000Z');
    // Its start moves with it, so the limit escalates at the pace its rule sets (issue 15).
    expect(resumed.deadlines.find((view) => view.step === 'resolution')?.startAt).toBe('2026-12-02T07:00:00.000Z');
  });

  it('resumed before anyone decided: the request for it is closed and the deadline stays', async () => {
    ctx.clock.set('2026-11-27T07:00:00Z');
    const { request } = await dispatchedComplaint();
    await actOk(ctx, worker, request.id, 'take');
    await actOk(ctx, worker, request.id, 'start');
    await actOk(ctx, worker, request.id, 'pause', { note: '等配件' });
    ctx.clock.set('2026-11-28T07:00:00Z');
    const resumed = await actOk(ctx, worker, request.id, 'resume');
    expect(due(resumed)).toBe('2026-12-02T07:00:00.000Z');
    const mine = ((await get(ctx, worker, '/api/approvals?scope=mine&pageSize=50')).body as Page<ApprovalView>).items;
    expect(mine.find((item) => item.request.id === request.id)).toMatchObject({
      status: 'rejected',
      comment: '已恢复处理，无需审批',
    });
  });
});
