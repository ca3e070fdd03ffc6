/**
 * Request statuses (DOMAIN.md, "Lifecycle"; seed 003 记录→调查→确定责任人→方案→判定性质→答复→回访→总结).
 */
export const REQUEST_STATUSES = [
  'received',
  'accepted',
  'dispatched',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'invalid',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const STATUS_LABELS: Record<RequestStatus, string> = {
  received: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  in_progress: '处理中',
  on_hold: '已挂起',
  resolved: '已处理待回访',
  closed: '已关闭',
  invalid: '无效已说明',
  cancelled: '已撤销',
};

/** Nothing moves a request out of these; they only gain notes. */
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['closed', 'invalid', 'cancelled'];

export function isTerminal(status: RequestStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
