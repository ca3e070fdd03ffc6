import {
  DEADLINE_STATE_LABELS,
  deadlineState,
  isTerminal,
  SLA_STEP_LABELS,
  type DeadlineReason,
  type DeadlineView,
  type SlaStep,
} from '@linli/shared';
import type { ServiceRequest } from './request.entity';

/** The fields the limits are read from: an entity, or a list's row read with plain SQL. */
export type DeadlineFields = Pick<
  ServiceRequest,
  | 'status'
  | 'createdAt'
  | 'dispatchDueAt'
  | 'dispatchStartedAt'
  | 'dispatchedAt'
  | 'replyDueAt'
  | 'firstRepliedAt'
  | 'resolutionDueAt'
  | 'resolutionStartedAt'
  | 'resolvedAt'
  | 'callbackDueAt'
  | 'closedAt'
  | 'invalidRuledAt'
  | 'invalidDueAt'
>;

/** One limit: where it counts from, when it is due, and when it was met (null: still running). */
export interface Limit {
  step: DeadlineReason;
  startAt: Date;
  dueAt: Date;
  doneAt: Date | null;
}

/**
 * Every limit the request has, each with its own start (issue 15): dispatch and resolution from
 * the round's start (the registration, or the reopening; a row written before starts were kept
 * counts from its registration), the first reply from the registration, the callback from the
 * resolution, an invalid ruling's explanation from the ruling (met when a manager approves it).
 */
function limitsOf(request: DeadlineFields): Limit[] {
  const limits: Limit[] = [];
  const add = (step: DeadlineReason, dueAt: Date | null, doneAt: Date | null, startAt: Date | null) => {
    if (dueAt) limits.push({ step, startAt: startAt ?? request.createdAt, dueAt, doneAt });
  };
  add('dispatch', request.dispatchDueAt, request.dispatchedAt, request.dispatchStartedAt);
  add('first_reply', request.replyDueAt, request.firstRepliedAt, request.createdAt);
  add('resolution', request.resolutionDueAt, request.resolvedAt, request.resolutionStartedAt);
  if (request.resolvedAt) add('callback', request.callbackDueAt, request.closedAt, request.resolvedAt);
  add(
    'invalid_ruling',
    request.invalidDueAt,
    request.status === 'invalid' ? request.closedAt : null,
    request.invalidRuledAt,
  );
  return limits;
}

/**
 * The limits that run now and escalate when late, for the sweep and the board alike: none once
 * it is over; while an invalid ruling waits for its approval, only its explanation (the work's own
 * limits wait for the decision); once resolved, only the callback; otherwise dispatch,
 * resolution and the first reply, each until it is met.
 */
export function runningLimits(request: DeadlineFields): Limit[] {
  if (isTerminal(request.status)) return [];
  const open = limitsOf(request).filter((limit) => limit.doneAt === null);
  if (request.status === 'invalid_pending') return open.filter((limit) => limit.step === 'invalid_ruling');
  if (request.status === 'resolved') return open.filter((limit) => limit.step === 'callback');
  return open.filter((limit) => ['dispatch', 'resolution', 'first_reply'].includes(limit.step));
}

/**
 * The request's time limits as the lists and detail show them. A cancelled or invalid request
 * keeps only the limits it met before; the others no longer run. The invalid ruling's limit is
 * shown to staff only (`staff`): the resident learns nothing of a ruling before it is approved.
 */
export function deadlinesOf(request: DeadlineFields, now: Date, show: { staff?: boolean } = {}): DeadlineView[] {
  const stopped = request.status === 'cancelled' || request.status === 'invalid';
  return limitsOf(request)
    .filter((limit) => !(stopped && !limit.doneAt))
    .filter((limit) => show.staff || limit.step !== 'invalid_ruling')
    .map(({ step, startAt, dueAt, doneAt }) => {
      const state = deadlineState({ start: startAt, due: dueAt, now, doneAt });
      return {
        step,
        stepLabel: SLA_STEP_LABELS[step],
        startAt: startAt.toISOString(),
        dueAt: dueAt.toISOString(),
        doneAt: doneAt?.toISOString() ?? null,
        state,
        stateLabel: DEADLINE_STATE_LABELS[state],
      };
    });
}

/** The one limit a list row shows: the first still running, in the order work happens. */
export function currentDeadline(request: DeadlineFields, now: Date): DeadlineView | null {
  if (isTerminal(request.status)) return null;
  const running = deadlinesOf(request, now).filter((view) => view.doneAt === null);
  const order: SlaStep[] = ['dispatch', 'resolution', 'callback', 'first_reply'];
  return order.map((step) => running.find((view) => view.step === step)).find(Boolean) ?? null;
}
