import { STATUS_LABELS } from '../lifecycle/statuses';

/**
 * What a notification is about. Each topic has one wording in the message centre and one
 * WeChat template slot (server/src/modules/notifications/notification-rules.ts says who gets which).
 */
export const NOTIFICATION_TOPICS = [
  // Residents
  'request_accepted',
  'request_dispatched',
  'work_started',
  'fee_quoted',
  'request_resolved',
  'callback_recorded',
  'request_invalid',
  'request_cancelled',
  'request_reopened',
  'request_merged',
  'request_transferred',
  'deadline_extended',
  'approval_result',
  'info_requested',
  // Staff answered the resident (答复) without moving the request.
  'request_replied',
  // Residents, about their house rather than a request: someone asked to bind a room they hold.
  'binding_requested',
  // Residents: the desk approved or refused their claim to a room.
  'binding_result',
  // Staff
  'task_assigned',
  'task_reassigned_away',
  'task_transferred_in',
  'task_urged',
  'fee_decided',
  'info_added',
  'task_reopened',
  'deadline_near',
  'deadline_over',
  // The desk: a resident would rather be called than rate in the app.
  'callback_requested',
  // First-contact owner (首问负责制)
  'request_outcome',
  // Supervisors and managers
  'grave_complaint',
  'escalated',
  'approval_waiting',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];
/** Topics that are about a house, not a request: no lifecycle rule raises them, and no request is linked. */
export const HOUSE_TOPICS = ['binding_requested', 'binding_result'] as const satisfies readonly NotificationTopic[];
export type RequestTopic = Exclude<NotificationTopic, (typeof HOUSE_TOPICS)[number]>;

/** A topic that announces a status is named as the status is, everywhere (issue 12: one name per status). */
export const NOTIFICATION_TOPIC_LABELS: Record<NotificationTopic, string> = {
  request_accepted: STATUS_LABELS.accepted,
  request_dispatched: STATUS_LABELS.dispatched,
  work_started: STATUS_LABELS.in_progress,
  fee_quoted: STATUS_LABELS.fee_pending,
  request_resolved: STATUS_LABELS.resolved,
  callback_recorded: '已回访',
  request_invalid: '无效说明',
  request_cancelled: STATUS_LABELS.cancelled,
  request_reopened: '重新处理',
  request_merged: '合并处理',
  request_transferred: '已转部门',
  deadline_extended: '办结时限延长',
  approval_result: '审批结果',
  info_requested: '请您补充信息',
  request_replied: '物业答复',
  binding_requested: '房屋绑定申请',
  binding_result: '房屋绑定结果',
  task_assigned: '新任务',
  task_reassigned_away: '任务已改派',
  task_transferred_in: '转入任务',
  task_urged: '业主催办',
  fee_decided: '费用已确认',
  info_added: '业主补充说明',
  task_reopened: '任务重新处理',
  deadline_near: '即将超时',
  deadline_over: '已超时',
  callback_requested: '业主请求电话回访',
  request_outcome: '首问结果',
  grave_complaint: '重大投诉',
  escalated: '升级督办',
  approval_waiting: '待审批',
};

/** The taps in the mini-app that ask residents for subscribe-message permission (≤ 3 templates each). */
export const SUBSCRIBE_MOMENTS = ['submit', 'rate', 'confirm_fee', 'bind'] as const;
export type SubscribeMoment = (typeof SUBSCRIBE_MOMENTS)[number];

/** Answers of wx.requestSubscribeMessage per template id. */
export const SUBSCRIBE_ANSWERS = ['accept', 'reject', 'ban', 'filter'] as const;
export type SubscribeAnswer = (typeof SUBSCRIBE_ANSWERS)[number];

/** WeChat allows at most this many template ids in one wx.requestSubscribeMessage call. */
export const MAX_SUBSCRIBE_TEMPLATES_PER_CALL = 3;
