import { SLA_STEP_LABELS, type SlaStep } from './policies';

/**
 * Escalation levels (DOMAIN.md "Escalation"): late work climbs assignee → department supervisor
 * → project manager → company general manager, one level at a time, each told once per deadline.
 */
export const ESCALATION_LEVELS = [1, 2, 3, 4] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_LEVEL_LABELS: Record<EscalationLevel, string> = {
  1: '处理人',
  2: '部门主管',
  3: '项目经理',
  4: '公司总经理',
};

/**
 * Why a request escalates: one of its deadlines (each counted from its own start: the round's
 * for dispatch and resolution, the registration for the first reply, the resolution for the
 * callback, the ruling for an invalid ruling), an approval waiting too long, or the resident
 * urging again and again.
 */
export const ESCALATION_REASONS = [
  'dispatch',
  'first_reply',
  'resolution',
  'callback',
  'invalid_ruling',
  'approval',
  'urge',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
/** The reasons that are a request's own time limits (时限规则 steps). */
export type DeadlineReason = Extract<EscalationReason, SlaStep>;

export const ESCALATION_REASON_LABELS: Record<EscalationReason, string> = {
  dispatch: SLA_STEP_LABELS.dispatch,
  first_reply: SLA_STEP_LABELS.first_reply,
  resolution: SLA_STEP_LABELS.resolution,
  callback: SLA_STEP_LABELS.callback,
  invalid_ruling: SLA_STEP_LABELS.invalid_ruling,
  approval: '审批',
  urge: '催办',
};

/** Urges after which the supervisor, then the manager, take over (催办 ≥ 3 escalates). */
export const URGE_ESCALATION = { supervisor: 3, manager: 5 } as const;

const HOUR = 3_600_000;

/**
 * The level a deadline calls for now: 1 once it is nearing (the last fifth of its span), 2 when
 * it is due, 3 when half its span again has passed, 4 when a whole span has; spans under an hour
 * count as an hour so short limits do not race to the top within minutes.
 */
export function deadlineLevel(start: Date, due: Date, now: Date): EscalationLevel | 0 {
  const span = Math.max(due.getTime() - start.getTime(), HOUR);
  const late = now.getTime() - due.getTime();
  if (late >= span) return 4;
  if (late >= span / 2) return 3;
  if (late >= 0) return 2;
  return -late <= 0.2 * (due.getTime() - start.getTime()) ? 1 : 0;
}

/** `at`: the counts in force (系统设置 · 催办); the built-in ones when not given. */
export function urgeLevel(
  urgeCount: number,
  at: { supervisorAt: number; managerAt: number } = {
    supervisorAt: URGE_ESCALATION.supervisor,
    managerAt: URGE_ESCALATION.manager,
  },
): EscalationLevel | 0 {
  if (urgeCount >= at.managerAt) return 3;
  if (urgeCount >= at.supervisorAt) return 2;
  return 0;
}

/**
 * The next level to take, one at a time, or null when nothing is due: a sweep that finds a
 * request far past its deadline still tells each level in turn, one per run.
 */
export function nextEscalation(
  target: EscalationLevel | 0,
  reached: EscalationLevel | 0,
  floor: EscalationLevel = 1,
): EscalationLevel | null {
  if (target <= reached || target < floor) return null;
  return Math.max(reached + 1, floor) as EscalationLevel;
}
