import type { DeskSort, DueFilter } from '@linli/shared';

/** The desk queue's tabs → `GET /api/requests?status=` (comma-separated statuses; 全部: any). */
export const DESK_QUEUE_FILTERS = {
  received: { label: '待受理', status: 'received' },
  accepted: { label: '待派单', status: 'accepted' },
  active: { label: '处理中', status: 'dispatched,taken,in_progress,fee_pending,on_hold' },
  resolved: { label: '待回访', status: 'resolved' },
  invalid_pending: { label: '无效待审批', status: 'invalid_pending' },
  all: { label: '全部', status: '' },
} as const;

export type DeskQueueFilter = keyof typeof DESK_QUEUE_FILTERS;

export function isDeskQueueFilter(value: unknown): value is DeskQueueFilter {
  return typeof value === 'string' && value in DESK_QUEUE_FILTERS;
}

/** Not yet resolved: what the board counts as 在办. */
export const OPEN_STATUSES = 'received,accepted,dispatched,taken,in_progress,fee_pending,on_hold,invalid_pending';

/** The 全部 tab's status choice (`status=` of the page's address too). 已关闭 is here. */
export const ALL_STATUS_CHOICES = {
  any: { label: '全部状态', status: '' },
  open: { label: '未办结', status: OPEN_STATUSES },
  resolved: { label: '待回访', status: 'resolved' },
  closed: { label: '已关闭', status: 'closed' },
  invalid: { label: '无效', status: 'invalid' },
  cancelled: { label: '已撤销', status: 'cancelled' },
} as const;

export type AllStatusChoice = keyof typeof ALL_STATUS_CHOICES;

export function isAllStatusChoice(value: unknown): value is AllStatusChoice {
  return typeof value === 'string' && value in ALL_STATUS_CHOICES;
}

/** The queues are worked most urgent first; 全部 is looked through newest first. */
export function defaultSort(filter: DeskQueueFilter): DeskSort {
  return filter === 'all' ? 'newest' : 'deadline';
}

/** Filters beyond the tab and the kind; the board's drill-down opens the queue with some set. */
export interface DeskFilters {
  /** 全部 tab only. */
  status: AllStatusChoice;
  departmentId: number | 'none' | null;
  departmentName: string;
  assigneeUserId: number | null;
  assigneeName: string;
  categoryId: number | null;
  categoryPath: number[];
  categoryName: string;
  due: DueFilter | null;
  from: string;
  to: string;
}

export const NO_FILTERS: DeskFilters = {
  status: 'any',
  departmentId: null,
  departmentName: '',
  assigneeUserId: null,
  assigneeName: '',
  categoryId: null,
  categoryPath: [],
  categoryName: '',
  due: null,
  from: '',
  to: '',
};

/** A time-limit filter and a date range cannot both bound a list (the server refuses): the newer choice wins. */
export function withDue(filters: DeskFilters, due: DueFilter | null): DeskFilters {
  return { ...filters, due, ...(due ? { from: '', to: '' } : {}) };
}

export function withDates(filters: DeskFilters, from: string, to: string): DeskFilters {
  return { ...filters, from, to, ...(from || to ? { due: null } : {}) };
}

/** How many filters are set (the 筛选 button's badge). */
export function filterCount(filters: DeskFilters, tab: DeskQueueFilter): number {
  return [
    tab === 'all' && filters.status !== 'any',
    filters.departmentId !== null,
    filters.assigneeUserId !== null,
    filters.categoryId !== null,
    filters.due !== null,
    Boolean(filters.from || filters.to),
  ].filter(Boolean).length;
}

/** The page's address for a filtered list: the board's drill-down. */
export function deskListUrl(page: string, params: Record<string, string | number | null | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return parts.length > 0 ? `${page}?${parts.join('&')}` : page;
}

/** Reads the filters back from the page's address (values are URI-encoded). */
export function filtersFromParams(params: Record<string, string | undefined>): DeskFilters {
  const text = (key: string) => {
    const value = params[key] ?? '';
    try {
      return decodeURIComponent(value);
    } catch {
      // Already decoded by the platform, and holding a '%'.
      return value;
    }
  };
  const id = (key: string) => {
    const value = Number(params[key]);
    return Number.isInteger(value) && value > 0 ? value : null;
  };
  const day = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text(key)) ? text(key) : '');
  const due = text('due');
  const from = day('from');
  const to = day('to');
  return withDates(
    {
      ...NO_FILTERS,
      status: isAllStatusChoice(params.status) ? params.status : 'any',
      departmentId: params.departmentId === 'none' ? 'none' : id('departmentId'),
      departmentName: text('departmentName'),
      assigneeUserId: id('assigneeUserId'),
      assigneeName: text('assigneeName'),
      due: due === 'overdue' || due === 'nearing' ? due : null,
    },
    due ? '' : from,
    due ? '' : to,
  );
}

export type BoardCount = 'open' | 'nearing' | 'overdue';

/**
 * The board's drill-down: a department's (none: 待分派), a person's, or all open requests, with
 * the count's time-limit state, most urgent first, in the desk's list.
 */
export function boardDrillUrl(
  page: string,
  target: {
    departmentId?: number | null | 'none';
    departmentName?: string;
    userId?: number | null;
    name?: string;
  },
  count: BoardCount,
): string {
  const who = target.userId ? target.name : target.departmentId !== undefined ? target.departmentName : '';
  const what = count === 'open' ? '在办' : DUE_TITLES[count];
  return deskListUrl(page, {
    filter: 'all',
    status: 'open',
    sort: 'deadline',
    departmentId: target.userId ? null : target.departmentId,
    departmentName: target.userId ? null : target.departmentName,
    assigneeUserId: target.userId ?? null,
    assigneeName: target.userId ? target.name : null,
    due: count === 'open' ? null : count,
    title: who ? `${who} · ${what}` : what,
  });
}

const DUE_TITLES: Record<DueFilter, string> = { overdue: '已超时', nearing: '即将超时' };
