import { STATUS_LABELS, formatShanghaiTime, type RequestDetail, type Role } from '@linli/shared';
import { formatDuration } from './urge';

export interface CallbackNotice {
  id: string;
  /** `warn` asks someone to act now; `info` says what happens next. */
  tone: 'info' | 'warn';
  text: string;
}

type Facts = Pick<
  RequestDetail,
  'status' | 'actions' | 'ratings' | 'round' | 'ratingWaitUntil' | 'callbackRequestedAt' | 'closedAt' | 'events'
>;

/**
 * What the page says about rating and the phone callback (issue 12): the resident is told how long
 * they have to rate and that the desk calls afterwards; the desk, why it may not call yet or that
 * the resident asked to be called; and a resident who followed a rating invitation that is no
 * longer good (`cameToRate`) is told what happened to the request instead of finding no button.
 */
export function callbackNotice(detail: Facts, role: Role, now: number, cameToRate = false): CallbackNotice | null {
  const resident = role === 'resident';
  if (detail.status !== 'resolved') {
    if (!resident || !cameToRate) return null;
    return { id: 'detail-stale-rating', tone: 'info', text: staleRatingText(detail) };
  }
  const waitUntil = detail.ratingWaitUntil ? new Date(detail.ratingWaitUntil).getTime() : null;
  const waiting = waitUntil !== null && waitUntil > now;
  if (detail.callbackRequestedAt) {
    const at = formatShanghaiTime(detail.callbackRequestedAt);
    if (resident) {
      return { id: 'detail-callback-requested', tone: 'info', text: `您已于 ${at} 请求电话回访，客服会尽快联系您。` };
    }
    const note = latestNote(detail, 'ask_callback');
    return {
      id: 'detail-callback-requested',
      tone: 'warn',
      text: `业主于 ${at} 请求电话回访${note ? `（方便接听：${note}）` : ''}，请尽快联系。`,
    };
  }
  if (!waiting) return null;
  const until = formatShanghaiTime(new Date(waitUntil));
  if (resident) {
    if (!detail.actions.includes('rate')) return null;
    return { id: 'detail-rating-wait', tone: 'info', text: `请在 ${until} 前评价；逾时客服将电话回访。` };
  }
  return {
    id: 'detail-callback-wait',
    tone: 'info',
    text: `等待业主自行评价至 ${until}（还有 ${formatDuration(waitUntil - now)}），之后可电话回访；业主请求电话回访时可立即回访。`,
  };
}

function staleRatingText(detail: Facts): string {
  if (detail.status === 'closed') {
    const last = lastOf(detail.ratings.filter((rating) => rating.round === detail.round));
    if (last?.source === 'callback') {
      return `客服已于 ${formatShanghaiTime(last.createdAt)} 电话回访（${last.satisfactionLabel}），诉求已关闭，本次评价邀请已失效。如仍有问题，请重新提交或致电物业客服。`;
    }
    if (last?.source === 'resident')
      return `您已于 ${formatShanghaiTime(last.createdAt)} 评价过本次服务，感谢您的反馈。`;
    return `诉求已于 ${detail.closedAt ? formatShanghaiTime(detail.closedAt) : ''} 关闭，无需再评价。`;
  }
  if (detail.status === 'cancelled' || detail.status === 'invalid') {
    return `诉求${STATUS_LABELS[detail.status]}，无需评价。`;
  }
  return '诉求已重新处理，处理完成后可再次评价。';
}

function latestNote(detail: Facts, action: string): string | null {
  return lastOf(detail.events.filter((event) => event.action === action))?.note ?? null;
}

// Not Array.prototype.at: WeChat's iOS engine before 15.4 lacks it and nothing polyfills it.
function lastOf<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}
