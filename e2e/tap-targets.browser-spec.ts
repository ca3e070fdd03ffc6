import type { CategoryNode, HouseBindingView, RequestDetail, StaffOption } from '@linli/shared';
import type { Page } from 'playwright-core';
import { api, apiLogin, type ApiUser } from './support/api';
import { login } from './support/pages';
import { smallTapTargets, type SmallTarget } from './support/tap-targets';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 12, "every tappable control ≥ 44 px high": each role logs in on a 375 px phone and visits
 * every page it can open — its home, 消息, 我的, its work lists, the forms, a request's detail in
 * the states that show that role's buttons, and the sheets those buttons open — and every button,
 * link and tappable part on screen is measured.
 */
describe('tap targets on every page, every role', () => {
  let stack: Stack;
  let zhang: ApiUser;
  let receptionist: ApiUser;
  let supervisor: ApiUser;
  let repair: RequestDetail;

  beforeAll(async () => {
    stack = await startStack();
    [zhang, receptionist, supervisor] = await Promise.all(
      ['demo-resident-1', 'demo-receptionist-1', 'demo-supervisor-1'].map((openid) => apiLogin(stack, openid)),
    );
    const [house] = await api<HouseBindingView[]>(stack, zhang, 'GET', '/api/house-bindings/mine');
    const tree = await api<CategoryNode[]>(stack, zhang, 'GET', '/api/categories?kind=repair');
    const plumbing = tree.find((node) => node.name === '入户维修')!.children.find((node) => node.name === '水电维修')!;
    repair = await api<RequestDetail>(stack, zhang, 'POST', '/api/requests', {
      kind: 'repair',
      houseBindingId: house.id,
      categoryId: plumbing.id,
      repairScope: 'in_home',
      repairItem: '厨房水龙头',
      repairLocation: '厨房',
      content: '厨房水龙头一直滴水，关不紧',
      contactName: house.name,
      contactPhone: house.phone,
      photoIds: [],
    });
  });

  afterAll(async () => {
    try {
      if (repair) {
        const { status } = await api<RequestDetail>(stack, zhang, 'GET', `/api/requests/${repair.id}`);
        if (status !== 'cancelled' && status !== 'closed') {
          await api(stack, zhang, 'POST', `/api/requests/${repair.id}/actions/cancel`, { note: '测试结束，撤销' });
        }
      }
    } finally {
      await stack?.close();
    }
  });

  /** What is too small on each page visited, keyed by the page (and the sheet open on it). */
  async function audit(page: Page, found: Record<string, SmallTarget[]>, where: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await page
      .locator('.page-state--loading')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
    // Taro's page-switch and NutUI's sheet animations: measure the resting layout.
    await page.waitForTimeout(500);
    const small = await smallTapTargets(page);
    if (small.length) found[where] = small;
  }

  async function visit(page: Page, found: Record<string, SmallTarget[]>, routes: string[]): Promise<void> {
    for (const route of routes) {
      await page.goto(`${stack.baseUrl}/#${route}`);
      await audit(page, found, route);
    }
  }

  async function asRole(openid: string, walk: (page: Page, found: Record<string, SmallTarget[]>) => Promise<void>) {
    const page = await stack.newPage();
    page.setDefaultTimeout(15_000);
    await login(page, stack.baseUrl, openid);
    await page.waitForLoadState('networkidle');
    const found: Record<string, SmallTarget[]> = {};
    await walk(page, found);
    await page.close();
    expect(found).toEqual({});
  }

  /** Opens an action's sheet on the detail page on screen, measures it and closes it. */
  async function auditSheet(page: Page, found: Record<string, SmallTarget[]>, action: string, where: string) {
    await page.locator(`#action-${action}`).click();
    await page.locator(`#action-form[data-action="${action}"]`).waitFor();
    await audit(page, found, `${where} + ${action} sheet`);
    await stack.screenshot(page, `tap-targets-${action}-sheet`);
    await page.goto(`${stack.baseUrl}/#${where}`);
  }

  it('the guest home and the login screen', async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.locator('#guest-hotline-number').waitFor();
    const found: Record<string, SmallTarget[]> = {};
    await audit(page, found, '/pages/index/index (guest)');
    await page.locator('#entry-repair').click();
    await page.locator('#login-demo-resident-1').waitFor();
    await audit(page, found, '/pages/login/index');
    await page.close();
    expect(found).toEqual({});
  });

  it('the resident', async () => {
    await asRole('demo-resident-1', async (page, found) => {
      await visit(page, found, [
        '/pages/index/index',
        '/pages/messages/index',
        '/pages/requests/index',
        '/pages/request-new/index?kind=repair',
        '/pages/request-new/index?kind=complaint',
        '/pages/request-new/index?kind=suggestion',
        '/pages/house-bind/index',
        `/pages/request-detail/index?id=${repair.id}`,
      ]);
    });
  }, 120_000);

  it('the receptionist', async () => {
    await asRole('demo-receptionist-1', async (page, found) => {
      await visit(page, found, [
        '/pages/index/index',
        '/pages/messages/index',
        '/pages/requests/index',
        '/desk/pages/queue/index',
        '/desk/pages/intake/index',
        '/desk/pages/callbacks/index',
        '/desk/pages/bindings/index',
        '/desk/pages/deliveries/index',
      ]);
      const detail = `/desk/pages/request/index?id=${repair.id}`;
      await visit(page, found, [detail]);
      await auditSheet(page, found, 'accept', detail);
    });
  }, 120_000);

  it('the supervisor', async () => {
    await api(stack, receptionist, 'POST', `/api/requests/${repair.id}/actions/accept`, {
      version: (await api<RequestDetail>(stack, receptionist, 'GET', `/api/requests/${repair.id}`)).version,
    });
    await asRole('demo-supervisor-1', async (page, found) => {
      await visit(page, found, ['/pages/index/index', '/pages/manage/index', '/pages/messages/index']);
      const detail = `/desk/pages/request/index?id=${repair.id}`;
      await visit(page, found, [detail]);
      await auditSheet(page, found, 'dispatch', detail);
    });
  }, 120_000);

  it('the worker', async () => {
    const accepted = await api<RequestDetail>(stack, supervisor, 'GET', `/api/requests/${repair.id}`);
    const staff = await api<StaffOption[]>(
      stack,
      supervisor,
      'GET',
      `/api/departments/${accepted.departmentId}/staff?projectId=${accepted.projectId}`,
    );
    const worker = staff.find((option) => option.name === '王建国')!;
    await api(stack, supervisor, 'POST', `/api/requests/${repair.id}/actions/dispatch`, {
      version: accepted.version,
      assigneeUserId: worker.userId,
    });
    await asRole('demo-repair-1', async (page, found) => {
      await visit(page, found, [
        '/pages/index/index',
        '/pages/messages/index',
        '/pages/requests/index',
        '/staff/pages/tasks/index',
        `/staff/pages/task/index?id=${repair.id}`,
      ]);
    });
  }, 120_000);

  it('the manager', async () => {
    const assigned = await api<RequestDetail>(stack, supervisor, 'GET', `/api/requests/${repair.id}`);
    const due = Date.parse(assigned.deadlines.find((deadline) => deadline.step === 'resolution')!.dueAt!);
    const approval = await api<{ id: number }>(stack, supervisor, 'POST', `/api/requests/${repair.id}/approvals`, {
      type: 'extension',
      reason: '需要等待厂家配件',
      newDueAt: new Date(due + 3 * 86_400_000).toISOString(),
      plan: '先做临时处理，每天回访一次',
    });
    await asRole('demo-manager-1', async (page, found) => {
      await visit(page, found, [`/admin/pages/approval/index?id=${approval.id}`]);
      await visit(page, found, [
        '/pages/index/index',
        '/pages/manage/index',
        '/pages/messages/index',
        '/admin/pages/approvals/index',
        '/admin/pages/board/index',
        '/admin/pages/escalations/index',
        '/admin/pages/time-limits/index',
        '/admin/pages/calendar/index',
        '/admin/pages/register/index',
        '/admin/pages/categories/index',
        '/admin/pages/settings/index',
        '/admin/pages/invitations/index',
        '/admin/pages/staff/index',
      ]);
    });
  }, 120_000);

  it('the company admin', async () => {
    await asRole('demo-admin-1', async (page, found) => {
      await visit(page, found, [
        '/pages/index/index',
        '/admin/pages/invitations/index',
        '/admin/pages/staff/index',
        '/admin/pages/changes/index',
      ]);
      // The invite page as a newcomer would see it (the admin is staff already: the card, not the button).
      await visit(page, found, ['/pages/invite/index?code=AAAAAAAAAAAAAAAAAAAA']);
    });
  }, 120_000);
});
