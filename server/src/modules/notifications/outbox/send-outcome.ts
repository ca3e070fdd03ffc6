import type { WechatCallResult } from '../../wechat/wechat-http';

/** What the worker does with a row after one attempt. */
export type SendOutcome =
  | { result: 'sent'; msgid: string | null }
  /**
   * `unanswered`: the request went out and no answer came back in time, so WeChat may have
   * delivered it (WECHAT.md §8) and so spent the user's credit (§3).
   */
  | { result: 'retry'; errcode: number | null; reason: string; unanswered?: true }
  | { result: 'failed'; errcode: number | null; reason: string };

/** WeChat is busy or rate-limits us: the same message may go through later. */
const TRANSIENT_ERRCODES = new Map<number, string>([
  [-1, '微信系统繁忙'],
  [45009, '接口调用超过每日限额'],
  [45011, '调用太频繁'],
  [43117, '发送给该用户过于频繁'],
]);

/** 43101 as people read it; also what a send we never make for want of a credit says. */
export const NO_CREDIT_REASON = '用户未订阅或订阅次数已用完';

/** Retrying cannot help: the recipient, the template or the data is wrong (WECHAT.md §3–4). */
const PERMANENT_REASONS = new Map<number, string>([
  [40003, '接收人 openid 无效'],
  [40036, '模板编号无效'],
  [40037, '模板编号无效'],
  [41030, '跳转页面无效'],
  [43004, '接收人未关注公众号'],
  [43101, NO_CREDIT_REASON],
  [43116, '模板已被封禁'],
  [47003, '模板参数不符合微信规则'],
  [48001, '接口未授权（令牌与应用不符）'],
  [45109, '接口已下线'],
]);

/** Token errors are handled by the sender (refresh once, retry once) before an outcome is made. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 41001]);

export function classify(result: WechatCallResult): SendOutcome {
  if (result.kind === 'transport') {
    // A timeout may have been delivered all the same (WECHAT.md §8): retries stay few and logged.
    // A refused connection or a gateway's error page means WeChat's send never ran.
    return result.reason === 'timeout'
      ? { result: 'retry', errcode: null, reason: result.message, unanswered: true }
      : { result: 'retry', errcode: null, reason: result.message };
  }
  const { errcode, errmsg } = result;
  if (errcode === 0) {
    const msgid = result.body.msgid;
    return { result: 'sent', msgid: typeof msgid === 'string' || typeof msgid === 'number' ? String(msgid) : null };
  }
  if (result.errcode >= 500 && result.errcode < 600) return { result: 'retry', errcode, reason: errmsg };
  const transient = TRANSIENT_ERRCODES.get(errcode);
  if (transient) return { result: 'retry', errcode, reason: `${transient}：${errmsg}` };
  if (TOKEN_ERRCODES.has(errcode)) return { result: 'retry', errcode, reason: `access_token 无效：${errmsg}` };
  const permanent = PERMANENT_REASONS.get(errcode) ?? '微信拒绝发送';
  return { result: 'failed', errcode, reason: `${permanent}：${errmsg}` };
}

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of base·2^(n-1),
 * capped at an hour, so a burst of failures does not come back as a burst.
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
