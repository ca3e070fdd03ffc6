/** Everything anyone can do to a request. `create` only starts the timeline; the rest are transitions. */
export const LIFECYCLE_ACTIONS = [
  'create',
  'accept',
  'rule_invalid',
  'approve_invalid',
  'reject_invalid',
  'dispatch',
  'claim',
  'take',
  'reassign',
  'transfer',
  'return',
  'start',
  'progress',
  'reply',
  'quote_fee',
  'confirm_fee',
  'decline_fee',
  'pause',
  'resume',
  'complete',
  'resolve_on_spot',
  'rate',
  'callback',
  'ask_callback',
  'reopen',
  'summarize',
  'cancel',
  'urge',
  'add_info',
  'ask_info',
  'note',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export const ACTION_LABELS: Record<LifecycleAction, string> = {
  create: '提交',
  accept: '受理',
  rule_invalid: '判定无效',
  approve_invalid: '批准无效判定',
  reject_invalid: '驳回无效判定',
  dispatch: '派单',
  claim: '抢单',
  take: '接单',
  reassign: '改派',
  transfer: '转部门',
  return: '退单',
  start: '上门处理',
  progress: '处理进展',
  reply: '答复',
  quote_fee: '报价',
  confirm_fee: '确认费用',
  decline_fee: '不接受费用',
  pause: '挂起',
  resume: '恢复处理',
  complete: '处理完成',
  resolve_on_spot: '当场解决',
  rate: '评价',
  callback: '回访',
  ask_callback: '请电话回访',
  reopen: '重新处理',
  summarize: '总结',
  cancel: '撤销',
  urge: '催办',
  add_info: '补充说明',
  ask_info: '请业主补充',
  note: '内部备注',
};

/**
 * What the timeline records besides lifecycle actions: steps the system takes on its own, and
 * approvals, which follow their own rules (who decides which type) rather than the lifecycle table.
 */
export const SYSTEM_EVENT_ACTIONS = [
  'escalate',
  'approval_requested',
  'approval_approved',
  'approval_rejected',
  'group_merged',
] as const;
export type SystemEventAction = (typeof SYSTEM_EVENT_ACTIONS)[number];
export type TimelineAction = LifecycleAction | SystemEventAction;

export const TIMELINE_ACTION_LABELS: Record<TimelineAction, string> = {
  ...ACTION_LABELS,
  escalate: '升级督办',
  approval_requested: '申请审批',
  approval_approved: '审批通过',
  approval_rejected: '审批驳回',
  group_merged: '合并处理',
};
