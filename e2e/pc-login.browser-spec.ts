import type { SessionView } from '@linli/shared';
import { api, apiLogin } from './support/api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 14 point 8: the desk logs in on a PC by QR. The h5 login page shows a one-time code; the
 * member of staff's phone scans and confirms it (here through the API, exactly as
 * pages/pc-login calls it); the page becomes that member of staff's own home.
 */
describe('logging in on a PC with the mini-program', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.close());

  it('QR on the login page → scanned (who) → confirmed: the PC is the receptionist’s desk', async () => {
    const page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('#guest-login').click();

    const code = page.locator('#login-pc-qr-code[data-state="pending"]');
    await code.waitFor();
    const ticket = await code.getAttribute('data-ticket');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await code.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await stack.screenshot(page, 'pc-login-qr', { doc: true });

    const desk = await apiLogin(stack, 'demo-receptionist-1');
    const scanned = await api<{ status: string; device: { userAgent: string } }>(
      stack,
      desk,
      'POST',
      `/api/auth/pc-login/${ticket}/scan`,
    );
    expect(scanned.status).toBe('scanned');
    expect(scanned.device.userAgent).toContain('Chrome');
    await page.locator('#login-pc-qr-code[data-state="scanned"]').waitFor();
    expect(await page.locator('#login-pc-qr-state').textContent()).toBe(`${desk.name} 已扫码，请在手机上确认`);
    await stack.screenshot(page, 'pc-login-scanned');

    await api(stack, desk, 'POST', `/api/auth/pc-login/${ticket}/confirm`);
    await page.locator('#desk-greeting').waitFor();
    expect(await page.locator('#desk-greeting').textContent()).toContain(desk.name);
    expect(page.url()).not.toContain('login');

    // The phone lists the PC as a login of its own.
    const sessions = await api<SessionView[]>(stack, desk, 'GET', '/api/me/sessions');
    expect(sessions.filter((s) => s.device === 'pc')).toHaveLength(1);

    // On the PC, 已登录的电脑 shows this very PC.
    await page.locator('#desk-entry-pc-login').click();
    await page.locator('#pc-login-sessions .pc-login__session').first().waitFor();
    expect(await page.locator('#pc-login-sessions').textContent()).toContain('（本机）');
    await page.close();
  });
});
