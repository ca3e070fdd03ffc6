import type { ApprovalView, NotificationView, Page, UnreadCount } from '@linli/shared';
import {
  actOk,
  complaintOf,
  demoStaff,
  fileRequest,
  get,
  ownTeam,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  type Person,
} from './support/lifecycle';
import { inbox } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 12: the message centre serves every member of staff, not only residents. Each role
 * reads what the server wrote to it, each entry opens the page that role works it on (an
 * approval opens the approval), and marking read stays within one's own messages.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let supervisor: Person;
let worker: Person;
let complaintCategory: number;
let repairCategory: number;

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  ({ supervisor, worker, complaintCategory, repairCategory } = await ownTeam(ctx, '消息'));
});
afterAll(async () => {
  await retireCategories(ctx, [complaintCategory, repairCategory]);
  await ctx.close();
});

const unread = async (who: Person) =>
  ((await get(ctx, who, '/api/notifications/unread-count')).body as UnreadCount).unread;

describe('staff message centres', () => {
  it('a supervisor reads 新报修待派单 and 业主催办, each opening the task', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, resident, filed.id, 'urge', { note: '漏水越来越严重了' });

    const told = await inbox(ctx, supervisor, filed.id);
    expect(told.map((item) => item.topic)).toEqual(['task_assigned', 'task_urged']);
    for (const item of told) {
      expect(item).toMatchObject({
        requestId: filed.id,
        requestNumber: filed.number,
        readAt: null,
        page: `/staff/pages/task/index?id=${filed.id}`,
      });
    }
    expect(told[1].body).toContain('漏水越来越严重了');
    expect(await unread(supervisor)).toBeGreaterThanOrEqual(2);
  });

  it('an extension request waits for the manager as 待审批 and opens that approval; the answer opens it too', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    const dispatched = await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    const due = Date.parse(dispatched.deadlines.find((deadline) => deadline.step === 'resolution')!.dueAt!);
    const opened = await post(ctx, supervisor, `/api/requests/${filed.id}/approvals`, {
      type: 'extension',
      reason: '需要等待厂家配件',
      // Three days more: the project manager's to decide (beyond 15 it is the general manager's).
      newDueAt: new Date(due + 3 * 86_400_000).toISOString(),
      plan: '先做临时处理，每天回访一次',
    });
    expect(opened.status).toBe(201);
    const approval = opened.body as ApprovalView;

    // Unlinked supervisors pass work waiting in their queue up to the manager too (nothing goes unheard).
    const waiting = (await inbox(ctx, manager, filed.id)).find((item) => item.topic === 'approval_waiting');
    expect(waiting).toMatchObject({
      topic: 'approval_waiting',
      title: '待审批：延期',
      requestNumber: filed.number,
      page: `/admin/pages/approval/index?id=${approval.id}`,
    });

    expect((await post(ctx, manager, `/api/approvals/${approval.id}/approve`, {})).status).toBe(200);
    const answer = (await inbox(ctx, supervisor, filed.id)).find((item) => item.topic === 'approval_result');
    expect(answer).toMatchObject({ title: '延期申请已批准', page: `/admin/pages/approval/index?id=${approval.id}` });
  });

  it('an invalid ruling (no approval record) still opens the request at the desk', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'rule_invalid', {
      note: '市政停水，不属于物业维修范围',
      responsibleBody: '自来水公司',
    });
    const waiting = (await inbox(ctx, manager, filed.id)).find((item) => item.topic === 'approval_waiting');
    expect(waiting).toMatchObject({ topic: 'approval_waiting', page: `/desk/pages/request/index?id=${filed.id}` });
  });

  it('a worker marks one read, then all; nobody else can mark theirs', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, repairCategory));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, resident, filed.id, 'urge', { note: '今天能来吗' });
    const mine = await inbox(ctx, worker, filed.id);
    expect(mine.map((item) => item.topic)).toEqual(['task_assigned', 'task_urged']);

    const foreign = await post(ctx, supervisor, `/api/notifications/${mine[0].id}/read`);
    expect(foreign.status).toBe(404);
    const before = await unread(worker);
    const read = await post(ctx, worker, `/api/notifications/${mine[0].id}/read`);
    expect(read.status).toBe(200);
    expect((read.body as NotificationView).readAt).toEqual(expect.any(String));
    expect(await unread(worker)).toBe(before - 1);
    const unreadOnly = (await get(ctx, worker, '/api/notifications?unread=true&pageSize=50'))
      .body as Page<NotificationView>;
    expect(unreadOnly.items.map((item) => item.id)).not.toContain(mine[0].id);

    expect((await post(ctx, worker, '/api/notifications/read-all')).body).toEqual({ unread: 0 });
    expect(await unread(worker)).toBe(0);
    // The supervisor's own messages were not touched by the worker's 全部已读.
    expect(await unread(supervisor)).toBeGreaterThan(0);
  });
});
