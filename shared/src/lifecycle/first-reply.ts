import { STAFF_SIDE_ROLES, type Role } from '../roles';
import type { TimelineAction } from './actions';
import { RESIDENT_TIMELINE, residentSees } from './visibility';

/** What the first-reply rule needs of a step. */
export interface FirstReplyFacts {
  action: TimelineAction;
  actorRole: Role | 'system';
  /** Written as internal: the resident never reads it. */
  internal: boolean;
  /** What the staff member wrote on the step themselves (not a sentence the system made up for it). */
  words: string | null;
}

/** Steps that are addressed to the resident by their nature, whatever their note says. */
const ADDRESSED: ReadonlySet<TimelineAction> = new Set([
  'reply',
  'ask_info',
  'progress',
  'quote_fee',
  'complete',
  'resolve_on_spot',
  'callback',
  // The manager's approval is what tells the resident the ruling and who is responsible instead.
  'approve_invalid',
]);

/**
 * Steps that answer nothing, whatever is written on them: 受理 acknowledges the registration
 * (issue 15: it made the 24 h reply nominal), and on add_info and reopen the desk writes down the
 * resident's own words.
 */
const NOT_AN_ANSWER: ReadonlySet<TimelineAction> = new Set(['accept', 'add_info', 'reopen']);

/**
 * 首次答复 (seed 004 "及时向业主回复，一般情况不超过24小时"): the first step by staff that says
 * something to the resident — one addressed to them (答复, 请业主补充, 处理进展, 报价, 处理完成,
 * 回访, the approved invalid ruling), or any other step they read as written that carries the
 * staff member's own words (a dispatch or a pause with a note). A step the resident does not see,
 * or sees only as the system's sentence (a transfer, a reassignment), says nothing to them.
 */
export function countsAsFirstReply(step: FirstReplyFacts): boolean {
  if (step.actorRole === 'system' || !STAFF_SIDE_ROLES.includes(step.actorRole)) return false;
  if (NOT_AN_ANSWER.has(step.action)) return false;
  if (!residentSees({ action: step.action, internal: step.internal, note: step.words, data: null })) return false;
  if (ADDRESSED.has(step.action)) return true;
  return RESIDENT_TIMELINE[step.action] === 'shown' && Boolean(step.words?.trim());
}
