import type { Role } from '@linli/shared';

/**
 * A stored text's msgSecCheck: `pass`; `review` (stored, flagged for the desk); `pending` (WeChat
 * could not be reached: stored, checked again by the recheck job); `unchecked` (WeChat refused to
 * check it for this writer, e.g. an openid it does not know: stored, nothing more to do).
 */
export type ContentCheckState = 'pass' | 'review' | 'pending' | 'unchecked';

/**
 * A photo's mediaCheckAsync: `unsent` (WeChat unreachable, sent again by the recheck job),
 * `pending` (sent, waiting for the verdict push), then `pass`, `review` or `risky`; `unchecked`
 * when WeChat refused the call.
 */
export type MediaCheckState = 'unsent' | 'pending' | 'pass' | 'review' | 'risky' | 'unchecked';

/**
 * The desk (客服、项目经理、管理员) reviews what WeChat flags: they still see a risky photo,
 * marked, so they can judge it and tell the resident; residents and the other staff never get it.
 */
export const CONTENT_REVIEW_ROLES: readonly Role[] = ['receptionist', 'manager', 'admin'];

export const RISKY_TEXT_MESSAGE = '内容含有违规信息，请修改后再提交';

/**
 * The state of a row holding several texts. `pending` comes first: the recheck job judges all of
 * the row's texts again, so a `review` among them is found then and flags the request.
 */
export function worstState(states: ContentCheckState[]): ContentCheckState | null {
  for (const state of ['pending', 'review', 'unchecked', 'pass'] as const) if (states.includes(state)) return state;
  return null;
}
