import type { TimelineAction } from './actions';
import type { RequestStatus } from './statuses';

/**
 * Which timeline steps a resident sees, decided here and nowhere else. The server shows the
 * resident (and staff not related to the request) only what this allows.
 * - `shown`: the step with its note, as written.
 * - `summary`: the step, with a resident-facing sentence built from its data instead of the
 *   staff's note (a transfer's reason, a manager's approval remark stay among staff).
 * - `hidden`: staff business: notes, 退单 reasons, escalations, the invalid ruling before it is
 *   approved, approval requests and refusals.
 */
export type ResidentVisibility = 'shown' | 'summary' | 'hidden';

export const RESIDENT_TIMELINE: Record<TimelineAction, ResidentVisibility> = {
  create: 'shown',
  accept: 'shown',
  rule_invalid: 'hidden',
  approve_invalid: 'summary',
  reject_invalid: 'hidden',
  dispatch: 'shown',
  claim: 'shown',
  take: 'shown',
  reassign: 'summary',
  transfer: 'summary',
  return: 'hidden',
  start: 'shown',
  progress: 'shown',
  reply: 'shown',
  quote_fee: 'shown',
  confirm_fee: 'shown',
  decline_fee: 'shown',
  pause: 'shown',
  resume: 'shown',
  complete: 'shown',
  resolve_on_spot: 'shown',
  rate: 'shown',
  callback: 'shown',
  ask_callback: 'shown',
  reopen: 'shown',
  // The causes name staff and their failings: a management record, not the resident's reading.
  summarize: 'hidden',
  cancel: 'shown',
  urge: 'shown',
  add_info: 'shown',
  ask_info: 'shown',
  note: 'hidden',
  escalate: 'hidden',
  approval_requested: 'hidden',
  // Only an approved deadline extension: the resident learns of the new deadline.
  approval_approved: 'summary',
  approval_rejected: 'hidden',
  group_merged: 'shown',
};

/** What the rule needs of a timeline event. */
export interface TimelineEventFacts {
  action: TimelineAction;
  /** Written as internal: never shown to a resident, whatever the table says. */
  internal: boolean;
  note: string | null;
  data: Record<string, unknown> | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

export function residentSees(event: TimelineEventFacts): boolean {
  if (event.internal) return false;
  const visibility = RESIDENT_TIMELINE[event.action];
  if (visibility === 'hidden') return false;
  if (event.action === 'approval_approved') return event.data?.type === 'extension';
  return true;
}

/** The note a resident reads on a step they see (null: the step without a note). */
export function residentNote(event: TimelineEventFacts): string | null {
  if (!residentSees(event)) return null;
  if (RESIDENT_TIMELINE[event.action] === 'shown') return event.note;
  const data = event.data ?? {};
  switch (event.action) {
    case 'approve_invalid': {
      const explanation = text(data.explanation);
      const body = text(data.responsibleBody);
      if (!explanation) return body ? `责任单位：${body}` : null;
      return body ? `${explanation}（责任单位：${body}）` : explanation;
    }
    case 'reassign':
      return text(data.assigneeName) ? `改由 ${text(data.assigneeName)} 处理` : null;
    case 'transfer':
      return text(data.departmentName) ? `转由${text(data.departmentName)}处理` : null;
    case 'approval_approved':
      return text(data.summary);
    default:
      return null;
  }
}

/**
 * The status a resident reads. An invalid ruling a manager has not decided yet is the staff's
 * business (seed 004: the resident is told, with the explanation, once it is approved; a rejected
 * ruling was never theirs to know): until then the resident keeps seeing the request as it stood
 * when the ruling was asked for. `statusBeforeRuling` is the `fromStatus` of the latest
 * rule_invalid step; the ruling is only asked for from 待受理 or 已受理.
 */
export function residentStatus(status: RequestStatus, statusBeforeRuling: RequestStatus | null): RequestStatus {
  if (status !== 'invalid_pending') return status;
  return statusBeforeRuling === 'received' ? 'received' : 'accepted';
}

/** The latest invalid ruling's starting status, from a timeline in any order. */
export function statusBeforeRuling(
  events: readonly { id: number; action: TimelineAction; fromStatus: RequestStatus | null }[],
): RequestStatus | null {
  let latest: { id: number; fromStatus: RequestStatus | null } | null = null;
  for (const event of events) {
    if (event.action === 'rule_invalid' && (!latest || event.id > latest.id)) latest = event;
  }
  return latest?.fromStatus ?? null;
}
