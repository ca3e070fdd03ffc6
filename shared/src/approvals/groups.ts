import type { Grade, RequestKind } from '../kinds';

/**
 * Group complaints (DOMAIN.md "Grades", B and D): this many distinct residents raising the same
 * category in one project within the window make a proposal to handle them as one case.
 */
export const GROUP_THRESHOLD = 5;
export const GROUP_WINDOW_HOURS = 72;

/** Complaints become 群体投诉 (B), opinions 群体意见 (D); repairs are not merged. */
export function groupGrade(kind: RequestKind): Grade | null {
  if (kind === 'complaint') return 'B';
  if (kind === 'suggestion') return 'D';
  return null;
}
