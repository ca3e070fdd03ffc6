import type { RequestKind } from '../kinds';

const DAY_MS = 24 * 60 * 60 * 1000;

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
    return { from: new Date(resolvedAt.getTime() + 3 * DAY_MS), due: new Date(resolvedAt.getTime() + 7 * DAY_MS) };
  }
  return null;
}
