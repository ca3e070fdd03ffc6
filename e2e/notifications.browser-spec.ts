import type { CategoryNode, DeliveryView, HouseBindingView, Page as ListPage, RequestDetail } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { faults } from '../server/src/sandbox';
import { api, apiLogin, eventually, sandbox, sandboxMessages, type ApiUser } from './support/api';
import { login, requestIdOf, tab, tabBadge as badgeOf } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 5 through the real h5 app: the resident's 消息 tab and subscribe message, a repair
 * worker linking the official account with a bind code and getting a template message, and a
 * manager sending a failed WeChat message again. The desk's steps go through the API.
 */
describe('notifications in the h5 app', () => {
  let stack: Stack;
  let resident: Page;
  let worker: Page;
  let manager: Page;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let workerUser: ApiUser;
  /** The worker's openid under the official account: a new one each run. */
  const oaOpenid = `oa-e2e-${Date.now().toString(36)}`;
  /** The repair 张伟 files in the app, and one he files through the API (the manager's case). */
  let repairId: number;
  let repairNumber: string;
  let second: RequestDetail;

  const messagesTab = () => tab(resident, 'messages');
  const tabBadge = () => badgeOf(resident, 'messages');

  beforeAll(async () => {
    stack = await startStack();
    [resident, worker, manager] = await Promise.all([stack.newPage(), stack.newPage(), stack.newPage()]);
    for (const page of [resident, worker, manager]) page.setDefaultTimeout(15_000);
    [zhang, receptionist, workerUser] = await Promise.all([
      apiLogin(stack, 'demo-resident-1'),
      apiLogin(stack, 'demo-receptionist-1'),
      apiLogin(stack, 'demo-repair-1'),
    ]);
    // Other specs of the run share the database: start 张伟's 消息 from nothing unread.
    await api(stack, zhang, 'POST', '/api/notifications/read-all');
  });

  /** A repair of 入户维修 › `leaf`, filed through the API for the resident's first house. */
  async function fileRepairByApi(
    who: ApiUser,
    leaf: string,
    form: { repairItem: string; repairLocation: string; content: string },
  ): Promise<RequestDetail> {
    const [house] = await api<HouseBindingView[]>(stack, who, 'GET', '/api/house-bindings/mine');
    const tree = await api<CategoryNode[]>(stack, who, 'GET', '/api/categories?kind=repair');
    const category = tree.find((node) => node.name === '入户维修')!.children.find((node) => node.name === leaf)!;
    return api<RequestDetail>(stack, who, 'POST', '/api/requests', {
      kind: 'repair',
      houseBindingId: house.id,
      categoryId: category.id,
      repairScope: 'in_home',
      ...form,
      contactName: house.name,
      contactPhone: house.phone,
    });
  }

  afterAll(async () => {
    try {
      if (!stack || !workerUser) return;
      // The run's other specs share the database: leave 王建国 unlinked as the seed has him,
      // 张伟's repairs withdrawn (no open tasks left with 王建国) and nothing unread.
      await stack.app.get(DataSource).query('DELETE FROM official_account_link WHERE user_id = ?', [workerUser.userId]);
      for (const id of [repairId, second?.id]) {
        if (id) await api(stack, zhang, 'POST', `/api/requests/${id}/actions/cancel`, { note: '测试结束，撤销' });
      }
      for (const who of [zhang, receptionist, workerUser]) await api(stack, who, 'POST', '/api/notifications/read-all');
    } finally {
      await stack?.close();
    }
  });

  describe('(a) the resident hears that the repair was accepted', () => {
    it('files a repair, allowing the subscribe messages on the submit tap', async () => {
      await login(resident, stack.baseUrl, 'demo-resident-1');
      await resident.locator('#entry-repair').click();
      await resident.locator('#repair-content').waitFor();
      await resident.locator('[id^="repair-category-"]', { hasText: '入户维修' }).click();
      await resident.locator('[id^="repair-category-"]', { hasText: '水电维修' }).click();
      await resident.fill('#repair-item input', '卫生间灯');
      await resident.fill('#repair-location input', '主卫天花板');
      await resident.fill('#repair-content textarea', '卫生间的灯一开就跳闸，其他房间正常');
      await resident.locator('#repair-submit').click();
      await resident.locator('#detail-number').waitFor();
      repairId = requestIdOf(resident);
      repairNumber = (await resident.locator('#detail-number').textContent())!.match(/BX\d{12}/)![0];
    });

    it('the receptionist accepts it; WeChat gets a subscribe message for 张伟', async () => {
      await api(stack, receptionist, 'POST', `/api/requests/${repairId}/actions/accept`, {});
      const message = await eventually('the subscribe message of 已受理', async () =>
        (await sandboxMessages(stack, 'demo-resident-1', 'subscribe')).find(
          (sent) => sent.data.character_string1?.value === repairNumber,
        ),
      );
      expect(message.template_id).toBe('linli-tmpl-progress');
      expect(message.data.phrase3.value).toBe('已受理');
      expect(message.page).toContain(`id=${repairId}`);
      // A second repair of 张伟's, filed and accepted meanwhile: two unread messages in all.
      second = await fileRepairByApi(zhang, '门窗五金', {
        repairItem: '阳台推拉门',
        repairLocation: '客厅阳台',
        content: '阳台推拉门的滑轮坏了，推不动也关不严',
      });
      await api(stack, receptionist, 'POST', `/api/requests/${second.id}/actions/accept`, {});
    });

    it('shows the badge on 消息 and the unread 已受理 messages', async () => {
      await resident.goto(`${stack.baseUrl}/#/pages/index/index`);
      await resident.locator('#entry-repair').waitFor();
      await tabBadge().waitFor();
      expect(await tabBadge().textContent()).toBe('2');

      await messagesTab().click();
      await resident.locator('#messages-unread[data-count="2"]').waitFor();
      await expect(resident.locator('#messages-unread').textContent()).resolves.toBe('2 条未读');
      for (const number of [repairNumber, second.number]) {
        const message = resident.locator('[id^="message-"][data-unread="true"]', { hasText: number });
        await message.waitFor();
        expect(await message.textContent()).toContain('报修已受理');
      }
      await stack.screenshot(resident, 'resident-messages', { doc: true });
    });

    it('a tap opens the repair and marks the message read', async () => {
      const message = resident.locator('[id^="message-"]', { hasText: repairNumber });
      const messageId = await message.getAttribute('id');
      await message.click();
      await resident.locator('#detail-number', { hasText: repairNumber }).waitFor();
      expect(requestIdOf(resident)).toBe(repairId);
      await resident.locator('#detail-status[data-status="accepted"]').waitFor();
      // Taro's router hides the page below only when the slide ends; going back sooner leaves
      // 消息 hidden for good (its hide timer fires after the back). A person is never that quick.
      await resident.locator('#messages-unread').waitFor({ state: 'hidden' });

      await resident.goBack();
      await resident.locator(`#${messageId}[data-unread="false"]`).waitFor();
      await resident.locator('#messages-unread[data-count="1"]').waitFor();
      await tabBadge().filter({ hasText: /^1$/ }).waitFor();
    });

    it('全部已读 clears the count and the badge', async () => {
      await resident.locator('#messages-read-all').click();
      await resident.locator('#messages-unread[data-count="0"]').waitFor();
      await expect(resident.locator('#messages-unread').textContent()).resolves.toBe('0 条未读');
      await resident.locator('[id^="message-"][data-unread="true"]').waitFor({ state: 'detached' });
      await tabBadge().waitFor({ state: 'detached' });
      const left = await api<{ unread: number }>(stack, zhang, 'GET', '/api/notifications/unread-count');
      expect(left.unread).toBe(0);
    });
  });

  describe('(b) the repair worker links the official account', () => {
    it('gets a bind code on 我的任务', async () => {
      await login(worker, stack.baseUrl, 'demo-repair-1');
      await worker.locator('#wechat-link[data-state="unlinked"]').waitFor();
      await worker.locator('#wechat-link-get-code').click();
      const code = worker.locator('#wechat-link-code');
      await code.waitFor();
      expect(await code.textContent()).toMatch(/^\d{4} \d{6}$/);
      expect(await worker.locator('#wechat-link-expiry').textContent()).toContain('前有效');
      await stack.screenshot(worker, 'staff-wechat-link', { doc: true });
    });

    it('sends the code to the official account and sees 微信通知已开启', async () => {
      const code = (await worker.locator('#wechat-link-code').textContent())!;
      await sandbox(stack, 'POST', '/__sandbox/callback', {
        url: `${stack.baseUrl}/api/wechat/official-account`,
        token: stack.config.wechat.officialAccount.callbackToken,
      });
      await sandbox(stack, 'POST', '/__sandbox/followers', { openid: oaOpenid, following: true });
      const pushed = await sandbox<{ body: string }>(stack, 'POST', '/__sandbox/oa-text', {
        openid: oaOpenid,
        content: code,
      });
      expect(pushed.body).toContain('绑定成功');

      await worker.reload();
      await worker.locator('#wechat-link[data-state="on"]').waitFor();
      expect(await worker.locator('#wechat-link').textContent()).toContain('微信通知已开启');
    });

    it('a task dispatched to them arrives as a template message', async () => {
      await api(stack, receptionist, 'POST', `/api/requests/${repairId}/actions/dispatch`, {
        assigneeUserId: workerUser.userId,
      });
      const message = await eventually('the template message of the new task', async () =>
        (await sandboxMessages(stack, oaOpenid, 'template')).find(
          (sent) => sent.data.character_string1?.value === repairNumber,
        ),
      );
      expect(message.template_id).toBe('linli-oa-tmpl-assigned');
      expect(message.miniprogram?.pagepath).toContain(`id=${repairId}`);

      await worker.reload();
      await worker.locator(`#task-${repairId}`).waitFor();
    });
  });

  describe('(c) a manager sends a failed message again', () => {
    let failed: DeliveryView;

    it('a template message WeChat refuses (43004) ends up failed', async () => {
      await sandbox(stack, 'POST', '/__sandbox/faults', {
        api: 'template_send',
        touser: oaOpenid,
        outcome: faults.notFollowing(),
      });
      await api(stack, receptionist, 'POST', `/api/requests/${second.id}/actions/dispatch`, {
        assigneeUserId: workerUser.userId,
      });

      const managerUser = await apiLogin(stack, 'demo-manager-1');
      failed = await eventually('the failed delivery', async () => {
        const page = await api<ListPage<DeliveryView>>(
          stack,
          managerUser,
          'GET',
          '/api/admin/deliveries?status=failed&pageSize=50',
        );
        return page.items.find((row) => row.requestNumber === second.number && row.channel === 'template');
      });
      expect(failed.lastErrcode).toBe(43004);
      // WeChat will answer again from now on.
      await sandbox(stack, 'DELETE', '/__sandbox/faults');
      // 43004 means they unfollowed: 我的任务 says so.
      await worker.reload();
      await worker.locator('#wechat-link[data-state="unfollowed"] #wechat-link-warning').waitFor();
    });

    it('the manager finds it under 消息发送失败', async () => {
      await login(manager, stack.baseUrl, 'demo-manager-1');
      await manager.locator('#desk-entry-deliveries').click();
      const row = manager.locator(`#delivery-${failed.id}`);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('failed');
      expect(await row.getAttribute('data-channel')).toBe('template');
      expect(await row.textContent()).toContain(workerUser.name);
      expect(await row.textContent()).toContain(second.number);
      expect(await manager.locator(`#delivery-${failed.id}-error`).textContent()).toContain('43004');
      await stack.screenshot(manager, 'manager-deliveries', { doc: true });
    });

    it('retries it after confirming, and WeChat gets the message', async () => {
      await manager.locator(`#delivery-${failed.id}-retry`).click();
      const confirm = manager.locator('.taro-model__confirm');
      await confirm.waitFor();
      expect(await manager.locator('.taro-modal__content').textContent()).toContain(workerUser.name);
      await confirm.click();
      await manager.locator(`#delivery-${failed.id}-requeued`, { hasText: '已重新排队' }).waitFor();
      await stack.screenshot(manager, 'manager-deliveries-requeued');

      const message = await eventually('the template message sent again', async () =>
        (await sandboxMessages(stack, oaOpenid, 'template')).find(
          (sent) => sent.data.character_string1?.value === second.number,
        ),
      );
      expect(message.template_id).toBe('linli-oa-tmpl-assigned');
    });
  });
});
