/**
 * Request statuses (DOMAIN.md, "Lifecycle"; seed 003 记录→调查→确定责任人→方案→判定性质→答复→回访→总结).
 */
export const REQUEST_STATUSES = [
  'received',
  'accepted',
  'dispatched',
  'taken',
  'in_progress',
  'fee_pending',
  'on_hold',
  'resolved',
  'closed',
  'invalid_pending',
  'invalid',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Record<RequestStatus, string> = {
  received: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  taken: '已接单',
  in_progress: '处理中',
  fee_pending: '费用待确认',
  on_hold: '已挂起',
  resolved: '已处理待回访',
  closed: '已关闭',
  invalid_pending: '无效待审批',
  invalid: '无效已说明',
  cancelled: '已撤销',
};

/** Nothing moves a request out of these; they only gain notes. */
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['closed', 'invalid', 'cancelled'];

export function isTerminal(status: RequestStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
