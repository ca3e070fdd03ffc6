import type { Page } from 'playwright-core';
import { choosePhoto, login, photoFile } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 10, finding 11: the server sends a Content-Security-Policy with every answer; the h5 app
 * and the Swagger UI must work under it. Chromium reports every blocked script, style, image
 * or eval as a `securitypolicyviolation` event and a console message; there must be none.
 */
describe('the h5 app under the Content-Security-Policy', () => {
  let stack: Stack;
  let page: Page;
  const consoleViolations: string[] = [];

  /** Every violation the page recorded since it loaded, plus the console's. */
  async function violations(): Promise<string[]> {
    // Reports are queued; give them a moment to arrive.
    await page.waitForTimeout(300);
    const events = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...events, ...consoleViolations];
  }

  beforeAll(async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (event) =>
        seen.push(
          `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
        ),
      );
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) consoleViolations.push(message.text());
    });
  });
  afterAll(() => stack?.close());

  it('serves the app with a policy that allows no inline script but its own', async () => {
    const response = await page.goto(`${stack.baseUrl}/`);
    const policy = (await response!.allHeaders())['content-security-policy'];
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain("'unsafe-eval'");
  });

  it('shows the guest home and the login page without a violation', async () => {
    await page.locator('#guest-hotline-number').waitFor();
    await page.locator('#guest-login').click();
    await page.locator('#login-demo-resident-1').waitFor();
    expect(await violations()).toEqual([]);
  });

  it("shows a resident's home without a violation", async () => {
    await login(page, stack.baseUrl, 'demo-resident-1');
    await page.locator('#home-houses').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('previews a chosen photo and shows it from /api/photos after filing, without a violation', async () => {
    await page.locator('#entry-repair').click();
    await page.locator('[id^="repair-category-"]', { hasText: '入户维修' }).click();
    await page.locator('[id^="repair-category-"]', { hasText: '水电维修' }).click();
    await page.fill('#repair-item input', '卫生间灯');
    await page.fill('#repair-location input', '卫生间');
    await page.fill('#repair-content textarea', '卫生间顶灯不亮了，换了灯泡也不行');
    await choosePhoto(page, 'repair-photos-add', await photoFile('csp-lamp', { r: 200, g: 180, b: 40 }));
    await page.locator('#repair-photos[data-count="1"]').waitFor();
    await page.locator('#repair-submit').click();
    await page.locator('#detail-number').waitFor();
    const photo = page.locator('[id^="detail-photo-"] img').first();
    await photo.waitFor();
    await expect(
      photo.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)),
    ).resolves.toBeGreaterThan(0);
    expect(await photo.getAttribute('src')).toContain('/api/photos/');
    expect(await violations()).toEqual([]);
  });

  it('shows the Swagger UI (development) without a violation', async () => {
    consoleViolations.length = 0;
    await page.goto(`${stack.baseUrl}/api/docs`);
    await page.locator('.swagger-ui .information-container .title').waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(await violations()).toEqual([]);
  });
});
