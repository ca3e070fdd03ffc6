import type { Page } from 'playwright-core';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 3's walking skeleton through the real h5 app: a demo resident logs in through the
 * WeChat sandbox, binds a house from the owner register, files a complaint and finds it in 我的.
 */
describe('resident files a complaint in the h5 app', () => {
  let stack: Stack;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(() => stack?.close());

  it('logs in as 李娜 through the sandbox', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('#guest-login').click();
    await page.locator('#login-demo-resident-2').click();
    // Not bound yet: home offers to bind a house.
    await page.locator('#home-bind-prompt').waitFor();
    await stack.screenshot(page, 'resident-home-unbound');
    const calls = (await (await fetch(`${stack.sandbox.url}/__sandbox/calls`)).json()) as {
      api: string;
      errcode: number;
    }[];
    expect(calls.filter((call) => call.api === 'jscode2session')).toEqual([
      expect.objectContaining({ api: 'jscode2session', errcode: 0 }),
    ]);
  });

  it('binds 阳光花园 2栋 1单元 502 at once: a phone WeChat verified, matched by the owner register', async () => {
    await page.locator('#home-bind').click();
    await page.locator('[id^="bind-project-"]', { hasText: '阳光花园' }).click();
    await page.locator('[id^="bind-building-"]', { hasText: '2栋' }).click();
    await page.locator('[id^="bind-unit-"]', { hasText: '1单元' }).click();
    await page
      .locator('[id^="bind-room-"]')
      .filter({ has: page.getByText('502', { exact: true }) })
      .click();
    await page.fill('#bind-name input', '李娜');
    await page.fill('#bind-phone input', '13800000002');
    await stack.screenshot(page, 'resident-house-bind');
    await page.locator('#bind-submit').click();
    const result = page.locator('#bind-result');
    await result.waitFor();
    expect(await result.getAttribute('data-status')).toBe('bound');
    expect(await result.textContent()).toContain('阳光花园 2栋 1单元 502');
    // The demo's stand-in for the getPhoneNumber tap: the server exchanged one phone code with WeChat
    // (once more after a 40001 when the stored access token was minted by an earlier sandbox).
    const calls = (await (await fetch(`${stack.sandbox.url}/__sandbox/calls`)).json()) as {
      api: string;
      errcode: number;
      body: { code: string };
    }[];
    const exchanges = calls.filter((call) => call.api === 'getuserphonenumber');
    expect(exchanges.map((call) => call.errcode)).toEqual(exchanges.length === 1 ? [0] : [40001, 0]);
    expect(new Set(exchanges.map((call) => call.body.code)).size).toBe(1);
  });

  it('shows field errors before sending an incomplete complaint', async () => {
    await page.locator('#bind-go-complaint').click();
    await page.locator('#complaint-content').waitFor();
    await page.fill('#complaint-content textarea', '太吵');
    await page.locator('#complaint-submit').click();
    await expect(page.locator('#complaint-error-content').textContent()).resolves.toContain('投诉内容至少 5 个字');
  });

  it('files a complaint and gets its number', async () => {
    await page.locator('[id^="complaint-category-"]', { hasText: '环境管理' }).click();
    await page.locator('[id^="complaint-category-"]', { hasText: '噪音扰民' }).click();
    await page.fill('#complaint-content textarea', '楼上装修每天早上七点就开始电钻，严重影响休息');
    await page.fill('#complaint-place input', '2栋1单元602');
    await page.fill('#complaint-demand textarea', '请物业协调装修时间');
    expect(await page.inputValue('#complaint-contact-phone input')).toBe('13800000002');
    await stack.screenshot(page, 'resident-complaint-form');
    await page.locator('#complaint-submit').click();

    const number = page.locator('#detail-number');
    await number.waitFor();
    expect(await number.textContent()).toMatch(/TS\d{12}/);
    expect(await page.locator('#detail-status').getAttribute('data-status')).toBe('received');
    const timeline = await page.locator('#detail-timeline').textContent();
    expect(timeline).toContain('秩序维护部');
    await stack.screenshot(page, 'resident-complaint-detail');
  });

  it('finds the complaint in 我的, newest first', async () => {
    const number = (await page.locator('#detail-number').textContent())!.match(/TS\d{12}/)![0];
    await page.goto(`${stack.baseUrl}/#/pages/requests/index`);
    const first = page.locator('[id^="request-"]').first();
    await first.waitFor();
    expect(await first.textContent()).toContain(number);
    expect(await first.textContent()).toContain('待受理');
    await stack.screenshot(page, 'resident-requests');
  });
});
