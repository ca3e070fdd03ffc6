import { faults, type SandboxMessage } from '../src/sandbox';
import { freshOpenid } from './support/api';
import { sandboxControl } from './support/notifications';
import { createTestContext, type TestContext } from './support/test-app';
import { outputOf, startWorkerProcess, stopped, waitFor } from './support/worker-process';

/**
 * Issue 5's process-level guarantees, with real worker processes against one database:
 * a worker SIGKILLed mid-batch loses nothing, and two workers never send a row twice nor
 * fetch the access token twice for one lifetime.
 */

let ctx: TestContext;

beforeAll(async () => {
  // This process only watches: the workers under test are child processes.
  ctx = await createTestContext({ env: { OUTBOX_WORKER: 'off' } });
});
afterAll(() => ctx.close());

/** `count` queued template messages to one follower, as the notifier would have written them. */
async function queue(count: number): Promise<{ openid: string; ids: number[] }> {
  const openid = freshOpenid('oa-batch');
  await sandboxControl(ctx, '/__sandbox/followers', { openid, following: true });
  const { insertId: userId } = (await ctx.dataSource.query(
    "INSERT INTO `user` (openid, role, name) VALUES (?, 'staff', '批量接收人')",
    [freshOpenid('batch-user')],
  )) as { insertId: number };
  const now = new Date();
  const rows = Array.from({ length: count }, (_, index) => [
    userId,
    'task_urged',
    `第 ${index + 1} 条`,
    '业主催办',
    now,
  ]);
  await ctx.dataSource.query('INSERT INTO notification (user_id, topic, title, body, created_at) VALUES ?', [rows]);
  const template = ctx.config.wechat.templates.officialAccount.alert;
  await ctx.dataSource.query(
    `INSERT INTO notification_delivery
       (notification_id, user_id, channel, touser, template_id, body, status, attempts, next_attempt_at, created_at, updated_at)
     SELECT id, user_id, 'template', ?, ?,
            JSON_OBJECT('touser', ?, 'template_id', ?,
              'miniprogram', JSON_OBJECT('appid', ?, 'pagepath', 'staff/pages/tasks/index'),
              'data', JSON_OBJECT('character_string1', JSON_OBJECT('value', CONCAT('N', id)),
                                  'thing2', JSON_OBJECT('value', title),
                                  'thing3', JSON_OBJECT('value', '业主催办'),
                                  'time4', JSON_OBJECT('value', '2026年11月25日 16:00'))),
            'pending', 0, ?, ?, ?
       FROM notification WHERE user_id = ? ORDER BY id`,
    [openid, template.id, openid, template.id, ctx.config.wechat.appid, now, now, now, userId],
  );
  const ids = (
    (await ctx.dataSource.query('SELECT d.id FROM notification_delivery d WHERE d.user_id = ? ORDER BY d.id', [
      userId,
    ])) as Array<{ id: number }>
  ).map((row) => Number(row.id));
  expect(ids).toHaveLength(count);
  return { openid, ids };
}

async function statusCounts(ids: number[]): Promise<Record<string, number>> {
  const rows = (await ctx.dataSource.query(
    'SELECT status, COUNT(*) AS n FROM notification_delivery WHERE id IN (?) GROUP BY status',
    [ids],
  )) as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

async function received(openid: string): Promise<SandboxMessage[]> {
  const response = await fetch(`${ctx.sandbox.url}/__sandbox/messages?touser=${openid}`);
  return (await response.json()) as SandboxMessage[];
}

/** How many rows WeChat got more than once: the same client_msg_id (the outbox row) twice or more. */
function duplicates(messages: SandboxMessage[]): { distinct: number; twice: number } {
  const ids = new Set(messages.map((message) => message.client_msg_id));
  return { distinct: ids.size, twice: messages.length - ids.size };
}

async function tokenFetches(appid: string): Promise<number> {
  const [row] = (await ctx.dataSource.query('SELECT fetch_count AS n FROM wechat_access_token WHERE appid = ?', [
    appid,
  ])) as Array<{ n: number }>;
  return Number(row?.n ?? 0);
}

it('a worker SIGKILLed while sending 500 loses none: after a restart all 500 are delivered', async () => {
  const { openid, ids } = await queue(500);
  // Each send takes a little while, so the kill lands with sends in flight.
  await sandboxControl(ctx, '/__sandbox/faults', { api: 'template_send', touser: openid, outcome: faults.slow(25) });
  const lease = { OUTBOX_LEASE_MS: '2000' };
  const first = startWorkerProcess(ctx, lease);
  try {
    await waitFor(
      async () => (await received(openid)).length >= 120,
      60_000,
      () => outputOf(first),
    );
  } finally {
    await stopped(first, 'SIGKILL');
  }
  const atKill = await statusCounts(ids);
  const inFlight = atKill.sending ?? 0;
  expect(atKill.sent).toBeLessThan(500);

  const second = startWorkerProcess(ctx, lease);
  try {
    await waitFor(
      async () => (await statusCounts(ids)).sent === 500,
      90_000,
      async () => `${JSON.stringify(await statusCounts(ids))}\n${outputOf(second)}`,
    );
  } finally {
    await stopped(second, 'SIGTERM');
  }
  // Sends that were on the wire at the kill may have reached WeChat after all; let them land.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const messages = await received(openid);
  const { distinct, twice } = duplicates(messages);
  console.log(
    `crash test: killed with ${atKill.sent ?? 0} sent and ${inFlight} claimed (in flight); ` +
      `after restart ${distinct}/500 delivered, ${twice} delivered twice`,
  );
  expect(distinct).toBe(500);
  expect(twice).toBeLessThanOrEqual(inFlight);
  expect(await tokenFetches(ctx.config.wechat.officialAccount.appid)).toBe(1);
  await sandboxControl(ctx, '/__sandbox/faults', {}, 'DELETE');
}, 180_000);

it('two worker processes deliver 1000 with no duplicate and one token fetch', async () => {
  // A fresh official account: its token row starts empty, so both processes want a token at once.
  await ctx.dataSource.query('DELETE FROM wechat_access_token WHERE appid = ?', [
    ctx.config.wechat.officialAccount.appid,
  ]);
  await sandboxControl(ctx, '/__sandbox/reset', {});
  const { openid, ids } = await queue(1000);
  const workers = [startWorkerProcess(ctx), startWorkerProcess(ctx)];
  try {
    await waitFor(
      async () => (await statusCounts(ids)).sent === 1000,
      120_000,
      async () => `${JSON.stringify(await statusCounts(ids))}\n${workers.map(outputOf).join('\n')}`,
    );
  } finally {
    await Promise.all(workers.map((worker) => stopped(worker, 'SIGTERM')));
  }
  const messages = await received(openid);
  const { distinct, twice } = duplicates(messages);
  console.log(`two workers: ${messages.length} messages, ${distinct} distinct, ${twice} duplicates`);
  expect({ messages: messages.length, distinct, twice }).toEqual({ messages: 1000, distinct: 1000, twice: 0 });
  // Both started with no token; the row lock let one fetch while the other waited and read it.
  expect(await tokenFetches(ctx.config.wechat.officialAccount.appid)).toBe(1);
}, 180_000);
