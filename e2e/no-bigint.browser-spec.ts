import type { Page } from 'playwright-core';
import { login } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * iOS 12 and 13 (in the browserslist) have no BigInt. The h5 app must load and work there too:
 * Chromium is made to lack it before any script of the page runs, and every uncaught error of
 * the page is collected.
 */
describe('the h5 app on a browser without BigInt (iOS 12/13)', () => {
  let stack: Stack;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await page.addInitScript(() => {
      delete (window as { BigInt?: unknown }).BigInt;
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(() => stack?.close());

  it('shows the guest home, with the hotline from the server, without an error, with BigInt really missing', async () => {
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('#guest-hotline-number').waitFor();
    expect(await page.evaluate(() => typeof (window as { BigInt?: unknown }).BigInt)).toBe('undefined');
    expect(pageErrors).toEqual([]);
  });

  it('logs a resident in to their home and opens the repair form, without an error', async () => {
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-houses').waitFor();
    await page.locator('#entry-repair').click();
    await page.locator('[id^="repair-category-"]', { hasText: '入户维修' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
