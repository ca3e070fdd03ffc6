import type { RequestKind } from '../kinds';
import { DAY_MS } from '../time';

/** In-home repairs are called back between day 3 and day 7 after completion (seed 004). */
export const IN_HOME_REPAIR_CALLBACK_DAYS = { from: 3, due: 7 } as const;

/**
 * 回访 (seed 004): every complaint and every in-home repair needs a callback — complaints within
 * 3 days of resolution, in-home repairs 3–7 days after completion. Others need none.
 */
export function callbackWindow(
  kind: RequestKind,
  repairScope: 'in_home' | 'common_area' | null,
  resolvedAt: Date,
): { from: Date; due: Date } | null {
  if (kind === 'complaint') return { from: resolvedAt, due: new Date(resolvedAt.getTime() + 3 * DAY_MS) };
  if (kind === 'repair' && repairScope === 'in_home') {
    const { from, due } = IN_HOME_REPAIR_CALLBACK_DAYS;
    return { from: new Date(resolvedAt.getTime() + from * DAY_MS), due: new Date(resolvedAt.getTime() + due * DAY_MS) };
  }
  return null;
}

export interface CallbackWaitFacts {
  /** Until when the resident's own rating is awaited (the `rating_wait` limit from the resolution); null: no wait. */
  ratingWaitUntil: Date | null;
  /** When the resident asked to be called back (请电话回访) instead of rating. */
  callbackRequestedAt: Date | null;
}

/**
 * Whether the desk may record a phone callback (or an unsatisfied one, which reopens) now: once
 * the resident's rating time is over, or at once when the resident asked to be called. Until
 * then the rating invitation they were sent stays good (issue 12).
 */
export function callbackOpen(facts: CallbackWaitFacts, now: Date): boolean {
  if (facts.callbackRequestedAt) return true;
  return facts.ratingWaitUntil === null || now.getTime() >= facts.ratingWaitUntil.getTime();
}
