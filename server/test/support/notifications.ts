import type { NotificationView, Page, SubscribeAsk, SubscribeMoment } from '@linli/shared';
import { OutboxWorker } from '../../src/modules/notifications/outbox/outbox.worker';
import type { SandboxMessage } from '../../src/sandbox';
import { get, post, type Person } from './lifecycle';
import type { TestContext } from './test-app';

export interface DeliveryRow {
  id: number;
  userId: number;
  channel: 'subscribe' | 'template';
  status: string;
  templateId: string;
  attempts: number;
  lastErrcode: number | null;
  lastError: string | null;
  topic: string;
}

/** The outbox rows of some requests, oldest first. */
export async function deliveriesOf(ctx: TestContext, requestIds: number[]): Promise<DeliveryRow[]> {
  const rows = (await ctx.dataSource.query(
    `SELECT d.id, d.user_id AS userId, d.channel, d.status, d.template_id AS templateId, d.attempts,
            d.last_errcode AS lastErrcode, d.last_error AS lastError, n.topic
       FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
      WHERE n.request_id IN (?) ORDER BY d.id`,
    [requestIds],
  )) as DeliveryRow[];
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    userId: Number(row.userId),
    attempts: Number(row.attempts),
  }));
}

/**
 * Waits until every delivery of these requests is sent or failed, nudging the worker so the
 * wait is short; retries come due as the test clock moves, so `advanceMs` moves it each round.
 */
export async function settle(
  ctx: TestContext,
  requestIds: number[],
  { timeoutMs = 20_000, advanceMs = 0 }: { timeoutMs?: number; advanceMs?: number } = {},
): Promise<DeliveryRow[]> {
  const worker = ctx.app.get(OutboxWorker);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await worker.drain();
    const rows = await deliveriesOf(ctx, requestIds);
    if (rows.every((row) => row.status === 'sent' || row.status === 'failed')) return rows;
    if (Date.now() > deadline) throw new Error(`deliveries still open: ${JSON.stringify(rows)}`);
    if (advanceMs) ctx.clock.advance(advanceMs);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function sandboxMessages(ctx: TestContext, touser: string): Promise<SandboxMessage[]> {
  const response = await fetch(`${ctx.sandbox.url}/__sandbox/messages?touser=${encodeURIComponent(touser)}`);
  return (await response.json()) as SandboxMessage[];
}

export async function sandboxControl(ctx: TestContext, path: string, body: object, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${ctx.sandbox.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** The resident taps 允许 for the templates of one moment, as the mini-app asks (h5 demo path). */
export async function allowSubscriptions(ctx: TestContext, resident: Person, moment: SubscribeMoment): Promise<void> {
  const ask = (await post(ctx, resident, '/api/notifications/subscribe-asks', { moment })).body as SubscribeAsk;
  expect(ask.askId).toEqual(expect.any(String));
  const tapped = await post(ctx, resident, '/api/dev/subscribe', { templateIds: ask.templateIds });
  expect(tapped.status).toBe(200);
  const recorded = await post(ctx, resident, '/api/notifications/subscriptions', {
    askId: ask.askId,
    answers: tapped.body.result,
  });
  expect(recorded.status).toBe(200);
}

/** The app listening on a port, and the sandbox pushing the official account's events to it. */
export async function connectOfficialAccount(ctx: TestContext): Promise<void> {
  if (!ctx.app.getHttpServer().listening) await ctx.app.listen(0, '127.0.0.1');
  const base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
  await sandboxControl(ctx, '/__sandbox/callback', {
    url: `${base}/api/wechat/official-account`,
    token: ctx.config.wechat.officialAccount.callbackToken,
  });
}

/** A staff member follows the official account and sends the binding code from the mini-app. */
export async function linkByCode(ctx: TestContext, staff: Person, oaOpenid: string): Promise<void> {
  await sandboxControl(ctx, '/__sandbox/followers', { openid: oaOpenid, following: true });
  const code = (await post(ctx, staff, '/api/me/wechat-link/code')).body.bindCode as string;
  const pushed = (await sandboxControl(ctx, '/__sandbox/oa-text', { openid: oaOpenid, content: code })) as {
    body: string;
  };
  expect(pushed.body).toContain('绑定成功');
}

export async function inbox(ctx: TestContext, who: Person, requestId?: number): Promise<NotificationView[]> {
  const page = (await get(ctx, who, '/api/notifications?pageSize=50')).body as Page<NotificationView>;
  return page.items.filter((item) => requestId === undefined || item.requestId === requestId).reverse();
}

/**
 * A failed message about a request, as the outbox worker leaves it once WeChat refused it (43101),
 * with a credit allowed again since, so that a retry has the credit it spends.
 */
export async function insertFailedDelivery(
  ctx: TestContext,
  requestId: number,
  recipient: Pick<Person, 'userId' | 'openid'>,
  title = '您的诉求已受理',
): Promise<number> {
  const now = new Date();
  const notification = (await ctx.dataSource.query(
    `INSERT INTO notification (user_id, request_id, event_id, topic, title, body, page, read_at, created_at)
     VALUES (?, ?, NULL, 'request_accepted', ?, '您的诉求已受理', NULL, NULL, ?)`,
    [recipient.userId, requestId, title, now],
  )) as { insertId: number };
  const delivery = (await ctx.dataSource.query(
    `INSERT INTO notification_delivery (notification_id, user_id, channel, touser, template_id, body, status,
            attempts, next_attempt_at, last_errcode, last_error, msgid, sent_at, created_at, updated_at)
     VALUES (?, ?, 'subscribe', ?, 'linli-tmpl-progress', ?, 'failed', 1, ?, 43101, '用户拒绝接受消息', NULL, NULL, ?, ?)`,
    [
      Number(notification.insertId),
      recipient.userId,
      recipient.openid,
      JSON.stringify({ touser: recipient.openid, template_id: 'linli-tmpl-progress', data: {} }),
      now,
      now,
      now,
    ],
  )) as { insertId: number };
  await ctx.dataSource.query(
    `INSERT INTO subscribe_credit (user_id, template_id, credits, updated_at) VALUES (?, 'linli-tmpl-progress', 1, ?)
     ON DUPLICATE KEY UPDATE credits = credits + 1`,
    [recipient.userId, now],
  );
  return Number(delivery.insertId);
}
