import type {
  ApprovalCount,
  ApprovalDecisionInput,
  ApprovalRequestInput,
  ApprovalStatus,
  ApprovalView,
  BoardView,
  EscalatedRequest,
  Page,
} from '@linli/shared';
import type { ApprovalScope } from '../utils/routes';
import { request } from './http';

const PAGE_SIZE = 20;

/** Asks for an approval on a request (staff side); field errors come back as `ApiError.fieldErrors`. */
export function requestApproval(requestId: number, input: ApprovalRequestInput): Promise<ApprovalView> {
  return request<ApprovalView>(`/api/requests/${requestId}/approvals`, {
    method: 'POST',
    data: input,
    idempotent: true,
  });
}

/** 待我审批 (pending ones I may decide, oldest first), 我提交的, or the project's 全部. */
export function listApprovals(
  scope: ApprovalScope,
  page = 1,
  status?: ApprovalStatus,
  pageSize = PAGE_SIZE,
): Promise<Page<ApprovalView>> {
  return request<Page<ApprovalView>>('/api/approvals', { query: { scope, status, page, pageSize }, toast: false });
}

/** How many wait for the caller (the 待审批 badge). */
export function approvalCount(): Promise<number> {
  return request<ApprovalCount>('/api/approvals/count', { toast: false }).then((count) => count.pending);
}

export function getApproval(id: number): Promise<ApprovalView> {
  return request<ApprovalView>(`/api/approvals/${id}`, { toast: false });
}

/** 批准 or 驳回; the answer is the approval as decided. */
export function decideApproval(id: number, approve: boolean, input: ApprovalDecisionInput): Promise<ApprovalView> {
  return request<ApprovalView>(`/api/approvals/${id}/${approve ? 'approve' : 'reject'}`, {
    method: 'POST',
    data: input,
    idempotent: true,
  });
}

/** Open, nearing and overdue work per department and per person, as of `asOf`. */
export function fetchBoard(): Promise<BoardView> {
  return request<BoardView>('/api/board', { toast: false });
}

/**
 * A row of 升级到我的. The server's rows have no `id` (one row per request); the paged list
 * de-duplicates pages by `id`, so the request's id stands in.
 */
export type EscalationRow = EscalatedRequest & { id: number };

export function myEscalations(page = 1, open = true, pageSize = PAGE_SIZE): Promise<Page<EscalationRow>> {
  return request<Page<EscalatedRequest>>('/api/escalations/mine', {
    query: { open, page, pageSize },
    toast: false,
  }).then((result) => ({ ...result, items: result.items.map((item) => ({ ...item, id: item.requestId })) }));
}
