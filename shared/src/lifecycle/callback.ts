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
