import {
  cutGraphemes,
  formatShanghaiTime,
  KIND_LABELS,
  type NotificationTopic,
  type RequestTopic,
} from '@linli/shared';
import type { SubscribeSlot, OfficialAccountSlot } from '../../config/wechat-templates';
import type { ServiceRequest } from '../requests/request.entity';
import type { ApprovalFacts, Recipient } from './notification-rules';

/** What the wording needs beyond the request row, looked up once per change. */
export interface ContentFacts {
  request: ServiceRequest;
  recipient: Recipient;
  categoryName: string;
  location: string;
  actorName: string;
  assigneeName: string | null;
  assigneeTitle: string | null;
  departmentName: string | null;
  note: string | null;
  approval?: ApprovalFacts;
}

export interface NotificationContent {
  title: string;
  body: string;
  /** ≤ 5 Chinese characters for the subscribe template's status (phrase) line. */
  phrase: string;
  /** The one line a WeChat card shows besides number, subject and time. */
  detail: string;
}

type Wording = (facts: ContentFacts) => NotificationContent;

const kindOf = (facts: ContentFacts) => KIND_LABELS[facts.request.kind];
const yuan = (fen: number | null) => `${((fen ?? 0) / 100).toFixed(2)} 元`;
const withNote = (text: string, note: string | null) => (note ? `${text}说明：${note}` : text);

// The notification columns (title 60, body 500) are utf8mb4 and count code points; notes and
// content are the writer's own text, so the cut falls between graphemes and says it is a cut.
const TITLE_MAX = 60;
const BODY_MAX = 500;
const fitTitle = (title: string) => cutGraphemes(title, TITLE_MAX, '…', 'codePoint');
const fitBody = (body: string) => cutGraphemes(body, BODY_MAX, '…', 'codePoint');

/** Message-centre wording per topic, in the resident's or the staff member's terms. */
const WORDING: Record<RequestTopic, Wording> = {
  request_accepted: (f) => ({
    title: `${kindOf(f)}已受理`,
    body: `您的${kindOf(f)}（${f.categoryName}）已受理${f.departmentName ? `，由${f.departmentName}处理` : ''}。`,
    phrase: '已受理',
    detail: f.departmentName ? `由${f.departmentName}处理` : '正在安排处理',
  }),
  request_dispatched: (f) => ({
    title: '已派单',
    body: `已安排 ${f.assigneeName ?? '工作人员'}${f.assigneeTitle ? `（${f.assigneeTitle}）` : ''}处理您的${kindOf(f)}。`,
    phrase: '已派单',
    detail: `${f.assigneeName ?? '工作人员'}${f.assigneeTitle ? ` ${f.assigneeTitle}` : ''}`,
  }),
  work_started: (f) => ({
    title: '开始处理',
    body: `${f.actorName} 已开始处理您的${kindOf(f)}。`,
    phrase: '处理中',
    detail: `${f.actorName} 已上门处理`,
  }),
  request_transferred: (f) => ({
    title: `${kindOf(f)}已转部门`,
    body: `您的${kindOf(f)}（${f.categoryName}）已转由${f.departmentName ?? '其他部门'}处理，处理时限不变。`,
    phrase: '已转部门',
    detail: `转由${f.departmentName ?? '其他部门'}处理`,
  }),
  deadline_extended: (f) => ({
    title: '办结时限已延长',
    body: `您的${kindOf(f)}（${f.categoryName}）需要更多时间处理，${f.approval?.summary ?? '办结时限已延长'}。${
      f.approval?.plan ? `在此期间：${f.approval.plan}` : ''
    }`,
    phrase: '时限延长',
    detail: f.approval?.summary ?? '办结时限已延长',
  }),
  fee_quoted: (f) => ({
    title: '费用待确认',
    body: `本次服务需收费 ${yuan(f.request.feeTotalFen)}，请在小程序中确认后继续处理。`,
    phrase: '待确认',
    detail: `费用 ${yuan(f.request.feeTotalFen)}，请确认`,
  }),
  request_resolved: (f) => ({
    title: `${kindOf(f)}已处理完成`,
    body: `您的${kindOf(f)}已处理完成：${f.request.result ?? ''}。${
      f.request.ratingWaitUntil
        ? `请在 ${formatShanghaiTime(f.request.ratingWaitUntil)} 前评价本次服务，逾时客服将电话回访。`
        : '请评价本次服务。'
    }`,
    phrase: '已完成',
    detail: f.request.result ?? '已处理完成',
  }),
  callback_recorded: (f) => ({
    title: '已回访',
    body: withNote(`客服已完成对您${kindOf(f)}的回访，感谢您的反馈。`, f.note),
    phrase: '已回访',
    detail: '感谢您的反馈',
  }),
  request_invalid: (f) => ({
    title: `${kindOf(f)}处理说明`,
    body: `您的${kindOf(f)}不属于物业服务范围：${f.request.invalidExplanation ?? ''}（责任单位：${f.request.responsibleBody ?? ''}）。`,
    phrase: '已说明',
    detail: `责任单位：${f.request.responsibleBody ?? ''}`,
  }),
  request_cancelled: (f) => ({
    title: `${kindOf(f)}已撤销`,
    body: withNote(`您的${kindOf(f)}已由客服撤销。`, f.note),
    phrase: '已撤销',
    detail: f.note ?? '已撤销',
  }),
  request_reopened: (f) => ({
    title: '重新处理',
    body: withNote(`您的${kindOf(f)}将重新处理（第 ${f.request.round} 次）。`, f.note),
    phrase: '重新处理',
    detail: `第 ${f.request.round} 次处理`,
  }),
  request_merged: (f) => ({
    title: `${kindOf(f)}合并处理`,
    body: f.note ?? `您的${kindOf(f)}已与同类诉求合并处理。`,
    phrase: '合并处理',
    detail: f.note ?? '已合并处理',
  }),
  approval_result: (f) => {
    if (f.approval) {
      const verdict = f.approval.approved ? '已批准' : '被驳回';
      return {
        title: `${f.approval.typeLabel}申请${verdict}`,
        body: withNote(`您提交的${f.approval.typeLabel}申请（${f.approval.summary}）${verdict}。`, f.note),
        phrase: f.approval.approved ? '已批准' : '已驳回',
        detail: `${f.approval.typeLabel}${verdict}`,
      };
    }
    const approved = f.request.status === 'invalid';
    return {
      title: approved ? '无效判定已批准' : '无效判定被驳回',
      body: withNote(
        approved ? '您提交的无效判定已获批准，已向业主说明。' : '您提交的无效判定被驳回，请继续处理。',
        f.note,
      ),
      phrase: approved ? '已批准' : '已驳回',
      detail: approved ? '无效判定已批准' : '无效判定被驳回',
    };
  },
  task_assigned: (f) => {
    const queue = f.recipient === 'department_queue';
    return {
      title: queue ? `新${kindOf(f)}待${f.request.assigneeUserId ? '处理' : '派单'}` : `新任务：${f.categoryName}`,
      body: `${f.location}，${f.request.content}`,
      phrase: '新任务',
      detail: queue ? `${f.departmentName ?? ''}待派单` : f.location,
    };
  },
  task_reassigned_away: (f) => ({
    title: '任务已改派',
    body: withNote(`${f.categoryName}（${f.location}）已改派给 ${f.assigneeName ?? '他人'}，无需再处理。`, f.note),
    phrase: '已改派',
    detail: `已改派给 ${f.assigneeName ?? '他人'}`,
  }),
  task_transferred_in: (f) => ({
    title: `转入${kindOf(f)}：${f.categoryName}`,
    body: withNote(`${f.actorName} 将 ${f.location} 的${kindOf(f)}转到${f.departmentName ?? '本部门'}。`, f.note),
    phrase: '转入',
    detail: `${f.actorName} 转入`,
  }),
  task_urged: (f) => ({
    title: '业主催办',
    body: withNote(`业主第 ${f.request.urgeCount} 次催办 ${f.location} 的${kindOf(f)}，请尽快处理。`, f.note),
    phrase: '催办',
    detail: `业主第 ${f.request.urgeCount} 次催办`,
  }),
  fee_decided: (f) => {
    const confirmed = f.request.feeStatus === 'confirmed';
    return {
      title: confirmed ? '业主已确认费用' : '业主不接受费用',
      body: `${f.location}：业主${confirmed ? '已确认' : '不接受'}报价 ${yuan(f.request.feeTotalFen)}${confirmed ? '，可继续施工' : '，请与业主沟通'}。`,
      phrase: confirmed ? '已确认' : '未接受',
      detail: `业主${confirmed ? '已确认' : '不接受'} ${yuan(f.request.feeTotalFen)}`,
    };
  },
  task_reopened: (f) => ({
    title: '业主不满意，重新处理',
    body: withNote(`您处理的 ${f.location} ${kindOf(f)}业主不满意，已转入第 ${f.request.round} 次处理。`, f.note),
    phrase: '重新处理',
    detail: '业主不满意，重新处理',
  }),
  deadline_near: (f) => ({
    title: '即将超时',
    body: withNote(`${f.location} 的${kindOf(f)}即将超过处理时限，请尽快${f.approval ? '审批' : '处理'}。`, f.note),
    phrase: '即将超时',
    detail: f.note ?? '即将超过处理时限',
  }),
  deadline_over: (f) => ({
    title: '已超时',
    body: withNote(`${f.location} 的${kindOf(f)}已超过处理时限，已升级督办。`, f.note),
    phrase: '已超时',
    detail: f.note ?? '已超过处理时限',
  }),
  info_requested: (f) => ({
    title: '请您补充信息',
    body: `处理您的${kindOf(f)}（${f.categoryName}）需要您补充：${f.note ?? ''}。请在诉求详情中点「补充说明」。`,
    phrase: '待补充',
    detail: f.note ?? '请补充信息',
  }),
  request_replied: (f) => ({
    title: '物业答复',
    body: `关于您的${kindOf(f)}（${f.categoryName}），${f.actorName} 答复：${f.note ?? ''}`,
    phrase: '已答复',
    detail: f.note ?? '物业已答复',
  }),
  info_added: (f) => ({
    title: '业主补充说明',
    body: withNote(`业主补充了 ${f.location} 的${kindOf(f)}。`, f.note),
    phrase: '业主补充',
    detail: f.note ?? '业主补充了信息',
  }),
  callback_requested: (f) => ({
    title: '业主请求电话回访',
    body: `${f.location} 的${kindOf(f)}已处理完成，业主希望电话回访，请尽快联系。${f.note ? `方便接听：${f.note}` : ''}`,
    phrase: '请求回访',
    detail: f.note ? `方便接听：${f.note}` : '业主希望电话回访',
  }),
  request_outcome: (f) => {
    const outcome = OUTCOME_WORDS[f.request.status] ?? '有了结果';
    return {
      title: `首问诉求${outcome}`,
      body: withNote(`您首问受理的${kindOf(f)}（${f.location}）${outcome}。`, f.note),
      phrase: outcome.slice(0, 5),
      detail: `${kindOf(f)}${outcome}`,
    };
  },
  grave_complaint: (f) => ({
    title: `${f.request.grade}级投诉`,
    body: `${f.location}：${f.request.content}`,
    phrase: '重大投诉',
    detail: `${f.request.grade}级投诉，请关注`,
  }),
  escalated: (f) => ({
    title: '升级督办',
    body: withNote(`${f.location} 的${kindOf(f)}已升级到您督办。`, f.note),
    phrase: '升级督办',
    detail: f.note ?? '已升级督办',
  }),
  approval_waiting: (f) =>
    f.approval
      ? {
          title: `待审批：${f.approval.typeLabel}`,
          body: withNote(`${f.actorName} 申请${f.approval.summary}（${f.location} 的${kindOf(f)}）。`, f.note),
          phrase: '待审批',
          detail: `${f.actorName} 申请${f.approval.typeLabel}`,
        }
      : {
          title: '待审批：无效判定',
          body: withNote(`${f.actorName} 申请将 ${f.location} 的${kindOf(f)}判定为无效。`, f.note),
          phrase: '待审批',
          detail: `${f.actorName} 申请无效判定`,
        },
};

const OUTCOME_WORDS: Partial<Record<ServiceRequest['status'], string>> = {
  resolved: '已处理完成',
  closed: '已办结',
  invalid: '已判定无效',
  cancelled: '已撤销',
};

/**
 * A notice forwarded up the ladder says why it reached this person. The reason is ours and
 * short, so it is kept whole and the writer's text before it gives way instead: appended after
 * the cut, it would push a long note past the column.
 */
export function withForwardReason(content: NotificationContent, why: string): NotificationContent {
  const reason = `（${why}，转由您跟进）`;
  return { ...content, body: cutGraphemes(content.body, BODY_MAX - [...reason].length, '…', 'codePoint') + reason };
}

export function notificationContent(topic: RequestTopic, facts: ContentFacts): NotificationContent {
  const content = WORDING[topic](facts);
  return { ...content, title: fitTitle(content.title), body: fitBody(content.body) };
}

/**
 * Someone asked to bind a room this resident holds. Who asked is left out: the name is the
 * claimant's own text, and an impostor must not be able to write into an owner's messages.
 */
export function bindingRequestedContent(roomLabel: string): Pick<NotificationContent, 'title' | 'body'> {
  return {
    title: '有人申请绑定您的房屋',
    body: fitBody(`有人申请绑定 ${roomLabel}，物业客服核实后才会通过。如果不是您的家人或租户，请联系物业客服。`),
  };
}

/** A reviewer's decision on a resident's claim to a room, as the resident reads it. */
export function bindingResultContent(outcome: {
  roomLabel: string;
  approved: boolean;
  reason: string | null;
}): NotificationContent {
  const { roomLabel, approved, reason } = outcome;
  const content: NotificationContent = approved
    ? {
        title: '房屋绑定已通过',
        body: `您申请绑定的 ${roomLabel} 已通过物业客服审核，现在可以在线报修、投诉了。`,
        phrase: '已通过',
        detail: '现在可以在线报修投诉',
      }
    : {
        title: '房屋绑定未通过',
        body: `您申请绑定的 ${roomLabel} 未通过审核。原因：${reason ?? '与业主名册不一致'}。可以修改信息后重新提交，或联系物业客服。`,
        phrase: '未通过',
        detail: reason ?? '与业主名册不一致',
      };
  return { ...content, body: fitBody(content.body) };
}

/** Which template carries a topic on each channel. */
export function subscribeSlot(topic: NotificationTopic): SubscribeSlot {
  if (topic === 'request_resolved') return 'result';
  if (topic === 'fee_quoted') return 'fee';
  return 'progress';
}

/**
 * Staff templates by what the message asks of them: new work (新工单提醒), work back for another
 * round (返工通知), news about work they hold or held (工单进度提醒), and what is late or
 * needs a decision (工单督办提醒) — a fee the resident accepted is news, not a 督办.
 */
const OFFICIAL_ACCOUNT_SLOT_OF: Partial<Record<NotificationTopic, OfficialAccountSlot>> = {
  task_assigned: 'task',
  task_transferred_in: 'task',
  callback_requested: 'task',
  task_reopened: 'rework',
  fee_decided: 'update',
  info_added: 'update',
  task_reassigned_away: 'update',
  approval_result: 'update',
  request_outcome: 'update',
};

export function officialAccountSlot(topic: NotificationTopic): OfficialAccountSlot {
  return OFFICIAL_ACCOUNT_SLOT_OF[topic] ?? 'alert';
}
