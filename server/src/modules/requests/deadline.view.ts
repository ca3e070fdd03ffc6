import {
  DEADLINE_STATE_LABELS,
  deadlineState,
  isTerminal,
  SLA_STEP_LABELS,
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
  | 'dispatchedAt'
  | 'replyDueAt'
  | 'firstRepliedAt'
  | 'resolutionDueAt'
  | 'resolvedAt'
  | 'callbackDueAt'
  | 'closedAt'
>;

/**
 * The request's time limits as the lists and detail show them. A cancelled or invalid request
 * keeps only the limits it met before; the others no longer run.
 */
export function deadlinesOf(request: DeadlineFields, now: Date): DeadlineView[] {
  const stopped = request.status === 'cancelled' || request.status === 'invalid';
  const views: DeadlineView[] = [];
  const add = (step: SlaStep, dueAt: Date | null, doneAt: Date | null, startAt: Date) => {
    if (!dueAt || (stopped && !doneAt)) return;
    const state = deadlineState({ start: startAt, due: dueAt, now, doneAt });
    views.push({
      step,
      stepLabel: SLA_STEP_LABELS[step],
      startAt: startAt.toISOString(),
      dueAt: dueAt.toISOString(),
      doneAt: doneAt?.toISOString() ?? null,
      state,
      stateLabel: DEADLINE_STATE_LABELS[state],
    });
  };
  add('dispatch', request.dispatchDueAt, request.dispatchedAt, request.createdAt);
  add('first_reply', request.replyDueAt, request.firstRepliedAt, request.createdAt);
  add('resolution', request.resolutionDueAt, request.resolvedAt, request.createdAt);
  if (request.resolvedAt) add('callback', request.callbackDueAt, request.closedAt, request.resolvedAt);
  return views;
}

/** The one limit a list row shows: the first still running, in the order work happens. */
export function currentDeadline(request: DeadlineFields, now: Date): DeadlineView | null {
  if (isTerminal(request.status)) return null;
  const running = deadlinesOf(request, now).filter((view) => view.doneAt === null);
  const order: SlaStep[] = ['dispatch', 'resolution', 'callback', 'first_reply'];
  return order.map((step) => running.find((view) => view.step === step)).find(Boolean) ?? null;
}
