import type { DeliveryView, NotificationView, Page, StaffOption, SubscribeAsk, UnreadCount } from '@linli/shared';
import { OutboxWorker } from '../src/modules/notifications/outbox/outbox.worker';
import { NotifierService } from '../src/modules/notifications/notifier.service';
import { ServiceRequest } from '../src/modules/requests/request.entity';
import {
  act,
  actOk,
  complaintOf,
  demoStaff,
  fileRequest,
  get,
  insertCategory,
  insertDepartment,
  insertStaff,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  type DepartmentRow,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import {
  allowSubscriptions,
  connectOfficialAccount,
  deliveriesOf,
  inbox,
  linkByCode,
  sandboxControl,
  sandboxMessages,
  settle,
} from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';
import { freshOpenid } from './support/api';

/**
 * Issue 5: who is told of what, on which channel. A department of this suite's own (queue mode)
 * with a supervisor and a worker who follow the official account; residents who allow subscribe
 * messages at the taps the mini-app asks at.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let department: DepartmentRow;
let supervisor: Person;
let worker: Person;
let categoryId: number;
const oa = { supervisor: freshOpenid('oa-sup'), worker: freshOpenid('oa-worker') };
const ownCategories: number[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  ({ receptionist, manager } = await demoStaff(ctx));
  department = await insertDepartment(ctx, '通知测试部', 'supervisor');
  supervisor = await insertStaff(ctx, { role: 'supervisor', departmentId: department.id, name: '通知主管' });
  worker = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '通知师傅', title: '水电工' });
  categoryId = (await insertCategory(ctx, 'repair', department.id)).id;
  ownCategories.push(categoryId);
  await connectOfficialAccount(ctx);
  // The supervisor is linked by unionid (same Open Platform account), the worker by binding code.
  await ctx.dataSource.query('UPDATE `user` SET unionid = ? WHERE id = ?', [
    `union-${oa.supervisor}`,
    supervisor.userId,
  ]);
  await sandboxControl(ctx, '/__sandbox/followers', {
    openid: oa.supervisor,
    unionid: `union-${oa.supervisor}`,
    following: true,
  });
  await linkByCode(ctx, worker, oa.worker);
});
afterAll(async () => {
  await retireCategories(ctx, ownCategories);
  await ctx.close();
});
afterEach(() => ctx.clock.reset());

const topics = (items: NotificationView[]) => items.map((item) => item.topic);

describe('a paid in-home repair, walked from filing to rating', () => {
  let resident: ResidentPerson;
  let requestId: number;

  beforeAll(async () => {
    resident = await residentPerson(ctx);
    await allowSubscriptions(ctx, resident, 'submit');
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    requestId = filed.id;
    await actOk(ctx, receptionist, requestId, 'accept');
    await actOk(ctx, supervisor, requestId, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, requestId, 'take');
    await actOk(ctx, worker, requestId, 'start');
    await actOk(ctx, worker, requestId, 'quote_fee', { items: [{ name: '更换阀芯', amountFen: 4500 }] });
    await allowSubscriptions(ctx, resident, 'confirm_fee');
    await actOk(ctx, resident, requestId, 'confirm_fee');
    await actOk(ctx, resident, requestId, 'urge', { note: '师傅今天能修好吗' });
    await actOk(ctx, worker, requestId, 'complete', { note: '已更换阀芯，不再滴水' });
    await actOk(ctx, resident, requestId, 'rate', { satisfaction: 'satisfied', speed: 5, quality: 5, attitude: 5 });
    await settle(ctx, [requestId]);
  });

  it('every WeChat message is delivered, none failed or left waiting', async () => {
    const rows = await deliveriesOf(ctx, [requestId]);
    expect(rows.map((row) => [row.userId, row.channel, row.topic, row.status])).toEqual([
      [resident.userId, 'subscribe', 'request_accepted', 'sent'],
      [supervisor.userId, 'template', 'task_assigned', 'sent'],
      [worker.userId, 'template', 'task_assigned', 'sent'],
      [resident.userId, 'subscribe', 'fee_quoted', 'sent'],
      [worker.userId, 'template', 'fee_decided', 'sent'],
      [worker.userId, 'template', 'task_urged', 'sent'],
      [resident.userId, 'subscribe', 'request_resolved', 'sent'],
    ]);
  });

  it('the resident gets a subscribe message only while holding a credit for its template', async () => {
    const messages = await sandboxMessages(ctx, resident.openid);
    expect(messages.map((message) => [message.channel, message.template_id])).toEqual([
      ['subscribe', 'linli-tmpl-progress'],
      ['subscribe', 'linli-tmpl-fee'],
      ['subscribe', 'linli-tmpl-done'],
    ]);
    const [accepted, fee, done] = messages;
    expect(accepted).toMatchObject({
      page: `pages/request-detail/index?id=${requestId}`,
      miniprogram_state: 'developer',
      lang: 'zh_CN',
      data: { phrase3: { value: '已受理' } },
    });
    expect(accepted.data.character_string1.value).toMatch(/^BX\d{8}-?\d+$/);
    expect(fee.data).toMatchObject({ amount3: { value: '¥45.00' } });
    expect(done.data.thing3.value).toBe('已更换阀芯，不再滴水');
    // 已派单 and 开始处理 found no progress credit left: message centre only, no WeChat call at all.
    const credits = (await ctx.dataSource.query(
      'SELECT template_id AS id, credits FROM subscribe_credit WHERE user_id = ? ORDER BY template_id',
      [resident.userId],
    )) as Array<{ id: string; credits: number }>;
    expect(credits.map((row) => [row.id, Number(row.credits)])).toEqual([
      ['linli-tmpl-done', 1],
      ['linli-tmpl-fee', 0],
      ['linli-tmpl-progress', 1],
    ]);
  });

  it('staff get template messages that open the task in the mini-program', async () => {
    const toSupervisor = await sandboxMessages(ctx, oa.supervisor);
    expect(toSupervisor).toHaveLength(1);
    expect(toSupervisor[0]).toMatchObject({
      channel: 'template',
      template_id: 'linli-oa-tmpl-assigned',
      miniprogram: { appid: ctx.config.wechat.appid, pagepath: `staff/pages/task/index?id=${requestId}` },
    });
    const toWorker = await sandboxMessages(ctx, oa.worker);
    // The fee the resident accepted is news (工单进度提醒), the urge a 督办 alert.
    expect(toWorker.map((message) => message.template_id)).toEqual([
      'linli-oa-tmpl-assigned',
      'linli-oa-tmpl-update',
      'linli-oa-tmpl-alert',
    ]);
    expect(toWorker[1].data.phrase3.value).toBe('已确认');
    expect(toWorker[2].data.thing3.value).toBe('业主第 1 次催办');
    // Each official-account message carries the outbox row as client_msg_id, so WeChat can drop a repeat.
    expect(new Set(toWorker.map((message) => message.client_msg_id)).size).toBe(3);
  });

  it('every notification is in the recipients’ message centres, the urge and the outcome included', async () => {
    expect(topics(await inbox(ctx, resident, requestId))).toEqual([
      'request_accepted',
      'request_dispatched',
      'work_started',
      'fee_quoted',
      'request_resolved',
    ]);
    expect(topics(await inbox(ctx, supervisor, requestId))).toEqual(['task_assigned']);
    expect(topics(await inbox(ctx, worker, requestId))).toEqual(['task_assigned', 'fee_decided', 'task_urged']);
    // 首问负责制: the receptionist who accepted it hears how it ended.
    const outcome = await inbox(ctx, receptionist, requestId);
    expect(topics(outcome)).toEqual(['request_outcome']);
    expect(outcome[0]).toMatchObject({ title: '首问诉求已办结', page: `/desk/pages/request/index?id=${requestId}` });
    const [urged] = (await inbox(ctx, worker, requestId)).filter((item) => item.topic === 'task_urged');
    expect(urged.body).toContain('师傅今天能修好吗');
    expect(topics(await inbox(ctx, manager, requestId))).toEqual([]);
  });

  it('the sandbox accepted every value: no send was refused', async () => {
    const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as Array<{
      api: string;
      errcode: number | null;
      body: { touser?: string };
    }>;
    const ours = calls.filter(
      (call) =>
        (call.api === 'subscribe_send' || call.api === 'template_send') &&
        [resident.openid, oa.supervisor, oa.worker].includes(call.body.touser ?? ''),
    );
    expect(ours).toHaveLength(7);
    expect(ours.every((call) => call.errcode === 0)).toBe(true);
  });
});

describe('an emoji where a WeChat value is cut', () => {
  it('goes whole or not at all, so WeChat takes the value and shows no half emoji', async () => {
    const resident = await residentPerson(ctx);
    await allowSubscriptions(ctx, resident, 'submit');
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    // 👍🏽 is the 19th and 20th character: 👍 alone would fit beside the "…", its skin tone would not.
    await actOk(ctx, worker, filed.id, 'complete', { note: `${'水'.repeat(18)}👍🏽修好了` });
    await settle(ctx, [filed.id]);
    const done = (await sandboxMessages(ctx, resident.openid)).find(
      (message) => message.template_id === 'linli-tmpl-done',
    );
    const value = done?.data.thing3.value ?? '';
    expect(value).toBe(`${'水'.repeat(18)}…`);
    expect(value).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/);
    expect(Array.from(value).length).toBeLessThanOrEqual(20);
    const rows = await deliveriesOf(ctx, [filed.id]);
    expect(rows.find((row) => row.topic === 'request_resolved')?.status).toBe('sent');
  });
});

describe('the message centre', () => {
  it('lists newest first, counts unread, marks one or all read, and keeps others’ messages private', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    const page = (await get(ctx, resident, '/api/notifications')).body as Page<NotificationView>;
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 10 });
    expect(topics(page.items)).toEqual(['request_dispatched', 'request_accepted']);
    expect(page.items[0]).toMatchObject({
      requestId: filed.id,
      requestNumber: filed.number,
      readAt: null,
      title: '已派单',
      page: `/pages/request-detail/index?id=${filed.id}`,
    });
    expect(page.items[0].body).toContain('通知师傅（水电工）');
    expect((await get(ctx, resident, '/api/notifications/unread-count')).body).toEqual({ unread: 2 });

    const read = await post(ctx, resident, `/api/notifications/${page.items[1].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect(((await get(ctx, resident, '/api/notifications/unread-count')).body as UnreadCount).unread).toBe(1);
    expect(
      topics(((await get(ctx, resident, '/api/notifications?unread=true')).body as Page<NotificationView>).items),
    ).toEqual(['request_dispatched']);

    // Someone else's message is not found, rather than confirmed to exist.
    const stranger = await residentPerson(ctx);
    const foreign = await post(ctx, stranger, `/api/notifications/${page.items[0].id}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe('消息不存在或无权查看');

    expect((await post(ctx, resident, '/api/notifications/read-all')).body).toEqual({ unread: 0 });
    expect((await get(ctx, resident, '/api/notifications/unread-count')).body).toEqual({ unread: 0 });
  });

  it('refuses bad queries field by field', async () => {
    const resident = await residentPerson(ctx);
    const res = await get(ctx, resident, '/api/notifications?unread=maybe&page=0');
    expect(res.status).toBe(400);
    expect(res.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['page', 'unread']);
  });

  it('writes nothing when the change it belongs to rolls back', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    const notifier = ctx.app.get(NotifierService);
    await expect(
      ctx.dataSource.transaction(async (manager) => {
        const request = await manager.findOneByOrFail(ServiceRequest, { id: filed.id });
        request.status = 'accepted';
        await notifier.record(manager, {
          request,
          before: { status: 'received', grade: 'C', assigneeUserId: null, departmentId: department.id },
          action: 'accept',
          actor: { userId: receptionist.userId, role: 'receptionist', name: '客服' },
          eventId: 0,
          note: null,
          now: new Date(),
        });
        const [{ count }] = (await manager.query('SELECT COUNT(*) AS count FROM notification WHERE request_id = ?', [
          filed.id,
        ])) as Array<{ count: number }>;
        expect(Number(count)).toBeGreaterThan(0);
        throw new Error('the change fails after its notifications were written');
      }),
    ).rejects.toThrow('the change fails');
    expect(await inbox(ctx, resident, filed.id)).toEqual([]);
    expect(await deliveriesOf(ctx, [filed.id])).toEqual([]);
  });

  it('a refused action tells nobody', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    expect((await act(ctx, worker, filed.id, 'accept')).status).toBe(403);
    expect((await act(ctx, receptionist, filed.id, 'accept', { version: 99 })).status).toBe(409);
    expect(await inbox(ctx, resident, filed.id)).toEqual([]);
  });
});

describe('subscriptions', () => {
  const ask = async (who: Person, moment: string) =>
    (await post(ctx, who, '/api/notifications/subscribe-asks', { moment })).body as SubscribeAsk;

  it('asks for each tap’s templates and counts one credit per 允许 among them', async () => {
    const resident = await residentPerson(ctx);
    const sets = (await get(ctx, resident, '/api/notifications/subscribe-templates')).body;
    expect(sets).toEqual({
      submit: ['linli-tmpl-progress', 'linli-tmpl-fee', 'linli-tmpl-done'],
      rate: ['linli-tmpl-progress', 'linli-tmpl-done'],
      confirm_fee: ['linli-tmpl-progress', 'linli-tmpl-done'],
      bind: ['linli-tmpl-binding'],
    });
    ctx.clock.set('2026-12-03T06:00:00.000Z');
    const submit = await ask(resident, 'submit');
    expect(submit).toEqual({
      askId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
      moment: 'submit',
      templateIds: sets.submit,
      expiresAt: '2026-12-03T06:10:00.000Z',
    });
    const first = await post(ctx, resident, '/api/notifications/subscriptions', {
      askId: submit.askId,
      answers: { 'linli-tmpl-progress': 'accept', 'linli-tmpl-fee': 'reject', 'linli-tmpl-done': 'ban' },
    });
    expect(first.body).toEqual({ credits: { 'linli-tmpl-progress': 1 } });
    const rate = await ask(resident, 'rate');
    const second = await post(ctx, resident, '/api/notifications/subscriptions', {
      askId: rate.askId,
      answers: { 'linli-tmpl-progress': 'accept', 'linli-tmpl-done': 'accept' },
    });
    expect(second.body).toEqual({ credits: { 'linli-tmpl-progress': 2, 'linli-tmpl-done': 1 } });
  });

  it('an ask is good once, for its own templates and user, while fresh; nothing refused is counted', async () => {
    const resident = await residentPerson(ctx);
    const other = await residentPerson(ctx);
    const rate = await ask(resident, 'rate');
    const report = (who: Person, body: object) => post(ctx, who, '/api/notifications/subscriptions', body);

    const extra = await report(resident, {
      askId: rate.askId,
      answers: { 'linli-tmpl-progress': 'accept', 'linli-tmpl-fee': 'accept', 'other-tmpl': 'accept' },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.details).toEqual([
      { field: 'answers.linli-tmpl-fee', message: '本次没有申请这个消息模板' },
      { field: 'answers.other-tmpl', message: '本次没有申请这个消息模板' },
    ]);
    const stranger = await report(other, { askId: rate.askId, answers: { 'linli-tmpl-progress': 'accept' } });
    expect(stranger.status).toBe(404);
    const madeUp = await report(resident, { askId: 'A'.repeat(24), answers: { 'linli-tmpl-progress': 'accept' } });
    expect(madeUp.status).toBe(404);
    const noAsk = await report(resident, { answers: { 'linli-tmpl-progress': 'accept' } });
    expect(noAsk.status).toBe(400);
    expect(noAsk.body.details).toEqual([{ field: 'askId', message: '请提供订阅请求编号' }]);
    expect((await report(resident, { askId: rate.askId, answers: { 'linli-tmpl-progress': 'maybe' } })).status).toBe(
      400,
    );
    expect((await report(resident, { askId: rate.askId, answers: {} })).status).toBe(400);

    // None of the refusals spent the ask: its one report counts, a repeat of it does not.
    const once = { askId: rate.askId, answers: { 'linli-tmpl-progress': 'accept', 'linli-tmpl-done': 'accept' } };
    expect((await report(resident, once)).body).toEqual({
      credits: { 'linli-tmpl-progress': 1, 'linli-tmpl-done': 1 },
    });
    const again = await report(resident, once);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('这次订阅的结果已经记录过了');

    const late = await ask(resident, 'submit');
    ctx.clock.advance(600_000);
    const expired = await report(resident, { askId: late.askId, answers: { 'linli-tmpl-progress': 'accept' } });
    expect(expired.status).toBe(400);
    expect(expired.body.details).toEqual([{ field: 'askId', message: '订阅请求已过期，请重新申请' }]);

    expect((await post(ctx, resident, '/api/notifications/subscribe-asks', { moment: 'later' })).status).toBe(400);
    expect((await post(ctx, worker, '/api/notifications/subscribe-asks', { moment: 'submit' })).status).toBe(403);
    expect((await report(worker, once)).status).toBe(403);
    const [{ credits }] = (await ctx.dataSource.query(
      'SELECT COALESCE(SUM(credits), 0) AS credits FROM subscribe_credit WHERE user_id IN (?)',
      [[resident.userId, other.userId]],
    )) as Array<{ credits: number }>;
    expect(Number(credits)).toBe(2);
    expect((await get(ctx, resident, '/api/notifications/unread-count')).body).toEqual({ unread: 0 });
  });

  it('43101 (WeChat says no permission) clears the credit; a retry takes one, or fails without calling WeChat', async () => {
    const resident = await residentPerson(ctx);
    // The app reported a 允许 that WeChat does not know of (the tap never reached WeChat).
    const submit = await ask(resident, 'submit');
    await post(ctx, resident, '/api/notifications/subscriptions', {
      askId: submit.askId,
      answers: { 'linli-tmpl-progress': 'accept' },
    });
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    const [row] = await settle(ctx, [filed.id]).then((rows) => rows.filter((r) => r.userId === resident.userId));
    expect(row).toMatchObject({ status: 'failed', lastErrcode: 43101, attempts: 1 });
    expect(row.lastError).toContain('用户未订阅或订阅次数已用完');
    const progressCredits = async () => {
      const [found] = (await ctx.dataSource.query(
        'SELECT credits FROM subscribe_credit WHERE user_id = ? AND template_id = ?',
        [resident.userId, 'linli-tmpl-progress'],
      )) as Array<{ credits: number }>;
      return Number(found?.credits ?? 0);
    };
    expect(await progressCredits()).toBe(0);

    const failed = (await get(ctx, manager, '/api/admin/deliveries?status=failed&pageSize=50'))
      .body as Page<DeliveryView>;
    const listed = failed.items.find((item) => item.id === row.id);
    expect(listed).toMatchObject({ channel: 'subscribe', recipientName: resident.name, lastErrcode: 43101 });
    expect((await get(ctx, worker, '/api/admin/deliveries')).status).toBe(403);

    // Retried with no credit: refused, the row says why, and WeChat is not asked.
    const sends = async () =>
      ((await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as Array<{ api: string; body: unknown }>)
        .filter((call) => call.api === 'subscribe_send')
        .filter((call) => (call.body as { touser?: string }).touser === resident.openid).length;
    const sendsBefore = await sends();
    const refused = await post(ctx, manager, `/api/admin/deliveries/${row.id}/retry`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('43101');
    const [still] = await deliveriesOf(ctx, [filed.id]).then((rows) => rows.filter((r) => r.id === row.id));
    expect(still).toMatchObject({ status: 'failed', lastErrcode: 43101, attempts: 1 });
    expect(still.lastError).toBe('用户未订阅或订阅次数已用完：重试时没有可用的订阅次数，未发送');
    await ctx.app.get(OutboxWorker).drain();
    expect(await sends()).toBe(sendsBefore);

    // The resident allows it at their next tap; the admin's retry then spends that credit and delivers.
    await allowSubscriptions(ctx, resident, 'rate');
    expect(await progressCredits()).toBe(1);
    const retried = await post(ctx, manager, `/api/admin/deliveries/${row.id}/retry`);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await progressCredits()).toBe(0);
    expect((await post(ctx, manager, `/api/admin/deliveries/${row.id}/retry`)).status).toBe(409);
    const [after] = (await settle(ctx, [filed.id])).filter((r) => r.id === row.id);
    expect(after).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await sends()).toBe(sendsBefore + 1);
    expect((await sandboxMessages(ctx, resident.openid)).map((message) => message.template_id)).toEqual([
      'linli-tmpl-progress',
    ]);
    expect((await post(ctx, manager, '/api/admin/deliveries/99999999/retry')).status).toBe(404);
  });
});

describe('staff on the official account', () => {
  it('43004 (no longer following) fails at once, leaves the message centre entry, and flags the staff list', async () => {
    const leaver = await insertStaff(ctx, { role: 'staff', departmentId: department.id, name: '取关师傅' });
    const leaverOa = freshOpenid('oa-leaver');
    await linkByCode(ctx, leaver, leaverOa);
    // Unfollowed while our push endpoint was unreachable: we still think they follow.
    await sandboxControl(ctx, '/__sandbox/callback', {}, 'DELETE');
    await sandboxControl(ctx, '/__sandbox/followers', { openid: leaverOa, following: false });
    await connectOfficialAccount(ctx);

    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: leaver.userId });
    const [row] = (await settle(ctx, [filed.id])).filter((r) => r.userId === leaver.userId);
    expect(row).toMatchObject({ status: 'failed', lastErrcode: 43004, attempts: 1 });
    expect(topics(await inbox(ctx, leaver, filed.id))).toEqual(['task_assigned']);
    const staff = (await get(ctx, supervisor, `/api/departments/${department.id}/staff?projectId=${filed.projectId}`))
      .body as StaffOption[];
    expect(staff.find((option) => option.userId === leaver.userId)?.officialAccount).toBe('not_following');
    expect(staff.find((option) => option.userId === worker.userId)?.officialAccount).toBe('following');
    expect((await get(ctx, leaver, '/api/me/wechat-link')).body).toMatchObject({ linked: true, following: false });

    // The next task goes to the message centre only: no WeChat call for someone known not to follow.
    await actOk(ctx, supervisor, filed.id, 'reassign', { assigneeUserId: worker.userId });
    await actOk(ctx, supervisor, filed.id, 'reassign', { assigneeUserId: leaver.userId });
    const rows = (await settle(ctx, [filed.id])).filter((r) => r.userId === leaver.userId);
    expect(rows).toHaveLength(1);
  });

  it('an unfollow pushed by WeChat stops template messages; following again and resending the code restores them', async () => {
    const person = await insertStaff(ctx, { role: 'staff', departmentId: department.id });
    const openid = freshOpenid('oa-person');
    expect((await get(ctx, person, '/api/me/wechat-link')).body).toEqual({
      linked: false,
      following: null,
      bindCode: null,
      bindCodeExpiresAt: null,
    });
    await linkByCode(ctx, person, openid);
    expect((await get(ctx, person, '/api/me/wechat-link')).body).toMatchObject({ linked: true, following: true });
    await sandboxControl(ctx, '/__sandbox/followers', { openid, following: false });
    expect((await get(ctx, person, '/api/me/wechat-link')).body).toMatchObject({ linked: true, following: false });
    await linkByCode(ctx, person, openid);
    expect((await get(ctx, person, '/api/me/wechat-link')).body).toMatchObject({ linked: true, following: true });
  });

  it('a wrong or expired binding code links nobody, and unsigned pushes are refused', async () => {
    const person = await insertStaff(ctx, { role: 'staff', departmentId: department.id });
    const openid = freshOpenid('oa-wrong');
    await sandboxControl(ctx, '/__sandbox/followers', { openid, following: true });
    const code = (await post(ctx, person, '/api/me/wechat-link/code')).body.bindCode as string;
    expect(code).toMatch(/^\d{4} \d{6}$/);
    ctx.clock.advance(31 * 60_000);
    const late = (await sandboxControl(ctx, '/__sandbox/oa-text', { openid, content: code })) as { body: string };
    expect(late.body).toContain('绑定码无效或已过期');
    expect((await get(ctx, person, '/api/me/wechat-link')).body.linked).toBe(false);
    const unsigned = await ctx
      .http()
      .post('/api/wechat/official-account')
      .set('content-type', 'text/xml')
      .send('<xml/>');
    expect(unsigned.status).toBe(403);
    expect((await post(ctx, resident(), '/api/me/wechat-link/code')).status).toBe(401);
  });
});

describe('leads and approvals', () => {
  it('a grade A complaint reaches the department supervisor and the project managers at once', async () => {
    const complaintCategory = await insertCategory(ctx, 'complaint', department.id, 'A');
    ownCategories.push(complaintCategory.id);
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, complaintOf(resident, complaintCategory.id));
    expect(filed.grade).toBe('A');
    expect(topics(await inbox(ctx, supervisor, filed.id))).toEqual(['grave_complaint']);
    expect(topics(await inbox(ctx, manager, filed.id))).toEqual(['grave_complaint']);
    // Accepting it (still grade A) does not tell them twice.
    await actOk(ctx, receptionist, filed.id, 'accept');
    expect(topics(await inbox(ctx, manager, filed.id))).toEqual(['grave_complaint']);
  });

  it('an invalid ruling waits for the manager, whose decision reaches the resident and the receptionist', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'rule_invalid', {
      note: '市政供水管网故障，不属于物业维修范围',
      responsibleBody: '自来水公司',
    });
    expect(topics(await inbox(ctx, manager, filed.id))).toEqual(['approval_waiting']);
    // Internal until approved: the resident hears nothing yet.
    expect(await inbox(ctx, resident, filed.id)).toEqual([]);
    await actOk(ctx, manager, filed.id, 'approve_invalid');
    const told = await inbox(ctx, resident, filed.id);
    expect(topics(told)).toEqual(['request_invalid']);
    expect(told[0].body).toContain('自来水公司');
    expect(topics(await inbox(ctx, receptionist, filed.id))).toEqual(['approval_result']);
  });
});

describe('work waiting in a department', () => {
  it('a reopen reaches the worker as 返工, not as another new task, and the queue as work waiting', async () => {
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
    await actOk(ctx, worker, filed.id, 'take');
    await actOk(ctx, worker, filed.id, 'start');
    await actOk(ctx, worker, filed.id, 'complete', { note: '已处理' });
    const before = (await sandboxMessages(ctx, oa.worker)).length;
    await actOk(ctx, resident, filed.id, 'reopen', { note: '还是在滴水', speed: 3, quality: 1, attitude: 4 });
    await settle(ctx, [filed.id]);
    const reopened = (await sandboxMessages(ctx, oa.worker)).slice(before);
    expect(reopened.map((message) => message.template_id)).toEqual(['linli-oa-tmpl-rework']);
    expect(reopened[0].data.thing3.value).toBe('业主不满意，重新处理');
    expect(topics(await inbox(ctx, supervisor, filed.id)).slice(-1)).toEqual(['task_assigned']);
  });

  it('a transfer into a 抢单 department tells its on-duty staff, not those off duty', async () => {
    const claimDept = await insertDepartment(ctx, '抢单通知部', 'claim');
    const onDuty = await insertStaff(ctx, { role: 'staff', departmentId: claimDept.id });
    const offDuty = await insertStaff(ctx, { role: 'staff', departmentId: claimDept.id, onDuty: false });
    const resident = await residentPerson(ctx);
    const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
    await actOk(ctx, receptionist, filed.id, 'accept');
    await actOk(ctx, receptionist, filed.id, 'transfer', { departmentId: claimDept.id, note: '属于抢单部门' });
    expect(topics(await inbox(ctx, onDuty, filed.id))).toEqual(['task_transferred_in']);
    expect(await inbox(ctx, offDuty, filed.id)).toEqual([]);
    // The resident hears where the request went, not the desk's reason for moving it.
    const told = await inbox(ctx, resident, filed.id);
    expect(topics(told)).toEqual(['request_accepted', 'request_transferred']);
    expect(told[1].body).toContain('抢单通知部');
    expect(told[1].body).not.toContain('属于抢单部门');
  });
});

function resident(): Person {
  return { auth: { Authorization: 'Bearer nope' } } as Person;
}
