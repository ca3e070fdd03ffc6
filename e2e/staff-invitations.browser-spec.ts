import { randomBytes } from 'node:crypto';
import type { AuthTokens, StaffFormOptions } from '@linli/shared';
import type { Page } from 'playwright-core';
import { api, apiLogin, type ApiUser } from './support/api';
import { login } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 14 point 5 through the h5 app: the demo 公司管理员 creates an invitation (维修/服务人员,
 * 工程维修部, 阳光花园) and sees its link and QR code; a new WeChat user opens the link, sees who
 * invites them as what, taps 接受邀请 and lands on the staff home (我的任务); the admin finds the
 * acceptance in 操作记录 and the newcomer in 成员管理.
 */
describe('staff invitations in the h5 app', () => {
  let stack: Stack;
  let admin: Page;
  let adminUser: ApiUser;
  let options: StaffFormOptions;
  let newcomerId: number;

  beforeAll(async () => {
    stack = await startStack();
    admin = await stack.newPage();
    admin.setDefaultTimeout(15_000);
    adminUser = await apiLogin(stack, 'demo-admin-1');
    options = await api<StaffFormOptions>(stack, adminUser, 'GET', '/api/admin/staff-options');
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('the admin invites, the newcomer accepts and lands on the staff home, the admin sees it recorded', async () => {
    const engineering = options.departments.find((d) => d.name === '工程维修部')!;
    const sunshine = options.projects.find((p) => p.name === '阳光花园')!;

    await login(admin, stack.baseUrl, 'demo-admin-1');
    await admin.locator('#desk-greeting').waitFor();
    await admin.goto(`${stack.baseUrl}/#/admin/pages/invitations/index`);
    await admin.locator('#invitation-role-staff').click();
    await admin.locator(`#invitation-departmentId-${engineering.id}`).click();
    await admin.locator(`#invitation-projectIds-${sunshine.id}`).click();
    await admin.locator('#invitation-name-input input, input#invitation-name-input').first().fill('新同事');
    await admin.locator('#invitation-submit').click();
    const link = await admin.locator('#invitation-link').innerText();
    expect(link).toMatch(/#\/pages\/invite\/index\?code=[A-Za-z0-9_-]{20}$/);
    const qr = admin.locator('#invitation-qr img, img#invitation-qr').first();
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await admin.locator('#invitations-list [data-status="pending"]').first().waitFor();
    await stack.screenshot(admin, 'admin-invitation', { doc: true });

    // A WeChat user who never used the app: logged in like the login screen would, straight into storage.
    const newcomer = await stack.newPage();
    newcomer.setDefaultTimeout(15_000);
    const openid = `invitee-${randomBytes(5).toString('hex')}`;
    const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
    const tokens = await api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
    newcomerId = tokens.user.id;
    await newcomer.goto(`${stack.baseUrl}/`);
    await newcomer.evaluate((session) => {
      const put = (key: string, data: string) => localStorage.setItem(key, JSON.stringify({ data }));
      put('linli.accessToken', session.accessToken);
      put('linli.refreshToken', session.refreshToken);
      put('linli.user', JSON.stringify(session.user));
    }, tokens);
    await newcomer.goto(link);
    await newcomer.reload();
    await newcomer.locator('#invite-card[data-status="pending"]').waitFor();
    expect(await newcomer.locator('#invite-role').innerText()).toContain('维修/服务人员');
    expect(await newcomer.locator('#invite-department').innerText()).toContain('工程维修部');
    expect(await newcomer.locator('#invite-projects').innerText()).toContain('阳光花园');
    expect(await newcomer.locator('#invite-card').innerText()).toContain(`${adminUser.name} 邀请您加入`);
    await newcomer.locator('#invite-accept').click();
    await newcomer.locator('#tasks-empty, #tasks-total').first().waitFor();
    const stored = await newcomer.evaluate(
      () => JSON.parse(localStorage.getItem('linli.user') ?? '{}') as { data?: string },
    );
    expect(JSON.parse(stored.data ?? '{}')).toMatchObject({ id: newcomerId, role: 'staff' });

    // The link is used up: opening it again says so.
    await newcomer.goto(link);
    await newcomer.reload();
    await newcomer.locator('#invite-card[data-status="used"] #invite-closed').waitFor();

    await admin.goto(`${stack.baseUrl}/#/admin/pages/changes/index`);
    await admin.reload();
    await admin.locator('#changes-tab-staff').click();
    const entry = admin.locator('[data-entity="staff"][data-action="accept_invitation"]').first();
    await entry.waitFor();
    expect(await entry.innerText()).toContain('维修/服务人员');
    await stack.screenshot(admin, 'admin-changes', { doc: true });

    await admin.goto(`${stack.baseUrl}/#/admin/pages/staff/index`);
    await admin.reload();
    await admin.locator('#staff-filter-role-staff').click();
    await admin.locator(`#staff-${newcomerId}[data-role="staff"][data-active="true"]`).waitFor();
  });
});
