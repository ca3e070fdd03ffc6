import { getDataSourceToken } from '@nestjs/typeorm';
import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { api, apiLogin, fileRepair, type ApiUser } from './support/api';
import { login } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 13.6: what a resident types goes through WeChat's msgSecCheck (here the sandbox) before
 * it is filed. Risky text is refused on the form itself, next to the field, and nothing is filed.
 */
describe('content security in the request form', () => {
  let stack: Stack;
  let page: Page;
  const risky = '楼道里天天有人聚众赌博，吵得睡不着';

  const filedWith = async (content: string) => {
    const dataSource = stack.app.get<DataSource>(getDataSourceToken());
    const [row] = (await dataSource.query('SELECT COUNT(*) AS n FROM request WHERE content = ?', [content])) as {
      n: number | string;
    }[];
    return Number(row.n);
  };

  beforeAll(async () => {
    stack = await startStack({ env: { CONTENT_CHECK: 'on', CONTENT_RECHECK: 'off' } });
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    try {
      // Leave no open work with the desk for the next spec.
      if (stack) {
        const zhang = await apiLogin(stack, 'demo-resident-1');
        const dataSource = stack.app.get<DataSource>(getDataSourceToken());
        const rows = (await dataSource.query(
          "SELECT id FROM request WHERE resident_user_id = ? AND status NOT IN ('closed', 'cancelled')",
          [zhang.userId],
        )) as { id: number }[];
        for (const { id } of rows) {
          await api(stack, zhang, 'POST', `/api/requests/${id}/actions/cancel`, { note: '测试结束，撤销' }).catch(
            () => undefined,
          );
        }
      }
    } finally {
      await stack?.close();
    }
  });

  it('refuses risky text typed by a resident: the message shows on the form and nothing is filed', async () => {
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-houses').waitFor();
    await page.locator('#entry-repair').click();
    await page.locator('[id^="repair-category-"]', { hasText: '入户维修' }).click();
    await page.locator('[id^="repair-category-"]', { hasText: '水电维修' }).click();
    await page.fill('#repair-item input', '楼道灯');
    await page.fill('#repair-location input', '3楼楼道');
    await page.fill('#repair-content textarea', risky);
    await page.locator('#repair-submit').click();

    const error = page.locator('#repair-error-content');
    await error.waitFor();
    expect(await error.textContent()).toBe('内容含有违规信息，请修改后再提交');
    await stack.screenshot(page, 'content-check-refused', { doc: true });
    // Still on the form, with the text as typed for the resident to change.
    expect(await page.locator('#detail-number').count()).toBe(0);
    expect(await page.locator('#repair-content textarea').inputValue()).toBe(risky);
    expect(await filedWith(risky)).toBe(0);
    const calls = (await (await fetch(`${stack.sandbox.url}/__sandbox/calls`)).json()) as {
      api: string;
      body: { content?: string; version?: number; openid?: string };
    }[];
    expect(calls.find((call) => call.api === 'msg_sec_check' && call.body.content === risky)?.body).toMatchObject({
      version: 2,
      openid: 'demo-resident-1',
    });
  });

  it('files once the resident rewrites it', async () => {
    const fixed = '楼道里晚上很吵，灯也坏了，请处理';
    await page.fill('#repair-content textarea', fixed);
    await page.locator('#repair-submit').click();
    await page.locator('#detail-number').waitFor();
    expect(await filedWith(fixed)).toBe(1);
    expect(await filedWith(risky)).toBe(0);
  });

  it('files text WeChat wants reviewed, marked 内容待复核 for the desk in its queue and on the request', async () => {
    const zhang: ApiUser = await apiLogin(stack, 'demo-resident-1');
    const filed = await fileRepair(stack, zhang, { content: '厨房水龙头漏水，师傅来之前请加微信联系' });
    expect(filed.contentFlagged).toBe(false);

    const desk = await stack.newPage();
    desk.setDefaultTimeout(15_000);
    await login(desk, stack.baseUrl, 'demo-receptionist-1');
    await desk.locator('#desk-entry-search').waitFor();
    await desk.goto(`${stack.baseUrl}/#/desk/pages/queue/index?filter=received`);
    await desk.reload();
    await desk.fill('#queue-search-input input', filed.number);
    await desk.locator('#queue-search-submit').click();
    const mark = desk.locator(`#queue-request-${filed.id}-content-flag`);
    await mark.waitFor();
    expect(await mark.textContent()).toBe('内容待复核');
    await desk.locator(`#queue-request-${filed.id}`).click();
    const flag = desk.locator('#detail-content-flag');
    await flag.waitFor();
    expect(await flag.textContent()).toContain('内容待复核');
    await stack.screenshot(desk, 'content-check-desk-flag', { doc: true });
  });
});
