/** The desk queue's filters → `GET /api/requests?status=` (comma-separated statuses). */
export const DESK_QUEUE_FILTERS = {
  received: { label: '待受理', status: 'received' },
  accepted: { label: '待派单', status: 'accepted' },
  active: { label: '处理中', status: 'dispatched,taken,in_progress,fee_pending,on_hold' },
  resolved: { label: '待回访', status: 'resolved' },
  invalid_pending: { label: '无效待审批', status: 'invalid_pending' },
} as const;

export type DeskQueueFilter = keyof typeof DESK_QUEUE_FILTERS;

export function isDeskQueueFilter(value: unknown): value is DeskQueueFilter {
  return typeof value === 'string' && value in DESK_QUEUE_FILTERS;
}
