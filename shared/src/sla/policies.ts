import type { Grade, RequestKind } from '../kinds';
import { DAY_MS, HOUR_MS } from '../time';
import { addWorkingDays, type WorkCalendar } from './calendar';

/**
 * Timed steps of a request (DOMAIN.md, "Time limits"). `rating_wait` is how long after the
 * resolution the resident has to rate it themselves before the desk may close it by phone callback
 * (issue 12: a callback one minute after the invitation to rate made the invitation a dead end).
 * `invalid_ruling` runs from an invalid ruling until the resident has its explanation, i.e. until
 * a manager approves it (seed 002 处理程序 2.2: "若属于无效意见/投诉，在24小时内回访客户并做好解释工作").
 */
export const SLA_STEPS = [
  'dispatch',
  'first_reply',
  'resolution',
  'callback',
  'rating_wait',
  'invalid_ruling',
] as const;
export type SlaStep = (typeof SLA_STEPS)[number];

export const SLA_STEP_LABELS: Record<SlaStep, string> = {
  dispatch: '派单',
  first_reply: '首次答复',
  resolution: '办结',
  callback: '回访',
  rating_wait: '等待业主评价',
  invalid_ruling: '无效判定说明',
};

export const SLA_UNITS = ['minutes', 'hours', 'days', 'working_days'] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];

export interface SlaLimit {
  unit: SlaUnit;
  amount: number;
}

const UNIT_TEXT: Record<SlaUnit, string> = {
  minutes: '分钟',
  hours: '小时',
  days: '天',
  working_days: '个工作日',
};

/** '10 分钟', '24 小时', '3 天', '3 个工作日'. */
export function formatLimit(limit: SlaLimit): string {
  return `${limit.amount} ${UNIT_TEXT[limit.unit]}`;
}

/** One configurable time limit. A null field matches anything. */
export interface SlaPolicyRule {
  kind: RequestKind | null;
  grade: Grade | null;
  categoryId: number | null;
  step: SlaStep;
  limit: SlaLimit;
}

export interface SlaTarget {
  kind: RequestKind;
  grade: Grade;
  /** The request's category first, then its parent, grandparent, … up to the root. */
  categoryPath: number[];
}

/**
 * The rule in force for `step` of a request, or null when no rule applies (e.g. no callback
 * step for suggestions).
 *
 * A rule matches when its step is `step`, its kind and grade are null or equal to the target's,
 * and its categoryId is null or one of `target.categoryPath`. Among matching rules the most
 * specific wins, compared in this order:
 *   1. category: a rule naming the leaf category beats one naming its parent, which beats one
 *      naming a grandparent, …, which beats one naming no category;
 *   2. then a rule naming the grade beats one that does not;
 *   3. then a rule naming the kind beats one that does not;
 *   4. still tied → the rule later in the array wins (admin rules listed after the defaults
 *      override them).
 */
export function resolvePolicy(rules: readonly SlaPolicyRule[], target: SlaTarget, step: SlaStep): SlaPolicyRule | null {
  let best: SlaPolicyRule | null = null;
  let bestScore: [number, number, number] | null = null;
  for (const rule of rules) {
    if (rule.step !== step) continue;
    if (rule.kind !== null && rule.kind !== target.kind) continue;
    if (rule.grade !== null && rule.grade !== target.grade) continue;
    let categoryRank = target.categoryPath.length; // "no category" ranks below every ancestor
    if (rule.categoryId !== null) {
      categoryRank = target.categoryPath.indexOf(rule.categoryId);
      if (categoryRank < 0) continue;
    }
    // Lower is more specific.
    const score: [number, number, number] = [categoryRank, rule.grade === null ? 1 : 0, rule.kind === null ? 1 : 0];
    if (bestScore === null || compareScores(score, bestScore) <= 0) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * When a step started at `start` is due under `limit`. Minutes, hours and days run on the clock
 * (a day is 24 hours, weekends included); working days follow `addWorkingDays`. Throws RangeError
 * on a non-positive or non-finite amount (and on a fractional working-day amount).
 */
export function deadlineFor(start: Date, limit: SlaLimit, calendar: WorkCalendar): Date {
  const { unit, amount } = limit;
  if (!Number.isFinite(amount) || amount <= 0) throw new RangeError(`SLA amount must be positive, got ${amount}`);
  switch (unit) {
    case 'minutes':
      return new Date(start.getTime() + amount * 60_000);
    case 'hours':
      return new Date(start.getTime() + amount * HOUR_MS);
    case 'days':
      return new Date(start.getTime() + amount * DAY_MS);
    case 'working_days':
      return addWorkingDays(start, amount, calendar);
    default:
      throw new RangeError(`Unknown SLA unit ${JSON.stringify(unit)}`);
  }
}

const minutes = (amount: number): SlaLimit => ({ unit: 'minutes', amount });
const hours = (amount: number): SlaLimit => ({ unit: 'hours', amount });
const days = (amount: number): SlaLimit => ({ unit: 'days', amount });
const workingDays = (amount: number): SlaLimit => ({ unit: 'working_days', amount });

function rule(step: SlaStep, kind: RequestKind | null, grade: Grade | null, limit: SlaLimit): SlaPolicyRule {
  return { kind, grade, categoryId: null, step, limit };
}

/**
 * Shipped defaults (DOMAIN.md, "Time limits"); admins add more specific rules after these.
 * Callback: complaints within 3 days of resolution, repairs 3 days; suggestions need none (no
 * rule). In-home repairs are called back in a 3–7 day window after completion — that window is
 * `callbackWindow` in lifecycle/callback.ts and is not duplicated here. The resident has 24 hours
 * to rate before a phone callback may close the request (issue 12), and an invalid ruling is
 * explained to the resident within 24 hours (seed 002).
 */
export const DEFAULT_SLA_POLICIES: SlaPolicyRule[] = [
  rule('dispatch', null, null, hours(2)),
  rule('dispatch', 'complaint', null, minutes(10)),
  rule('first_reply', null, null, hours(24)),
  rule('resolution', 'complaint', 'A', days(3)),
  rule('resolution', 'complaint', 'B', days(15)),
  rule('resolution', 'complaint', 'C', workingDays(3)),
  rule('resolution', 'complaint', 'D', workingDays(3)),
  rule('resolution', 'complaint', 'E', days(2)),
  rule('resolution', 'repair', null, days(2)),
  rule('resolution', 'suggestion', null, days(2)),
  rule('callback', 'complaint', null, days(3)),
  rule('callback', 'repair', null, days(3)),
  rule('rating_wait', null, null, hours(24)),
  rule('invalid_ruling', null, null, hours(24)),
];

export const DEADLINE_STATES = ['ok', 'nearing', 'overdue', 'met', 'missed'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = {
  ok: '正常',
  nearing: '即将超时',
  overdue: '已超时',
  met: '按时完成',
  missed: '超时完成',
};

/** A step is "nearing" its deadline in the last 20% of its allowed time. */
export const NEARING_SHARE = 0.2;

export interface DeadlineStateInput {
  start: Date;
  due: Date;
  now: Date;
  /** When the step was done; null/undefined while still open. */
  doneAt?: Date | null;
}

/**
 * - done: 'met' if doneAt ≤ due, else 'missed';
 * - open: 'overdue' if now > due; 'nearing' if the time left ≤ max(NEARING_SHARE × (due − start), 0);
 *   otherwise 'ok'. (At exactly `due` it is still 'nearing', not yet 'overdue'.)
 */
export function deadlineState({ start, due, now, doneAt }: DeadlineStateInput): DeadlineState {
  const dueMs = due.getTime();
  if (doneAt) return doneAt.getTime() <= dueMs ? 'met' : 'missed';
  const nowMs = now.getTime();
  if (nowMs > dueMs) return 'overdue';
  const window = Math.max(NEARING_SHARE * (dueMs - start.getTime()), 0);
  return dueMs - nowMs <= window ? 'nearing' : 'ok';
}

function durationText(ms: number): string {
  if (ms >= 2 * DAY_MS) return `${Math.floor(ms / DAY_MS)} 天`;
  if (ms >= HOUR_MS) {
    const h = Math.floor(ms / HOUR_MS);
    const m = Math.floor((ms % HOUR_MS) / 60_000);
    return m > 0 ? `${h} 小时 ${m} 分` : `${h} 小时`;
  }
  return `${Math.max(1, Math.floor(ms / 60_000))} 分`;
}

/**
 * Chinese countdown: '剩 2 小时 15 分', '剩 3 天', '已超时 45 分', '已超时 2 天'.
 * Units: ≥ 2 days → whole days; ≥ 1 hour → hours and minutes (a zero minute part is left out);
 * otherwise minutes, at least 1. Parts are rounded down. `now` = `due` reads '剩 1 分'.
 */
export function remainingText(due: Date, now: Date): string {
  const diff = due.getTime() - now.getTime();
  return diff >= 0 ? `剩 ${durationText(diff)}` : `已超时 ${durationText(-diff)}`;
}
