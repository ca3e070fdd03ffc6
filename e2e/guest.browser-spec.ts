import type { Page } from 'playwright-core';
import { tab, tabBar } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Look before logging in (WeChat's 帐号登录规范): a cold start shows the guest home — 我要办事,
 * 服务指南, the property's hotline — and asks for a login only at the first tap that needs it,
 * coming back to that tap's page for a resident; staff still land on their own home.
 */
describe('a guest looks first and logs in at the first action that needs it', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  async function guestPage(): Promise<Page> {
    const page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('#guest-home').waitFor();
    return page;
  }

  const onLoginPage = (page: Page) => page.locator('#login-demo-resident-1').waitFor();

  it('opens on the guest home: entries, the service guide and the hotline, without a login', async () => {
    const page = await guestPage();
    for (const kind of ['repair', 'complaint', 'suggestion']) await page.locator(`#entry-${kind}`).waitFor();
    await page.locator('#guest-login').waitFor();
    // The hotline from GET /api/public/service-info: the development default, which dials nobody.
    expect(await page.locator('#guest-hotline-number').textContent()).toBe(stack.config.serviceInfo.hotline);
    expect(await page.locator('#guest-hotline').textContent()).toContain('阳光物业服务有限公司');
    await page.locator('#guest-hotline-call').waitFor();
    expect(await page.locator('#guide-complaint').textContent()).toContain('10 分钟内派单');
    expect(await page.locator('#guide-repair').textContent()).toContain('2 天内办结');
    expect(await tabBar(page).getAttribute('data-tabs')).toBe('home messages mine');
    await stack.screenshot(page, 'guest-home', { doc: true });

    // Nothing sends the guest on to the login page by itself.
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(page.url()).not.toContain('login');
    expect(await page.locator('#login-demo').count()).toBe(0);

    await page.locator('#guest-guide').scrollIntoViewIfNeeded();
    await stack.screenshot(page, 'guest-guide', { doc: true });
    await page.close();
  });

  it('消息 asks to log in, and 暂不登录 goes back to looking', async () => {
    const page = await guestPage();
    await tab(page, 'messages').click();
    await onLoginPage(page);
    expect(decodeURIComponent(page.url())).toContain('redirect=/pages/messages/index');
    await page.locator('#login-skip').click();
    await page.locator('#guest-hotline-number').waitFor();
    expect(page.url()).not.toContain('login');
    await page.close();
  });

  it('报修 asks to log in; the resident then lands on the repair form, with 首页 behind it', async () => {
    const page = await guestPage();
    await page.locator('#entry-repair').click();
    await onLoginPage(page);
    expect(decodeURIComponent(page.url())).toContain('redirect=/pages/request-new/index?kind=repair');
    await stack.screenshot(page, 'guest-login', { doc: true });
    await page.locator('#login-demo-resident-1').click();
    await page.locator('#repair-content').waitFor();
    expect(page.url()).toContain('/pages/request-new/index?kind=repair');
    await stack.screenshot(page, 'guest-lands-on-repair-form');
    // 返回 leads to the resident's own home, not back to the login page.
    await page.goBack();
    await page.locator('#home-houses').waitFor();
    expect(await page.locator('#guest-home').count()).toBe(0);
    await page.close();
  });

  it('我的 asks to log in; the resident then lands on their list', async () => {
    const page = await guestPage();
    await tab(page, 'mine').click();
    await onLoginPage(page);
    await page.locator('#login-demo-resident-1').click();
    await page.locator('#requests-tab-all').waitFor();
    expect(page.url()).toContain('/pages/requests/index');
    expect(await tab(page, 'mine').getAttribute('data-selected')).toBe('true');
    await page.close();
  });

  it('a receptionist who tapped 报修 as a guest still lands on the desk home', async () => {
    const page = await guestPage();
    await page.locator('#entry-repair').click();
    await page.locator('#login-demo-receptionist-1').click();
    await page.locator('#desk-greeting', { hasText: '陈静' }).waitFor();
    expect(page.url()).not.toContain('request-new');
    await stack.screenshot(page, 'guest-receptionist-desk-home');
    await page.close();
  });
});
