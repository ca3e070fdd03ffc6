import {
  DEADLINE_STATE_LABELS,
  SLA_STEP_LABELS,
  deadlineState,
  remainingText,
  type DeadlineState,
  type DeadlineView,
} from '@linli/shared';
import type { Tone } from '../components/SoftTag';

/** Running limits: grey while there is time, orange near the end, red once late; done ones green or red. */
export const DEADLINE_TONES: Record<DeadlineState, Tone> = {
  ok: 'grey',
  nearing: 'orange',
  overdue: 'red',
  met: 'green',
  missed: 'red',
};

export interface LiveDeadline {
  state: DeadlineState;
  tone: Tone;
  /** '剩 2 小时 15 分', '即将超时 · 剩 40 分', '已超时 3 天', '按时完成', '超时完成'. */
  text: string;
}

/**
 * A deadline as of `now`: the server's `state` is only true when it answered, so the state is
 * worked out again from the times on every tick.
 */
export function liveDeadline(deadline: DeadlineView, now: number): LiveDeadline {
  const start = new Date(deadline.startAt);
  const due = new Date(deadline.dueAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(due.getTime())) {
    return {
      state: deadline.state,
      tone: DEADLINE_TONES[deadline.state] ?? 'grey',
      text: deadline.stateLabel || (DEADLINE_STATE_LABELS[deadline.state] ?? ''),
    };
  }
  const at = new Date(now);
  const doneAt = deadline.doneAt ? new Date(deadline.doneAt) : null;
  const state = deadlineState({ start, due, now: at, doneAt });
  let text: string;
  if (state === 'ok' || state === 'overdue') text = remainingText(due, at);
  else if (state === 'nearing') text = `${DEADLINE_STATE_LABELS.nearing} · ${remainingText(due, at)}`;
  else text = DEADLINE_STATE_LABELS[state];
  return { state, tone: DEADLINE_TONES[state], text };
}

/** A limit kept in time is history: list rows show only the ones still running or missed. */
export function shownOnCard(deadline: DeadlineView | null | undefined): deadline is DeadlineView {
  if (!deadline) return false;
  if (!deadline.doneAt) return true;
  return new Date(deadline.doneAt).getTime() > new Date(deadline.dueAt).getTime();
}

export function stepLabel(deadline: DeadlineView): string {
  return deadline.stepLabel || SLA_STEP_LABELS[deadline.step] || deadline.step;
}
