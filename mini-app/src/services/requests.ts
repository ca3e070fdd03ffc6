import type {
  ActionName,
  CallerLookup,
  DeskSort,
  DueFilter,
  IntakeForm,
  ListPage,
  RequestDetail,
  RequestForm,
  RequestKind,
  RequestStatus,
  RequestSummary,
  TaskCounts,
} from '@linli/shared';
import { request } from './http';

export const MY_REQUESTS_PAGE_SIZE = 10;
export const LIST_PAGE_SIZE = 10;

/** A resident files a complaint, repair or suggestion (`requestFormSchema`). */
export function createRequest(form: RequestForm): Promise<RequestDetail> {
  return request<RequestDetail>('/api/requests', { method: 'POST', data: form, idempotent: true });
}

/** 代客登记 (`intakeFormSchema`): the caller becomes the first-contact owner. */
export function intakeRequest(form: IntakeForm): Promise<RequestDetail> {
  return request<RequestDetail>('/api/requests/intake', { method: 'POST', data: form, idempotent: true });
}

/** 我的 filters: open (处理中), resolved (待回访), closed (已关闭), or one status. */
/** `waiting`: 待我处理, what waits for the resident (a fee to decide, done work to rate). */
export type MyRequestsFilter = '' | 'open' | 'resolved' | 'closed' | 'waiting' | RequestStatus;

/** Where a list page starts: the first page, or the `next` of the page before (the request lists page by cursor). */
export type Cursor = string | null | undefined;
const from = (cursor: Cursor) => (cursor ? { cursor } : {});

/** The resident's own requests, newest first. */
export function myRequests(
  cursor: Cursor = null,
  pageSize = MY_REQUESTS_PAGE_SIZE,
  status: MyRequestsFilter = '',
): Promise<ListPage<RequestSummary>> {
  return request<ListPage<RequestSummary>>('/api/requests/mine', {
    query: { status, pageSize, ...from(cursor) },
    toast: false,
  });
}

export function getRequest(id: number): Promise<RequestDetail> {
  return request<RequestDetail>(`/api/requests/${id}`, { toast: false });
}

/**
 * One step of the lifecycle (`ACTION_PAYLOADS[action]`, with the `version` the caller saw).
 * Errors are not toasted here: the caller shows 409/429 next to the request and field errors
 * under the fields.
 */
export function runAction(id: number, action: ActionName, body: Record<string, unknown>): Promise<RequestDetail> {
  return request<RequestDetail>(`/api/requests/${id}/actions/${action}`, {
    method: 'POST',
    data: body,
    toast: false,
    idempotent: true,
  });
}

export interface RequestQuery {
  status?: string;
  kind?: RequestKind | '';
  /** 'none': 待分派 (no department yet). */
  departmentId?: number | 'none';
  categoryId?: number;
  assigneeUserId?: number;
  roomId?: number;
  /** Shanghai days, yyyy-MM-dd; `to` includes its whole day. */
  from?: string;
  to?: string;
  due?: DueFilter;
  sort?: DeskSort;
  /** Number, phone (whole or last four digits), contact name or door number. */
  q?: string;
  cursor?: Cursor;
  pageSize?: number;
}

/** The desk's list: requests of the projects the caller serves, by the nearest limit or newest first. */
export function listRequests(query: RequestQuery): Promise<ListPage<RequestSummary>> {
  const { cursor, ...filters } = query;
  return request<ListPage<RequestSummary>>('/api/requests', {
    query: { pageSize: LIST_PAGE_SIZE, ...filters, ...from(cursor) },
    toast: false,
  });
}

export type TaskTab = 'pending' | 'active' | 'done';

/** 我的任务: pending = dispatched to me or claimable, active = in hand, done = resolved/closed. */
export function listTasks(
  tab: TaskTab,
  cursor: Cursor = null,
  pageSize = LIST_PAGE_SIZE,
): Promise<ListPage<RequestSummary>> {
  return request<ListPage<RequestSummary>>('/api/tasks', { query: { tab, pageSize, ...from(cursor) }, toast: false });
}

export function taskCounts(): Promise<TaskCounts> {
  return request<TaskCounts>('/api/tasks/counts', { toast: false });
}

/** 待回访: resolved complaints and in-home repairs, oldest due first. */
export function callbacksDue(cursor: Cursor = null, pageSize = LIST_PAGE_SIZE): Promise<ListPage<RequestSummary>> {
  return request<ListPage<RequestSummary>>('/api/callbacks/due', {
    query: { pageSize, ...from(cursor) },
    toast: false,
  });
}

/** 代客登记's caller lookup: by a phone or a door number (`q`), or one room. */
export function lookupCaller(query: { q: string } | { roomId: number }): Promise<CallerLookup> {
  return request<CallerLookup>('/api/desk/callers', { query, toast: false });
}
