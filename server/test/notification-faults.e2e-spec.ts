import type { DeliveryView, Page } from '@linli/shared';
import { faults, type FaultRuleInput, type SandboxMessage } from '../src/sandbox';
import {
  actOk,
  demoStaff,
  fileRequest,
  get,
  insertCategory,
  insertDepartment,
  insertStaff,
  repairForm,
  residentPerson,
  retireCategories,
  type Person,
} from './support/lifecycle';
import {
  allowSubscriptions,
  connectOfficialAccount,
  linkByCode,
  sandboxControl,
  sandboxMessages,
  settle,
  type DeliveryRow,
} from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';
import { freshOpenid } from './support/api';

/**
 * Issue 5's fault tests: with each way WeChat fails injected in the sandbox, every notification
 * ends delivered or in the failed list with its reason; none is silently lost. Retries are
 * quick here (3 attempts, 10 ms backoff) so the suite does not wait out real backoffs.
 */

let ctx: TestContext;
let receptionist: Person;
let manager: Person;
let supervisor: Person;
let categoryId: number;
let departmentId: number;

beforeAll(async () => {
  ctx = await createTestContext({ env: { OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_BACKOFF_MS: '10' } });
  ({ receptionist, manager } = await demoStaff(ctx));
  departmentId = (await insertDepartment(ctx, '故障测试部', 'supervisor')).id;
  supervisor = await insertStaff(ctx, { role: 'supervisor', departmentId });
  categoryId = (await insertCategory(ctx, 'repair', departmentId)).id;
  await connectOfficialAccount(ctx);
});
afterEach(() => sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE'));
afterAll(async () => {
  await retireCategories(ctx, [categoryId]);
  await ctx.close();
});

interface Delivered {
  row: DeliveryRow;
  messages: SandboxMessage[];
  credits: number;
}

/** A resident's 已受理 subscribe message, sent with `fault` applied to calls to them. */
async function subscribeWith(fault: Omit<FaultRuleInput, 'touser'> | null): Promise<Delivered> {
  const resident = await residentPerson(ctx);
  await allowSubscriptions(ctx, resident, 'submit');
  if (fault) await sandboxControl(ctx, '/__sandbox/faults', { ...fault, touser: resident.openid });
  const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
  await actOk(ctx, receptionist, filed.id, 'accept');
  const [row] = (await settle(ctx, [filed.id])).filter((delivery) => delivery.userId === resident.userId);
  const [{ credits }] = (await ctx.dataSource.query(
    "SELECT credits FROM subscribe_credit WHERE user_id = ? AND template_id = 'linli-tmpl-progress'",
    [resident.userId],
  )) as Array<{ credits: number }>;
  return { row, messages: await sandboxMessages(ctx, resident.openid), credits: Number(credits) };
}

/** A new task's template message to a linked worker, with `fault` applied to calls to them. */
async function templateWith(fault: Omit<FaultRuleInput, 'touser'> | null): Promise<Delivered> {
  const worker = await insertStaff(ctx, { role: 'staff', departmentId });
  const openid = freshOpenid('oa-fault');
  await linkByCode(ctx, worker, openid);
  if (fault) await sandboxControl(ctx, '/__sandbox/faults', { ...fault, touser: openid });
  const resident = await residentPerson(ctx);
  const filed = await fileRequest(ctx, resident, repairForm(resident, categoryId));
  await actOk(ctx, receptionist, filed.id, 'accept');
  await actOk(ctx, supervisor, filed.id, 'dispatch', { assigneeUserId: worker.userId });
  const [row] = (await settle(ctx, [filed.id])).filter((delivery) => delivery.userId === worker.userId);
  return { row, messages: await sandboxMessages(ctx, openid), credits: 0 };
}

describe('transient failures are retried until delivered', () => {
  it.each([
    ['WeChat busy (-1) twice', 3, { api: 'subscribe_send', outcome: faults.busy(), times: 2 }],
    ['HTTP 503 from the gateway', 2, { api: 'subscribe_send', outcome: faults.httpStatus(503), times: 1 }],
    ['the connection dropped without an answer', 2, { api: 'subscribe_send', outcome: faults.drop(), times: 1 }],
    ['the daily quota (45009) spent', 2, { api: 'subscribe_send', outcome: faults.quotaReached(), times: 1 }],
  ] as const)('%s → sent on attempt %i', async (_what, attempts, fault) => {
    const { row, messages, credits } = await subscribeWith(fault as FaultRuleInput);
    expect(row).toMatchObject({ status: 'sent', attempts, lastErrcode: null, lastError: null });
    expect(messages).toHaveLength(1);
    expect(credits).toBe(0);
  });

  it.each([
    ['42001 access_token expired', faults.tokenExpired()],
    ['40001 token no longer the latest', faults.invalidCredential()],
  ])('%s → a fresh token is fetched once and the same attempt succeeds', async (_what, outcome) => {
    const { row, messages } = await subscribeWith({ api: 'subscribe_send', outcome, times: 1 });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(messages).toHaveLength(1);
  });

  it('a slow WeChat (6 s, beyond our 5 s timeout) is retried; a repeat it delivered late carries the same client_msg_id', async () => {
    const { row, messages } = await templateWith({ api: 'template_send', outcome: faults.slow(6000), times: 1 });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    // WeChat finished the slow send after we gave up: the phone may show the card twice, and the
    // shared client_msg_id is what lets WeChat (or anyone reading the log) tell it is one message.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = await sandboxMessages(ctx, messages[0].touser);
    expect(all.map((message) => message.client_msg_id)).toEqual([`linli-${row.id}`, `linli-${row.id}`]);
  }, 30_000);
});

describe('permanent failures stop at once with the reason', () => {
  it('43101 (refused, no permission left) → failed, credit cleared', async () => {
    const { row, messages, credits } = await subscribeWith({ api: 'subscribe_send', outcome: faults.userRefused() });
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 43101 });
    expect(row.lastError).toContain('用户未订阅或订阅次数已用完');
    expect(messages).toEqual([]);
    expect(credits).toBe(0);
  });

  it('47003 (a value broke WeChat’s rules) → failed, and the permission WeChat did not spend is given back', async () => {
    const outcome = faults.wechatError(47003, 'argument invalid! data.thing2.value invalid');
    const { row, credits } = await subscribeWith({ api: 'subscribe_send', outcome });
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 47003 });
    expect(row.lastError).toContain('模板参数不符合微信规则');
    expect(credits).toBe(1);
  });

  it('43004 (not following) on a template message → failed', async () => {
    const { row } = await templateWith({ api: 'template_send', outcome: faults.notFollowing() });
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastErrcode: 43004 });
    expect(row.lastError).toContain('接收人未关注公众号');
  });

  it('a token that cannot be had (40013 from stable_token after a 42001) → failed with that reason', async () => {
    await sandboxControl(ctx, '/__sandbox/faults', {
      api: 'stable_token',
      outcome: faults.wechatError(40013),
      times: 1,
    });
    const { row } = await subscribeWith({ api: 'subscribe_send', outcome: faults.tokenExpired(), times: 1 });
    expect(row).toMatchObject({ status: 'failed', lastErrcode: 40013 });
    expect(row.lastError).toContain('获取 access_token 失败（40013）');
  });

  it('busy every time → failed after the last attempt, saying how many were made', async () => {
    const { row, messages, credits } = await subscribeWith({ api: 'subscribe_send', outcome: faults.busy() });
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastErrcode: -1 });
    expect(row.lastError).toContain('重试 3 次仍未成功');
    expect(messages).toEqual([]);
    expect(credits).toBe(1);
  });
});

it('every failure above is in the admins’ failed list with its reason', async () => {
  const failed = (await get(ctx, manager, '/api/admin/deliveries?status=failed&pageSize=50'))
    .body as Page<DeliveryView>;
  const codes = new Set(failed.items.map((item) => item.lastErrcode));
  for (const errcode of [43101, 47003, 43004, 40013, -1]) expect(codes).toContain(errcode);
  expect(failed.items.every((item) => item.lastError && item.lastError.length > 0)).toBe(true);
});
