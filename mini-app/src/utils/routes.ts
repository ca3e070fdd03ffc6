import Taro from '@tarojs/taro';
import type { RequestKind, Role } from '@linli/shared';

/** Page paths, in one place. Tab pages must be opened with switchTab / reLaunch. */
export const HOME_PAGE = '/pages/index/index';
export const MESSAGES_PAGE = '/pages/messages/index';
/** 管理 as a tab (supervisors, managers, admins): the admin home in the main package. */
export const MANAGE_PAGE = '/pages/manage/index';
export const REQUESTS_PAGE = '/pages/requests/index';
export const LOGIN_PAGE = '/pages/login/index';
export const HOUSE_BIND_PAGE = '/pages/house-bind/index';
export const REQUEST_NEW_PAGE = '/pages/request-new/index';
export const REQUEST_DETAIL_PAGE = '/pages/request-detail/index';
/** 扫码登录电脑 and 已登录的电脑 (staff side). */
export const PC_LOGIN_PAGE = '/pages/pc-login/index';
/** A staff invitation (main package: opened from a link or a mini-program code before any login). */
export const INVITE_PAGE = '/pages/invite/index';

/** Staff subpackage (维修/服务人员, supervisors handling their own tasks). */
export const STAFF_TASKS_PAGE = '/staff/pages/tasks/index';
export const STAFF_TASK_PAGE = '/staff/pages/task/index';

/** Service-desk subpackage (receptionist, supervisor, manager, admin). */
export const DESK_HOME_PAGE = '/desk/pages/home/index';
export const DESK_INTAKE_PAGE = '/desk/pages/intake/index';
export const DESK_QUEUE_PAGE = '/desk/pages/queue/index';
export const DESK_REQUEST_PAGE = '/desk/pages/request/index';
export const DESK_CALLBACKS_PAGE = '/desk/pages/callbacks/index';
export const DESK_BINDINGS_PAGE = '/desk/pages/bindings/index';
export const DESK_DELIVERIES_PAGE = '/desk/pages/deliveries/index';

/**
 * Admin subpackage (管理: supervisors, managers, admins): its home, 待审批 and one approval, the
 * live board, 升级到我的; 时限规则 and 工作日历 (managers read, admins edit).
 */
export const ADMIN_HOME_PAGE = '/admin/pages/home/index';
export const ADMIN_APPROVALS_PAGE = '/admin/pages/approvals/index';
export const ADMIN_APPROVAL_PAGE = '/admin/pages/approval/index';
export const ADMIN_BOARD_PAGE = '/admin/pages/board/index';
export const ADMIN_ESCALATIONS_PAGE = '/admin/pages/escalations/index';
export const ADMIN_TIME_LIMITS_PAGE = '/admin/pages/time-limits/index';
export const ADMIN_CALENDAR_PAGE = '/admin/pages/calendar/index';
export const ADMIN_PROJECTS_PAGE = '/admin/pages/projects/index';
export const ADMIN_PROJECT_PAGE = '/admin/pages/project/index';
export const ADMIN_ROOMS_PAGE = '/admin/pages/rooms/index';
export const ADMIN_DEPARTMENTS_PAGE = '/admin/pages/departments/index';
export const ADMIN_DEPARTMENT_PAGE = '/admin/pages/department/index';

/** 项目、楼栋房间: company admins and project managers (their own projects). */
export function canSeeEstate(role: Role | undefined | null): boolean {
  return role === 'admin' || role === 'manager';
}
export const ADMIN_REGISTER_PAGE = '/admin/pages/register/index';
export const ADMIN_CATEGORIES_PAGE = '/admin/pages/categories/index';
export const ADMIN_SETTINGS_PAGE = '/admin/pages/settings/index';
export const ADMIN_WECHAT_TEMPLATES_PAGE = '/admin/pages/wechat-templates/index';
/** 邀请成员, 成员管理, 操作记录: managers (their projects and members) and admins (the company). */
export const ADMIN_INVITATIONS_PAGE = '/admin/pages/invitations/index';
export const ADMIN_STAFF_PAGE = '/admin/pages/staff/index';
export const ADMIN_CHANGES_PAGE = '/admin/pages/changes/index';

/**
 * The tab pages, in order (`tabBar.list` of app.config.ts): 首页, 消息, 管理, 我的. The bar is
 * drawn by our own component (custom-tab-bar), which shows 管理 only to those who may use it.
 */
export const TAB_PAGES = [HOME_PAGE, MESSAGES_PAGE, MANAGE_PAGE, REQUESTS_PAGE] as const;
export type TabPage = (typeof TAB_PAGES)[number];

/** Kept for links written before the form covered every kind. */
export const COMPLAINT_NEW_PAGE = `${REQUEST_NEW_PAGE}?kind=complaint`;

export function newRequestUrl(kind: RequestKind): string {
  return `${REQUEST_NEW_PAGE}?kind=${kind}`;
}

/** One claim to a room: its state, and 修改 / 撤回 while it waits (消息 links here). */
export function houseBindingUrl(id: number): string {
  return `${HOUSE_BIND_PAGE}?id=${id}`;
}

export function requestDetailUrl(id: number, created = false): string {
  return `${REQUEST_DETAIL_PAGE}?id=${id}${created ? '&created=1' : ''}`;
}

export function taskUrl(id: number): string {
  return `${STAFF_TASK_PAGE}?id=${id}`;
}

/** The desk's detail page; `action` opens that action's form at once (e.g. callback from 待回访). */
export function deskRequestUrl(id: number, options: { created?: boolean; action?: string } = {}): string {
  let url = `${DESK_REQUEST_PAGE}?id=${id}`;
  if (options.created) url += '&created=1';
  if (options.action) url += `&action=${options.action}`;
  return url;
}

export function deskQueueUrl(filter: string): string {
  return `${DESK_QUEUE_PAGE}?filter=${filter}`;
}

/** Roles that work the service desk (受理、派单、回访、代客登记). */
export const DESK_ROLES: readonly Role[] = ['receptionist', 'supervisor', 'manager', 'admin'];
/** Roles with a 我的任务 list (handlers: staff and their supervisors). */
export const TASK_ROLES: readonly Role[] = ['staff', 'supervisor'];

export function isDeskRole(role: Role | undefined | null): boolean {
  return !!role && DESK_ROLES.includes(role);
}

export function hasTasks(role: Role | undefined | null): boolean {
  return !!role && TASK_ROLES.includes(role);
}

/** Roles that see WeChat messages that failed to send (API: manager, admin). */
export const DELIVERY_ROLES: readonly Role[] = ['manager', 'admin'];

export function canSeeDeliveries(role: Role | undefined | null): boolean {
  return !!role && DELIVERY_ROLES.includes(role);
}

/** Roles that see the time-limit rules and the working-day calendar (API: manager, admin). */
export const TIME_LIMIT_READER_ROLES: readonly Role[] = ['manager', 'admin'];

export function canSeeTimeLimits(role: Role | undefined | null): boolean {
  return !!role && TIME_LIMIT_READER_ROLES.includes(role);
}

/** Only admins change them: a rule applies to every project. */
export function canEditTimeLimits(role: Role | undefined | null): boolean {
  return role === 'admin';
}

/** 分类与派单 and 系统设置: managers read (and route their own projects), admins change (API: manager, admin). */
export const canSeeSettings = canSeeTimeLimits;
export const canEditSettings = canEditTimeLimits;

/** Roles with the 管理 home: approvals to decide, the board, escalations (API: supervisor, manager, admin). */
export const ADMIN_ROLES: readonly Role[] = ['supervisor', 'manager', 'admin'];

export function canSeeAdmin(role: Role | undefined | null): boolean {
  return !!role && ADMIN_ROLES.includes(role);
}

/**
 * Everyone on the staff side may ask for an approval on a request they see, and follow what they
 * asked for (我提交的); residents never.
 */
export function canRequestApprovals(role: Role | undefined | null): boolean {
  return !!role && role !== 'resident';
}

/** The approval lists' tabs: 待我审批, 我提交的, 全部. */
export type ApprovalScope = 'todo' | 'mine' | 'all';

export function approvalsUrl(scope?: ApprovalScope): string {
  return scope ? `${ADMIN_APPROVALS_PAGE}?scope=${scope}` : ADMIN_APPROVALS_PAGE;
}

export function approvalUrl(id: number): string {
  return `${ADMIN_APPROVAL_PAGE}?id=${id}`;
}

export function calendarUrl(year: number): string {
  return `${ADMIN_CALENDAR_PAGE}?year=${year}`;
}

/**
 * Where a role starts after logging in: the 首页 tab for everyone, which shows each role its own
 * home (residents theirs, workers 我的任务, the desk its entries), with the tab bar below.
 */
export function landingPage(role: Role): string {
  void role;
  return HOME_PAGE;
}

export interface TabItem {
  page: TabPage;
  /** `#tab-<key>`, its badge `#tab-<key>-badge`. */
  key: 'home' | 'messages' | 'manage' | 'mine';
  text: string;
}

const TAB_ITEMS: Record<TabItem['key'], TabItem> = {
  home: { page: HOME_PAGE, key: 'home', text: '首页' },
  messages: { page: MESSAGES_PAGE, key: 'messages', text: '消息' },
  manage: { page: MANAGE_PAGE, key: 'manage', text: '管理' },
  mine: { page: REQUESTS_PAGE, key: 'mine', text: '我的' },
};

/** 首页 · 消息 · 管理 · 我的 for supervisors, managers and admins; 首页 · 消息 · 我的 for the rest. */
export function tabsFor(role: Role | undefined | null): TabItem[] {
  const { home, messages, manage, mine } = TAB_ITEMS;
  return canSeeAdmin(role) ? [home, messages, manage, mine] : [home, messages, mine];
}

/** The detail page a role opens a request in. */
export function detailUrlFor(role: Role | undefined | null, id: number): string {
  if (role === 'staff') return taskUrl(id);
  if (isDeskRole(role)) return deskRequestUrl(id);
  return requestDetailUrl(id);
}

/**
 * How to open a page path the server sent (a notification's `page`): tab pages cannot take
 * navigateTo (nor a query), so they are switched to.
 */
export function pageTarget(page: string): { url: string; tab: boolean } {
  const url = page.startsWith('/') ? page : `/${page}`;
  const path = url.split('?')[0];
  const tab = (TAB_PAGES as readonly string[]).includes(path);
  return { url: tab ? path : url, tab };
}

const REQUEST_PAGES = [REQUEST_DETAIL_PAGE, STAFF_TASK_PAGE, DESK_REQUEST_PAGE];
/** Topics about an approval: for staff they open the approval (审批详情) when the server named one. */
const APPROVAL_TOPICS = new Set(['approval_waiting', 'approval_result']);

/**
 * Where a message opens for this viewer: the page the server wrote when this role can open it,
 * else the role's own page for the request (residents the detail, workers the task, the desk its
 * request page); an approval's message opens the approval, or 待审批 for those who decide.
 * Null: nothing to open (e.g. a house alert).
 */
export function messageTarget(
  role: Role | undefined | null,
  message: { page: string | null; requestId: number | null; topic: string },
): string | null {
  const written = message.page ? (message.page.startsWith('/') ? message.page : `/${message.page}`) : null;
  const path = written?.split('?')[0] ?? null;
  if (role && role !== 'resident' && APPROVAL_TOPICS.has(message.topic)) {
    if (path === ADMIN_APPROVAL_PAGE || path === ADMIN_APPROVALS_PAGE) return written;
    if (message.topic === 'approval_waiting' && canSeeAdmin(role) && message.requestId === null) {
      return approvalsUrl('todo');
    }
  }
  if (path && REQUEST_PAGES.includes(path)) {
    const own =
      role === 'resident'
        ? path === REQUEST_DETAIL_PAGE
        : role === 'staff'
          ? path === STAFF_TASK_PAGE
          : path === DESK_REQUEST_PAGE || (hasTasks(role) && path === STAFF_TASK_PAGE);
    if (own) return written;
    return message.requestId !== null ? detailUrlFor(role, message.requestId) : null;
  }
  if (written) return written;
  return message.requestId !== null ? detailUrlFor(role, message.requestId) : null;
}

/** Route of the page on top, e.g. 'pages/login/index' ('' when none yet). */
export function currentRoute(): string {
  try {
    const pages = Taro.getCurrentPages();
    const top = pages[pages.length - 1] as { route?: string; path?: string } | undefined;
    const route = top?.route ?? top?.path ?? '';
    return route.replace(/^\//, '').split('?')[0];
  } catch {
    return '';
  }
}

/** Parameters the platform adds to every page (h5's `stamp`, Taro's `$taroTimestamp`), not the page's own. */
const PLATFORM_PARAMS = /^(\$|stamp$)/;

/**
 * The page on top with its own query, e.g. '/pages/request-detail/index?id=12' ('' when none
 * yet): where a login should bring the user back to. Values stay as the platform holds them
 * (encoded).
 */
export function currentUrl(): string {
  const route = currentRoute();
  if (!route) return '';
  let params: Record<string, string | undefined> = {};
  try {
    params = (Taro.getCurrentInstance().router?.params ?? {}) as Record<string, string | undefined>;
  } catch {
    // no instance yet: the path alone
  }
  const query = Object.entries(params)
    .filter(([key, value]) => !PLATFORM_PARAMS.test(key) && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  return query ? `/${route}?${query}` : `/${route}`;
}
