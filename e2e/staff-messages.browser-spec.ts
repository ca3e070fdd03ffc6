import type { AuthTokens, CategoryNode, HouseBindingView, RequestDetail } from '@linli/shared';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ReferenceDataService } from '../server/src/modules/reference/reference-data.service';
import { api, apiLogin, sandbox, type ApiUser } from './support/api';
import { login, tab, tabBadge } from './support/pages';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12 through the real h5 app, one member of staff per role: each reads in 消息 what the
 * step before wrote to them — the receptionist the outcome of a request they took first (首问), the
 * supervisor 新报修待派单 and 业主催办, the worker 业主催办 on their task, the manager and the
 * general manager (admin) 待审批 for an extension — opens it where they work it, marks it read,
 * and links the official account from their home, the card turning 已开启 with no reload.
 * The resident's and the other staff's steps go through the API.
 */
describe('every member of staff: 消息, the tab bar and WeChat', () => {
  let stack: Stack;
  let db: DataSource;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let supervisor: ApiUser;
  let manager: ApiUser;
  let worker: ApiUser;
  /** The company's general manager: no demo account has the role, so this suite adds one. */
  let admin: { tokens: AuthTokens; staffMemberId: number };
  const run = Date.now().toString(36);
  const oaOpenid = (role: string) => `oa-e2e-${role}-${run}`;
  /** Requests to withdraw at the end (the run's other specs share the database). */
  const filed: RequestDetail[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    stack = await startStack();
    db = stack.app.get(DataSource);
    [zhang, receptionist, supervisor, manager, worker] = await Promise.all(
      ['demo-resident-1', 'demo-receptionist-1', 'demo-supervisor-1', 'demo-manager-1', 'demo-repair-1'].map((openid) =>
        apiLogin(stack, openid),
      ),
    );
    admin = await addAdmin();
    // The official account pushes to this server (bind codes are sent to it).
    await sandbox(stack, 'POST', '/__sandbox/callback', {
      url: `${stack.baseUrl}/api/wechat/official-account`,
      token: stack.config.wechat.officialAccount.callbackToken,
    });
    for (const who of [receptionist, supervisor, manager, worker, adminUser()]) {
      await api(stack, who, 'POST', '/api/notifications/read-all');
    }
  });

  afterAll(async () => {
    try {
      if (!stack) return;
      for (const request of filed) {
        // The receptionist's test cancelled its own complaint already.
        const { status } = await api<RequestDetail>(stack, zhang, 'GET', `/api/requests/${request.id}`);
        if (status === 'cancelled') continue;
        await api(stack, zhang, 'POST', `/api/requests/${request.id}/actions/cancel`, { note: '测试结束，撤销' });
      }
      const staff = [receptionist, supervisor, manager, worker].filter(Boolean).map((who) => who.userId);
      if (admin) staff.push(admin.tokens.user.id);
      // Leave everyone unlinked as the seed has them, and nothing unread.
      if (staff.length) await db.query('DELETE FROM official_account_link WHERE user_id IN (?)', [staff]);
      for (const who of [zhang, receptionist, supervisor, manager, worker]) {
        if (who) await api(stack, who, 'POST', '/api/notifications/read-all');
      }
      if (admin) {
        // Out of the set-up again: later specs' long extensions find no admin, as before.
        await db.query('DELETE FROM staff_member_project WHERE staff_member_id = ?', [admin.staffMemberId]);
        await db.query('DELETE FROM staff_member WHERE id = ?', [admin.staffMemberId]);
        stack.app.get(ReferenceDataService).invalidate();
      }
    } finally {
      for (const page of pages) await page.context().close();
      await stack?.close();
    }
  });

  const adminUser = (): ApiUser => ({
    token: admin.tokens.accessToken,
    userId: admin.tokens.user.id,
    name: admin.tokens.user.name,
  });

  async function addAdmin(): Promise<{ tokens: AuthTokens; staffMemberId: number }> {
    const openid = `e2e-admin-${run}`;
    const [project] = (await db.query("SELECT id FROM project WHERE name = '阳光花园'")) as Array<{ id: number }>;
    const user = (await db.query("INSERT INTO `user` (openid, role, name, phone) VALUES (?, 'admin', ?, ?)", [
      openid,
      '吴总',
      '13900000099',
    ])) as { insertId: number };
    const member = (await db.query(
      "INSERT INTO staff_member (user_id, department_id, title, on_duty) VALUES (?, NULL, '总经理', 1)",
      [user.insertId],
    )) as { insertId: number };
    await db.query('INSERT INTO staff_member_project (staff_member_id, project_id) VALUES (?, ?)', [
      member.insertId,
      project.id,
    ]);
    stack.app.get(ReferenceDataService).invalidate();
    const { code } = await api<{ code: string }>(stack, null, 'POST', '/api/dev/login-code', { openid });
    const tokens = await api<AuthTokens>(stack, null, 'POST', '/api/auth/wechat', { code });
    return { tokens, staffMemberId: Number(member.insertId) };
  }

  async function newPage(): Promise<Page> {
    const page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    pages.push(page);
    return page;
  }

  async function fileByApi(kind: 'repair' | 'complaint', path: [string, string], content: string) {
    const [house] = await api<HouseBindingView[]>(stack, zhang, 'GET', '/api/house-bindings/mine');
    const tree = await api<CategoryNode[]>(stack, zhang, 'GET', `/api/categories?kind=${kind}`);
    const category = tree.find((node) => node.name === path[0])!.children.find((node) => node.name === path[1])!;
    const form =
      kind === 'repair'
        ? { repairScope: 'in_home', repairItem: '卫生间地漏', repairLocation: '主卫', content }
        : { content, demand: '尽快处理' };
    const request = await api<RequestDetail>(stack, zhang, 'POST', '/api/requests', {
      kind,
      houseBindingId: house.id,
      categoryId: category.id,
      ...form,
      contactName: house.name,
      contactPhone: house.phone,
    });
    filed.push(request);
    return request;
  }

  const act = (who: ApiUser, id: number, action: string, body: object = {}) =>
    api<RequestDetail>(stack, who, 'POST', `/api/requests/${id}/actions/${action}`, body);

  async function dispatchedRepair(content: string): Promise<RequestDetail> {
    const repair = await fileByApi('repair', ['入户维修', '水电维修'], content);
    await act(receptionist, repair.id, 'accept');
    return act(supervisor, repair.id, 'dispatch', { assigneeUserId: worker.userId });
  }

  /** The supervisor asks for `days` more days on the repair's 办结 limit. */
  async function askExtension(repair: RequestDetail, days: number): Promise<{ id: number }> {
    const due = Date.parse(repair.deadlines.find((deadline) => deadline.step === 'resolution')!.dueAt!);
    return api<{ id: number }>(stack, supervisor, 'POST', `/api/requests/${repair.id}/approvals`, {
      type: 'extension',
      reason: '需要等待厂家配件',
      newDueAt: new Date(due + days * 86_400_000).toISOString(),
      plan: '先做临时处理，每天回访一次',
    });
  }

  /**
   * On the home: the official-account card asks to link (and stays until linked), and 消息 has
   * the count; the 消息 tab shows it as its badge. Then 消息 lists `title` for the request.
   */
  async function readsMessage(page: Page, role: string, homeEntry: string, title: string, number: string) {
    await page.locator('#wechat-link[data-state="unlinked"]:visible').waitFor();
    await page.locator(`#${homeEntry}-count-messages:visible`, { hasText: /^[1-9]\d*$/ }).waitFor();
    await tabBadge(page, 'messages').waitFor();
    expect(Number(await tabBadge(page, 'messages').textContent())).toBeGreaterThanOrEqual(1);
    await stack.screenshot(page, `home-${role}`, { doc: true });

    await tab(page, 'messages').click();
    const message = page.locator('[id^="message-"][data-unread="true"]', { hasText: number }).filter({
      hasText: title,
    });
    await message.first().waitFor();
    expect(await tab(page, 'messages').getAttribute('data-selected')).toBe('true');
    await stack.screenshot(page, `messages-${role}`, { doc: true });
    return message.first();
  }

  /** A tap opens it (`opened` on screen), and back in 消息 it is read; 全部已读 clears the rest. */
  async function opensAndReads(page: Page, message: ReturnType<Page['locator']>, opened: string) {
    const id = await message.getAttribute('id');
    await message.click();
    await page.locator(opened).waitFor();
    // Let the slide end before going back (see notifications.browser-spec.ts).
    await page.locator('#messages-unread').waitFor({ state: 'hidden' });
    await page.goBack();
    await page.locator(`#${id}[data-unread="false"]`).waitFor();
    await page.locator('#messages-read-all').click();
    await page.locator('#messages-unread[data-count="0"]').waitFor();
    await tabBadge(page, 'messages').waitFor({ state: 'detached' });
  }

  /**
   * 首页's card: a bind code, sent to the official account as the sandbox's follower, and the
   * card says 微信通知已开启 by itself — no reload, no tap.
   */
  async function linksWechat(page: Page, role: string) {
    await tab(page, 'home').click();
    const card = page.locator('#wechat-link:visible');
    await page.locator('#wechat-link[data-state="unlinked"]:visible').waitFor();
    await card.locator('#wechat-link-get-code').click();
    const code = card.locator('#wechat-link-code');
    await code.waitFor();
    await sandbox(stack, 'POST', '/__sandbox/followers', { openid: oaOpenid(role), following: true });
    const pushed = await sandbox<{ body: string }>(stack, 'POST', '/__sandbox/oa-text', {
      openid: oaOpenid(role),
      content: (await code.textContent())!,
    });
    expect(pushed.body).toContain('绑定成功');
    await page.locator('#wechat-link[data-state="on"]:visible').waitFor();
    expect(await card.textContent()).toContain('微信通知已开启');
  }

  it('the receptionist: the outcome of a request they took first (首问负责制), and WeChat', async () => {
    // Time-limit notices on a department's work climb to its supervisor and then the project's
    // manager (nothing goes unheard); what stays the receptionist's own is the 首问 outcome.
    const complaint = await fileByApi('complaint', ['环境管理', '保洁卫生'], '楼道垃圾三天没人清理，气味很大');
    await act(receptionist, complaint.id, 'accept');
    await act(zhang, complaint.id, 'cancel', { note: '已经有人清理了' });

    const page = await newPage();
    await login(page, stack.baseUrl, 'demo-receptionist-1');
    await page.locator('#desk-entry-received').waitFor();
    expect(await page.locator('#tab-bar:visible').getAttribute('data-tabs')).toBe('home messages mine');
    const message = await readsMessage(page, 'receptionist', 'desk', '首问诉求已撤销', complaint.number);
    expect(await message.getAttribute('data-target')).toBe(`/desk/pages/request/index?id=${complaint.id}`);
    await opensAndReads(page, message, `#detail-number:has-text("${complaint.number}")`);
    await linksWechat(page, 'receptionist');
  });

  it('the supervisor: 新报修待派单, then the resident urges (业主催办), and WeChat', async () => {
    const repair = await fileByApi('repair', ['入户维修', '水电维修'], '卫生间地漏反水，地面全是水');
    await act(receptionist, repair.id, 'accept');
    await act(zhang, repair.id, 'urge', { note: '水已经漫到卧室了，麻烦快点' });

    const page = await newPage();
    await login(page, stack.baseUrl, 'demo-supervisor-1');
    await page.locator('#desk-entry-received').waitFor();
    expect(await page.locator('#tab-bar:visible').getAttribute('data-tabs')).toBe('home messages manage mine');
    const urged = await readsMessage(page, 'supervisor', 'desk', '业主催办', repair.number);
    expect(await urged.textContent()).toContain('水已经漫到卧室了');
    await page
      .locator('[id^="message-"][data-unread="true"]', { hasText: repair.number })
      .filter({ hasText: '新报修待派单' })
      .waitFor();
    await opensAndReads(page, urged, `#detail-number:has-text("${repair.number}")`);
    await linksWechat(page, 'supervisor');
  });

  it('the worker: 业主催办 on their task, and WeChat', async () => {
    const repair = await dispatchedRepair('热水器不出热水，指示灯闪烁');
    await act(zhang, repair.id, 'urge', { note: '家里老人要洗澡，今天能来吗' });

    const page = await newPage();
    await login(page, stack.baseUrl, 'demo-repair-1');
    await page.locator(`#task-${repair.id}`).waitFor();
    expect(await page.locator('#tab-bar:visible').getAttribute('data-tabs')).toBe('home messages mine');
    const urged = await readsMessage(page, 'staff', 'tasks', '业主催办', repair.number);
    expect(await urged.getAttribute('data-target')).toBe(`/staff/pages/task/index?id=${repair.id}`);
    await opensAndReads(page, urged, `#detail-number:has-text("${repair.number}")`);
    await linksWechat(page, 'staff');
  });

  it('the manager: an extension waits (待审批), the 管理 badge, the approval opened from 消息, and WeChat', async () => {
    const repair = await dispatchedRepair('客厅吊顶渗水，需要找到楼上漏点');
    const approval = await askExtension(repair, 3);

    const page = await newPage();
    await login(page, stack.baseUrl, 'demo-manager-1');
    await page.locator('#desk-entry-received').waitFor();
    await tabBadge(page, 'manage').waitFor();
    expect(Number(await tabBadge(page, 'manage').textContent())).toBeGreaterThanOrEqual(1);
    const waiting = await readsMessage(page, 'manager', 'desk', '待审批：延期', repair.number);
    expect(await waiting.getAttribute('data-target')).toBe(`/admin/pages/approval/index?id=${approval.id}`);
    await opensAndReads(page, waiting, '#approval-type[data-type="extension"]');

    await tab(page, 'manage').click();
    await page.locator('#admin-count-approvals:visible', { hasText: /^[1-9]\d*$/ }).waitFor();
    expect(await tab(page, 'manage').getAttribute('data-selected')).toBe('true');
    await stack.screenshot(page, 'manage-manager', { doc: true });
    await linksWechat(page, 'manager');
  });

  it('the general manager (admin): a long extension waits for them, and WeChat', async () => {
    const repair = await dispatchedRepair('外墙渗水，需要搭架子从外面修补');
    // Beyond 15 days an extension is the general manager's to decide (DEFAULT_APPROVER_RULES).
    const approval = await askExtension(repair, 20);

    const page = await newPage();
    // No demo account is an admin: the session goes into storage as the login screen would put it.
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate((tokens) => {
      const put = (key: string, data: string) => localStorage.setItem(key, JSON.stringify({ data }));
      put('linli.accessToken', tokens.accessToken);
      put('linli.refreshToken', tokens.refreshToken);
      put('linli.user', JSON.stringify(tokens.user));
    }, admin.tokens);
    await page.goto(`${stack.baseUrl}/#/pages/index/index`);
    await page.reload();
    await page.locator('#desk-greeting', { hasText: '吴总' }).waitFor();
    await tabBadge(page, 'manage').waitFor();
    const waiting = await readsMessage(page, 'admin', 'desk', '待审批：延期', repair.number);
    expect(await waiting.getAttribute('data-target')).toBe(`/admin/pages/approval/index?id=${approval.id}`);
    await opensAndReads(page, waiting, '#approval-type[data-type="extension"]');
    await linksWechat(page, 'admin');
  });
});
