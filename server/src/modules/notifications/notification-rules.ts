import type {
  ApprovalType,
  EscalationLevel,
  EscalationReason,
  RequestTopic,
  Role,
  TimelineAction,
} from '@linli/shared';
import type { ServiceRequest } from '../requests/request.entity';

/**
 * Who is told of what (issue 5's table). Each rule: on which lifecycle actions, whom, about
 * which topic. The channel follows from the recipient: residents get a subscribe message when
 * they hold a credit, staff a template message when they follow the official account, and
 * everyone always gets the message-centre entry. Recipients that stand for a level (the
 * department's queue, the handler, the leads, the managers, an escalation level, the approvers)
 * climb to the levels above while nobody at theirs can be reached (recipient-directory.ts
 * `ladderFor`, issue 12).
 */
export type Recipient =
  /** The resident who filed the request (or for whom it was registered). */
  | 'resident'
  /** Whoever holds the task after the change. */
  | 'assignee'
  /** Whoever held it before the change (reassigned away, or handled the round that was reopened). */
  | 'previous_assignee'
  /** Work waiting in a department: its supervisors (queue mode) or on-duty staff (抢单 mode). */
  | 'department_queue'
  /**
   * Whoever should act on an urge or a deadline: the assignee, else the department's queue owners
   * (抢单: its on-duty staff; otherwise its supervisors), else — still at the desk — the
   * first-contact owner and the project's receptionists.
   */
  | 'handler'
  /** 首问负责制: the receptionist who first took the request answers for it to the end. */
  | 'first_contact'
  /** The department's supervisors and the project's managers. */
  | 'leads'
  | 'project_managers'
  /** Who asked for the invalid ruling that was just decided. */
  | 'invalid_requester'
  /** The level an escalation reached: supervisors (2), project managers (3), the company's admins (4). */
  | 'escalation_target'
  /** Those who may decide an approval: the role its rules name, in the request's project. */
  | 'approvers'
  /** Who asked for the approval just decided. */
  | 'approval_requester'
  /** The receptionists serving the request's project (group-complaint proposals reach them too). */
  | 'project_receptionists';

/** The request before and after one change, and who made it. */
export interface ChangeFacts {
  request: ServiceRequest;
  /** null for `create`. */
  before: Pick<ServiceRequest, 'status' | 'grade' | 'assigneeUserId' | 'departmentId'> | null;
  actorRole: Role | 'system';
  /** Set for the system's `escalate` events. */
  escalation?: { level: EscalationLevel; reason: EscalationReason };
  /** Set for approval steps. */
  approval?: ApprovalFacts;
}

export interface ApprovalFacts {
  /** The approval's own id: the message about it opens its page (审批详情). */
  id: number;
  type: ApprovalType;
  approverRole: Role;
  /** Null when the system proposed it. */
  requestedByUserId: number | null;
  approved: boolean;
  typeLabel: string;
  summary: string;
  /** An extension's interim plan (临时方案), which the resident is told with the new deadline. */
  plan?: string;
}

export interface NotificationRule {
  on: readonly TimelineAction[];
  tell: Recipient;
  topic: RequestTopic;
  when?: (change: ChangeFacts) => boolean;
}

const notBy =
  (role: Role) =>
  ({ actorRole }: ChangeFacts): boolean =>
    actorRole !== role;
const isGrave = (kind: string, grade: string): boolean => kind === 'complaint' && (grade === 'A' || grade === 'B');
/** Grade A/B complaints reach the leads at once (DOMAIN.md), once: when filed so, or when graded so. */
const becameGrave = ({ request, before }: ChangeFacts): boolean =>
  isGrave(request.kind, request.grade) && !(before && isGrave(request.kind, before.grade));
const queued = ({ request }: ChangeFacts): boolean => request.status === 'accepted' && request.departmentId !== null;
const atLevel =
  (test: (level: EscalationLevel) => boolean) =>
  ({ escalation }: ChangeFacts): boolean =>
    escalation !== undefined && test(escalation.level);
/**
 * Who acts first on a late step, told at levels 1 (nearly due) and 2 (due): whoever handles the
 * request; for a callback, the desk that makes it; for an approval or an invalid ruling, those
 * who decide it. Levels 2 and up also go to the escalation's level, as for every reason.
 */
type FirstActor = 'handler' | 'desk' | 'approvers';
const FIRST_ACTOR: Record<EscalationReason, FirstActor> = {
  dispatch: 'handler',
  first_reply: 'handler',
  resolution: 'handler',
  urge: 'handler',
  callback: 'desk',
  invalid_ruling: 'approvers',
  approval: 'approvers',
};
const firstActorAt =
  (actor: FirstActor, level: EscalationLevel) =>
  ({ escalation }: ChangeFacts): boolean =>
    escalation !== undefined && escalation.level === level && FIRST_ACTOR[escalation.reason] === actor;
/** The outcome the first-contact owner hears about: the request left the active states. */
const OUTCOMES = ['callback', 'rate', 'approve_invalid', 'cancel'] as const;

/** In order of precedence: a person told by an earlier rule is not told again of the same change. */
export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  // Residents
  { on: ['accept'], tell: 'resident', topic: 'request_accepted' },
  { on: ['dispatch', 'reassign', 'claim'], tell: 'resident', topic: 'request_dispatched' },
  { on: ['start'], tell: 'resident', topic: 'work_started' },
  { on: ['quote_fee'], tell: 'resident', topic: 'fee_quoted' },
  { on: ['complete', 'resolve_on_spot'], tell: 'resident', topic: 'request_resolved' },
  { on: ['callback'], tell: 'resident', topic: 'callback_recorded' },
  { on: ['approve_invalid'], tell: 'resident', topic: 'request_invalid' },
  { on: ['cancel'], tell: 'resident', topic: 'request_cancelled', when: notBy('resident') },
  { on: ['reopen'], tell: 'resident', topic: 'request_reopened', when: notBy('resident') },
  { on: ['ask_info'], tell: 'resident', topic: 'info_requested' },
  { on: ['reply'], tell: 'resident', topic: 'request_replied' },
  // Staff
  { on: ['dispatch', 'reassign'], tell: 'assignee', topic: 'task_assigned' },
  { on: ['reassign'], tell: 'previous_assignee', topic: 'task_reassigned_away' },
  { on: ['reopen'], tell: 'previous_assignee', topic: 'task_reopened' },
  { on: ['accept', 'return', 'reopen'], tell: 'department_queue', topic: 'task_assigned', when: queued },
  { on: ['transfer'], tell: 'department_queue', topic: 'task_transferred_in', when: queued },
  { on: ['urge'], tell: 'handler', topic: 'task_urged' },
  { on: ['confirm_fee', 'decline_fee'], tell: 'assignee', topic: 'fee_decided' },
  // What the resident adds (often the answer to 请业主补充) reaches whoever acts on the request.
  { on: ['add_info'], tell: 'handler', topic: 'info_added', when: ({ actorRole }) => actorRole === 'resident' },
  // Supervisors and managers
  { on: ['create', 'accept'], tell: 'leads', topic: 'grave_complaint', when: becameGrave },
  { on: ['rule_invalid'], tell: 'project_managers', topic: 'approval_waiting' },
  { on: ['approve_invalid', 'reject_invalid'], tell: 'invalid_requester', topic: 'approval_result' },
  { on: ['approval_requested'], tell: 'approvers', topic: 'approval_waiting' },
  {
    on: ['approval_requested'],
    tell: 'project_receptionists',
    topic: 'approval_waiting',
    when: ({ approval }) => approval?.type === 'group_merge',
  },
  { on: ['group_merged'], tell: 'resident', topic: 'request_merged' },
  // The resident hears of what moves their request's deadline or its handler, not why it moved.
  {
    on: ['approval_approved'],
    tell: 'resident',
    topic: 'deadline_extended',
    when: ({ approval }) => approval?.type === 'extension',
  },
  { on: ['transfer'], tell: 'resident', topic: 'request_transferred' },
  { on: ['approval_approved', 'approval_rejected'], tell: 'approval_requester', topic: 'approval_result' },
  // Escalation: whoever must act first hears it is nearly due, then each level up in turn.
  { on: ['escalate'], tell: 'escalation_target', topic: 'escalated', when: atLevel((level) => level >= 2) },
  { on: ['escalate'], tell: 'handler', topic: 'deadline_near', when: firstActorAt('handler', 1) },
  { on: ['escalate'], tell: 'handler', topic: 'deadline_over', when: firstActorAt('handler', 2) },
  { on: ['escalate'], tell: 'approvers', topic: 'deadline_near', when: firstActorAt('approvers', 1) },
  { on: ['escalate'], tell: 'approvers', topic: 'deadline_over', when: firstActorAt('approvers', 2) },
  { on: ['escalate'], tell: 'first_contact', topic: 'deadline_near', when: firstActorAt('desk', 1) },
  { on: ['escalate'], tell: 'project_receptionists', topic: 'deadline_near', when: firstActorAt('desk', 1) },
  { on: ['escalate'], tell: 'first_contact', topic: 'deadline_over', when: firstActorAt('desk', 2) },
  { on: ['escalate'], tell: 'project_receptionists', topic: 'deadline_over', when: firstActorAt('desk', 2) },
  // The desk runs callbacks: the one who took the request first, then the project's receptionists.
  { on: ['ask_callback'], tell: 'first_contact', topic: 'callback_requested' },
  { on: ['ask_callback'], tell: 'project_receptionists', topic: 'callback_requested' },
  // First-contact owner
  { on: OUTCOMES, tell: 'first_contact', topic: 'request_outcome' },
  {
    on: ['approval_approved'],
    tell: 'first_contact',
    topic: 'request_outcome',
    when: ({ approval }) => approval?.type === 'close_without_callback',
  },
];

/**
 * Not a lifecycle step: a claim to a room someone already holds (houses.service) tells the
 * residents bound to it, in the message centre only. The subscribe templates residents allow
 * are about their requests' progress (工单进度通知), so a house alert does not spend one.
 */
export const BINDING_REQUESTED_RULE = { tell: 'bound_residents_of_room', topic: 'binding_requested' } as const;

/** Recipients who act on the task itself open it in the staff subpackage; the rest in the desk's. */
export const TASK_RECIPIENTS: ReadonlySet<Recipient> = new Set([
  'assignee',
  'previous_assignee',
  'department_queue',
  'handler',
]);
