import { ROLES } from '@linli/shared';
import {
  ADMIN_APPROVAL_PAGE,
  ADMIN_APPROVALS_PAGE,
  ADMIN_BOARD_PAGE,
  ADMIN_CALENDAR_PAGE,
  ADMIN_ESCALATIONS_PAGE,
  ADMIN_HOME_PAGE,
  ADMIN_TIME_LIMITS_PAGE,
  DESK_DELIVERIES_PAGE,
  DESK_HOME_PAGE,
  DESK_REQUEST_PAGE,
  HOME_PAGE,
  MANAGE_PAGE,
  MESSAGES_PAGE,
  REQUESTS_PAGE,
  STAFF_TASKS_PAGE,
  TAB_PAGES,
  approvalUrl,
  approvalsUrl,
  calendarUrl,
  canRequestApprovals,
  canSeeAdmin,
  canEditTimeLimits,
  canSeeDeliveries,
  canSeeTimeLimits,
  deskRequestUrl,
  detailUrlFor,
  hasTasks,
  isDeskRole,
  landingPage,
  messageTarget,
  newRequestUrl,
  pageTarget,
  tabsFor,
} from './routes';

(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = require('../app.config').default as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { custom?: boolean; list: { pagePath: string }[] };
};

const allPages = [
  ...appConfig.pages.map((page) => `/${page}`),
  ...appConfig.subPackages.flatMap((pkg) => pkg.pages.map((page) => `/${pkg.root}/${page}`)),
];

describe('role → landing page', () => {
  it('lands every role on the 首页 tab, which shows each its own home', () => {
    for (const role of ROLES) expect(landingPage(role)).toBe(HOME_PAGE);
    // The staff homes outside the tab bar stay declared (older links, entries).
    expect(allPages).toContain(STAFF_TASKS_PAGE);
    expect(allPages).toContain(DESK_HOME_PAGE);
  });

  it.each(ROLES)('lands %s on a page that app.config.ts declares', (role) => {
    expect(allPages).toContain(landingPage(role));
  });

  it('knows who has tasks and who works the desk', () => {
    expect(ROLES.filter(hasTasks)).toEqual(['staff', 'supervisor']);
    expect(ROLES.filter(isDeskRole)).toEqual(['receptionist', 'supervisor', 'manager', 'admin']);
  });

  it('opens a request in the role’s own detail page', () => {
    expect(detailUrlFor('resident', 3)).toBe('/pages/request-detail/index?id=3');
    expect(detailUrlFor('staff', 3)).toBe('/staff/pages/task/index?id=3');
    expect(detailUrlFor('receptionist', 3)).toBe('/desk/pages/request/index?id=3');
    expect(deskRequestUrl(3, { action: 'callback' })).toBe('/desk/pages/request/index?id=3&action=callback');
    expect(newRequestUrl('repair')).toBe('/pages/request-new/index?kind=repair');
  });

  it('links only to declared pages', () => {
    for (const url of [newRequestUrl('repair'), detailUrlFor('staff', 1), detailUrlFor('manager', 1)]) {
      expect(allPages).toContain(url.split('?')[0]);
    }
  });
});

describe('tab bar and notification links', () => {
  it('knows the tab pages in app.config.ts order, drawn by our own bar', () => {
    expect(TAB_PAGES).toEqual(appConfig.tabBar.list.map((tab) => `/${tab.pagePath}`));
    expect(appConfig.tabBar.custom).toBe(true);
  });

  it('shows 管理 to supervisors, managers and admins only', () => {
    const keys = (role: (typeof ROLES)[number]) => tabsFor(role).map((tab) => tab.text);
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      expect(keys(role)).toEqual(['首页', '消息', '管理', '我的']);
    }
    for (const role of ['resident', 'staff', 'receptionist'] as const)
      expect(keys(role)).toEqual(['首页', '消息', '我的']);
    expect(tabsFor('admin').map((tab) => tab.page)).toEqual([HOME_PAGE, MESSAGES_PAGE, MANAGE_PAGE, REQUESTS_PAGE]);
  });

  it('opens a message where the viewer works it', () => {
    const message = (page: string | null, topic = 'task_urged', requestId: number | null = 5) => ({
      page,
      topic,
      requestId,
    });
    // The server's page when the role can open it.
    expect(messageTarget('staff', message('/staff/pages/task/index?id=5'))).toBe('/staff/pages/task/index?id=5');
    expect(messageTarget('supervisor', message('/staff/pages/task/index?id=5'))).toBe('/staff/pages/task/index?id=5');
    expect(messageTarget('receptionist', message('/desk/pages/request/index?id=5'))).toBe(
      '/desk/pages/request/index?id=5',
    );
    expect(messageTarget('resident', message('/pages/request-detail/index?id=5', 'request_accepted'))).toBe(
      '/pages/request-detail/index?id=5',
    );
    // Otherwise the role's own request page.
    expect(messageTarget('receptionist', message('/staff/pages/task/index?id=5'))).toBe(`${DESK_REQUEST_PAGE}?id=5`);
    expect(messageTarget('staff', message('/desk/pages/request/index?id=5'))).toBe('/staff/pages/task/index?id=5');
    expect(messageTarget('manager', message(null, 'escalated'))).toBe(`${DESK_REQUEST_PAGE}?id=5`);
    // An approval opens the approval.
    expect(messageTarget('manager', message('/admin/pages/approval/index?id=9', 'approval_waiting'))).toBe(
      approvalUrl(9),
    );
    expect(messageTarget('staff', message('/admin/pages/approval/index?id=9', 'approval_result'))).toBe(approvalUrl(9));
    expect(messageTarget('manager', message(null, 'approval_waiting', null))).toBe(approvalsUrl('todo'));
    // A house alert opens nothing.
    expect(messageTarget('resident', message(null, 'binding_requested', null))).toBeNull();
  });

  it('opens a notification’s page with navigateTo, or switches to a tab page', () => {
    expect(pageTarget('/pages/request-detail/index?id=12')).toEqual({
      url: '/pages/request-detail/index?id=12',
      tab: false,
    });
    expect(pageTarget('staff/pages/task/index?id=12')).toEqual({ url: '/staff/pages/task/index?id=12', tab: false });
    expect(pageTarget('/pages/index/index?from=binding')).toEqual({ url: '/pages/index/index', tab: true });
  });

  it('shows failed deliveries to managers and admins, on a declared page', () => {
    expect(ROLES.filter(canSeeDeliveries)).toEqual(['manager', 'admin']);
    expect(allPages).toContain(DESK_DELIVERIES_PAGE);
    expect(allPages).toContain(MESSAGES_PAGE);
  });

  it('shows time limits and the calendar to managers and admins, editable by admins only', () => {
    expect(ROLES.filter(canSeeTimeLimits)).toEqual(['manager', 'admin']);
    expect(ROLES.filter(canEditTimeLimits)).toEqual(['admin']);
    expect(allPages).toContain(ADMIN_TIME_LIMITS_PAGE);
    expect(allPages).toContain(ADMIN_CALENDAR_PAGE);
    expect(calendarUrl(2027)).toBe('/admin/pages/calendar/index?year=2027');
  });

  it('opens 管理 to supervisors, managers and admins, on declared pages', () => {
    expect(ROLES.filter(canSeeAdmin)).toEqual(['supervisor', 'manager', 'admin']);
    expect(ROLES.filter(canRequestApprovals)).toEqual(['receptionist', 'staff', 'supervisor', 'manager', 'admin']);
    for (const page of [
      ADMIN_HOME_PAGE,
      ADMIN_APPROVALS_PAGE,
      ADMIN_APPROVAL_PAGE,
      ADMIN_BOARD_PAGE,
      ADMIN_ESCALATIONS_PAGE,
    ]) {
      expect(allPages).toContain(page);
    }
    expect(approvalsUrl('mine')).toBe('/admin/pages/approvals/index?scope=mine');
    expect(approvalUrl(7)).toBe('/admin/pages/approval/index?id=7');
  });

  it('keeps subpackage pages off the tab bar (WeChat needs tab pages in the main package)', () => {
    expect(TAB_PAGES).not.toContain(ADMIN_HOME_PAGE);
    for (const page of TAB_PAGES) expect(appConfig.pages).toContain(page.slice(1));
    expect(TAB_PAGES.length).toBeLessThanOrEqual(5);
  });
});
