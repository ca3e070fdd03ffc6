import type { Role } from '../roles';
import type { LifecycleAction } from './actions';
import { isTerminal, REQUEST_STATUSES, type RequestStatus } from './statuses';

/** One edge of the lifecycle: who may take it, and where it leads. */
export interface TransitionRule {
  to: RequestStatus;
  roles: readonly Role[];
}

export type Lifecycle = Record<RequestStatus, Partial<Record<LifecycleAction, TransitionRule>>>;

const DESK: readonly Role[] = ['receptionist', 'supervisor', 'manager', 'admin'];
const LEADS: readonly Role[] = ['supervisor', 'manager', 'admin'];
const HANDLERS: readonly Role[] = ['staff', 'supervisor'];
const EVERYONE_ON_STAFF: readonly Role[] = ['receptionist', 'staff', 'supervisor', 'manager', 'admin'];

/** Actions that change nothing but the timeline, allowed in every open state. */
const stay = (status: RequestStatus): Partial<Record<LifecycleAction, TransitionRule>> => ({
  urge: { to: status, roles: ['resident'] },
  add_info: { to: status, roles: ['resident', ...DESK] },
  // Staff need something only the resident knows (a photo, a time they are home): the resident's
  // next add_info answers it.
  ask_info: { to: status, roles: EVERYONE_ON_STAFF },
  // 答复: staff answer the resident without moving the request (the first one meets 首次答复).
  reply: { to: status, roles: EVERYONE_ON_STAFF },
  note: { to: status, roles: EVERYONE_ON_STAFF },
});

/**
 * The request lifecycle as data: for each state, which action by which role leads where.
 * The server guards every transition with it and the mini-app derives its buttons from it,
 * so "who may cancel a repair" is answered here and nowhere else. Record-level rules
 * (only the assignee starts work, only the owner rates) live in the server's access module.
 */
export const LIFECYCLE: Lifecycle = {
  // 记录: registered, waiting for the service desk to check and grade it.
  received: {
    accept: { to: 'accepted', roles: DESK },
    // 当场解决 (seed 002 处理程序 2.1, seed 004): whoever registered it answers or fixes it at once;
    // the answer is the result, and the callback the rules ask for follows as for any resolution.
    resolve_on_spot: { to: 'resolved', roles: EVERYONE_ON_STAFF },
    rule_invalid: { to: 'invalid_pending', roles: DESK },
    cancel: { to: 'cancelled', roles: ['resident', ...DESK] },
    ...stay('received'),
  },
  // 调查/确定责任人: graded and routed to a department, waiting for a person.
  accepted: {
    dispatch: { to: 'dispatched', roles: DESK },
    claim: { to: 'taken', roles: ['staff'] },
    transfer: { to: 'accepted', roles: DESK },
    rule_invalid: { to: 'invalid_pending', roles: DESK },
    cancel: { to: 'cancelled', roles: ['resident', ...DESK] },
    ...stay('accepted'),
  },
  // A person is named and told; they accept (接单) or hand it back.
  dispatched: {
    take: { to: 'taken', roles: HANDLERS },
    reassign: { to: 'dispatched', roles: LEADS },
    return: { to: 'accepted', roles: ['staff'] },
    transfer: { to: 'accepted', roles: ['staff', ...DESK] },
    cancel: { to: 'cancelled', roles: ['resident', ...DESK] },
    ...stay('dispatched'),
  },
  // Accepted by the handler, on the way; work has not started, so the resident may still cancel.
  taken: {
    start: { to: 'in_progress', roles: HANDLERS },
    reassign: { to: 'dispatched', roles: LEADS },
    return: { to: 'accepted', roles: ['staff'] },
    transfer: { to: 'accepted', roles: ['staff', ...DESK] },
    cancel: { to: 'cancelled', roles: ['resident', ...DESK] },
    ...stay('taken'),
  },
  // 方案/答复: the handler works on it.
  in_progress: {
    progress: { to: 'in_progress', roles: HANDLERS },
    // 有偿服务: work waits until the resident accepts the quote.
    quote_fee: { to: 'fee_pending', roles: HANDLERS },
    pause: { to: 'on_hold', roles: HANDLERS },
    complete: { to: 'resolved', roles: HANDLERS },
    reassign: { to: 'dispatched', roles: LEADS },
    transfer: { to: 'accepted', roles: ['staff', ...DESK] },
    ...stay('in_progress'),
  },
  fee_pending: {
    confirm_fee: { to: 'in_progress', roles: ['resident'] },
    decline_fee: { to: 'in_progress', roles: ['resident'] },
    reassign: { to: 'dispatched', roles: LEADS },
    ...stay('fee_pending'),
  },
  on_hold: {
    resume: { to: 'in_progress', roles: HANDLERS },
    reassign: { to: 'dispatched', roles: LEADS },
    ...stay('on_hold'),
  },
  // 回访: done, waiting for the resident's rating or the desk's callback.
  resolved: {
    rate: { to: 'closed', roles: ['resident'] },
    callback: { to: 'closed', roles: DESK },
    // Rather than rate in the app, the resident asks the desk to call (the callback need not wait).
    ask_callback: { to: 'resolved', roles: ['resident'] },
    // "直到用户满意为止" (seed 001): an unsatisfied rating or callback sends it back for a second round.
    reopen: { to: 'accepted', roles: ['resident', ...DESK] },
    // 总结 (seed 003's last step): the desk or a supervisor, once the work is done; required before
    // the desk closes a complaint (summary.ts), and still possible after a resident's rating closed it.
    summarize: { to: 'resolved', roles: DESK },
    reply: { to: 'resolved', roles: EVERYONE_ON_STAFF },
    note: { to: 'resolved', roles: EVERYONE_ON_STAFF },
    add_info: { to: 'resolved', roles: ['resident', ...DESK] },
  },
  // An invalid ruling (outside our duty) waits for a manager before the resident is told (seed 004).
  // The resident still sees it as it stood (visibility.ts residentStatus), so they may still urge
  // and add to it; cancelling would strand the manager's pending decision, so that waits.
  invalid_pending: {
    approve_invalid: { to: 'invalid', roles: ['manager', 'admin'] },
    reject_invalid: { to: 'accepted', roles: ['manager', 'admin'] },
    urge: { to: 'invalid_pending', roles: ['resident'] },
    add_info: { to: 'invalid_pending', roles: ['resident', ...DESK] },
    note: { to: 'invalid_pending', roles: EVERYONE_ON_STAFF },
  },
  closed: {
    summarize: { to: 'closed', roles: DESK },
    // Staff answer the resident's rating or comment (issue 15 §11); the resident reads it and is told.
    reply: { to: 'closed', roles: EVERYONE_ON_STAFF },
    note: { to: 'closed', roles: EVERYONE_ON_STAFF },
  },
  invalid: { note: { to: 'invalid', roles: EVERYONE_ON_STAFF } },
  cancelled: { note: { to: 'cancelled', roles: EVERYONE_ON_STAFF } },
};

/** Actions whose event must carry a reason, because someone downstream has to act on it. */
export const ACTIONS_REQUIRING_NOTE: readonly LifecycleAction[] = [
  'rule_invalid',
  'reject_invalid',
  'transfer',
  'return',
  'progress',
  'pause',
  'complete',
  'resolve_on_spot',
  'reopen',
  'add_info',
  'ask_info',
  'reply',
  'note',
];

/** Events the resident never sees on their timeline. */
export const INTERNAL_ACTIONS: readonly LifecycleAction[] = ['note'];

export const INITIAL_STATUS: RequestStatus = 'received';

export type TransitionCheck =
  { ok: true; to: RequestStatus } | { ok: false; reason: 'action_not_allowed_in_status' | 'role_not_allowed' };

/** Guards return a reason instead of throwing, so callers choose how to refuse (Vendure). */
export function checkTransition(status: RequestStatus, action: LifecycleAction, role: Role): TransitionCheck {
  const rule = LIFECYCLE[status][action];
  if (!rule) return { ok: false, reason: 'action_not_allowed_in_status' };
  if (!rule.roles.includes(role)) return { ok: false, reason: 'role_not_allowed' };
  return { ok: true, to: rule.to };
}

/** Whether the role may take the action in any status at all: if not, it is a matter of rights, not timing. */
export function roleMayEver(action: LifecycleAction, role: Role): boolean {
  return REQUEST_STATUSES.some((status) => LIFECYCLE[status][action]?.roles.includes(role) ?? false);
}

/** What a role may do to a request in this status; the mini-app shows exactly these buttons. */
export function availableActions(status: RequestStatus, role: Role): LifecycleAction[] {
  return (Object.entries(LIFECYCLE[status]) as [LifecycleAction, TransitionRule][])
    .filter(([, rule]) => rule.roles.includes(role))
    .map(([action]) => action);
}

/**
 * Checks the graph's shape; run at server start-up and in tests, so an edit that strands a
 * state or lets a terminal state move fails loudly instead of surfacing as a stuck request.
 */
export function validateLifecycle(lifecycle: Lifecycle = LIFECYCLE): string[] {
  const problems: string[] = [];
  const reachable = new Set<RequestStatus>([INITIAL_STATUS]);
  const queue: RequestStatus[] = [INITIAL_STATUS];
  while (queue.length) {
    const from = queue.shift()!;
    for (const rule of Object.values(lifecycle[from])) {
      if (rule && !reachable.has(rule.to)) {
        reachable.add(rule.to);
        queue.push(rule.to);
      }
    }
  }
  for (const status of REQUEST_STATUSES) {
    if (!reachable.has(status)) problems.push(`状态 ${status} 无法到达`);
    const rules = Object.entries(lifecycle[status]) as [LifecycleAction, TransitionRule][];
    for (const [action, rule] of rules) {
      if (rule.roles.length === 0) problems.push(`${status}.${action} 没有任何角色可以执行`);
      if (isTerminal(status) && rule.to !== status) problems.push(`终态 ${status} 不应再通过 ${action} 流转`);
    }
    if (!isTerminal(status) && !rules.some(([, rule]) => rule.to !== status)) {
      problems.push(`非终态 ${status} 没有出路`);
    }
  }
  return problems;
}
