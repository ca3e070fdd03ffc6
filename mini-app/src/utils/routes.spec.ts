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
  HOME_PAGE,
  MESSAGES_TAB_INDEX,
  MESSAGES_PAGE,
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
  newRequestUrl,
  pageTarget,
} from './routes';

(globalThis as { defineAppConfig?: (config: unknown) => unknown }).defineAppConfig = (config) => config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = require('../app.config').default as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  tabBar: { list: { pagePath: string }[] };
};

const allPages = [
  ...appConfig.pages.map((page) => `/${page}`),
  ...appConfig.subPackages.flatMap((pkg) => pkg.pages.map((page) => `/${pkg.root}/${page}`)),
];

describe('role → landing page', () => {
  it('sends residents home, staff to 我的任务 and the desk to its home', () => {
    expect(landingPage('resident')).toBe(HOME_PAGE);
    expect(landingPage('staff')).toBe(STAFF_TASKS_PAGE);
    expect(landingPage('receptionist')).toBe(DESK_HOME_PAGE);
    expect(landingPage('supervisor')).toBe(DESK_HOME_PAGE);
    expect(landingPage('manager')).toBe(DESK_HOME_PAGE);
    expect(landingPage('admin')).toBe(DESK_HOME_PAGE);
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
  it('knows the tab pages in app.config.ts order, 消息 second (the badge index)', () => {
    expect(TAB_PAGES).toEqual(appConfig.tabBar.list.map((tab) => `/${tab.pagePath}`));
    expect(TAB_PAGES[MESSAGES_TAB_INDEX]).toBe(MESSAGES_PAGE);
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

  it('keeps 管理 off the tab bar, which every role (residents too) shares', () => {
    expect(TAB_PAGES).not.toContain(ADMIN_HOME_PAGE);
    expect(TAB_PAGES.length).toBeLessThanOrEqual(5);
  });
});
