import type { SubscribeAnswer, SubscribeAsk } from '@linli/shared';
import { faults, type FaultRuleInput } from '../src/sandbox';
import {
  actOk,
  demoStaff,
  fileRequest,
  insertCategory,
  insertDepartment,
  post,
  repairForm,
  residentPerson,
  retireCategories,
  type Person,
  type ResidentPerson,
} from './support/lifecycle';
import { sandboxControl, sandboxMessages, settle, type DeliveryRow } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';

/**
 * Issue 13.7: the server's subscribe credits are WeChat's. One resident walks the outbox's
 * whole fault table (notification-faults.e2e-spec.ts) against the sandbox, which spends a
 * credit only on a message it delivers and answers 43101 without one (WECHAT.md §3). Taps go to
 * both sides as the phone sends them: WeChat records the answers, the mini-app reports them
 * against the server's ask. After every step the server's count per template is the sandbox's.
 */

const PROGRESS = 'linli-tmpl-progress';
const FEE = 'linli-tmpl-fee';
const DONE = 'linli-tmpl-done';
/** Beyond the sender's 5 s timeout; the sandbox still delivers once it is over. */
const SLOW_MS = 6000;

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let resident: ResidentPerson;
let categoryId: number;

beforeAll(async () => {
  ctx = await createTestContext({ env: { OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_BACKOFF_MS: '10' } });
  ({ receptionist, manager } = await demoStaff(ctx));
  const department = await insertDepartment(ctx, '额度测试部', 'supervisor');
  categoryId = (await insertCategory(ctx, 'repair', department.id)).id;
  resident = await residentPerson(ctx);
});
afterEach(() => sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE'));
afterAll(async () => {
  await retireCategories(ctx, [categoryId]);
  await ctx.close();
});

async function serverCredits(): Promise<Record<string, number>> {
  const rows = (await ctx.dataSource.query(
    'SELECT template_id AS templateId, credits FROM subscribe_credit WHERE user_id = ? AND credits > 0',
    [resident.userId],
  )) as Array<{ templateId: string; credits: number }>;
  return Object.fromEntries(rows.map((row) => [row.templateId, Number(row.credits)]));
}

async function wechatCredits(): Promise<Record<string, number>> {
  const response = await fetch(`${ctx.sandbox.url}/__sandbox/subscriptions?openid=${resident.openid}`);
  return ((await response.json()) as { credits: Record<string, number> }).credits;
}

/**
 * The invariant, with what both sides should now hold. Checked with nothing in flight: a queued
 * send holds the credit it took until WeChat answers, when it is spent or given back.
 */
async function expectCredits(expected: Record<string, number>): Promise<void> {
  const [ours, theirs] = await Promise.all([serverCredits(), wechatCredits()]);
  expect({ ours, theirs }).toEqual({ ours: expected, theirs: expected });
}

/** One tap at `moment`: the server's ask, WeChat's dialog answered, the answers reported. */
async function tap(moment: 'submit' | 'rate', answers: Record<string, SubscribeAnswer>): Promise<SubscribeAsk> {
  const ask = (await post(ctx, resident, '/api/notifications/subscribe-asks', { moment })).body as SubscribeAsk;
  expect(Object.keys(answers).every((id) => ask.templateIds.includes(id))).toBe(true);
  await sandboxControl(ctx, '/__sandbox/subscriptions', { openid: resident.openid, answers });
  const reported = await post(ctx, resident, '/api/notifications/subscriptions', { askId: ask.askId, answers });
  expect(reported.status).toBe(200);
  return ask;
}

/** How many subscribe sends to the resident reached the sandbox so far. */
async function sendsToResident(): Promise<number> {
  const calls = (await (await fetch(`${ctx.sandbox.url}/__sandbox/calls`)).json()) as Array<{
    api: string;
    body: { touser?: string } | null;
  }>;
  return calls.filter((call) => call.api === 'subscribe_send' && call.body?.touser === resident.openid).length;
}

/** Waits until the sandbox has delivered `count` messages to the resident (a slow send lands late). */
async function deliveredReaches(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await sandboxMessages(ctx, resident.openid)).length < count) {
    if (Date.now() > deadline) throw new Error(`the sandbox never reached ${count} messages`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A request filed and accepted: its 已受理 goes to the resident (progress) with `fault` in place. */
async function accepted(fault?: Omit<FaultRuleInput, 'touser'>): Promise<DeliveryRow | undefined> {
  if (fault) await sandboxControl(ctx, '/__sandbox/faults', { ...fault, touser: resident.openid });
  const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
  await actOk(ctx, receptionist, filed.id, 'accept');
  const rows = await settle(ctx, [filed.id]);
  await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
  return rows.find((row) => row.userId === resident.userId && row.channel === 'subscribe');
}

async function retry(row: DeliveryRow): Promise<{ status: number; message?: string }> {
  const answer = await post(ctx, manager, `/api/admin/deliveries/${row.id}/retry`);
  return { status: answer.status, message: answer.body?.message };
}

async function settleRow(row: DeliveryRow): Promise<DeliveryRow> {
  const [settled] = (await settle(ctx, [await requestOf(row)])).filter((each) => each.id === row.id);
  return settled;
}

async function requestOf(row: DeliveryRow): Promise<number> {
  const [found] = (await ctx.dataSource.query(
    'SELECT n.request_id AS requestId FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE d.id = ?',
    [row.id],
  )) as Array<{ requestId: number }>;
  return Number(found.requestId);
}

it('the server’s credits equal WeChat’s after every tap, send, fault and retry', async () => {
  await expectCredits({});

  // No credit: no send at all, only the message centre.
  expect(await accepted()).toBeUndefined();
  expect(await sendsToResident()).toBe(0);
  await expectCredits({});

  // A tap with mixed answers: only 允许 counts, once.
  const first = await tap('submit', { [PROGRESS]: 'accept', [FEE]: 'reject', [DONE]: 'ban' });
  await expectCredits({ [PROGRESS]: 1 });
  // The same report again, or one for a template the tap did not ask for, counts nothing.
  expect(
    (
      await post(ctx, resident, '/api/notifications/subscriptions', {
        askId: first.askId,
        answers: { [PROGRESS]: 'accept' },
      })
    ).status,
  ).toBe(409);
  const rate = (await post(ctx, resident, '/api/notifications/subscribe-asks', { moment: 'rate' }))
    .body as SubscribeAsk;
  expect(
    (await post(ctx, resident, '/api/notifications/subscriptions', { askId: rate.askId, answers: { [FEE]: 'accept' } }))
      .status,
  ).toBe(400);
  await expectCredits({ [PROGRESS]: 1 });

  // Delivered at once: the credit is spent on both sides.
  expect(await accepted()).toMatchObject({ status: 'sent', attempts: 1 });
  await expectCredits({});
  // A credit of another template, which no step below sends: it must stay 1 on both sides.
  await tap('rate', { [PROGRESS]: 'reject', [DONE]: 'accept' });
  await expectCredits({ [DONE]: 1 });

  // Every fault WeChat answers before sending: retried with the same credit, spent once on delivery.
  const transient: Array<[string, Omit<FaultRuleInput, 'touser'>, number]> = [
    ['busy (-1) twice', { api: 'subscribe_send', outcome: faults.busy(), times: 2 }, 3],
    ['HTTP 503', { api: 'subscribe_send', outcome: faults.httpStatus(503), times: 1 }, 2],
    ['a dropped connection', { api: 'subscribe_send', outcome: faults.drop(), times: 1 }, 2],
    ['the daily quota (45009)', { api: 'subscribe_send', outcome: faults.quotaReached(), times: 1 }, 2],
    ['42001 token expired', { api: 'subscribe_send', outcome: faults.tokenExpired(), times: 1 }, 1],
    ['40001 token not the latest', { api: 'subscribe_send', outcome: faults.invalidCredential(), times: 1 }, 1],
  ];
  for (const [what, fault, attempts] of transient) {
    await tap('rate', { [PROGRESS]: 'accept', [DONE]: 'reject' });
    await expectCredits({ [PROGRESS]: 1, [DONE]: 1 });
    const row = await accepted(fault);
    expect({ what, row }).toMatchObject({ what, row: { status: 'sent', attempts } });
    await expectCredits({ [DONE]: 1 });
  }
  let delivered = transient.length + 1;
  await deliveredReaches(delivered);

  // Refusals that send nothing: the credit WeChat did not spend is still ours to use.
  const permanent: Array<[string, Omit<FaultRuleInput, 'touser'>, number]> = [
    [
      '47003 a value broke WeChat’s rules',
      { api: 'subscribe_send', outcome: faults.wechatError(47003, 'argument invalid! data.thing2.value invalid') },
      47003,
    ],
    ['40003 invalid openid', { api: 'subscribe_send', outcome: faults.wechatError(40003) }, 40003],
    ['40037 invalid template', { api: 'subscribe_send', outcome: faults.wechatError(40037) }, 40037],
    ['busy every time', { api: 'subscribe_send', outcome: faults.busy() }, -1],
  ];
  const failedRows: DeliveryRow[] = [];
  for (const [what, fault, errcode] of permanent) {
    await tap('rate', { [PROGRESS]: 'accept' });
    await expectCredits({ [PROGRESS]: 1, [DONE]: 1 });
    const row = (await accepted(fault))!;
    expect({ what, row }).toMatchObject({ what, row: { status: 'failed', lastErrcode: errcode } });
    await expectCredits({ [PROGRESS]: 1, [DONE]: 1 });
    // The admin's retry spends the credit it was given back, and WeChat (now well) delivers.
    expect(await retry(row)).toEqual({ status: 200, message: undefined });
    expect(await settleRow(row)).toMatchObject({ status: 'sent', attempts: 1 });
    await expectCredits({ [DONE]: 1 });
    failedRows.push(row);
  }
  delivered += permanent.length;
  await deliveredReaches(delivered);

  // A token that cannot be had: nothing reached WeChat's send; the credit is ours again.
  await tap('rate', { [PROGRESS]: 'accept' });
  await sandboxControl(ctx, '/__sandbox/faults', { api: 'stable_token', outcome: faults.wechatError(40013), times: 1 });
  const noToken = (await accepted({ api: 'subscribe_send', outcome: faults.tokenExpired(), times: 1 }))!;
  expect(noToken).toMatchObject({ status: 'failed', lastErrcode: 40013 });
  await expectCredits({ [PROGRESS]: 1, [DONE]: 1 });

  // 43101 from WeChat (the user switched the template off): no credit on either side; the
  // retry then finds none and fails as WeChat would, without asking it.
  const refused = (await accepted({ api: 'subscribe_send', outcome: faults.userRefused(), times: 1 }))!;
  expect(refused).toMatchObject({ status: 'failed', lastErrcode: 43101, attempts: 1 });
  await expectCredits({ [DONE]: 1 });
  const sendsBefore = await sendsToResident();
  for (const row of [refused, noToken]) {
    const answer = await retry(row);
    expect(answer.status).toBe(409);
    expect(answer.message).toContain('43101');
    expect(await settleRow(row)).toMatchObject({ status: 'failed', lastErrcode: 43101 });
    await expectCredits({ [DONE]: 1 });
  }
  expect(await sendsToResident()).toBe(sendsBefore);
  // A new 允许, and the retry goes: one credit, one message.
  await tap('submit', { [PROGRESS]: 'accept', [FEE]: 'filter' });
  await expectCredits({ [PROGRESS]: 1, [DONE]: 1 });
  expect(await retry(refused)).toMatchObject({ status: 200 });
  expect(await settleRow(refused)).toMatchObject({ status: 'sent', attempts: 1 });
  await expectCredits({ [DONE]: 1 });
  delivered += 1;
  await deliveredReaches(delivered);

  // Slow beyond our timeout, holding one credit: WeChat delivers late and spends it, so there
  // is none for a second try, which fails as 43101 without reaching WeChat.
  await tap('rate', { [PROGRESS]: 'accept' });
  const sendsBeforeSlow = await sendsToResident();
  const slowOnce = (await accepted({ api: 'subscribe_send', outcome: faults.slow(SLOW_MS), times: 1 }))!;
  expect(slowOnce).toMatchObject({ status: 'failed', lastErrcode: 43101, attempts: 1 });
  expect(slowOnce.lastError).toContain('上次发送超时，可能已送达');
  delivered += 1;
  await deliveredReaches(delivered);
  expect(await sendsToResident()).toBe(sendsBeforeSlow + 1);
  await expectCredits({ [DONE]: 1 });

  // Slow holding two: the second try takes the other credit; WeChat delivers both and spends both.
  await tap('rate', { [PROGRESS]: 'accept' });
  await tap('rate', { [PROGRESS]: 'accept' });
  await expectCredits({ [PROGRESS]: 2, [DONE]: 1 });
  const slowTwice = (await accepted({ api: 'subscribe_send', outcome: faults.slow(SLOW_MS), times: 1 }))!;
  expect(slowTwice).toMatchObject({ status: 'sent', attempts: 2 });
  delivered += 2;
  await deliveredReaches(delivered);
  await expectCredits({ [DONE]: 1 });

  // The admin retries the slow row after the resident allows again: one credit, one message.
  await tap('rate', { [PROGRESS]: 'accept' });
  expect(await retry(slowOnce)).toMatchObject({ status: 200 });
  expect(await settleRow(slowOnce)).toMatchObject({ status: 'sent' });
  delivered += 1;
  await deliveredReaches(delivered);
  await expectCredits({ [DONE]: 1 });

  // A worker that died after WeChat delivered, before recording it: the row comes back when its
  // lease lapses, and goes again only with a credit of its own.
  await tap('rate', { [PROGRESS]: 'accept' });
  const orphan = (await accepted())!;
  expect(orphan).toMatchObject({ status: 'sent' });
  delivered += 1;
  await expectCredits({ [DONE]: 1 });
  const diedMidSend = () =>
    ctx.dataSource.query(
      "UPDATE notification_delivery SET status = 'sending', next_attempt_at = ?, msgid = NULL, sent_at = NULL WHERE id = ?",
      [new Date(ctx.clock.now().getTime() - 1000), orphan.id],
    );
  await diedMidSend();
  const sendsBeforeLapse = await sendsToResident();
  expect(await settleRow(orphan)).toMatchObject({ status: 'failed', lastErrcode: 43101 });
  expect(await sendsToResident()).toBe(sendsBeforeLapse);
  await expectCredits({ [DONE]: 1 });
  await tap('rate', { [PROGRESS]: 'accept' });
  await diedMidSend();
  expect(await settleRow(orphan)).toMatchObject({ status: 'sent' });
  delivered += 1;
  await deliveredReaches(delivered);
  await expectCredits({ [DONE]: 1 });

  // Every row the table failed and an admin sent again was delivered exactly once more.
  for (const row of failedRows) expect(await settleRow(row)).toMatchObject({ status: 'sent' });
  expect(await sandboxMessages(ctx, resident.openid)).toHaveLength(delivered);
}, 120_000);
